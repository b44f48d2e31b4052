-- Fails while an order line has a net amount that whole-cent unit prices cannot give.
ALTER TABLE order_lines DROP CONSTRAINT order_lines_net_check;
ALTER TABLE order_lines ADD CONSTRAINT order_lines_check CHECK (net_amount = unit_price * qty);
