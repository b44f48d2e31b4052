DROP TABLE IF EXISTS watched_prices;
--bun:split
DROP INDEX IF EXISTS stock_subscriptions_product_idx;
--bun:split
ALTER TABLE stock_subscriptions DROP COLUMN IF EXISTS source;
--bun:split
DROP TABLE IF EXISTS notifications;
--bun:split
-- The table as 20261122100700 made it.
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
