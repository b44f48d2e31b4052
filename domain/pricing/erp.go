package pricing

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// PriceUpdate is a batch of prices from the ERP. Each list replaces the
// prices it names; prices it does not name stay as they are.
type PriceUpdate struct {
	List    []ListPrice
	Group   []GroupPrice
	Company []CompanyPrice
	Breaks  []BreakSet
}

// ListPrice is a product's list price in a currency.
type ListPrice struct {
	SKU       string
	Currency  domain.Currency
	UnitPrice int64
}

// GroupPrice is a price group's explicit price.
type GroupPrice struct {
	Group     string // price group code
	SKU       string
	Currency  domain.Currency
	UnitPrice int64
}

// CompanyPrice is a company's own price (in its currency); 0 removes it.
type CompanyPrice struct {
	CompanyID int64
	SKU       string
	UnitPrice int64
}

// BreakSet replaces all quantity breaks of a product (for one group, or for all when Group is "").
type BreakSet struct {
	SKU    string
	Group  string
	Breaks []Break // MinQty and DiscountBP
}

func productID(ctx context.Context, tx bun.Tx, sku string) (int64, error) {
	var id int64
	if err := tx.NewRaw("SELECT id FROM products WHERE sku = ?", strings.ToUpper(sku)).Scan(ctx, &id); err != nil {
		return 0, fmt.Errorf("pricing: unknown sku %q: %w", sku, err)
	}
	return id, nil
}

func groupID(ctx context.Context, tx bun.Tx, code string) (int64, error) {
	var id int64
	if err := tx.NewRaw("SELECT id FROM price_groups WHERE code = ?", code).Scan(ctx, &id); err != nil {
		return 0, fmt.Errorf("pricing: unknown price group %q: %w", code, err)
	}
	return id, nil
}

// Apply stores a price update and emits price.changed per product (company
// prices: for that company only).
func Apply(ctx context.Context, tx bun.Tx, u PriceUpdate) error {
	changed := map[int64]bool{}
	for _, p := range u.List {
		id, err := productID(ctx, tx, p.SKU)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO list_prices (product_id, currency, unit_price) VALUES (?, ?, ?)
			ON CONFLICT (product_id, currency) DO UPDATE SET unit_price = EXCLUDED.unit_price, updated_at = now()`,
			id, p.Currency, p.UnitPrice); err != nil {
			return fmt.Errorf("pricing: list price: %w", err)
		}
		changed[id] = true
	}
	for _, p := range u.Group {
		id, err := productID(ctx, tx, p.SKU)
		if err != nil {
			return err
		}
		gid, err := groupID(ctx, tx, p.Group)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO price_group_prices (price_group_id, product_id, currency, unit_price) VALUES (?, ?, ?, ?)
			ON CONFLICT (price_group_id, product_id, currency) DO UPDATE SET unit_price = EXCLUDED.unit_price, updated_at = now()`,
			gid, id, p.Currency, p.UnitPrice); err != nil {
			return fmt.Errorf("pricing: group price: %w", err)
		}
		changed[id] = true
	}
	for _, p := range u.Company {
		id, err := productID(ctx, tx, p.SKU)
		if err != nil {
			return err
		}
		if p.UnitPrice == 0 {
			_, err = tx.ExecContext(ctx, "DELETE FROM company_prices WHERE company_id = ? AND product_id = ?", p.CompanyID, id)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO company_prices (company_id, product_id, unit_price) VALUES (?, ?, ?)
				ON CONFLICT (company_id, product_id) DO UPDATE SET unit_price = EXCLUDED.unit_price, updated_at = now()`, p.CompanyID, id, p.UnitPrice)
		}
		if err != nil {
			return fmt.Errorf("pricing: company price: %w", err)
		}
		if err := event.Emit(ctx, tx, p.CompanyID, event.PriceChanged, map[string]any{"product": id}); err != nil {
			return err
		}
	}
	for _, bs := range u.Breaks {
		id, err := productID(ctx, tx, bs.SKU)
		if err != nil {
			return err
		}
		var gid any
		q := "DELETE FROM quantity_breaks WHERE product_id = ? AND price_group_id IS NULL"
		args := []any{id}
		if bs.Group != "" {
			g, err := groupID(ctx, tx, bs.Group)
			if err != nil {
				return err
			}
			gid = g
			q = "DELETE FROM quantity_breaks WHERE product_id = ? AND price_group_id = ?"
			args = append(args, g)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		for _, b := range bs.Breaks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO quantity_breaks (product_id, price_group_id, min_qty, discount_bp) VALUES (?, ?, ?, ?)`,
				id, gid, b.MinQty, b.DiscountBP); err != nil {
				return fmt.Errorf("pricing: break: %w", err)
			}
		}
		changed[id] = true
	}
	for id := range changed {
		if err := event.Emit(ctx, tx, 0, event.PriceChanged, map[string]any{"product": id}); err != nil {
			return err
		}
	}
	return nil
}
