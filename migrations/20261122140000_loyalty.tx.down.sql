ALTER TABLE loyalty_ledger DROP CONSTRAINT IF EXISTS loyalty_ledger_order_check;
--bun:split
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_points_check;
--bun:split
DROP TABLE IF EXISTS loyalty_tier_history;
--bun:split
DROP TABLE IF EXISTS loyalty_settings;
