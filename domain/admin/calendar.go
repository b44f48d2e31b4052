package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// Countries have one business calendar each: the complaint SLA clocks of a
// company run on its country's calendar.
var Countries = []string{"PL", "FI", "RU"}

// Limits of a calendar.
const (
	MaxSLAHours    = 2000 // a deadline further away than a year of office hours is a slip of the keyboard
	MaxHolidayName = 200
	FirstYear      = 2000
	LastYear       = 2100
)

// Calendar is a country's business hours as the SLA page edits them. Times
// are wall-clock "15:04"; working days ISO weekdays (1 Monday … 7 Sunday).
type Calendar struct {
	Country     string
	TimeZone    string
	DayStart    string
	DayEnd      string
	WorkingDays []int
	AckHours    int // business hours to acknowledge a complaint
	DecideHours int // business hours to decide on it
}

// WorksOn tells whether the ISO weekday is a working day.
func (c *Calendar) WorksOn(day int) bool { return slices.Contains(c.WorkingDays, day) }

// GetCalendar loads a country's business hours, or company.ErrNotFound.
func GetCalendar(ctx context.Context, db bun.IDB, country string) (*Calendar, error) {
	var row struct {
		TimeZone    string  `bun:"time_zone"`
		DayStart    string  `bun:"day_start"`
		DayEnd      string  `bun:"day_end"`
		WorkingDays []int16 `bun:"working_days,array"`
		AckHours    int     `bun:"ack_hours"`
		DecideHours int     `bun:"decide_hours"`
	}
	err := db.NewRaw(`SELECT time_zone, to_char(day_start, 'HH24:MI') AS day_start, to_char(day_end, 'HH24:MI') AS day_end,
		working_days, ack_hours, decide_hours FROM business_hours WHERE country = ?`, country).Scan(ctx, &row)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, company.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("admin: calendar %s: %w", country, err)
	}
	c := &Calendar{Country: country, TimeZone: row.TimeZone, DayStart: row.DayStart, DayEnd: row.DayEnd,
		AckHours: row.AckHours, DecideHours: row.DecideHours}
	for _, d := range row.WorkingDays {
		c.WorkingDays = append(c.WorkingDays, int(d))
	}
	slices.Sort(c.WorkingDays)
	return c, nil
}

// check cleans the calendar and returns what is wrong with it: FieldErrors on
// time_zone, day_start, day_end, working_days, ack_hours, decide_hours.
func (c *Calendar) check() FieldErrors {
	errs := FieldErrors{}
	c.TimeZone = strings.TrimSpace(c.TimeZone)
	switch {
	case c.TimeZone == "":
		errs["time_zone"] = "required"
	case c.TimeZone == "Local" || !validZone(c.TimeZone):
		errs["time_zone"] = "time_zone"
	}
	start, okStart := parseClock(c.DayStart)
	end, okEnd := parseClock(c.DayEnd)
	if !okStart {
		errs["day_start"] = "time"
	}
	if !okEnd {
		errs["day_end"] = "time"
	}
	if okStart && okEnd && end <= start {
		errs["day_end"] = "end_before_start"
	}
	days := make([]int, 0, 7)
	for _, d := range c.WorkingDays {
		if d < 1 || d > 7 {
			errs["working_days"] = "weekday"
		} else if !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	c.WorkingDays = days
	if len(days) == 0 && errs["working_days"] == "" {
		errs["working_days"] = "required"
	}
	if c.AckHours < 1 || c.AckHours > MaxSLAHours {
		errs["ack_hours"] = "hours_range"
	}
	if c.DecideHours < 1 || c.DecideHours > MaxSLAHours {
		errs["decide_hours"] = "hours_range"
	} else if errs["ack_hours"] == "" && c.DecideHours < c.AckHours {
		errs["decide_hours"] = "decide_before_ack"
	}
	if okStart {
		c.DayStart = start.String()
	}
	if okEnd {
		c.DayEnd = end.String()
	}
	return errs
}

func validZone(name string) bool {
	_, err := time.LoadLocation(name)
	return err == nil
}

// clock is a wall-clock time in minutes since midnight.
type clock int

func (c clock) String() string { return fmt.Sprintf("%02d:%02d", c/60, c%60) }

// parseClock reads "8:00", "08:00" or "08:00:00".
func parseClock(s string) (clock, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"15:04", "15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return clock(t.Hour()*60 + t.Minute()), true
		}
	}
	return 0, false
}

// SaveCalendar replaces a country's business hours. Complaints filed from now
// on get deadlines by the new calendar; the deadlines of filed ones stay.
func SaveCalendar(ctx context.Context, db bun.IDB, actorID int64, c Calendar) error {
	if !slices.Contains(Countries, c.Country) {
		return company.ErrNotFound
	}
	if errs := c.check(); len(errs) > 0 {
		return errs
	}
	days := make([]int16, len(c.WorkingDays))
	for i, d := range c.WorkingDays {
		days[i] = int16(d)
	}
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO business_hours (country, time_zone, day_start, day_end, working_days, ack_hours, decide_hours)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (country) DO UPDATE SET time_zone = EXCLUDED.time_zone, day_start = EXCLUDED.day_start,
				day_end = EXCLUDED.day_end, working_days = EXCLUDED.working_days, ack_hours = EXCLUDED.ack_hours,
				decide_hours = EXCLUDED.decide_hours`,
			c.Country, c.TimeZone, c.DayStart, c.DayEnd, pgdialect.Array(days), c.AckHours, c.DecideHours)
		if err != nil {
			return fmt.Errorf("admin: save calendar %s: %w", c.Country, err)
		}
		return nil
	})
}

// Holiday is a public holiday: the SLA clocks stop for the whole local day.
type Holiday struct {
	Day  time.Time `bun:"day"` // a date (midnight UTC)
	Name string    `bun:"name"`
}

// ISOWeekday is the holiday's weekday, 1 Monday … 7 Sunday.
func (h Holiday) ISOWeekday() int {
	if d := int(h.Day.Weekday()); d != 0 {
		return d
	}
	return 7
}

// Holidays lists a country's public holidays of a year by date.
func Holidays(ctx context.Context, db bun.IDB, country string, year int) ([]Holiday, error) {
	var out []Holiday
	err := db.NewRaw("SELECT day, name FROM public_holidays WHERE country = ? AND extract(year FROM day) = ? ORDER BY day",
		country, year).Scan(ctx, &out)
	if err != nil && !errors.Is(err, domain.ErrNoRows) {
		return nil, fmt.Errorf("admin: holidays %s %d: %w", country, year, err)
	}
	return out, nil
}

// HolidayYears lists the years a country has holidays in, plus the given
// ones (this year and the next, say), in order.
func HolidayYears(ctx context.Context, db bun.IDB, country string, also ...int) ([]int, error) {
	var years []int
	err := db.NewRaw("SELECT DISTINCT extract(year FROM day)::int FROM public_holidays WHERE country = ?", country).Scan(ctx, &years)
	if err != nil && !errors.Is(err, domain.ErrNoRows) {
		return nil, fmt.Errorf("admin: holiday years %s: %w", country, err)
	}
	for _, y := range also {
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	return years, nil
}

// AddHoliday adds a public holiday; day is "2006-01-02" (a date field's
// value). Refusals are FieldErrors on day and name.
func AddHoliday(ctx context.Context, db bun.IDB, actorID int64, country, day, name string) (time.Time, error) {
	if !slices.Contains(Countries, country) {
		return time.Time{}, company.ErrNotFound
	}
	errs := FieldErrors{}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(day))
	switch {
	case strings.TrimSpace(day) == "":
		errs["day"] = "required"
	case err != nil:
		errs["day"] = "date"
	case d.Year() < FirstYear || d.Year() > LastYear:
		errs["day"] = "date_range"
	}
	name = strings.Join(strings.Fields(name), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		errs["name"] = "required"
	case n > MaxHolidayName:
		errs["name"] = "too_long"
	}
	if len(errs) > 0 {
		return time.Time{}, errs
	}
	err = inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO public_holidays (country, day, name) VALUES (?, ?, ?) ON CONFLICT (country, day) DO NOTHING",
			country, d.Format(time.DateOnly), name)
		if err != nil {
			return fmt.Errorf("admin: add holiday %s %s: %w", country, day, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return FieldErrors{"day": "holiday_exists"}
		}
		return nil
	})
	return d, err
}

// DeleteHoliday removes a public holiday, or answers company.ErrNotFound.
func DeleteHoliday(ctx context.Context, db bun.IDB, actorID int64, country string, day time.Time) error {
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM public_holidays WHERE country = ? AND day = ?", country, day.Format(time.DateOnly))
		if err != nil {
			return fmt.Errorf("admin: delete holiday %s %s: %w", country, day.Format(time.DateOnly), err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return company.ErrNotFound
		}
		return nil
	})
}
