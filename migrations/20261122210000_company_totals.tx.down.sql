DROP TRIGGER IF EXISTS orders_total_open ON orders;
DROP TRIGGER IF EXISTS orders_total_open_truncated ON orders;
DROP TRIGGER IF EXISTS loyalty_ledger_total ON loyalty_ledger;
DROP TRIGGER IF EXISTS loyalty_ledger_total_truncated ON loyalty_ledger;
DROP FUNCTION IF EXISTS pd_total_open_orders();
DROP FUNCTION IF EXISTS pd_total_loyalty_points();
DROP FUNCTION IF EXISTS pd_reset_company_totals();
DROP FUNCTION IF EXISTS pd_add_company_totals(bigint, bigint, bigint);
--bun:split
DROP TABLE IF EXISTS company_totals;
--bun:split
CREATE INDEX IF NOT EXISTS orders_uninvoiced_idx ON orders (company_id) INCLUDE (gross_total)
    WHERE status <> 'cancelled' AND invoice_count = 0;
