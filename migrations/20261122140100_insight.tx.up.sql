-- The bars of the customer segments A/B/C on the manager's desk, per currency
-- (domain/insight.Segment has the rule). Amounts are minor units of net
-- revenue over the rolling 12 months; frequencies are orders per month over
-- the same year.
--   A: a_min_revenue or more, ordering at least a_min_orders_per_month
--   B: b_min_revenue or more, or ordering at least b_min_orders_per_month
--   C: the rest
-- The nightly job stores the result in companies.segment.
CREATE TABLE segment_thresholds (
    currency               char(3) PRIMARY KEY CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    a_min_revenue          bigint NOT NULL CHECK (a_min_revenue > 0),
    a_min_orders_per_month numeric(6, 2) NOT NULL CHECK (a_min_orders_per_month >= 0),
    b_min_revenue          bigint NOT NULL CHECK (b_min_revenue > 0),
    b_min_orders_per_month numeric(6, 2) NOT NULL CHECK (b_min_orders_per_month >= 0),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (b_min_revenue <= a_min_revenue)
);
--bun:split
-- About the same purchasing power in each currency: A from 150 000 zł,
-- 40 000 € or 4 000 000 ₽ a year at two orders a month or more; B from
-- 40 000 zł, 10 000 € or 1 000 000 ₽, or for anyone who orders about weekly.
INSERT INTO segment_thresholds (currency, a_min_revenue, a_min_orders_per_month, b_min_revenue, b_min_orders_per_month) VALUES
    ('PLN', 15000000, 2, 4000000, 4),
    ('EUR', 4000000, 2, 1000000, 4),
    ('RUB', 400000000, 2, 100000000, 4);
