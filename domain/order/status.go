package order

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
	"partnerdesk/domain/loyalty"
)

// ErrTransition: the order cannot move to that status from where it is.
var ErrTransition = errors.New("order: status change not allowed")

// next lists where each status may go. The ERP may skip steps (an order can be
// shipped straight from placed) but never goes back.
var next = map[string][]string{
	StatusPlaced:    {StatusConfirmed, StatusPicking, StatusShipped, StatusDelivered, StatusCancelled},
	StatusConfirmed: {StatusPicking, StatusShipped, StatusDelivered, StatusCancelled},
	StatusPicking:   {StatusShipped, StatusDelivered, StatusCancelled},
	StatusShipped:   {StatusDelivered},
}

// CanMove tells whether an order may go from one status to another.
func CanMove(from, to string) bool { return slices.Contains(next[from], to) }

// StatusRequest changes an order's status.
type StatusRequest struct {
	OrderID    int64
	Status     string
	Note       string
	Source     string // erp, staff, system, ...
	ExpectedOn *time.Time
}

// ChangeStatus moves an order on its timeline. Setting the status it already
// has is a no-op (the ERP may send the same update twice). Leaving the warehouse
// (shipped or delivered) takes the reserved goods off stock; cancelling frees them.
// Delivery credits the order's loyalty points.
func (s *Service) ChangeStatus(ctx context.Context, req StatusRequest) (*Order, error) {
	var o Order
	changed := false
	err := domain.RunInTx(ctx, s.DB, func(ctx context.Context, tx bun.Tx) error {
		changed = false
		if err := tx.NewSelect().Model(&o).Where("id = ?", req.OrderID).For("UPDATE").Scan(ctx); err != nil {
			if errors.Is(err, domain.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("order: lock: %w", err)
		}
		// The company next, before the stock rows and the running totals
		// (company_totals, taken by the triggers on the status update), as
		// every writer of orders takes them: a checkout of the company holds
		// it until its commit, and it takes the stock rows this order may
		// free. Waited for here, not halfway through.
		if _, err := tx.NewRaw("SELECT 1 FROM companies WHERE id = ? FOR KEY SHARE", o.CompanyID).Exec(ctx); err != nil {
			return fmt.Errorf("order: lock company: %w", err)
		}
		if req.ExpectedOn != nil {
			o.ExpectedOn = req.ExpectedOn
			if _, err := tx.NewUpdate().Model(&o).Column("expected_on").WherePK().Exec(ctx); err != nil {
				return fmt.Errorf("order: expected date: %w", err)
			}
		}
		if o.Status == req.Status {
			return nil
		}
		if !CanMove(o.Status, req.Status) {
			return fmt.Errorf("%w: %s → %s", ErrTransition, o.Status, req.Status)
		}
		switch req.Status {
		case StatusShipped, StatusDelivered:
			if err := releaseReservations(ctx, tx, o.ID, true); err != nil {
				return err
			}
		case StatusCancelled:
			if err := releaseReservations(ctx, tx, o.ID, false); err != nil {
				return err
			}
		}
		from := o.Status
		o.Status = req.Status
		if _, err := tx.NewUpdate().Model(&o).Column("status").Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return fmt.Errorf("order: update status: %w", err)
		}
		if err := addStatus(ctx, tx, o.ID, req.Status, req.Note, req.Source); err != nil {
			return err
		}
		if req.Status == StatusDelivered {
			// Points are credited here, in the transaction that marks the
			// order delivered, rather than by an outbox consumer: the credit
			// then commits or rolls back with the delivery itself, and there
			// is no consumer position to lose or replay. Exactly once holds
			// twice over: delivered → delivered is a no-op above, and the
			// ledger's unique (order, kind) key makes any second credit
			// (a replayed ERP update, the seed) do nothing.
			if _, err := loyalty.CreditDelivered(ctx, tx, o.ID, s.now()); err != nil {
				return fmt.Errorf("order: %w", err)
			}
		}
		changed = true
		if err := event.Emit(ctx, tx, o.CompanyID, event.OrderStatus, map[string]any{
			"order": o.Number, "from": from, "status": o.Status,
		}); err != nil {
			return err
		}
		if req.Status == StatusCancelled {
			return event.Emit(ctx, tx, o.CompanyID, event.BalanceChanged, map[string]any{"order": o.Number})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.Events.Wake()
	}
	return &o, nil
}

type heldStock struct {
	ProductID   int64 `bun:"product_id"`
	WarehouseID int64 `bun:"warehouse_id"`
	Qty         int   `bun:"qty"`
}

// releaseReservations ends an order's open reservations. shipped: the goods
// left, so on hand goes down too.
func releaseReservations(ctx context.Context, tx bun.Tx, orderID int64, shipped bool) error {
	var rs []heldStock
	err := tx.NewRaw(`
		UPDATE stock_reservations r SET released_at = now()
		FROM order_lines l
		WHERE l.id = r.order_line_id AND l.order_id = ? AND r.released_at IS NULL
		RETURNING r.product_id, r.warehouse_id, r.qty`, orderID).Scan(ctx, &rs)
	if err != nil {
		return fmt.Errorf("order: release reservations: %w", err)
	}
	slices.SortFunc(rs, func(a, b heldStock) int {
		if a.ProductID != b.ProductID {
			return int(a.ProductID - b.ProductID)
		}
		return int(a.WarehouseID - b.WarehouseID)
	})
	for _, r := range rs {
		onHand := 0
		if shipped {
			onHand = r.Qty
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE stock SET reserved = reserved - ?, on_hand = greatest(on_hand - ?, 0), updated_at = now()
			WHERE product_id = ? AND warehouse_id = ?`, r.Qty, onHand, r.ProductID, r.WarehouseID); err != nil {
			return fmt.Errorf("order: release stock: %w", err)
		}
		if err := event.Emit(ctx, tx, 0, event.StockChanged, map[string]any{"product": r.ProductID}); err != nil {
			return err
		}
	}
	return nil
}

func addStatus(ctx context.Context, tx bun.IDB, orderID int64, status, note, source string) error {
	h := &StatusChange{OrderID: orderID, Status: status, Note: note, Source: source}
	if _, err := tx.NewInsert().Model(h).ExcludeColumn("id", "at").Exec(ctx); err != nil {
		return fmt.Errorf("order: status history: %w", err)
	}
	return nil
}
