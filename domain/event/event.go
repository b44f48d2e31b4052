// Package event is the outbox: every change a customer or manager should see
// is written as an event in the same transaction as the change, then delivered
// to consumers (websockets, chat notifications) at least once, in order.
package event

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Kinds of event. The payload of each is a small JSON object; consumers load
// whatever else they need.
const (
	OrderPlaced     = "order.placed"
	OrderStatus     = "order.status"
	OrderShipment   = "order.shipment"
	BalanceChanged  = "balance.changed"
	StockChanged    = "stock.changed"
	PriceChanged    = "price.changed"
	InvoiceChanged  = "invoice.changed"
	PaymentReceived = "payment.received"
	ComplaintStage  = "complaint.stage"
	ComplaintNote   = "complaint.message"
	HandoffChanged  = "handoff.changed"
	ChatMessage     = "chat.message"
	CompanyChanged  = "company.changed"
	ProductChanged  = "product.changed"
	BackInStock     = "stock.back_in_stock"
	Notification    = "notification.created" // a user got a notification (domain/notify)
)

// Event is one row of the outbox.
type Event struct {
	bun.BaseModel `bun:"table:events"`

	ID        int64           `bun:"id,pk,autoincrement"`
	TxID      int64           `bun:"txid,nullzero,default:(pg_current_xact_id()::text::bigint)"`
	CompanyID *int64          `bun:"company_id"`
	Kind      string          `bun:"kind"`
	Payload   json.RawMessage `bun:"payload,type:jsonb"`
	CreatedAt time.Time       `bun:"created_at,nullzero,default:now()"`
}

// Emit writes an event in the caller's transaction. companyID 0 means the event
// concerns no single company (a product's stock, say).
func Emit(ctx context.Context, db bun.IDB, companyID int64, kind string, payload any) error {
	return EmitMany(ctx, db, []New{{CompanyID: companyID, Kind: kind, Payload: payload}})
}

// New is an event to write; CompanyID 0 concerns no single company.
type New struct {
	CompanyID int64
	Kind      string
	Payload   any
}

// EmitMany writes several events in the caller's transaction with one statement.
func EmitMany(ctx context.Context, db bun.IDB, events []New) error {
	if len(events) == 0 {
		return nil
	}
	rows := make([]Event, len(events))
	for i, n := range events {
		data, err := json.Marshal(n.Payload)
		if err != nil {
			return fmt.Errorf("event: encode %s: %w", n.Kind, err)
		}
		rows[i] = Event{Kind: n.Kind, Payload: data}
		if n.CompanyID != 0 {
			id := n.CompanyID
			rows[i].CompanyID = &id
		}
	}
	if _, err := db.NewInsert().Model(&rows).ExcludeColumn("id", "txid", "created_at").Exec(ctx); err != nil {
		return fmt.Errorf("event: emit %d events: %w", len(rows), err)
	}
	return nil
}

// Since returns a company's events (and catalog-wide ones) with ids above
// after, oldest first, up to limit. companyID 0: all companies.
func Since(ctx context.Context, db bun.IDB, after, companyID int64, limit int) ([]Event, error) {
	var es []Event
	q := db.NewSelect().Model(&es).Where("id > ?", after).Where("txid < (" + horizonSQL + ")")
	if companyID != 0 {
		q = q.Where("company_id = ? OR company_id IS NULL", companyID)
	}
	if err := q.Order("id").Limit(limit).Scan(ctx); err != nil {
		return nil, fmt.Errorf("event: since %d: %w", after, err)
	}
	return es, nil
}

// SinceCursor returns the events after the position (txid, id) of the last
// event a reader saw, of finished transactions only and in the dispatcher's
// (txid, id) order, for one company and the catalogue-wide ones (all when
// companyID is 0). Unlike an id alone, the position also finds an event of a
// transaction that committed after a later-numbered one was seen.
func SinceCursor(ctx context.Context, db bun.IDB, txid, id, companyID int64, limit int) ([]Event, error) {
	var es []Event
	q := db.NewSelect().Model(&es).Where("(txid, id) > (?, ?)", txid, id).Where("txid < (" + horizonSQL + ")")
	if companyID != 0 {
		q = q.Where("company_id = ? OR company_id IS NULL", companyID)
	}
	if err := q.OrderExpr("txid, id").Limit(limit).Scan(ctx); err != nil {
		return nil, fmt.Errorf("event: since (%d, %d): %w", txid, id, err)
	}
	return es, nil
}
