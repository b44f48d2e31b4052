package loyalty

import (
	"errors"
	"testing"

	"partnerdesk/domain"
	"partnerdesk/domain/pricing"
)

var testThresholds = []Threshold{
	{Tier: "silver", Rank: 1, Currency: domain.PLN, MinSpend: 2_000_000},
	{Tier: "gold", Rank: 2, Currency: domain.PLN, MinSpend: 8_000_000},
	{Tier: "platinum", Rank: 3, Currency: domain.PLN, MinSpend: 20_000_000},
	{Tier: "silver", Rank: 1, Currency: domain.EUR, MinSpend: 500_000},
	{Tier: "gold", Rank: 2, Currency: domain.EUR, MinSpend: 2_000_000},
	// No platinum in EUR: unreachable there.
}

func TestDecideTierBoundaries(t *testing.T) {
	cases := []struct {
		name  string
		cur   domain.Currency
		spend int64
		want  string
	}{
		{"nothing bought", domain.PLN, 0, ""},
		{"just below silver", domain.PLN, 1_999_999, ""},
		{"exactly at silver", domain.PLN, 2_000_000, "silver"},
		{"just below gold", domain.PLN, 7_999_999, "silver"},
		{"exactly at gold", domain.PLN, 8_000_000, "gold"},
		{"exactly at platinum", domain.PLN, 20_000_000, "platinum"},
		{"far above the top", domain.PLN, 900_000_000, "platinum"},
		// The same amount means another tier in another currency.
		{"euro: 20 000,00 is gold", domain.EUR, 2_000_000, "gold"},
		{"euro: just below silver", domain.EUR, 499_999, ""},
		{"euro: no platinum threshold", domain.EUR, 900_000_000, "gold"},
		{"a currency without thresholds", domain.RUB, 900_000_000, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := DecideTier(tc.cur, tc.spend, testThresholds); got != tc.want {
				t.Fatalf("DecideTier(%s, %d) = %q, want %q", tc.cur, tc.spend, got, tc.want)
			}
		})
	}
}

func TestPointsFor(t *testing.T) {
	pln, eur, rub := defaults[domain.PLN], defaults[domain.EUR], defaults[domain.RUB]
	cases := []struct {
		name string
		s    Settings
		net  int64
		rate int
		want int
	}{
		{"one point per złoty", pln, 123_456, 1, 1234},          // 1 234,56 zł → 1234
		{"rounded down, never up", pln, 99, 1, 0},               // 0,99 zł
		{"platinum doubles", pln, 123_456, 2, 2469},             // floor(2469,12)
		{"rate 0 earns nothing", pln, 123_456, 0, 0},            //
		{"four points per euro", eur, 1_050, 1, 42},             // 10,50 € → 42
		{"one point per 20 roubles", rub, 1_000_000, 1, 500},    // 10 000 ₽
		{"roubles below one point", rub, 1_999, 1, 0},           // 19,99 ₽
		{"large order does not overflow", pln, 5e12, 100, 5e12}, //
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.PointsFor(tc.net, tc.rate); got != tc.want {
				t.Fatalf("PointsFor(%d, %d) = %d, want %d", tc.net, tc.rate, got, tc.want)
			}
		})
	}
}

func twoRateTotals() pricing.Totals {
	// 23 % goods 300,00 and 8 % goods 100,00, 2 % order discount, delivery 19,90 at 23 %.
	terms := pricing.Terms{Thresholds: []pricing.Threshold{{MinNet: 10_000, DiscountBP: 200}}, FreeFromNet: 100_000, DeliveryFee: 1990, FeeVATBP: 2300}
	lines := []pricing.Quote{
		{Priced: true, ProductID: 1, UnitPrice: 10_000, UnitPriceX: 1_000_000, Qty: 3, VATRateBP: 2300},
		{Priced: true, ProductID: 2, UnitPrice: 10_000, UnitPriceX: 1_000_000, Qty: 1, VATRateBP: 800},
	}
	return pricing.Total(domain.PLN, lines, terms)
}

func TestPlanCapsAndBalance(t *testing.T) {
	tot := twoRateTotals() // net goods 400,00: the 20 % cap is 80,00 = 8000 points
	acc := Account{Currency: domain.PLN, Balance: 10_000, Settings: defaults[domain.PLN]}
	cases := []struct {
		name    string
		balance int
		want    int
		all     bool
		points  int
		value   int64
		reason  string
	}{
		{"nothing asked", 10_000, 0, false, 0, 0, ""},
		{"some points", 10_000, 1_500, false, 1_500, 1_500, ""},
		{"exactly the cap", 10_000, 8_000, false, 8_000, 8_000, ""},
		{"one over the cap", 10_000, 8_001, false, 0, 0, ReasonCap},
		{"more than the balance", 500, 501, false, 0, 0, ReasonBalance},
		{"all: the cap binds", 10_000, 0, true, 8_000, 8_000, ""},
		{"all: the balance binds", 2_345, 0, true, 2_345, 2_345, ""},
		{"all with no points", 0, 0, true, 0, 0, ""},
		{"all with a negative balance", -20, 0, true, 0, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			acc.Balance = tc.balance
			red, err := acc.Plan(tot, tc.want, tc.all)
			var re *RedeemError
			if tc.reason != "" {
				if !errors.As(err, &re) || re.Reason != tc.reason {
					t.Fatalf("err = %v, want reason %s", err, tc.reason)
				}
				return
			}
			if err != nil || red.Points != tc.points || red.Value != tc.value {
				t.Fatalf("plan = %+v, %v; want %d points worth %d", red, err, tc.points, tc.value)
			}
		})
	}
}

func TestPlanTooFewPointsForACent(t *testing.T) {
	acc := Account{Currency: domain.EUR, Balance: 100, Settings: defaults[domain.EUR]} // 100 points = 0,25 €
	tot := twoRateTotals()
	var re *RedeemError
	if _, err := acc.Plan(tot, 3, false); !errors.As(err, &re) || re.Reason != ReasonTooFew {
		t.Fatalf("3 points: err = %v, want too_few", err)
	}
	red, err := acc.Plan(tot, 10, false)
	if err != nil || red.Value != 2 || red.Points != 10 { // 10 × 0,25 cent = 2,5 → 2 cents
		t.Fatalf("10 points = %+v, %v", red, err)
	}
}

func TestCapNeverBelowDeliveryFee(t *testing.T) {
	s := Settings{EarnUnit: 100, PointValue: 100, RedeemCapBP: 10_000} // an admin allowed 100 %
	if got := s.CapValue(10_000, 9_000); got != 1_000 {
		t.Fatalf("cap with 90 %% order discount = %d, want the 1 000 left of the goods", got)
	}
	if got := s.MaxPoints(10_000, 0, 1_000_000); got != 10_000 {
		t.Fatalf("max points = %d", got)
	}
}

// VAT is computed again on what is charged after points, per rate; the
// totals keep net = goods − discount − points + delivery and gross = net + VAT.
func TestApplyPointsRecomputesVAT(t *testing.T) {
	base := twoRateTotals()
	// Goods after 2 %: 294,00 at 23 % and 98,00 at 8 %; delivery 19,90 at 23 %.
	if base.Net != 29_400+9_800+1_990 {
		t.Fatalf("base net = %d", base.Net)
	}
	for _, value := range []int64{1, 7, 1_000, 3_333, 8_000, 39_200, 50_000} {
		got := ApplyPoints(base, value)
		taken := min(value, 39_200)
		if got.Net != base.Net-taken {
			t.Fatalf("value %d: net %d, want %d", value, got.Net, base.Net-taken)
		}
		var vat int64
		for _, p := range got.VATParts {
			if p.VAT != domain.PartBP(p.Base, p.RateBP) {
				t.Fatalf("value %d: VAT of %+v not computed on its base", value, p)
			}
			vat += p.VAT
		}
		if got.VAT != vat || got.Gross != got.Net+got.VAT || got.NetGoods != base.NetGoods || got.Discount != base.Discount {
			t.Fatalf("value %d: totals %+v", value, got)
		}
	}
	// 1 000,00 split 3:1 over the rates: 750 at 23 %, 250 at 8 %.
	got := ApplyPoints(base, 1_000)
	if got.VATParts[0].Base != 29_400+1_990-750 || got.VATParts[1].Base != 9_800-250 {
		t.Fatalf("parts = %+v", got.VATParts)
	}
	if base.VATParts[0].Base != 29_400+1_990 {
		t.Fatal("ApplyPoints changed its argument")
	}
	if same := ApplyPoints(base, 0); same.Gross != base.Gross {
		t.Fatal("zero points changed the totals")
	}
}
