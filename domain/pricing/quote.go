// Package pricing computes what a company pays. Every door (portal, bot, order
// file, API) prices through UnitPrices and Cart, so a customer sees one price.
//
// The chain for a unit price: list price in the company's currency → the price
// group's price (explicit, or its discount off list) → the company's own price
// → the best quantity break reached → the loyalty tier's extra discount.
package pricing

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// Customer is what pricing needs to know about a company.
type Customer struct {
	CompanyID      int64
	Currency       domain.Currency
	Country        string
	PriceGroupID   int64 // 0 = none
	TierDiscountBP int
}

// CustomerOf loads the pricing view of a company.
func CustomerOf(ctx context.Context, db bun.IDB, companyID int64) (Customer, error) {
	var c Customer
	err := db.NewRaw(`
		SELECT c.id AS company_id, c.currency, c.country, coalesce(c.price_group_id, 0) AS price_group_id,
		       coalesce(t.discount_bp, 0) AS tier_discount_bp
		FROM companies c LEFT JOIN loyalty_tiers t ON t.code = c.loyalty_tier
		WHERE c.id = ?`, companyID).Scan(ctx, &c)
	if err != nil {
		return c, fmt.Errorf("pricing: customer %d: %w", companyID, err)
	}
	return c, nil
}

// CustomerFor is the pricing view of a company row already read, but for
// its tier's discount, which CartSQL reads.
func CustomerFor(c *company.Company) Customer {
	cust := Customer{CompanyID: c.ID, Currency: c.Currency, Country: c.Country}
	if c.PriceGroupID != nil {
		cust.PriceGroupID = *c.PriceGroupID
	}
	return cust
}

// Source says where a unit price's base came from.
type Source string

const (
	SourceList    Source = "list"
	SourceGroup   Source = "group"
	SourceCompany Source = "company"
)

// Break is a quantity break as the customer sees it: from MinQty units the unit
// price is UnitPrice.
type Break struct {
	MinQty     int   `json:"min_qty"`
	DiscountBP int   `json:"discount_bp"`
	UnitPrice  int64 `json:"unit_price"`
	// UnitPriceX is the unit price in hundredths of the minor unit (see
	// Quote.UnitPriceX).
	UnitPriceX int64 `json:"unit_price_x"`
}

// Quote is the price of one product for one customer at one quantity.
type Quote struct {
	ProductID int64
	Qty       int
	Priced    bool   // false: no price in the customer's currency, cannot be ordered
	ListPrice int64  // list price per unit
	BasePrice int64  // after price group and company price
	Source    Source //
	BreakBP   int    // quantity break applied, if any
	TierBP    int    // loyalty tier discount applied
	UnitPrice int64  // what the customer pays per unit, net, in whole minor units (UnitPriceX rounded)
	// UnitPriceX is the unit price in hundredths of the minor unit: whole
	// cents from 1.00 up, four decimals below (preciseBelow), so that a
	// discount on cable at 0.20 a metre is not rounded away. Net is
	// computed from it and rounded once per line.
	UnitPriceX int64
	VATRateBP  int
	Breaks     []Break // every break for this product, with its unit price
}

// Net is the line's net amount: quantity times the unit price, rounded
// once to the minor unit.
func (q Quote) Net() int64 { return domain.DivRound(q.UnitPriceX*int64(q.Qty), 100) }

// SavingBP is the total discount off list, in basis points (for display).
func (q Quote) SavingBP() int {
	if q.ListPrice == 0 || q.UnitPriceX >= q.ListPrice*100 {
		return 0
	}
	return int((q.ListPrice*100 - q.UnitPriceX) * 10_000 / (q.ListPrice * 100))
}

// preciseBelow is the unit price (in hundredths of the minor unit) under
// which unit prices keep four decimals: below 1.00 a rounding to whole
// cents can take away more than half a percent, and a discount under a cent
// a unit would vanish. From 1.00 up they are whole cents, as price lists
// and invoices write them.
const preciseBelow = 100 * 100

// unitX applies the break and tier discounts to a base price in hundredths
// of the minor unit, rounded to whole cents from preciseBelow up.
func unitX(baseX int64, breakBP, tierBP int) int64 {
	x := domain.ApplyBP(domain.ApplyBP(baseX, breakBP), tierBP)
	if x >= preciseBelow {
		x = domain.DivRound(x, 100) * 100
	}
	return x
}

// NextBreak returns the next quantity break above the quoted quantity, if any.
func (q Quote) NextBreak() (Break, bool) {
	for _, b := range q.Breaks {
		if b.MinQty > q.Qty {
			return b, true
		}
	}
	return Break{}, false
}

// Item asks for a product at a quantity.
type Item struct {
	ProductID int64
	Qty       int
}

// inputs are the stored prices for one product, as loaded for one customer
// (the json names are those of CartQuery's aggregate).
type inputs struct {
	ProductID    int64           `bun:"product_id" json:"product_id"`
	VATRateBP    int             `bun:"vat_rate_bp" json:"vat_rate_bp"`
	ListPrice    *int64          `bun:"list_price" json:"list_price"`
	GroupPrice   *int64          `bun:"group_price" json:"group_price"`
	GroupBP      int             `bun:"group_bp" json:"group_bp"`
	CompanyPrice *int64          `bun:"company_price" json:"company_price"`
	BreaksJSON   json.RawMessage `bun:"breaks" json:"breaks"`
	breaks       []Break
}

// inputsSQL loads the stored prices of the products ?0 (an array) for a customer: ?1 its
// country, ?2 currency, ?3 company and ?4 price group (0 = none). Each
// price is a lookup by its unique key: subqueries rather than joins, because
// planning a seven-way join cost more than running it.
const inputsSQL = `
	SELECT p.id AS product_id, vr.rate_bp AS vat_rate_bp,
	       (SELECT lp.unit_price FROM list_prices lp WHERE lp.product_id = p.id AND lp.currency = ?2) AS list_price,
	       (SELECT pgp.unit_price FROM price_group_prices pgp
	        WHERE pgp.product_id = p.id AND pgp.currency = ?2 AND pgp.price_group_id = ?4) AS group_price,
	       coalesce((SELECT pg.discount_bp FROM price_groups pg WHERE pg.id = ?4), 0) AS group_bp,
	       (SELECT cp.unit_price FROM company_prices cp
	        WHERE cp.product_id = p.id AND cp.company_id = ?3
	          AND (cp.valid_from IS NULL OR cp.valid_from <= current_date)
	          AND (cp.valid_to IS NULL OR cp.valid_to >= current_date)) AS company_price,
	       coalesce((SELECT json_agg(json_build_object('min_qty', qb.min_qty, 'discount_bp', qb.discount_bp) ORDER BY qb.min_qty)
	                 FROM quantity_breaks qb
	                 WHERE qb.product_id = p.id AND (qb.price_group_id IS NULL OR qb.price_group_id = ?4)), '[]') AS breaks
	FROM products p
	JOIN vat_rates vr ON vr.country = ?1 AND vr.vat_class = p.vat_class
	WHERE p.id = ANY(?0)`

// inputsStmt is UnitPrices' query, prepared: every cart and checkout page
// prices its lines.
var inputsStmt = domain.NewPrepared(domain.Renumber(inputsSQL, "$1::bigint[]", "$2::char(2)", "$3::char(3)", "$4::bigint", "$5::bigint"))

func itemIDs(items []Item) []int64 {
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.ProductID)
	}
	return ids
}

// UnitPrices quotes each item for the customer. Products without any price in
// the customer's currency come back with Priced false; unknown products are absent.
func UnitPrices(ctx context.Context, db bun.IDB, c Customer, items []Item) (map[int64]Quote, error) {
	if len(items) == 0 {
		return map[int64]Quote{}, nil
	}
	var rows []inputs
	err := inputsStmt.Select(ctx, db, &rows, domain.Int64Array(itemIDs(items)), c.Country, c.Currency, c.CompanyID, c.PriceGroupID)
	if err != nil {
		return nil, fmt.Errorf("pricing: load prices: %w", err)
	}
	return quoteAll(rows, c, items)
}

// quoteAll applies the pricing rule to the loaded inputs for each item.
func quoteAll(rows []inputs, c Customer, items []Item) (map[int64]Quote, error) {
	out := make(map[int64]Quote, len(items))
	byID := make(map[int64]*inputs, len(rows))
	for i := range rows {
		r := &rows[i]
		if err := json.Unmarshal(r.BreaksJSON, &r.breaks); err != nil {
			return nil, fmt.Errorf("pricing: breaks of product %d: %w", r.ProductID, err)
		}
		byID[r.ProductID] = r
	}
	for _, it := range items {
		in, ok := byID[it.ProductID]
		if !ok {
			continue
		}
		out[it.ProductID] = quote(*in, c.TierDiscountBP, it.Qty)
	}
	return out, nil
}

// quote is the pricing rule itself, free of I/O.
func quote(in inputs, tierBP, qty int) Quote {
	q := Quote{ProductID: in.ProductID, Qty: qty, VATRateBP: in.VATRateBP, TierBP: tierBP}
	var baseX int64 // the base price in hundredths of the minor unit
	switch {
	case in.ListPrice != nil:
		q.ListPrice = *in.ListPrice
		baseX, q.Source, q.Priced = unitX(q.ListPrice*100, in.GroupBP, 0), SourceList, true
		if in.GroupBP > 0 {
			q.Source = SourceGroup
		}
	}
	if in.GroupPrice != nil {
		baseX, q.Source, q.Priced = *in.GroupPrice*100, SourceGroup, true
	}
	if in.CompanyPrice != nil {
		baseX, q.Source, q.Priced = *in.CompanyPrice*100, SourceCompany, true
	}
	q.BasePrice = domain.DivRound(baseX, 100)
	if q.ListPrice == 0 {
		q.ListPrice = q.BasePrice
	}
	if !q.Priced {
		return q
	}
	// Breaks for the same quantity from both the general and the group list: the better wins.
	best := map[int]int{}
	for _, b := range in.breaks {
		if b.DiscountBP > best[b.MinQty] {
			best[b.MinQty] = b.DiscountBP
		}
	}
	for _, b := range in.breaks {
		if best[b.MinQty] != b.DiscountBP {
			continue
		}
		if len(q.Breaks) > 0 && q.Breaks[len(q.Breaks)-1].MinQty == b.MinQty {
			continue
		}
		x := unitX(baseX, b.DiscountBP, tierBP)
		q.Breaks = append(q.Breaks, Break{MinQty: b.MinQty, DiscountBP: b.DiscountBP, UnitPrice: domain.DivRound(x, 100), UnitPriceX: x})
		if qty >= b.MinQty && b.DiscountBP > q.BreakBP {
			q.BreakBP = b.DiscountBP
		}
	}
	q.UnitPriceX = unitX(baseX, q.BreakBP, tierBP)
	q.UnitPrice = domain.DivRound(q.UnitPriceX, 100)
	return q
}
