package complaint

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// OrderRef is an order a customer can still complain about, for pickers.
type OrderRef struct {
	Number    int64     `bun:"number"`
	Status    string    `bun:"status"`
	CreatedAt time.Time `bun:"created_at"`
	Lines     int       `bun:"lines"` // lines with units left to claim
}

// ComplainableOrders returns a company's shipped or delivered orders that
// still have units left to claim, newest first.
func ComplainableOrders(ctx context.Context, db bun.IDB, companyID int64, limit int) ([]OrderRef, error) {
	if limit <= 0 {
		limit = 20
	}
	var refs []OrderRef
	err := db.NewSelect().TableExpr("orders AS o").
		ColumnExpr("o.number, o.status, o.created_at, count(*) AS lines").
		Join("JOIN order_lines l ON l.order_id = o.id").
		Where("o.company_id = ? AND o.status IN (?)", companyID, bun.In(complainable)).
		Where("l.qty > (SELECT coalesce(sum(c.qty), 0) FROM complaints c WHERE c.order_line_id = l.id AND c."+claimsQty+")").
		GroupExpr("o.id").OrderExpr("o.created_at DESC, o.id DESC").Limit(limit).Scan(ctx, &refs)
	if err != nil {
		return nil, fmt.Errorf("complaint: complainable orders: %w", err)
	}
	return refs, nil
}

// Line is an order line as the complaint form shows it.
type Line struct {
	ID        int64  `bun:"id"`
	LineNo    int    `bun:"line_no"`
	SKU       string `bun:"sku"`
	NamePL    string `bun:"name_pl"`
	NameRU    string `bun:"name_ru"`
	NameFI    string `bun:"name_fi"`
	Qty       int    `bun:"qty"`       // ordered
	Claimable int    `bun:"claimable"` // not yet claimed by a complaint that was not rejected
}

// Name is the product's name in lang, or in another language when missing.
func (l *Line) Name(lang domain.Language) string {
	return domain.Texts{PL: l.NamePL, RU: l.NameRU, FI: l.NameFI}.In(lang)
}

// ComplainableLines returns the lines of a company's order with how many units
// of each are left to claim, in line order (fully claimed lines included, with
// Claimable 0). Another company's or an unknown order is a *FieldError with
// CodeOrderNotFound, which matches ErrNotFound; an order not yet shipped is
// CodeOrderNotComplainable.
func ComplainableLines(ctx context.Context, db bun.IDB, companyID, orderNumber int64) ([]Line, error) {
	var status string
	err := db.NewSelect().TableExpr("orders").Column("status").
		Where("company_id = ? AND number = ?", companyID, orderNumber).Scan(ctx, &status)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, &FieldError{Field: "order", Code: CodeOrderNotFound}
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: order %d: %w", orderNumber, err)
	}
	if !slices.Contains(complainable, status) {
		return nil, &FieldError{Field: "order", Code: CodeOrderNotComplainable}
	}
	var lines []Line
	err = db.NewSelect().TableExpr("order_lines AS l").
		ColumnExpr("l.id, l.line_no, l.sku, l.qty, p.name_pl, p.name_ru, p.name_fi").
		ColumnExpr("greatest(l.qty - (SELECT coalesce(sum(c.qty), 0) FROM complaints c WHERE c.order_line_id = l.id AND c."+claimsQty+"), 0) AS claimable").
		Join("JOIN orders o ON o.id = l.order_id").
		Join("JOIN products p ON p.id = l.product_id").
		Where("o.company_id = ? AND o.number = ?", companyID, orderNumber).
		OrderExpr("l.line_no").Scan(ctx, &lines)
	if err != nil {
		return nil, fmt.Errorf("complaint: lines of order %d: %w", orderNumber, err)
	}
	return lines, nil
}
