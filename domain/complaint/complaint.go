// Package complaint handles complaints against order lines: stages, SLA
// clocks and the thread between customer and manager.
package complaint

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Complaint is a customer's claim about an order line.
type Complaint struct {
	bun.BaseModel `bun:"table:complaints"`

	ID             int64      `bun:"id,pk,autoincrement"`
	Number         int64      `bun:"number"`
	CompanyID      int64      `bun:"company_id"`
	OrderID        int64      `bun:"order_id"`
	OrderLineID    int64      `bun:"order_line_id"`
	UserID         *int64     `bun:"user_id"`
	Channel        string     `bun:"channel"`
	Qty            int        `bun:"qty"`
	Reason         string     `bun:"reason"`
	Description    string     `bun:"description"`
	Stage          string     `bun:"stage"`
	Resolution     *string    `bun:"resolution"`
	ResolutionNote string     `bun:"resolution_note"`
	AckDueAt       time.Time  `bun:"ack_due_at"`
	DecisionDueAt  time.Time  `bun:"decision_due_at"`
	AcknowledgedAt *time.Time `bun:"acknowledged_at"`
	ResolvedAt     *time.Time `bun:"resolved_at"`
	CreatedAt      time.Time  `bun:"created_at"`
	UpdatedAt      time.Time  `bun:"updated_at"`

	OrderNumber int64  `bun:"order_number,scanonly"`
	SKU         string `bun:"sku,scanonly"`
	ProductName string `bun:"product_name,scanonly"`
}

// Open tells whether the complaint awaits a decision.
func (c *Complaint) Open() bool { return c.Stage != "resolved" }

// List returns a company's complaints, newest first; open only if asked.
func List(ctx context.Context, db bun.IDB, companyID int64, openOnly bool, limit int) ([]*Complaint, error) {
	var cs []*Complaint
	q := db.NewSelect().Model(&cs).ColumnExpr("complaint.*").
		ColumnExpr("o.number AS order_number, l.sku, l.name AS product_name").
		Join("JOIN orders o ON o.id = complaint.order_id").
		Join("JOIN order_lines l ON l.id = complaint.order_line_id").
		Where("complaint.company_id = ?", companyID)
	if openOnly {
		q = q.Where("complaint.stage <> 'resolved'")
	}
	if err := q.Order("complaint.created_at DESC").Limit(limit).Scan(ctx); err != nil {
		return nil, fmt.Errorf("complaint: list: %w", err)
	}
	return cs, nil
}
