// Package credit computes a company's balance and decides whether it may order.
package credit

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Policy holds the credit rules that the distributor configures.
type Policy struct {
	// OverdueGraceDays: an invoice unpaid this many days after its due date
	// blocks ordering.
	OverdueGraceDays int
}

// DefaultPolicy is used when nothing is configured.
var DefaultPolicy = Policy{OverdueGraceDays: 7}

// Balance is a company's credit position, in its currency.
type Balance struct {
	Currency       domain.Currency
	Limit          int64 `bun:"credit_limit"`
	UnpaidInvoices int64 // invoiced and not yet paid
	OpenOrders     int64 // ordered, not cancelled and not yet invoiced
	Used           int64 // UnpaidInvoices + OpenOrders
	Available      int64 // Limit − Used; negative when over the limit
	Overdue        int64 // unpaid after the due date
	OverdueCount   int
	// Unpaid past the due date plus the grace period: this blocks ordering.
	OverdueBlocking   int64
	OldestOverdueDays int
}

// BalanceOf computes the balance on the given day (the company's business date).
func BalanceOf(ctx context.Context, db bun.IDB, companyID int64, today time.Time, p Policy) (Balance, error) {
	var b Balance
	day := today.Format(time.DateOnly)
	err := db.NewRaw(`
		SELECT c.currency, c.credit_limit,
		  coalesce((SELECT sum(i.gross_total - i.paid) FROM invoices i
		            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total), 0) AS unpaid_invoices,
		  coalesce((SELECT sum(o.gross_total) FROM orders o
		            WHERE o.company_id = c.id AND o.status <> 'cancelled'
		              AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id)), 0) AS open_orders,
		  coalesce((SELECT sum(i.gross_total - i.paid) FROM invoices i
		            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total AND i.due_on < ?1::date), 0) AS overdue,
		  (SELECT count(*) FROM invoices i
		            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total AND i.due_on < ?1::date) AS overdue_count,
		  coalesce((SELECT sum(i.gross_total - i.paid) FROM invoices i
		            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total
		              AND i.due_on < ?1::date - ?2::int), 0) AS overdue_blocking,
		  coalesce((SELECT ?1::date - min(i.due_on) FROM invoices i
		            WHERE i.company_id = c.id AND i.kind = 'invoice' AND i.paid < i.gross_total AND i.due_on < ?1::date), 0) AS oldest_overdue_days
		FROM companies c WHERE c.id = ?0`, companyID, day, p.OverdueGraceDays).Scan(ctx, &b)
	if err != nil {
		return b, fmt.Errorf("credit: balance of %d: %w", companyID, err)
	}
	b.Used = b.UnpaidInvoices + b.OpenOrders
	b.Available = b.Limit - b.Used
	return b, nil
}

// Reasons why ordering is blocked.
const (
	ReasonInactive = "inactive" // the company account is not active
	ReasonOverdue  = "overdue"  // invoices unpaid past the grace period
	ReasonLimit    = "limit"    // the order would exceed the credit limit
)

// Block is the refusal to take an order, with everything the customer needs to
// know: why, and the amounts.
type Block struct {
	Reason    string
	Balance   Balance
	Order     int64 // gross amount of the order tried (0 when not known yet)
	Shortfall int64 // how much is missing (limit) or must be paid (overdue)
	GraceDays int
}

func (b *Block) Error() string {
	return fmt.Sprintf("credit: ordering blocked (%s): shortfall %s %s",
		b.Reason, domain.FormatPlain(b.Shortfall), b.Balance.Currency)
}

// Check decides whether an order of gross amount orderGross may be placed by a
// company in the given status with this balance. nil means yes.
func Check(status string, b Balance, orderGross int64, p Policy) *Block {
	switch {
	case status != "active":
		return &Block{Reason: ReasonInactive, Balance: b, Order: orderGross}
	case b.OverdueBlocking > 0:
		return &Block{Reason: ReasonOverdue, Balance: b, Order: orderGross, Shortfall: b.OverdueBlocking, GraceDays: p.OverdueGraceDays}
	case orderGross > b.Available:
		return &Block{Reason: ReasonLimit, Balance: b, Order: orderGross, Shortfall: orderGross - b.Available}
	}
	return nil
}
