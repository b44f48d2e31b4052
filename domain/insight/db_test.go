package insight

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// history builds a company's orders, shipments and status changes for tests.
type history struct {
	t       *testing.T
	db      bun.IDB
	company int64
	product int64
}

func newHistory(t *testing.T, country, currency, lang string) *history {
	db := dbtest.DB(t)
	return &history{t: t, db: db, company: dbtest.Company(t, db, dbtest.CompanyOpts{Country: country, Currency: currency, Language: lang}),
		product: dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1000})}
}

// order is one order to write: placed at, for net (qty × unit), in a status.
type order struct {
	at        time.Time
	qty       int
	unit      int64
	status    string
	expected  string // yyyy-mm-dd or ""
	requested string
}

// add writes the order with one line and returns the order and line ids.
func (h *history) add(o order) (int64, int64) {
	h.t.Helper()
	if o.qty == 0 {
		o.qty = 1
	}
	if o.status == "" {
		o.status = "delivered"
	}
	net := int64(o.qty) * o.unit
	var id, line int64
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	dbtest.Scan(h.t, h.db, &id, `INSERT INTO orders (company_id, channel, status, currency, net_goods, net_total, vat_total, gross_total,
		idempotency_key, created_at, updated_at, expected_on, requested_on)
		SELECT ?, 'portal', ?, currency, ?, ?, 0, ?, ?, ?, ?, ?, ? FROM companies WHERE id = ? RETURNING id`,
		h.company, o.status, net, net, net, fmt.Sprintf("insight-test-%d", dbtest.Unique()), o.at, o.at,
		nullable(o.expected), nullable(o.requested), h.company)
	dbtest.Scan(h.t, h.db, &line, `INSERT INTO order_lines (order_id, line_no, product_id, sku, name, qty, list_price, unit_price, vat_rate_bp, net_amount)
		SELECT ?, 1, id, sku, name_pl, ?, ?, ?, 2300, ? FROM products WHERE id = ? RETURNING id`,
		id, o.qty, o.unit, o.unit, net, h.product)
	dbtest.Exec(h.t, h.db, `INSERT INTO order_status_history (order_id, status, at) VALUES (?, 'placed', ?)`, id, o.at)
	return id, line
}

// ship records a shipment of qty of the line, and its delivery if delivered is set.
func (h *history) ship(orderID, lineID int64, qty int, shipped time.Time, delivered *time.Time) {
	h.t.Helper()
	var sid int64
	dbtest.Scan(h.t, h.db, &sid, `INSERT INTO shipments (order_id, erp_ref, shipped_at, delivered_at) VALUES (?, ?, ?, ?) RETURNING id`,
		orderID, fmt.Sprintf("WZ-test-%d", dbtest.Unique()), shipped, delivered)
	dbtest.Exec(h.t, h.db, `INSERT INTO shipment_lines (shipment_id, order_line_id, qty) VALUES (?, ?, ?)`, sid, lineID, qty)
}

func (h *history) status(orderID int64, status string, at time.Time) {
	h.t.Helper()
	dbtest.Exec(h.t, h.db, `INSERT INTO order_status_history (order_id, status, at) VALUES (?, ?, ?)`, orderID, status, at)
}

var warsaw = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		panic(err)
	}
	return loc
}()

// OTIF computed from the real tables: expected (else requested) date against
// the delivered status and shipments, lines in full, local days.
func TestOTIFFromOrdersShipmentsAndStatusHistory(t *testing.T) {
	ctx := context.Background()
	h := newHistory(t, "PL", "PLN", "pl")
	today := time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, warsaw)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ptr := func(v time.Time) *time.Time { return &v }
	delivered := func(expected, requested, deliveredAt string, shipQty int) {
		id, line := h.add(order{at: at("2026-06-01 09:00"), qty: 5, unit: 1000, expected: expected, requested: requested})
		h.ship(id, line, shipQty, at("2026-06-02 10:00"), ptr(at(deliveredAt)))
		h.status(id, "delivered", at(deliveredAt))
	}
	delivered("2026-06-10", "", "2026-06-09 12:00", 5)           // early, in full: hit
	delivered("2026-06-10", "", "2026-06-10 15:59", 5)           // on the day: hit
	delivered("", "2026-06-12", "2026-06-12 08:00", 5)           // no expected date: the requested one counts: hit
	delivered("2026-06-10", "", "2026-06-11 09:00", 5)           // a day late
	delivered("2026-06-10", "", "2026-06-11 00:30", 5)           // late by the customer's clock (UTC still says the 10th)
	delivered("2026-06-10", "2026-06-15", "2026-06-10 10:00", 3) // on time, two pieces short: not in full
	// Delivered by the status on time, but a second shipment arrived later.
	id, line := h.add(order{at: at("2026-06-01 09:00"), qty: 4, unit: 1000, expected: "2026-06-10"})
	h.ship(id, line, 2, at("2026-06-02 10:00"), ptr(at("2026-06-03 10:00")))
	h.ship(id, line, 2, at("2026-06-11 10:00"), ptr(at("2026-06-12 10:00")))
	h.status(id, "delivered", at("2026-06-09 10:00"))
	// Shipped, promised for yesterday, not delivered: late already.
	id, line = h.add(order{at: at("2026-06-15 09:00"), qty: 2, unit: 1000, status: "shipped", expected: "2026-06-19"})
	h.ship(id, line, 2, at("2026-06-16 10:00"), nil)
	// Not judged: promised today, promised later, cancelled, never promised.
	h.add(order{at: at("2026-06-18 09:00"), unit: 1000, status: "confirmed", expected: "2026-06-20"})
	h.add(order{at: at("2026-06-18 09:00"), unit: 1000, status: "placed", expected: "2026-06-25"})
	h.add(order{at: at("2026-06-01 09:00"), unit: 1000, status: "cancelled", expected: "2026-06-05"})
	h.add(order{at: at("2026-06-01 09:00"), unit: 1000, status: "delivered"})

	ds, err := Deliveries(ctx, h.db, h.company, today)
	if err != nil {
		t.Fatal(err)
	}
	o := ComputeOTIF(ds, today)
	want := OTIF{Judged: 8, OnTimeFull: 3, Late: 4, Short: 1, Undelivered: 1}
	if o != want {
		t.Fatalf("OTIF = %+v, want %+v", o, want)
	}
	p, err := ProfileOf(ctx, h.db, h.company, Options{Today: today, Now: today.Add(12 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if bp, ok := p.OTIF.PercentBP(); !ok || bp != 3800 { // 3 of 8 = 37.5 %, shown as 38 %
		t.Fatalf("profile OTIF = %d (%+v)", bp, p.OTIF)
	}
}

// The list: revenue, frequency, segment and every signal from one query,
// with the scope of a manager, a backup and an admin.
func TestCustomersListMeasuresAndSignals(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	now := time.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var manager, other, admin int64
	for _, p := range []*int64{&manager, &other, &admin} {
		role := "manager"
		if p == &admin {
			role = "admin"
		}
		n := dbtest.Unique()
		dbtest.Scan(t, db, p, `INSERT INTO users (email, name, role) VALUES (?, ?, ?) RETURNING id`,
			fmt.Sprintf("staff%d@insight.test", n), fmt.Sprintf("Staff %d", n), role)
	}

	// Big and regular: weekly orders of 5 000 zł for a year → 260 000 zł, A.
	big := newHistory(t, "PL", "PLN", "pl")
	for d := 360; d >= 3; d -= 7 {
		big.add(order{at: today.AddDate(0, 0, -d).Add(10 * time.Hour), unit: 500_000})
	}
	// Was weekly, quiet for 40 days, small last baskets, an overdue invoice,
	// an unhappy NPS answer and a complaint past its deadline.
	slipping := newHistory(t, "FI", "EUR", "fi")
	var lastOrder int64
	for d := 355; d >= 40; d -= 7 {
		unit := int64(50_000)
		if d < 60 {
			unit = 10_000
		}
		lastOrder, _ = slipping.add(order{at: today.AddDate(0, 0, -d).Add(9 * time.Hour), unit: unit})
	}
	buyer := dbtest.User(t, db, slipping.company, "buyer")
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total, paid)
		VALUES (?, ?, 'EUR', ?::date - 40, ?::date - 20, 10000, 2550, 12550, 2550)`, slipping.company, fmt.Sprintf("INS-%d", dbtest.Unique()),
		today.Format(time.DateOnly), today.Format(time.DateOnly))
	dbtest.Exec(t, db, `INSERT INTO nps_responses (company_id, user_id, trigger, trigger_ref, channel, score, created_at)
		VALUES (?, ?, 'quarterly', ?, 'bot', 3, now() - interval '10 days')`, slipping.company, buyer, fmt.Sprint(dbtest.Unique()))
	var line int64
	dbtest.Scan(t, db, &line, "SELECT id FROM order_lines WHERE order_id = ?", lastOrder)
	dbtest.Exec(t, db, `INSERT INTO complaints (company_id, order_id, order_line_id, channel, qty, reason, stage, ack_due_at, decision_due_at, acknowledged_at)
		VALUES (?, ?, ?, 'portal', 1, 'damaged', 'acknowledged', now() - interval '3 days', now() - interval '1 hour', now() - interval '3 days')`,
		slipping.company, lastOrder, line)
	// Nothing yet; pending registration; another manager's customer.
	quiet := newHistory(t, "RU", "RUB", "ru")
	pending := dbtest.Company(t, db, dbtest.CompanyOpts{Status: "pending"})
	foreign := dbtest.Company(t, db, dbtest.CompanyOpts{})

	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id IN (?, ?, ?)", manager, big.company, quiet.company, pending)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = ? WHERE id = ?", other, manager, slipping.company)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", other, foreign)

	opts := Options{Today: today, Now: now, GraceDays: 7}
	cs, err := Customers(ctx, db, Scope{StaffID: manager}, opts)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*Customer{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	if len(cs) != 3 || byID[big.company] == nil || byID[slipping.company] == nil || byID[quiet.company] == nil {
		t.Fatalf("manager sees %d customers: %v", len(cs), byID)
	}
	b := byID[big.company]
	if b.Orders != 52 || b.Revenue != 52*500_000 || b.Segment != SegmentA || len(b.Signals) != 0 || b.Rhythm.MedianGap != 7 {
		t.Errorf("big: orders %d revenue %d segment %s signals %+v rhythm %+v", b.Orders, b.Revenue, b.Segment, b.Signals, b.Rhythm)
	}
	if b.AssignedAs(manager) != "manager" {
		t.Errorf("big assigned as %q", b.AssignedAs(manager))
	}
	s := byID[slipping.company]
	var kinds []string
	for _, sg := range s.Signals {
		kinds = append(kinds, sg.Kind+":"+sg.Severity.String())
	}
	slices.Sort(kinds)
	want := []string{"complaint_sla:high", "detractor:high", "falling_frequency:high", "overdue_invoices:high", "shrinking_basket:medium"}
	if !slices.Equal(kinds, want) {
		t.Errorf("slipping signals = %v, want %v (rhythm %+v, basket %+v)", kinds, want, s.Rhythm, s.Basket)
	}
	if s.OverdueAmount != 10000 || s.Segment != SegmentB || s.AssignedAs(manager) != "backup" || s.Severity != High {
		t.Errorf("slipping: overdue %d segment %s as %q severity %v", s.OverdueAmount, s.Segment, s.AssignedAs(manager), s.Severity)
	}
	q := byID[quiet.company]
	if q.Orders != 0 || q.Revenue != 0 || q.LastOrderAt != nil || q.Segment != SegmentC || len(q.Signals) != 0 {
		t.Errorf("quiet: %+v", q)
	}

	all, err := Customers(ctx, db, Scope{StaffID: admin, All: true}, opts)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, c := range all {
		seen[c.ID] = true
	}
	if !seen[foreign] || seen[pending] || !seen[big.company] {
		t.Errorf("admin list: foreign %v pending %v", seen[foreign], seen[pending])
	}
	if _, err := CustomerOf(ctx, db, -1, opts); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown company: %v", err)
	}

	// The profile of the slipping customer: months, complaint rate, NPS.
	p, err := ProfileOf(ctx, db, slipping.company, opts)
	if err != nil {
		t.Fatal(err)
	}
	var months, sum int
	for _, m := range p.Months {
		sum += m.Orders
		if m.Orders > 0 {
			months++
		}
	}
	if len(p.Months) != 12 || sum == 0 || sum > p.Orders || months < 9 || p.Months[11].Start.Month() != today.Month() {
		t.Errorf("months = %+v", p.Months)
	}
	if rate, ok := p.ComplaintRateBP(); !ok || p.ComplainedOrders != 1 || rate != (10000/p.Orders+5)/10*10 {
		t.Errorf("complaint rate %d of %d orders (%d)", rate, p.Orders, p.ComplainedOrders)
	}
	if score, ok := p.NPSScore(); !ok || score != -100 || len(p.NPS) != 1 || p.NPS[0].Comment != "" {
		t.Errorf("nps %d %+v", score, p.NPS)
	}
}

func TestRecomputeSegmentsStoresWhatTheRulesSay(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	today := time.Now().UTC()
	h := newHistory(t, "PL", "PLN", "pl")
	for d := 300; d > 0; d -= 10 { // 30 orders of 6 000 zł: 180 000 zł at 2.5 a month
		h.add(order{at: today.AddDate(0, 0, -d), unit: 600_000})
	}
	weekly := newHistory(t, "PL", "PLN", "pl")
	for d := 350; d > 0; d -= 7 { // 50 small orders: weekly, so B
		weekly.add(order{at: today.AddDate(0, 0, -d), unit: 10_000})
	}
	dbtest.Exec(t, db, "UPDATE companies SET segment = 'A' WHERE id = ?", weekly.company)
	if _, err := RecomputeSegments(ctx, db); err != nil {
		t.Fatal(err)
	}
	var segs []string
	dbtest.Scan(t, db, &segs, "SELECT segment FROM companies WHERE id IN (?, ?) ORDER BY id", h.company, weekly.company)
	if !slices.Equal(segs, []string{"A", "B"}) {
		t.Fatalf("segments = %v", segs)
	}
	// A threshold changed in the table changes the outcome.
	dbtest.Exec(t, db, "UPDATE segment_thresholds SET a_min_revenue = 50000000, b_min_revenue = 20000000 WHERE currency = 'PLN'")
	defer dbtest.Exec(t, db, "UPDATE segment_thresholds SET a_min_revenue = 15000000, b_min_revenue = 4000000 WHERE currency = 'PLN'")
	if _, err := RecomputeSegments(ctx, db); err != nil {
		t.Fatal(err)
	}
	dbtest.Scan(t, db, &segs, "SELECT segment FROM companies WHERE id IN (?, ?) ORDER BY id", h.company, weekly.company)
	if !slices.Equal(segs, []string{"C", "B"}) {
		t.Fatalf("segments with higher bars = %v", segs)
	}
	n, err := RecomputeSegments(ctx, db)
	if err != nil || n != 0 {
		t.Fatalf("a second run changed %d (%v)", n, err)
	}
}

func TestNotesAndNextContact(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	c := dbtest.Company(t, db, dbtest.CompanyOpts{})
	var author int64
	dbtest.Scan(t, db, &author, `INSERT INTO users (email, name, role) VALUES (?, 'Anna Opiekun', 'manager') RETURNING id`,
		fmt.Sprintf("notes%d@insight.test", dbtest.Unique()))
	for _, tt := range []struct {
		body string
		err  error
	}{
		{"   ", ErrNoteEmpty},
		{strings.Repeat("ż", 5001), ErrNoteTooLong},
		{"  Dzwoniłam: chcą cennik na kable YDY na Q1.  ", nil},
		{"Второй звонок — всё в порядке.", nil},
	} {
		if _, err := AddNote(ctx, db, c, author, tt.body); !errors.Is(err, tt.err) {
			t.Errorf("AddNote(%.20q) = %v, want %v", tt.body, err, tt.err)
		}
	}
	ns, err := Notes(ctx, db, c, 10)
	if err != nil || len(ns) != 2 || ns[1].Body != "Dzwoniłam: chcą cennik na kable YDY na Q1." || ns[0].AuthorName != "Anna Opiekun" {
		t.Fatalf("notes = %+v (%v)", ns, err)
	}

	today := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	d := func(s string) *time.Time { v := day(s); return &v }
	for _, tt := range []struct {
		day *time.Time
		err error
	}{
		{d("2026-11-19"), ErrContactPast},
		{d("2029-01-01"), ErrContactFar},
		{d("2026-11-20"), nil},
		{d("2026-12-03"), nil},
	} {
		if err := SetNextContact(ctx, db, c, tt.day, today); !errors.Is(err, tt.err) {
			t.Errorf("SetNextContact(%v) = %v, want %v", tt.day, err, tt.err)
		}
	}
	var got string
	dbtest.Scan(t, db, &got, "SELECT next_contact_on::text FROM companies WHERE id = ?", c)
	if got != "2026-12-03" {
		t.Fatalf("next contact = %s", got)
	}
	if err := SetNextContact(ctx, db, c, nil, today); err != nil {
		t.Fatal(err)
	}
	var none *string
	dbtest.Scan(t, db, &none, "SELECT next_contact_on::text FROM companies WHERE id = ?", c)
	if none != nil {
		t.Fatalf("cleared next contact = %v", *none)
	}
	if err := SetNextContact(ctx, db, -5, nil, today); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown company: %v", err)
	}
}
