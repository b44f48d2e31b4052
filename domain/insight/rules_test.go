package insight

import (
	"slices"
	"testing"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/complaint"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSegmentAtItsBoundaries(t *testing.T) {
	pln := DefaultThresholds.For(domain.PLN)
	tests := []struct {
		name    string
		revenue int64
		perMo   float64
		want    string
	}{
		{"exactly the A bar, exactly the A frequency", 15_000_000, 2, SegmentA},
		{"far above A", 90_000_000, 9, SegmentA},
		{"A revenue one grosz short", 14_999_999, 2, SegmentB},
		{"A revenue but irregular", 15_000_000, 1.99, SegmentB},
		{"A revenue, a single order", 40_000_000, 1.0 / 12, SegmentB},
		{"exactly the B bar, no frequency", 4_000_000, 0, SegmentB},
		{"B revenue one grosz short, rare", 3_999_999, 3.99, SegmentC},
		{"small but weekly", 500_000, 4, SegmentB},
		{"small, almost weekly", 500_000, 3.99, SegmentC},
		{"nothing", 0, 0, SegmentC},
	}
	for _, tt := range tests {
		if got := Segment(tt.revenue, tt.perMo, pln); got != tt.want {
			t.Errorf("%s: Segment(%d, %.2f) = %s, want %s", tt.name, tt.revenue, tt.perMo, got, tt.want)
		}
	}
	// Each currency has its own bars: 40 000 € is A, 40 000 zł is not.
	if got := Segment(4_000_000, 3, DefaultThresholds.For(domain.EUR)); got != SegmentA {
		t.Errorf("40 000 € at 3/month = %s, want A", got)
	}
	if got := Segment(4_000_000, 3, pln); got != SegmentB {
		t.Errorf("40 000 zł at 3/month = %s, want B", got)
	}
	if got := OrdersPerMonth(24); got != 2 {
		t.Errorf("24 orders a year = %v a month", got)
	}
}

// every returns order days from first, step days apart, n of them.
func every(first string, step, n int) []time.Time {
	var out []time.Time
	for i := range n {
		out = append(out, day(first).AddDate(0, 0, i*step))
	}
	return out
}

func TestRhythmFallsAgainstTheCustomersOwnPace(t *testing.T) {
	weekly := every("2026-01-05", 7, 46)  // last order 2026-11-16
	every2 := every("2026-05-01", 2, 100) // last order 2026-11-15
	// Weekly until mid-August, then three orders in the last 90 days.
	thinning := append(every("2026-01-02", 7, 33), day("2026-09-10"), day("2026-10-20"), day("2026-11-19"))
	tests := []struct {
		name      string
		days      []time.Time
		today     string
		falling   bool
		silent    bool
		thinning  bool
		severity  Severity
		medianGap float64
		daysSince int
		orderDays int
	}{
		{"weekly buyer, ordered 3 days ago", weekly, "2026-11-19", false, false, false, 0, 7, 3, 46},
		{"weekly buyer, 10 days: still within 1.5 weeks", weekly, "2026-11-26", false, false, false, 0, 7, 10, 46},
		{"weekly buyer, 11 days quiet", weekly, "2026-11-27", true, true, false, Medium, 7, 11, 46},
		{"weekly buyer, 22 days quiet", weekly, "2026-12-08", true, true, false, High, 7, 22, 46},
		{"every two days, 10 days quiet: the week floor holds", every2, "2026-11-25", false, false, false, 0, 2, 10, 100},
		{"every two days, 11 days quiet", every2, "2026-11-26", true, true, false, Medium, 2, 11, 100},
		{"weekly, then three orders in 90 days", thinning, "2026-11-21", true, false, true, Medium, 7, 2, 36},
		{"two order days: no rhythm yet", every("2026-01-05", 30, 2), "2026-11-21", false, false, false, 0, 0, 290, 2},
		{"new customer, four orders this month", every("2026-11-01", 5, 4), "2026-11-21", false, false, false, 0, 5, 5, 4},
		{"no orders", nil, "2026-11-21", false, false, false, 0, 0, -1, 0},
	}
	for _, tt := range tests {
		r := NewRhythm(tt.days, day(tt.today))
		if r.Falling() != tt.falling || r.Silent() != tt.silent || r.Thinning() != tt.thinning || r.severity() != tt.severity {
			t.Errorf("%s: falling %v silent %v thinning %v severity %v, want %v %v %v %v (%+v)", tt.name,
				r.Falling(), r.Silent(), r.Thinning(), r.severity(), tt.falling, tt.silent, tt.thinning, tt.severity, r)
		}
		if r.MedianGap != tt.medianGap || r.DaysSince != tt.daysSince || r.OrderDays != tt.orderDays {
			t.Errorf("%s: median %v since %d days %d, want %v %d %d", tt.name, r.MedianGap, r.DaysSince, r.OrderDays,
				tt.medianGap, tt.daysSince, tt.orderDays)
		}
	}
}

func TestRhythmCountsDaysNotOrders(t *testing.T) {
	days := []time.Time{day("2026-11-02"), day("2026-11-02"), day("2026-11-09"), day("2026-11-13"), day("2026-11-30")}
	r := NewRhythm(days, day("2026-11-20")) // the last one is after today: not yet
	if r.OrderDays != 3 || r.MedianGap != 5.5 || r.DaysSince != 7 || r.Recent != 3 || r.Earlier != 0 {
		t.Fatalf("rhythm = %+v", r)
	}
	// Nothing in the last 90 days after a busy year is high.
	r = NewRhythm(every("2025-12-01", 5, 50), day("2026-11-20"))
	if !r.Thinning() || r.Recent != 0 || r.severity() != High {
		t.Fatalf("quiet quarter: %+v thinning %v severity %v", r, r.Thinning(), r.severity())
	}
}

func TestShrinkingBasket(t *testing.T) {
	rep := func(v int64, n int) []int64 { return slices.Repeat([]int64{v}, n) }
	tests := []struct {
		name    string
		nets    []int64
		want    bool
		percent int
	}{
		{"steady", rep(1000, 12), false, 100},
		{"last three at 60 % of usual", append(rep(1000, 9), 600, 600, 600), true, 66},
		{"exactly 70 % of the year's average", append(rep(130, 3), 70, 70, 70), false, 70},
		{"just under 70 %", append(rep(130, 3), 69, 69, 69), true, 69},
		{"one small order among normal ones", append(rep(1000, 9), 1000, 1000, 100), false, 75},
		{"only five orders: not judged", append(rep(1000, 2), 100, 100, 100), false, 21},
		{"growing", append(rep(1000, 9), 2000, 2000, 2000), false, 160},
		{"no orders", nil, false, 100},
	}
	for _, tt := range tests {
		b := BasketOf(tt.nets)
		if got := ShrinkingBasket(tt.nets); got != tt.want || b.RecentPercent() != tt.percent {
			t.Errorf("%s: shrinking %v (%d %%), want %v (%d %%); %+v", tt.name, got, b.RecentPercent(), tt.want, tt.percent, b)
		}
	}
	if s := BasketOf(append(rep(1000, 9), 400, 400, 400)).severity(); s != Medium {
		t.Errorf("basket at 42 %%: severity %v, want medium", s)
	}
	if s := BasketOf(append(rep(1000, 9), 600, 600, 600)).severity(); s != Low {
		t.Errorf("basket at 60 %%: severity %v, want low", s)
	}
}

func TestOTIF(t *testing.T) {
	ptr := func(s string) *time.Time { d := day(s); return &d }
	ds := []Delivery{
		{PromisedOn: day("2026-11-10"), DeliveredOn: ptr("2026-11-09"), InFull: true},  // early, full
		{PromisedOn: day("2026-11-10"), DeliveredOn: ptr("2026-11-10"), InFull: true},  // on the day, full
		{PromisedOn: day("2026-11-10"), DeliveredOn: ptr("2026-11-11"), InFull: true},  // a day late
		{PromisedOn: day("2026-11-12"), DeliveredOn: ptr("2026-11-12"), InFull: false}, // on time, a line short
		{PromisedOn: day("2026-11-18"), DeliveredOn: nil, InFull: false},               // promised, not delivered
		{PromisedOn: day("2026-11-20"), DeliveredOn: nil},                              // promised today: not judged yet
		{PromisedOn: day("2026-11-25"), DeliveredOn: ptr("2026-11-19"), InFull: true},  // early, but not judged yet
		{PromisedOn: day("2025-11-19"), DeliveredOn: ptr("2025-11-30"), InFull: true},  // more than a year ago
	}
	o := ComputeOTIF(ds, day("2026-11-20"))
	want := OTIF{Judged: 5, OnTimeFull: 2, Late: 2, Short: 1, Undelivered: 1}
	if o != want {
		t.Fatalf("OTIF = %+v, want %+v", o, want)
	}
	if bp, ok := o.PercentBP(); !ok || bp != 4000 {
		t.Fatalf("OTIF %% = %d %v, want 40 %%", bp, ok)
	}
	if _, ok := ComputeOTIF(nil, day("2026-11-20")).PercentBP(); ok {
		t.Fatal("OTIF of nothing judged has a value")
	}
}

func TestNPSScore(t *testing.T) {
	tests := []struct {
		scores []int
		want   int
		ok     bool
	}{
		{[]int{10, 9, 8, 7, 6, 0}, 0, true},
		{[]int{10, 10, 6}, 33, true},
		{[]int{3, 5}, -100, true},
		{[]int{8, 7}, 0, true},
		{[]int{9, 9, 9, 6, 8, 8}, 33, true},
		{nil, 0, false},
	}
	for _, tt := range tests {
		if got, ok := NPSScore(tt.scores); got != tt.want || ok != tt.ok {
			t.Errorf("NPSScore(%v) = %d %v, want %d %v", tt.scores, got, ok, tt.want, tt.ok)
		}
	}
}

func testCalendar(t *testing.T) *complaint.Calendar {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	return &complaint.Calendar{Country: "PL", Location: loc, DayStart: 8 * time.Hour, DayEnd: 16 * time.Hour,
		WorkingDays: map[time.Weekday]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true},
		Holidays:    map[string]bool{"2026-11-11": true}}
}

func TestComplaintsNearSLACountBusinessHours(t *testing.T) {
	cal := testCalendar(t)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, cal.Location)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	now := at("2026-11-20 15:00") // a Friday afternoon
	dues := []time.Time{
		at("2026-11-20 14:00"), // past
		at("2026-11-23 10:00"), // Monday morning: 1 h Friday + 2 h Monday
		at("2026-11-23 15:00"), // Monday afternoon: 1 h + 7 h = 8 h, still near
		at("2026-11-23 15:30"), // 8.5 business hours: not yet
		at("2026-11-24 16:00"), // Tuesday evening: 17 h
	}
	near, past := ComplaintsNearSLA(dues, cal, now)
	if near != 2 || past != 1 {
		t.Fatalf("near %d past %d, want 2 and 1", near, past)
	}
	// Over a holiday: Tuesday 10 Nov 15:00 → Thursday 12 Nov 10:00 is 1 h + 2 h.
	near, past = ComplaintsNearSLA([]time.Time{at("2026-11-12 10:00")}, cal, at("2026-11-10 15:00"))
	if near != 1 || past != 0 {
		t.Fatalf("over a holiday: near %d past %d", near, past)
	}
	// Without a calendar the clock is the wall clock: Monday 10:00 is 67 hours away.
	if near, _ := ComplaintsNearSLA(dues[1:2], nil, now); near != 0 {
		t.Fatal("wall clock: Monday counted as near")
	}
}

func TestSignalsMostSevereFirst(t *testing.T) {
	cal := testCalendar(t)
	now := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	f := Facts{
		Currency:      domain.PLN,
		Rhythm:        NewRhythm(every("2026-01-05", 7, 40), day("2026-11-20")), // quiet since 2026-10-05
		Basket:        BasketOf(append(slices.Repeat([]int64{1000}, 9), 600, 600, 600)),
		OverdueAmount: 12300, OverdueCount: 1,
		Detractors: 2, LowestScore: 6,
		ComplaintDues: []time.Time{now.Add(time.Hour)},
		Calendar:      cal,
	}
	got := f.Signals(now)
	var kinds []string
	for _, s := range got {
		kinds = append(kinds, s.Kind+":"+s.Severity.String())
	}
	want := []string{"falling_frequency:high", "overdue_invoices:medium", "detractor:medium", "complaint_sla:medium", "shrinking_basket:low"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("signals = %v, want %v", kinds, want)
	}
	if got[0].Days != 46 || got[0].UsualGap != 7 {
		t.Fatalf("falling signal = %+v", got[0])
	}
	f.OverdueBlocking, f.LowestScore, f.ComplaintDues = true, 2, []time.Time{now.Add(-time.Minute)}
	for _, s := range f.Signals(now) {
		if s.Kind != SignalBasket && s.Severity != High {
			t.Errorf("%s: severity %v, want high", s.Kind, s.Severity)
		}
	}
	if len(Facts{}.Signals(now)) != 0 {
		t.Fatal("a customer without history has signals")
	}
}

func TestQuerySortsAndFilters(t *testing.T) {
	today := day("2026-11-20")
	next := func(s string) *time.Time { d := day(s); return &d }
	last := func(s string) *time.Time { d := day(s); return &d }
	cs := []*Customer{
		{ID: 1, Name: "Beta", Country: "PL", Segment: "A", Revenue: 20_000_000, segmentBar: 15_000_000, Orders: 90,
			LastOrderAt: last("2026-11-19"), NextContactOn: next("2026-11-25")},
		{ID: 2, Name: "alfa", Country: "FI", Segment: "C", Revenue: 800_000, segmentBar: 4_000_000, Orders: 20,
			LastOrderAt: last("2026-10-01"), NextContactOn: next("2026-11-19"),
			Signals: []Signal{{Kind: SignalFalling, Severity: High}}, Severity: High},
		{ID: 3, Name: "Gamma", Country: "RU", Segment: "B", Revenue: 150_000_000, segmentBar: 400_000_000, Orders: 40,
			Signals: []Signal{{Kind: SignalOverdue, Severity: Medium}, {Kind: SignalBasket, Severity: Low}}, Severity: Medium},
	}
	names := func(q Query) []string {
		var out []string
		for _, c := range q.Apply(cs, today) {
			out = append(out, c.Name)
		}
		return out
	}
	tests := []struct {
		q    Query
		want []string
	}{
		{DefaultQuery, []string{"alfa", "Gamma", "Beta"}},
		{Query{Sort: SortName}, []string{"alfa", "Beta", "Gamma"}},
		{Query{Sort: SortName, Desc: true}, []string{"Gamma", "Beta", "alfa"}},
		// 20 000 zł of 15 000 is 1.33 of the bar, 1 500 000 ₽ of 4 000 000 is 0.375, 8 000 € of 40 000 is 0.2.
		{Query{Sort: SortRevenue, Desc: true}, []string{"Beta", "Gamma", "alfa"}},
		{Query{Sort: SortSegment}, []string{"Beta", "Gamma", "alfa"}},
		{Query{Sort: SortFrequency, Desc: true}, []string{"Beta", "Gamma", "alfa"}},
		{Query{Sort: SortLastOrder, Desc: true}, []string{"Beta", "alfa", "Gamma"}},
		{Query{Sort: SortNextContact}, []string{"Gamma", "alfa", "Beta"}},
		{Query{Sort: SortCountry}, []string{"alfa", "Beta", "Gamma"}},
		{Query{Segment: "B", Sort: SortName}, []string{"Gamma"}},
		{Query{Signal: SignalBasket, Sort: SortName}, []string{"Gamma"}},
		{Query{Country: "FI", Sort: SortName}, []string{"alfa"}},
		{Query{ContactDue: true, Sort: SortName}, []string{"alfa", "Gamma"}}, // overdue, and not planned
	}
	for _, tt := range tests {
		if got := names(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.q, got, tt.want)
		}
	}
	if !cs[1].ContactOverdue(today) || cs[0].ContactOverdue(today) || cs[2].ContactOverdue(today) {
		t.Error("contact overdue wrong")
	}
}
