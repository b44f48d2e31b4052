package complaint

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
	"partnerdesk/domain/order"
)

// Draft is a complaint as the customer filled it in, on the portal or in the bot.
type Draft struct {
	CompanyID, UserID int64
	Channel           string
	OrderNumber       int64
	LineID            int64 // order_lines.id
	Qty               int
	Reason            string
	Description       string
	Photos            []StoredPhoto // already saved with PhotoStore.Save
}

// FieldError is a validation failure. The portal and the bot show it as the
// message "complaint_error_" + Code, with Max as template data where it
// matters (see the codes below: units still claimable, characters, photos,
// MiB, pixels).
type FieldError struct {
	Field, Code string
	Max         int
}

func (e *FieldError) Error() string {
	if e.Max != 0 {
		return fmt.Sprintf("complaint: %s: %s (max %d)", e.Field, e.Code, e.Max)
	}
	return fmt.Sprintf("complaint: %s: %s", e.Field, e.Code)
}

// Is makes the not-found failures match ErrNotFound, so a handler may answer
// 404 for another company's order without knowing the codes.
func (e *FieldError) Is(target error) bool {
	return target == ErrNotFound && (e.Code == CodeOrderNotFound || e.Code == CodeLineNotFound)
}

// Validation codes (message ids are "complaint_error_" + code).
const (
	CodeOrderNotFound        = "order_not_found"        // no such order for this company
	CodeOrderNotComplainable = "order_not_complainable" // not shipped or delivered yet, or cancelled
	CodeLineNotFound         = "line_not_found"         // the line is not on that order
	CodeLineClaimed          = "line_claimed"           // every unit of the line is already claimed
	CodeQtyInvalid           = "qty_invalid"            // outside 1..Max
	CodeReasonInvalid        = "reason_invalid"
	CodeDescriptionTooLong   = "description_too_long" // Max characters
	CodeTooManyPhotos        = "too_many_photos"      // Max photos
	CodeMessageEmpty         = "message_empty"
	CodeMessageTooLong       = "message_too_long" // Max characters
	CodeResolutionInvalid    = "resolution_invalid"
	CodeNoteRequired         = "note_required"          // a rejection must say why
	CodeNoteTooLong          = "note_too_long"          // Max characters
	CodePhotoType            = "photo_type"             // not a JPEG, PNG or GIF image
	CodePhotoTooBig          = "photo_too_big"          // over Max MiB
	CodePhotoTooManyPixels   = "photo_too_large_pixels" // over Max pixels
)

// complainable are the order statuses a complaint may be made against: the
// goods have left the warehouse. Before that the customer changes or cancels
// the order instead; a cancelled order has nothing to complain about.
var complainable = []string{order.StatusShipped, order.StatusDelivered}

// Create validates a draft and stores it as a new complaint with its SLA
// deadlines, computed from now in the business calendar of the company's
// country. Validation failures are *FieldError. It runs in the caller's
// transaction when db is one (as a savepoint), else in its own.
func Create(ctx context.Context, db bun.IDB, d Draft, now time.Time) (*Complaint, error) {
	if d.Channel != ChannelPortal && d.Channel != ChannelBot {
		return nil, fmt.Errorf("complaint: unknown channel %q", d.Channel)
	}
	d.Description = strings.TrimSpace(d.Description)
	if err := d.validate(); err != nil {
		return nil, err
	}
	c := &Complaint{
		CompanyID: d.CompanyID, Channel: d.Channel, Qty: d.Qty, Reason: d.Reason, Description: d.Description,
		Stage: StageSubmitted, CreatedAt: now, UpdatedAt: now,
	}
	if d.UserID != 0 {
		c.UserID = &d.UserID
	}
	err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		c.ID, c.Number = 0, 0 // a retried transaction starts over
		var country string
		if err := tx.NewSelect().TableExpr("companies").Column("country").Where("id = ?", d.CompanyID).Scan(ctx, &country); err != nil {
			if errors.Is(err, domain.ErrNoRows) {
				return &FieldError{Field: "order", Code: CodeOrderNotFound}
			}
			return fmt.Errorf("complaint: company: %w", err)
		}
		line, err := lockLine(ctx, tx, d)
		if err != nil {
			return err
		}
		c.OrderID, c.OrderLineID, c.OrderNumber, c.SKU, c.ProductName = line.OrderID, line.ID, d.OrderNumber, line.SKU, line.Name
		cal, err := LoadCalendar(ctx, tx, country)
		if err != nil {
			return err
		}
		c.AckDueAt, c.DecisionDueAt = cal.Deadlines(now)
		if _, err := tx.NewInsert().Model(c).ExcludeColumn("id", "number").Returning("id, number").Exec(ctx); err != nil {
			return fmt.Errorf("complaint: insert: %w", err)
		}
		if err := attachPhotos(ctx, tx, c.ID, d.Photos); err != nil {
			return err
		}
		return emitStage(ctx, tx, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// validate checks what needs no database.
func (d *Draft) validate() error {
	switch {
	case !slices.Contains(Reasons, d.Reason):
		return &FieldError{Field: "reason", Code: CodeReasonInvalid}
	case utf8.RuneCountInString(d.Description) > maxText:
		return &FieldError{Field: "description", Code: CodeDescriptionTooLong, Max: maxText}
	case len(d.Photos) > MaxPhotos:
		return &FieldError{Field: "photos", Code: CodeTooManyPhotos, Max: MaxPhotos}
	}
	for _, p := range d.Photos {
		if !photoName.MatchString(p.FileName) || p.Size <= 0 {
			return fmt.Errorf("complaint: photo %q was not saved by PhotoStore", p.FileName)
		}
	}
	return nil
}

// lockedLine is the order line a draft claims, locked until the transaction
// ends so two complaints cannot both claim the last units.
type lockedLine struct {
	ID      int64  `bun:"id"`
	OrderID int64  `bun:"order_id"`
	SKU     string `bun:"sku"`
	Name    string `bun:"name"`
	Qty     int    `bun:"qty"`
	Claimed int    `bun:"claimed"`
}

// lockLine finds the draft's order and line within the company and checks the
// quantity against what other complaints already claim.
func lockLine(ctx context.Context, tx bun.Tx, d Draft) (*lockedLine, error) {
	var o struct {
		ID     int64  `bun:"id"`
		Status string `bun:"status"`
	}
	err := tx.NewSelect().TableExpr("orders").Column("id", "status").
		Where("company_id = ? AND number = ?", d.CompanyID, d.OrderNumber).Scan(ctx, &o)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, &FieldError{Field: "order", Code: CodeOrderNotFound}
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: order: %w", err)
	}
	if !slices.Contains(complainable, o.Status) {
		return nil, &FieldError{Field: "order", Code: CodeOrderNotComplainable}
	}
	var l lockedLine
	err = tx.NewSelect().TableExpr("order_lines").Column("id", "order_id", "sku", "name", "qty").
		Where("id = ? AND order_id = ?", d.LineID, o.ID).For("UPDATE").Scan(ctx, &l)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, &FieldError{Field: "line", Code: CodeLineNotFound}
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: order line: %w", err)
	}
	// Read after taking the lock: a complaint committed meanwhile is counted.
	if err := tx.NewSelect().TableExpr("complaints").ColumnExpr("coalesce(sum(qty), 0)").
		Where("order_line_id = ? AND "+claimsQty, l.ID).Scan(ctx, &l.Claimed); err != nil {
		return nil, fmt.Errorf("complaint: claimed quantity: %w", err)
	}
	left := l.Qty - l.Claimed
	switch {
	case left <= 0:
		return nil, &FieldError{Field: "qty", Code: CodeLineClaimed}
	case d.Qty < 1 || d.Qty > left:
		return nil, &FieldError{Field: "qty", Code: CodeQtyInvalid, Max: left}
	}
	return &l, nil
}

// claimsQty tells which complaints hold units of their line: all but the
// rejected ones (a rejected claim frees its units for a better-founded one).
const claimsQty = "resolution IS DISTINCT FROM 'rejected'"

// complaintPhoto is a row of complaint_photos.
type complaintPhoto struct {
	bun.BaseModel `bun:"table:complaint_photos"`

	ID             int64   `bun:"id,pk,autoincrement"`
	ComplaintID    int64   `bun:"complaint_id"`
	FileName       string  `bun:"file_name"`
	ContentType    string  `bun:"content_type"`
	SizeBytes      int     `bun:"size_bytes"`
	TelegramFileID *string `bun:"telegram_file_id"`
}

func attachPhotos(ctx context.Context, tx bun.Tx, complaintID int64, photos []StoredPhoto) error {
	if len(photos) == 0 {
		return nil
	}
	rows := make([]complaintPhoto, len(photos))
	for i, p := range photos {
		rows[i] = complaintPhoto{ComplaintID: complaintID, FileName: p.FileName, ContentType: p.ContentType, SizeBytes: p.Size}
		if p.TelegramFileID != "" {
			rows[i].TelegramFileID = &p.TelegramFileID
		}
	}
	if _, err := tx.NewInsert().Model(&rows).ExcludeColumn("id").Exec(ctx); err != nil {
		return fmt.Errorf("complaint: attach photos: %w", err)
	}
	return nil
}

// emitStage tells the customer's sessions and the desk that a complaint
// entered its current stage.
func emitStage(ctx context.Context, db bun.IDB, c *Complaint) error {
	payload := map[string]any{"complaint": c.ID, "number": c.Number, "stage": c.Stage}
	if c.Resolution != nil {
		payload["resolution"] = *c.Resolution
	}
	return event.Emit(ctx, db, c.CompanyID, event.ComplaintStage, payload)
}
