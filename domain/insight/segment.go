package insight

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Segments, most valuable first.
const (
	SegmentA = "A"
	SegmentB = "B"
	SegmentC = "C"
)

// Segments lists the segments in order.
var Segments = []string{SegmentA, SegmentB, SegmentC}

// Threshold holds one currency's bars for the segments. Revenues are minor
// units of net revenue over the rolling 12 months.
type Threshold struct {
	ARevenue        int64   `bun:"a_min_revenue"`
	AOrdersPerMonth float64 `bun:"a_min_orders_per_month"`
	BRevenue        int64   `bun:"b_min_revenue"`
	BOrdersPerMonth float64 `bun:"b_min_orders_per_month"`
}

// Thresholds are the bars per currency (table segment_thresholds).
type Thresholds map[domain.Currency]Threshold

// DefaultThresholds are used for a currency the table does not configure;
// they are the values the migration puts in the table.
var DefaultThresholds = Thresholds{
	domain.PLN: {ARevenue: 15_000_000, AOrdersPerMonth: 2, BRevenue: 4_000_000, BOrdersPerMonth: 4},
	domain.EUR: {ARevenue: 4_000_000, AOrdersPerMonth: 2, BRevenue: 1_000_000, BOrdersPerMonth: 4},
	domain.RUB: {ARevenue: 400_000_000, AOrdersPerMonth: 2, BRevenue: 100_000_000, BOrdersPerMonth: 4},
}

// For returns the bars of a currency.
func (ts Thresholds) For(c domain.Currency) Threshold {
	if t, ok := ts[c]; ok {
		return t
	}
	return DefaultThresholds[c]
}

// Segment classifies a customer by its 12-month net revenue and how often it
// orders (orders per month over the same year):
//
//   - A: revenue at least t.ARevenue and at least t.AOrdersPerMonth orders a
//     month — a large customer who buys regularly, worth a planned rhythm of
//     visits. A large but irregular buyer (one big project a year) is B.
//   - B: revenue at least t.BRevenue, or at least t.BOrdersPerMonth orders a
//     month whatever the revenue — a weekly buyer is a relationship to keep
//     even when its baskets are small.
//   - C: everyone else.
//
// Each bar is inclusive: exactly the threshold reaches it.
func Segment(revenue12m int64, ordersPerMonth float64, t Threshold) string {
	switch {
	case revenue12m >= t.ARevenue && ordersPerMonth >= t.AOrdersPerMonth:
		return SegmentA
	case revenue12m >= t.BRevenue || ordersPerMonth >= t.BOrdersPerMonth:
		return SegmentB
	}
	return SegmentC
}

// OrdersPerMonth is the ordering frequency of orders placed over 12 months.
func OrdersPerMonth(orders12m int) float64 { return float64(orders12m) / 12 }

// LoadThresholds reads the configured bars; currencies without a row keep
// DefaultThresholds.
func LoadThresholds(ctx context.Context, db bun.IDB) (Thresholds, error) {
	var rows []struct {
		Currency domain.Currency `bun:"currency"`
		Threshold
	}
	err := db.NewRaw(`SELECT currency, a_min_revenue, a_min_orders_per_month::float8 AS a_min_orders_per_month,
		b_min_revenue, b_min_orders_per_month::float8 AS b_min_orders_per_month FROM segment_thresholds`).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("insight: segment thresholds: %w", err)
	}
	ts := Thresholds{}
	for c, t := range DefaultThresholds {
		ts[c] = t
	}
	for _, r := range rows {
		ts[r.Currency] = r.Threshold
	}
	return ts, nil
}
