DROP TABLE IF EXISTS stock_subscriptions, cart_lines, favourites, stock, warehouses, product_substitutes, products, categories;
