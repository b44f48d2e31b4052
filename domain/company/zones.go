package company

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"partnerdesk/domain"

	"github.com/uptrace/bun"
)

// Zones tells the time zone of each country's business calendar, the clock a
// customer reads times on (an order placed, a status changed, a complaint's
// deadline): a Finnish customer sees Helsinki time, a Russian one Moscow
// time. Every page shows times, so the zones are read in one query and kept
// for TTL; an instance whose admin changes a calendar forgets them at once,
// others within TTL.
type Zones struct {
	Fallback *time.Location // for a country without a calendar
	TTL      time.Duration  // default one minute

	mu        sync.Mutex
	byCountry map[string]*time.Location
	loadedAt  time.Time
	loading   bool
}

// Of returns the time zone of the country's calendar, or Fallback. db is the
// caller's (a transaction's, when it is in one: no second connection is
// taken). While one caller reads them, the others use the zones read before.
// A nil Zones is UTC for every country.
func (z *Zones) Of(ctx context.Context, db bun.IDB, country string) *time.Location {
	if z == nil {
		return time.UTC
	}
	ttl := z.TTL
	if ttl <= 0 {
		ttl = time.Minute
	}
	z.mu.Lock()
	if (z.byCountry == nil || time.Since(z.loadedAt) > ttl) && !z.loading {
		z.loading = true
		z.mu.Unlock() // the query runs unlocked: the others use the zones read before
		zones, err := loadZones(ctx, db)
		z.mu.Lock()
		if err != nil {
			slog.Warn("company: time zones", "err", err) // the last ones read, or the fallback
		} else {
			z.byCountry, z.loadedAt = zones, time.Now()
		}
		z.loading = false
	}
	loc, ok := z.byCountry[country]
	z.mu.Unlock()
	switch {
	case ok:
		return loc
	case z.Fallback != nil:
		return z.Fallback
	}
	return time.UTC
}

// Today is the business day at now on the country's clock, as midnight UTC
// of that date (how dates are compared with invoices' due dates and
// requested delivery dates): past midnight in Moscow a Russian customer's
// invoice due yesterday is overdue, whatever the server's clock says.
func (z *Zones) Today(ctx context.Context, db bun.IDB, country string, now time.Time) time.Time {
	return domain.Day(now, z.Of(ctx, db, country))
}

// Forget drops the zones read, after a calendar changed.
func (z *Zones) Forget() {
	if z == nil {
		return
	}
	z.mu.Lock()
	z.byCountry = nil
	z.mu.Unlock()
}

func loadZones(ctx context.Context, db bun.IDB) (map[string]*time.Location, error) {
	var rows []struct {
		Country  string `bun:"country"`
		TimeZone string `bun:"time_zone"`
	}
	if err := db.NewRaw("SELECT country, time_zone FROM business_hours").Scan(ctx, &rows); err != nil {
		return nil, err
	}
	zones := make(map[string]*time.Location, len(rows))
	for _, r := range rows {
		loc, err := time.LoadLocation(r.TimeZone)
		if err != nil {
			slog.Warn("company: calendar time zone", "country", r.Country, "zone", r.TimeZone, "err", err)
			continue
		}
		zones[r.Country] = loc
	}
	return zones, nil
}
