package complaint

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Kinds of deadline a queue item is waiting for.
const (
	DueAck      = "ack"
	DueDecision = "decision"
)

// QueueItem is an open complaint on a manager's desk with the deadline that
// comes next: acknowledgement until someone acknowledges it, then decision.
type QueueItem struct {
	Complaint `bun:",extend"`

	CompanyName string    `bun:"company_name,scanonly"`
	DueAt       time.Time `bun:"due_at,scanonly"`
	DueKind     string    `bun:"due_kind,scanonly"`
}

// Queue returns the open complaints of the companies a manager looks after
// (as manager or backup), or of all companies when all is set (admins), the
// nearest deadline first, so overdue ones lead.
func Queue(ctx context.Context, db bun.IDB, staffID int64, all bool, limit int) ([]QueueItem, error) {
	if limit <= 0 {
		limit = 100
	}
	var items []QueueItem
	q := selectComplaints(db, &items).
		ColumnExpr("co.name AS company_name").
		ColumnExpr("CASE WHEN complaint.acknowledged_at IS NULL THEN complaint.ack_due_at ELSE complaint.decision_due_at END AS due_at").
		ColumnExpr("CASE WHEN complaint.acknowledged_at IS NULL THEN ? ELSE ? END AS due_kind", DueAck, DueDecision).
		Join("JOIN companies co ON co.id = complaint.company_id").
		Where("complaint.stage <> ?", StageResolved)
	if !all {
		q = q.Where("co.manager_id = ? OR co.backup_manager_id = ?", staffID, staffID)
	}
	if err := q.OrderExpr("due_at, complaint.id").Limit(limit).Scan(ctx); err != nil {
		return nil, fmt.Errorf("complaint: queue of %d: %w", staffID, err)
	}
	return items, nil
}
