package order

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// Filter narrows a company's order history.
type Filter struct {
	Status string     // one status, "open" for all not yet delivered or cancelled, "" for any
	From   *time.Time // placed on or after this day
	To     *time.Time // placed on or before this day
	Text   string     // order number, PO number or SKU
	Limit  int
	Offset int
}

// List returns a company's orders, newest first, and how many match.
func List(ctx context.Context, db bun.IDB, companyID int64, f Filter) ([]*Order, int, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var os []*Order
	q := db.NewSelect().Model(&os).Where("company_id = ?", companyID)
	switch {
	case f.Status == "open":
		q = q.Where("status NOT IN ('delivered', 'cancelled')")
	case f.Status != "":
		q = q.Where("status = ?", f.Status)
	}
	if f.From != nil {
		q = q.Where("created_at >= ?", f.From.Format(time.DateOnly))
	}
	if f.To != nil {
		q = q.Where("created_at < ?::date + 1", f.To.Format(time.DateOnly))
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			if n, err := strconv.ParseInt(text, 10, 64); err == nil {
				q = q.WhereOr("number = ?", n)
			}
			like := "%" + escapeLike(text) + "%"
			return q.WhereOr("po_number ILIKE ?", like).
				WhereOr("EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = \"order\".id AND (l.sku ILIKE ? OR l.name ILIKE ?))", like, like)
		})
	}
	total, err := q.Order("created_at DESC", "id DESC").Limit(f.Limit).Offset(f.Offset).ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("order: list: %w", err)
	}
	return os, total, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Shipment is a parcel of an order, with its carrier and tracking.
type Shipment struct {
	bun.BaseModel `bun:"table:shipments"`

	ID             int64      `bun:"id,pk,autoincrement"`
	OrderID        int64      `bun:"order_id"`
	ERPRef         string     `bun:"erp_ref"`
	Carrier        string     `bun:"carrier"`
	TrackingNumber string     `bun:"tracking_number"`
	TrackingURL    string     `bun:"tracking_url"`
	ShippedAt      time.Time  `bun:"shipped_at"`
	DeliveredAt    *time.Time `bun:"delivered_at"`
}

// Shipments returns an order's shipments, oldest first.
func Shipments(ctx context.Context, db bun.IDB, orderID int64) ([]Shipment, error) {
	var ss []Shipment
	if err := db.NewSelect().Model(&ss).Where("order_id = ?", orderID).Order("shipped_at", "id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("order: shipments: %w", err)
	}
	return ss, nil
}
