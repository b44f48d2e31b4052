package order

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

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
	var rows []struct {
		ID        int64     `bun:"id"`
		Number    int64     `bun:"number"`
		CreatedAt time.Time `bun:"created_at"`
		UpdatedAt time.Time `bun:"updated_at"`
		LineID    int64     `bun:"line_id"`
	}
	if err := insertStmt.Select(ctx, tx, &rows, insertArgs(w)...); err != nil {
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

// insertStmt is one INSERT per table chained as data-modifying WITH items:
// each takes the order's id (and the events their number, which only exists
// once the row does) from the one before; foreign keys are checked at the
// end of the statement, when every row is there. Lines, reservations and
// stock events come as arrays, so the text is the same for every order and
// the statement is prepared (parsing and planning it cost more than
// running it). It returns one row per line, in line order.
//
// $1–$18 the order's columns; $19–$27 the lines' columns (arrays); $28–$30
// the allocations: product, warehouse, quantity; $31 the timeline's source;
// $32–$34 the stock changes: product, availability after, shown (1/0); $35
// the user whose cart the products leave (0 = none).
var insertStmt = domain.NewPrepared(`WITH o AS (
		INSERT INTO orders (company_id, user_id, channel, status, currency, po_number, delivery_address, requested_on,
		  net_goods, discount, points_discount, points_redeemed, delivery_fee, net_total, vat_total, gross_total,
		  priority, idempotency_key)
		VALUES ($1::bigint, $2::bigint, $3::text, $4::text, $5::char(3), $6::text, $7::text, $8::date,
		  $9::bigint, $10::bigint, $11::bigint, $12::int, $13::bigint, $14::bigint, $15::bigint, $16::bigint,
		  $17::bool, $18::text)
		RETURNING id, number, created_at, updated_at),
	l AS (
		INSERT INTO order_lines (order_id, line_no, product_id, sku, name, qty, list_price, unit_price, vat_rate_bp, net_amount)
		SELECT o.id, v.* FROM o, unnest($19::int[], $20::bigint[], $21::text[], $22::text[], $23::int[], $24::bigint[],
		  $25::bigint[], $26::int[], $27::bigint[]) AS v
		RETURNING id, line_no, product_id),
	r AS (
		INSERT INTO stock_reservations (order_line_id, warehouse_id, product_id, qty)
		SELECT l.id, v.warehouse_id, l.product_id, v.qty
		FROM l JOIN unnest($28::bigint[], $29::bigint[], $30::int[]) AS v (product_id, warehouse_id, qty) ON v.product_id = l.product_id),
	reserved AS (` + catalog.ReserveSQL("$28::bigint[]", "$29::bigint[]", "$30::int[]") + `),
	h AS (
		INSERT INTO order_status_history (order_id, status, source) SELECT o.id, $4::text, $31::text FROM o),
	e AS (
		INSERT INTO events (company_id, kind, payload)
		SELECT v.company_id, v.kind, v.payload
		FROM o, LATERAL (
		  VALUES (0::bigint, $1::bigint, '` + event.OrderPlaced + `', jsonb_build_object('order', o.number, 'status', $4::text,
		            'gross', $16::bigint, 'currency', $5::text), true, NULL::int),
		         (1, $1::bigint, '` + event.BalanceChanged + `', jsonb_build_object('order', o.number), true, NULL::int)
		  UNION ALL
		  SELECT 1 + x.n, NULL::bigint, '` + event.StockChanged + `', jsonb_build_object('product', x.product_id, 'available', x.available),
		         x.shown = 1, x.available
		  FROM unnest($32::bigint[], $33::int[], $34::int[]) WITH ORDINALITY AS x (product_id, available, shown, n)
		) AS v (n, company_id, kind, payload, shown, available)
		-- In the order event.EmitMany would give them ids: the order, the
		-- balance, then each line's stock.
		WHERE v.shown OR ` + domain.Renumber(catalog.InCartsOverSQL, "(v.payload->>'product')::bigint", "v.available", "$35::bigint") + `
		ORDER BY v.n),
	c AS (
		DELETE FROM cart_lines WHERE user_id = $35::bigint AND product_id = ANY($20::bigint[]))
	SELECT o.id, o.number, o.created_at, o.updated_at, l.id AS line_id FROM o, l ORDER BY l.line_no`)

// insertArgs are insertStmt's arguments for w.
func insertArgs(w writes) []any {
	o := w.order
	var requested any
	if o.RequestedOn != nil {
		requested = o.RequestedOn.Format(time.DateOnly)
	}
	var user any
	if o.UserID != nil {
		user = *o.UserID
	}
	n := len(o.Lines)
	lineNo, qty, vat := make([]int64, n), make([]int64, n), make([]int64, n)
	product, list, unit, net := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	sku, name := make([]string, n), make([]string, n)
	for i, l := range o.Lines {
		lineNo[i], product[i], sku[i], name[i], qty[i] = int64(l.LineNo), l.ProductID, l.SKU, l.Name, int64(l.Qty)
		list[i], unit[i], vat[i], net[i] = l.ListPrice, l.UnitPrice, int64(l.VATRateBP), l.NetAmount
	}
	allocProduct, allocWarehouse, allocQty := make([]int64, len(w.allocs)), make([]int64, len(w.allocs)), make([]int64, len(w.allocs))
	for i, a := range w.allocs {
		allocProduct[i], allocWarehouse[i], allocQty[i] = a.ProductID, a.WarehouseID, int64(a.Qty)
	}
	stockProduct, stockAvail, stockShown := make([]int64, len(w.stock)), make([]int64, len(w.stock)), make([]int64, len(w.stock))
	for i, c := range w.stock {
		stockProduct[i], stockAvail[i] = c.ProductID, int64(c.Available)
		if c.Shown {
			stockShown[i] = 1
		}
	}
	arr := domain.Int64Array
	return []any{o.CompanyID, user, o.Channel, o.Status, string(o.Currency), o.PONumber, o.DeliveryAddress, requested,
		o.NetGoods, o.Discount, o.PointsDiscount, o.PointsRedeemed, o.DeliveryFee, o.NetTotal, o.VATTotal, o.GrossTotal,
		o.Priority, o.IdempotencyKey,
		arr(lineNo), arr(product), domain.TextArray(sku), domain.TextArray(name), arr(qty), arr(list), arr(unit), arr(vat), arr(net),
		arr(allocProduct), arr(allocWarehouse), arr(allocQty),
		o.Channel,
		arr(stockProduct), arr(stockAvail), arr(stockShown),
		w.cartOf}
}
