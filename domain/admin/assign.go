package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
	"partnerdesk/domain/event"
)

// CompanyFilter narrows the company list.
type CompanyFilter struct {
	StaffID int64  // companies this staff member manages or backs up; 0 = everyone's
	NoStaff bool   // only companies without an account manager
	GroupID int64  // companies in this price group; 0 = any
	Query   string // part of the name or tax ID
	Offset  int
	Limit   int // 0 = 50
}

// Companies lists companies by name for the assignment page, with how many
// match the filter in all.
func Companies(ctx context.Context, db bun.IDB, f CompanyFilter) ([]*company.Company, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var cs []*company.Company
	q := db.NewSelect().Model(&cs)
	switch {
	case f.NoStaff:
		q = q.Where("manager_id IS NULL")
	case f.StaffID != 0:
		q = q.Where("manager_id = ?0 OR backup_manager_id = ?0", f.StaffID)
	}
	if f.GroupID != 0 {
		q = q.Where("price_group_id = ?", f.GroupID)
	}
	if s := strings.TrimSpace(f.Query); s != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
		q = q.Where("pd_fold(name) LIKE pd_fold(?0) OR tax_id ILIKE ?0", like)
	}
	n, err := q.OrderExpr("name, id").Offset(f.Offset).Limit(f.Limit).ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("admin: companies: %w", err)
	}
	return cs, n, nil
}

// ActiveStaff lists the staff members a company may be given, by name.
func ActiveStaff(ctx context.Context, db bun.IDB) ([]*company.User, error) {
	var us []*company.User
	if err := db.NewSelect().Model(&us).Where("active AND role IN ('manager', 'admin')").Order("name", "id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("admin: active staff: %w", err)
	}
	return us, nil
}

// Assignment is who looks after a company and at which prices it buys.
type Assignment struct {
	ManagerID       int64 // required
	BackupManagerID int64 // 0 = none
	PriceGroupID    int64 // 0 = list prices
}

// Assign sets a company's account manager, backup and price group, and tells
// live views (company.changed). Refusals are FieldErrors on manager, backup,
// price_group; an unknown company is company.ErrNotFound.
func Assign(ctx context.Context, db bun.IDB, actorID, companyID int64, a Assignment) error {
	errs := FieldErrors{}
	if a.ManagerID == 0 {
		errs["manager"] = "required"
	}
	if a.BackupManagerID != 0 && a.BackupManagerID == a.ManagerID {
		errs["backup"] = "backup_same"
	}
	if len(errs) > 0 {
		return errs
	}
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		c, err := company.GetForUpdate(ctx, tx, companyID)
		if err != nil {
			return err
		}
		ok, err := lockActiveStaff(ctx, tx, a.ManagerID, a.BackupManagerID)
		if err != nil {
			return err
		}
		if !ok[a.ManagerID] {
			errs["manager"] = "staff"
		}
		if a.BackupManagerID != 0 && !ok[a.BackupManagerID] {
			errs["backup"] = "staff"
		}
		if a.PriceGroupID != 0 {
			var found bool
			// FOR SHARE: the group cannot be deleted under the new assignment.
			if err := tx.NewRaw("SELECT EXISTS (SELECT 1 FROM price_groups WHERE id = ? FOR SHARE)", a.PriceGroupID).Scan(ctx, &found); err != nil {
				return fmt.Errorf("admin: check price group: %w", err)
			}
			if !found {
				errs["price_group"] = "unknown_group"
			}
		}
		if len(errs) > 0 {
			return errs
		}
		if same(c.ManagerID, a.ManagerID) && same(c.BackupManagerID, a.BackupManagerID) && same(c.PriceGroupID, a.PriceGroupID) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "UPDATE companies SET manager_id = ?, backup_manager_id = ?, price_group_id = ? WHERE id = ?",
			a.ManagerID, nullID(a.BackupManagerID), nullID(a.PriceGroupID), c.ID); err != nil {
			return fmt.Errorf("admin: assign company %d: %w", c.ID, err)
		}
		return event.Emit(ctx, tx, c.ID, event.CompanyChanged, map[string]any{"manager": a.ManagerID,
			"backup": a.BackupManagerID, "price_group": a.PriceGroupID})
	})
}

// lockActiveStaff tells which of ids are active staff members, and keeps
// them so (FOR SHARE) until the transaction ends: a deactivation waits for
// the assignment and then sees it.
func lockActiveStaff(ctx context.Context, tx bun.Tx, ids ...int64) (map[int64]bool, error) {
	var found []int64
	err := tx.NewRaw("SELECT id FROM users WHERE id IN (?) AND active AND role IN ('manager', 'admin') ORDER BY id FOR SHARE",
		bun.In(ids)).Scan(ctx, &found)
	if err != nil && !errors.Is(err, domain.ErrNoRows) {
		return nil, fmt.Errorf("admin: check staff: %w", err)
	}
	ok := make(map[int64]bool, len(found))
	for _, id := range found {
		ok[id] = true
	}
	return ok, nil
}

// Reassign is a handover: every company From looks after moves to To.
type Reassign struct {
	FromID, ToID int64
	Manager      bool // move the companies From is the account manager of
	Backup       bool // move the companies From is the backup of
}

// Reassigned says what a handover did.
type Reassigned struct {
	Managed int // companies To became the account manager of
	Backup  int // companies To became the backup of
	// NoBackup counts companies left without a backup: a company cannot have
	// the same person as manager and backup, so where To already was the
	// other one, the backup place is emptied. Pick a new backup for them.
	NoBackup int
}

// ReassignCompanies moves companies from one staff member to another in one
// transaction and tells live views. Refusals are FieldErrors on from, to,
// roles.
func ReassignCompanies(ctx context.Context, db bun.IDB, actorID int64, r Reassign) (*Reassigned, error) {
	errs := FieldErrors{}
	if r.FromID == 0 {
		errs["from"] = "required"
	}
	switch {
	case r.ToID == 0:
		errs["to"] = "required"
	case r.ToID == r.FromID:
		errs["to"] = "same_person"
	}
	if !r.Manager && !r.Backup {
		errs["roles"] = "roles_required"
	}
	if len(errs) > 0 {
		return nil, errs
	}
	out := &Reassigned{}
	err := inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		*out = Reassigned{} // a retried transaction starts over
		if _, err := lockStaff(ctx, tx, r.FromID); errors.Is(err, company.ErrNotFound) {
			return FieldErrors{"from": "staff"}
		} else if err != nil {
			return err
		}
		ok, err := lockActiveStaff(ctx, tx, r.ToID)
		if err != nil {
			return err
		}
		if !ok[r.ToID] {
			return FieldErrors{"to": "staff"}
		}
		var cs []*company.Company
		err = tx.NewSelect().Model(&cs).
			Where("(?0 AND manager_id = ?1) OR (?2 AND backup_manager_id = ?1)", r.Manager, r.FromID, r.Backup).
			Order("id").For("UPDATE").Scan(ctx)
		if err != nil {
			return fmt.Errorf("admin: reassign: companies: %w", err)
		}
		evs := make([]event.New, 0, len(cs))
		for _, c := range cs {
			manager, backup := idOf(c.ManagerID), idOf(c.BackupManagerID)
			switch {
			case r.Manager && manager == r.FromID:
				manager = r.ToID
				out.Managed++
				if backup == r.ToID {
					backup = 0
					out.NoBackup++
				}
			case r.Backup && backup == r.FromID:
				if manager == r.ToID {
					backup = 0
					out.NoBackup++
				} else {
					backup = r.ToID
					out.Backup++
				}
			}
			if _, err := tx.ExecContext(ctx, "UPDATE companies SET manager_id = ?, backup_manager_id = ? WHERE id = ?",
				nullID(manager), nullID(backup), c.ID); err != nil {
				return fmt.Errorf("admin: reassign company %d: %w", c.ID, err)
			}
			evs = append(evs, event.New{CompanyID: c.ID, Kind: event.CompanyChanged, Payload: map[string]any{"manager": manager, "backup": backup}})
		}
		return event.EmitMany(ctx, tx, evs)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func same(p *int64, id int64) bool { return idOf(p) == id }

// idOf is the id a nullable reference holds, 0 for none.
func idOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
