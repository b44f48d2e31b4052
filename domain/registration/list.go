package registration

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// Registration is an application as staff review it: the company as the
// applicant entered it, and the decision once taken.
type Registration struct {
	company.Company `bun:",extend"`

	SubmittedAt time.Time  `bun:"submitted_at"`
	Decision    string     `bun:"decision"` // "", approved, rejected
	DecidedAt   *time.Time `bun:"decided_at"`
	DecidedBy   string     `bun:"decided_by_name"`
}

// Who sees which application. Nobody is assigned to a new application, so
// every manager sees all pending ones — whoever picks it up assigns it on
// approval. An application that already names a manager (the ERP may create
// pending companies with one) is shown only to that manager, the backup and
// admins. After the decision an application stays readable to admins and to
// the company's managers.
const visibleSQL = `(c.status = 'pending' AND (?0 OR c.manager_id IS NULL OR c.manager_id = ?1 OR c.backup_manager_id = ?1))
	OR (r.decision IS NOT NULL AND (?0 OR c.manager_id = ?1 OR c.backup_manager_id = ?1))`

func query(db bun.IDB, dest any, staffID int64, all bool) *bun.SelectQuery {
	return db.NewSelect().Model(dest).ModelTableExpr("companies AS c").
		ColumnExpr("c.*").
		ColumnExpr("coalesce(r.submitted_at, c.created_at) AS submitted_at").
		ColumnExpr("coalesce(r.decision, '') AS decision, r.decided_at").
		ColumnExpr("coalesce(u.name, '') AS decided_by_name").
		Join("LEFT JOIN registrations AS r ON r.company_id = c.id").
		Join("LEFT JOIN users AS u ON u.id = r.decided_by").
		Where(visibleSQL, all, staffID)
}

// ListPending lists the pending applications a staff member may decide,
// oldest first (see the visibility rule above). all is true for admins.
func ListPending(ctx context.Context, db bun.IDB, staffID int64, all bool) ([]*Registration, error) {
	var out []*Registration
	if err := query(db, &out, staffID, all).Where("c.status = 'pending'").OrderExpr("submitted_at, c.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("registration: list pending: %w", err)
	}
	return out, nil
}

// Get loads one application the staff member may see, or company.ErrNotFound.
func Get(ctx context.Context, db bun.IDB, companyID, staffID int64, all bool) (*Registration, error) {
	out := new(Registration)
	err := query(db, out, staffID, all).Where("c.id = ?", companyID).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, company.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("registration: get %d: %w", companyID, err)
	}
	return out, nil
}

// PriceGroup is a choice for the approval form.
type PriceGroup struct {
	ID         int64
	Code       string
	Names      domain.Texts
	DiscountBP int
}

// PriceGroups lists the price groups, smallest discount first.
func PriceGroups(ctx context.Context, db bun.IDB) ([]PriceGroup, error) {
	var rows []struct {
		ID                     int64
		Code                   string
		NamePL, NameRU, NameFI string
		DiscountBP             int `bun:"discount_bp"`
	}
	if err := db.NewRaw("SELECT id, code, name_pl, name_ru, name_fi, discount_bp FROM price_groups ORDER BY discount_bp, code").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("registration: price groups: %w", err)
	}
	out := make([]PriceGroup, len(rows))
	for i, r := range rows {
		out[i] = PriceGroup{ID: r.ID, Code: r.Code, Names: domain.Texts{PL: r.NamePL, RU: r.NameRU, FI: r.NameFI}, DiscountBP: r.DiscountBP}
	}
	return out, nil
}

// Staff lists the active staff members who may manage a company, by name.
func Staff(ctx context.Context, db bun.IDB) ([]*company.User, error) {
	var us []*company.User
	if err := db.NewSelect().Model(&us).Where("active AND role IN ('manager', 'admin')").Order("name", "id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("registration: staff: %w", err)
	}
	return us, nil
}
