package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// Errors of invitations and user management.
var (
	ErrEmailTaken        = errors.New("account: e-mail already has an account")
	ErrBadEmail          = errors.New("account: not an e-mail address")
	ErrBadRole           = errors.New("account: role not allowed here")
	ErrBadName           = errors.New("account: name missing or too long")
	ErrInvitationInvalid = errors.New("account: invitation unknown, used or expired")
	ErrLastOwner         = errors.New("account: a company needs an active owner")
	ErrSelf              = errors.New("account: cannot change your own role or access")
)

// Invitation is a one-time link for a new user.
type Invitation struct {
	bun.BaseModel `bun:"table:invitations"`

	ID        int64           `bun:"id,pk,autoincrement"`
	TokenHash []byte          `bun:"token_hash"`
	CompanyID *int64          `bun:"company_id"`
	Email     string          `bun:"email"`
	Name      string          `bun:"name"`
	Role      string          `bun:"role"`
	Language  domain.Language `bun:"language"`
	InvitedBy *int64          `bun:"invited_by"`
	CreatedAt time.Time       `bun:"created_at,nullzero,default:now()"`
	ExpiresAt time.Time       `bun:"expires_at"`
	UsedAt    *time.Time      `bun:"used_at"`
}

// InviteRequest asks to add a user. CompanyID 0 invites staff (manager/admin).
type InviteRequest struct {
	CompanyID int64
	Email     string
	Name      string
	Role      string
	Language  domain.Language
	InvitedBy int64
}

// CompanyRoles are the roles a company user may have.
var CompanyRoles = []string{company.RoleOwner, company.RoleBuyer, company.RoleAccountant}

// Invite records an invitation and returns the token for the link.
func Invite(ctx context.Context, db bun.IDB, req InviteRequest, now time.Time) (string, error) {
	email := company.NormalizeEmail(req.Email)
	if !looksLikeEmail(email) {
		return "", ErrBadEmail
	}
	if n := len([]rune(strings.TrimSpace(req.Name))); n > 200 {
		return "", ErrBadName
	}
	staff := req.Role == company.RoleManager || req.Role == company.RoleAdmin
	if (req.CompanyID == 0) != staff || (!staff && !validCompanyRole(req.Role)) {
		return "", ErrBadRole
	}
	if _, ok := domain.ParseLanguage(string(req.Language)); !ok {
		req.Language = domain.Polish
	}
	if _, err := company.GetUserByEmail(ctx, db, email); err == nil {
		return "", ErrEmailTaken
	} else if !errors.Is(err, company.ErrNotFound) {
		return "", err
	}
	token := NewToken(32)
	inv := &Invitation{TokenHash: HashToken(token), Email: email, Name: strings.TrimSpace(req.Name), Role: req.Role,
		Language: req.Language, ExpiresAt: now.Add(InvitationTTL)}
	if req.CompanyID != 0 {
		inv.CompanyID = &req.CompanyID
	}
	if req.InvitedBy != 0 {
		inv.InvitedBy = &req.InvitedBy
	}
	if _, err := db.NewInsert().Model(inv).ExcludeColumn("id", "created_at").Exec(ctx); err != nil {
		return "", fmt.Errorf("account: invite: %w", err)
	}
	return token, nil
}

// PendingInvitation returns a usable invitation by its token.
func PendingInvitation(ctx context.Context, db bun.IDB, token string, now time.Time) (*Invitation, error) {
	inv := new(Invitation)
	err := db.NewSelect().Model(inv).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", HashToken(token), now).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrInvitationInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("account: invitation: %w", err)
	}
	return inv, nil
}

// AcceptInvitation creates the user with the chosen name and password, once.
func AcceptInvitation(ctx context.Context, db bun.IDB, token, name, password string, now time.Time) (*company.User, error) {
	name = strings.TrimSpace(name)
	if n := len([]rune(name)); n == 0 || n > 200 {
		return nil, ErrBadName
	}
	if err := CheckNewPassword(password); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	var u *company.User
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		inv := new(Invitation)
		err := tx.NewSelect().Model(inv).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", HashToken(token), now).
			For("UPDATE").Scan(ctx)
		if errors.Is(err, domain.ErrNoRows) {
			return ErrInvitationInvalid
		}
		if err != nil {
			return err
		}
		u = &company.User{CompanyID: inv.CompanyID, Email: inv.Email, Name: name, Role: inv.Role, Language: inv.Language,
			PasswordHash: hash, Active: true, CanSeeInvoices: inv.Role != company.RoleBuyer}
		if _, err := tx.NewInsert().Model(u).ExcludeColumn("id", "created_at", "last_sign_in_at").Returning("id").Exec(ctx); err != nil {
			if domain.IsUniqueViolation(err, "users_email_key") {
				return ErrEmailTaken
			}
			return fmt.Errorf("account: create user: %w", err)
		}
		_, err = tx.NewUpdate().Model(inv).Set("used_at = ?", now).WherePK().Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func validCompanyRole(role string) bool {
	for _, r := range CompanyRoles {
		if r == role {
			return true
		}
	}
	return false
}

func looksLikeEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-3 && strings.Contains(s[at:], ".") && len(s) <= 254 && !strings.ContainsAny(s, " \t\r\n<>\"")
}
