package pricing_test

import (
	"context"
	"reflect"
	"testing"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/pricing"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// The chain as stored: list → group → company price (only while valid) →
// breaks (general and the group's) → tier; and the cart's thresholds.
func TestUnitPricesAndCartFromDatabase(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	var group, otherGroup int64
	dbtest.Scan(t, db, &group, "INSERT INTO price_groups (code, name_pl, name_ru, name_fi, discount_bp) VALUES ('wholesale', 'Hurt', 'Опт', 'Tukku', 1000) RETURNING id")
	dbtest.Scan(t, db, &otherGroup, "INSERT INTO price_groups (code, name_pl, name_ru, name_fi) VALUES ('vip', 'VIP', 'VIP', 'VIP') RETURNING id")
	dbtest.Exec(t, db, "INSERT INTO loyalty_tiers (code, rank, discount_bp) VALUES ('gold', 2, 100)")
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{PriceGroupID: group, Tier: "gold"})

	plain := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 10000})
	expired := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 10000})
	contract := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 10000})
	reduced := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 10000, VATClass: "reduced"})
	dbtest.Exec(t, db, "INSERT INTO company_prices (company_id, product_id, unit_price, valid_to) VALUES (?, ?, 5000, current_date - 1)", comp, expired)
	dbtest.Exec(t, db, "INSERT INTO company_prices (company_id, product_id, unit_price, valid_from) VALUES (?, ?, 7000, current_date)", comp, contract)
	dbtest.Exec(t, db, "INSERT INTO quantity_breaks (product_id, min_qty, discount_bp) VALUES (?, 10, 500)", plain)
	dbtest.Exec(t, db, "INSERT INTO quantity_breaks (product_id, price_group_id, min_qty, discount_bp) VALUES (?, ?, 10, 800)", plain, group)
	dbtest.Exec(t, db, "INSERT INTO quantity_breaks (product_id, price_group_id, min_qty, discount_bp) VALUES (?, ?, 5, 3000)", plain, otherGroup)
	dbtest.Exec(t, db, "INSERT INTO order_discount_thresholds (currency, min_net, discount_bp) VALUES ('PLN', 500000, 300)")
	dbtest.Exec(t, db, "INSERT INTO delivery_terms (currency, free_from_net, fee) VALUES ('PLN', 100000, 1990) ON CONFLICT (currency) DO UPDATE SET free_from_net = 100000, fee = 1990")

	cust, err := pricing.CustomerOf(ctx, db, comp)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := pricing.UnitPrices(ctx, db, cust, []pricing.Item{
		{ProductID: plain, Qty: 10}, {ProductID: expired, Qty: 1}, {ProductID: contract, Qty: 1}, {ProductID: 99999999, Qty: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	// plain: 100.00 − 10 % group = 90.00; group break 8 % → 82.80; gold 1 % → 81.97 (81.972).
	// expired contract: group price 90.00 − 1 % = 89.10. contract: 70.00 − 1 % = 69.30.
	want := map[int64]int64{plain: 8197, expired: 8910, contract: 6930}
	for id, unit := range want {
		if qs[id].UnitPrice != unit {
			t.Errorf("product %d: unit %d, want %d (%+v)", id, qs[id].UnitPrice, unit, qs[id])
		}
	}
	if _, ok := qs[99999999]; ok || len(qs) != 3 {
		t.Fatalf("unknown product quoted: %+v", qs)
	}

	cart, err := pricing.Cart(ctx, db, cust, []pricing.Item{{ProductID: contract, Qty: 2}, {ProductID: reduced, Qty: 1}})
	if err != nil {
		t.Fatal(err)
	}
	// 2 × 69.30 + 89.10 = 227.70 net goods; below 1000.00 → delivery 19.90.
	// VAT: (138.60 + 19.90) × 23 % = 36.455 → 36.46; 89.10 × 8 % = 7.128 → 7.13.
	if cart.NetGoods != 22770 || cart.Delivery != 1990 || cart.VAT != 3646+713 || cart.MissingFreeDelivery != 100000-22770 {
		t.Fatalf("cart = %+v", cart)
	}
	if cart.NextThreshold == nil || cart.MissingToNext != 500000-22770 {
		t.Fatalf("next threshold %+v, missing %d", cart.NextThreshold, cart.MissingToNext)
	}

	// CartSQL reads the same in one statement (order.Place reads it with
	// the company row in hand).
	items := []pricing.Item{{ProductID: plain, Qty: 10}, {ProductID: 99999999, Qty: 1}, {ProductID: contract, Qty: 2}, {ProductID: reduced, Qty: 1}, {ProductID: expired, Qty: 1}}
	tier := "gold"
	cartQuery := func(c pricing.Customer, tier *string, items []pricing.Item) (pricing.Customer, pricing.Totals) {
		t.Helper()
		withoutTier := c
		withoutTier.TierDiscountBP = 0
		var row pricing.CartRow
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.ProductID
		}
		q := domain.NewPrepared(pricing.CartSQL("$1::text", "$2::bigint[]", "$3::char(2)", "$4::char(3)", "$5::bigint", "$6::bigint"))
		if err := q.Get(ctx, db, []any{&row}, tier, domain.Int64Array(ids), withoutTier.Country, withoutTier.Currency,
			withoutTier.CompanyID, withoutTier.PriceGroupID); err != nil {
			t.Fatal(err)
		}
		gotCust, got, err := row.Totals(withoutTier, items)
		if err != nil {
			t.Fatal(err)
		}
		return gotCust, got
	}
	want2, err := pricing.Cart(ctx, db, cust, items)
	if err != nil {
		t.Fatal(err)
	}
	if gotCust, got := cartQuery(cust, &tier, items); gotCust != cust || !reflect.DeepEqual(got, want2) {
		t.Fatalf("CartSQL = %+v\n%+v\nwant %+v\n%+v", gotCust, got, cust, want2)
	}
	// A currency without terms or thresholds, no tier, and no items.
	eur := dbtest.Company(t, db, dbtest.CompanyOpts{Country: "FI", Currency: "EUR", Language: "fi"})
	eurCust, err := pricing.CustomerOf(ctx, db, eur)
	if err != nil {
		t.Fatal(err)
	}
	for _, its := range [][]pricing.Item{nil, {{ProductID: plain, Qty: 1}}} {
		want3, err := pricing.Cart(ctx, db, eurCust, its)
		if err != nil {
			t.Fatal(err)
		}
		if gotCust, got := cartQuery(eurCust, nil, its); gotCust != eurCust || !reflect.DeepEqual(got, want3) {
			t.Fatalf("CartQuery(EUR, %v) = %+v, %+v; want %+v", its, gotCust, got, want3)
		}
	}
}
