package complaint

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Calendar holds the working hours of one country: SLA clocks run only
// between opening and closing on working days that are not public holidays.
type Calendar struct {
	Country  string
	Location *time.Location
	// DayStart and DayEnd are wall-clock times since local midnight, so a shop
	// that opens at 08:00 opens at 08:00 on both sides of a DST change.
	DayStart, DayEnd time.Duration
	WorkingDays      map[time.Weekday]bool
	Holidays         map[string]bool // local dates, "2026-12-24"
	AckHours         int             // business hours to acknowledge a complaint
	DecideHours      int             // business hours to decide on it
}

// ErrNoCalendar: the country has no business_hours row.
var ErrNoCalendar = errors.New("complaint: no business calendar for country")

// maxScanDays bounds the walks over the calendar. A calendar with at least one
// working weekday always reaches an open day within a week plus its holidays;
// the bound only stops a corrupt calendar from looping.
const maxScanDays = 3660

// LoadCalendar reads a country's business hours and public holidays.
func LoadCalendar(ctx context.Context, db bun.IDB, country string) (*Calendar, error) {
	var row struct {
		TimeZone    string  `bun:"time_zone"`
		DayStart    string  `bun:"day_start"`
		DayEnd      string  `bun:"day_end"`
		WorkingDays []int16 `bun:"working_days,array"`
		AckHours    int     `bun:"ack_hours"`
		DecideHours int     `bun:"decide_hours"`
	}
	err := db.NewSelect().TableExpr("business_hours").
		ColumnExpr("time_zone, day_start::text AS day_start, day_end::text AS day_end, working_days, ack_hours, decide_hours").
		Where("country = ?", country).Scan(ctx, &row)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, fmt.Errorf("%w %q", ErrNoCalendar, country)
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: load calendar %s: %w", country, err)
	}
	loc, err := time.LoadLocation(row.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("complaint: calendar %s: time zone: %w", country, err)
	}
	c := &Calendar{
		Country: country, Location: loc, AckHours: row.AckHours, DecideHours: row.DecideHours,
		WorkingDays: map[time.Weekday]bool{}, Holidays: map[string]bool{},
	}
	if c.DayStart, err = parseClock(row.DayStart); err != nil {
		return nil, fmt.Errorf("complaint: calendar %s: day start: %w", country, err)
	}
	if c.DayEnd, err = parseClock(row.DayEnd); err != nil {
		return nil, fmt.Errorf("complaint: calendar %s: day end: %w", country, err)
	}
	for _, d := range row.WorkingDays {
		if d < 1 || d > 7 {
			return nil, fmt.Errorf("complaint: calendar %s: working day %d is not an ISO weekday", country, d)
		}
		c.WorkingDays[time.Weekday(d%7)] = true // ISO 7 is Sunday, Go's 0
	}
	if len(c.WorkingDays) == 0 {
		return nil, fmt.Errorf("complaint: calendar %s has no working days", country)
	}
	var days []string
	err = db.NewSelect().TableExpr("public_holidays").ColumnExpr("to_char(day, 'YYYY-MM-DD')").
		Where("country = ?", country).Scan(ctx, &days)
	if err != nil {
		return nil, fmt.Errorf("complaint: calendar %s: holidays: %w", country, err)
	}
	for _, d := range days {
		c.Holidays[d] = true
	}
	return c, nil
}

// parseClock turns PostgreSQL's time text ("08:00:00") into a duration.
func parseClock(s string) (time.Duration, error) {
	if s == "24:00:00" { // PostgreSQL's end of day
		return 24 * time.Hour, nil
	}
	t, err := time.Parse("15:04:05", s)
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second, nil
}

// window returns the opening hours of the local day that is offset days after
// the local date of t, and whether the office opens that day at all.
func (c *Calendar) window(t time.Time, offset int) (opens, closes time.Time, ok bool) {
	y, m, d := t.In(c.Location).Date()
	noon := time.Date(y, m, d+offset, 12, 0, 0, 0, c.Location)
	if !c.WorkingDays[noon.Weekday()] || c.Holidays[noon.Format(time.DateOnly)] {
		return time.Time{}, time.Time{}, false
	}
	y, m, d = noon.Date()
	return c.at(y, m, d, c.DayStart), c.at(y, m, d, c.DayEnd), true
}

// at is the instant of wall-clock time clock on a local date. time.Date
// resolves times that a DST change skips or repeats.
func (c *Calendar) at(y int, m time.Month, d int, clock time.Duration) time.Time {
	h, rest := clock/time.Hour, clock%time.Hour
	return time.Date(y, m, d, int(h), int(rest/time.Minute), int(rest%time.Minute/time.Second), 0, c.Location)
}

// AddBusinessHours returns when d of business time will have passed after
// from. A start outside opening hours begins at the next opening; a deadline
// that falls exactly at closing stays at closing rather than moving to the next
// opening.
func (c *Calendar) AddBusinessHours(from time.Time, d time.Duration) time.Time {
	rest := max(d, 0)
	for i := 0; i < maxScanDays; i++ {
		opens, closes, ok := c.window(from, i)
		if !ok || !from.Before(closes) {
			continue
		}
		start := opens
		if from.After(opens) {
			start = from
		}
		left := closes.Sub(start)
		if rest <= left {
			return start.Add(rest).In(c.Location)
		}
		rest -= left
	}
	// Unreachable for a loaded calendar; keep the clock running in real time.
	return from.Add(max(d, 0)).In(c.Location)
}

// BusinessTimeBetween returns the business time from from to to, zero when to
// is not after from. It is the inverse of AddBusinessHours:
// BusinessTimeBetween(t, AddBusinessHours(t, d)) == d.
func (c *Calendar) BusinessTimeBetween(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	var sum time.Duration
	for i := 0; i < maxScanDays; i++ {
		opens, closes, ok := c.window(from, i)
		if !ok {
			continue
		}
		if !opens.Before(to) {
			break
		}
		start, end := opens, closes
		if from.After(start) {
			start = from
		}
		if to.Before(end) {
			end = to
		}
		if end.After(start) {
			sum += end.Sub(start)
		}
	}
	return sum
}

// Deadlines returns when a complaint made at t must be acknowledged and decided.
func (c *Calendar) Deadlines(t time.Time) (ackDue, decisionDue time.Time) {
	return c.AddBusinessHours(t, time.Duration(c.AckHours)*time.Hour),
		c.AddBusinessHours(t, time.Duration(c.DecideHours)*time.Hour)
}
