// Package finance holds invoices and payments as the ERP reports them.
package finance

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Invoice is a sales invoice (or credit note).
type Invoice struct {
	bun.BaseModel `bun:"table:invoices"`

	ID         int64           `bun:"id,pk,autoincrement"`
	CompanyID  int64           `bun:"company_id"`
	Number     string          `bun:"number"`
	OrderID    *int64          `bun:"order_id"`
	Currency   domain.Currency `bun:"currency"`
	IssuedOn   time.Time       `bun:"issued_on,type:date"`
	DueOn      time.Time       `bun:"due_on,type:date"`
	NetTotal   int64           `bun:"net_total"`
	VATTotal   int64           `bun:"vat_total"`
	GrossTotal int64           `bun:"gross_total"`
	Paid       int64           `bun:"paid"`
	Kind       string          `bun:"kind"`
	CreatedAt  time.Time       `bun:"created_at"`
	UpdatedAt  time.Time       `bun:"updated_at"`

	OrderNumber *int64 `bun:"order_number,scanonly"`
}

// Invoice states as customers see them.
const (
	StatePaid    = "paid"
	StateUnpaid  = "unpaid"
	StateOverdue = "overdue"
)

// Outstanding is what remains to be paid.
func (i *Invoice) Outstanding() int64 { return max(i.GrossTotal-i.Paid, 0) }

// State tells whether the invoice is paid, unpaid or overdue on the given day.
func (i *Invoice) State(today time.Time) string {
	switch {
	case i.Paid >= i.GrossTotal:
		return StatePaid
	case i.DueOn.Before(today.Truncate(24 * time.Hour)):
		return StateOverdue
	}
	return StateUnpaid
}

// DaysOverdue is how many days past due an unpaid invoice is.
func (i *Invoice) DaysOverdue(today time.Time) int {
	if i.State(today) != StateOverdue {
		return 0
	}
	return int(today.Truncate(24*time.Hour).Sub(i.DueOn).Hours() / 24)
}

// InvoiceFilter narrows the invoice list.
type InvoiceFilter struct {
	State  string // paid, unpaid (incl. overdue), overdue, "" for all
	Limit  int
	Offset int
}

// Invoices returns a company's invoices, newest first, and how many match.
func Invoices(ctx context.Context, db bun.IDB, companyID int64, f InvoiceFilter, today time.Time) ([]*Invoice, int, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var is []*Invoice
	q := db.NewSelect().Model(&is).ColumnExpr("invoice.*").
		ColumnExpr("(SELECT o.number FROM orders o WHERE o.id = invoice.order_id) AS order_number").
		Where("invoice.company_id = ?", companyID)
	day := today.Format(time.DateOnly)
	switch f.State {
	case StatePaid:
		q = q.Where("invoice.paid >= invoice.gross_total")
	case StateUnpaid:
		q = q.Where("invoice.paid < invoice.gross_total")
	case StateOverdue:
		q = q.Where("invoice.paid < invoice.gross_total AND invoice.due_on < ?", day)
	}
	total, err := q.Order("invoice.issued_on DESC", "invoice.id DESC").Limit(f.Limit).Offset(f.Offset).ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("finance: invoices: %w", err)
	}
	return is, total, nil
}

// Payment is money received, as the ERP booked it.
type Payment struct {
	bun.BaseModel `bun:"table:payments"`

	ID        int64           `bun:"id,pk,autoincrement"`
	CompanyID int64           `bun:"company_id"`
	InvoiceID *int64          `bun:"invoice_id"`
	ERPRef    string          `bun:"erp_ref"`
	Currency  domain.Currency `bun:"currency"`
	Amount    int64           `bun:"amount"`
	PaidOn    time.Time       `bun:"paid_on,type:date"`
	Method    string          `bun:"method"`
	CreatedAt time.Time       `bun:"created_at"`

	InvoiceNumber *string `bun:"invoice_number,scanonly"`
}

// Payments returns a company's latest payments.
func Payments(ctx context.Context, db bun.IDB, companyID int64, limit int) ([]*Payment, error) {
	var ps []*Payment
	err := db.NewSelect().Model(&ps).ColumnExpr("payment.*").
		ColumnExpr("(SELECT i.number FROM invoices i WHERE i.id = payment.invoice_id) AS invoice_number").
		Where("payment.company_id = ?", companyID).Order("payment.paid_on DESC", "payment.id DESC").Limit(limit).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("finance: payments: %w", err)
	}
	return ps, nil
}
