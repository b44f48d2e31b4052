package cart

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/company"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/header"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/pricing"
)

// ViewLine is a cart line as the buyer sees it.
type ViewLine struct {
	Product      *catalog.Product
	Qty          int
	Quote        pricing.Quote
	Available    int
	RestockOn    *time.Time
	Problem      string // one of catalog.Problem*, or ""
	PriceChanged bool   // the unit price differs from the one seen when added
	SeenPrice    int64
	Favourite    bool // in the company's standard assortment
}

// View is the priced cart with the company's credit position, and what the
// page around it shows: the header's figures and the loyalty account (read
// in the same statement, so a cart or checkout page is two round trips).
type View struct {
	Lines   []ViewLine
	Totals  pricing.Totals
	Balance credit.Balance
	Block   *credit.Block // non-nil: ordering is blocked (with the reason and amounts)
	Header  header.Chips  // of the user whose cart it is (Build only)
	Loyalty loyalty.Account
}

// CanCheckOut tells whether the cart can become an order as it is.
func (v View) CanCheckOut() bool {
	return len(v.Lines) > 0 && v.Block == nil && v.Problems() == 0
}

// Problems counts the lines that keep the cart from becoming an order.
func (v View) Problems() int {
	n := 0
	for _, l := range v.Lines {
		if l.Problem != "" {
			n++
		}
	}
	return n
}

// Changed counts lines whose price changed since they were added.
func (v View) Changed() int {
	n := 0
	for _, l := range v.Lines {
		if l.PriceChanged {
			n++
		}
	}
	return n
}

// Build prices the user's cart for the company.
func Build(ctx context.Context, db bun.IDB, comp *company.Company, userID int64, p credit.Policy, today time.Time) (View, error) {
	var lines []lineWithProduct
	if err := linesWithProducts.Select(ctx, db, &lines, userID); err != nil {
		return View{}, fmt.Errorf("cart: lines: %w", err)
	}
	items := make([]Item, len(lines))
	products := make(map[int64]*catalog.Product, len(lines))
	for i, l := range lines {
		items[i] = Item{ProductID: l.Line.ProductID, Qty: l.Line.Qty}
		if l.Line.SeenUnitPrice != nil {
			items[i].SeenPrice = *l.Line.SeenUnitPrice
		}
		products[l.Line.ProductID] = &l.Product
	}
	return price(ctx, db, comp, userID, items, products, p, today)
}

// lineWithProduct is a cart line with its product, each under its own
// column prefix.
type lineWithProduct struct {
	Line    Line            `bun:"embed:l__"`
	Product catalog.Product `bun:"embed:p__"`
}

// linesWithProducts is Build's read, prepared: every cart and checkout page
// runs it. $1 the user.
var linesWithProducts = domain.PrepareWith(func(db *bun.DB) string {
	return "SELECT " + domain.Columns(db, (*Line)(nil), "l", "l__") + ", " + domain.Columns(db, (*catalog.Product)(nil), "p", "p__") +
		" FROM cart_lines l JOIN products p ON p.id = l.product_id WHERE l.user_id = $1 ORDER BY l.added_at, l.product_id"
})

// Price prices any list of items as a cart would (the upload report and the
// bot's reorder summary use it too).
func Price(ctx context.Context, db bun.IDB, comp *company.Company, items []Item, p credit.Policy, today time.Time) (View, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	products, err := catalog.ProductsByID(ctx, db, ids)
	if err != nil {
		return View{}, err
	}
	return price(ctx, db, comp, 0, items, products, p, today)
}

// Shelf prices products as lists of them show each (catalogue, product
// page, favourites, quick order): at their minimum order quantity, with
// availability, the favourite star, the header's figures of user userID,
// in one round trip. The lines come in the order of products.
func Shelf(ctx context.Context, db bun.IDB, comp *company.Company, userID int64, products []*catalog.Product, p credit.Policy, today time.Time) (View, error) {
	items := make([]Item, 0, len(products))
	byID := make(map[int64]*catalog.Product, len(products))
	for _, pr := range products {
		if _, dup := byID[pr.ID]; dup {
			continue
		}
		byID[pr.ID] = pr
		items = append(items, Item{ProductID: pr.ID, Qty: pr.MinOrderQty})
	}
	return price(ctx, db, comp, userID, items, byID, p, today)
}

// price is Price with the products already loaded (Build reads them with
// the cart's lines).
func price(ctx context.Context, db bun.IDB, comp *company.Company, userID int64, items []Item, products map[int64]*catalog.Product, p credit.Policy, today time.Time) (View, error) {
	var v View
	ids := make([]int64, len(items))
	pitems := make([]pricing.Item, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
		pitems[i] = pricing.Item{ProductID: it.ProductID, Qty: it.Qty}
	}
	cust := pricing.CustomerFor(comp)
	var r priceRow
	err := priceStmt.Get(ctx, db, []any{&r}, comp.ID, domain.Int64Array(ids), comp.Currency, comp.Country,
		comp.Tier(), cust.PriceGroupID, today.Format(time.DateOnly), p.OverdueGraceDays, userID)
	if err != nil {
		return v, fmt.Errorf("cart: price: %w", err)
	}
	avail, err := catalog.ParseAvailability(r.Availability)
	if err != nil {
		return v, err
	}
	_, quotes, totals, err := r.CartRow.Quote(cust, pitems)
	if err != nil {
		return v, err
	}
	v.Totals = totals
	favourite := make(map[int64]bool, len(r.Favourites))
	for _, id := range r.Favourites {
		favourite[id] = true
	}
	for _, it := range items {
		prod, ok := products[it.ProductID]
		if !ok {
			continue
		}
		a := avail[it.ProductID]
		l := ViewLine{Product: prod, Qty: it.Qty, Quote: quotes[it.ProductID], Available: a.Available, RestockOn: a.RestockOn, SeenPrice: it.SeenPrice,
			Favourite: favourite[it.ProductID]}
		switch {
		case !prod.Active:
			l.Problem = catalog.ProblemInactive
		case prod.QtyProblem(it.Qty) != "":
			l.Problem = prod.QtyProblem(it.Qty)
		case !l.Quote.Priced:
			l.Problem = catalog.ProblemNotPriced
		case a.Available < it.Qty:
			l.Problem = catalog.ProblemOutOfStock
		}
		l.PriceChanged = it.SeenPrice > 0 && l.Quote.Priced && it.SeenPrice != l.Quote.UnitPrice
		v.Lines = append(v.Lines, l)
	}
	v.Balance = r.Balance.WithLimit(comp.Currency, comp.CreditLimit)
	v.Block = credit.Check(comp.Status, v.Balance, v.Totals.Gross, p)
	v.Header = r.CountsRow.With(v.Balance)
	if v.Loyalty, err = r.AccountRow.Account(comp.Currency, comp.Tier()); err != nil {
		return v, fmt.Errorf("cart: %w", err)
	}
	return v, nil
}

// priceRow is what Price reads besides the products, in one statement: the
// availability of the products, the company's credit amounts and what
// pricing needs (the owning packages' own queries, each planned on its own).
type priceRow struct {
	Availability json.RawMessage `bun:"availability"`
	Favourites   []int64         `bun:"favourites,array"`
	credit.Balance
	pricing.CartRow
	header.CountsRow
	loyalty.AccountRow
}

// priceStmt is Price's statement, prepared: every cart and checkout page
// runs it. $1 company, $2 product ids, $3 currency, $4 country, $5 loyalty
// tier, $6 price group (0 = none), $7 the business day, $8 days of grace,
// $9 the user whose header it reads (0 = none). It also reads which of the
// products are the company's favourites (product lists show a star).
var priceStmt = domain.NewPrepared(`WITH b AS MATERIALIZED (` + credit.AmountsSQL("$1::bigint", "$7::date", "$8::int") + `),
	c AS MATERIALIZED (` + pricing.CartSQL("$5::text", "$2::bigint[]", "$4::char(2)", "$3::char(3)", "$1::bigint", "$6::bigint") + `),
	a AS MATERIALIZED (` + loyalty.AccountSQL("$1::bigint", "$3::char(3)", "$5::text") + `)
	SELECT (` + catalog.AvailabilitySQL("$2::bigint[]") + `) AS availability, b.*, c.*, a.*, ` + header.CountsSQL("$9::bigint") + `,
	  ARRAY(SELECT f.product_id FROM favourites f WHERE f.company_id = $1::bigint AND f.product_id = ANY($2::bigint[])) AS favourites
	FROM b CROSS JOIN c CROSS JOIN a`)
