package admin

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// PriceGroup is a group of customers that buy at the same prices. The prices
// themselves come from the ERP, which names the group by its code.
type PriceGroup struct {
	ID         int64
	Code       string
	Names      domain.Texts
	DiscountBP int
	Companies  int // companies in the group
	Prices     int // products the ERP priced for the group
}

// PriceGroupInput is a price group as an admin types it.
type PriceGroupInput struct {
	Code  string
	Names domain.Texts
}

// MaxGroupName is the longest name of a price group in any language.
const MaxGroupName = 100

// The schema's rule for codes: the ERP's key for the group.
var groupCode = regexp.MustCompile(`^[a-z0-9_-]{1,32}$`)

const groupSQL = `SELECT g.id, g.code, g.name_pl, g.name_ru, g.name_fi, g.discount_bp,
	(SELECT count(*) FROM companies c WHERE c.price_group_id = g.id) AS companies,
	(SELECT count(DISTINCT p.product_id) FROM price_group_prices p WHERE p.price_group_id = g.id) AS prices
	FROM price_groups g`

type groupRow struct {
	ID                     int64
	Code                   string
	NamePL, NameRU, NameFI string
	DiscountBP             int `bun:"discount_bp"`
	Companies, Prices      int
}

func (r groupRow) group() PriceGroup {
	return PriceGroup{ID: r.ID, Code: r.Code, Names: domain.Texts{PL: r.NamePL, RU: r.NameRU, FI: r.NameFI},
		DiscountBP: r.DiscountBP, Companies: r.Companies, Prices: r.Prices}
}

// PriceGroups lists the price groups by code, with how much uses each.
func PriceGroups(ctx context.Context, db bun.IDB) ([]PriceGroup, error) {
	var rows []groupRow
	if err := db.NewRaw(groupSQL+" ORDER BY g.code").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("admin: price groups: %w", err)
	}
	out := make([]PriceGroup, len(rows))
	for i, r := range rows {
		out[i] = r.group()
	}
	return out, nil
}

// GetPriceGroup loads one price group, or company.ErrNotFound.
func GetPriceGroup(ctx context.Context, db bun.IDB, id int64) (*PriceGroup, error) {
	var row groupRow
	err := db.NewRaw(groupSQL+" WHERE g.id = ?", id).Scan(ctx, &row)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, company.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("admin: price group %d: %w", id, err)
	}
	g := row.group()
	return &g, nil
}

// check cleans the input and returns what is wrong with it: FieldErrors on
// code, name_pl, name_ru, name_fi, and names (none given).
func (in *PriceGroupInput) check() FieldErrors {
	errs := FieldErrors{}
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	switch {
	case in.Code == "":
		errs["code"] = "required"
	case !groupCode.MatchString(in.Code):
		errs["code"] = "code_format"
	}
	in.Names = domain.Texts{PL: strings.TrimSpace(in.Names.PL), RU: strings.TrimSpace(in.Names.RU), FI: strings.TrimSpace(in.Names.FI)}
	for field, name := range map[string]string{"name_pl": in.Names.PL, "name_ru": in.Names.RU, "name_fi": in.Names.FI} {
		if utf8.RuneCountInString(name) > MaxGroupName {
			errs[field] = "too_long"
		}
	}
	if in.Names.PL == "" && in.Names.RU == "" && in.Names.FI == "" {
		errs["names"] = "name_required"
	}
	return errs
}

// CreatePriceGroup adds a price group (with no discount of its own: prices
// come from the ERP) and returns its id.
func CreatePriceGroup(ctx context.Context, db bun.IDB, actorID int64, in PriceGroupInput) (int64, error) {
	if errs := in.check(); len(errs) > 0 {
		return 0, errs
	}
	var id int64
	err := inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		err := tx.NewRaw("INSERT INTO price_groups (code, name_pl, name_ru, name_fi) VALUES (?, ?, ?, ?) RETURNING id",
			in.Code, in.Names.PL, in.Names.RU, in.Names.FI).Scan(ctx, &id)
		return groupWriteError(err, "create")
	})
	return id, err
}

// UpdatePriceGroup renames a price group or changes its code.
func UpdatePriceGroup(ctx context.Context, db bun.IDB, actorID, id int64, in PriceGroupInput) error {
	if errs := in.check(); len(errs) > 0 {
		return errs
	}
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE price_groups SET code = ?, name_pl = ?, name_ru = ?, name_fi = ? WHERE id = ?",
			in.Code, in.Names.PL, in.Names.RU, in.Names.FI, id)
		if err := groupWriteError(err, "update"); err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return company.ErrNotFound
		}
		return nil
	})
}

// InUseError refuses to delete a price group companies still buy in.
type InUseError struct {
	Companies int
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("admin: price group used by %d companies", e.Companies)
}

// DeletePriceGroup removes a price group nobody buys in, with the prices the
// ERP sent for it. A group in use is refused with *InUseError.
func DeletePriceGroup(ctx context.Context, db bun.IDB, actorID, id int64) error {
	return inTx(ctx, db, actorID, func(ctx context.Context, tx bun.Tx) error {
		var found int64
		err := tx.NewRaw("SELECT id FROM price_groups WHERE id = ? FOR UPDATE", id).Scan(ctx, &found)
		if errors.Is(err, domain.ErrNoRows) {
			return company.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("admin: delete price group %d: %w", id, err)
		}
		var n int
		if err := tx.NewRaw("SELECT count(*) FROM companies WHERE price_group_id = ?", id).Scan(ctx, &n); err != nil {
			return fmt.Errorf("admin: delete price group %d: %w", id, err)
		}
		if n > 0 {
			return &InUseError{Companies: n}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM price_groups WHERE id = ?", id); err != nil {
			return fmt.Errorf("admin: delete price group %d: %w", id, err)
		}
		return nil
	})
}

func groupWriteError(err error, op string) error {
	switch {
	case err == nil:
		return nil
	case domain.IsUniqueViolation(err, "price_groups_code_key"):
		return FieldErrors{"code": "code_taken"}
	}
	return fmt.Errorf("admin: %s price group: %w", op, err)
}
