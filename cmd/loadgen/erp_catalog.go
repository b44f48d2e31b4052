package main

import (
	"context"
	"math"
	"net/http"
	"time"

	"github.com/uptrace/bun"
)

// updateStock sends new stock levels for -erp-batch random products in every
// warehouse. The load's orderable products stay plentiful; the others move
// between empty (with a restock date) and a few dozen minimum orders. The
// level never goes below what open orders reserve (read just before), as an
// ERP that knows its picking lists would not.
func (e *erp) updateStock() {
	w := e.run.world
	ids := make([]int64, 0, e.run.cfg.erpBatch)
	for range e.run.cfg.erpBatch {
		if e.intn(3) == 0 {
			ids = append(ids, w.orderable[e.intn(len(w.orderable))].ID)
		} else {
			ids = append(ids, w.products[e.intn(len(w.products))].ID)
		}
	}
	var rows []struct {
		ProductID int64  `bun:"product_id"`
		SKU       string `bun:"sku"`
		Warehouse string `bun:"code"`
		Reserved  int    `bun:"reserved"`
		MinQty    int    `bun:"min_order_qty"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.run.cfg.timeout)
	defer cancel()
	if err := e.db.NewRaw(`SELECT s.product_id, p.sku, w.code, s.reserved, p.min_order_qty FROM stock s
		JOIN products p ON p.id = s.product_id JOIN warehouses w ON w.id = s.warehouse_id
		WHERE s.product_id IN (?) ORDER BY s.product_id, w.code`, bun.In(ids)).Scan(ctx, &rows); err != nil || len(rows) == 0 {
		e.run.rec.done("api:stock", 0, "loadgen-db-read") // its own read of the levels, e.g. while PostgreSQL restarts
		return
	}
	levels := make([]map[string]any, 0, len(rows))
	restock := time.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	for _, r := range rows {
		l := map[string]any{"sku": r.SKU, "warehouse": r.Warehouse}
		switch {
		case w.plenty[r.ProductID]:
			l["on_hand"] = r.Reserved + r.MinQty*stockPerMinQty
		case e.intn(10) == 0:
			l["on_hand"], l["restock_on"] = r.Reserved, restock
		default:
			l["on_hand"] = r.Reserved + r.MinQty*e.intn(60)
		}
		levels = append(levels, l)
	}
	e.call("api:stock", http.MethodPut, "/api/v1/stock", map[string]any{"levels": levels}, http.StatusOK)
}

// updatePrices moves -erp-batch list prices by up to ±3 %.
func (e *erp) updatePrices() {
	w := e.run.world
	type listPrice struct {
		SKU       string `json:"sku"`
		Currency  string `json:"currency"`
		UnitPrice int64  `json:"unit_price"`
	}
	var list []listPrice
	e.mu.Lock()
	seen := map[priceKey]bool{}
	for range e.run.cfg.erpBatch {
		p := w.products[e.rnd.IntN(len(w.products))]
		k := priceKey{p.SKU, []string{"PLN", "EUR", "RUB"}[e.rnd.IntN(3)]}
		old, ok := w.prices[k]
		if !ok || seen[k] {
			continue
		}
		seen[k] = true
		price := max(1, old+int64(math.Round(float64(old)*(e.rnd.Float64()*0.06-0.03))))
		w.prices[k] = price
		list = append(list, listPrice{k.SKU, k.Currency, price})
	}
	e.mu.Unlock()
	if len(list) > 0 {
		e.call("api:prices", http.MethodPut, "/api/v1/prices", map[string]any{"list": list}, http.StatusOK)
	}
}
