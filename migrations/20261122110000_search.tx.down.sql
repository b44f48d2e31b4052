DROP TRIGGER IF EXISTS products_search_updated ON products;
--bun:split
DROP TRIGGER IF EXISTS products_search_inserted ON products;
--bun:split
DROP FUNCTION IF EXISTS pd_search_products_updated(), pd_search_products_inserted(), pd_search_row(products);
--bun:split
DROP TABLE IF EXISTS search_words, product_search;
--bun:split
DROP FUNCTION IF EXISTS pd_search_norm(text), pd_search_words(text), pd_search_key(text);
