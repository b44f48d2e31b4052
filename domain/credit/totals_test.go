package credit_test

import (
	"context"
	"fmt"
	"testing"

	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/order"
)

// The kept totals agree with the history after ordinary writes; when someone
// breaks them by hand (a row changed, a row deleted), CheckTotals names the
// companies and RebuildTotals puts them right, after which the balance is
// the recomputed one again.
func TestTotalsCheckFindsAndRebuildMendsDrift(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := &order.Service{DB: db, Credit: credit.DefaultPolicy}
	wh := dbtest.Warehouse(t, db, "WAW", "PL")
	p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 20_000})
	dbtest.Stock(t, db, p, wh, 1000)
	a := dbtest.Company(t, db, dbtest.CompanyOpts{})
	b := dbtest.Company(t, db, dbtest.CompanyOpts{})
	for i, c := range []int64{a, a, b} {
		if _, err := s.Place(ctx, order.PlaceRequest{CompanyID: c, Channel: order.ChannelAPI,
			IdempotencyKey: fmt.Sprintf("totals-test-%d-%d", c, i), Lines: []order.LineRequest{{ProductID: p, Qty: 2}}}); err != nil {
			t.Fatal(err)
		}
	}
	dbtest.Exec(t, db, "INSERT INTO loyalty_ledger (company_id, kind, points) VALUES (?, 'adjust', 250)", b)
	ours := func(drifts []credit.Drift) map[int64]credit.Drift {
		out := map[int64]credit.Drift{}
		for _, d := range drifts {
			if d.CompanyID == a || d.CompanyID == b {
				out[d.CompanyID] = d
			}
		}
		return out
	}
	drifts, err := credit.CheckTotals(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if got := ours(drifts); len(got) != 0 {
		t.Fatalf("drift after ordinary writes: %+v", got)
	}

	dbtest.Exec(t, db, "UPDATE company_totals SET open_orders = open_orders + 999 WHERE company_id = ?", a)
	dbtest.Exec(t, db, "DELETE FROM company_totals WHERE company_id = ?", b)
	drifts, err = credit.CheckTotals(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	got := ours(drifts)
	if da := got[a]; da.KeptOpen != da.OpenOrders+999 || da.Missing {
		t.Errorf("company a: %+v", da)
	}
	if gb := got[b]; !gb.Missing || gb.KeptOpen != 0 || gb.OpenOrders == 0 || gb.Points != 250 || gb.KeptPoints != 0 {
		t.Errorf("company b: %+v", gb)
	}

	fixed, err := credit.RebuildTotals(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(ours(fixed)) != 2 {
		t.Errorf("rebuild fixed %+v", fixed)
	}
	drifts, err = credit.CheckTotals(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(drifts) != 0 {
		t.Fatalf("drift after the rebuild: %+v", drifts)
	}
	agrees(t, db, "rebuilt")
}
