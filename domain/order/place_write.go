package order

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/company"
	"partnerdesk/domain/event"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/pricing"
)

// newOrder is the order as Place writes it, its lines without ids yet.
func newOrder(comp *company.Company, req PlaceRequest, products map[int64]*catalog.Product, totals pricing.Totals,
	red loyalty.Redemption, priority bool) *Order {
	o := &Order{
		CompanyID: comp.ID, Channel: req.Channel, Status: StatusPlaced, Currency: comp.Currency,
		PONumber: strings.TrimSpace(req.PONumber), DeliveryAddress: strings.TrimSpace(req.DeliveryAddress),
		RequestedOn: req.RequestedOn, IdempotencyKey: req.IdempotencyKey,
		NetGoods: totals.NetGoods, Discount: totals.Discount, DeliveryFee: totals.Delivery,
		NetTotal: totals.Net, VATTotal: totals.VAT, GrossTotal: totals.Gross,
		PointsDiscount: red.Value, PointsRedeemed: red.Points, Priority: priority,
	}
	if o.DeliveryAddress == "" {
		o.DeliveryAddress = comp.DeliveryAddress
	}
	if req.UserID != 0 {
		o.UserID = &req.UserID
	}
	for i, q := range totals.Lines {
		p := products[q.ProductID]
		o.Lines = append(o.Lines, &Line{
			LineNo: i + 1, ProductID: p.ID, SKU: p.SKU, Name: p.Name(comp.Language), Qty: q.Qty,
			ListPrice: q.ListPrice, UnitPrice: q.UnitPrice, VATRateBP: q.VATRateBP, NetAmount: q.Net(),
		})
	}
	return o
}

// writes is what Place writes: the order, its stock reservations, the
// products' availability after it, and whose cart (0 = none) its products
// leave.
type writes struct {
	order  *Order
	allocs []catalog.Allocation
	stock  []stockChange
	cartOf int64
}

// stockChange is a product's availability after the order, and whether
// pages show the difference; when they do not, stock.changed is written
// only if some cart holds more than is left (catalog.InCartsOverSQL).
type stockChange struct {
	ProductID int64
	Available int
	Shown     bool
}

// insert writes the order with its lines, their stock reservations, the
// first timeline entry and the outbox events in one statement (taking the
// ordered products out of the user's cart when asked), then the points
// debit (only when points are redeemed).
func (s *Service) insert(ctx context.Context, tx bun.Tx, w writes) error {
	o := w.order
	query, args := insertStatement(w)
	var rows []struct {
		ID        int64     `bun:"id"`
		Number    int64     `bun:"number"`
		CreatedAt time.Time `bun:"created_at"`
		UpdatedAt time.Time `bun:"updated_at"`
		LineID    int64     `bun:"line_id"`
	}
	if err := tx.NewRaw(query, args...).Scan(ctx, &rows); err != nil {
		return fmt.Errorf("order: insert: %w", err)
	}
	if len(rows) != len(o.Lines) {
		return fmt.Errorf("order: insert: %d lines written, want %d", len(rows), len(o.Lines))
	}
	o.ID, o.Number, o.CreatedAt, o.UpdatedAt = rows[0].ID, rows[0].Number, rows[0].CreatedAt, rows[0].UpdatedAt
	for i, r := range rows { // in line order
		o.Lines[i].ID, o.Lines[i].OrderID = r.LineID, o.ID
	}
	if err := loyalty.Debit(ctx, tx, o.CompanyID, o.ID, o.PointsRedeemed); err != nil {
		return fmt.Errorf("order: %w", err)
	}
	return nil
}

// insertStatement is one INSERT per table chained as data-modifying CTEs:
// each takes the order's id (and the events its number, which only exists
// once the row does) from the one before; foreign keys are checked at the
// end of the statement, when every row is there. It returns one row per
// line, in line order.
func insertStatement(w writes) (string, []any) {
	o, allocs := w.order, w.allocs
	var q strings.Builder
	args := make([]any, 0, 30+10*len(o.Lines)+3*len(allocs)+3*len(o.Lines))
	q.WriteString(`WITH o AS (
		INSERT INTO orders (company_id, user_id, channel, status, currency, po_number, delivery_address, requested_on,
		  net_goods, discount, points_discount, points_redeemed, delivery_fee, net_total, vat_total, gross_total,
		  priority, idempotency_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id, number, created_at, updated_at),
	l AS (
		INSERT INTO order_lines (order_id, line_no, product_id, sku, name, qty, list_price, unit_price, vat_rate_bp, net_amount)
		SELECT o.id, v.* FROM o, (VALUES `)
	args = append(args, o.CompanyID, o.UserID, o.Channel, o.Status, o.Currency, o.PONumber, o.DeliveryAddress, o.RequestedOn,
		o.NetGoods, o.Discount, o.PointsDiscount, o.PointsRedeemed, o.DeliveryFee, o.NetTotal, o.VATTotal, o.GrossTotal,
		o.Priority, o.IdempotencyKey)
	for i, l := range o.Lines {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?::int, ?::bigint, ?::text, ?::text, ?::int, ?::bigint, ?::bigint, ?::int, ?::bigint)")
		args = append(args, l.LineNo, l.ProductID, l.SKU, l.Name, l.Qty, l.ListPrice, l.UnitPrice, l.VATRateBP, l.NetAmount)
	}
	q.WriteString(`) AS v
		RETURNING id, line_no, product_id),
	r AS (
		INSERT INTO stock_reservations (order_line_id, warehouse_id, product_id, qty)
		SELECT l.id, v.warehouse_id, l.product_id, v.qty FROM l JOIN (VALUES `)
	for i, a := range allocs {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?::bigint, ?::bigint, ?::int)")
		args = append(args, a.ProductID, a.WarehouseID, a.Qty)
	}
	q.WriteString(`) AS v (product_id, warehouse_id, qty) ON v.product_id = l.product_id),
	reserved AS (`)
	reserve, reserveArgs := catalog.ReserveSQL(allocs)
	q.WriteString(reserve)
	args = append(args, reserveArgs...)
	// The events, in the order event.EmitMany would give them ids: the order,
	// the balance, then each line's stock.
	q.WriteString(`),
	h AS (
		INSERT INTO order_status_history (order_id, status, source) SELECT o.id, ?, ? FROM o),
	e AS (
		INSERT INTO events (company_id, kind, payload)
		SELECT v.company_id, v.kind, v.payload FROM o, LATERAL (VALUES
		  (0, ?::bigint, ?, jsonb_build_object('order', o.number, 'status', ?::text, 'gross', ?::bigint, 'currency', ?::text), true, NULL::int),
		  (1, ?::bigint, ?, jsonb_build_object('order', o.number), true, NULL::int)`)
	args = append(args, o.Status, o.Channel,
		o.CompanyID, event.OrderPlaced, o.Status, o.GrossTotal, o.Currency,
		o.CompanyID, event.BalanceChanged)
	for i, c := range w.stock {
		q.WriteString(", (?::int, NULL::bigint, ?, jsonb_build_object('product', ?::bigint, 'available', ?::int), ?::bool, ?::int)")
		args = append(args, 2+i, event.StockChanged, c.ProductID, c.Available, c.Shown, c.Available)
	}
	q.WriteString(`) AS v (n, company_id, kind, payload, shown, available)
		WHERE v.shown OR ` + domain.Renumber(catalog.InCartsOverSQL, "(v.payload->>'product')::bigint", "v.available") + `
		ORDER BY v.n)`)
	if w.cartOf != 0 {
		ids := make([]int64, len(o.Lines))
		for i, l := range o.Lines {
			ids[i] = l.ProductID
		}
		q.WriteString(`,
	c AS (
		DELETE FROM cart_lines WHERE user_id = ? AND product_id = ANY(?::bigint[]))`)
		args = append(args, w.cartOf, pgdialect.Array(ids))
	}
	q.WriteString(`
	SELECT o.id, o.number, o.created_at, o.updated_at, l.id AS line_id FROM o, l ORDER BY l.line_no`)
	return q.String(), args
}
