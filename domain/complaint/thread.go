package complaint

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// Message is one entry of the thread between the customer and the manager.
type Message struct {
	bun.BaseModel `bun:"table:complaint_messages,alias:m"`

	ID          int64     `bun:"id,pk,autoincrement"`
	ComplaintID int64     `bun:"complaint_id"`
	AuthorID    *int64    `bun:"author_id"` // nil: written by the system
	Body        string    `bun:"body"`
	CreatedAt   time.Time `bun:"created_at,nullzero,default:now()"`

	AuthorName  string `bun:"author_name,scanonly"`
	AuthorStaff bool   `bun:"author_staff,scanonly"` // the distributor's staff, not the customer
}

// AddMessage adds a message to a complaint's thread. authorID 0 is the system.
// An author from another company than the complaint's is ErrNotFound; the
// caller checks that a staff author may see the complaint. An empty or too
// long body is a *FieldError.
func AddMessage(ctx context.Context, db bun.IDB, complaintID, authorID int64, body string) (*Message, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return nil, &FieldError{Field: "body", Code: CodeMessageEmpty}
	case utf8.RuneCountInString(body) > maxText:
		return nil, &FieldError{Field: "body", Code: CodeMessageTooLong, Max: maxText}
	}
	var c struct {
		CompanyID int64 `bun:"company_id"`
		Number    int64 `bun:"number"`
	}
	if err := db.NewSelect().TableExpr("complaints").Column("company_id", "number").
		Where("id = ?", complaintID).Scan(ctx, &c); err != nil {
		if errors.Is(err, domain.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("complaint: thread of %d: %w", complaintID, err)
	}
	m := &Message{ComplaintID: complaintID, Body: body}
	if authorID != 0 {
		var author struct {
			Name      string `bun:"name"`
			CompanyID *int64 `bun:"company_id"`
		}
		if err := db.NewSelect().TableExpr("users").Column("name", "company_id").
			Where("id = ?", authorID).Scan(ctx, &author); err != nil {
			if errors.Is(err, domain.ErrNoRows) {
				return nil, ErrNotFound
			}
			return nil, fmt.Errorf("complaint: message author: %w", err)
		}
		if author.CompanyID != nil && *author.CompanyID != c.CompanyID {
			return nil, ErrNotFound
		}
		m.AuthorID, m.AuthorName, m.AuthorStaff = &authorID, author.Name, author.CompanyID == nil
	}
	err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(m).ExcludeColumn("id", "created_at").Returning("id, created_at").Exec(ctx); err != nil {
			return fmt.Errorf("complaint: add message: %w", err)
		}
		return event.Emit(ctx, tx, c.CompanyID, event.ComplaintNote, map[string]any{
			"complaint": complaintID, "number": c.Number, "message": m.ID, "staff": m.AuthorStaff,
		})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Messages returns a complaint's thread, oldest first.
func Messages(ctx context.Context, db bun.IDB, complaintID int64) ([]Message, error) {
	var ms []Message
	err := db.NewSelect().Model(&ms).ColumnExpr("m.*").
		ColumnExpr("coalesce(u.name, '') AS author_name, (u.id IS NOT NULL AND u.company_id IS NULL) AS author_staff").
		Join("LEFT JOIN users u ON u.id = m.author_id").
		Where("m.complaint_id = ?", complaintID).OrderExpr("m.created_at, m.id").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("complaint: messages of %d: %w", complaintID, err)
	}
	return ms, nil
}

// Photos returns a complaint's photos in the order they were attached.
func Photos(ctx context.Context, db bun.IDB, complaintID int64) ([]StoredPhoto, error) {
	var rows []complaintPhoto
	if err := db.NewSelect().Model(&rows).Where("complaint_id = ?", complaintID).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("complaint: photos of %d: %w", complaintID, err)
	}
	ps := make([]StoredPhoto, len(rows))
	for i, r := range rows {
		ps[i] = StoredPhoto{FileName: r.FileName, ContentType: r.ContentType, Size: r.SizeBytes}
		if r.TelegramFileID != nil {
			ps[i].TelegramFileID = *r.TelegramFileID
		}
	}
	return ps, nil
}
