package order_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"partnerdesk/domain/company"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/order"
)

func newService(t *testing.T) *order.Service {
	return &order.Service{DB: dbtest.DB(t), Credit: credit.DefaultPolicy}
}

func TestPlaceWritesOrderLinesReservationHistoryAndEvents(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	buyer := dbtest.User(t, db, comp, "buyer")
	wh := dbtest.Warehouse(t, db, "WAW", "PL")
	p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1999, Pack: 5})
	dbtest.Stock(t, db, p, wh, 100)

	res, err := s.Place(ctx, order.PlaceRequest{
		CompanyID: comp, UserID: buyer, Channel: order.ChannelPortal, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: p, Qty: 10}}, PONumber: " PO-7 ",
	})
	if err != nil {
		t.Fatal(err)
	}
	o := res.Order
	if o.Number < 1001 || o.Status != order.StatusPlaced || o.PONumber != "PO-7" {
		t.Fatalf("order = %+v", o)
	}
	// 10 × 19.99 = 199.90 net; 23 % VAT = 45.98 (rounded half up from 45.977).
	if o.NetGoods != 19990 || o.VATTotal != 4598 || o.GrossTotal != o.NetTotal+o.VATTotal {
		t.Fatalf("totals: net goods %d, net %d, vat %d, gross %d", o.NetGoods, o.NetTotal, o.VATTotal, o.GrossTotal)
	}
	var reserved int
	dbtest.Scan(t, db, &reserved, "SELECT reserved FROM stock WHERE product_id = ?", p)
	if reserved != 10 {
		t.Fatalf("reserved = %d, want 10", reserved)
	}
	tl, err := order.Timeline(ctx, db, o.ID)
	if err != nil || len(tl) != 1 || tl[0].Status != order.StatusPlaced {
		t.Fatalf("timeline = %+v, %v", tl, err)
	}
	var kinds []string
	dbtest.Scan(t, db, &kinds, "SELECT kind FROM events WHERE company_id = ? ORDER BY id", comp)
	if fmt.Sprint(kinds) != "[order.placed balance.changed]" {
		t.Fatalf("events = %v", kinds)
	}
	got, err := order.Get(ctx, db, comp, o.Number)
	if err != nil || len(got.Lines) != 1 || got.Lines[0].Qty != 10 {
		t.Fatalf("get = %+v, %v", got, err)
	}
	other := dbtest.Company(t, db, dbtest.CompanyOpts{})
	if _, err := order.Get(ctx, db, other, o.Number); !errors.Is(err, order.ErrNotFound) {
		t.Fatalf("another company's order: err = %v, want ErrNotFound", err)
	}
}

func TestPlaceRefusesBadLinesAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	wh := dbtest.Warehouse(t, db, "WAW", "PL")
	packed := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 500, Pack: 10, MinQty: 20})
	scarce := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 500})
	unpriced := dbtest.Product(t, db, dbtest.ProductOpts{})
	dbtest.Stock(t, db, packed, wh, 1000)
	dbtest.Stock(t, db, scarce, wh, 3)
	dbtest.Stock(t, db, unpriced, wh, 3)

	cases := []struct {
		name    string
		line    order.LineRequest
		problem string
	}{
		{"below minimum", order.LineRequest{ProductID: packed, Qty: 10}, "below_minimum"},
		{"not a pack multiple", order.LineRequest{ProductID: packed, Qty: 25}, "pack_multiple"},
		{"unknown product", order.LineRequest{ProductID: 999999999, Qty: 1}, "unknown"},
		{"no price", order.LineRequest{ProductID: unpriced, Qty: 1}, "not_priced"},
		{"out of stock", order.LineRequest{ProductID: scarce, Qty: 4}, "out_of_stock"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelAPI, IdempotencyKey: key(),
				Lines: []order.LineRequest{tc.line}})
			var le *order.LinesError
			if !errors.As(err, &le) || len(le.Lines) != 1 || le.Lines[0].Problem != tc.problem {
				t.Fatalf("err = %v, want line problem %s", err, tc.problem)
			}
		})
	}
	var orders, reserved int
	dbtest.Scan(t, db, &orders, "SELECT count(*) FROM orders WHERE company_id = ?", comp)
	dbtest.Scan(t, db, &reserved, "SELECT coalesce(sum(reserved), 0) FROM stock WHERE product_id IN (?, ?)", packed, scarce)
	if orders != 0 || reserved != 0 {
		t.Fatalf("after refusals: %d orders, %d reserved", orders, reserved)
	}
}

func TestPlaceBlockedByOverdueAndInactive(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	p := stocked(t, db, 1000, 100)

	overdue := dbtest.Company(t, db, dbtest.CompanyOpts{})
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total, paid)
		VALUES (?, ?, 'PLN', current_date - 60, current_date - 30, 10000, 2300, 12300, 300)`, overdue, fmt.Sprintf("FV/%d", dbtest.Unique()))
	_, err := s.Place(ctx, order.PlaceRequest{CompanyID: overdue, Channel: order.ChannelAPI, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
	var block *credit.Block
	if !errors.As(err, &block) || block.Reason != credit.ReasonOverdue || block.Shortfall != 12000 {
		t.Fatalf("overdue company: err = %v, want overdue block of 120.00", err)
	}

	pending := dbtest.Company(t, db, dbtest.CompanyOpts{Status: "pending"})
	_, err = s.Place(ctx, order.PlaceRequest{CompanyID: pending, Channel: order.ChannelAPI, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
	if !errors.As(err, &block) || block.Reason != credit.ReasonInactive {
		t.Fatalf("pending company: err = %v, want inactive block", err)
	}

	accountantCo := dbtest.Company(t, db, dbtest.CompanyOpts{})
	acc := dbtest.User(t, db, accountantCo, "accountant")
	_, err = s.Place(ctx, order.PlaceRequest{CompanyID: accountantCo, UserID: acc, Channel: order.ChannelPortal, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
	if !errors.Is(err, order.ErrNotAllowed) {
		t.Fatalf("accountant ordering: err = %v, want ErrNotAllowed", err)
	}
}

// Overdue days are counted on the customer's clock. An invoice due on 3 March
// with 7 days of grace blocks ordering from the 11th: at 22:30 UTC on the
// 10th that is already the case for a Russian customer (01:30 on the 11th in
// Moscow), not yet for a Polish one (23:30 on the 10th in Warsaw).
func TestOverdueBlockCountsDaysOnTheCustomersClock(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	now := time.Date(2026, 3, 10, 22, 30, 0, 0, time.UTC)
	s := &order.Service{DB: db, Credit: credit.DefaultPolicy, Zones: &company.Zones{Fallback: time.UTC},
		Now: func() time.Time { return now }}
	p := stocked(t, db, 1000, 100)
	for _, c := range []struct {
		country string
		blocked bool
	}{{"PL", false}, {"RU", true}} {
		comp := dbtest.Company(t, db, dbtest.CompanyOpts{Country: c.country})
		dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total)
			VALUES (?, ?, 'PLN', '2026-02-17', '2026-03-03', 10000, 2300, 12300)`, comp, fmt.Sprintf("FV/%d", dbtest.Unique()))
		_, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelAPI, IdempotencyKey: key(),
			Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
		var block *credit.Block
		if blocked := errors.As(err, &block) && block.Reason == credit.ReasonOverdue; blocked != c.blocked || !blocked && err != nil {
			t.Errorf("%s at %s: err = %v, want blocked %v", c.country, now, err, c.blocked)
		}
	}
}

// 50 buyers from different companies race for the last 10 units: exactly 10 sell.
func TestConcurrentBuyersNeverOversell(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	whA := dbtest.Warehouse(t, db, "WAW", "PL")
	whB := dbtest.Warehouse(t, db, "HEL", "FI")
	p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 2500})
	dbtest.Stock(t, db, p, whA, 6)
	dbtest.Stock(t, db, p, whB, 4)
	companies := make([]int64, 50)
	for i := range companies {
		companies[i] = dbtest.Company(t, db, dbtest.CompanyOpts{})
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	sold, refused := 0, 0
	for _, c := range companies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Place(ctx, order.PlaceRequest{CompanyID: c, Channel: order.ChannelPortal, IdempotencyKey: key(),
				Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
			var le *order.LinesError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				sold++
			case errors.As(err, &le) && le.Lines[0].Problem == "out_of_stock":
				refused++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	var reserved, lineQty, reservedRows int
	dbtest.Scan(t, db, &reserved, "SELECT sum(reserved) FROM stock WHERE product_id = ?", p)
	dbtest.Scan(t, db, &lineQty, "SELECT coalesce(sum(qty), 0) FROM order_lines WHERE product_id = ?", p)
	dbtest.Scan(t, db, &reservedRows, "SELECT coalesce(sum(qty), 0) FROM stock_reservations WHERE product_id = ?", p)
	if sold != 10 || refused != 40 || reserved != 10 || lineQty != 10 || reservedRows != 10 {
		t.Fatalf("sold %d, refused %d, stock reserved %d, ordered %d, reservations %d; want 10/40/10/10/10",
			sold, refused, reserved, lineQty, reservedRows)
	}
}

// 50 concurrent orders of one company against its credit limit: never over it.
func TestConcurrentOrdersNeverExceedCreditLimit(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	p := stocked(t, db, 10000, 10000) // 100.00 net, 123.00 gross
	dbtest.Exec(t, db, "INSERT INTO delivery_terms (currency, free_from_net, fee) VALUES ('PLN', 0, 0) ON CONFLICT DO NOTHING")
	const limit = 123000 // room for exactly 10 orders
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{CreditLimit: limit})

	var wg sync.WaitGroup
	var mu sync.Mutex
	placed, blocked := 0, 0
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelAPI, IdempotencyKey: key(),
				Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
			var block *credit.Block
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				placed++
			case errors.As(err, &block) && block.Reason == credit.ReasonLimit:
				blocked++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	var used int64
	dbtest.Scan(t, db, &used, "SELECT sum(gross_total) FROM orders WHERE company_id = ?", comp)
	if used > limit || placed != 10 || blocked != 40 {
		t.Fatalf("placed %d, blocked %d, used %d of limit %d", placed, blocked, used, limit)
	}
	b, err := credit.BalanceOf(ctx, db, comp, time.Now(), credit.DefaultPolicy)
	if err != nil || b.Used != used || b.Available != limit-used {
		t.Fatalf("balance = %+v, %v; want used %d", b, err, used)
	}
}

// The same idempotency key sent twice at once (double click, retry): one order,
// and both callers get it.
func TestSameIdempotencyKeyConcurrentlyMakesOneOrder(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	p := stocked(t, db, 700, 100)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	k := key()

	const callers = 8
	numbers := make([]int64, callers)
	dups := make([]bool, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelPortal, IdempotencyKey: k,
				Lines: []order.LineRequest{{ProductID: p, Qty: 3}}})
			if err != nil {
				t.Errorf("caller %d: %v", i, err)
				return
			}
			numbers[i], dups[i] = res.Order.Number, res.Duplicate
		}()
	}
	wg.Wait()
	firsts := 0
	for i := range callers {
		if numbers[i] != numbers[0] {
			t.Fatalf("callers got different orders: %v", numbers)
		}
		if !dups[i] {
			firsts++
		}
	}
	var orders, reserved int
	dbtest.Scan(t, db, &orders, "SELECT count(*) FROM orders WHERE company_id = ?", comp)
	dbtest.Scan(t, db, &reserved, "SELECT reserved FROM stock WHERE product_id = ?", p)
	if orders != 1 || firsts != 1 || reserved != 3 {
		t.Fatalf("%d orders, %d first answers, %d reserved; want 1, 1, 3", orders, firsts, reserved)
	}
}

func key() string { return fmt.Sprintf("test-key-%08d", dbtest.Unique()) }

// An order from the cart takes its products out of the cart in the same
// transaction — a line put in meanwhile (another tab) stays — and a refused
// order leaves the cart as it was.
func TestPlaceFromCartTakesTheOrderedLinesOut(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	buyer := dbtest.User(t, db, comp, "buyer")
	a, b, later := stocked(t, db, 1000, 5), stocked(t, db, 1000, 5), stocked(t, db, 1000, 5)
	for _, p := range []int64{a, b, later} {
		dbtest.Exec(t, db, "INSERT INTO cart_lines (user_id, product_id, qty) VALUES (?, ?, 2)", buyer, p)
	}
	dbtest.Exec(t, db, "UPDATE cart_lines SET qty = 9 WHERE user_id = ? AND product_id = ?", buyer, b)
	cartHolds := func() string {
		var ids []int64
		dbtest.Scan(t, db, &ids, "SELECT product_id FROM cart_lines WHERE user_id = ? ORDER BY product_id", buyer)
		return fmt.Sprint(ids)
	}

	_, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, UserID: buyer, Channel: order.ChannelPortal, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: a, Qty: 2}, {ProductID: b, Qty: 9}}, FromCart: true})
	var le *order.LinesError
	if !errors.As(err, &le) {
		t.Fatalf("9 of 5 in stock: err = %v, want a LinesError", err)
	}
	if got, want := cartHolds(), fmt.Sprint([]int64{a, b, later}); got != want {
		t.Fatalf("after a refused order the cart holds %s, want %s", got, want)
	}

	dbtest.Exec(t, db, "UPDATE cart_lines SET qty = 2 WHERE user_id = ? AND product_id = ?", buyer, b)
	if _, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, UserID: buyer, Channel: order.ChannelPortal, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: a, Qty: 2}, {ProductID: b, Qty: 2}}, FromCart: true}); err != nil {
		t.Fatal(err)
	}
	if got, want := cartHolds(), fmt.Sprint([]int64{later}); got != want {
		t.Fatalf("after the order the cart holds %s, want %s", got, want)
	}
}

// Two tabs of one buyer check the same cart out at once (each form with its
// own key): the company lock puts them one after the other, and the second
// finds under the lock that the cart no longer holds its lines — one order,
// not two. A line changed meanwhile stops the order too; a repeat of the
// first form still answers with its order.
func TestPlaceFromCartTwiceFromTwoTabsMakesOneOrder(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	buyer := dbtest.User(t, db, comp, "buyer")
	a, b := stocked(t, db, 1000, 50), stocked(t, db, 1000, 50)
	for _, p := range []int64{a, b} {
		dbtest.Exec(t, db, "INSERT INTO cart_lines (user_id, product_id, qty) VALUES (?, ?, 2)", buyer, p)
	}
	lines := []order.LineRequest{{ProductID: a, Qty: 2}, {ProductID: b, Qty: 2}}
	req := func(k string) order.PlaceRequest {
		return order.PlaceRequest{CompanyID: comp, UserID: buyer, Channel: order.ChannelPortal, IdempotencyKey: k,
			Lines: lines, FromCart: true}
	}
	orders := func() int {
		var n int
		dbtest.Scan(t, db, &n, "SELECT count(*) FROM orders WHERE company_id = ?", comp)
		return n
	}

	// A line changed in another tab after this one read the cart.
	dbtest.Exec(t, db, "UPDATE cart_lines SET qty = 3 WHERE user_id = ? AND product_id = ?", buyer, a)
	if _, err := s.Place(ctx, req(key())); !errors.Is(err, order.ErrCartChanged) {
		t.Fatalf("a line changed meanwhile: %v, want ErrCartChanged", err)
	}
	dbtest.Exec(t, db, "UPDATE cart_lines SET qty = 2 WHERE user_id = ? AND product_id = ?", buyer, a)

	first := key()
	placed, err := s.Place(ctx, req(first))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Place(ctx, req(key())); !errors.Is(err, order.ErrCartChanged) {
		t.Fatalf("the second tab's checkout: %v, want ErrCartChanged", err)
	}
	again, err := s.Place(ctx, req(first))
	if err != nil || !again.Duplicate || again.Order.ID != placed.Order.ID {
		t.Fatalf("a repeat of the first form: %+v, %v; want its order", again, err)
	}
	if n := orders(); n != 1 {
		t.Fatalf("%d orders from one cart, want 1", n)
	}
}

// A reservation sends stock.changed only when a page shows the difference:
// the product's state (in/low/out) changes, or some cart holds more of it
// than is left (the cart says how many are available).
func TestPlaceSendsStockEventsOnlyWhenPagesShowTheChange(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	buyer := dbtest.User(t, db, comp, "buyer")
	other := dbtest.User(t, db, dbtest.Company(t, db, dbtest.CompanyOpts{}), "buyer")
	wh := dbtest.Warehouse(t, db, "WAW", "PL")
	plenty := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})   // 100 → 98: in stays in
	turning := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})  // 6 → 4: in becomes low
	wantedBy := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100}) // 100 → 98, a cart holds 99
	dbtest.Stock(t, db, plenty, wh, 100)
	dbtest.Stock(t, db, turning, wh, 6)
	dbtest.Stock(t, db, wantedBy, wh, 100)
	dbtest.Exec(t, db, "INSERT INTO cart_lines (user_id, product_id, qty) VALUES (?, ?, 99)", other, wantedBy)

	if _, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, UserID: buyer, Channel: order.ChannelPortal, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: plenty, Qty: 2}, {ProductID: turning, Qty: 2}, {ProductID: wantedBy, Qty: 2}}}); err != nil {
		t.Fatal(err)
	}
	var sent []string
	dbtest.Scan(t, db, &sent, `SELECT (payload->>'product') || ':' || (payload->>'available') FROM events
		WHERE kind = 'stock.changed' AND (payload->>'product')::bigint IN (?, ?, ?) ORDER BY id`, plenty, turning, wantedBy)
	if want := fmt.Sprint([]string{fmt.Sprintf("%d:4", turning), fmt.Sprintf("%d:98", wantedBy)}); fmt.Sprint(sent) != want {
		t.Fatalf("stock events %v, want %v (none for %d, whose page looks the same)", sent, want, plenty)
	}
}
