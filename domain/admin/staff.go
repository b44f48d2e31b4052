package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/event"
)

// StaffRoles are the roles a staff member may have.
var StaffRoles = []string{company.RoleManager, company.RoleAdmin}

// StillAssignedError refuses to deactivate someone who still looks after
// companies: the companies would be left without the person their customers
// and the SLA escalations rely on. Reassign them first.
type StillAssignedError struct {
	Companies int // as manager or backup
}

func (e *StillAssignedError) Error() string {
	return fmt.Sprintf("admin: staff member still assigned to %d companies", e.Companies)
}

// Staff is a staff member as the staff list shows them.
type Staff struct {
	company.User

	Managed int // companies they are the account manager of
	Backup  int // companies they are the backup of
}

// Assigned is how many companies rely on the staff member.
func (s *Staff) Assigned() int { return s.Managed + s.Backup }

// TelegramLinked tells whether handoff notices reach them on Telegram.
func (s *Staff) TelegramLinked() bool { return s.TelegramChatID != nil }

// ListStaff lists managers and admins, active ones first, by name.
func ListStaff(ctx context.Context, db bun.IDB) ([]*Staff, error) {
	var us []*company.User
	if err := db.NewSelect().Model(&us).Where("role IN ('manager', 'admin')").OrderExpr("active DESC, name, id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("admin: list staff: %w", err)
	}
	var counts []struct {
		ID      int64 `bun:"id"`
		Managed int   `bun:"managed"`
		Backup  int   `bun:"backup"`
	}
	err := db.NewRaw(`SELECT u.id,
		(SELECT count(*) FROM companies c WHERE c.manager_id = u.id) AS managed,
		(SELECT count(*) FROM companies c WHERE c.backup_manager_id = u.id) AS backup
		FROM users u WHERE u.role IN ('manager', 'admin')`).Scan(ctx, &counts)
	if err != nil && !errors.Is(err, domain.ErrNoRows) {
		return nil, fmt.Errorf("admin: count companies of staff: %w", err)
	}
	byID := make(map[int64]*Staff, len(us))
	out := make([]*Staff, len(us))
	for i, u := range us {
		out[i] = &Staff{User: *u}
		byID[u.ID] = out[i]
	}
	for _, c := range counts {
		if s := byID[c.ID]; s != nil {
			s.Managed, s.Backup = c.Managed, c.Backup
		}
	}
	return out, nil
}

// StaffInvitations lists staff invitations not yet used nor expired, newest first.
func StaffInvitations(ctx context.Context, db bun.IDB, now time.Time) ([]*account.Invitation, error) {
	var out []*account.Invitation
	err := db.NewSelect().Model(&out).Where("company_id IS NULL AND used_at IS NULL AND expires_at > ?", now).
		Order("created_at DESC").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("admin: staff invitations: %w", err)
	}
	return out, nil
}

// StaffInvite asks for a new manager or admin.
type StaffInvite struct {
	Email    string
	Name     string
	Role     string
	Language domain.Language
}

// InviteStaff records an invitation for a new staff member and returns the
// token of its one-time link. Refusals are FieldErrors on email, name, role.
func InviteStaff(ctx context.Context, db bun.IDB, actorID int64, in StaffInvite, now time.Time) (string, error) {
	if !isStaffRole(in.Role) {
		return "", FieldErrors{"role": "role"}
	}
	var token string
	err := inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		var err error
		token, err = account.Invite(ctx, tx, account.InviteRequest{Email: in.Email, Name: in.Name, Role: in.Role,
			Language: in.Language, InvitedBy: actorID}, now)
		switch {
		case errors.Is(err, account.ErrBadEmail):
			return FieldErrors{"email": "email"}
		case errors.Is(err, account.ErrEmailTaken):
			return FieldErrors{"email": "email_taken"}
		case errors.Is(err, account.ErrBadName):
			return FieldErrors{"name": "too_long"}
		case errors.Is(err, account.ErrBadRole):
			return FieldErrors{"role": "role"}
		}
		return err
	})
	return token, err
}

// lockStaff loads a staff member (manager or admin, active or not) and locks
// their row; company.ErrNotFound for anyone else.
func lockStaff(ctx context.Context, tx bun.Tx, id int64) (*company.User, error) {
	u := new(company.User)
	err := tx.NewSelect().Model(u).Where("id = ? AND role IN ('manager', 'admin')", id).For("UPDATE").Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, company.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("admin: lock staff %d: %w", id, err)
	}
	return u, nil
}

// ChangeRole makes a staff member a manager or an admin. Nobody changes their
// own role, so there is always an admin left to undo a mistake.
func ChangeRole(ctx context.Context, db bun.IDB, actorID, userID int64, role string) error {
	if !isStaffRole(role) {
		return FieldErrors{"role": "role"}
	}
	if actorID == userID {
		return account.ErrSelf
	}
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		if _, err := lockStaff(ctx, tx, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET role = ? WHERE id = ?", role, userID); err != nil {
			return fmt.Errorf("admin: change role of %d: %w", userID, err)
		}
		return nil
	})
}

// Deactivate stops a staff member from signing in: their sessions end at
// once, their Telegram chat is unlinked (no more handoff notices there) and
// the handoffs they had taken go back to waiting for the companies' managers.
// Someone who is still manager or backup of a company is refused with
// *StillAssignedError; nobody deactivates themselves.
func Deactivate(ctx context.Context, db bun.IDB, actorID, userID int64) error {
	if actorID == userID {
		return account.ErrSelf
	}
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		// Assigning a company locks the staff rows it names (FOR SHARE), so
		// with this row locked no assignment can slip in before the count.
		u, err := lockStaff(ctx, tx, userID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.NewRaw("SELECT count(*) FROM companies WHERE manager_id = ?0 OR backup_manager_id = ?0", u.ID).Scan(ctx, &n); err != nil {
			return fmt.Errorf("admin: count companies of %d: %w", u.ID, err)
		}
		if n > 0 {
			return &StillAssignedError{Companies: n}
		}
		if !u.Active {
			return nil
		}
		if u.TelegramChatID != nil {
			if err := chat.Unlink(ctx, tx, *u.TelegramChatID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = false, telegram_chat_id = NULL, telegram_user_id = NULL,
			telegram_username = '' WHERE id = ?`, u.ID); err != nil {
			return fmt.Errorf("admin: deactivate %d: %w", u.ID, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE telegram_link_tokens SET used_at = now() WHERE user_id = ? AND used_at IS NULL", u.ID); err != nil {
			return fmt.Errorf("admin: deactivate %d: link tokens: %w", u.ID, err)
		}
		if err := releaseHandoffs(ctx, tx, u.ID); err != nil {
			return err
		}
		return account.RevokeAll(ctx, tx, u.ID, "")
	})
}

// releaseHandoffs puts the conversations a staff member had taken back in the
// inbox, for the companies' managers to pick up.
func releaseHandoffs(ctx context.Context, tx bun.Tx, userID int64) error {
	var rows []struct {
		ID        int64  `bun:"id"`
		CompanyID *int64 `bun:"company_id"`
		Reason    string `bun:"reason"`
	}
	err := tx.NewRaw(`UPDATE handoffs SET status = 'waiting', manager_id = NULL, taken_at = NULL
		WHERE manager_id = ? AND status = 'taken' RETURNING id, company_id, reason`, userID).Scan(ctx, &rows)
	if err != nil && !errors.Is(err, domain.ErrNoRows) {
		return fmt.Errorf("admin: release handoffs of %d: %w", userID, err)
	}
	evs := make([]event.New, 0, len(rows))
	for _, h := range rows {
		evs = append(evs, event.New{CompanyID: idOf(h.CompanyID), Kind: event.HandoffChanged,
			Payload: map[string]any{"handoff": h.ID, "status": chat.HandoffWaiting, "reason": h.Reason}})
	}
	return event.EmitMany(ctx, tx, evs)
}

// Reactivate lets a deactivated staff member sign in again. Their old
// sessions stay ended; they sign in anew.
func Reactivate(ctx context.Context, db bun.IDB, actorID, userID int64) error {
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		if _, err := lockStaff(ctx, tx, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE users SET active = true WHERE id = ?", userID); err != nil {
			return fmt.Errorf("admin: reactivate %d: %w", userID, err)
		}
		return nil
	})
}

func isStaffRole(role string) bool {
	return role == company.RoleManager || role == company.RoleAdmin
}
