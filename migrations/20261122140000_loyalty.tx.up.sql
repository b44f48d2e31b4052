-- Loyalty programme settings, tier history and the constraints that keep
-- points and orders consistent. The ledger itself (loyalty_ledger, with its
-- unique (order_id, kind) for earn and redeem) came with the finance tables.

-- What points are worth, per currency. All amounts are minor units.
--   earn_unit:     net goods that earn one point at a tier rate of 1
--                  (100 = one point per złoty; 25 = four points per euro)
--   point_value:   what 100 points take off an order (100 = 1.00)
--   redeem_cap_bp: the most points may take off an order, in basis points of
--                  its net goods (2000 = 20 %)
CREATE TABLE loyalty_settings (
    currency      char(3) PRIMARY KEY CHECK (currency IN ('PLN', 'EUR', 'RUB')),
    earn_unit     bigint NOT NULL CHECK (earn_unit BETWEEN 1 AND 100000000),
    point_value   bigint NOT NULL CHECK (point_value BETWEEN 1 AND 100000000),
    redeem_cap_bp integer NOT NULL CHECK (redeem_cap_bp BETWEEN 0 AND 10000),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
--bun:split
-- The same purchase earns about the same points in every currency (1 per
-- złoty, 4 per euro, 1 per 20 roubles), and a point is worth about 1 % of
-- what earned it.
INSERT INTO loyalty_settings (currency, earn_unit, point_value, redeem_cap_bp) VALUES
    ('PLN', 100, 100, 2000), ('EUR', 25, 25, 2000), ('RUB', 2000, 2000, 2000);
--bun:split
-- Every tier change of a company, so the customer sees "Gold since ...".
-- tier NULL: the company fell below the first tier.
CREATE TABLE loyalty_tier_history (
    id         bigserial PRIMARY KEY,
    company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    tier       text CHECK (tier IN ('silver', 'gold', 'platinum')),
    previous   text CHECK (previous IN ('silver', 'gold', 'platinum')),
    spend      bigint NOT NULL CHECK (spend >= 0),
    changed_at timestamptz NOT NULL DEFAULT now(),
    CHECK (tier IS DISTINCT FROM previous)
);
--bun:split
CREATE INDEX loyalty_tier_history_company_idx ON loyalty_tier_history (company_id, changed_at DESC, id DESC);
--bun:split
-- Points taken off an order come with the points spent, and never more than
-- the goods after the order-value discount.
ALTER TABLE orders ADD CONSTRAINT orders_points_check
    CHECK ((points_redeemed = 0) = (points_discount = 0) AND points_discount <= net_goods - discount);
--bun:split
-- A redemption is always tied to its order (the unique key then makes it once
-- per order); an earn too.
ALTER TABLE loyalty_ledger ADD CONSTRAINT loyalty_ledger_order_check
    CHECK (kind NOT IN ('earn', 'redeem') OR order_id IS NOT NULL);
