package notify

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestInvoiceReminder(t *testing.T) {
	today := day("2026-11-22")
	steps := []int{1, 7, 14}
	cases := []struct {
		due      string
		wantKind string
		wantStep int
	}{
		{"2026-11-26", "", 0}, // 4 days ahead: not yet
		{"2026-11-25", KindInvoiceDue, 0},
		{"2026-11-22", KindInvoiceDue, 0}, // due today is not late yet
		{"2026-11-21", KindInvoiceOverdue, 1},
		{"2026-11-16", KindInvoiceOverdue, 1}, // 6 days
		{"2026-11-15", KindInvoiceOverdue, 7},
		{"2026-11-08", KindInvoiceOverdue, 14},
		{"2026-09-01", KindInvoiceOverdue, 14}, // first seen long after: the last step only
	}
	for _, c := range cases {
		kind, step := InvoiceReminder(day(c.due), today, 3, steps)
		if kind != c.wantKind || step != c.wantStep {
			t.Errorf("due %s: got %q step %d, want %q step %d", c.due, kind, step, c.wantKind, c.wantStep)
		}
	}
}

func TestReorderRhythm(t *testing.T) {
	days := func(ss ...string) []time.Time {
		out := make([]time.Time, len(ss))
		for i, s := range ss {
			out[i] = day(s)
		}
		return out
	}
	weekly := days("2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29")
	cases := []struct {
		name      string
		days      []time.Time
		today     string
		wantCycle float64
		wantDue   bool
	}{
		{"weekly, 10 days since", weekly, "2026-11-08", 7, false}, // 10 ≤ 10.5
		{"weekly, 11 days since", weekly, "2026-11-09", 7, true},  // 11 > 10.5
		{"weekly, 28 days since", weekly, "2026-11-26", 7, true},  // 4 cycles: still worth it
		{"weekly, 29 days since: moved on", weekly, "2026-11-27", 7, false},
		{"two order days are no rhythm", days("2026-10-01", "2026-10-08"), "2026-11-01", 7, false},
		{"three order days are", days("2026-10-01", "2026-10-08", "2026-10-15"), "2026-10-26", 7, true},
		{"median, not mean: one long holiday gap", days("2026-08-01", "2026-09-20", "2026-09-27", "2026-10-04", "2026-10-11"), "2026-10-22", 7, true},
		{"even count: middle two averaged", days("2026-10-01", "2026-10-05", "2026-10-15", "2026-10-21", "2026-10-31"), "2026-11-20", 8, true},
		{"same-day orders count once", days("2026-10-01", "2026-10-01", "2026-10-08", "2026-10-08", "2026-10-15"), "2026-10-26", 7, true},
		{"unsorted input", days("2026-10-15", "2026-10-01", "2026-10-08"), "2026-10-26", 7, true},
	}
	for _, c := range cases {
		r := Reorder(c.days, day(c.today), Config{})
		if r.Cycle != c.wantCycle || r.Due != c.wantDue {
			t.Errorf("%s: cycle %.1f due %v, want %.1f %v", c.name, r.Cycle, r.Due, c.wantCycle, c.wantDue)
		}
	}
	// History is the latest order days only: an old slow rhythm does not hide a new fast one.
	var hist []time.Time
	for i := range 20 {
		hist = append(hist, day("2025-01-01").AddDate(0, 0, 30*i)) // monthly for 20 months
	}
	last := hist[len(hist)-1]
	for i := 1; i <= 10; i++ {
		hist = append(hist, last.AddDate(0, 0, 3*i)) // then every 3 days
	}
	r := Reorder(hist, hist[len(hist)-1].AddDate(0, 0, 5), Config{})
	if r.Cycle != 3 || !r.Due {
		t.Errorf("recent rhythm: cycle %.1f due %v, want 3 and due", r.Cycle, r.Due)
	}
}
