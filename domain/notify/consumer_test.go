package notify_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
	"partnerdesk/domain/notify"
	"partnerdesk/domain/pricing"
)

// deliver hands the outbox to the notify consumer until it has nothing left.
func deliver(t *testing.T, d *event.Dispatcher) {
	t.Helper()
	for {
		n, err := d.DeliverOnce(context.Background(), "notify")
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func newConsumer(t *testing.T, db *bun.DB) *event.Dispatcher {
	t.Helper()
	d := event.NewDispatcher(db, nil)
	d.Add(notify.Consumer())
	deliver(t, d) // start after what earlier tests left
	return d
}

func inTx(t *testing.T, db *bun.DB, f func(ctx context.Context, tx bun.Tx) error) {
	t.Helper()
	if err := db.RunInTx(context.Background(), nil, f); err != nil {
		t.Fatal(err)
	}
}

func TestBackInStockFromAStockEvent(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	f := newFirm(t, db)
	d := newConsumer(t, db)
	wh := dbtest.Warehouse(t, db, "NT-1", "PL")
	p := dbtest.Product(t, db, dbtest.ProductOpts{Pack: 5, MinQty: 10, NamePL: "Przedłużacz testowy"})
	dbtest.Stock(t, db, p, wh, 0)
	var sku string
	dbtest.Scan(t, db, &sku, "SELECT sku FROM products WHERE id = ?", p)
	for _, u := range []int64{f.Buyer, f.Owner, f.Accountant} {
		if err := notify.Subscribe(ctx, db, u, p, notify.SourcePortal); err != nil {
			t.Fatal(err)
		}
	}
	switchOff(t, db, f.Owner, notify.KindBackInStock)
	setStock := func(onHand int) {
		inTx(t, db, func(ctx context.Context, tx bun.Tx) error {
			return catalog.SetStock(ctx, tx, []catalog.StockLevel{{SKU: sku, Warehouse: "NT-1", OnHand: onHand}})
		})
		deliver(t, d)
	}

	setStock(4) // less than one minimum order: still out of stock
	if got := refs(t, db, f.Buyer, notify.KindBackInStock); len(got) != 0 {
		t.Fatalf("told with 4 of minimum 10 free: %q", got)
	}
	setStock(50)
	setStock(60) // a second change tells nobody again
	for _, u := range []int64{f.Buyer, f.Accountant} {
		if got := refs(t, db, u, notify.KindBackInStock); len(got) != 1 {
			t.Errorf("user %d: %q, want one back-in-stock notice", u, got)
		}
	}
	if got := refs(t, db, f.Owner, notify.KindBackInStock); len(got) != 0 {
		t.Errorf("owner switched it off, got %q", got)
	}
	var left int
	dbtest.Scan(t, db, &left, "SELECT count(*) FROM stock_subscriptions WHERE product_id = ?", p)
	if left != 0 {
		t.Fatalf("%d subscriptions left after the product came back", left)
	}
	list, _ := notify.List(ctx, db, f.Buyer, 10)
	if len(list) != 1 || list[0].Params.SKU != sku || list[0].Params.ProductName(domain.Finnish) != "Przedłużacz testowy" ||
		list[0].Params.Available != 50 || list[0].Link != "/products/"+sku {
		t.Fatalf("notice: %+v", list)
	}
	var announced int
	dbtest.Scan(t, db, &announced, "SELECT count(*) FROM events WHERE kind = ? AND (payload->>'notification')::bigint = ?", event.Notification, list[0].ID)
	if announced != 1 {
		t.Fatalf("notification announced %d times", announced)
	}

	// Subscribing again later is a new wish, told again at the next return.
	time.Sleep(1100 * time.Millisecond) // the reference has whole seconds
	if err := notify.Subscribe(ctx, db, f.Buyer, p, notify.SourceBot); err != nil {
		t.Fatal(err)
	}
	setStock(0)
	setStock(30)
	if got := refs(t, db, f.Buyer, notify.KindBackInStock); len(got) != 2 {
		t.Fatalf("after subscribing again: %q", got)
	}
}

func TestPriceChangeOfFavourites(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	f, g := newFirm(t, db), newFirm(t, db)
	p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 2500})
	other := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1000}) // nobody's favourite
	var sku, otherSKU string
	dbtest.Scan(t, db, &sku, "SELECT sku FROM products WHERE id = ?", p)
	dbtest.Scan(t, db, &otherSKU, "SELECT sku FROM products WHERE id = ?", other)
	for _, c := range []int64{f.Company, g.Company} {
		if err := catalog.SetFavourite(ctx, db, c, p, 10); err != nil {
			t.Fatal(err)
		}
	}
	switchOff(t, db, g.Owner, notify.KindPriceChange)
	d := newConsumer(t, db)
	st, err := notify.Scan(ctx, db, time.Now(), notify.Config{})
	if err != nil || st.PricesWatched < 2 {
		t.Fatalf("scan: %+v, %v; want both favourites watched", st, err)
	}
	apply := func(u pricing.PriceUpdate) {
		inTx(t, db, func(ctx context.Context, tx bun.Tx) error { return pricing.Apply(ctx, tx, u) })
		deliver(t, d)
	}

	apply(pricing.PriceUpdate{List: []pricing.ListPrice{{SKU: sku, Currency: "PLN", UnitPrice: 2700}, {SKU: otherSKU, Currency: "PLN", UnitPrice: 1100}}})
	apply(pricing.PriceUpdate{List: []pricing.ListPrice{{SKU: sku, Currency: "PLN", UnitPrice: 2700}}}) // republished, unchanged
	for _, u := range []int64{f.Owner, f.Buyer, f.Viewer, g.Buyer, g.Viewer} {
		if got := refs(t, db, u, notify.KindPriceChange); len(got) != 1 {
			t.Errorf("user %d: %q, want one price change", u, got)
		}
	}
	for _, u := range []int64{f.Accountant, g.Owner} {
		if got := refs(t, db, u, notify.KindPriceChange); len(got) != 0 {
			t.Errorf("user %d told: %q", u, got)
		}
	}
	list, _ := notify.List(ctx, db, f.Buyer, 10)
	if len(list) != 1 || list[0].Params.OldPrice != 2500 || list[0].Params.NewPrice != 2700 || list[0].Params.Currency != "PLN" {
		t.Fatalf("notice: %+v", list)
	}

	// A company's own price tells that company only.
	apply(pricing.PriceUpdate{Company: []pricing.CompanyPrice{{CompanyID: f.Company, SKU: sku, UnitPrice: 2400}}})
	if got := refs(t, db, f.Buyer, notify.KindPriceChange); len(got) != 2 {
		t.Fatalf("company price: %q", got)
	}
	if got := refs(t, db, g.Buyer, notify.KindPriceChange); len(got) != 1 {
		t.Fatalf("another company told of f's price: %q", got)
	}
	list, _ = notify.List(ctx, db, f.Buyer, 1)
	if list[0].Params.OldPrice != 2700 || list[0].Params.NewPrice != 2400 || !slices.Contains([]string{"/products/" + sku}, list[0].Link) {
		t.Fatalf("company price notice: %+v", list[0])
	}
}
