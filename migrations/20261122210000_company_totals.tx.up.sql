-- Running totals per company, so that what a company owes and the points it
-- holds are read in one row however long its history grows.
--
-- Credit used counts every order that is not cancelled and that no invoice
-- refers to yet (domain/credit); a customer invoiced once a month gathers
-- hundreds of such orders, and the cart, the checkout and every order read the
-- sum three times. The loyalty balance is the sum of the company's ledger,
-- which gains rows with every delivery and redemption.
--
-- Triggers keep both, whoever writes (an order placed, cancelled, invoiced
-- through the invoices trigger on orders.invoice_count, the ERP, the seed, a
-- hand-written fix). Each change adds its difference to the company's row
-- under that row's lock, so changes made at once cannot lose one another; a
-- change that does not move a total (an order shipped, delivered) does not
-- touch the row, so it takes no lock there. The row is the last thing a
-- transaction writing orders locks: order.Place after the company and the
-- stock rows; order.ChangeStatus and finance.UpsertInvoice take the order(s)
-- and the company (KEY SHARE) first, so none of them holds the totals while
-- waiting for a lock another holds while waiting for the totals.
CREATE TABLE company_totals (
    company_id     bigint PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    open_orders    bigint NOT NULL DEFAULT 0, -- gross of orders neither cancelled nor invoiced
    loyalty_points bigint NOT NULL DEFAULT 0  -- sum of loyalty_ledger.points
);
--bun:split
CREATE OR REPLACE FUNCTION pd_add_company_totals(company bigint, open_delta bigint, points_delta bigint) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO company_totals AS t (company_id, open_orders, loyalty_points) VALUES (company, open_delta, points_delta)
    ON CONFLICT (company_id) DO UPDATE
    SET open_orders = t.open_orders + excluded.open_orders, loyalty_points = t.loyalty_points + excluded.loyalty_points
$$;
--bun:split
CREATE OR REPLACE FUNCTION pd_total_open_orders() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was bigint := 0;
    now_open bigint := 0;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status <> 'cancelled' AND OLD.invoice_count = 0 THEN
        was := OLD.gross_total;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status <> 'cancelled' AND NEW.invoice_count = 0 THEN
        now_open := NEW.gross_total;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.company_id <> NEW.company_id THEN
        IF was <> 0 THEN PERFORM pd_add_company_totals(OLD.company_id, -was, 0); END IF;
        IF now_open <> 0 THEN PERFORM pd_add_company_totals(NEW.company_id, now_open, 0); END IF;
    ELSIF now_open <> was THEN
        PERFORM pd_add_company_totals(CASE WHEN TG_OP = 'DELETE' THEN OLD.company_id ELSE NEW.company_id END, now_open - was, 0);
    END IF;
    RETURN NULL;
END $$;
--bun:split
CREATE OR REPLACE FUNCTION pd_total_loyalty_points() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pd_add_company_totals(OLD.company_id, 0, -OLD.points);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pd_add_company_totals(NEW.company_id, 0, NEW.points);
    END IF;
    RETURN NULL;
END $$;
--bun:split
CREATE OR REPLACE FUNCTION pd_reset_company_totals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'orders' THEN
        UPDATE company_totals SET open_orders = 0 WHERE open_orders <> 0;
    ELSE
        UPDATE company_totals SET loyalty_points = 0 WHERE loyalty_points <> 0;
    END IF;
    RETURN NULL;
END $$;
--bun:split
CREATE TRIGGER orders_total_open AFTER INSERT OR DELETE OR UPDATE OF status, invoice_count, gross_total, company_id
ON orders FOR EACH ROW EXECUTE FUNCTION pd_total_open_orders();
--bun:split
CREATE TRIGGER orders_total_open_truncated AFTER TRUNCATE ON orders
FOR EACH STATEMENT EXECUTE FUNCTION pd_reset_company_totals();
--bun:split
CREATE TRIGGER loyalty_ledger_total AFTER INSERT OR DELETE OR UPDATE OF points, company_id
ON loyalty_ledger FOR EACH ROW EXECUTE FUNCTION pd_total_loyalty_points();
--bun:split
CREATE TRIGGER loyalty_ledger_total_truncated AFTER TRUNCATE ON loyalty_ledger
FOR EACH STATEMENT EXECUTE FUNCTION pd_reset_company_totals();
--bun:split
-- The totals of what is there already, computed after the triggers exist:
-- creating them waited for every transaction writing orders, the ledger or
-- invoices and keeps new ones out until this migration commits, so no
-- change falls between the sums and the triggers.
INSERT INTO company_totals (company_id, open_orders, loyalty_points)
SELECT c.id,
       coalesce((SELECT sum(o.gross_total) FROM orders o
                 WHERE o.company_id = c.id AND o.status <> 'cancelled' AND o.invoice_count = 0), 0),
       coalesce((SELECT sum(l.points) FROM loyalty_ledger l WHERE l.company_id = c.id), 0)
FROM companies c;
--bun:split
-- The open orders were summed through this index; nothing reads it now.
DROP INDEX IF EXISTS orders_uninvoiced_idx;
