package loyalty_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/pricing"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// setUpTiers configures the three tiers as the demo does (idempotent).
func setUpTiers(t *testing.T, db bun.IDB) {
	t.Helper()
	dbtest.Exec(t, db, `INSERT INTO loyalty_tiers (code, rank, discount_bp, priority, points_per_unit) VALUES
		('silver', 1, 0, false, 1), ('gold', 2, 100, false, 1), ('platinum', 3, 200, true, 2)
		ON CONFLICT (code) DO UPDATE SET discount_bp = EXCLUDED.discount_bp, priority = EXCLUDED.priority, points_per_unit = EXCLUDED.points_per_unit`)
	dbtest.Exec(t, db, `INSERT INTO loyalty_tier_thresholds (tier, currency, min_spend) VALUES
		('silver', 'PLN', 2000000), ('gold', 'PLN', 8000000), ('platinum', 'PLN', 20000000),
		('silver', 'EUR', 500000), ('gold', 'EUR', 2000000), ('platinum', 'EUR', 5000000),
		('silver', 'RUB', 40000000), ('gold', 'RUB', 160000000), ('platinum', 'RUB', 400000000)
		ON CONFLICT (tier, currency) DO UPDATE SET min_spend = EXCLUDED.min_spend`)
}

// deliveredOrder writes an order delivered at the given time.
func deliveredOrder(t *testing.T, db bun.IDB, companyID int64, currency string, netGoods int64, at time.Time) int64 {
	t.Helper()
	var id int64
	dbtest.Scan(t, db, &id, `INSERT INTO orders (company_id, channel, status, currency, net_goods, net_total, vat_total, gross_total, idempotency_key, created_at)
		VALUES (?, 'api', 'delivered', ?, ?, ?, 0, ?, ?, ?) RETURNING id`, companyID, currency, netGoods, netGoods, netGoods,
		fmt.Sprintf("loyalty-test-%08d", dbtest.Unique()), at.AddDate(0, 0, -3))
	dbtest.Exec(t, db, "INSERT INTO order_status_history (order_id, status, source, at) VALUES (?, 'delivered', 'erp', ?)", id, at)
	return id
}

var today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func TestRecomputeTierOnRollingSpendRecordsChangeOnce(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	setUpTiers(t, db)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	// 79 999,99 zł within the window, and an old order that no longer counts.
	deliveredOrder(t, db, comp, "PLN", 7_999_999, today.AddDate(0, -3, 0))
	deliveredOrder(t, db, comp, "PLN", 9_000_000, today.AddDate(-1, 0, 0)) // delivered exactly a year ago: outside
	tier, err := loyalty.RecomputeTier(ctx, db, comp, today)
	if err != nil || tier != "silver" {
		t.Fatalf("tier = %q, %v; want silver (just below gold)", tier, err)
	}
	// One more grosz reaches gold exactly.
	deliveredOrder(t, db, comp, "PLN", 1, today)
	if tier, err = loyalty.RecomputeTier(ctx, db, comp, today); err != nil || tier != "gold" {
		t.Fatalf("tier = %q, %v; want gold at exactly the threshold", tier, err)
	}
	// Recomputing again changes nothing and records nothing.
	if tier, err = loyalty.RecomputeTier(ctx, db, comp, today); err != nil || tier != "gold" {
		t.Fatalf("again: %q, %v", tier, err)
	}
	hs, err := loyalty.History(ctx, db, comp, 10)
	if err != nil || len(hs) != 2 || hs[0].Tier != "gold" || hs[0].Previous != "silver" || hs[1].Tier != "silver" || hs[1].Previous != "" {
		t.Fatalf("history = %+v, %v", hs, err)
	}
	var events int
	dbtest.Scan(t, db, &events, "SELECT count(*) FROM events WHERE company_id = ? AND kind = 'company.changed'", comp)
	if events != 2 {
		t.Fatalf("%d company.changed events, want 2", events)
	}
	p, err := loyalty.ProgressOf(ctx, db, comp, today)
	if err != nil || p.Tier != "gold" || p.TierSince == nil || p.NextTier != "platinum" || p.Missing != 20_000_000-8_000_000 {
		t.Fatalf("progress = %+v, %v", p, err)
	}
	if p.Percent != 0 || p.From != 8_000_000 || p.Current.DiscountBP != 100 || p.Rate != 1 {
		t.Fatalf("progress = %+v", p)
	}
	// A year on, the spend has left the window: the company drops out.
	if tier, err = loyalty.RecomputeTier(ctx, db, comp, today.AddDate(1, 1, 0)); err != nil || tier != "" {
		t.Fatalf("a year later: %q, %v", tier, err)
	}
	var stored *string
	dbtest.Scan(t, db, &stored, "SELECT loyalty_tier FROM companies WHERE id = ?", comp)
	if stored != nil {
		t.Fatalf("stored tier %q, want none", *stored)
	}
}

func TestRecomputeAllUsesEachCompanysCurrency(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	setUpTiers(t, db)
	pln := dbtest.Company(t, db, dbtest.CompanyOpts{})
	eur := dbtest.Company(t, db, dbtest.CompanyOpts{Country: "FI", Currency: "EUR", Language: "fi"})
	// The same 20 000,00: silver in złoty, gold in euro.
	deliveredOrder(t, db, pln, "PLN", 2_000_000, today.AddDate(0, -1, 0))
	deliveredOrder(t, db, eur, "EUR", 2_000_000, today.AddDate(0, -1, 0))
	if _, err := loyalty.RecomputeAll(ctx, db, today); err != nil {
		t.Fatal(err)
	}
	var tiers []string
	dbtest.Scan(t, db, &tiers, "SELECT coalesce(loyalty_tier, '') FROM companies WHERE id IN (?, ?) ORDER BY id", pln, eur)
	if len(tiers) != 2 || tiers[0] != "silver" || tiers[1] != "gold" {
		t.Fatalf("tiers = %v, want [silver gold]", tiers)
	}
	n, err := loyalty.RecomputeAll(ctx, db, today)
	if err != nil || n != 0 {
		t.Fatalf("second run changed %d, %v", n, err)
	}
}

// The tier's discount is applied by the one pricing function, after the
// contract price: a Gold company pays 1 % less than the same company without.
func TestGoldCompanyPaysLessThroughPricing(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	setUpTiers(t, db)
	plain := dbtest.Company(t, db, dbtest.CompanyOpts{})
	gold := dbtest.Company(t, db, dbtest.CompanyOpts{Tier: "gold"})
	listed := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 10_000})
	contract := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 10_000})
	dbtest.Exec(t, db, "INSERT INTO company_prices (company_id, product_id, unit_price) VALUES (?, ?, 7000), (?, ?, 7000)", plain, contract, gold, contract)
	items := []pricing.Item{{ProductID: listed, Qty: 2}, {ProductID: contract, Qty: 1}}
	cart := func(comp int64) pricing.Totals {
		cust, err := pricing.CustomerOf(ctx, db, comp)
		if err != nil {
			t.Fatal(err)
		}
		tot, err := pricing.Cart(ctx, db, cust, items)
		if err != nil {
			t.Fatal(err)
		}
		return tot
	}
	a, b := cart(plain), cart(gold)
	// 2 × 100,00 + 70,00 = 270,00 without a tier; 2 × 99,00 + 69,30 = 267,30 with gold.
	if a.NetGoods != 27_000 || b.NetGoods != 26_730 {
		t.Fatalf("net goods without tier %d, gold %d; want 27000 and 26730", a.NetGoods, b.NetGoods)
	}
	for _, q := range b.Lines {
		if q.TierBP != 100 {
			t.Fatalf("gold quote without tier discount: %+v", q)
		}
	}
	if b.Gross >= a.Gross {
		t.Fatalf("gold pays %d gross, no tier %d", b.Gross, a.Gross)
	}
}

func TestCreditDeliveredOnce(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	setUpTiers(t, db)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{Tier: "platinum"})
	id := deliveredOrder(t, db, comp, "PLN", 123_456, today)
	for i, want := range []int{2469, 0, 0} { // platinum earns double; replays nothing
		got, err := loyalty.CreditDelivered(ctx, db, id, today)
		if err != nil || got != want {
			t.Fatalf("credit %d: %d, %v; want %d", i, got, err, want)
		}
	}
	if b, err := loyalty.Balance(ctx, db, comp); err != nil || b != 2469 {
		t.Fatalf("balance %d, %v", b, err)
	}
	es, total, err := loyalty.Ledger(ctx, db, comp, 0, 10)
	if err != nil || total != 1 || len(es) != 1 || es[0].Kind != loyalty.KindEarn || es[0].OrderNumber == 0 {
		t.Fatalf("ledger = %+v, %d, %v", es, total, err)
	}
}

// The balance an account shows (a running total in company_totals, kept by a
// trigger on the ledger) is the sum of the company's ledger after every kind
// of write, hand-written SQL included.
func TestAccountBalanceFollowsTheLedger(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	setUpTiers(t, db)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{Tier: "platinum"})
	other := dbtest.Company(t, db, dbtest.CompanyOpts{})
	agree := func(step string, want map[int64]int) {
		t.Helper()
		for c, w := range want {
			acct, err := loyalty.AccountOf(ctx, db, c)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := loyalty.Balance(ctx, db, c)
			if err != nil {
				t.Fatal(err)
			}
			if acct.Balance != w || sum != w {
				t.Errorf("%s: company %d: account shows %d, ledger sums to %d, want %d", step, c, acct.Balance, sum, w)
			}
		}
	}
	agree("no entries", map[int64]int{comp: 0, other: 0})
	if _, err := loyalty.CreditDelivered(ctx, db, deliveredOrder(t, db, comp, "PLN", 123_456, today), today); err != nil {
		t.Fatal(err)
	}
	agree("earned", map[int64]int{comp: 2469, other: 0})
	var adjust int64
	dbtest.Scan(t, db, &adjust, "INSERT INTO loyalty_ledger (company_id, kind, points) VALUES (?, 'adjust', 100) RETURNING id", comp)
	dbtest.Exec(t, db, "INSERT INTO loyalty_ledger (company_id, kind, points) VALUES (?, 'expire', -50)", comp)
	agree("adjusted and expired", map[int64]int{comp: 2519, other: 0})
	dbtest.Exec(t, db, "UPDATE loyalty_ledger SET points = 300 WHERE id = ?", adjust)
	agree("adjustment corrected", map[int64]int{comp: 2719, other: 0})
	dbtest.Exec(t, db, "UPDATE loyalty_ledger SET company_id = ? WHERE id = ?", other, adjust)
	agree("adjustment moved", map[int64]int{comp: 2419, other: 300})
	dbtest.Exec(t, db, "DELETE FROM loyalty_ledger WHERE kind = 'expire' AND company_id = ?", comp)
	agree("expiry deleted", map[int64]int{comp: 2469, other: 300})
	dbtest.Exec(t, db, "TRUNCATE loyalty_ledger")
	agree("ledger emptied", map[int64]int{comp: 0, other: 0})
}

func TestSaveProgramValidatesAndNeedsAnAdmin(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	setUpTiers(t, db)
	var admin, manager int64
	dbtest.Scan(t, db, &admin, "INSERT INTO users (email, name, role) VALUES (?, 'Admin', 'admin') RETURNING id", fmt.Sprintf("admin-%d@example.test", dbtest.Unique()))
	dbtest.Scan(t, db, &manager, "INSERT INTO users (email, name, role) VALUES (?, 'Manager', 'manager') RETURNING id", fmt.Sprintf("mgr-%d@example.test", dbtest.Unique()))
	gold := dbtest.Company(t, db, dbtest.CompanyOpts{Tier: "gold"})

	p, err := loyalty.ProgramOf(ctx, db)
	if err != nil || len(p.Tiers) != 3 || len(p.Settings) != 3 || p.Settings[0].PointValue != 100 {
		t.Fatalf("program = %+v, %v", p, err)
	}
	bad := p
	bad.Tiers = append([]loyalty.Tier(nil), p.Tiers...)
	bad.Tiers[1].DiscountBP = 3001
	bad.Tiers[2].MinSpend = map[domain.Currency]int64{domain.PLN: 8_000_000, domain.EUR: 5_000_000} // not above gold; RUB missing
	bad.Settings = append([]loyalty.Settings(nil), p.Settings...)
	bad.Settings[1].RedeemCapBP = 10_001
	bad.Settings[2].EarnUnit = 0
	var fe loyalty.FieldErrors
	if err := loyalty.SaveProgram(ctx, db, admin, bad); !errors.As(err, &fe) {
		t.Fatalf("err = %v, want field errors", err)
	}
	want := map[string]string{"tier_gold_discount": "discount_range", "min_platinum_PLN": "threshold_order", "min_platinum_RUB": "required",
		"cap_EUR": "cap_range", "earn_RUB": "amount_positive"}
	for f, r := range want {
		if fe[f] != r {
			t.Errorf("%s: %q, want %q (all: %v)", f, fe[f], r, fe)
		}
	}
	if len(fe) != len(want) {
		t.Errorf("errors = %v", fe)
	}

	good := p
	good.Tiers = append([]loyalty.Tier(nil), p.Tiers...)
	good.Tiers[1].DiscountBP, good.Tiers[1].Priority = 150, true
	if err := loyalty.SaveProgram(ctx, db, manager, good); !errors.Is(err, loyalty.ErrNotAdmin) {
		t.Fatalf("manager saving: %v", err)
	}
	if err := loyalty.SaveProgram(ctx, db, admin, good); err != nil {
		t.Fatal(err)
	}
	cust, err := pricing.CustomerOf(ctx, db, gold)
	if err != nil || cust.TierDiscountBP != 150 {
		t.Fatalf("gold discount after save: %+v, %v", cust, err)
	}
	var events int
	dbtest.Scan(t, db, &events, "SELECT count(*) FROM events WHERE company_id = ? AND kind = 'company.changed'", gold)
	if events != 1 {
		t.Fatalf("gold company told %d times of its new prices", events)
	}
	// Put the demo's values back for the other tests.
	setUpTiers(t, db)
}
