DROP TABLE IF EXISTS vat_rates, delivery_terms, order_discount_thresholds, quantity_breaks, company_prices, price_group_prices, list_prices;
