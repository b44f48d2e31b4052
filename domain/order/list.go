package order

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Filter narrows a company's order history.
type Filter struct {
	Status string     // one status, "open" for all not yet delivered or cancelled, "" for any
	From   *time.Time // placed on or after this day
	To     *time.Time // placed on or before this day
	Text   string     // order number, PO number or SKU
	// Zone is the clock From and To are days on (the customer's, as their
	// order list shows the times); UTC when nil.
	Zone   *time.Location
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
	zone := "UTC"
	if f.Zone != nil && f.Zone.String() != "Local" { // PostgreSQL knows the IANA names
		zone = f.Zone.String()
	}
	if f.From != nil {
		q = q.Where("created_at >= ?::date::timestamp AT TIME ZONE ?", f.From.Format(time.DateOnly), zone)
	}
	if f.To != nil {
		q = q.Where("created_at < (?::date + 1)::timestamp AT TIME ZONE ?", f.To.Format(time.DateOnly), zone)
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

// FeedItem is an order for the ERP with its company's identity.
type FeedItem struct {
	Order   *Order
	Country string
	TaxID   string
}

// Feed returns orders not yet acknowledged by the ERP, after id, oldest first.
func Feed(ctx context.Context, db bun.IDB, afterID int64, limit int) ([]FeedItem, error) {
	var os []*Order
	err := db.NewSelect().Model(&os).Relation("Lines", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("line_no") }).
		Where("\"order\".erp_acked_at IS NULL AND \"order\".id > ?", afterID).Order("order.id").Limit(limit).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("order: feed: %w", err)
	}
	// The companies' identities in one query.
	ids := make([]int64, 0, len(os))
	for _, o := range os {
		ids = append(ids, o.CompanyID)
	}
	var comps []struct {
		ID      int64  `bun:"id"`
		Country string `bun:"country"`
		TaxID   string `bun:"tax_id"`
	}
	if len(ids) > 0 {
		if err := db.NewRaw("SELECT id, country, tax_id FROM companies WHERE id IN (?)", bun.In(ids)).Scan(ctx, &comps); err != nil {
			return nil, fmt.Errorf("order: feed companies: %w", err)
		}
	}
	byID := make(map[int64]int, len(comps))
	for i, c := range comps {
		byID[c.ID] = i
	}
	out := make([]FeedItem, len(os))
	for i, o := range os {
		c := comps[byID[o.CompanyID]]
		out[i] = FeedItem{Order: o, Country: c.Country, TaxID: c.TaxID}
	}
	return out, nil
}

// Acknowledge records that the ERP took the order in, under its own reference.
// Acknowledging again with the same reference changes nothing.
func Acknowledge(ctx context.Context, db bun.IDB, orderID int64, erpRef string) error {
	res, err := db.ExecContext(ctx, `UPDATE orders SET erp_ref = ?, erp_acked_at = coalesce(erp_acked_at, now()), updated_at = now()
		WHERE id = ? AND (erp_ref IS NULL OR erp_ref = ?)`, erpRef, orderID, erpRef)
	if err != nil {
		return fmt.Errorf("order: acknowledge: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrAcknowledgedOtherwise
	}
	return nil
}

// ErrAcknowledgedOtherwise: the order was acknowledged under another ERP reference.
var ErrAcknowledgedOtherwise = errors.New("order: already acknowledged with another reference")

// ByNumber loads any company's order by number (for the ERP).
func ByNumber(ctx context.Context, db bun.IDB, number int64) (*Order, error) {
	o := new(Order)
	if err := db.NewSelect().Model(o).Where("number = ?", number).Scan(ctx); err != nil {
		if errors.Is(err, domain.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("order: by number: %w", err)
	}
	return o, nil
}
