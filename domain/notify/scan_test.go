package notify_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/notify"
)

func invoice(t *testing.T, db bun.IDB, company int64, prefix string, due time.Time, paid int64, kind string) string {
	t.Helper()
	number := fmt.Sprintf("%s/%d", prefix, dbtest.Unique())
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total, paid, kind)
		VALUES (?, ?, 'PLN', ?::date - 14, ?, 10000, 2300, 12300, ?, ?)`, company, number, due.Format(time.DateOnly), due.Format(time.DateOnly), paid, kind)
	return number
}

func TestScanInvoiceRemindersFireOnceEachStep(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	f := newFirm(t, db)
	switchOff(t, db, f.Accountant, notify.KindInvoiceOverdue)
	now := time.Date(2030, 3, 10, 9, 0, 0, 0, time.UTC)
	d := func(days int) time.Time { return domain.Day(now, time.UTC).AddDate(0, 0, days) }
	due := invoice(t, db, f.Company, "DUE", d(2), 0, "invoice")
	late := invoice(t, db, f.Company, "LATE", d(-8), 2300, "invoice")
	invoice(t, db, f.Company, "PAID", d(1), 12300, "invoice")
	invoice(t, db, f.Company, "CN", d(1), 0, "credit_note")
	far := invoice(t, db, f.Company, "FAR", d(10), 0, "invoice")

	for run := range 2 {
		st, err := notify.Scan(ctx, db, now, notify.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if run == 1 && (st.InvoiceDue != 0 || st.InvoiceOverdue != 0) {
			t.Fatalf("second scan created %+v", st)
		}
	}
	check := func(when string, user int64, kind string, want ...string) {
		t.Helper()
		got := refs(t, db, user, kind)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s: user %d %s = %q, want %q", when, user, kind, got, want)
		}
	}
	check("day 0", f.Owner, notify.KindInvoiceDue, due+":due")
	check("day 0", f.Owner, notify.KindInvoiceOverdue, late+":7")
	check("day 0", f.Viewer, notify.KindInvoiceOverdue, late+":7")
	check("day 0", f.Accountant, notify.KindInvoiceDue, due+":due")
	check("day 0", f.Accountant, notify.KindInvoiceOverdue) // switched off
	check("day 0", f.Buyer, notify.KindInvoiceDue)          // may not see invoices

	var n notify.Notification
	if err := db.NewSelect().Model(&n).Where("user_id = ? AND ref = ?", f.Owner, late+":7").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if n.Params.Days != 7 || n.Params.Amount != 10000 || n.Params.Invoice != late || n.Link != "/invoices?state=overdue" || !n.Params.DueOn.Equal(d(-8)) {
		t.Fatalf("overdue notification: %+v", n)
	}

	// A week later: the due invoice is a day late, the late one two weeks, the far one due soon.
	now = now.AddDate(0, 0, 7)
	for range 2 {
		if _, err := notify.Scan(ctx, db, now, notify.Config{}); err != nil {
			t.Fatal(err)
		}
	}
	check("day 7", f.Owner, notify.KindInvoiceDue, due+":due", far+":due")
	check("day 7", f.Owner, notify.KindInvoiceOverdue, late+":7", late+":14", due+":1")

	// Paid: no more reminders (the due one would be at its 7-day step);
	// past the last step: nothing more either.
	dbtest.Exec(t, db, "UPDATE invoices SET paid = gross_total WHERE number = ?", due)
	now = now.AddDate(0, 0, 7)
	if _, err := notify.Scan(ctx, db, now, notify.Config{}); err != nil {
		t.Fatal(err)
	}
	check("day 14", f.Owner, notify.KindInvoiceOverdue, late+":7", late+":14", due+":1", far+":1")
}

// Reminders count days on the customer's clock: at 22:30 UTC on 9 March an
// invoice due on the 9th is a day overdue in Moscow (the 10th there) and
// still due today in Warsaw.
func TestScanCountsDaysOnTheCustomersClock(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	now := time.Date(2030, 3, 9, 22, 30, 0, 0, time.UTC)
	pl, ru := newFirm(t, db), newFirm(t, db)
	dbtest.Exec(t, db, "UPDATE companies SET country = 'RU' WHERE id = ?", ru.Company)
	plInv := invoice(t, db, pl.Company, "PL", domain.Day(now, time.UTC), 0, "invoice")
	ruInv := invoice(t, db, ru.Company, "RU", domain.Day(now, time.UTC), 0, "invoice")
	if _, err := notify.Scan(ctx, db, now, notify.Config{Zones: &company.Zones{Fallback: time.UTC}}); err != nil {
		t.Fatal(err)
	}
	if got := refs(t, db, pl.Owner, notify.KindInvoiceDue); !slices.Equal(got, []string{plInv + ":due"}) {
		t.Errorf("Warsaw, 23:30 on the due day: due reminders %q", got)
	}
	if got := refs(t, db, pl.Owner, notify.KindInvoiceOverdue); len(got) != 0 {
		t.Errorf("Warsaw, 23:30 on the due day: overdue reminders %q", got)
	}
	if got := refs(t, db, ru.Owner, notify.KindInvoiceOverdue); !slices.Equal(got, []string{ruInv + ":1"}) {
		t.Errorf("Moscow, 01:30 the day after: overdue reminders %q", got)
	}
}

func order(t *testing.T, db bun.IDB, company int64, at time.Time, status string) int64 {
	t.Helper()
	var number int64
	dbtest.Scan(t, db, &number, `INSERT INTO orders (company_id, channel, status, currency, net_goods, net_total, vat_total, gross_total, idempotency_key, created_at)
		VALUES (?, 'portal', ?, 'PLN', 0, 0, 0, 0, ?, ?) RETURNING number`, company, status, fmt.Sprintf("test-order-%d", dbtest.Unique()), at)
	return number
}

func TestScanReorderReminderOncePerCycle(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	f := newFirm(t, db)
	young := newFirm(t, db) // two order days: no rhythm yet
	base := time.Date(2031, 1, 1, 10, 0, 0, 0, time.UTC)
	var last int64
	for _, days := range []int{-40, -30, -20, -10} {
		last = order(t, db, f.Company, base.AddDate(0, 0, days), "delivered")
	}
	order(t, db, f.Company, base.AddDate(0, 0, -2), "cancelled") // does not count
	order(t, db, young.Company, base.AddDate(0, 0, -40), "delivered")
	order(t, db, young.Company, base.AddDate(0, 0, -30), "delivered")
	switchOff(t, db, f.Buyer, notify.KindReorder)

	scan := func(at time.Time) {
		t.Helper()
		if _, err := notify.Scan(ctx, db, at, notify.Config{}); err != nil {
			t.Fatal(err)
		}
	}
	scan(base.AddDate(0, 0, 5)) // 15 days since, cycle 10: not more than 1.5 cycles yet
	if got := refs(t, db, f.Owner, notify.KindReorder); len(got) != 0 {
		t.Fatalf("reminded too early: %q", got)
	}
	for _, days := range []int{6, 6, 9} {
		scan(base.AddDate(0, 0, days))
	}
	ref := fmt.Sprint(last)
	for _, u := range []int64{f.Owner, f.Viewer} {
		if got := refs(t, db, u, notify.KindReorder); !slices.Equal(got, []string{ref}) {
			t.Errorf("user %d: %q, want one reminder about order %s", u, got, ref)
		}
	}
	for _, u := range []int64{f.Accountant, f.Buyer, young.Owner, young.Buyer} {
		if got := refs(t, db, u, notify.KindReorder); len(got) != 0 {
			t.Errorf("user %d reminded: %q", u, got)
		}
	}
	var n notify.Notification
	if err := db.NewSelect().Model(&n).Where("user_id = ? AND kind = ?", f.Owner, notify.KindReorder).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if n.Params.Cycle != 10 || n.Params.Order != last || !n.Params.OrderedOn.Equal(domain.Day(base.AddDate(0, 0, -10), time.UTC)) || n.Link != "/orders/"+ref {
		t.Fatalf("reminder: %+v", n)
	}

	// The next order starts a new cycle, reminded in its turn.
	next := order(t, db, f.Company, base.AddDate(0, 0, 10), "placed")
	scan(base.AddDate(0, 0, 20))
	scan(base.AddDate(0, 0, 26))
	if got := refs(t, db, f.Owner, notify.KindReorder); !slices.Equal(got, []string{ref, fmt.Sprint(next)}) {
		t.Fatalf("second cycle: %q", got)
	}
}
