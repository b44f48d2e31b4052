package order

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/header"
)

// Page is everything an order's page shows: the order with its lines, its
// timeline (oldest first) and its shipments (oldest first), and, read by
// PageWithHeader, the page header of the user viewing it (nil otherwise).
type Page struct {
	Order     *Order
	Timeline  []StatusChange
	Shipments []Shipment
	Header    *header.Chips
}

// PageOf reads a company's order by number for its page, in one statement
// (the lines, timeline and shipments as JSON arrays beside the order row).
// Another company's order is ErrNotFound.
func PageOf(ctx context.Context, db bun.IDB, companyID, number int64) (Page, error) {
	return readPage(ctx, db, pageStmt, number, companyID, number)
}

// PageWithHeader is PageOf with the page header of user userID (the cart's
// lines, unread notifications, the company's balance on day today) in the
// same statement: the order page follows every checkout, and its header
// would be a round trip of its own.
func PageWithHeader(ctx context.Context, db bun.IDB, companyID, number, userID int64, today time.Time, p credit.Policy) (Page, error) {
	return readPage(ctx, db, pageHeaderStmt, number, companyID, number, userID, today.Format(time.DateOnly), p.OverdueGraceDays)
}

func readPage(ctx context.Context, db bun.IDB, stmt *domain.Prepared, number int64, args ...any) (Page, error) {
	var r pageRow
	err := stmt.Get(ctx, db, []any{&r}, args...)
	if errors.Is(err, domain.ErrNoRows) {
		return Page{}, ErrNotFound
	}
	if err != nil {
		return Page{}, fmt.Errorf("order: page %d: %w", number, err)
	}
	p := Page{Order: &r.Order}
	for _, part := range []struct {
		raw  json.RawMessage
		dest any
	}{{r.PageLines, &p.Order.Lines}, {r.PageTime, &p.Timeline}, {r.PageShips, &p.Shipments}} {
		if err := json.Unmarshal(part.raw, part.dest); err != nil {
			return Page{}, fmt.Errorf("order: page %d: %w", number, err)
		}
	}
	if len(r.PageHeader) > 0 && string(r.PageHeader) != "null" {
		h, err := header.FromJSON(r.PageHeader)
		if err != nil {
			return Page{}, fmt.Errorf("order: page %d: %w", number, err)
		}
		p.Header = &h
	}
	return p, nil
}

type pageRow struct {
	Order     `bun:",extend"`
	PageLines json.RawMessage `bun:"page_lines,scanonly"`
	PageTime  json.RawMessage `bun:"page_timeline,scanonly"`
	PageShips json.RawMessage `bun:"page_shipments,scanonly"`
	// PageHeader is the header's chips (header.JSONSQL), nil when not read.
	PageHeader json.RawMessage `bun:"page_header,scanonly"`
}

// pageStmt is PageOf's statement, prepared: $1 company, $2 order number;
// pageHeaderStmt PageWithHeader's: also $3 user, $4 day, $5 days of grace.
var (
	pageStmt       = domain.PrepareWith(func(db *bun.DB) string { return pageQuery(db).String() })
	pageHeaderStmt = domain.PrepareWith(func(db *bun.DB) string {
		return pageQuery(db).ColumnExpr(header.JSONSQL("$3::bigint", "$1::bigint", "$4::date", "$5::int") + ` AS page_header`).String()
	})
)

func pageQuery(db *bun.DB) *bun.SelectQuery {
	return db.NewSelect().Model((*pageRow)(nil)).ColumnExpr("?TableColumns").
		ColumnExpr(`(SELECT coalesce(json_agg(json_build_object('ID', l.id, 'OrderID', l.order_id, 'LineNo', l.line_no,
			'ProductID', l.product_id, 'SKU', l.sku, 'Name', l.name, 'Qty', l.qty, 'ListPrice', l.list_price,
			'UnitPrice', l.unit_price, 'VATRateBP', l.vat_rate_bp, 'NetAmount', l.net_amount) ORDER BY l.line_no), '[]')
			FROM order_lines l WHERE l.order_id = "order".id) AS page_lines`).
		ColumnExpr(`(SELECT coalesce(json_agg(json_build_object('ID', h.id, 'OrderID', h.order_id, 'Status', h.status,
			'Note', h.note, 'Source', h.source, 'At', h.at) ORDER BY h.at, h.id), '[]')
			FROM order_status_history h WHERE h.order_id = "order".id) AS page_timeline`).
		ColumnExpr(`(SELECT coalesce(json_agg(json_build_object('ID', s.id, 'OrderID', s.order_id, 'ERPRef', s.erp_ref,
			'Carrier', s.carrier, 'TrackingNumber', s.tracking_number, 'TrackingURL', s.tracking_url,
			'ShippedAt', s.shipped_at, 'DeliveredAt', s.delivered_at) ORDER BY s.shipped_at, s.id), '[]')
			FROM shipments s WHERE s.order_id = "order".id) AS page_shipments`).
		Where(`"order".company_id = $1 AND "order".number = $2`)
}
