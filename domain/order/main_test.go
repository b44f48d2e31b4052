package order_test

import (
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// stocked makes a product priced listPLN (minor units) with onHand units in
// the Warsaw warehouse, the fixture most order tests start from.
func stocked(t *testing.T, db bun.IDB, listPLN int64, onHand int) int64 {
	t.Helper()
	p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: listPLN})
	dbtest.Stock(t, db, p, dbtest.Warehouse(t, db, "WAW", "PL"), onHand)
	return p
}
