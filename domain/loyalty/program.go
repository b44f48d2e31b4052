package loyalty

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// Limits of what an admin may set (the schema's CHECKs, plus a ceiling on the
// points rate that catches a slip of the keyboard).
const (
	MaxTierDiscountBP = 3000
	MaxPointsRate     = 100
	MaxUnit           = 100_000_000 // minor units: a million in any of our currencies
)

// ErrNotAdmin: the one saving the programme is not an active admin (any more).
var ErrNotAdmin = errors.New("loyalty: actor is not an active admin")

// FieldErrors: what was wrong in the programme form, by field (required,
// discount_range, threshold_order, ...), named as in Program.Field.
type FieldErrors = domain.FieldErrors

// Program is the whole programme as the admin edits it: the three tiers with
// their benefits and thresholds, and what points are worth per currency.
type Program struct {
	Tiers    []Tier     // in TierCodes order
	Settings []Settings // in domain.Currencies order
}

// TierField names a tier's benefit in the admin form (and in FieldErrors).
func TierField(code, what string) string { return "tier_" + code + "_" + what }

// ThresholdField names a tier's threshold in one currency.
func ThresholdField(code string, cur domain.Currency) string {
	return "min_" + code + "_" + string(cur)
}

// SettingsField names one of a currency's points settings (earn, value, cap).
func SettingsField(cur domain.Currency, what string) string { return what + "_" + string(cur) }

// ProgramOf loads the programme.
func ProgramOf(ctx context.Context, db bun.IDB) (Program, error) {
	tiers, err := Tiers(ctx, db)
	if err != nil {
		return Program{}, err
	}
	settings, err := AllSettings(ctx, db)
	if err != nil {
		return Program{}, err
	}
	return Program{Tiers: tiers, Settings: settings}, nil
}

// Validate checks the programme: benefits in range, a threshold for every
// tier in every currency, rising with the tier, and points settings in range.
func (p Program) Validate() FieldErrors {
	errs := FieldErrors{}
	if len(p.Tiers) != len(TierCodes) || len(p.Settings) != len(domain.Currencies) {
		errs["form"] = "incomplete"
		return errs
	}
	for i, t := range p.Tiers {
		if t.Code != TierCodes[i] {
			errs["form"] = "incomplete"
			return errs
		}
		if t.DiscountBP < 0 || t.DiscountBP > MaxTierDiscountBP {
			errs[TierField(t.Code, "discount")] = "discount_range"
		}
		if t.PointsPerUnit < 0 || t.PointsPerUnit > MaxPointsRate {
			errs[TierField(t.Code, "rate")] = "rate_range"
		}
	}
	for _, cur := range domain.Currencies {
		var below int64 = -1
		for _, t := range p.Tiers {
			f := ThresholdField(t.Code, cur)
			v, ok := t.MinSpend[cur]
			switch {
			case !ok:
				errs[f] = "required"
			case v < 0 || v > MaxUnit*100:
				errs[f] = "amount_range"
			case v <= below:
				errs[f] = "threshold_order"
			}
			if ok {
				below = v
			}
		}
	}
	for i, s := range p.Settings {
		cur := domain.Currencies[i]
		if s.Currency != cur {
			errs["form"] = "incomplete"
			return errs
		}
		if s.EarnUnit < 1 || s.EarnUnit > MaxUnit {
			errs[SettingsField(cur, "earn")] = "amount_positive"
		}
		if s.PointValue < 1 || s.PointValue > MaxUnit {
			errs[SettingsField(cur, "value")] = "amount_positive"
		}
		if s.RedeemCapBP < 0 || s.RedeemCapBP > 10_000 {
			errs[SettingsField(cur, "cap")] = "cap_range"
		}
	}
	return errs
}

// SaveProgram stores the programme in one transaction, after checking that
// actorID is an active admin. Invalid input is FieldErrors; nothing is saved.
// Companies whose tier's discount changed get company.changed (their prices
// changed). New thresholds move companies at the next recompute.
func SaveProgram(ctx context.Context, db bun.IDB, actorID int64, p Program) error {
	if errs := p.Validate(); len(errs) > 0 {
		return errs
	}
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		var id int64
		err := tx.NewRaw("SELECT id FROM users WHERE id = ? AND active AND role = 'admin' FOR SHARE", actorID).Scan(ctx, &id)
		if errors.Is(err, domain.ErrNoRows) {
			return ErrNotAdmin
		}
		if err != nil {
			return fmt.Errorf("loyalty: check admin: %w", err)
		}
		before, err := Tiers(ctx, tx)
		if err != nil {
			return err
		}
		var evs []event.New
		for i, t := range p.Tiers {
			_, err := tx.ExecContext(ctx, `INSERT INTO loyalty_tiers (code, rank, discount_bp, priority, points_per_unit) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET discount_bp = EXCLUDED.discount_bp, priority = EXCLUDED.priority, points_per_unit = EXCLUDED.points_per_unit`,
				t.Code, i+1, t.DiscountBP, t.Priority, t.PointsPerUnit)
			if err != nil {
				return fmt.Errorf("loyalty: save tier %s: %w", t.Code, err)
			}
			for _, cur := range domain.Currencies {
				_, err := tx.ExecContext(ctx, `INSERT INTO loyalty_tier_thresholds (tier, currency, min_spend) VALUES (?, ?, ?)
					ON CONFLICT (tier, currency) DO UPDATE SET min_spend = EXCLUDED.min_spend`, t.Code, cur, t.MinSpend[cur])
				if err != nil {
					return fmt.Errorf("loyalty: save threshold %s %s: %w", t.Code, cur, err)
				}
			}
			if before[i].DiscountBP != t.DiscountBP {
				var ids []int64
				if err := tx.NewRaw("SELECT id FROM companies WHERE loyalty_tier = ?", t.Code).Scan(ctx, &ids); err != nil {
					return fmt.Errorf("loyalty: companies of %s: %w", t.Code, err)
				}
				for _, id := range ids {
					evs = append(evs, event.New{CompanyID: id, Kind: event.CompanyChanged, Payload: map[string]any{"tier": t.Code, "discount_bp": t.DiscountBP}})
				}
			}
		}
		for _, s := range p.Settings {
			_, err := tx.ExecContext(ctx, `INSERT INTO loyalty_settings (currency, earn_unit, point_value, redeem_cap_bp) VALUES (?, ?, ?, ?)
				ON CONFLICT (currency) DO UPDATE SET earn_unit = EXCLUDED.earn_unit, point_value = EXCLUDED.point_value,
				redeem_cap_bp = EXCLUDED.redeem_cap_bp, updated_at = now()`, s.Currency, s.EarnUnit, s.PointValue, s.RedeemCapBP)
			if err != nil {
				return fmt.Errorf("loyalty: save settings %s: %w", s.Currency, err)
			}
		}
		return event.EmitMany(ctx, tx, evs)
	})
}
