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
//
// Open orders are one row: company_totals.open_orders, kept by a trigger on
// orders (which sees invoicing through orders.invoice_count, kept by a
// trigger on invoices), so no order history is read however long it grows.
// Unpaid invoices come from invoices_unpaid_idx in one pass.
func BalanceOf(ctx context.Context, db bun.IDB, companyID int64, today time.Time, p Policy) (Balance, error) {
	var b Balance
	err := balanceStmt.Get(ctx, db, []any{&b}, companyID, today.Format(time.DateOnly), p.OverdueGraceDays)
	if err != nil {
		return b, fmt.Errorf("credit: balance of %d: %w", companyID, err)
	}
	return b.WithLimit(b.Currency, b.Limit), nil
}

// AmountsSQL selects the amounts of a company's balance on a day, for a
// caller that holds the company row (order.Place, under its lock) and reads
// more in the same statement: one row whose columns scan into a Balance,
// which WithLimit then completes. The arguments are the SQL of the company
// id, the day (a date) and the days of grace (an int), e.g. "$1::bigint".
func AmountsSQL(company, day, grace string) string {
	return domain.Renumber(amountsSQL, company, day, grace)
}

// WithLimit completes the amounts read with the company's currency and
// credit limit: what is used and what is available.
func (b Balance) WithLimit(cur domain.Currency, limit int64) Balance {
	b.Currency, b.Limit = cur, limit
	b.Used = b.UnpaidInvoices + b.OpenOrders
	b.Available = b.Limit - b.Used
	return b
}

// amountsSQL is what company ?0 owes on day ?1 with ?2 days of grace.
const amountsSQL = `
	SELECT coalesce((SELECT ct.open_orders FROM company_totals ct WHERE ct.company_id = ?0), 0) AS open_orders,
	  coalesce(u.unpaid, 0) AS unpaid_invoices, coalesce(u.overdue, 0) AS overdue, u.overdue_count,
	  coalesce(u.overdue_blocking, 0) AS overdue_blocking, coalesce(u.oldest_overdue_days, 0) AS oldest_overdue_days
	FROM (
	  SELECT sum(i.gross_total - i.paid) AS unpaid,
	         sum(i.gross_total - i.paid) FILTER (WHERE i.due_on < ?1::date) AS overdue,
	         count(*) FILTER (WHERE i.due_on < ?1::date) AS overdue_count,
	         sum(i.gross_total - i.paid) FILTER (WHERE i.due_on < ?1::date - ?2::int) AS overdue_blocking,
	         ?1::date - min(i.due_on) FILTER (WHERE i.due_on < ?1::date) AS oldest_overdue_days
	  FROM invoices i
	  WHERE i.company_id = ?0 AND i.kind = 'invoice' AND i.paid < i.gross_total) u`

// BalanceSQL selects a company's balance on a day: one row whose columns
// scan into a Balance, which WithLimit then completes with the Currency and
// Limit read. The arguments are the SQL of the company id, the day and the
// days of grace, as for AmountsSQL.
func BalanceSQL(company, day, grace string) string {
	return `SELECT c.currency, c.credit_limit, a.* FROM companies c CROSS JOIN (` +
		AmountsSQL(company, day, grace) + `) a WHERE c.id = ` + company
}

// balanceStmt is BalanceOf's query, prepared: dashboards, invoices and the
// desk's customer page read it. $1 company, $2 day, $3 days of grace.
var balanceStmt = domain.NewPrepared(BalanceSQL("$1::bigint", "$2::date", "$3::int"))

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
