package catalog_test

import (
	"context"
	"reflect"
	"testing"

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
