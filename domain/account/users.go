package account

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// CompanyUsers lists a company's users, owners first.
func CompanyUsers(ctx context.Context, db bun.IDB, companyID int64) ([]*company.User, error) {
	var us []*company.User
	err := db.NewSelect().Model(&us).Where("company_id = ?", companyID).
		OrderExpr("active DESC, CASE role WHEN 'owner' THEN 0 WHEN 'buyer' THEN 1 ELSE 2 END, name").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("account: users: %w", err)
	}
	return us, nil
}

// PendingInvitations lists a company's invitations not yet used nor expired.
func PendingInvitations(ctx context.Context, db bun.IDB, companyID int64) ([]*Invitation, error) {
	var invs []*Invitation
	err := db.NewSelect().Model(&invs).Where("company_id = ? AND used_at IS NULL AND expires_at > now()", companyID).
		Order("created_at DESC").Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("account: invitations: %w", err)
	}
	return invs, nil
}

// UserChange is what an owner may change about a user of the company.
type UserChange struct {
	CompanyID      int64 // the acting owner's company: users of other companies are not found
	ActorID        int64
	UserID         int64
	Role           string
	Active         bool
	CanSeeInvoices bool
}

// ChangeUser sets a user's role, access to invoices and whether they may sign
// in. Deactivating ends the user's sessions at once. The company always keeps
// an active owner, and nobody changes their own role or access.
func ChangeUser(ctx context.Context, db bun.IDB, ch UserChange) error {
	if ch.UserID == ch.ActorID {
		return ErrSelf
	}
	if !validCompanyRole(ch.Role) {
		return ErrBadRole
	}
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if _, err := company.GetForUpdate(ctx, tx, ch.CompanyID); err != nil {
			return err
		}
		u := new(company.User)
		if err := tx.NewSelect().Model(u).Where("id = ? AND company_id = ?", ch.UserID, ch.CompanyID).Scan(ctx); err != nil {
			return company.ErrNotFound
		}
		if u.Role == company.RoleOwner && (ch.Role != company.RoleOwner || !ch.Active) {
			var owners int
			if err := tx.NewRaw("SELECT count(*) FROM users WHERE company_id = ? AND role = 'owner' AND active AND id <> ?",
				ch.CompanyID, u.ID).Scan(ctx, &owners); err != nil {
				return err
			}
			if owners == 0 {
				return ErrLastOwner
			}
		}
		seeInvoices := ch.CanSeeInvoices || ch.Role != company.RoleBuyer
		if _, err := tx.ExecContext(ctx, "UPDATE users SET role = ?, active = ?, can_see_invoices = ? WHERE id = ?",
			ch.Role, ch.Active, seeInvoices, u.ID); err != nil {
			return fmt.Errorf("account: change user: %w", err)
		}
		if !ch.Active {
			if _, err := tx.ExecContext(ctx, "UPDATE users SET telegram_chat_id = NULL, telegram_user_id = NULL WHERE id = ?", u.ID); err != nil {
				return err
			}
			return RevokeAll(ctx, tx, u.ID, "")
		}
		return nil
	})
}

// SetLanguage remembers a user's language.
func SetLanguage(ctx context.Context, db bun.IDB, userID int64, lang domain.Language) error {
	if _, ok := domain.ParseLanguage(string(lang)); !ok {
		return fmt.Errorf("account: unknown language %q", lang)
	}
	_, err := db.ExecContext(ctx, "UPDATE users SET language = ? WHERE id = ?", lang, userID)
	return err
}
