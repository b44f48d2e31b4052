-- The event outbox with consumer cursors, customer notifications, API keys
-- and stored answers for idempotent API requests.
CREATE TABLE events (
    id         bigserial PRIMARY KEY,
    -- The writing transaction. Readers only take events of transactions older
    -- than every running one, in (txid, id) order, so a late commit is never skipped.
    txid       bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    company_id bigint REFERENCES companies (id),
    kind       text NOT NULL CHECK (kind ~ '^[a-z_]+\.[a-z_]+$'),
    payload    jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE INDEX events_order_idx ON events (txid, id);
--bun:split
CREATE INDEX events_company_idx ON events (company_id, id);
--bun:split
CREATE TABLE event_cursors (
    consumer   text PRIMARY KEY CHECK (length(consumer) BETWEEN 1 AND 100),
    last_txid  bigint NOT NULL DEFAULT 0,
    last_id    bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
--bun:split
CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id bigint REFERENCES companies (id),
    kind       text NOT NULL,
    params     jsonb NOT NULL DEFAULT '{}',
    link       text NOT NULL DEFAULT '',
    event_id   bigint REFERENCES events (id),
    read_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, event_id)
);
--bun:split
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
--bun:split
CREATE TABLE api_keys (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix       text NOT NULL UNIQUE CHECK (prefix ~ '^[a-z0-9]{8,16}$'),
    secret_hash  bytea NOT NULL,
    scopes       text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
--bun:split
CREATE TABLE idempotency_keys (
    scope        text NOT NULL, -- e.g. 'api:<key id>'
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
    request_hash bytea NOT NULL,
    status_code  integer,
    response     bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
