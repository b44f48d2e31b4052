package catalog_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/dbtest"
)

// AvailabilityOf and the same query inside a bigger prepared statement
// (AvailabilitySQL, read back by ParseAvailability) give the same answer:
// sums over warehouses, the earliest restock date, nothing for a product
// without stock rows.
func TestAvailabilityTwoWays(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	waw := dbtest.Warehouse(t, db, "W1", "PL")
	hel := dbtest.Warehouse(t, db, "H1", "FI")
	two := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})
	none := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})
	dbtest.Stock(t, db, two, waw, 10)
	dbtest.Stock(t, db, two, hel, 5)
	dbtest.Exec(t, db, "UPDATE stock SET reserved = 3, restock_on = '2026-12-01' WHERE product_id = ? AND warehouse_id = ?", two, waw)
	dbtest.Exec(t, db, "UPDATE stock SET restock_on = '2026-11-28' WHERE product_id = ? AND warehouse_id = ?", two, hel)

	direct, err := catalog.AvailabilityOf(ctx, db, []int64{two, none, two})
	if err != nil {
		t.Fatal(err)
	}
	a := direct[two]
	if len(direct) != 1 || a.OnHand != 15 || a.Reserved != 3 || a.Available != 12 || a.RestockOn == nil || a.RestockOn.Format("2006-01-02") != "2026-11-28" {
		t.Fatalf("AvailabilityOf = %+v", direct)
	}
	var raw []byte
	q := `SELECT (` + catalog.AvailabilitySQL("'"+domain.Int64Array([]int64{two, none})+"'::bigint[]") + `)`
	if err := db.QueryRowContext(ctx, q).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	parsed, err := catalog.ParseAvailability(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, direct) {
		t.Fatalf("ParseAvailability(AvailabilitySQL) = %+v, want %+v", parsed, direct)
	}
}

// The ERP's stock levels send stock.changed when pages show the difference:
// a new state, a new restock date, or a cart holding more than is left; and
// back_in_stock when a product had none.
func TestSetStockEventsWhenPagesShowTheChange(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	dbtest.Warehouse(t, db, "E1", "PL")
	p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})
	var sku string
	dbtest.Scan(t, db, &sku, "SELECT sku FROM products WHERE id = ?", p)
	next := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		name    string
		onHand  int
		restock *time.Time
		cart    int // a cart line of this many, 0 = none
		want    string
	}{
		{"first stock: out → in", 100, nil, 0, "stock.changed stock.back_in_stock"},
		{"in stays in", 90, nil, 0, ""},
		{"in → low", 3, nil, 0, "stock.changed"},
		{"a restock date", 3, &next, 0, "stock.changed"},
		{"low stays low", 2, &next, 0, ""},
		{"low stays low, but a cart holds 3", 1, &next, 3, "stock.changed"},
		{"nothing moves", 1, &next, 3, ""},
	}
	for _, st := range steps {
		if st.cart > 0 {
			u := dbtest.User(t, db, dbtest.Company(t, db, dbtest.CompanyOpts{}), "buyer")
			dbtest.Exec(t, db, "INSERT INTO cart_lines (user_id, product_id, qty) VALUES (?, ?, ?)", u, p, st.cart)
		}
		var last int64
		dbtest.Scan(t, db, &last, "SELECT coalesce(max(id), 0) FROM events")
		err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
			return catalog.SetStock(ctx, tx, []catalog.StockLevel{{SKU: sku, Warehouse: "E1", OnHand: st.onHand, RestockOn: st.restock}})
		})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var kinds []string
		dbtest.Scan(t, db, &kinds, "SELECT kind FROM events WHERE id > ? AND (payload->>'product')::bigint = ? ORDER BY id", last, p)
		if got := strings.Join(kinds, " "); got != st.want {
			t.Errorf("%s: events %q, want %q", st.name, got, st.want)
		}
	}
}
