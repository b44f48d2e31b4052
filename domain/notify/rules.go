package notify

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// Config tunes the reminder rules. The zero value means the defaults.
type Config struct {
	// Location is where business days begin and end; default UTC.
	Location *time.Location
	// Zones, when set, gives each customer's country's clock: a company's
	// days are counted there (as its pages and order placement count them),
	// Location's only for a country Zones does not know.
	Zones *company.Zones
	// DueSoon: an unpaid invoice is announced this long before its due date;
	// default 3 days (counted in whole days).
	DueSoon time.Duration
	// OverdueSteps are the days past due at which an unpaid invoice is
	// reminded again; default 1, 7 and 14.
	OverdueSteps []int
	// ReorderFactor: a company is reminded when its last order is older than
	// this many of its usual cycles; default 1.5.
	ReorderFactor float64
	// ReorderMinOrders is how many order days a company needs before it has
	// a rhythm at all; default 3.
	ReorderMinOrders int
	// ReorderHistory is how many of the latest order days the rhythm is taken
	// from; default 10.
	ReorderHistory int
	// ReorderGiveUp: past this many cycles the company has clearly moved on
	// (or is only now seen by a new installation), and a reminder would be
	// noise; default 4.
	ReorderGiveUp float64
}

func (c Config) withDefaults() Config {
	if c.Location == nil {
		c.Location = time.UTC
	}
	if c.DueSoon <= 0 {
		c.DueSoon = 3 * 24 * time.Hour
	}
	if len(c.OverdueSteps) == 0 {
		c.OverdueSteps = []int{1, 7, 14}
	}
	if c.ReorderFactor <= 0 {
		c.ReorderFactor = 1.5
	}
	if c.ReorderMinOrders <= 0 {
		c.ReorderMinOrders = 3
	}
	if c.ReorderHistory <= 0 {
		c.ReorderHistory = 10
	}
	if c.ReorderGiveUp <= 0 {
		c.ReorderGiveUp = 4
	}
	return c
}

// dayIn is Day on the clock of a company in country.
func (c Config) dayIn(ctx context.Context, db bun.IDB, country string, t time.Time) time.Time {
	if c.Zones == nil {
		return domain.Day(t, c.Location)
	}
	return domain.Day(t, c.Zones.Of(ctx, db, country))
}

func daysBetween(from, to time.Time) int {
	return int(math.Round(to.Sub(from).Hours() / 24))
}

// InvoiceReminder says which reminder an unpaid invoice due on dueOn calls
// for today: invoice_due from dueSoonDays before the due date until the due
// date itself, then invoice_overdue with the latest overdue step reached
// (an invoice first seen 10 days late gets the 7-day reminder, not the
// 1-day one as well). "" means none.
func InvoiceReminder(dueOn, today time.Time, dueSoonDays int, steps []int) (kind string, step int) {
	late := daysBetween(dueOn, today)
	if late <= 0 {
		if -late <= dueSoonDays {
			return KindInvoiceDue, 0
		}
		return "", 0
	}
	for _, s := range steps {
		if s <= late && s > step {
			step = s
		}
	}
	if step == 0 {
		return "", 0
	}
	return KindInvoiceOverdue, step
}

// ReorderRhythm is a company's ordering rhythm on a given day.
type ReorderRhythm struct {
	Cycle float64 // median days between order days
	Since int     // days since the last order day
	Due   bool    // time to remind
}

// Reorder works out a company's rhythm from the days it ordered on
// (distinct, any order) and says whether it is time to remind it: at least
// cfg.ReorderMinOrders order days, and the last one more than
// cfg.ReorderFactor median gaps ago (but not beyond cfg.ReorderGiveUp gaps).
// Several orders on one day count as one: a split order is not a rhythm.
func Reorder(days []time.Time, today time.Time, cfg Config) ReorderRhythm {
	cfg = cfg.withDefaults()
	ds := append([]time.Time(nil), days...)
	sort.Slice(ds, func(i, j int) bool { return ds[i].After(ds[j]) })
	uniq := ds[:0]
	for _, d := range ds {
		if len(uniq) == 0 || !uniq[len(uniq)-1].Equal(d) {
			uniq = append(uniq, d)
		}
	}
	if len(uniq) > cfg.ReorderHistory {
		uniq = uniq[:cfg.ReorderHistory]
	}
	var r ReorderRhythm
	if len(uniq) == 0 {
		return r
	}
	r.Since = daysBetween(uniq[0], today)
	if len(uniq) < 2 {
		return r
	}
	gaps := make([]float64, len(uniq)-1)
	for i := range gaps {
		gaps[i] = float64(daysBetween(uniq[i+1], uniq[i]))
	}
	sort.Float64s(gaps)
	if m := len(gaps) / 2; len(gaps)%2 == 1 {
		r.Cycle = gaps[m]
	} else {
		r.Cycle = (gaps[m-1] + gaps[m]) / 2
	}
	since := float64(r.Since)
	r.Due = len(uniq) >= cfg.ReorderMinOrders && r.Cycle > 0 &&
		since > cfg.ReorderFactor*r.Cycle && since <= cfg.ReorderGiveUp*r.Cycle
	return r
}
