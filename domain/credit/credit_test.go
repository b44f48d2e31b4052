package credit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
	"partnerdesk/domain/finance"
	"partnerdesk/domain/order"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// recomputedSQL is the balance as BalanceOf computed it before orders kept
// their invoice count: every order of the company asked whether an invoice
// refers to it. It is the reference BalanceOf must agree with.
const recomputedSQL = `
	SELECT c.id, c.currency, c.credit_limit,
	  coalesce((SELECT sum(i.gross_total - i.paid) FROM invoices i
	            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total), 0) AS unpaid_invoices,
	  coalesce((SELECT sum(o.gross_total) FROM orders o
	            WHERE o.company_id = c.id AND o.status <> 'cancelled'
	              AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id)), 0) AS open_orders,
	  coalesce((SELECT sum(i.gross_total - i.paid) FROM invoices i
	            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total AND i.due_on < ?0::date), 0) AS overdue,
	  (SELECT count(*) FROM invoices i
	            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total AND i.due_on < ?0::date) AS overdue_count,
	  coalesce((SELECT sum(i.gross_total - i.paid) FROM invoices i
	            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total
	              AND i.due_on < ?0::date - ?1::int), 0) AS overdue_blocking,
	  coalesce((SELECT ?0::date - min(i.due_on) FROM invoices i
	            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total AND i.due_on < ?0::date), 0) AS oldest_overdue_days
	FROM companies c ORDER BY c.id`

// agrees checks credit.BalanceOf against the recomputation for every company,
// and every order's invoice count against its invoices.
func agrees(t *testing.T, db bun.IDB, step string) {
	t.Helper()
	ctx := context.Background()
	today := time.Now()
	var want []struct {
		ID int64 `bun:"id"`
		credit.Balance
	}
	dbtest.Scan(t, db, &want, recomputedSQL, today.Format(time.DateOnly), credit.DefaultPolicy.OverdueGraceDays)
	if len(want) == 0 {
		t.Fatalf("%s: no companies", step)
	}
	for _, w := range want {
		got, err := credit.BalanceOf(ctx, db, w.ID, today, credit.DefaultPolicy)
		if err != nil {
			t.Fatal(err)
		}
		if ref := w.Balance.WithLimit(w.Currency, w.Limit); got != ref {
			t.Errorf("%s: company %d: BalanceOf = %+v, recomputed %+v", step, w.ID, got, ref)
		}
	}
	var drift int
	dbtest.Scan(t, db, &drift, `SELECT count(*) FROM orders o
		WHERE o.invoice_count <> (SELECT count(*) FROM invoices i WHERE i.order_id = o.id)`)
	if drift != 0 {
		t.Errorf("%s: %d orders whose invoice count differs from their invoices", step, drift)
	}
}

// Every writer of orders and invoices keeps the balance exact: the demo
// seed, order.Place, ChangeStatus (cancel, ship, deliver), the ERP's
// invoices (several per order, credit notes, an invoice moved to another
// order or taken off one) and payments, concurrent invoices for one order,
// and SQL written by hand.
func TestBalanceAgreesWithRecomputationAfterEveryKindOfWrite(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	agrees(t, db, "demo seed")

	s := &order.Service{DB: db, Credit: credit.DefaultPolicy}
	wh := dbtest.Warehouse(t, db, "WAW", "PL")
	p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 12_345})
	dbtest.Stock(t, db, p, wh, 1000)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	other := dbtest.Company(t, db, dbtest.CompanyOpts{})
	var orders []*order.Order
	for i := range 8 {
		c := comp
		if i == 7 {
			c = other
		}
		res, err := s.Place(ctx, order.PlaceRequest{CompanyID: c, Channel: order.ChannelAPI,
			IdempotencyKey: fmt.Sprintf("credit-test-%d-%d", c, i), Lines: []order.LineRequest{{ProductID: p, Qty: 1 + i}}})
		if err != nil {
			t.Fatal(err)
		}
		orders = append(orders, res.Order)
	}
	agrees(t, db, "placed")

	status := func(o *order.Order, st string) {
		t.Helper()
		if _, err := s.ChangeStatus(ctx, order.StatusRequest{OrderID: o.ID, Status: st, Source: "erp"}); err != nil {
			t.Fatal(err)
		}
	}
	status(orders[0], order.StatusCancelled)
	status(orders[1], order.StatusShipped)
	status(orders[2], order.StatusShipped)
	status(orders[2], order.StatusDelivered)
	status(orders[3], order.StatusConfirmed)
	status(orders[3], order.StatusCancelled)
	agrees(t, db, "status changes")

	today := time.Now().UTC().Truncate(24 * time.Hour)
	invoice := func(number string, companyID int64, o *order.Order, kind string, issued time.Time, net int64) {
		t.Helper()
		u := finance.InvoiceUpdate{Number: number, CompanyID: companyID, Currency: domain.PLN, Kind: kind,
			IssuedOn: issued, DueOn: issued.AddDate(0, 0, 14), Net: net, VAT: net * 23 / 100}
		if o != nil {
			u.OrderNumber = o.Number
		}
		err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
			_, err := finance.UpsertInvoice(ctx, tx, u)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	pay := func(ref, invoiceNumber string, amount int64) {
		t.Helper()
		err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
			_, err := finance.UpsertPayment(ctx, tx, finance.PaymentUpdate{Ref: ref, CompanyID: comp, InvoiceNumber: invoiceNumber,
				Currency: domain.PLN, Amount: amount, PaidOn: today})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	n := dbtest.Unique()
	num := func(s string) string { return fmt.Sprintf("CT/%d/%s", n, s) }
	invoice(num("1"), comp, orders[1], "", today, 10_000)                    // shipped order invoiced
	invoice(num("2"), comp, orders[1], "", today.AddDate(0, 0, -40), 2_000)  // a second invoice, overdue
	invoice(num("3"), comp, orders[2], "credit_note", today, 500)            // only a credit note
	invoice(num("4"), comp, orders[4], "", today.AddDate(0, 0, -20), 7_000)  // overdue within grace
	invoice(num("5"), comp, nil, "", today, 3_000)                           // not from an order
	invoice(num("6"), comp, orders[0], "", today, 1_000)                     // a cancelled order invoiced
	invoice(num("7"), other, orders[7], "", today.AddDate(0, 0, -30), 4_000) // another company
	invoice(num("1"), comp, orders[1], "", today, 11_000)                    // the ERP sends it again, changed
	agrees(t, db, "invoices")
	invoice(num("4"), comp, orders[5], "", today.AddDate(0, 0, -20), 7_000) // moved to another order
	invoice(num("5"), comp, orders[6], "", today, 3_000)                    // given an order
	invoice(num("6"), comp, nil, "", today, 1_000)                          // taken off its order
	agrees(t, db, "invoices moved")

	pay(num("P1"), num("1"), 5_000)
	pay(num("P2"), num("2"), 2_460)
	pay(num("P2"), num("2"), 2_460) // replayed: changes nothing
	pay(num("P3"), "", 999)         // not matched to an invoice
	agrees(t, db, "payments")

	// Two invoices for one order at the same time: neither is lost.
	var wg sync.WaitGroup
	for _, k := range []string{"8", "9"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			invoice(num(k), comp, orders[4], "", today, 100)
		}()
	}
	wg.Wait()
	agrees(t, db, "concurrent invoices")

	// SQL written by hand (a fixture, a fix in production) goes through the
	// same trigger.
	dbtest.Exec(t, db, "DELETE FROM invoices WHERE number IN (?, ?)", num("8"), num("9"))
	dbtest.Exec(t, db, "UPDATE invoices SET order_id = NULL WHERE number = ?", num("5"))
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, order_id, currency, issued_on, due_on, net_total, vat_total, gross_total, paid)
		VALUES (?, ?, ?, 'PLN', current_date, current_date, 100, 23, 123, 0), (?, ?, ?, 'PLN', current_date, current_date, 100, 23, 123, 0)`,
		comp, num("10"), orders[5].ID, comp, num("11"), orders[5].ID)
	dbtest.Exec(t, db, "UPDATE orders SET status = 'cancelled' WHERE id = ?", orders[6].ID)
	agrees(t, db, "hand-written SQL")

	// And in numbers: of comp's orders only the fifth is open (the others are
	// cancelled or invoiced, a credit note included); unpaid are 1 (135.30
	// less 50.00), 4 (86.10, six days overdue: within the grace), 5, 6, 10
	// and 11; 2 is paid.
	b, err := credit.BalanceOf(ctx, db, comp, time.Now(), credit.DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if b.OpenOrders != orders[4].GrossTotal || b.UnpaidInvoices != 8530+8610+3690+1230+123+123 ||
		b.OverdueCount != 1 || b.OverdueBlocking != 0 || b.Used != b.OpenOrders+b.UnpaidInvoices {
		t.Fatalf("balance = %+v, open order %d", b, orders[4].GrossTotal)
	}

	// The running total of open orders (company_totals) follows changes
	// no domain function makes: an amount corrected, an order moved to
	// another company, one deleted, a cancellation undone, the table emptied.
	dbtest.Exec(t, db, "UPDATE orders SET vat_total = vat_total + 1, gross_total = gross_total + 1 WHERE id = ?", orders[4].ID)
	dbtest.Exec(t, db, "UPDATE orders SET company_id = ? WHERE id = ?", other, orders[4].ID)
	agrees(t, db, "hand-written order changes")
	dbtest.Exec(t, db, "UPDATE orders SET status = 'confirmed' WHERE id = ?", orders[3].ID)
	dbtest.Exec(t, db, "DELETE FROM orders WHERE id = ?", orders[4].ID)
	agrees(t, db, "an order deleted, a cancellation undone")
	dbtest.Exec(t, db, "TRUNCATE orders CASCADE")
	agrees(t, db, "orders emptied")
}
