package loyalty

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Progress is where a company stands in the loyalty programme.
type Progress struct {
	Currency      domain.Currency
	Tier          string // "" when below the first tier
	NextTier      string // "" at the top
	Spend12m      int64  // net goods of delivered orders in the last 365 days
	NextThreshold int64
	Missing       int64 // to the next tier
	Percent       int   // 0–100 progress from the current threshold to the next
	Points        int   // points balance
}

// ProgressOf computes a company's loyalty progress on the given day.
func ProgressOf(ctx context.Context, db bun.IDB, companyID int64, today time.Time) (Progress, error) {
	var p Progress
	err := db.NewRaw(`SELECT c.currency, coalesce(c.loyalty_tier, '') AS tier,
		coalesce((SELECT sum(o.net_goods) FROM orders o WHERE o.company_id = c.id AND o.status = 'delivered'
		          AND o.created_at >= ?::date - 365), 0) AS spend12m,
		coalesce((SELECT sum(points) FROM loyalty_ledger WHERE company_id = c.id), 0) AS points
		FROM companies c WHERE c.id = ?`, today.Format(time.DateOnly), companyID).Scan(ctx, &p)
	if err != nil {
		return p, fmt.Errorf("loyalty: progress: %w", err)
	}
	var tiers []struct {
		Tier     string `bun:"tier"`
		MinSpend int64  `bun:"min_spend"`
	}
	if err := db.NewRaw(`SELECT t.tier, t.min_spend FROM loyalty_tier_thresholds t JOIN loyalty_tiers l ON l.code = t.tier
		WHERE t.currency = ? ORDER BY l.rank`, p.Currency).Scan(ctx, &tiers); err != nil {
		return p, fmt.Errorf("loyalty: tiers: %w", err)
	}
	// The next tier is the first one ranked above the current (or the first of all).
	var from int64
	passed := p.Tier == ""
	for _, t := range tiers {
		if passed {
			p.NextTier, p.NextThreshold = t.Tier, t.MinSpend
			break
		}
		if t.Tier == p.Tier {
			from, passed = t.MinSpend, true
		}
	}
	if p.NextTier != "" {
		p.Missing = max(p.NextThreshold-p.Spend12m, 0)
		if span := p.NextThreshold - from; span > 0 {
			p.Percent = int(min(max((p.Spend12m-from)*100/span, 0), 100))
		}
	} else {
		p.Percent = 100
	}
	return p, nil
}
