// Package admin is the distributor's administration: staff accounts, which
// staff member looks after which company, price groups, and the business
// calendars the complaint SLA clocks run on.
//
// Only admins come here. The portal shows the pages to admins only, and every
// change checks again, inside its transaction, that the one making it is an
// active admin: a session that outlived its admin role changes nothing.
package admin

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// ErrNotAdmin: the actor is not an active admin (any more).
var ErrNotAdmin = errors.New("admin: actor is not an active admin")

// FieldErrors: what was wrong in an admin form, by field (required, email,
// code_taken, ...).
type FieldErrors = domain.FieldErrors

// mustBeAdmin checks the actor and keeps their row from changing until the
// transaction ends, so two admins demoting each other at once cannot leave
// the distributor without one.
func mustBeAdmin(ctx context.Context, tx bun.Tx, actorID int64) error {
	var id int64
	err := tx.NewRaw("SELECT id FROM users WHERE id = ? AND active AND role = 'admin' FOR SHARE", actorID).Scan(ctx, &id)
	if errors.Is(err, domain.ErrNoRows) {
		return ErrNotAdmin
	}
	if err != nil {
		return fmt.Errorf("admin: check actor: %w", err)
	}
	return nil
}

// inTx runs fn as the actor in one transaction.
func inTx(ctx context.Context, db bun.IDB, actorID int64, fn func(ctx context.Context, tx bun.Tx) error) error {
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if err := mustBeAdmin(ctx, tx, actorID); err != nil {
			return err
		}
		return fn(ctx, tx)
	})
}
