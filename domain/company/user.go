package company

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Roles. Company users have owner, buyer or accountant; staff are manager or admin.
const (
	RoleOwner      = "owner"
	RoleBuyer      = "buyer"
	RoleAccountant = "accountant"
	RoleManager    = "manager"
	RoleAdmin      = "admin"
)

// User is a person who signs in: a customer company's user or a staff member.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID               int64           `bun:"id,pk,autoincrement"`
	CompanyID        *int64          `bun:"company_id"`
	Email            string          `bun:"email"`
	Name             string          `bun:"name"`
	Phone            string          `bun:"phone"`
	Role             string          `bun:"role"`
	Language         domain.Language `bun:"language"`
	PasswordHash     string          `bun:"password_hash"`
	Active           bool            `bun:"active"`
	CanSeeInvoices   bool            `bun:"can_see_invoices"`
	TelegramChatID   *int64          `bun:"telegram_chat_id"`
	TelegramUserID   *int64          `bun:"telegram_user_id"`
	TelegramUsername string          `bun:"telegram_username"`
	LastSignInAt     *time.Time      `bun:"last_sign_in_at"`
	CreatedAt        time.Time       `bun:"created_at,nullzero,default:now()"`
}

// IsStaff tells whether the user works for the distributor.
func (u *User) IsStaff() bool { return u.Role == RoleManager || u.Role == RoleAdmin }

// CanOrder tells whether the user may place orders for the company.
func (u *User) CanOrder() bool { return u.Role == RoleOwner || u.Role == RoleBuyer }

// CanSeeFinance tells whether the user may see invoices, payments and balance details.
func (u *User) CanSeeFinance() bool {
	return u.Role == RoleOwner || u.Role == RoleAccountant || (u.Role == RoleBuyer && u.CanSeeInvoices) || u.IsStaff()
}

// NormalizeEmail is how e-mail addresses are stored and compared.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// GetUser loads a user by id.
func GetUser(ctx context.Context, db bun.IDB, id int64) (*User, error) {
	u := new(User)
	if err := getUser.Get(ctx, db, []any{u}, id); err != nil {
		return nil, notFound(err, "user: get %d", id)
	}
	return u, nil
}

// getUser is prepared: every signed-in page view loads its user.
var getUser = domain.PrepareWith(func(db *bun.DB) string {
	return db.NewSelect().Model((*User)(nil)).Where("id = $1").String()
})

// GetUserByEmail loads a user by e-mail address.
func GetUserByEmail(ctx context.Context, db bun.IDB, email string) (*User, error) {
	u := new(User)
	if err := db.NewSelect().Model(u).Where("email = ?", NormalizeEmail(email)).Scan(ctx); err != nil {
		return nil, notFound(err, "user: by email")
	}
	return u, nil
}

// UserByTelegramChat finds the active user linked to a Telegram chat.
func UserByTelegramChat(ctx context.Context, db bun.IDB, chatID int64) (*User, error) {
	u := new(User)
	if err := db.NewSelect().Model(u).Where("telegram_chat_id = ? AND active", chatID).Scan(ctx); err != nil {
		return nil, notFound(err, "user: by telegram chat")
	}
	return u, nil
}
