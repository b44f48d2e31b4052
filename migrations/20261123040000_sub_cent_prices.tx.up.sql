-- Unit prices under 1.00 keep four decimals (pricing.Quote.UnitPriceX): a
-- line's net amount is the precise unit price times the quantity, rounded
-- once, so it may differ from the whole-cent unit_price times qty by up to
-- half a cent a unit. From 1.00 up they agree exactly, as before.
ALTER TABLE order_lines DROP CONSTRAINT order_lines_check;
ALTER TABLE order_lines ADD CONSTRAINT order_lines_net_check CHECK (
    net_amount = unit_price * qty
    OR unit_price <= 100 AND abs(net_amount - unit_price * qty) * 2 <= qty + 1);
