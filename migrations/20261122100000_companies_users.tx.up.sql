-- Companies (customer firms), their users and the distributor's staff.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--bun:split
CREATE EXTENSION IF NOT EXISTS unaccent;
--bun:split
-- unaccent() is only STABLE (it reads a dictionary); indexes need an IMMUTABLE wrapper.
CREATE OR REPLACE FUNCTION pd_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;
--bun:split
CREATE TABLE price_groups (
    id          bigserial PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    name_pl     text NOT NULL,
    name_ru     text NOT NULL,
    name_fi     text NOT NULL,
    discount_bp integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 9000)
);
--bun:split
CREATE TABLE loyalty_tiers (
    code        text PRIMARY KEY CHECK (code IN ('silver', 'gold', 'platinum')),
    rank        integer NOT NULL UNIQUE CHECK (rank > 0),
    discount_bp integer NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 3000),
    priority    boolean NOT NULL DEFAULT false,
    points_per_unit integer NOT NULL DEFAULT 1 CHECK (points_per_unit >= 0)
);
--bun:split
-- Rolling 12-month net spend needed for a tier, per currency.
CREATE TABLE loyalty_tier_thresholds (
    tier      text NOT NULL REFERENCES loyalty_tiers (code) ON DELETE CASCADE,
    currency  char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    min_spend bigint NOT NULL CHECK (min_spend >= 0),
    PRIMARY KEY (tier, currency)
);
--bun:split
CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    company_id      bigint, -- NULL for the distributor's staff; FK added below
    email           text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    phone           text NOT NULL DEFAULT '',
    role            text NOT NULL CHECK (role IN ('owner', 'buyer', 'accountant', 'manager', 'admin')),
    language        text NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'ru', 'fi')),
    password_hash   text NOT NULL DEFAULT '',
    active          boolean NOT NULL DEFAULT true,
    can_see_invoices boolean NOT NULL DEFAULT false,
    telegram_chat_id bigint UNIQUE,
    telegram_user_id bigint UNIQUE,
    telegram_username text NOT NULL DEFAULT '',
    quiet_from      smallint CHECK (quiet_from BETWEEN 0 AND 23),
    quiet_to        smallint CHECK (quiet_to BETWEEN 0 AND 23),
    nps_asked_at    timestamptz,
    last_sign_in_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((company_id IS NULL) = (role IN ('manager', 'admin')))
);
--bun:split
CREATE UNIQUE INDEX users_email_key ON users (email);
--bun:split
CREATE TABLE companies (
    id                bigserial PRIMARY KEY,
    country           char(2) NOT NULL CHECK (country IN ('PL', 'FI', 'RU')),
    tax_id            text NOT NULL CHECK (tax_id <> ''),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    billing_address   text NOT NULL DEFAULT '',
    delivery_address  text NOT NULL DEFAULT '',
    currency          char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    language          text NOT NULL CHECK (language IN ('pl', 'ru', 'fi')),
    price_group_id    bigint REFERENCES price_groups (id),
    payment_terms_days integer NOT NULL DEFAULT 14 CHECK (payment_terms_days BETWEEN 0 AND 180),
    credit_limit      bigint NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    segment           char(1) NOT NULL DEFAULT 'C' CHECK (segment IN ('A', 'B', 'C')),
    loyalty_tier      text REFERENCES loyalty_tiers (code),
    manager_id        bigint REFERENCES users (id),
    backup_manager_id bigint REFERENCES users (id),
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'blocked', 'rejected')),
    status_reason     text NOT NULL DEFAULT '',
    contact_name      text NOT NULL DEFAULT '',
    contact_email     text NOT NULL DEFAULT '',
    contact_phone     text NOT NULL DEFAULT '',
    next_contact_on   date,
    created_at        timestamptz NOT NULL DEFAULT now(),
    approved_at       timestamptz,
    UNIQUE (country, tax_id),
    CHECK (backup_manager_id IS NULL OR backup_manager_id <> manager_id)
);
--bun:split
ALTER TABLE users ADD CONSTRAINT users_company_fk FOREIGN KEY (company_id) REFERENCES companies (id);
--bun:split
CREATE INDEX users_company_idx ON users (company_id);
--bun:split
CREATE INDEX companies_manager_idx ON companies (manager_id);
--bun:split
CREATE INDEX companies_backup_manager_idx ON companies (backup_manager_id);
--bun:split
CREATE TABLE company_notes (
    id         bigserial PRIMARY KEY,
    company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    author_id  bigint NOT NULL REFERENCES users (id),
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX company_notes_company_idx ON company_notes (company_id, created_at DESC);
--bun:split
-- One-time links by which staff or a company owner add users.
CREATE TABLE invitations (
    id          bigserial PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    company_id  bigint REFERENCES companies (id) ON DELETE CASCADE,
    email       text NOT NULL CHECK (email = lower(email)),
    name        text NOT NULL DEFAULT '',
    role        text NOT NULL CHECK (role IN ('owner', 'buyer', 'accountant', 'manager', 'admin')),
    language    text NOT NULL DEFAULT 'pl' CHECK (language IN ('pl', 'ru', 'fi')),
    invited_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    CHECK ((company_id IS NULL) = (role IN ('manager', 'admin')))
);
--bun:split
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    ip           text NOT NULL DEFAULT '',
    user_agent   text NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX sessions_user_idx ON sessions (user_id);
--bun:split
-- Failed sign-ins, for throttling per account and per address.
CREATE TABLE sign_in_failures (
    id        bigserial PRIMARY KEY,
    subject   text NOT NULL, -- 'email:<address>' or 'ip:<address>'
    failed_at timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX sign_in_failures_subject_idx ON sign_in_failures (subject, failed_at);
--bun:split
-- Which kinds of proactive message a user wants (absent row = default on).
CREATE TABLE notification_preferences (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    text NOT NULL CHECK (kind IN ('order_status', 'invoice_due', 'invoice_overdue', 'back_in_stock', 'reorder_reminder', 'price_change')),
    enabled boolean NOT NULL,
    PRIMARY KEY (user_id, kind)
);
