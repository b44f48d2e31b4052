package loyalty

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/event"
)

// RecomputeTier sets a company's tier from its rolling 12-month net spend on
// delivered orders and returns the tier ("" below the first one). A change
// emits company.changed, since prices change with the tier's discount.
func RecomputeTier(ctx context.Context, db bun.IDB, companyID int64, today time.Time) (string, error) {
	var tier struct {
		Current string `bun:"current"`
		Earned  string `bun:"earned"`
	}
	err := db.NewRaw(`
		WITH spend AS (
			SELECT c.id, c.currency, coalesce(c.loyalty_tier, '') AS current,
			       coalesce((SELECT sum(o.net_goods) FROM orders o WHERE o.company_id = c.id AND o.status = 'delivered'
			                 AND o.created_at >= ?::date - 365), 0) AS total
			FROM companies c WHERE c.id = ?)
		SELECT s.current, coalesce((SELECT t.tier FROM loyalty_tier_thresholds t JOIN loyalty_tiers l ON l.code = t.tier
		                            WHERE t.currency = s.currency AND t.min_spend <= s.total ORDER BY l.rank DESC LIMIT 1), '') AS earned
		FROM spend s`, today.Format(time.DateOnly), companyID).Scan(ctx, &tier)
	if err != nil {
		return "", fmt.Errorf("loyalty: tier of %d: %w", companyID, err)
	}
	if tier.Earned == tier.Current {
		return tier.Current, nil
	}
	var value any
	if tier.Earned != "" {
		value = tier.Earned
	}
	if _, err := db.ExecContext(ctx, "UPDATE companies SET loyalty_tier = ? WHERE id = ?", value, companyID); err != nil {
		return "", fmt.Errorf("loyalty: set tier: %w", err)
	}
	return tier.Earned, event.Emit(ctx, db, companyID, event.CompanyChanged, map[string]any{"tier": tier.Earned, "was": tier.Current})
}
