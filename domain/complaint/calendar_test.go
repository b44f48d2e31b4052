package complaint_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
)

func loadCalendar(t *testing.T, country string) *complaint.Calendar {
	t.Helper()
	c, err := complaint.LoadCalendar(context.Background(), dbtest.DB(t), country)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestLoadCalendar(t *testing.T) {
	pl := loadCalendar(t, "PL")
	if pl.Location.String() != "Europe/Warsaw" || pl.DayStart != 8*time.Hour || pl.DayEnd != 16*time.Hour ||
		pl.AckHours != 4 || pl.DecideHours != 40 {
		t.Fatalf("PL calendar = %+v", pl)
	}
	if !pl.WorkingDays[time.Monday] || !pl.WorkingDays[time.Friday] || pl.WorkingDays[time.Saturday] || pl.WorkingDays[time.Sunday] {
		t.Fatalf("PL working days = %v", pl.WorkingDays)
	}
	if !pl.Holidays["2026-12-24"] || !pl.Holidays["2027-03-29"] || pl.Holidays["2026-12-31"] {
		t.Fatalf("PL holidays = %v", pl.Holidays)
	}
	ru := loadCalendar(t, "RU")
	if ru.DayStart != 9*time.Hour || ru.DayEnd != 18*time.Hour {
		t.Fatalf("RU hours = %v–%v", ru.DayStart, ru.DayEnd)
	}
	for d := 1; d <= 9; d++ {
		if day := time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly); !ru.Holidays[day] {
			t.Errorf("RU %s is not a holiday", day)
		}
	}
	if _, err := complaint.LoadCalendar(context.Background(), dbtest.DB(t), "DE"); err == nil {
		t.Fatal("a country without business hours loaded")
	}
}

// The holiday migration's facts, spot-checked where they are easy to get wrong.
func TestHolidayFacts(t *testing.T) {
	cases := []struct {
		country, day string
		holiday      bool
	}{
		{"PL", "2026-04-06", true},  // Easter Monday (Easter April 5)
		{"PL", "2026-06-04", true},  // Corpus Christi, Easter + 60
		{"PL", "2026-04-03", false}, // Good Friday is a working day in Poland
		{"PL", "2027-03-29", true},  // Easter Monday (Easter March 28)
		{"PL", "2027-05-27", true},  // Corpus Christi
		{"FI", "2026-04-03", true},  // Good Friday
		{"FI", "2026-05-14", true},  // Ascension Day, Easter + 39
		{"FI", "2026-06-19", true},  // Midsummer Eve, the Friday in June 19–25
		{"FI", "2027-06-25", true},
		{"FI", "2027-03-26", true},
		{"FI", "2027-05-06", true},
		{"FI", "2026-12-31", false},
		{"RU", "2026-01-09", true},  // moved from Saturday January 3
		{"RU", "2026-03-09", true},  // March 8 fell on a Sunday
		{"RU", "2026-05-11", true},  // May 9 fell on a Saturday
		{"RU", "2026-12-31", true},  // moved from Sunday January 4
		{"RU", "2027-06-14", true},  // June 12 falls on a Saturday
		{"RU", "2026-04-06", false}, // no Easter holidays in Russia
	}
	cals := map[string]*complaint.Calendar{}
	for _, c := range cases {
		if cals[c.country] == nil {
			cals[c.country] = loadCalendar(t, c.country)
		}
		if got := cals[c.country].Holidays[c.day]; got != c.holiday {
			t.Errorf("%s %s: holiday = %v, want %v", c.country, c.day, got, c.holiday)
		}
	}
}

func TestAddBusinessHours(t *testing.T) {
	cals := map[string]*complaint.Calendar{"PL": loadCalendar(t, "PL"), "FI": loadCalendar(t, "FI"), "RU": loadCalendar(t, "RU")}
	at := func(country string, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, cals[country].Location)
	}
	cases := []struct {
		name, country string
		from          time.Time
		hours         time.Duration
		want          time.Time
	}{
		{"within one day", "PL", at("PL", 2026, 11, 24, 9, 0), 4 * time.Hour, at("PL", 2026, 11, 24, 13, 0)},
		{"Friday afternoon to Monday", "PL", at("PL", 2026, 11, 20, 15, 0), 4 * time.Hour, at("PL", 2026, 11, 23, 11, 0)},
		{"ends exactly at closing", "PL", at("PL", 2026, 11, 24, 12, 0), 4 * time.Hour, at("PL", 2026, 11, 24, 16, 0)},
		{"before opening", "PL", at("PL", 2026, 11, 24, 6, 30), 4 * time.Hour, at("PL", 2026, 11, 24, 12, 0)},
		{"after closing", "PL", at("PL", 2026, 11, 24, 17, 0), 4 * time.Hour, at("PL", 2026, 11, 25, 12, 0)},
		{"at midnight", "PL", at("PL", 2026, 11, 25, 0, 0), 4 * time.Hour, at("PL", 2026, 11, 25, 12, 0)},
		{"on Saturday", "PL", at("PL", 2026, 11, 21, 10, 0), 4 * time.Hour, at("PL", 2026, 11, 23, 12, 0)},
		{"zero hours outside opening", "PL", at("PL", 2026, 11, 21, 10, 0), 0, at("PL", 2026, 11, 23, 8, 0)},
		{"decision: 40 hours is a working week", "PL", at("PL", 2026, 11, 23, 9, 0), 40 * time.Hour, at("PL", 2026, 11, 30, 9, 0)},
		{"minutes", "PL", at("PL", 2026, 11, 24, 15, 45), 30 * time.Minute, at("PL", 2026, 11, 25, 8, 15)},
		{"Christmas: Eve to Boxing Day and the weekend", "PL", at("PL", 2026, 12, 23, 14, 0), 4 * time.Hour, at("PL", 2026, 12, 28, 10, 0)},
		{"New Year", "PL", at("PL", 2026, 12, 31, 15, 0), 4 * time.Hour, at("PL", 2027, 1, 4, 11, 0)},
		{"Epiphany", "PL", at("PL", 2027, 1, 5, 15, 0), 4 * time.Hour, at("PL", 2027, 1, 7, 11, 0)},
		{"Poland works on Good Friday", "PL", at("PL", 2026, 4, 2, 15, 0), 4 * time.Hour, at("PL", 2026, 4, 3, 11, 0)},
		{"Finland rests from Good Friday to Easter Monday", "FI", at("FI", 2026, 4, 2, 15, 0), 4 * time.Hour, at("FI", 2026, 4, 7, 11, 0)},
		{"Finnish Midsummer Eve", "FI", at("FI", 2026, 6, 18, 14, 0), 4 * time.Hour, at("FI", 2026, 6, 22, 10, 0)},
		{"Russian New Year holidays Jan 1–9 2026", "RU", at("RU", 2026, 1, 3, 10, 0), 4 * time.Hour, at("RU", 2026, 1, 12, 13, 0)},
		{"Russian Dec 31 off, then Jan 1–8", "RU", at("RU", 2026, 12, 30, 16, 0), 4 * time.Hour, at("RU", 2027, 1, 11, 11, 0)},
		{"Russian moved day off after May 9", "RU", at("RU", 2026, 5, 8, 17, 0), 4 * time.Hour, at("RU", 2026, 5, 12, 12, 0)},
		// Opening hours are wall-clock times: 15:00 CET + 4 h is 11:00 CEST,
		// 67 real hours later.
		{"spring DST weekend", "PL", at("PL", 2026, 3, 27, 15, 0), 4 * time.Hour, at("PL", 2026, 3, 30, 11, 0)},
		{"autumn DST weekend", "FI", at("FI", 2026, 10, 23, 15, 0), 4 * time.Hour, at("FI", 2026, 10, 26, 11, 0)},
		{"from another zone", "PL", time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC), time.Hour, at("PL", 2026, 11, 24, 10, 0)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cal := cals[c.country]
			got := cal.AddBusinessHours(c.from, c.hours)
			if !got.Equal(c.want) {
				t.Fatalf("%s + %v = %s, want %s", c.from.In(cal.Location), c.hours, got, c.want)
			}
			if back := cal.BusinessTimeBetween(c.from, got); back != c.hours {
				t.Fatalf("business time between = %v, want %v", back, c.hours)
			}
		})
	}
}

// allWeek is open every day from 01:00 to 05:00 Warsaw time, so the DST
// changes (02:00 → 03:00 in March, 03:00 → 02:00 in October) fall in its hours.
func allWeek(t testing.TB) *complaint.Calendar {
	days := map[time.Weekday]bool{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		days[d] = true
	}
	return &complaint.Calendar{Country: "PL", Location: mustLoc(t, "Europe/Warsaw"), DayStart: time.Hour, DayEnd: 5 * time.Hour,
		WorkingDays: days, Holidays: map[string]bool{}, AckHours: 4, DecideHours: 40}
}

func TestBusinessHoursOnDSTDays(t *testing.T) {
	cal := allWeek(t)
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, cal.Location) }
	// March 29: 01:00–05:00 on the clock is three hours.
	if got := cal.BusinessTimeBetween(at(3, 29, 0), at(3, 30, 0)); got != 3*time.Hour {
		t.Errorf("March 29 has %v of business time, want 3h", got)
	}
	if got := cal.AddBusinessHours(at(3, 29, 1), 3*time.Hour); !got.Equal(at(3, 29, 5)) {
		t.Errorf("March 29 01:00 + 3h = %s, want 05:00", got)
	}
	if got := cal.AddBusinessHours(at(3, 29, 1), 4*time.Hour); !got.Equal(at(3, 30, 2)) {
		t.Errorf("March 29 01:00 + 4h = %s, want March 30 02:00", got)
	}
	// October 25: five hours, the clock shows 02:00–03:00 twice.
	if got := cal.BusinessTimeBetween(at(10, 25, 0), at(10, 26, 0)); got != 5*time.Hour {
		t.Errorf("October 25 has %v of business time, want 5h", got)
	}
	if got := cal.AddBusinessHours(at(10, 25, 1), 5*time.Hour); !got.Equal(at(10, 25, 5)) {
		t.Errorf("October 25 01:00 + 5h = %s, want 05:00", got)
	}
}

func TestBusinessTimeBetween(t *testing.T) {
	cal := loadCalendar(t, "PL")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, cal.Location) }
	cases := []struct {
		name     string
		from, to time.Time
		want     time.Duration
	}{
		{"backwards", at(11, 24, 12), at(11, 24, 10), 0},
		{"same instant", at(11, 24, 12), at(11, 24, 12), 0},
		{"night", at(11, 24, 17), at(11, 25, 7), 0},
		{"weekend", at(11, 21, 0), at(11, 23, 0), 0},
		{"a working day", at(11, 24, 0), at(11, 25, 0), 8 * time.Hour},
		{"overdue across a week", at(11, 20, 12), at(11, 27, 12), 40 * time.Hour},
		{"Christmas week", at(12, 21, 0), at(12, 28, 0), 3 * 8 * time.Hour},
	}
	for _, c := range cases {
		if got := cal.BusinessTimeBetween(c.from, c.to); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Adding business time and measuring it back agree for any start, and
// deadlines never move backwards as the duration grows.
func TestBusinessHoursRoundTrip(t *testing.T) {
	cals := []*complaint.Calendar{loadCalendar(t, "PL"), loadCalendar(t, "FI"), loadCalendar(t, "RU"), allWeek(t)}
	rnd := rand.New(rand.NewPCG(7, 11))
	start := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3000; i++ {
		cal := cals[i%len(cals)]
		from := start.Add(time.Duration(rnd.Int64N(int64(2 * 365 * 24 * time.Hour))))
		d := time.Duration(rnd.Int64N(int64(80 * time.Hour))).Truncate(time.Second)
		checkRoundTrip(t, cal, from, d)
		checkRoundTrip(t, cal, from, d+time.Duration(rnd.Int64N(int64(time.Hour))))
	}
}

func checkRoundTrip(t *testing.T, cal *complaint.Calendar, from time.Time, d time.Duration) {
	t.Helper()
	due := cal.AddBusinessHours(from, d)
	if got := cal.BusinessTimeBetween(from, due); got != d {
		t.Fatalf("%s %s + %v = %s, measured back as %v", cal.Country, from, d, due, got)
	}
	if due.Before(from) {
		t.Fatalf("%s %s + %v = %s, before the start", cal.Country, from, d, due)
	}
	if later := cal.AddBusinessHours(from, d+time.Minute); !later.After(due) {
		t.Fatalf("%s %s: +%v = %s but +1 minute more = %s", cal.Country, from, d, due, later)
	}
}

func FuzzAddBusinessHours(f *testing.F) {
	f.Add(int64(1790000000), int64(4*3600))
	f.Add(int64(1798700000), int64(40*3600))
	f.Add(int64(1774738800), int64(5*3600)) // March 29, 2026, 00:00 Warsaw
	pl := &complaint.Calendar{Country: "PL", Location: mustLoc(f, "Europe/Warsaw"), DayStart: 8 * time.Hour, DayEnd: 16 * time.Hour,
		WorkingDays: map[time.Weekday]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true},
		Holidays:    map[string]bool{"2026-12-24": true, "2026-12-25": true, "2027-01-01": true}, AckHours: 4, DecideHours: 40}
	f.Fuzz(func(t *testing.T, unix, seconds int64) {
		if unix < 0 || unix > 1e10 || seconds < 0 || seconds > 1000*3600 {
			t.Skip()
		}
		from, d := time.Unix(unix, 0), time.Duration(seconds)*time.Second
		checkRoundTrip(t, pl, from, d)
		checkRoundTrip(t, allWeek(t), from, d)
	})
}
