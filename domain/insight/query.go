package insight

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Sort keys of the customer list.
const (
	SortName        = "name"
	SortCountry     = "country"
	SortSegment     = "segment"
	SortRevenue     = "revenue"
	SortFrequency   = "frequency"
	SortLastOrder   = "last_order"
	SortRisk        = "risk"
	SortNextContact = "next_contact"
)

// SortKeys lists the sort keys, each with the direction it starts in when
// chosen: names and countries A→Z, segments A first, the next contact
// soonest first; the rest largest, latest or most urgent first.
var SortKeys = map[string]bool{ // key → descending by default
	SortName: false, SortCountry: false, SortSegment: false, SortNextContact: false,
	SortRevenue: true, SortFrequency: true, SortLastOrder: true, SortRisk: true,
}

// Query filters and sorts a customer list.
type Query struct {
	Segment    string // A, B, C; "" for all
	Signal     string // a signal kind; "" for all
	Country    string // PL, FI, RU; "" for all
	ContactDue bool   // only those whose next contact is due (or not planned)
	Sort       string // a key of SortKeys; "" = risk
	Desc       bool
}

// DefaultQuery shows everyone, the most urgent risks first.
var DefaultQuery = Query{Sort: SortRisk, Desc: true}

// Apply returns the customers that pass the filters, sorted; ties go by name.
//
// Revenues in different currencies are compared through the currency's A
// revenue bar (revenue ÷ bar), so a customer at half of segment A sorts
// beside another at half of it, whether it pays in złoty, euro or roubles.
// Risk sorts by the highest severity, then the number of signals.
func (q Query) Apply(cs []*Customer, today time.Time) []*Customer {
	out := make([]*Customer, 0, len(cs))
	for _, c := range cs {
		if q.Segment != "" && c.Segment != q.Segment ||
			q.Signal != "" && !c.HasSignal(q.Signal) ||
			q.Country != "" && c.Country != q.Country ||
			q.ContactDue && !c.ContactDue(today) {
			continue
		}
		out = append(out, c)
	}
	by := q.compare()
	slices.SortStableFunc(out, func(a, b *Customer) int {
		r := by(a, b)
		if q.Desc {
			r = -r
		}
		if r == 0 {
			r = cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
		}
		return r
	})
	return out
}

func (q Query) compare() func(a, b *Customer) int {
	switch q.Sort {
	case SortName:
		return func(a, b *Customer) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }
	case SortCountry:
		return func(a, b *Customer) int { return strings.Compare(a.Country, b.Country) }
	case SortSegment:
		return func(a, b *Customer) int { return strings.Compare(a.Segment, b.Segment) }
	case SortRevenue:
		return func(a, b *Customer) int { return cmp.Compare(a.revenueScale(), b.revenueScale()) }
	case SortFrequency:
		return func(a, b *Customer) int { return cmp.Compare(a.Orders, b.Orders) }
	case SortLastOrder:
		return func(a, b *Customer) int { return compareTimes(a.LastOrderAt, b.LastOrderAt) }
	case SortNextContact:
		// Not planned sorts as the most pressing: a customer nobody plans to call.
		return func(a, b *Customer) int {
			switch {
			case a.NextContactOn == nil && b.NextContactOn == nil:
				return 0
			case a.NextContactOn == nil:
				return -1
			case b.NextContactOn == nil:
				return 1
			}
			return a.NextContactOn.Compare(*b.NextContactOn)
		}
	}
	return func(a, b *Customer) int {
		return cmp.Or(cmp.Compare(a.Severity, b.Severity), cmp.Compare(len(a.Signals), len(b.Signals)))
	}
}

// revenueScale is the revenue as a share of the currency's segment A bar.
func (c *Customer) revenueScale() float64 {
	if c.segmentBar <= 0 {
		return float64(c.Revenue)
	}
	return float64(c.Revenue) / float64(c.segmentBar)
}

// compareTimes orders nil (never) before any time.
func compareTimes(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Compare(*b)
}
