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
	Currency  domain.Currency
	Tier      string     // "" when below the first tier
	TierSince *time.Time // when the company got its tier, if recorded
	Current   Tier       // the tier's benefits (zero without a tier)
	Rate      int        // points per earn unit now: the tier's rate, or BaseRate
	NextTier  string     // "" at the top
	Next      Tier       // the next tier's benefits
	Spend12m  int64      // net goods of orders delivered in the last 12 months
	From      int64      // the current tier's threshold (0 without a tier)
	// NextThreshold is the spend that reaches the next tier, Missing what is
	// still to buy, Percent the way from From to it (0–100).
	NextThreshold int64
	Missing       int64
	Percent       int
	// Reached: the spend already reaches the next tier; the nightly
	// recompute moves the company up.
	Reached  bool
	Points   int // points balance
	Settings Settings
}

// ProgressOf computes a company's loyalty progress on the given day.
func ProgressOf(ctx context.Context, db bun.IDB, companyID int64, today time.Time) (Progress, error) {
	var p Progress
	acc, err := AccountOf(ctx, db, companyID)
	if err != nil {
		return p, err
	}
	p.Currency, p.Tier, p.Points, p.Settings = acc.Currency, acc.Tier, acc.Balance, acc.Settings
	if p.Spend12m, err = Spend12m(ctx, db, companyID, today); err != nil {
		return p, err
	}
	tiers, err := Tiers(ctx, db)
	if err != nil {
		return p, err
	}
	p.Rate = BaseRate
	rank := 0
	for _, t := range tiers {
		if t.Code == p.Tier {
			p.Current, p.Rate, rank = t, t.PointsPerUnit, t.Rank
			p.From = t.MinSpend[p.Currency]
		}
	}
	// The next tier is the lowest one above the current that this currency can reach.
	for _, t := range tiers {
		if th, ok := t.MinSpend[p.Currency]; ok && t.Configured && t.Rank > rank {
			p.NextTier, p.Next, p.NextThreshold = t.Code, t, th
			break
		}
	}
	if p.NextTier == "" {
		p.Percent = 100
	} else {
		p.Missing = max(p.NextThreshold-p.Spend12m, 0)
		p.Reached = p.Missing == 0
		if span := p.NextThreshold - p.From; span > 0 {
			p.Percent = int(min(max((p.Spend12m-p.From)*100/span, 0), 100))
		} else {
			p.Percent = 100
		}
	}
	if p.Tier != "" {
		if p.TierSince, err = since(ctx, db, companyID, p.Tier); err != nil {
			return p, fmt.Errorf("loyalty: progress: %w", err)
		}
	}
	return p, nil
}
