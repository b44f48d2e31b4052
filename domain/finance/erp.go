package finance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// InvoiceUpdate is an invoice as the ERP issues it; the number identifies it.
type InvoiceUpdate struct {
	Number      string
	CompanyID   int64
	OrderNumber int64 // 0 when not from a portal order
	Currency    domain.Currency
	IssuedOn    time.Time
	DueOn       time.Time
	Net, VAT    int64
	Kind        string // invoice or credit_note
}

// ErrOtherCompany: the number belongs to another company's invoice or order.
var ErrOtherCompany = errors.New("finance: belongs to another company")

// UpsertInvoice creates or updates an invoice and emits invoice.changed and
// balance.changed for its company.
func UpsertInvoice(ctx context.Context, tx bun.Tx, u InvoiceUpdate) (int64, error) {
	var orderID any
	if u.OrderNumber != 0 {
		var oid, cid int64
		if err := tx.NewRaw("SELECT id, company_id FROM orders WHERE number = ?", u.OrderNumber).Scan(ctx, &oid, &cid); err != nil {
			return 0, fmt.Errorf("finance: order %d: %w", u.OrderNumber, err)
		}
		if cid != u.CompanyID {
			return 0, ErrOtherCompany
		}
		orderID = oid
	}
	kind := u.Kind
	if kind == "" {
		kind = "invoice"
	}
	// The locks the write needs, taken first and in the order every writer
	// of orders takes them (README, Architecture): the company (a checkout
	// of it holds it until its commit), then the orders the invoice leaves
	// and joins, by id; the triggers then take the company's running totals
	// last. Otherwise an invoice moving between orders could hold one order
	// and the totals while a status change holds the other and waits.
	if _, err := tx.NewRaw("SELECT 1 FROM companies WHERE id = ? FOR KEY SHARE", u.CompanyID).Exec(ctx); err != nil {
		return 0, fmt.Errorf("finance: lock company %d: %w", u.CompanyID, err)
	}
	if _, err := tx.NewRaw(`SELECT o.id FROM orders o
		WHERE o.id = ? OR o.id = (SELECT i.order_id FROM invoices i WHERE i.number = ?)
		ORDER BY o.id FOR UPDATE OF o`, orderID, u.Number).Exec(ctx); err != nil {
		return 0, fmt.Errorf("finance: lock orders of invoice %s: %w", u.Number, err)
	}
	var id, company int64
	err := tx.NewRaw(`INSERT INTO invoices (company_id, number, order_id, currency, issued_on, due_on, net_total, vat_total, gross_total, kind)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (number) DO UPDATE SET order_id = EXCLUDED.order_id, currency = EXCLUDED.currency, issued_on = EXCLUDED.issued_on,
		  due_on = EXCLUDED.due_on, net_total = EXCLUDED.net_total, vat_total = EXCLUDED.vat_total,
		  gross_total = EXCLUDED.gross_total, kind = EXCLUDED.kind, updated_at = now()
		  WHERE invoices.company_id = EXCLUDED.company_id
		RETURNING id, company_id`,
		u.CompanyID, u.Number, orderID, u.Currency, u.IssuedOn.Format(time.DateOnly), u.DueOn.Format(time.DateOnly),
		u.Net, u.VAT, u.Net+u.VAT, kind).Scan(ctx, &id, &company)
	if errors.Is(err, domain.ErrNoRows) {
		return 0, ErrOtherCompany
	}
	if err != nil {
		return 0, fmt.Errorf("finance: upsert invoice %s: %w", u.Number, err)
	}
	if company != u.CompanyID {
		return 0, ErrOtherCompany
	}
	if err := event.Emit(ctx, tx, u.CompanyID, event.InvoiceChanged, map[string]any{"invoice": u.Number}); err != nil {
		return 0, err
	}
	return id, event.Emit(ctx, tx, u.CompanyID, event.BalanceChanged, map[string]any{"invoice": u.Number})
}

// PaymentUpdate is money received, as the ERP booked it; the reference identifies it.
type PaymentUpdate struct {
	Ref           string
	CompanyID     int64
	InvoiceNumber string // "" for a payment not matched to an invoice
	Currency      domain.Currency
	Amount        int64
	PaidOn        time.Time
	Method        string
}

// UpsertPayment records a payment once (a replay with the same reference
// changes nothing) and adds it to its invoice's paid amount.
func UpsertPayment(ctx context.Context, tx bun.Tx, u PaymentUpdate) (bool, error) {
	var invoiceID any
	if u.InvoiceNumber != "" {
		var iid, cid int64
		if err := tx.NewRaw("SELECT id, company_id FROM invoices WHERE number = ? FOR UPDATE", u.InvoiceNumber).Scan(ctx, &iid, &cid); err != nil {
			return false, fmt.Errorf("finance: invoice %s: %w", u.InvoiceNumber, err)
		}
		if cid != u.CompanyID {
			return false, ErrOtherCompany
		}
		invoiceID = iid
	}
	method := u.Method
	if method == "" {
		method = "transfer"
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO payments (company_id, invoice_id, erp_ref, currency, amount, paid_on, method)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (erp_ref) DO NOTHING`,
		u.CompanyID, invoiceID, u.Ref, u.Currency, u.Amount, u.PaidOn.Format(time.DateOnly), method)
	if err != nil {
		return false, fmt.Errorf("finance: payment %s: %w", u.Ref, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil // already recorded
	}
	if invoiceID != nil {
		if _, err := tx.ExecContext(ctx, "UPDATE invoices SET paid = paid + ?, updated_at = now() WHERE id = ?", u.Amount, invoiceID); err != nil {
			return false, fmt.Errorf("finance: apply payment: %w", err)
		}
	}
	if err := event.Emit(ctx, tx, u.CompanyID, event.PaymentReceived, map[string]any{"payment": u.Ref, "amount": u.Amount}); err != nil {
		return false, err
	}
	return true, event.Emit(ctx, tx, u.CompanyID, event.BalanceChanged, map[string]any{"payment": u.Ref})
}
