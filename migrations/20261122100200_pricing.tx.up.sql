-- Prices: list per currency → price group → company price → quantity breaks;
-- order-value discounts and delivery terms per currency; VAT rates per country.
CREATE TABLE list_prices (
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    currency   char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    unit_price bigint NOT NULL CHECK (unit_price >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, currency)
);
--bun:split
CREATE TABLE price_group_prices (
    price_group_id bigint NOT NULL REFERENCES price_groups (id) ON DELETE CASCADE,
    product_id     bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    currency       char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    unit_price     bigint NOT NULL CHECK (unit_price >= 0),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (price_group_id, product_id, currency)
);
--bun:split
CREATE TABLE company_prices (
    company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    unit_price bigint NOT NULL CHECK (unit_price >= 0), -- in the company's currency
    valid_from date,
    valid_to   date,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, product_id),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
--bun:split
-- A quantity break: from min_qty units, discount_bp off the price found so far.
-- price_group_id NULL = for everybody.
CREATE TABLE quantity_breaks (
    id             bigserial PRIMARY KEY,
    product_id     bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    price_group_id bigint REFERENCES price_groups (id) ON DELETE CASCADE,
    min_qty        integer NOT NULL CHECK (min_qty > 1),
    discount_bp    integer NOT NULL CHECK (discount_bp BETWEEN 1 AND 9000)
);
--bun:split
CREATE UNIQUE INDEX quantity_breaks_key ON quantity_breaks (product_id, coalesce(price_group_id, 0), min_qty);
--bun:split
CREATE TABLE order_discount_thresholds (
    id          bigserial PRIMARY KEY,
    currency    char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    min_net     bigint NOT NULL CHECK (min_net > 0),
    discount_bp integer NOT NULL CHECK (discount_bp BETWEEN 1 AND 5000),
    UNIQUE (currency, min_net)
);
--bun:split
CREATE TABLE delivery_terms (
    currency      char(3) PRIMARY KEY CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    free_from_net bigint NOT NULL CHECK (free_from_net >= 0),
    fee           bigint NOT NULL CHECK (fee >= 0)
);
--bun:split
CREATE TABLE vat_rates (
    country   char(2) NOT NULL CHECK (country IN ('PL', 'FI', 'RU')),
    vat_class text NOT NULL CHECK (vat_class IN ('standard', 'reduced', 'zero')),
    rate_bp   integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 5000),
    PRIMARY KEY (country, vat_class)
);
--bun:split
INSERT INTO vat_rates (country, vat_class, rate_bp) VALUES
    ('PL', 'standard', 2300), ('PL', 'reduced', 800), ('PL', 'zero', 0),
    ('FI', 'standard', 2550), ('FI', 'reduced', 1350), ('FI', 'zero', 0),
    ('RU', 'standard', 2200), ('RU', 'reduced', 1000), ('RU', 'zero', 0);
