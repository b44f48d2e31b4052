package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// ProductUpdate is a product as the ERP sends it; the SKU identifies it.
type ProductUpdate struct {
	SKU          string
	EAN          string
	CategoryCode string
	Unit         string
	PackSize     int
	MinOrderQty  int
	VATClass     string
	Name         domain.Texts
	Description  domain.Texts
	Active       bool
	Substitutes  []string // SKUs
}

// UpsertProduct creates or updates a product and its substitutes, in the
// caller's transaction, and emits product.changed.
func UpsertProduct(ctx context.Context, tx bun.Tx, u ProductUpdate) (int64, error) {
	var catID any
	if u.CategoryCode != "" {
		var id int64
		if err := tx.NewRaw("SELECT id FROM categories WHERE code = ?", u.CategoryCode).Scan(ctx, &id); err != nil {
			return 0, fmt.Errorf("catalog: category %q: %w", u.CategoryCode, err)
		}
		catID = id
	}
	var ean any
	if u.EAN != "" {
		ean = u.EAN
	}
	var id int64
	err := tx.NewRaw(`INSERT INTO products (sku, ean, category_id, unit, pack_size, min_order_qty, vat_class,
		name_pl, name_ru, name_fi, description_pl, description_ru, description_fi, active, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
		ON CONFLICT (sku) DO UPDATE SET ean = EXCLUDED.ean, category_id = EXCLUDED.category_id, unit = EXCLUDED.unit,
		  pack_size = EXCLUDED.pack_size, min_order_qty = EXCLUDED.min_order_qty, vat_class = EXCLUDED.vat_class,
		  name_pl = EXCLUDED.name_pl, name_ru = EXCLUDED.name_ru, name_fi = EXCLUDED.name_fi,
		  description_pl = EXCLUDED.description_pl, description_ru = EXCLUDED.description_ru,
		  description_fi = EXCLUDED.description_fi, active = EXCLUDED.active, updated_at = now()
		RETURNING id`,
		u.SKU, ean, catID, u.Unit, u.PackSize, u.MinOrderQty, u.VATClass,
		u.Name.PL, u.Name.RU, u.Name.FI, u.Description.PL, u.Description.RU, u.Description.FI, u.Active).Scan(ctx, &id)
	if err != nil {
		return 0, fmt.Errorf("catalog: upsert product %s: %w", u.SKU, err)
	}
	if u.Substitutes != nil {
		if _, err := tx.ExecContext(ctx, "DELETE FROM product_substitutes WHERE product_id = ?", id); err != nil {
			return 0, err
		}
		for rank, sku := range u.Substitutes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO product_substitutes (product_id, substitute_id, rank)
				SELECT ?, id, ? FROM products WHERE sku = ? AND id <> ? ON CONFLICT DO NOTHING`, id, rank, strings.ToUpper(sku), id); err != nil {
				return 0, fmt.Errorf("catalog: substitutes of %s: %w", u.SKU, err)
			}
		}
	}
	if err := event.Emit(ctx, tx, 0, event.ProductChanged, map[string]any{"product": id, "sku": u.SKU}); err != nil {
		return 0, err
	}
	return id, nil
}

// StockLevel is one product's stock in one warehouse, as the ERP counts it.
type StockLevel struct {
	SKU       string
	Warehouse string // warehouse code
	OnHand    int
	RestockOn *time.Time
}

// ErrReservedAboveStock: the ERP reports less on hand than open orders hold.
type ErrReservedAboveStock struct {
	SKU, Warehouse   string
	OnHand, Reserved int
}

func (e *ErrReservedAboveStock) Error() string {
	return fmt.Sprintf("catalog: %s in %s: on hand %d below reserved %d", e.SKU, e.Warehouse, e.OnHand, e.Reserved)
}

// SetStock records stock levels. Rows are locked in (product, warehouse)
// order, the same order as order placement, so the two never deadlock. A
// product that comes back in stock emits back_in_stock as well.
func SetStock(ctx context.Context, tx bun.Tx, levels []StockLevel) error {
	type row struct {
		ProductID, WarehouseID int64
		lvl                    StockLevel
	}
	var rows []row
	for _, l := range levels {
		var r row
		r.lvl = l
		if err := tx.NewRaw("SELECT id FROM products WHERE sku = ?", strings.ToUpper(l.SKU)).Scan(ctx, &r.ProductID); err != nil {
			return fmt.Errorf("catalog: stock: unknown sku %q: %w", l.SKU, err)
		}
		if err := tx.NewRaw("SELECT id FROM warehouses WHERE code = ?", l.Warehouse).Scan(ctx, &r.WarehouseID); err != nil {
			return fmt.Errorf("catalog: stock: unknown warehouse %q: %w", l.Warehouse, err)
		}
		rows = append(rows, r)
	}
	// Lock order: product, then warehouse.
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && (rows[j].ProductID < rows[j-1].ProductID ||
			rows[j].ProductID == rows[j-1].ProductID && rows[j].WarehouseID < rows[j-1].WarehouseID); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	for _, r := range rows {
		var before struct {
			Available int        `bun:"available"`
			Reserved  int        `bun:"reserved"`
			RestockOn *time.Time `bun:"restock_on"`
		}
		err := tx.NewRaw(`SELECT coalesce(sum(on_hand - reserved), 0) AS available,
			coalesce(sum(reserved) FILTER (WHERE warehouse_id = ?), 0) AS reserved, min(restock_on) AS restock_on
			FROM (SELECT * FROM stock WHERE product_id = ? ORDER BY warehouse_id FOR UPDATE) s`,
			r.WarehouseID, r.ProductID).Scan(ctx, &before)
		if err != nil {
			return fmt.Errorf("catalog: stock: %w", err)
		}
		if r.lvl.OnHand < before.Reserved {
			return &ErrReservedAboveStock{SKU: r.lvl.SKU, Warehouse: r.lvl.Warehouse, OnHand: r.lvl.OnHand, Reserved: before.Reserved}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO stock (product_id, warehouse_id, on_hand, restock_on, updated_at)
			VALUES (?, ?, ?, ?, now())
			ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand = EXCLUDED.on_hand, restock_on = EXCLUDED.restock_on, updated_at = now()`,
			r.ProductID, r.WarehouseID, r.lvl.OnHand, r.lvl.RestockOn)
		if err != nil {
			return fmt.Errorf("catalog: stock: %w", err)
		}
		// What pages show of the product afterwards: its state, its restock
		// date, and in carts holding more than is available the number.
		var after struct {
			Available   int        `bun:"available"`
			RestockOn   *time.Time `bun:"restock_on"`
			MinOrderQty int        `bun:"min_order_qty"`
			InCarts     bool       `bun:"in_carts"`
		}
		err = tx.NewRaw(`SELECT a.available, a.restock_on, p.min_order_qty,
			  `+domain.Renumber(InCartsOverSQL, "?0", "least(?1, a.available)", "0")+` AS in_carts
			FROM (SELECT coalesce(sum(on_hand - reserved), 0)::int AS available, min(restock_on) AS restock_on
			      FROM stock WHERE product_id = ?0) a, products p WHERE p.id = ?0`,
			r.ProductID, before.Available).Scan(ctx, &after)
		if err != nil {
			return fmt.Errorf("catalog: stock: %w", err)
		}
		restockMoved := (before.RestockOn == nil) != (after.RestockOn == nil) ||
			before.RestockOn != nil && !before.RestockOn.Equal(*after.RestockOn)
		if after.Available == before.Available && !restockMoved {
			continue
		}
		payload := map[string]any{"product": r.ProductID, "available": after.Available}
		if restockMoved || StateChanged(before.Available, after.Available, after.MinOrderQty) || after.InCarts {
			if err := event.Emit(ctx, tx, 0, event.StockChanged, payload); err != nil {
				return err
			}
		}
		if before.Available <= 0 && after.Available > 0 {
			if err := event.Emit(ctx, tx, 0, event.BackInStock, payload); err != nil {
				return err
			}
		}
	}
	return nil
}
