-- Credit without reading a company's whole order history.
--
-- An order counts towards credit used while it is not cancelled and no invoice
-- refers to it (domain/credit). Whether an invoice refers to it used to be
-- asked of every order the company ever placed; orders.invoice_count keeps
-- the answer on the order, so the open orders are found through one small
-- partial index. The count is kept by a trigger on invoices, so every writer
-- (the ERP API, the demo seed, a fixture, a hand-written fix) keeps it exact;
-- each change is an increment of the order's row under its row lock, so two
-- invoices for one order written at once cannot lose one another.
ALTER TABLE orders ADD COLUMN invoice_count integer NOT NULL DEFAULT 0 CHECK (invoice_count >= 0);
--bun:split
UPDATE orders o SET invoice_count = i.n
FROM (SELECT order_id, count(*) AS n FROM invoices WHERE order_id IS NOT NULL GROUP BY order_id) i
WHERE i.order_id = o.id;
--bun:split
CREATE INDEX orders_uninvoiced_idx ON orders (company_id) INCLUDE (gross_total)
    WHERE status <> 'cancelled' AND invoice_count = 0;
--bun:split
CREATE OR REPLACE FUNCTION pd_count_order_invoices() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.order_id IS NOT NULL THEN
        UPDATE orders SET invoice_count = invoice_count - 1 WHERE id = OLD.order_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.order_id IS NOT NULL THEN
        UPDATE orders SET invoice_count = invoice_count + 1 WHERE id = NEW.order_id;
    END IF;
    RETURN NULL;
END $$;
--bun:split
CREATE OR REPLACE FUNCTION pd_uncount_order_invoices() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orders SET invoice_count = 0 WHERE invoice_count <> 0;
    RETURN NULL;
END $$;
--bun:split
CREATE TRIGGER invoices_count_orders AFTER INSERT OR DELETE ON invoices
FOR EACH ROW EXECUTE FUNCTION pd_count_order_invoices();
--bun:split
CREATE TRIGGER invoices_count_orders_moved AFTER UPDATE OF order_id ON invoices
FOR EACH ROW WHEN (OLD.order_id IS DISTINCT FROM NEW.order_id) EXECUTE FUNCTION pd_count_order_invoices();
--bun:split
CREATE TRIGGER invoices_count_orders_truncated AFTER TRUNCATE ON invoices
FOR EACH STATEMENT EXECUTE FUNCTION pd_uncount_order_invoices();
