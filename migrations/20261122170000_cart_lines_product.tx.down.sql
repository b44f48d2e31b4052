DROP INDEX IF EXISTS cart_lines_product_qty_idx;
