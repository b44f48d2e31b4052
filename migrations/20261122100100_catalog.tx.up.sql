-- Products, categories, warehouses and stock.
CREATE TABLE categories (
    id        bigserial PRIMARY KEY,
    code      text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{1,64}$'),
    parent_id bigint REFERENCES categories (id),
    name_pl   text NOT NULL,
    name_ru   text NOT NULL,
    name_fi   text NOT NULL,
    sort      integer NOT NULL DEFAULT 0
);
--bun:split
CREATE TABLE products (
    id             bigserial PRIMARY KEY,
    sku            text NOT NULL UNIQUE CHECK (sku ~ '^[A-Z0-9][A-Z0-9._/-]{0,39}$'),
    ean            text CHECK (ean ~ '^[0-9]{8}$|^[0-9]{12,14}$'),
    category_id    bigint REFERENCES categories (id),
    unit           text NOT NULL DEFAULT 'pcs' CHECK (unit IN ('pcs', 'm', 'set', 'pack', 'kg')),
    pack_size      integer NOT NULL DEFAULT 1 CHECK (pack_size > 0),
    min_order_qty  integer NOT NULL DEFAULT 1 CHECK (min_order_qty > 0),
    vat_class      text NOT NULL DEFAULT 'standard' CHECK (vat_class IN ('standard', 'reduced', 'zero')),
    name_pl        text NOT NULL DEFAULT '',
    name_ru        text NOT NULL DEFAULT '',
    name_fi        text NOT NULL DEFAULT '',
    description_pl text NOT NULL DEFAULT '',
    description_ru text NOT NULL DEFAULT '',
    description_fi text NOT NULL DEFAULT '',
    active         boolean NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    -- What catalog search matches: names in every language, SKU and EAN, folded.
    search_text    text GENERATED ALWAYS AS (
        pd_fold(sku || ' ' || coalesce(ean, '') || ' ' || name_pl || ' ' || name_ru || ' ' || name_fi)
    ) STORED,
    CHECK (name_pl <> '' OR name_ru <> '' OR name_fi <> ''),
    CHECK (min_order_qty % pack_size = 0)
);
--bun:split
CREATE UNIQUE INDEX products_ean_key ON products (ean) WHERE ean IS NOT NULL;
--bun:split
CREATE INDEX products_category_idx ON products (category_id);
--bun:split
CREATE INDEX products_search_trgm_idx ON products USING gin (search_text gin_trgm_ops);
--bun:split
CREATE TABLE product_substitutes (
    product_id    bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    substitute_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    rank          integer NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, substitute_id),
    CHECK (product_id <> substitute_id)
);
--bun:split
CREATE TABLE warehouses (
    id       bigserial PRIMARY KEY,
    code     text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{1,16}$'),
    name     text NOT NULL,
    country  char(2) NOT NULL CHECK (country IN ('PL', 'FI', 'RU'))
);
--bun:split
-- On hand comes from the ERP; reserved is what open orders hold here.
CREATE TABLE stock (
    product_id   bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    warehouse_id bigint NOT NULL REFERENCES warehouses (id),
    on_hand      integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved     integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    restock_on   date,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, warehouse_id),
    CHECK (reserved <= on_hand)
);
--bun:split
-- The company's standard assortment.
CREATE TABLE favourites (
    company_id  bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    product_id  bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    default_qty integer NOT NULL DEFAULT 1 CHECK (default_qty > 0),
    sort        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, product_id)
);
--bun:split
CREATE TABLE cart_lines (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    qty        integer NOT NULL CHECK (qty > 0),
    added_at   timestamptz NOT NULL DEFAULT now(),
    -- The unit price the buyer saw when adding, to mark what changed since.
    seen_unit_price bigint CHECK (seen_unit_price >= 0),
    PRIMARY KEY (user_id, product_id)
);
--bun:split
-- Back-in-stock subscriptions (portal button or a bot stock question).
CREATE TABLE stock_subscriptions (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    notified_at timestamptz,
    PRIMARY KEY (user_id, product_id)
);
