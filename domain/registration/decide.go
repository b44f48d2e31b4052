package registration

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
	"partnerdesk/domain/event"
)

// Errors of decisions.
var (
	// ErrNotPending: the company was already approved or rejected (or was
	// never an application); a decision is taken once.
	ErrNotPending = errors.New("registration: company is not pending")
	// ErrNotStaff: only an active staff member decides.
	ErrNotStaff = errors.New("registration: decided by someone who is not active staff")
)

// Limits of the commercial terms (the schema's CHECKs, plus a ceiling on the
// credit limit that catches a slip of the keyboard).
const (
	MaxPaymentTermsDays = 180
	MaxCreditLimit      = 100_000_000_00 // in minor units: 100 million in any of our currencies
	maxReason           = 1000
)

// ApproveInput is what the approving staff member decides.
type ApproveInput struct {
	PriceGroupID     int64 // 0 = no group (list prices)
	PaymentTermsDays int
	CreditLimit      int64 // minor units of the company's currency
	ManagerID        int64 // required
	BackupManagerID  int64 // 0 = none
	// OwnerEmail is where the owner invitation goes; "" = the contact person's
	// e-mail. Staff change it when that address already has an account.
	OwnerEmail string
}

// Approval is the outcome of Approve.
type Approval struct {
	CompanyID int64
	Email     string // the invited owner
	Token     string // for the invitation link; shown once, stored only as a hash
}

// Approve activates a pending company with the given terms and managers and
// invites its contact person as the company's owner, in one transaction. A
// company that is not pending gives ErrNotPending; invalid terms FieldErrors
// (fields price_group, payment_terms_days, credit_limit, manager, backup,
// owner_email).
func Approve(ctx context.Context, db bun.IDB, companyID int64, in ApproveInput, approverID int64, now time.Time) (*Approval, error) {
	var out *Approval
	err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if err := mustBeStaff(ctx, tx, approverID); err != nil {
			return err
		}
		c, err := lockPending(ctx, tx, companyID)
		if err != nil {
			return err
		}
		email := company.NormalizeEmail(in.OwnerEmail)
		if email == "" {
			email = c.ContactEmail
		}
		if errs, err := checkTerms(ctx, tx, in, email); err != nil {
			return err
		} else if len(errs) > 0 {
			return errs
		}
		var group, backup any
		if in.PriceGroupID != 0 {
			group = in.PriceGroupID
		}
		if in.BackupManagerID != 0 {
			backup = in.BackupManagerID
		}
		_, err = tx.ExecContext(ctx, `UPDATE companies SET status = 'active', status_reason = '', approved_at = ?,
			price_group_id = ?, payment_terms_days = ?, credit_limit = ?, manager_id = ?, backup_manager_id = ?
			WHERE id = ?`, now, group, in.PaymentTermsDays, in.CreditLimit, in.ManagerID, backup, c.ID)
		if err != nil {
			return fmt.Errorf("registration: approve %d: %w", c.ID, err)
		}
		token, err := account.Invite(ctx, tx, account.InviteRequest{CompanyID: c.ID, Email: email, Name: c.ContactName,
			Role: company.RoleOwner, Language: c.Language, InvitedBy: approverID}, now)
		switch {
		case errors.Is(err, account.ErrEmailTaken):
			return FieldErrors{"owner_email": "email_taken"}
		case errors.Is(err, account.ErrBadEmail):
			return FieldErrors{"owner_email": "email"}
		case err != nil:
			return err
		}
		if err := decided(ctx, tx, c, "approved", approverID, now); err != nil {
			return err
		}
		out = &Approval{CompanyID: c.ID, Email: email, Token: token}
		return event.Emit(ctx, tx, c.ID, event.CompanyChanged, map[string]any{"status": company.StatusActive})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Reject turns a pending application down. The reason is required (field
// "reason"); it is kept with the company for whoever deals with it next.
func Reject(ctx context.Context, db bun.IDB, companyID int64, reason string, approverID int64, now time.Time) error {
	reason = clean(reason, true)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return FieldErrors{"reason": "required"}
	case n > maxReason:
		return FieldErrors{"reason": "too_long"}
	}
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if err := mustBeStaff(ctx, tx, approverID); err != nil {
			return err
		}
		c, err := lockPending(ctx, tx, companyID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE companies SET status = 'rejected', status_reason = ? WHERE id = ?", reason, c.ID); err != nil {
			return fmt.Errorf("registration: reject %d: %w", c.ID, err)
		}
		if err := decided(ctx, tx, c, "rejected", approverID, now); err != nil {
			return err
		}
		return event.Emit(ctx, tx, c.ID, event.CompanyChanged, map[string]any{"status": company.StatusRejected})
	})
}

func mustBeStaff(ctx context.Context, tx bun.Tx, userID int64) error {
	var ok bool
	err := tx.NewRaw("SELECT EXISTS (SELECT 1 FROM users WHERE id = ? AND active AND role IN ('manager', 'admin'))", userID).Scan(ctx, &ok)
	if err != nil {
		return fmt.Errorf("registration: check staff: %w", err)
	}
	if !ok {
		return ErrNotStaff
	}
	return nil
}

// lockPending locks the company's row, so two staff members deciding at once
// take turns, and the second one finds it no longer pending.
func lockPending(ctx context.Context, tx bun.Tx, id int64) (*company.Company, error) {
	c, err := company.GetForUpdate(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if c.Status != company.StatusPending {
		return nil, ErrNotPending
	}
	return c, nil
}

// checkTerms validates the approval's terms against the schema's rules and
// the price groups and staff that exist.
func checkTerms(ctx context.Context, tx bun.Tx, in ApproveInput, email string) (FieldErrors, error) {
	errs := FieldErrors{}
	if in.PaymentTermsDays < 0 || in.PaymentTermsDays > MaxPaymentTermsDays {
		errs["payment_terms_days"] = "terms_range"
	}
	if in.CreditLimit < 0 || in.CreditLimit > MaxCreditLimit {
		errs["credit_limit"] = "credit_range"
	}
	if !LooksLikeEmail(email) {
		errs["owner_email"] = "email"
	}
	var group, manager, backup bool
	err := tx.NewRaw(`SELECT EXISTS (SELECT 1 FROM price_groups WHERE id = ?0),
		EXISTS (SELECT 1 FROM users WHERE id = ?1 AND active AND role IN ('manager', 'admin')),
		EXISTS (SELECT 1 FROM users WHERE id = ?2 AND active AND role IN ('manager', 'admin'))`,
		in.PriceGroupID, in.ManagerID, in.BackupManagerID).Scan(ctx, &group, &manager, &backup)
	if err != nil {
		return nil, fmt.Errorf("registration: check terms: %w", err)
	}
	if in.PriceGroupID != 0 && !group {
		errs["price_group"] = "unknown_group"
	}
	switch {
	case in.ManagerID == 0:
		errs["manager"] = "required"
	case !manager:
		errs["manager"] = "staff"
	}
	switch {
	case in.BackupManagerID == 0:
	case in.BackupManagerID == in.ManagerID:
		errs["backup"] = "backup_same"
	case !backup:
		errs["backup"] = "staff"
	}
	return errs, nil
}

// decided records who took the decision and when.
func decided(ctx context.Context, tx bun.Tx, c *company.Company, decision string, by int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO registrations (company_id, submitted_at, decision, decided_by, decided_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (company_id) DO UPDATE SET decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at`,
		c.ID, c.CreatedAt, decision, by, now)
	if err != nil {
		return fmt.Errorf("registration: record decision: %w", err)
	}
	return nil
}
