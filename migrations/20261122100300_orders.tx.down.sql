DROP TABLE IF EXISTS shipment_lines, shipments, order_status_history, stock_reservations, order_lines, orders;
--bun:split
DROP SEQUENCE IF EXISTS order_number_seq;
