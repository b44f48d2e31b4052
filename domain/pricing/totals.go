package pricing

import (
	"context"
	"encoding/json"
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
	var row termsRow
	if err := termsStmt.Get(ctx, db, []any{&row}, c.Currency, c.Country); err != nil {
		return Terms{}, fmt.Errorf("pricing: terms: %w", err)
	}
	return row.terms()
}

// termsStmt is TermsOf's query, prepared: every cart and checkout page shows the terms.
var termsStmt = domain.NewPrepared(domain.Renumber(termsSQL, "$1::char(3)", "$2::char(2)"))

// termsSQL is one row of the terms of currency ?0 in country ?1. Without
// delivery terms, or without a standard VAT rate for the fee, delivery is free.
const termsSQL = `
	SELECT th.thresholds, coalesce(dt.free_from_net, 0) AS free_from_net, coalesce(dt.fee, 0) AS fee,
	       coalesce(dt.rate_bp, 0) AS fee_vat_bp
	FROM (SELECT coalesce(json_agg(json_build_object('min_net', x.min_net, 'discount_bp', x.discount_bp) ORDER BY x.min_net), '[]') AS thresholds
	      FROM order_discount_thresholds x WHERE x.currency = ?0) th
	LEFT JOIN (SELECT d.free_from_net, d.fee, v.rate_bp FROM delivery_terms d
	           JOIN vat_rates v ON v.country = ?1 AND v.vat_class = 'standard' WHERE d.currency = ?0) dt ON true`

type termsRow struct {
	Thresholds  json.RawMessage `bun:"thresholds"`
	FreeFromNet int64           `bun:"free_from_net"`
	Fee         int64           `bun:"fee"`
	FeeVATBP    int             `bun:"fee_vat_bp"`
}

func (r termsRow) terms() (Terms, error) {
	var ths []struct {
		MinNet     int64 `json:"min_net"`
		DiscountBP int   `json:"discount_bp"`
	}
	if err := json.Unmarshal(r.Thresholds, &ths); err != nil {
		return Terms{}, fmt.Errorf("pricing: thresholds: %w", err)
	}
	t := Terms{FreeFromNet: r.FreeFromNet, DeliveryFee: r.Fee, FeeVATBP: r.FeeVATBP}
	for _, th := range ths {
		t.Thresholds = append(t.Thresholds, Threshold{MinNet: th.MinNet, DiscountBP: th.DiscountBP})
	}
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
	return cartTotals(c, items, quotes, terms), nil
}

// CartSQL reads what Cart needs besides the company row, for a caller that
// holds the row (order.Place, under the company lock) and reads more in the
// same statement: the discount of the company's loyalty tier, the terms of
// its currency and the prices of the items; its one row scans into a
// CartRow. The arguments are the SQL of the tier code, the product ids (an
// array), the country, the currency, the company id and the price group id
// (0 = none).
func CartSQL(tier, ids, country, currency, company, group string) string {
	return `SELECT coalesce((SELECT t.discount_bp FROM loyalty_tiers t WHERE t.code = ` + tier + `), 0) AS cart_tier_discount_bp,
		  terms.*, (SELECT coalesce(json_agg(pr), '[]') FROM (` + domain.Renumber(inputsSQL, ids, country, currency, company, group) + `) pr) AS cart_prices
		FROM (` + domain.Renumber(termsSQL, currency, country) + `) terms`
}

// CartRow is what CartSQL selects; Totals prices the items from it.
type CartRow struct {
	TierDiscountBP int             `bun:"cart_tier_discount_bp"`
	Thresholds     json.RawMessage `bun:"thresholds"`
	FreeFromNet    int64           `bun:"free_from_net"`
	Fee            int64           `bun:"fee"`
	FeeVATBP       int             `bun:"fee_vat_bp"`
	Prices         json.RawMessage `bun:"cart_prices"`
}

// Totals is the customer c with its tier discount and the items priced for
// it, as Cart would price them.
func (r CartRow) Totals(c Customer, items []Item) (Customer, Totals, error) {
	c, _, t, err := r.Quote(c, items)
	return c, t, err
}

// Quote is Totals with every item's quote besides, the unpriced ones too
// (Priced false), for pages that show each product.
func (r CartRow) Quote(c Customer, items []Item) (Customer, map[int64]Quote, Totals, error) {
	c.TierDiscountBP = r.TierDiscountBP
	terms, err := termsRow{Thresholds: r.Thresholds, FreeFromNet: r.FreeFromNet, Fee: r.Fee, FeeVATBP: r.FeeVATBP}.terms()
	if err != nil {
		return Customer{}, nil, Totals{}, err
	}
	var rows []inputs
	if err := json.Unmarshal(r.Prices, &rows); err != nil {
		return Customer{}, nil, Totals{}, fmt.Errorf("pricing: prices: %w", err)
	}
	quotes, err := quoteAll(rows, c, items)
	if err != nil {
		return Customer{}, nil, Totals{}, err
	}
	return c, quotes, cartTotals(c, items, quotes, terms), nil
}

// cartTotals totals the priced items in the order asked.
func cartTotals(c Customer, items []Item, quotes map[int64]Quote, terms Terms) Totals {
	lines := make([]Quote, 0, len(items))
	for _, it := range items {
		if q, ok := quotes[it.ProductID]; ok && q.Priced {
			lines = append(lines, q)
		}
	}
	return Total(c.Currency, lines, terms)
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
