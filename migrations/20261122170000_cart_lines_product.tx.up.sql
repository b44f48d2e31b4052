-- Stock events go out only when a page shows the change: for carts, when a
-- cart holds more of the product than is available (catalog.InCartsOverSQL).
CREATE INDEX cart_lines_product_qty_idx ON cart_lines (product_id, qty);
