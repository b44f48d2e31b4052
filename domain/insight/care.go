package insight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
)

// Account care: the manager's notes about a customer, the next planned
// contact, and the conversations waiting for a human.

// Errors of the care forms.
var (
	ErrNoteEmpty   = errors.New("insight: note is empty")
	ErrNoteTooLong = errors.New("insight: note is too long")
	ErrContactPast = errors.New("insight: next contact is in the past")
	ErrContactFar  = errors.New("insight: next contact is too far ahead")
)

// Limits of the care forms.
const (
	NoteMaxChars    = 5000
	ContactMaxAhead = 2 * 366 // days
)

// Note is a manager's note about a customer.
type Note struct {
	ID         int64     `bun:"id"`
	Body       string    `bun:"body"`
	AuthorID   int64     `bun:"author_id"`
	AuthorName string    `bun:"author_name"`
	CreatedAt  time.Time `bun:"created_at"`
}

// Notes returns a company's latest notes, newest first.
func Notes(ctx context.Context, db bun.IDB, companyID int64, limit int) ([]Note, error) {
	var ns []Note
	err := db.NewRaw(`SELECT n.id, n.body, n.author_id, u.name AS author_name, n.created_at
		FROM company_notes n JOIN users u ON u.id = n.author_id
		WHERE n.company_id = ? ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, companyID, limit).Scan(ctx, &ns)
	if err != nil {
		return nil, fmt.Errorf("insight: notes of %d: %w", companyID, err)
	}
	return ns, nil
}

// AddNote records a note; the body is trimmed and must hold 1–5000 characters.
func AddNote(ctx context.Context, db bun.IDB, companyID, authorID int64, body string) (int64, error) {
	body = strings.TrimSpace(body)
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return 0, ErrNoteEmpty
	case n > NoteMaxChars:
		return 0, ErrNoteTooLong
	}
	var id int64
	err := db.NewRaw(`INSERT INTO company_notes (company_id, author_id, body) VALUES (?, ?, ?) RETURNING id`,
		companyID, authorID, body).Scan(ctx, &id)
	if err != nil {
		return 0, fmt.Errorf("insight: add note to %d: %w", companyID, err)
	}
	return id, nil
}

// SetNextContact plans the next contact with a customer (nil: none
// planned). The day may be today, not earlier, and at most two years ahead.
func SetNextContact(ctx context.Context, db bun.IDB, companyID int64, day *time.Time, today time.Time) error {
	var value any
	if day != nil {
		switch d := dayNumber(*day); {
		case d < dayNumber(today):
			return ErrContactPast
		case d > dayNumber(today)+ContactMaxAhead:
			return ErrContactFar
		}
		value = day.Format(time.DateOnly)
	}
	res, err := db.ExecContext(ctx, "UPDATE companies SET next_contact_on = ? WHERE id = ?", value, companyID)
	if err != nil {
		return fmt.Errorf("insight: next contact of %d: %w", companyID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return nil
}

// OpenHandoff is a conversation of the customer's passed to a human and not
// closed yet.
type OpenHandoff struct {
	ID           int64     `bun:"id"`
	Reason       string    `bun:"reason"`
	Status       string    `bun:"status"`
	CustomerName string    `bun:"customer_name"`
	ManagerName  string    `bun:"manager_name"`
	PickupDueAt  time.Time `bun:"pickup_due_at"`
	CreatedAt    time.Time `bun:"created_at"`
}

// Overdue tells whether nobody took the handoff within its pickup time.
func (h OpenHandoff) Overdue(now time.Time) bool {
	return h.Status == "waiting" && now.After(h.PickupDueAt)
}

// OpenHandoffs lists a company's handoffs not closed yet, waiting ones first.
func OpenHandoffs(ctx context.Context, db bun.IDB, companyID int64) ([]OpenHandoff, error) {
	var hs []OpenHandoff
	err := db.NewRaw(`SELECT h.id, h.reason, h.status, coalesce(cu.name, '') AS customer_name, coalesce(m.name, '') AS manager_name,
		       h.pickup_due_at, h.created_at
		FROM handoffs h
		JOIN conversations cv ON cv.id = h.conversation_id
		LEFT JOIN users cu ON cu.id = cv.user_id
		LEFT JOIN users m ON m.id = h.manager_id
		WHERE h.company_id = ? AND h.status <> 'closed'
		ORDER BY h.status = 'waiting' DESC, h.pickup_due_at, h.id`, companyID).Scan(ctx, &hs)
	if err != nil {
		return nil, fmt.Errorf("insight: open handoffs of %d: %w", companyID, err)
	}
	return hs, nil
}
