-- Invoices and payments from the ERP; loyalty points.
CREATE TABLE invoices (
    id          bigserial PRIMARY KEY,
    company_id  bigint NOT NULL REFERENCES companies (id),
    number      text NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 64),
    order_id    bigint REFERENCES orders (id),
    currency    char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    issued_on   date NOT NULL,
    due_on      date NOT NULL,
    net_total   bigint NOT NULL CHECK (net_total >= 0),
    vat_total   bigint NOT NULL CHECK (vat_total >= 0),
    gross_total bigint NOT NULL CHECK (gross_total >= 0),
    paid        bigint NOT NULL DEFAULT 0 CHECK (paid >= 0),
    kind        text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (due_on >= issued_on),
    CHECK (gross_total = net_total + vat_total)
);
--bun:split
CREATE INDEX invoices_company_idx ON invoices (company_id, issued_on DESC);
--bun:split
CREATE INDEX invoices_unpaid_idx ON invoices (company_id, due_on) WHERE paid < gross_total;
--bun:split
CREATE INDEX invoices_order_idx ON invoices (order_id);
--bun:split
CREATE TABLE payments (
    id         bigserial PRIMARY KEY,
    company_id bigint NOT NULL REFERENCES companies (id),
    invoice_id bigint REFERENCES invoices (id),
    erp_ref    text NOT NULL UNIQUE,
    currency   char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    amount     bigint NOT NULL CHECK (amount > 0),
    paid_on    date NOT NULL,
    method     text NOT NULL DEFAULT 'transfer' CHECK (method IN ('transfer', 'card', 'cash', 'offset')),
    created_at timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX payments_company_idx ON payments (company_id, paid_on DESC);
--bun:split
CREATE TABLE loyalty_ledger (
    id         bigserial PRIMARY KEY,
    company_id bigint NOT NULL REFERENCES companies (id),
    order_id   bigint REFERENCES orders (id),
    kind       text NOT NULL CHECK (kind IN ('earn', 'redeem', 'adjust', 'expire')),
    points     integer NOT NULL CHECK (points <> 0),
    note       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'earn') = (points > 0) OR kind = 'adjust')
);
--bun:split
CREATE UNIQUE INDEX loyalty_ledger_once_idx ON loyalty_ledger (order_id, kind) WHERE order_id IS NOT NULL AND kind IN ('earn', 'redeem');
--bun:split
CREATE INDEX loyalty_ledger_company_idx ON loyalty_ledger (company_id, created_at DESC);
