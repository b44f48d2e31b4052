package chat

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// Handoff statuses.
const (
	HandoffWaiting = "waiting"
	HandoffTaken   = "taken"
	HandoffClosed  = "closed"
)

// Errors of the handoff desk.
var (
	ErrHandoffNotFound = errors.New("chat: handoff not found")
	// ErrHandoffTaken: another manager took it first.
	ErrHandoffTaken = errors.New("chat: handoff taken by someone else")
	// ErrHandoffClosed: the conversation is back with the bot.
	ErrHandoffClosed = errors.New("chat: handoff closed")
	// ErrReplyEmpty: a reply without text, or longer than 4000 characters.
	ErrReplyEmpty = errors.New("chat: reply empty or too long")
)

// Handoff is a conversation passed to the account manager, with what the desk
// shows about it.
type Handoff struct {
	bun.BaseModel `bun:"table:handoffs"`

	ID             int64      `bun:"id,pk,autoincrement"`
	ConversationID int64      `bun:"conversation_id"`
	CompanyID      *int64     `bun:"company_id"`
	Reason         string     `bun:"reason"`
	Status         string     `bun:"status"`
	ManagerID      *int64     `bun:"manager_id"`
	ComplaintID    *int64     `bun:"complaint_id"`
	NPSResponseID  *int64     `bun:"nps_response_id"`
	PickupDueAt    time.Time  `bun:"pickup_due_at"`
	EscalatedAt    *time.Time `bun:"escalated_at"`
	CreatedAt      time.Time  `bun:"created_at"`
	TakenAt        *time.Time `bun:"taken_at"`
	ClosedAt       *time.Time `bun:"closed_at"`

	CompanyName     string          `bun:"company_name,scanonly"`
	CompanyCountry  string          `bun:"company_country,scanonly"`
	CustomerID      *int64          `bun:"customer_id,scanonly"`
	CustomerName    string          `bun:"customer_name,scanonly"`
	CustomerPhone   string          `bun:"customer_phone,scanonly"`
	Channel         string          `bun:"channel,scanonly"`
	Language        domain.Language `bun:"language,scanonly"`
	ManagerName     string          `bun:"manager_name,scanonly"`
	AssignedID      *int64          `bun:"assigned_id,scanonly"` // the company's account manager
	BackupID        *int64          `bun:"backup_id,scanonly"`
	ComplaintNumber *int64          `bun:"complaint_number,scanonly"`
	NPSScore        *int            `bun:"nps_score,scanonly"`
	NPSComment      string          `bun:"nps_comment,scanonly"`
}

// Overdue tells whether nobody took the handoff within the pickup time.
func (h *Handoff) Overdue(now time.Time) bool {
	return h.Status == HandoffWaiting && now.After(h.PickupDueAt)
}

func handoffQuery(db bun.IDB, hs any) *bun.SelectQuery {
	return db.NewSelect().Model(hs).ColumnExpr("handoff.*").
		ColumnExpr("co.name AS company_name, coalesce(co.country, '') AS company_country").
		ColumnExpr("co.manager_id AS assigned_id, co.backup_manager_id AS backup_id").
		ColumnExpr("cv.user_id AS customer_id, coalesce(cu.name, '') AS customer_name, coalesce(cu.phone, '') AS customer_phone").
		ColumnExpr("cv.channel, cv.language, coalesce(m.name, '') AS manager_name").
		ColumnExpr("cl.number AS complaint_number, n.score AS nps_score, coalesce(n.comment, '') AS nps_comment").
		Join("JOIN conversations cv ON cv.id = handoff.conversation_id").
		Join("LEFT JOIN companies co ON co.id = handoff.company_id").
		Join("LEFT JOIN users cu ON cu.id = cv.user_id").
		Join("LEFT JOIN users m ON m.id = handoff.manager_id").
		Join("LEFT JOIN complaints cl ON cl.id = handoff.complaint_id").
		Join("LEFT JOIN nps_responses n ON n.id = handoff.nps_response_id")
}

// visibleTo keeps the handoffs of the companies the staff member looks after
// (as manager or backup) and those they took; an admin (all) sees every one.
func visibleTo(q *bun.SelectQuery, staffID int64, all bool) *bun.SelectQuery {
	if all {
		return q
	}
	return q.Where("(co.manager_id = ? OR co.backup_manager_id = ? OR handoff.manager_id = ?)", staffID, staffID, staffID)
}

// Inbox returns the open handoffs of the companies a manager looks after
// (assigned or as backup; all of them for an admin): waiting ones first,
// the most urgent on top, then those being handled.
func Inbox(ctx context.Context, db bun.IDB, staffID int64, all bool) ([]*Handoff, error) {
	var hs []*Handoff
	q := visibleTo(handoffQuery(db, &hs), staffID, all).Where("handoff.status <> 'closed'")
	err := q.OrderExpr("handoff.status = 'waiting' DESC, handoff.pickup_due_at, handoff.id").Limit(200).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("chat: inbox: %w", err)
	}
	return hs, nil
}

// GetHandoff returns one handoff if the staff member may see it (admin: any).
func GetHandoff(ctx context.Context, db bun.IDB, id, staffID int64, all bool) (*Handoff, error) {
	h := new(Handoff)
	q := visibleTo(handoffQuery(db, h), staffID, all).Where("handoff.id = ?", id)
	if err := q.Scan(ctx); errors.Is(err, domain.ErrNoRows) {
		return nil, ErrHandoffNotFound
	} else if err != nil {
		return nil, fmt.Errorf("chat: handoff: %w", err)
	}
	return h, nil
}

// OpenHandoffOf returns the conversation's open handoff, or nil.
func OpenHandoffOf(ctx context.Context, db bun.IDB, conversationID int64) (*Handoff, error) {
	h := new(Handoff)
	err := handoffQuery(db, h).Where("handoff.conversation_id = ? AND handoff.status <> 'closed'", conversationID).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("chat: open handoff: %w", err)
	}
	return h, nil
}

// AttachToHandoff ties a complaint or an NPS response to the conversation's
// open handoff, so that the manager who takes it sees what it is about. A
// complaint already attached stays; the latest NPS response replaces one.
func AttachToHandoff(ctx context.Context, tx bun.IDB, conversationID int64, a Attachment) error {
	var err error
	switch {
	case a.ComplaintID != 0:
		_, err = tx.ExecContext(ctx, `UPDATE handoffs SET complaint_id = ?
			WHERE conversation_id = ? AND status <> 'closed' AND complaint_id IS NULL`, a.ComplaintID, conversationID)
	case a.NPSResponseID != 0:
		_, err = tx.ExecContext(ctx, `UPDATE handoffs SET nps_response_id = ?
			WHERE conversation_id = ? AND status <> 'closed'`, a.NPSResponseID, conversationID)
	}
	if err != nil {
		return fmt.Errorf("chat: attach to handoff: %w", err)
	}
	return nil
}

// Attachment is what AttachToHandoff ties to a handoff: one of the two.
type Attachment struct {
	ComplaintID   int64
	NPSResponseID int64
}

// AwaitsManager tells whether the conversation has a handoff no manager
// has taken yet.
func AwaitsManager(ctx context.Context, db bun.IDB, conversationID int64) (bool, error) {
	var waiting bool
	err := db.NewRaw("SELECT EXISTS (SELECT 1 FROM handoffs WHERE conversation_id = ? AND status = ?)", conversationID, HandoffWaiting).
		Scan(ctx, &waiting)
	if err != nil {
		return false, fmt.Errorf("chat: awaits manager: %w", err)
	}
	return waiting, nil
}

// Notice is a message to the customer that is not an answer to something the
// customer just sent (a manager's reply, "the manager joined"): it is stored
// in the conversation and announced by a chat.message event, which delivers
// it to the customer's Telegram chat or portal panel.
type Notice struct {
	ConversationID int64
	CompanyID      int64
	UserID         int64 // the customer
	Author         string
	AuthorID       *int64
	Text           string
	Buttons        []Button
}

// Say stores a notice and emits its event.
func Say(ctx context.Context, tx bun.IDB, n Notice) (*Message, error) {
	m := &Message{ConversationID: n.ConversationID, Direction: "out", Author: n.Author, AuthorID: n.AuthorID, Body: n.Text, Buttons: n.Buttons}
	if err := Append(ctx, tx, m); err != nil {
		return nil, err
	}
	return m, event.Emit(ctx, tx, n.CompanyID, event.ChatMessage, MessageEvent{
		Conversation: n.ConversationID, User: n.UserID, Message: m.ID, Author: n.Author, Text: n.Text, Buttons: m.Buttons, Private: true})
}

// MessageEvent is the payload of a chat.message event.
type MessageEvent struct {
	Conversation int64    `json:"conversation"`
	User         int64    `json:"user"`
	Message      int64    `json:"message"`
	Author       string   `json:"author"`
	Text         string   `json:"text"`
	Buttons      []Button `json:"buttons"`
	Handoff      int64    `json:"handoff,omitempty"`
	// Private: of the company's customer users, only User may see it.
	Private bool `json:"private"`
}

// Take gives a waiting handoff to a manager. Taking one already yours is
// fine; one taken by someone else is ErrHandoffTaken.
func Take(ctx context.Context, tx bun.IDB, h *Handoff, managerID int64, now time.Time) error {
	var got int64
	err := tx.NewRaw(`UPDATE handoffs SET status = 'taken', manager_id = ?, taken_at = ?
		WHERE id = ? AND (status = 'waiting' OR status = 'taken' AND manager_id = ?) RETURNING id`,
		managerID, now, h.ID, managerID).Scan(ctx, &got)
	if errors.Is(err, domain.ErrNoRows) {
		var status string
		if err := tx.NewRaw("SELECT status FROM handoffs WHERE id = ?", h.ID).Scan(ctx, &status); err != nil {
			return fmt.Errorf("chat: take: %w", err)
		}
		if status == HandoffClosed {
			return ErrHandoffClosed
		}
		return ErrHandoffTaken
	}
	if err != nil {
		return fmt.Errorf("chat: take: %w", err)
	}
	h.Status, h.ManagerID, h.TakenAt = HandoffTaken, &managerID, &now
	return emitHandoff(ctx, tx, h, HandoffTaken)
}

// Answer sends a manager's message to the customer. The handoff must be open;
// a waiting one is taken by the manager who answers.
func Answer(ctx context.Context, tx bun.IDB, h *Handoff, managerID int64, text string, now time.Time) (*Message, error) {
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 4000 {
		return nil, ErrReplyEmpty
	}
	if h.Status == HandoffClosed {
		return nil, ErrHandoffClosed
	}
	if h.Status == HandoffWaiting || h.ManagerID == nil || *h.ManagerID != managerID {
		if err := Take(ctx, tx, h, managerID, now); err != nil {
			return nil, err
		}
	}
	return Say(ctx, tx, h.Notice("manager", &managerID, text))
}

// Notice is a message to the handoff's customer.
func (h *Handoff) Notice(author string, authorID *int64, text string) Notice {
	n := Notice{ConversationID: h.ConversationID, Author: author, AuthorID: authorID, Text: text}
	if h.CompanyID != nil {
		n.CompanyID = *h.CompanyID
	}
	if h.CustomerID != nil {
		n.UserID = *h.CustomerID
	}
	return n
}

// Close ends the handoff: the conversation returns to the bot, which tells
// the customer so (closing text in the customer's language, from the caller).
func Close(ctx context.Context, tx bun.IDB, h *Handoff, managerID int64, closingText string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE handoffs SET status = 'closed', closed_at = ?, manager_id = coalesce(manager_id, ?)
		WHERE id = ? AND status <> 'closed'`, now, managerID, h.ID)
	if err != nil {
		return fmt.Errorf("chat: close: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrHandoffClosed
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET mode = 'bot', state = '', state_data = '{}', misunderstood = 0,
		version = version + 1, updated_at = now() WHERE id = ?`, h.ConversationID); err != nil {
		return fmt.Errorf("chat: close: %w", err)
	}
	h.Status, h.ClosedAt = HandoffClosed, &now
	if closingText != "" {
		if _, err := Say(ctx, tx, h.Notice("bot", nil, closingText)); err != nil {
			return err
		}
	}
	return emitHandoff(ctx, tx, h, HandoffClosed)
}

func emitHandoff(ctx context.Context, tx bun.IDB, h *Handoff, status string) error {
	var company int64
	if h.CompanyID != nil {
		company = *h.CompanyID
	}
	p := map[string]any{"handoff": h.ID, "status": status, "reason": h.Reason}
	if h.ManagerID != nil {
		p["manager"] = *h.ManagerID
	}
	return event.Emit(ctx, tx, company, event.HandoffChanged, p)
}

// EscalateOverdue marks the waiting handoffs whose pickup time has passed as
// escalated (each once, whichever instance gets there first) and emits an
// event per handoff, on which the backup manager is told.
func EscalateOverdue(ctx context.Context, db bun.IDB, now time.Time) (int, error) {
	var hs []*Handoff
	err := db.NewRaw(`UPDATE handoffs SET escalated_at = ? WHERE status = 'waiting' AND escalated_at IS NULL AND pickup_due_at <= ?
		RETURNING *`, now, now).Scan(ctx, &hs)
	if err != nil && !errors.Is(err, domain.ErrNoRows) {
		return 0, fmt.Errorf("chat: escalate: %w", err)
	}
	for _, h := range hs {
		if err := emitHandoff(ctx, db, h, "escalated"); err != nil {
			return 0, err
		}
	}
	return len(hs), nil
}
