// Package company holds customer companies, their users and the distributor's
// staff who look after them.
package company

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Status of a company account.
const (
	StatusPending  = "pending"
	StatusActive   = "active"
	StatusBlocked  = "blocked"
	StatusRejected = "rejected"
)

// ErrNotFound is returned for a company or user that does not exist or is not
// visible to the caller; pages answer it with 404.
var ErrNotFound = errors.New("not found")

// Company is a customer firm.
type Company struct {
	bun.BaseModel `bun:"table:companies"`

	ID               int64           `bun:"id,pk,autoincrement"`
	Country          string          `bun:"country"`
	TaxID            string          `bun:"tax_id"`
	Name             string          `bun:"name"`
	BillingAddress   string          `bun:"billing_address"`
	DeliveryAddress  string          `bun:"delivery_address"`
	Currency         domain.Currency `bun:"currency"`
	Language         domain.Language `bun:"language"`
	PriceGroupID     *int64          `bun:"price_group_id"`
	PaymentTermsDays int             `bun:"payment_terms_days"`
	CreditLimit      int64           `bun:"credit_limit"`
	Segment          string          `bun:"segment"`
	LoyaltyTier      *string         `bun:"loyalty_tier"`
	ManagerID        *int64          `bun:"manager_id"`
	BackupManagerID  *int64          `bun:"backup_manager_id"`
	Status           string          `bun:"status"`
	StatusReason     string          `bun:"status_reason"`
	ContactName      string          `bun:"contact_name"`
	ContactEmail     string          `bun:"contact_email"`
	ContactPhone     string          `bun:"contact_phone"`
	NextContactOn    *time.Time      `bun:"next_contact_on,type:date"`
	CreatedAt        time.Time       `bun:"created_at,nullzero,default:now()"`
	ApprovedAt       *time.Time      `bun:"approved_at"`
}

// Tier is the company's loyalty tier code, "" when it has none.
func (c *Company) Tier() string {
	if c.LoyaltyTier == nil {
		return ""
	}
	return *c.LoyaltyTier
}

// Get loads a company by id.
func Get(ctx context.Context, db bun.IDB, id int64) (*Company, error) {
	c := new(Company)
	if err := getCompany.Get(ctx, db, []any{c}, id); err != nil {
		return nil, notFound(err, "company: get %d", id)
	}
	return c, nil
}

// getCompany is prepared: every signed-in page view loads its company.
var getCompany = domain.PrepareWith(func(db *bun.DB) string {
	return db.NewSelect().Model((*Company)(nil)).Where("id = $1").String()
})

// GetForUpdate loads a company and locks its row until the transaction ends.
// Ordering and credit decisions for one company take this lock, so they happen
// one at a time per company and never overspend its credit.
func GetForUpdate(ctx context.Context, tx bun.Tx, id int64) (*Company, error) {
	c := new(Company)
	if err := lockCompany.Get(ctx, tx, []any{c}, id); err != nil {
		return nil, notFound(err, "company: lock %d", id)
	}
	return c, nil
}

// lockCompany is prepared: every order takes the lock.
var lockCompany = domain.PrepareWith(func(db *bun.DB) string {
	return db.NewSelect().Model((*Company)(nil)).Where("id = $1").For("UPDATE").String()
})

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, domain.ErrNoRows) {
		return ErrNotFound
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// Managers returns the company's account manager and backup (either may be nil).
func Managers(ctx context.Context, db bun.IDB, c *Company) (manager, backup *User, err error) {
	if c.ManagerID != nil {
		if manager, err = GetUser(ctx, db, *c.ManagerID); err != nil {
			return nil, nil, err
		}
	}
	if c.BackupManagerID != nil {
		if backup, err = GetUser(ctx, db, *c.BackupManagerID); err != nil {
			return nil, nil, err
		}
	}
	return manager, backup, nil
}

// IDByTaxID finds a company by country and normalized tax ID.
func IDByTaxID(ctx context.Context, db bun.IDB, country, taxID string) (int64, error) {
	var id int64
	if err := db.NewRaw("SELECT id FROM companies WHERE country = ? AND tax_id = ?", country, taxID).Scan(ctx, &id); err != nil {
		return 0, notFound(err, "company: by tax id")
	}
	return id, nil
}

// AssignedTo returns the ids of companies a manager looks after, as manager or backup.
func AssignedTo(ctx context.Context, db bun.IDB, managerID int64) ([]int64, error) {
	var ids []int64
	if err := db.NewRaw("SELECT id FROM companies WHERE manager_id = ?0 OR backup_manager_id = ?0", managerID).Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("company: assigned to %d: %w", managerID, err)
	}
	return ids, nil
}

// VisibleTo lists the companies a staff member looks after: a manager's
// assigned and backup companies, every company for an admin.
func VisibleTo(ctx context.Context, db bun.IDB, staff *User) ([]*Company, error) {
	var cs []*Company
	q := db.NewSelect().Model(&cs).Order("name")
	if staff.Role != RoleAdmin {
		q = q.Where("manager_id = ?0 OR backup_manager_id = ?0", staff.ID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("company: visible to %d: %w", staff.ID, err)
	}
	return cs, nil
}
