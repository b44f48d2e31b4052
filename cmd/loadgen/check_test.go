package main

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/finance"
	"partnerdesk/domain/order"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// checkFixture is a load company with orders in every state, made through
// the domain's own services: one open, one shipped, invoiced and half paid,
// one cancelled.
type checkFixture struct {
	company              int64
	open, shipped        *order.Order
	product, freeProduct int64
}

var (
	fixtureOnce sync.Once
	fixture     checkFixture
)

func newCheckFixture(t *testing.T) checkFixture {
	t.Helper()
	fixtureOnce.Do(func() {
		ctx := context.Background()
		db := dbtest.DB(t)
		f := checkFixture{company: dbtest.Company(t, db, dbtest.CompanyOpts{CreditLimit: 1_000_000_00})}
		dbtest.Exec(t, db, "UPDATE companies SET name = ? WHERE id = ?", lgNamePrefix+"PL test", f.company)
		user := dbtest.User(t, db, f.company, "buyer")
		wh := dbtest.Warehouse(t, db, "PL-LG", "PL")
		f.product = dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 12_50})
		other := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 3_00})
		f.freeProduct = dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1_00})
		for _, p := range []int64{f.product, other, f.freeProduct} {
			dbtest.Stock(t, db, p, wh, 100)
		}
		svc := &order.Service{DB: db}
		place := func(form string) *order.Order {
			res, err := svc.Place(ctx, order.PlaceRequest{CompanyID: f.company, UserID: user, Channel: order.ChannelPortal,
				IdempotencyKey: "portal-" + form, PONumber: "LG-" + form,
				Lines: []order.LineRequest{{ProductID: f.product, Qty: 3}, {ProductID: other, Qty: 2}}})
			if err != nil {
				t.Fatal(err)
			}
			return res.Order
		}
		f.open, f.shipped = place("form-open-0000001"), place("form-ship-0000001")
		cancelled := place("form-cancel-00001")
		for _, st := range []struct {
			o  *order.Order
			to string
		}{{f.shipped, order.StatusShipped}, {cancelled, order.StatusCancelled}} {
			if _, err := svc.ChangeStatus(ctx, order.StatusRequest{OrderID: st.o.ID, Status: st.to, Source: "erp"}); err != nil {
				t.Fatal(err)
			}
		}
		err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
			number := fmt.Sprintf("LG-INV-%d", f.shipped.Number)
			if _, err := finance.UpsertInvoice(ctx, tx, finance.InvoiceUpdate{Number: number, CompanyID: f.company, OrderNumber: f.shipped.Number,
				Currency: "PLN", IssuedOn: time.Now(), DueOn: time.Now().AddDate(0, 0, 30), Net: f.shipped.NetTotal, VAT: f.shipped.VATTotal}); err != nil {
				return err
			}
			_, err := finance.UpsertPayment(ctx, tx, finance.PaymentUpdate{Ref: "LG-PAY-1", CompanyID: f.company, InvoiceNumber: number,
				Currency: "PLN", Amount: f.shipped.GrossTotal / 2, PaidOn: time.Now()})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		fixture = f
	})
	if fixture.company == 0 {
		t.Fatal("fixture failed in an earlier test")
	}
	return fixture
}

// inTx runs fn in a transaction that is always rolled back, so a test can
// break the database and leave it as it was.
func inTx(t *testing.T, fn func(ctx context.Context, tx bun.Tx)) {
	t.Helper()
	ctx := context.Background()
	tx, err := dbtest.DB(t).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	fn(ctx, tx)
}

func TestChecksPassOnACleanDatabase(t *testing.T) {
	newCheckFixture(t)
	db := dbtest.DB(t)
	dbtest.Exec(t, db, `INSERT INTO event_cursors (consumer, last_txid, last_id)
		SELECT 'lg-clean', txid, id FROM events ORDER BY txid DESC, id DESC LIMIT 1`)
	defer dbtest.Exec(t, db, "DELETE FROM event_cursors WHERE consumer = 'lg-clean'")
	results, err := runChecks(context.Background(), db, checkOpts{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"every queued chat message sent exactly once": statusNA}
	for _, r := range results {
		w := want[r.Name]
		if w == "" {
			w = statusPass
		}
		if r.Status != w {
			t.Errorf("%s: %s (%s), want %s", r.Name, r.Status, r.Detail, w)
		}
	}
	if len(results) != 9 {
		t.Errorf("%d checks ran, want 9", len(results))
	}
}

// TestChecksFailOnViolations breaks the database in one way at a time (in a
// transaction rolled back afterwards; where a constraint would refuse the
// broken state it is dropped first, as if it had been forgotten) and expects
// the check that guards against it to fail, having passed just before.
func TestChecksFailOnViolations(t *testing.T) {
	f := newCheckFixture(t)
	tests := []struct {
		name     string
		check    func(context.Context, bun.Tx) (checkResult, error)
		breakSQL []string
	}{
		{"negative stock", checkStockNonNegative, []string{
			"ALTER TABLE stock DROP CONSTRAINT stock_on_hand_check, DROP CONSTRAINT stock_check",
			fmt.Sprintf("UPDATE stock SET on_hand = -5 WHERE product_id = %d", f.freeProduct)}},
		{"reserved above on hand", checkStockNonNegative, []string{
			"ALTER TABLE stock DROP CONSTRAINT stock_check",
			fmt.Sprintf("UPDATE stock SET reserved = on_hand + 1 WHERE product_id = %d", f.freeProduct)}},
		{"reserved drifted from the reservations", checkReservedMatches, []string{
			fmt.Sprintf("UPDATE stock SET reserved = reserved + 1 WHERE product_id = %d", f.product)}},
		{"a reservation without its stock", checkReservedMatches, []string{
			fmt.Sprintf("UPDATE stock SET reserved = 0 WHERE product_id = %d", f.product)}},
		{"shipped order still holding stock", checkReservationsOpen, []string{
			fmt.Sprintf("UPDATE orders SET status = 'shipped' WHERE id = %d", f.open.ID)}},
		{"open order whose reservation was released", checkReservationsOpen, []string{
			fmt.Sprintf("UPDATE stock_reservations SET released_at = now() WHERE order_line_id IN (SELECT id FROM order_lines WHERE order_id = %d)", f.open.ID)}},
		{"payment applied twice", checkCredit, []string{
			fmt.Sprintf("UPDATE invoices SET paid = paid * 2 WHERE order_id = %d", f.shipped.ID)}},
		{"cancelled without its timeline", checkCredit, []string{
			fmt.Sprintf("UPDATE orders SET status = 'cancelled' WHERE id = %d", f.open.ID)}},
		{"over the credit limit", checkCreditLimit, []string{
			fmt.Sprintf("UPDATE companies SET credit_limit = 1 WHERE id = %d", f.company)}},
		{"running total of points changed by hand", checkTotals, []string{
			fmt.Sprintf("UPDATE company_totals SET loyalty_points = loyalty_points + 10 WHERE company_id = %d", f.company)}},
		{"running totals row deleted", checkTotals, []string{
			fmt.Sprintf("DELETE FROM company_totals WHERE company_id = %d", f.company)}},
		{"one checkout form, two orders", checkIdempotency, []string{
			fmt.Sprintf(`INSERT INTO orders (company_id, channel, status, currency, po_number, net_goods, discount, delivery_fee,
				net_total, vat_total, gross_total, idempotency_key)
				SELECT company_id, channel, status, currency, po_number, net_goods, discount, delivery_fee, net_total, vat_total, gross_total,
				  'portal-another-key-0001' FROM orders WHERE id = %d`, f.open.ID)}},
		{"one handler run queued a message twice", telegramCheck, []string{
			`INSERT INTO telegram_outbox (chat_id, params, status, message_id, sent_at) VALUES
				(42, '{"chat_id": 42, "text": "Zamówienie 1001 wysłane"}', 'sent', 7, now()),
				(42, '{"chat_id": 42, "text": "Zamówienie 1001 wysłane"}', 'sent', 8, now())`}},
		{"a message failed", telegramCheck, []string{
			`INSERT INTO telegram_outbox (chat_id, params, status, attempts) VALUES (42, '{"chat_id": 42, "text": "x"}', 'failed', 5)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inTx(t, func(ctx context.Context, tx bun.Tx) {
				before, err := tt.check(ctx, tx)
				if err != nil {
					t.Fatal(err)
				}
				if before.Status == statusFail {
					t.Fatalf("failed before anything was broken: %s", before.Detail)
				}
				for _, q := range tt.breakSQL {
					if _, err := tx.ExecContext(ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				after, err := tt.check(ctx, tx)
				if err != nil {
					t.Fatal(err)
				}
				if after.Status != statusFail {
					t.Fatalf("%s: %s (%s), want FAIL", after.Name, after.Status, after.Detail)
				}
				t.Logf("%s: %s", after.Name, after.Detail)
			})
		})
	}
}

func telegramCheck(ctx context.Context, tx bun.Tx) (checkResult, error) {
	return checkTelegram(ctx, tx, checkOpts{})
}

// TestOutboxCheckWaitsThenFails: a consumer whose cursor does not reach the
// last event fails after the drain wait; once it reaches it, the check passes.
func TestOutboxCheckWaitsThenFails(t *testing.T) {
	newCheckFixture(t)
	ctx := context.Background()
	db := dbtest.DB(t)
	dbtest.Exec(t, db, `INSERT INTO event_cursors (consumer, last_txid, last_id)
		SELECT 'lg-slow', txid, id FROM events ORDER BY txid DESC, id DESC LIMIT 1`)
	defer dbtest.Exec(t, db, "DELETE FROM event_cursors WHERE consumer = 'lg-slow'")
	only := checkOpts{drain: 300 * time.Millisecond, consumers: []string{"lg-slow"}}

	r, err := checkOutbox(ctx, db, only)
	if err != nil || r.Status != statusPass {
		t.Fatalf("consumer at the head: %s %s %v", r.Status, r.Detail, err)
	}
	dbtest.Exec(t, db, "INSERT INTO events (kind, payload) VALUES ('stock.changed', '{\"product\": 1}'), ('price.changed', '{\"product\": 1}')")
	start := time.Now()
	r, err = checkOutbox(ctx, db, only)
	if err != nil || r.Status != statusFail || r.Numbers["undelivered"] != 2 {
		t.Fatalf("two events behind: %s %s %v", r.Status, r.Detail, err)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Fatal("the check did not wait for the consumer")
	}
	dbtest.Exec(t, db, `UPDATE event_cursors SET (last_txid, last_id) = (SELECT txid, id FROM events ORDER BY txid DESC, id DESC LIMIT 1)
		WHERE consumer = 'lg-slow'`)
	if r, err = checkOutbox(ctx, db, only); err != nil || r.Status != statusPass {
		t.Fatalf("consumer caught up: %s %s %v", r.Status, r.Detail, err)
	}
	if r, err = checkOutbox(ctx, db, checkOpts{consumers: []string{"lg-missing"}}); err != nil || r.Status != statusFail {
		t.Fatalf("a consumer without a cursor: %s %s %v", r.Status, r.Detail, err)
	}
}
