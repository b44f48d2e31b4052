package pricing

import (
	"context"
	"fmt"
	"sort"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Threshold is an order-value discount: from MinNet of goods, DiscountBP off.
type Threshold struct {
	MinNet     int64
	DiscountBP int
}

// Terms are a currency's order-value discounts and delivery terms.
type Terms struct {
	Thresholds  []Threshold // ascending by MinNet
	FreeFromNet int64       // goods value from which delivery is free; 0 = always free
	DeliveryFee int64
	FeeVATBP    int // VAT on the delivery fee (the standard rate)
}

// VATPart is the VAT of the lines at one rate.
type VATPart struct {
	RateBP int
	Base   int64
	VAT    int64
}

// Totals of a cart or an order.
type Totals struct {
	Currency   domain.Currency
	Lines      []Quote
	NetGoods   int64 // sum of line nets
	DiscountBP int   // order-value discount reached
	Discount   int64
	Delivery   int64
	Net        int64
	VAT        int64
	Gross      int64
	VATParts   []VATPart

	// Next order-value discount and what is missing to reach it (nil when the best is reached).
	NextThreshold *Threshold
	MissingToNext int64
	// Free delivery: the threshold and what is missing (0 when reached).
	FreeDeliveryFrom    int64
	MissingFreeDelivery int64
}

// TermsOf loads the order-value discounts and delivery terms for a customer.
func TermsOf(ctx context.Context, db bun.IDB, c Customer) (Terms, error) {
	var t Terms
	err := db.NewRaw(`SELECT min_net, discount_bp FROM order_discount_thresholds WHERE currency = ? ORDER BY min_net`,
		c.Currency).Scan(ctx, &t.Thresholds)
	if err != nil {
		return t, fmt.Errorf("pricing: thresholds: %w", err)
	}
	var dt struct {
		FreeFromNet int64 `bun:"free_from_net"`
		Fee         int64 `bun:"fee"`
		RateBP      int   `bun:"rate_bp"`
	}
	err = db.NewRaw(`SELECT d.free_from_net, d.fee, v.rate_bp FROM delivery_terms d
		JOIN vat_rates v ON v.country = ? AND v.vat_class = 'standard' WHERE d.currency = ?`,
		c.Country, c.Currency).Scan(ctx, &dt)
	if err != nil && err != domain.ErrNoRows {
		return t, fmt.Errorf("pricing: delivery terms: %w", err)
	}
	t.FreeFromNet, t.DeliveryFee, t.FeeVATBP = dt.FreeFromNet, dt.Fee, dt.RateBP
	return t, nil
}

// Cart prices the items and totals them: the one function behind every cart,
// order summary and placed order.
func Cart(ctx context.Context, db bun.IDB, c Customer, items []Item) (Totals, error) {
	quotes, err := UnitPrices(ctx, db, c, items)
	if err != nil {
		return Totals{}, err
	}
	terms, err := TermsOf(ctx, db, c)
	if err != nil {
		return Totals{}, err
	}
	lines := make([]Quote, 0, len(items))
	for _, it := range items {
		if q, ok := quotes[it.ProductID]; ok && q.Priced {
			lines = append(lines, q)
		}
	}
	return Total(c.Currency, lines, terms), nil
}

// Total adds up priced lines under the given terms. The order-value discount is
// taken per VAT rate so that VAT is computed on what is really charged; every
// amount is rounded to the minor unit once.
func Total(cur domain.Currency, lines []Quote, terms Terms) Totals {
	t := Totals{Currency: cur, Lines: lines}
	baseByRate := map[int]int64{}
	for _, l := range lines {
		t.NetGoods += l.Net()
		baseByRate[l.VATRateBP] += l.Net()
	}
	for i, th := range terms.Thresholds {
		if t.NetGoods >= th.MinNet {
			t.DiscountBP = th.DiscountBP
			continue
		}
		next := terms.Thresholds[i]
		t.NextThreshold = &next
		t.MissingToNext = th.MinNet - t.NetGoods
		break
	}
	t.FreeDeliveryFrom = terms.FreeFromNet
	if len(lines) > 0 && t.NetGoods < terms.FreeFromNet {
		t.Delivery = terms.DeliveryFee
		t.MissingFreeDelivery = terms.FreeFromNet - t.NetGoods
	} else if len(lines) == 0 {
		t.MissingFreeDelivery = terms.FreeFromNet
	}
	if _, ok := baseByRate[terms.FeeVATBP]; !ok && t.Delivery > 0 {
		baseByRate[terms.FeeVATBP] = 0 // the delivery fee's rate gets a VAT part even with no goods at that rate
	}
	rates := make([]int, 0, len(baseByRate))
	for r := range baseByRate {
		rates = append(rates, r)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(rates)))
	for _, r := range rates {
		base := baseByRate[r]
		disc := domain.PartBP(base, t.DiscountBP)
		t.Discount += disc
		base -= disc
		if r == terms.FeeVATBP {
			base += t.Delivery
		}
		vat := domain.PartBP(base, r)
		t.VATParts = append(t.VATParts, VATPart{RateBP: r, Base: base, VAT: vat})
		t.Net += base
		t.VAT += vat
	}
	t.Gross = t.Net + t.VAT
	return t
}
