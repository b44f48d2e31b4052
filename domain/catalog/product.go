// Package catalog holds products, categories, warehouses and stock.
package catalog

import (
	"context"
	"fmt"
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
	if err := db.NewSelect().Model(&ps).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("catalog: products: %w", err)
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

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
