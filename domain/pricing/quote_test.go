package pricing

import (
	"testing"

	"partnerdesk/domain"
)

func p(v int64) *int64 { return &v }

func TestQuoteChain(t *testing.T) {
	breaks := []Break{{MinQty: 10, DiscountBP: 500}, {MinQty: 50, DiscountBP: 1000}}
	cases := []struct {
		name   string
		in     inputs
		tier   int
		qty    int
		unit   int64
		source Source
	}{
		{"list only", inputs{ListPrice: p(1000)}, 0, 1, 1000, SourceList},
		{"group discount off list", inputs{ListPrice: p(1000), GroupBP: 1500}, 0, 1, 850, SourceGroup},
		{"explicit group price beats group discount", inputs{ListPrice: p(1000), GroupBP: 1500, GroupPrice: p(800)}, 0, 1, 800, SourceGroup},
		{"company price beats group", inputs{ListPrice: p(1000), GroupPrice: p(800), CompanyPrice: p(777)}, 0, 1, 777, SourceCompany},
		{"below first break", inputs{ListPrice: p(1000), breaks: breaks}, 0, 9, 1000, SourceList},
		{"first break", inputs{ListPrice: p(1000), breaks: breaks}, 0, 10, 950, SourceList},
		{"best break reached", inputs{ListPrice: p(1000), breaks: breaks}, 0, 60, 900, SourceList},
		{"break on company price", inputs{ListPrice: p(1000), CompanyPrice: p(777), breaks: breaks}, 0, 10, 738, SourceCompany}, // 777 − 38.85 → 738.15 → 738
		{"tier on top", inputs{ListPrice: p(1000), breaks: breaks}, 200, 10, 931, SourceList},                                   // 950 − 19
		{"rounding half away from zero", inputs{ListPrice: p(999), GroupBP: 50}, 0, 1, 994, SourceGroup},                        // 999 − 4.995 → 994.005 → 994
		{"no price at all", inputs{}, 0, 1, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := quote(tc.in, tc.tier, tc.qty)
			if q.UnitPrice != tc.unit || q.Source != tc.source {
				t.Fatalf("unit %d from %q, want %d from %q", q.UnitPrice, q.Source, tc.unit, tc.source)
			}
			if (tc.source == "") == q.Priced {
				t.Fatalf("priced = %v", q.Priced)
			}
		})
	}
}

func TestQuoteBreaksShownWithNextBreak(t *testing.T) {
	q := quote(inputs{ListPrice: p(1000), breaks: []Break{
		{MinQty: 10, DiscountBP: 500}, {MinQty: 10, DiscountBP: 700}, {MinQty: 50, DiscountBP: 1000},
	}}, 0, 12)
	if len(q.Breaks) != 2 || q.Breaks[0].UnitPrice != 930 || q.Breaks[1].UnitPrice != 900 {
		t.Fatalf("breaks = %+v (the better of two breaks at 10 should win)", q.Breaks)
	}
	if q.UnitPrice != 930 {
		t.Fatalf("unit = %d, want 930", q.UnitPrice)
	}
	next, ok := q.NextBreak()
	if !ok || next.MinQty != 50 {
		t.Fatalf("next break = %+v, %v", next, ok)
	}
}

func TestTotal(t *testing.T) {
	terms := Terms{
		Thresholds:  []Threshold{{MinNet: 100000, DiscountBP: 200}, {MinNet: 300000, DiscountBP: 400}},
		FreeFromNet: 50000, DeliveryFee: 2500, FeeVATBP: 2300,
	}
	line := func(unit int64, qty, vat int) Quote {
		return Quote{Priced: true, UnitPrice: unit, UnitPriceX: unit * 100, Qty: qty, VATRateBP: vat}
	}
	cases := []struct {
		name                         string
		lines                        []Quote
		discount, delivery, net, vat int64
		missingNext, missingFree     int64
		nextBP                       int
	}{
		{"empty cart", nil, 0, 0, 0, 0, 100000, 50000, 200},
		{"small order pays delivery", []Quote{line(1000, 10, 2300)}, 0, 2500, 12500, 2875, 90000, 40000, 200},
		{"free delivery reached", []Quote{line(1000, 50, 2300)}, 0, 0, 50000, 11500, 50000, 0, 200},
		{"first discount", []Quote{line(1000, 100, 2300)}, 2000, 0, 98000, 22540, 200000, 0, 400},
		{"best discount, two VAT rates", []Quote{line(1000, 250, 2300), line(1001, 100, 800)}, 14004, 0, 336096, 62888, 0, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tt := Total(domain.PLN, tc.lines, terms)
			if tt.Discount != tc.discount || tt.Delivery != tc.delivery || tt.Net != tc.net || tt.VAT != tc.vat {
				t.Fatalf("discount %d delivery %d net %d vat %d; want %d %d %d %d",
					tt.Discount, tt.Delivery, tt.Net, tt.VAT, tc.discount, tc.delivery, tc.net, tc.vat)
			}
			if tt.Gross != tt.Net+tt.VAT {
				t.Fatalf("gross %d ≠ net + vat", tt.Gross)
			}
			if tt.MissingToNext != tc.missingNext || tt.MissingFreeDelivery != tc.missingFree {
				t.Fatalf("missing to next discount %d, to free delivery %d; want %d, %d",
					tt.MissingToNext, tt.MissingFreeDelivery, tc.missingNext, tc.missingFree)
			}
			if (tt.NextThreshold == nil) != (tc.nextBP == 0) || (tt.NextThreshold != nil && tt.NextThreshold.DiscountBP != tc.nextBP) {
				t.Fatalf("next threshold = %+v, want %d bp", tt.NextThreshold, tc.nextBP)
			}
		})
	}
}

// Cheap items keep four decimals: cable at 0.20 a metre with 5 % from 500 m
// and 7 % from 2,000 m costs 0.19 and 0.186 a metre, and 2,000 m cost
// 372.00, not 380.00 (0.19 × 2,000, the 7 % rounded away). From 1.00 a unit
// up, unit prices are whole cents as before, and a line is the unit price
// times the quantity.
func TestCheapItemsKeepTheirDiscount(t *testing.T) {
	cable := inputs{ListPrice: p(20), breaks: []Break{{MinQty: 500, DiscountBP: 500}, {MinQty: 2000, DiscountBP: 700}}}
	q := quote(cable, 0, 2000)
	if q.UnitPriceX != 1860 || q.UnitPrice != 19 || q.Net() != 37200 {
		t.Fatalf("2,000 m: unit %d (%d hundredths), net %d; want 19 (1860), 37200", q.UnitPrice, q.UnitPriceX, q.Net())
	}
	if q.Breaks[0].UnitPriceX != 1900 || q.Breaks[1].UnitPriceX != 1860 {
		t.Fatalf("breaks %+v: the two tiers must differ", q.Breaks)
	}
	if got := quote(cable, 0, 700).Net(); got != 13300 {
		t.Fatalf("700 m: net %d, want 13300", got)
	}
	if bp := q.SavingBP(); bp != 700 {
		t.Fatalf("saving %d bp, want 700", bp)
	}
	// 12.34 less 5 % is 11.723: 11.72 a unit, three of them 35.16.
	dear := quote(inputs{ListPrice: p(1234), breaks: []Break{{MinQty: 1, DiscountBP: 500}}}, 0, 3)
	if dear.UnitPriceX != 117200 || dear.Net() != 3516 {
		t.Fatalf("12.34 less 5 %%: %d hundredths, net %d; want 117200, 3516", dear.UnitPriceX, dear.Net())
	}
}
