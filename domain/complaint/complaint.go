// Package complaint handles complaints against order lines: stages, SLA
// clocks and the thread between customer and manager.
package complaint

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Reasons a customer can give.
const (
	ReasonDamaged   = "damaged"
	ReasonWrongItem = "wrong_item"
	ReasonMissing   = "missing"
	ReasonDefect    = "defect"
	ReasonLate      = "late"
)

// Reasons lists every reason in the order forms and the bot offer them.
var Reasons = []string{ReasonDamaged, ReasonWrongItem, ReasonMissing, ReasonDefect, ReasonLate}

// Channels a complaint can come through.
const (
	ChannelPortal = "portal"
	ChannelBot    = "bot"
)

// Stages in their sequence.
const (
	StageSubmitted    = "submitted"
	StageAcknowledged = "acknowledged"
	StageInReview     = "in_review"
	StageResolved     = "resolved"
)

// Resolutions a manager can decide on; a rejection needs a note.
const (
	ResolutionReplacement = "replacement"
	ResolutionCreditNote  = "credit_note"
	ResolutionRejected    = "rejected"
)

// Resolutions lists every resolution in the order the desk offers them.
var Resolutions = []string{ResolutionReplacement, ResolutionCreditNote, ResolutionRejected}

// MaxPhotos is how many photos one complaint may carry.
const MaxPhotos = 5

// maxText is the longest description, message or note, in characters; the
// database checks the same.
const maxText = 5000

// ErrNotFound: no such complaint (for this company).
var ErrNotFound = errors.New("complaint: not found")

// Complaint is a customer's claim about an order line.
type Complaint struct {
	bun.BaseModel `bun:"table:complaints"`

	ID             int64      `bun:"id,pk,autoincrement"`
	Number         int64      `bun:"number,nullzero,default:nextval('complaint_number_seq')"`
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
	CreatedAt      time.Time  `bun:"created_at,nullzero,default:now()"`
	UpdatedAt      time.Time  `bun:"updated_at,nullzero,default:now()"`

	OrderNumber int64  `bun:"order_number,scanonly"`
	SKU         string `bun:"sku,scanonly"`
	ProductName string `bun:"product_name,scanonly"`
}

// Open tells whether the complaint awaits a decision.
func (c *Complaint) Open() bool { return c.Stage != StageResolved }

// DecisionLate tells whether an open complaint's decision is past its
// deadline at now.
func (c *Complaint) DecisionLate(now time.Time) bool { return c.Open() && now.After(c.DecisionDueAt) }

// selectComplaints selects complaints with their order number and product.
func selectComplaints(db bun.IDB, model any) *bun.SelectQuery {
	return db.NewSelect().Model(model).ColumnExpr("complaint.*").
		ColumnExpr("o.number AS order_number, l.sku, l.name AS product_name").
		Join("JOIN orders o ON o.id = complaint.order_id").
		Join("JOIN order_lines l ON l.id = complaint.order_line_id")
}

// Get loads a company's complaint by number. Another company's complaint is
// ErrNotFound.
func Get(ctx context.Context, db bun.IDB, companyID, number int64) (*Complaint, error) {
	c := new(Complaint)
	err := selectComplaints(db, c).Where("complaint.company_id = ? AND complaint.number = ?", companyID, number).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: get %d: %w", number, err)
	}
	return c, nil
}

// GetByID loads any company's complaint, for staff; the caller checks that the
// staff member may see it.
func GetByID(ctx context.Context, db bun.IDB, id int64) (*Complaint, error) {
	c := new(Complaint)
	err := selectComplaints(db, c).Where("complaint.id = ?", id).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: get id %d: %w", id, err)
	}
	return c, nil
}

// List returns a company's complaints, newest first; open only if asked.
func List(ctx context.Context, db bun.IDB, companyID int64, openOnly bool, limit int) ([]*Complaint, error) {
	var cs []*Complaint
	q := selectComplaints(db, &cs).Where("complaint.company_id = ?", companyID)
	if openOnly {
		q = q.Where("complaint.stage <> ?", StageResolved)
	}
	if err := q.Order("complaint.created_at DESC").Limit(limit).Scan(ctx); err != nil {
		return nil, fmt.Errorf("complaint: list: %w", err)
	}
	return cs, nil
}
