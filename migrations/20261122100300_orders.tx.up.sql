-- Orders with lines, stock reservations, status history and shipments.
CREATE SEQUENCE order_number_seq START 1001;
--bun:split
CREATE TABLE orders (
    id              bigserial PRIMARY KEY,
    number          bigint NOT NULL UNIQUE DEFAULT nextval('order_number_seq'),
    company_id      bigint NOT NULL REFERENCES companies (id),
    user_id         bigint REFERENCES users (id),
    channel         text NOT NULL CHECK (channel IN ('portal', 'bot', 'csv', 'api')),
    status          text NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'confirmed', 'picking', 'shipped', 'delivered', 'cancelled')),
    currency        char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    po_number       text NOT NULL DEFAULT '' CHECK (length(po_number) <= 64),
    delivery_address text NOT NULL DEFAULT '',
    requested_on    date,
    expected_on     date,
    net_goods       bigint NOT NULL CHECK (net_goods >= 0),
    discount        bigint NOT NULL DEFAULT 0 CHECK (discount >= 0),
    points_discount bigint NOT NULL DEFAULT 0 CHECK (points_discount >= 0),
    points_redeemed integer NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0),
    delivery_fee    bigint NOT NULL DEFAULT 0 CHECK (delivery_fee >= 0),
    net_total       bigint NOT NULL CHECK (net_total >= 0),
    vat_total       bigint NOT NULL CHECK (vat_total >= 0),
    gross_total     bigint NOT NULL CHECK (gross_total >= 0),
    priority        boolean NOT NULL DEFAULT false,
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 128),
    erp_ref         text UNIQUE,
    erp_acked_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (company_id, idempotency_key),
    CHECK (gross_total = net_total + vat_total),
    CHECK (net_total = net_goods - discount - points_discount + delivery_fee)
);
--bun:split
CREATE INDEX orders_company_idx ON orders (company_id, created_at DESC);
--bun:split
CREATE INDEX orders_open_idx ON orders (company_id) WHERE status NOT IN ('delivered', 'cancelled');
--bun:split
CREATE INDEX orders_feed_idx ON orders (id) WHERE erp_acked_at IS NULL;
--bun:split
CREATE TABLE order_lines (
    id          bigserial PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no     integer NOT NULL CHECK (line_no > 0),
    product_id  bigint NOT NULL REFERENCES products (id),
    sku         text NOT NULL,
    name        text NOT NULL,
    qty         integer NOT NULL CHECK (qty > 0),
    list_price  bigint NOT NULL CHECK (list_price >= 0),
    unit_price  bigint NOT NULL CHECK (unit_price >= 0),
    vat_rate_bp integer NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 5000),
    net_amount  bigint NOT NULL CHECK (net_amount >= 0),
    UNIQUE (order_id, line_no),
    UNIQUE (order_id, product_id),
    CHECK (net_amount = unit_price * qty)
);
--bun:split
-- Which warehouse holds which part of an order line. Released on shipment or cancel.
CREATE TABLE stock_reservations (
    order_line_id bigint NOT NULL REFERENCES order_lines (id) ON DELETE CASCADE,
    warehouse_id  bigint NOT NULL REFERENCES warehouses (id),
    product_id    bigint NOT NULL REFERENCES products (id),
    qty           integer NOT NULL CHECK (qty > 0),
    released_at   timestamptz,
    PRIMARY KEY (order_line_id, warehouse_id)
);
--bun:split
CREATE INDEX stock_reservations_open_idx ON stock_reservations (product_id, warehouse_id) WHERE released_at IS NULL;
--bun:split
CREATE TABLE order_status_history (
    id         bigserial PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status     text NOT NULL CHECK (status IN ('placed', 'confirmed', 'picking', 'shipped', 'delivered', 'cancelled')),
    note       text NOT NULL DEFAULT '',
    source     text NOT NULL DEFAULT 'system' CHECK (source IN ('portal', 'bot', 'csv', 'api', 'erp', 'system', 'staff')),
    at         timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX order_status_history_order_idx ON order_status_history (order_id, at);
--bun:split
CREATE TABLE shipments (
    id              bigserial PRIMARY KEY,
    order_id        bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    erp_ref         text NOT NULL UNIQUE,
    carrier         text NOT NULL DEFAULT '',
    tracking_number text NOT NULL DEFAULT '',
    tracking_url    text NOT NULL DEFAULT '' CHECK (tracking_url = '' OR tracking_url ~ '^https?://'),
    shipped_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    CHECK (delivered_at IS NULL OR delivered_at >= shipped_at)
);
--bun:split
CREATE INDEX shipments_order_idx ON shipments (order_id);
--bun:split
CREATE TABLE shipment_lines (
    shipment_id   bigint NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    order_line_id bigint NOT NULL REFERENCES order_lines (id) ON DELETE CASCADE,
    qty           integer NOT NULL CHECK (qty > 0),
    PRIMARY KEY (shipment_id, order_line_id)
);
