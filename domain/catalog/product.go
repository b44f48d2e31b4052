// Package catalog holds products, categories, warehouses and stock.
package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Product is an article the distributor sells.
type Product struct {
	bun.BaseModel `bun:"table:products"`

	ID            int64     `bun:"id,pk,autoincrement"`
	SKU           string    `bun:"sku"`
	EAN           *string   `bun:"ean"`
	CategoryID    *int64    `bun:"category_id"`
	Unit          string    `bun:"unit"`
	PackSize      int       `bun:"pack_size"`
	MinOrderQty   int       `bun:"min_order_qty"`
	VATClass      string    `bun:"vat_class"`
	NamePL        string    `bun:"name_pl"`
	NameRU        string    `bun:"name_ru"`
	NameFI        string    `bun:"name_fi"`
	DescriptionPL string    `bun:"description_pl"`
	DescriptionRU string    `bun:"description_ru"`
	DescriptionFI string    `bun:"description_fi"`
	Active        bool      `bun:"active"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()"`
}

// Name is the product's name in lang, or in another language when missing.
func (p *Product) Name(lang domain.Language) string {
	return domain.Texts{PL: p.NamePL, RU: p.NameRU, FI: p.NameFI}.In(lang)
}

// Description is the product's description in lang, with the same fallback.
func (p *Product) Description(lang domain.Language) string {
	return domain.Texts{PL: p.DescriptionPL, RU: p.DescriptionRU, FI: p.DescriptionFI}.In(lang)
}

// QtyProblem says what is wrong with ordering qty units, or "" when nothing is.
func (p *Product) QtyProblem(qty int) string {
	switch {
	case qty <= 0:
		return ProblemQty
	case qty < p.MinOrderQty:
		return ProblemBelowMinimum
	case qty%p.PackSize != 0:
		return ProblemPackMultiple
	}
	return ""
}

// OrderableSQL is the SQL of "the product is on sale and qty is a quantity
// it can be ordered in": Active and QtyProblem(qty) == "", for a statement
// that decides it beside other work (cart.AddOne). p is the products
// table's alias, qty the SQL of the quantity. TestOrderableSQLAgrees keeps
// the two the same rule.
func OrderableSQL(p, qty string) string {
	return domain.Renumber(`(?0.active AND ?1 > 0 AND ?1 >= ?0.min_order_qty AND ?1 % ?0.pack_size = 0)`, p, qty)
}

// What can be wrong with a wanted line.
const (
	ProblemUnknown      = "unknown"       // no such product
	ProblemInactive     = "inactive"      // withdrawn from sale
	ProblemQty          = "qty"           // not a positive quantity
	ProblemBelowMinimum = "below_minimum" // under the minimum order quantity
	ProblemPackMultiple = "pack_multiple" // not a multiple of the pack size
	ProblemOutOfStock   = "out_of_stock"  // not enough available
	ProblemNotPriced    = "not_priced"    // no price in the customer's currency
)

// ProductsByID loads the products with the given ids.
func ProductsByID(ctx context.Context, db bun.IDB, ids []int64) (map[int64]*Product, error) {
	out := make(map[int64]*Product, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var ps []*Product
	if err := productsByID.Select(ctx, db, &ps, domain.Int64Array(ids)); err != nil {
		return nil, fmt.Errorf("catalog: products: %w", err)
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// productsByID is ProductsByID's query, prepared: add-to-cart, carts and
// order files read products by id.
var productsByID = domain.PrepareWith(func(db *bun.DB) string {
	return db.NewSelect().Model((*Product)(nil)).Where("id = ANY($1::bigint[])").String()
})

// ProductsBySKU loads the products with the given SKUs (exact, upper case).
func ProductsBySKU(ctx context.Context, db bun.IDB, skus []string) (map[string]*Product, error) {
	out := make(map[string]*Product, len(skus))
	if len(skus) == 0 {
		return out, nil
	}
	var ps []*Product
	if err := db.NewSelect().Model(&ps).Where("sku IN (?)", bun.In(skus)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("catalog: products by sku: %w", err)
	}
	for _, p := range ps {
		out[p.SKU] = p
	}
	return out, nil
}

// Favourite is a product of a company's standard assortment.
type Favourite struct {
	ProductID  int64 `bun:"product_id"`
	DefaultQty int   `bun:"default_qty"`
}

// Favourites returns a company's standard assortment in its order.
func Favourites(ctx context.Context, db bun.IDB, companyID int64) ([]Favourite, error) {
	var fs []Favourite
	if err := db.NewRaw(`SELECT f.product_id, f.default_qty FROM favourites f JOIN products p ON p.id = f.product_id
		WHERE f.company_id = ? AND p.active ORDER BY f.sort, f.product_id`, companyID).Scan(ctx, &fs); err != nil {
		return nil, fmt.Errorf("catalog: favourites: %w", err)
	}
	return fs, nil
}

// SetFavourite adds a product to the assortment (qty > 0) or removes it.
func SetFavourite(ctx context.Context, db bun.IDB, companyID, productID int64, qty int) error {
	var err error
	if qty > 0 {
		_, err = db.ExecContext(ctx, `INSERT INTO favourites (company_id, product_id, default_qty, sort)
			VALUES (?0, ?1, ?2, (SELECT coalesce(max(sort), 0) + 1 FROM favourites WHERE company_id = ?0))
			ON CONFLICT (company_id, product_id) DO UPDATE SET default_qty = EXCLUDED.default_qty`, companyID, productID, qty)
	} else {
		_, err = db.ExecContext(ctx, "DELETE FROM favourites WHERE company_id = ? AND product_id = ?", companyID, productID)
	}
	if err != nil {
		return fmt.Errorf("catalog: favourite: %w", err)
	}
	return nil
}

// ProductBySKU loads one product by SKU (case-insensitive) or EAN.
func ProductBySKU(ctx context.Context, db bun.IDB, code string) (*Product, error) {
	p := new(Product)
	err := db.NewSelect().Model(p).Where("sku = upper(?) OR ean = ?", code, code).Limit(1).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("catalog: product %q: %w", code, err)
	}
	return p, nil
}

// Substitutes returns the active substitutes of a product, best first.
func Substitutes(ctx context.Context, db bun.IDB, productID int64) ([]*Product, error) {
	var ps []*Product
	err := db.NewSelect().Model(&ps).Join("JOIN product_substitutes s ON s.substitute_id = product.id").
		Where("s.product_id = ? AND product.active", productID).Order("s.rank").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("catalog: substitutes: %w", err)
	}
	return ps, nil
}

// ProductsByCode finds products by SKU (any case) or EAN; the map is keyed by
// the code as given, upper-cased.
func ProductsByCode(ctx context.Context, db bun.IDB, codes []string) (map[string]*Product, error) {
	out := map[string]*Product{}
	var clean []string
	for _, c := range codes {
		if c != "" && len(c) <= 40 {
			clean = append(clean, strings.ToUpper(c))
		}
	}
	if len(clean) == 0 {
		return out, nil
	}
	var ps []*Product
	if err := db.NewSelect().Model(&ps).Where("sku IN (?0) OR ean IN (?0)", bun.In(clean)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("catalog: products by code: %w", err)
	}
	for _, p := range ps {
		out[p.SKU] = p
		if p.EAN != nil {
			out[*p.EAN] = p
		}
	}
	return out, nil
}
