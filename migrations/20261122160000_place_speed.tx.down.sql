DROP TRIGGER IF EXISTS invoices_count_orders_truncated ON invoices;
--bun:split
DROP TRIGGER IF EXISTS invoices_count_orders_moved ON invoices;
--bun:split
DROP TRIGGER IF EXISTS invoices_count_orders ON invoices;
--bun:split
DROP FUNCTION IF EXISTS pd_count_order_invoices();
--bun:split
DROP FUNCTION IF EXISTS pd_uncount_order_invoices();
--bun:split
DROP INDEX IF EXISTS orders_uninvoiced_idx;
--bun:split
ALTER TABLE orders DROP COLUMN IF EXISTS invoice_count;
