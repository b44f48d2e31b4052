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
)

// ErrStage: the complaint cannot move to that stage from where it is.
var ErrStage = errors.New("complaint: stage change not allowed")

// Acknowledge tells the customer that a manager has seen the complaint; it
// stops the acknowledgement clock. Only a submitted complaint can be
// acknowledged.
func Acknowledge(ctx context.Context, db bun.IDB, id int64, now time.Time) error {
	return move(ctx, db, id, now, func(c *Complaint) error {
		if c.Stage != StageSubmitted {
			return fmt.Errorf("%w: %s → %s", ErrStage, c.Stage, StageAcknowledged)
		}
		c.Stage, c.AcknowledgedAt = StageAcknowledged, &now
		return nil
	})
}

// StartReview puts a submitted or acknowledged complaint in review. Starting
// the review of a submitted complaint acknowledges it too.
func StartReview(ctx context.Context, db bun.IDB, id int64, now time.Time) error {
	return move(ctx, db, id, now, func(c *Complaint) error {
		if c.Stage != StageSubmitted && c.Stage != StageAcknowledged {
			return fmt.Errorf("%w: %s → %s", ErrStage, c.Stage, StageInReview)
		}
		c.Stage = StageInReview
		if c.AcknowledgedAt == nil {
			c.AcknowledgedAt = &now
		}
		return nil
	})
}

// Resolve decides an open complaint: replacement, credit note, or rejected
// (which needs a note saying why, shown to the customer). A manager may decide
// at any open stage: an obvious case needs no separate review, and deciding
// acknowledges the complaint if nobody had. Validation failures are *FieldError.
func Resolve(ctx context.Context, db bun.IDB, id int64, resolution, note string, now time.Time) error {
	note = strings.TrimSpace(note)
	switch {
	case !slices.Contains(Resolutions, resolution):
		return &FieldError{Field: "resolution", Code: CodeResolutionInvalid}
	case resolution == ResolutionRejected && note == "":
		return &FieldError{Field: "note", Code: CodeNoteRequired}
	case utf8.RuneCountInString(note) > maxText:
		return &FieldError{Field: "note", Code: CodeNoteTooLong, Max: maxText}
	}
	return move(ctx, db, id, now, func(c *Complaint) error {
		if !c.Open() {
			return fmt.Errorf("%w: %s → %s", ErrStage, c.Stage, StageResolved)
		}
		c.Stage, c.Resolution, c.ResolutionNote, c.ResolvedAt = StageResolved, &resolution, note, &now
		if c.AcknowledgedAt == nil {
			c.AcknowledgedAt = &now
		}
		return nil
	})
}

// move locks a complaint, lets change update it and saves the stage columns
// with an event, in one transaction.
func move(ctx context.Context, db bun.IDB, id int64, now time.Time, change func(*Complaint) error) error {
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		c := new(Complaint)
		if err := tx.NewSelect().Model(c).Where("id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			if errors.Is(err, domain.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("complaint: lock %d: %w", id, err)
		}
		if err := change(c); err != nil {
			return err
		}
		c.UpdatedAt = now
		_, err := tx.NewUpdate().Model(c).
			Column("stage", "resolution", "resolution_note", "acknowledged_at", "resolved_at", "updated_at").
			WherePK().Exec(ctx)
		if err != nil {
			return fmt.Errorf("complaint: update stage of %d: %w", id, err)
		}
		return emitStage(ctx, tx, c)
	})
}
