-- Operational notifications (reminders, back in stock, price changes) per user.
-- The notifications table of 20261122100700 was never written to; it is
-- replaced by one keyed for deduplication: a rule fires at most once per
-- (user, kind, ref), whatever runs it and however often.
DROP TABLE notifications;
--bun:split
CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_id bigint NOT NULL REFERENCES companies (id),
    kind       text NOT NULL CHECK (kind IN ('order_status', 'invoice_due', 'invoice_overdue', 'back_in_stock', 'reorder_reminder', 'price_change')),
    ref        text NOT NULL CHECK (length(ref) BETWEEN 1 AND 200), -- what fired: e.g. '<invoice>:7' for the 7-day overdue step
    params     jsonb NOT NULL DEFAULT '{}', -- what the text needs; texts are rendered in the reader's language when shown
    link       text NOT NULL DEFAULT '' CHECK (link = '' OR link ~ '^/[^/\\]'),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz,
    UNIQUE (user_id, kind, ref)
);
--bun:split
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
--bun:split
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
--bun:split
-- Back-in-stock subscriptions came with the catalog; now they say where they were made.
ALTER TABLE stock_subscriptions ADD COLUMN source text NOT NULL DEFAULT 'portal' CHECK (source IN ('bot', 'portal'));
--bun:split
CREATE INDEX stock_subscriptions_product_idx ON stock_subscriptions (product_id);
--bun:split
-- The unit price a company was last seen to pay for a favourite, so that a
-- price event that changes nothing for the company tells nobody.
CREATE TABLE watched_prices (
    company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    currency   char(3) NOT NULL CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    unit_price bigint NOT NULL CHECK (unit_price >= 0),
    seen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, product_id)
);
