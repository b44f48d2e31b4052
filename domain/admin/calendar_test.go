package admin_test

import (
	"errors"
	"testing"
	"time"

	"partnerdesk/domain/admin"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
)

func TestCalendarValidation(t *testing.T) {
	db := dbtest.DB(t)
	boss := staff(t, "admin")
	good := admin.Calendar{Country: "FI", TimeZone: "Europe/Helsinki", DayStart: "08:00", DayEnd: "16:00", WorkingDays: []int{1, 2, 3, 4, 5}, AckHours: 4, DecideHours: 40}
	for _, tc := range []struct {
		name        string
		edit        func(c *admin.Calendar)
		field, code string
	}{
		{"no zone", func(c *admin.Calendar) { c.TimeZone = " " }, "time_zone", "required"},
		{"unknown zone", func(c *admin.Calendar) { c.TimeZone = "Europe/Atlantis" }, "time_zone", "time_zone"},
		{"local zone", func(c *admin.Calendar) { c.TimeZone = "Local" }, "time_zone", "time_zone"},
		{"bad start", func(c *admin.Calendar) { c.DayStart = "25:00" }, "day_start", "time"},
		{"bad end", func(c *admin.Calendar) { c.DayEnd = "noon" }, "day_end", "time"},
		{"end before start", func(c *admin.Calendar) { c.DayStart, c.DayEnd = "16:00", "08:00" }, "day_end", "end_before_start"},
		{"end at start", func(c *admin.Calendar) { c.DayEnd = "08:00" }, "day_end", "end_before_start"},
		{"no days", func(c *admin.Calendar) { c.WorkingDays = nil }, "working_days", "required"},
		{"day 8", func(c *admin.Calendar) { c.WorkingDays = []int{1, 8} }, "working_days", "weekday"},
		{"zero ack", func(c *admin.Calendar) { c.AckHours = 0 }, "ack_hours", "hours_range"},
		{"negative decision", func(c *admin.Calendar) { c.DecideHours = -5 }, "decide_hours", "hours_range"},
		{"huge decision", func(c *admin.Calendar) { c.DecideHours = admin.MaxSLAHours + 1 }, "decide_hours", "hours_range"},
		{"decision before ack", func(c *admin.Calendar) { c.AckHours, c.DecideHours = 8, 4 }, "decide_hours", "decide_before_ack"},
	} {
		c := good
		c.WorkingDays = append([]int(nil), good.WorkingDays...)
		tc.edit(&c)
		err := admin.SaveCalendar(ctx, db, boss, c)
		var fe admin.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] != tc.code {
			t.Errorf("%s: %v, want %s: %s", tc.name, err, tc.field, tc.code)
		}
	}
	c := good
	c.Country = "DE"
	if err := admin.SaveCalendar(ctx, db, boss, c); !errors.Is(err, company.ErrNotFound) {
		t.Fatalf("unknown country: %v", err)
	}
	got, err := admin.GetCalendar(ctx, db, "FI")
	if err != nil || got.DayStart != "08:00" || got.DayEnd != "16:00" || len(got.WorkingDays) != 5 {
		t.Fatalf("calendar after refusals: %+v %v", got, err)
	}
}

// A changed calendar gives a complaint filed afterwards other deadlines.
func TestChangedCalendarChangesNewDeadlines(t *testing.T) {
	db := dbtest.DB(t)
	boss := staff(t, "admin")
	before, err := admin.GetCalendar(ctx, db, "PL")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := admin.SaveCalendar(ctx, db, boss, *before); err != nil {
			t.Error(err)
		}
	})
	warsaw, _ := time.LoadLocation("Europe/Warsaw")
	filed := time.Date(2031, 3, 7, 14, 0, 0, 0, warsaw) // a Friday, 14:00

	cal, err := complaint.LoadCalendar(ctx, db, "PL")
	if err != nil {
		t.Fatal(err)
	}
	ack, decision := cal.Deadlines(filed)
	// 08:00–16:00 Mon–Fri, 4 h to acknowledge: 2 h on Friday, 2 h on Monday.
	if want := time.Date(2031, 3, 10, 10, 0, 0, 0, warsaw); !ack.Equal(want) {
		t.Fatalf("acknowledge by %v, want %v", ack, want)
	}

	// Saturdays too, 07:00–19:00, a day to acknowledge, a week to decide.
	err = admin.SaveCalendar(ctx, db, boss, admin.Calendar{Country: "PL", TimeZone: "Europe/Warsaw", DayStart: "7:00", DayEnd: "19:00",
		WorkingDays: []int{6, 1, 2, 3, 4, 5, 5}, AckHours: 12, DecideHours: 60})
	if err != nil {
		t.Fatal(err)
	}
	saved, err := admin.GetCalendar(ctx, db, "PL")
	if err != nil || saved.DayStart != "07:00" || len(saved.WorkingDays) != 6 || saved.WorkingDays[5] != 6 || !saved.WorksOn(6) || saved.WorksOn(7) {
		t.Fatalf("saved %+v %v", saved, err)
	}
	cal, err = complaint.LoadCalendar(ctx, db, "PL")
	if err != nil {
		t.Fatal(err)
	}
	ack2, decision2 := cal.Deadlines(filed)
	// 5 h on Friday (14–19), 7 more on Saturday: 14:00.
	if want := time.Date(2031, 3, 8, 14, 0, 0, 0, warsaw); !ack2.Equal(want) {
		t.Fatalf("acknowledge by %v after the change, want %v", ack2, want)
	}
	if got := cal.AddBusinessHours(filed, 12*time.Hour); !got.Equal(ack2) {
		t.Fatalf("AddBusinessHours %v, Deadlines %v", got, ack2)
	}
	if decision2.Equal(decision) {
		t.Fatal("the decision deadline did not change with the calendar")
	}

	// A public holiday on that Saturday moves the deadline to Monday.
	if _, err := admin.AddHoliday(ctx, db, boss, "PL", "2031-03-08", "  Test   holiday "); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dbtest.Exec(t, db, "DELETE FROM public_holidays WHERE country = 'PL' AND day = '2031-03-08'") })
	cal, err = complaint.LoadCalendar(ctx, db, "PL")
	if err != nil {
		t.Fatal(err)
	}
	if ack3, _ := cal.Deadlines(filed); !ack3.Equal(time.Date(2031, 3, 10, 14, 0, 0, 0, warsaw)) {
		t.Fatalf("acknowledge by %v with the holiday", ack3)
	}
}

func TestHolidays(t *testing.T) {
	db := dbtest.DB(t)
	boss := staff(t, "admin")
	day, err := admin.AddHoliday(ctx, db, boss, "RU", "2032-06-12", "День России")
	if err != nil {
		t.Fatal(err)
	}
	hs, err := admin.Holidays(ctx, db, "RU", 2032)
	if err != nil || len(hs) != 1 || hs[0].Name != "День России" || !hs[0].Day.Equal(day) {
		t.Fatalf("holidays of 2032: %+v %v", hs, err)
	}
	years, err := admin.HolidayYears(ctx, db, "RU", 2040)
	if err != nil || years[len(years)-1] != 2040 || !contains(years, 2032) || !contains(years, 2026) {
		t.Fatalf("years %v %v", years, err)
	}
	for _, tc := range []struct {
		day, name   string
		field, code string
	}{
		{"2032-06-12", "again", "day", "holiday_exists"},
		{"", "x", "day", "required"},
		{"12.06.2032", "x", "day", "date"},
		{"1999-12-31", "x", "day", "date_range"},
		{"2032-06-13", " ", "name", "required"},
	} {
		_, err := admin.AddHoliday(ctx, db, boss, "RU", tc.day, tc.name)
		var fe admin.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] != tc.code {
			t.Errorf("%q %q: %v, want %s: %s", tc.day, tc.name, err, tc.field, tc.code)
		}
	}
	if err := admin.DeleteHoliday(ctx, db, boss, "RU", day); err != nil {
		t.Fatal(err)
	}
	if err := admin.DeleteHoliday(ctx, db, boss, "RU", day); !errors.Is(err, company.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}

func contains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
