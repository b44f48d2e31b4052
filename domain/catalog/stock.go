package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"partnerdesk/domain"
)

// Want is a quantity of a product to reserve.
type Want struct {
	ProductID int64
	Qty       int
}

// Allocation is a part of a wanted quantity reserved in one warehouse.
type Allocation struct {
	ProductID   int64
	WarehouseID int64
	Qty         int
	Before      int // the product's stock available before, over all warehouses, as pages show it
}

// Shortage is a product with less available than wanted.
type Shortage struct {
	ProductID int64
	Wanted    int
	Available int
	RestockOn *time.Time
}

type stockRow struct {
	ProductID   int64   `json:"product_id"`
	WarehouseID int64   `json:"warehouse_id"`
	Country     string  `json:"country"`
	OnHand      int     `json:"on_hand"`
	Reserved    int     `json:"reserved"`
	RestockOn   *string `json:"restock_on"` // a date
}

// LockStockSQL locks the stock rows of products ids (the SQL of an array,
// e.g. "$4::bigint[]") in (product, warehouse) order, so that concurrent
// orders neither oversell nor deadlock, and selects them as one JSON array
// for Allocate. order.Place reads it in the statement that reads everything
// else under the company lock.
func LockStockSQL(ids string) string {
	return `SELECT coalesce(json_agg(r), '[]') FROM (
		SELECT s.product_id, s.warehouse_id, w.country, s.on_hand, s.reserved, s.restock_on
		FROM stock s JOIN warehouses w ON w.id = s.warehouse_id
		WHERE s.product_id = ANY(` + ids + `)
		ORDER BY s.product_id, s.warehouse_id
		FOR UPDATE OF s) r`
}

// Allocate decides where the wanted quantities come from, given the locked
// stock rows (LockStockSQL): available stock (on hand minus reserved), from
// the warehouses in the customer's country first. The caller writes the
// reservation in the same transaction with ReserveSQL (order.Place, in the
// order's own statement). When anything is short, the shortages say what is
// available and there is nothing to reserve.
func Allocate(locked json.RawMessage, country string, wants []Want) ([]Allocation, []Shortage, error) {
	var rows []stockRow
	if err := json.Unmarshal(locked, &rows); err != nil {
		return nil, nil, fmt.Errorf("catalog: locked stock: %w", err)
	}
	byProduct := map[int64][]stockRow{}
	for _, r := range rows {
		byProduct[r.ProductID] = append(byProduct[r.ProductID], r)
	}
	var allocs []Allocation
	var short []Shortage
	for _, w := range wants {
		rs := byProduct[w.ProductID]
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Country == country && rs[j].Country != country })
		left := w.Qty
		avail := 0
		var restock *time.Time
		shown := 0 // as pages count it (AvailabilityOf)
		for _, r := range rs {
			avail += max(r.OnHand-r.Reserved, 0)
			shown += r.OnHand - r.Reserved
			d, err := parseDay(r.RestockOn)
			if err != nil {
				return nil, nil, fmt.Errorf("catalog: locked stock: %w", err)
			}
			if d != nil && (restock == nil || d.Before(*restock)) {
				restock = d
			}
		}
		for _, r := range rs {
			if take := min(left, r.OnHand-r.Reserved); take > 0 {
				allocs = append(allocs, Allocation{ProductID: w.ProductID, WarehouseID: r.WarehouseID, Qty: take, Before: shown})
				left -= take
			}
		}
		if left > 0 {
			short = append(short, Shortage{ProductID: w.ProductID, Wanted: w.Qty, Available: avail, RestockOn: restock})
		}
	}
	if len(short) > 0 {
		return nil, short, nil
	}
	return allocs, nil, nil
}

// ReserveSQL takes allocations out of available stock: an UPDATE for a
// data-modifying WITH item. Its arguments are the SQL of three arrays of
// the same length: products, warehouses and quantities.
func ReserveSQL(products, warehouses, qtys string) string {
	return `UPDATE stock s SET reserved = s.reserved + v.qty, updated_at = now()
		FROM unnest(` + products + `, ` + warehouses + `, ` + qtys + `) AS v (product_id, warehouse_id, qty)
		WHERE s.product_id = v.product_id AND s.warehouse_id = v.warehouse_id`
}

// Availability is a product's stock summed over warehouses.
type Availability struct {
	ProductID int64      `bun:"product_id"`
	OnHand    int        `bun:"on_hand"`
	Reserved  int        `bun:"reserved"`
	Available int        `bun:"available"`
	RestockOn *time.Time `bun:"restock_on"`
}

// AvailabilityOf sums stock over warehouses for the given products.
func AvailabilityOf(ctx context.Context, db bun.IDB, ids []int64) (map[int64]Availability, error) {
	out := make(map[int64]Availability, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Availability
	if err := db.NewRaw(availabilitySQL, pgdialect.Array(ids)).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("catalog: availability: %w", err)
	}
	for _, r := range rows {
		out[r.ProductID] = r
	}
	return out, nil
}

// availabilitySQL sums stock over warehouses for the products ?0 (an array);
// a product without stock rows has no row. Each product is an index lookup
// of its own (LATERAL), so the plan is the same whatever the array holds and
// a prepared statement that includes it can keep one plan.
const availabilitySQL = `
	SELECT ids.product_id, a.on_hand, a.reserved, a.available, a.restock_on
	FROM unnest(?0::bigint[]) AS ids (product_id)
	CROSS JOIN LATERAL (
	  SELECT sum(s.on_hand) AS on_hand, sum(s.reserved) AS reserved,
	         sum(s.on_hand - s.reserved) AS available, min(s.restock_on) AS restock_on
	  FROM stock s WHERE s.product_id = ids.product_id) a
	WHERE a.on_hand IS NOT NULL`

// AvailabilitySQL is AvailabilityOf's query for a caller that reads more in
// the same statement: one JSON array, which ParseAvailability reads. ids is
// the SQL of the product ids (an array), e.g. "$2::bigint[]".
func AvailabilitySQL(ids string) string {
	return `SELECT coalesce(json_agg(av), '[]') FROM (` + domain.Renumber(availabilitySQL, ids) + `) av`
}

// ParseAvailability reads what AvailabilitySQL selected, as AvailabilityOf
// returns it.
func ParseAvailability(raw json.RawMessage) (map[int64]Availability, error) {
	var rows []struct {
		ProductID int64   `json:"product_id"`
		OnHand    int     `json:"on_hand"`
		Reserved  int     `json:"reserved"`
		Available int     `json:"available"`
		RestockOn *string `json:"restock_on"` // a date
	}
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("catalog: availability: %w", err)
	}
	out := make(map[int64]Availability, len(rows))
	for _, r := range rows {
		d, err := parseDay(r.RestockOn)
		if err != nil {
			return nil, fmt.Errorf("catalog: availability: %w", err)
		}
		out[r.ProductID] = Availability{ProductID: r.ProductID, OnHand: r.OnHand, Reserved: r.Reserved, Available: r.Available, RestockOn: d}
	}
	return out, nil
}

// parseDay reads a date as PostgreSQL writes it into JSON ("2026-12-03");
// nil stays nil.
func parseDay(s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	d, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		return nil, fmt.Errorf("restock date: %w", err)
	}
	return &d, nil
}

// StateChanged tells whether a product's availability going from before to
// after changes what catalogue and product pages show of it: its state
// (StockState) — they show no number. A cart that holds more than is
// available shows the number ("only N available"); InCartsOverSQL finds
// those. Stock events that change neither are not sent: every reservation
// would otherwise make every open page showing the product fetch itself
// again.
func StateChanged(before, after, minOrderQty int) bool {
	return StockState(before, minOrderQty) != StockState(after, minOrderQty)
}

// InCartsOverSQL is an SQL condition: some cart, but that of user ?2 (0 =
// none), holds more of product ?0 than ?1 units (so it shows how many are
// available).
const InCartsOverSQL = `EXISTS (SELECT 1 FROM cart_lines c WHERE c.product_id = ?0 AND c.qty > ?1 AND c.user_id <> ?2)`

// Stock states as shown to customers.
const (
	StockIn  = "in"
	StockLow = "low"
	StockOut = "out"
)

// StockState classifies availability: out when nothing is free, low when less
// than five minimum orders remain.
func StockState(available, minOrderQty int) string {
	switch {
	case available <= 0 || available < minOrderQty:
		return StockOut
	case available < 5*minOrderQty:
		return StockLow
	}
	return StockIn
}
