// Package insight turns a customer's history into what an account manager
// acts on: the segment (A/B/C), risk signals, and the measures of the
// customer 360 — revenue by month, order rhythm, OTIF, complaint rate, NPS.
//
// The rules are pure functions with table tests (segment.go, rhythm.go,
// basket.go, otif.go, signals.go). The loaders (customers.go, profile.go)
// read what the rules need in a few set-based queries — one aggregate query
// for a whole customer list, never one per company — and hand it to them.
//
// Windows and days:
//   - "12 months" is the rolling year: orders placed on or after today − 365
//     days. Cancelled orders never count.
//   - Revenue is the orders' net total (after discounts, without VAT), in the
//     company's currency, counted when the order is placed.
//   - Days are the customer's local days, in the time zone of its country's
//     business calendar; a customer younger than a year is still measured
//     over the whole year, so it starts low and climbs as it buys.
package insight

import (
	"errors"
	"math"
)

// ErrNotFound: no such company.
var ErrNotFound = errors.New("insight: company not found")

// percentBP returns part/whole as basis points (1 % = 100), rounded to the
// given step (100 = whole percents, 10 = tenths); ok is false when whole is 0.
func percentBP(part, whole, step int) (int, bool) {
	if whole <= 0 {
		return 0, false
	}
	v := float64(part) * 10_000 / float64(whole) / float64(step)
	return int(math.Round(v)) * step, true
}
