package order

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// ShipmentUpdate is a parcel as the ERP reports it; the reference identifies it.
type ShipmentUpdate struct {
	OrderID        int64
	Ref            string
	Carrier        string
	TrackingNumber string
	TrackingURL    string
	ShippedAt      *time.Time // nil: now for a new shipment, unchanged for a known one
	DeliveredAt    *time.Time
	Lines          map[string]int // SKU → quantity in this parcel; empty = everything
}

// ErrDeliveredBeforeShipped: the delivery time is before the shipping time.
var ErrDeliveredBeforeShipped = errors.New("order: delivered before shipped")

// ErrShipmentOtherOrder: the reference is already used by another order's shipment.
var ErrShipmentOtherOrder = errors.New("order: shipment reference belongs to another order")

// UpsertShipment records a shipment (or updates its tracking or delivery) in
// the caller's transaction and emits order.shipment.
func UpsertShipment(ctx context.Context, tx bun.Tx, u ShipmentUpdate) error {
	var companyID, number int64
	if err := tx.NewRaw("SELECT company_id, number FROM orders WHERE id = ?", u.OrderID).Scan(ctx, &companyID, &number); err != nil {
		return fmt.Errorf("order: shipment: %w", err)
	}
	var id int64
	err := tx.NewRaw(`INSERT INTO shipments (order_id, erp_ref, carrier, tracking_number, tracking_url, shipped_at, delivered_at)
		VALUES (?, ?, ?, ?, ?, coalesce(?::timestamptz, now()), ?)
		ON CONFLICT (erp_ref) DO UPDATE SET carrier = EXCLUDED.carrier, tracking_number = EXCLUDED.tracking_number,
		  tracking_url = EXCLUDED.tracking_url, shipped_at = coalesce(?::timestamptz, shipments.shipped_at),
		  delivered_at = EXCLUDED.delivered_at
		  WHERE shipments.order_id = EXCLUDED.order_id
		RETURNING id`, u.OrderID, u.Ref, u.Carrier, u.TrackingNumber, u.TrackingURL, u.ShippedAt, u.DeliveredAt, u.ShippedAt).Scan(ctx, &id)
	if errors.Is(err, domain.ErrNoRows) {
		return ErrShipmentOtherOrder
	}
	if domain.SQLState(err) == "23514" {
		return ErrDeliveredBeforeShipped
	}
	if err != nil {
		return fmt.Errorf("order: shipment %s: %w", u.Ref, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM shipment_lines WHERE shipment_id = ?", id); err != nil {
		return err
	}
	q := `INSERT INTO shipment_lines (shipment_id, order_line_id, qty) SELECT ?, l.id, l.qty FROM order_lines l WHERE l.order_id = ?`
	args := []any{id, u.OrderID}
	if len(u.Lines) > 0 {
		for sku, qty := range u.Lines {
			res, err := tx.ExecContext(ctx, `INSERT INTO shipment_lines (shipment_id, order_line_id, qty)
				SELECT ?, l.id, ? FROM order_lines l WHERE l.order_id = ? AND l.sku = ?`, id, qty, u.OrderID, sku)
			if err != nil {
				return fmt.Errorf("order: shipment line: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("order: shipment %s: sku %s is not in the order: %w", u.Ref, sku, ErrNotFound)
			}
		}
	} else if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("order: shipment lines: %w", err)
	}
	return event.Emit(ctx, tx, companyID, event.OrderShipment, map[string]any{
		"order": number, "carrier": u.Carrier, "tracking": u.TrackingNumber,
	})
}
