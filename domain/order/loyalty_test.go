package order_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/order"
)

// loyaltyTiers configures the tiers as the demo does (idempotent).
func loyaltyTiers(t *testing.T, db bun.IDB) {
	t.Helper()
	dbtest.Exec(t, db, `INSERT INTO loyalty_tiers (code, rank, discount_bp, priority, points_per_unit) VALUES
		('silver', 1, 0, false, 1), ('gold', 2, 100, false, 1), ('platinum', 3, 200, true, 2)
		ON CONFLICT (code) DO UPDATE SET discount_bp = EXCLUDED.discount_bp, priority = EXCLUDED.priority, points_per_unit = EXCLUDED.points_per_unit`)
}

func grantPoints(t *testing.T, db bun.IDB, companyID int64, points int) {
	t.Helper()
	dbtest.Exec(t, db, "INSERT INTO loyalty_ledger (company_id, kind, points, note) VALUES (?, 'adjust', ?, 'test')", companyID, points)
}

// An order earns its points when delivered, once: a repeated delivery from
// the ERP and a replayed credit change nothing.
func TestDeliveryEarnsPointsOnce(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	loyaltyTiers(t, db)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{Tier: "platinum"})
	p := stocked(t, db, 10_000, 100)
	res, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelAPI, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: p, Qty: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	// Platinum: 2 % off → 98,00 × 3 = 294,00 net goods; twice the points: 588.
	if res.Order.NetGoods != 29_400 || !res.Order.Priority {
		t.Fatalf("order = net goods %d, priority %v", res.Order.NetGoods, res.Order.Priority)
	}
	for _, st := range []string{order.StatusShipped, order.StatusDelivered} {
		if _, err := s.ChangeStatus(ctx, order.StatusRequest{OrderID: res.Order.ID, Status: st, Source: "erp"}); err != nil {
			t.Fatal(err)
		}
	}
	balance := func() int {
		b, err := loyalty.Balance(ctx, db, comp)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := balance(); b != 588 {
		t.Fatalf("balance after delivery = %d, want 588", b)
	}
	if _, err := s.ChangeStatus(ctx, order.StatusRequest{OrderID: res.Order.ID, Status: order.StatusDelivered, Source: "erp"}); err != nil {
		t.Fatal(err)
	}
	if n, err := loyalty.CreditDelivered(ctx, db, res.Order.ID, time.Now()); err != nil || n != 0 {
		t.Fatalf("replayed credit: %d, %v", n, err)
	}
	if b := balance(); b != 588 {
		t.Fatalf("balance after replays = %d, want 588", b)
	}
	// An order never delivered earns nothing.
	open, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelAPI, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeStatus(ctx, order.StatusRequest{OrderID: open.Order.ID, Status: order.StatusCancelled, Source: "erp"}); err != nil {
		t.Fatal(err)
	}
	if b := balance(); b != 588 {
		t.Fatalf("balance after a cancelled order = %d", b)
	}
}

func TestRedeemPointsAtPlace(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	loyaltyTiers(t, db)
	dbtest.Exec(t, db, "INSERT INTO delivery_terms (currency, free_from_net, fee) VALUES ('PLN', 0, 0) ON CONFLICT DO NOTHING")
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	p := stocked(t, db, 10_000, 1000)
	grantPoints(t, db, comp, 5_000)
	place := func(k string, points int, all bool) (order.Placed, error) {
		return s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelPortal, IdempotencyKey: k,
			Lines: []order.LineRequest{{ProductID: p, Qty: 1}}, PointsToRedeem: points, RedeemAllPoints: all})
	}
	var re *loyalty.RedeemError
	// 100,00 net goods: at most 20 % = 20,00 = 2 000 points.
	if _, err := place(key(), 2_001, false); !errors.As(err, &re) || re.Reason != loyalty.ReasonCap || re.Max != 2_000 {
		t.Fatalf("over the cap: err = %v", err)
	}
	if _, err := place(key(), -1, false); !errors.Is(err, order.ErrBadPoints) {
		t.Fatalf("negative points: %v", err)
	}
	k := key()
	res, err := place(k, 1_500, false)
	if err != nil {
		t.Fatal(err)
	}
	o := res.Order
	// 100,00 − 15,00 = 85,00 net; VAT 23 % on 85,00 = 19,55.
	if o.PointsRedeemed != 1_500 || o.PointsDiscount != 1_500 || o.NetTotal != 8_500 || o.VATTotal != 1_955 || o.GrossTotal != 10_455 {
		t.Fatalf("order: points %d = %d, net %d, vat %d, gross %d", o.PointsRedeemed, o.PointsDiscount, o.NetTotal, o.VATTotal, o.GrossTotal)
	}
	// A replay with the same key returns the order and debits nothing more.
	again, err := place(k, 1_500, false)
	if err != nil || !again.Duplicate || again.Order.ID != o.ID {
		t.Fatalf("replay = %+v, %v", again, err)
	}
	if b, _ := loyalty.Balance(ctx, db, comp); b != 3_500 {
		t.Fatalf("balance after one redemption and a replay = %d, want 3500", b)
	}
	// Use all: the cap binds (2 000), then the balance (1 500).
	res, err = place(key(), 0, true)
	if err != nil || res.Order.PointsRedeemed != 2_000 {
		t.Fatalf("use all: %+v, %v", res.Order, err)
	}
	if _, err := place(key(), 1_501, false); !errors.As(err, &re) || re.Reason != loyalty.ReasonBalance {
		t.Fatalf("over the balance: err = %v", err)
	}
	res, err = place(key(), 0, true)
	if err != nil || res.Order.PointsRedeemed != 1_500 {
		t.Fatalf("use the rest: %+v, %v", res.Order, err)
	}
	if res, err = place(key(), 0, true); err != nil || res.Order.PointsRedeemed != 0 || res.Order.PointsDiscount != 0 {
		t.Fatalf("use all with nothing left: %+v, %v", res.Order, err)
	}
	var ledger []int
	dbtest.Scan(t, db, &ledger, "SELECT points FROM loyalty_ledger WHERE company_id = ? AND kind = 'redeem' ORDER BY id", comp)
	if len(ledger) != 3 || ledger[0] != -1_500 || ledger[1] != -2_000 || ledger[2] != -1_500 {
		t.Fatalf("redemptions = %v", ledger)
	}
}

// Ten checkouts of one company spend 300 points each from a balance of
// 1 000 at the same moment: three succeed, the balance never goes below zero.
func TestConcurrentRedemptionsNeverOverspend(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	p := stocked(t, db, 10_000, 1000)
	grantPoints(t, db, comp, 1_000)

	var wg sync.WaitGroup
	var mu sync.Mutex
	placed, refused := 0, 0
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelPortal, IdempotencyKey: key(),
				Lines: []order.LineRequest{{ProductID: p, Qty: 2}}, PointsToRedeem: 300})
			var re *loyalty.RedeemError
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				placed++
			case errors.As(err, &re) && re.Reason == loyalty.ReasonBalance:
				refused++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	b, err := loyalty.Balance(ctx, db, comp)
	if err != nil || placed != 3 || refused != 7 || b != 100 {
		t.Fatalf("placed %d, refused %d, balance %d (%v); want 3, 7, 100", placed, refused, b, err)
	}
	var discounted, orders int
	dbtest.Scan(t, db, &discounted, "SELECT coalesce(sum(points_redeemed), 0) FROM orders WHERE company_id = ?", comp)
	dbtest.Scan(t, db, &orders, "SELECT count(*) FROM orders WHERE company_id = ?", comp)
	if discounted != 900 || orders != 3 {
		t.Fatalf("orders %d with %d points redeemed", orders, discounted)
	}
}

func TestPriorityOnlyForTiersWithTheBenefit(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	loyaltyTiers(t, db)
	p := stocked(t, db, 10_000, 1000)
	for tier, want := range map[string]bool{"": false, "silver": false, "gold": false, "platinum": true} {
		comp := dbtest.Company(t, db, dbtest.CompanyOpts{Tier: tier})
		res, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, Channel: order.ChannelCSV, IdempotencyKey: key(),
			Lines: []order.LineRequest{{ProductID: p, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		var stored bool
		dbtest.Scan(t, db, &stored, "SELECT priority FROM orders WHERE id = ?", res.Order.ID)
		if res.Order.Priority != want || stored != want {
			t.Errorf("tier %q: priority %v (stored %v), want %v", tier, res.Order.Priority, stored, want)
		}
	}
}
