package loyalty

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// TierCodes lists the tiers from the lowest; a tier's rank is its place here + 1.
var TierCodes = []string{"silver", "gold", "platinum"}

// Tier is a tier's benefits and thresholds. A tier not configured yet has
// Configured false and no thresholds; no company can reach it.
type Tier struct {
	Code          string `bun:"code"`
	Rank          int    `bun:"rank"`
	DiscountBP    int    `bun:"discount_bp"` // extra discount, applied by pricing
	Priority      bool   `bun:"priority"`    // its orders are flagged for priority handling
	PointsPerUnit int    `bun:"points_per_unit"`
	Configured    bool   `bun:"-"`
	// MinSpend is the rolling 12-month net spend that reaches the tier, per
	// currency; a currency without one cannot reach it.
	MinSpend map[domain.Currency]int64 `bun:"-"`
}

// Threshold is the spend that reaches a tier in one currency.
type Threshold struct {
	Tier     string          `bun:"tier"`
	Rank     int             `bun:"rank"`
	Currency domain.Currency `bun:"currency"`
	MinSpend int64           `bun:"min_spend"`
}

// Tiers returns the three tiers from the lowest, configured or not.
func Tiers(ctx context.Context, db bun.IDB) ([]Tier, error) {
	var rows []Tier
	if err := db.NewRaw("SELECT code, rank, discount_bp, priority, points_per_unit FROM loyalty_tiers").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("loyalty: tiers: %w", err)
	}
	ths, err := Thresholds(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([]Tier, len(TierCodes))
	for i, code := range TierCodes {
		out[i] = Tier{Code: code, Rank: i + 1, PointsPerUnit: BaseRate, MinSpend: map[domain.Currency]int64{}}
		for _, r := range rows {
			if r.Code == code {
				r.Configured, r.MinSpend = true, out[i].MinSpend
				out[i] = r
			}
		}
		for _, th := range ths {
			if th.Tier == code {
				out[i].MinSpend[th.Currency] = th.MinSpend
			}
		}
	}
	return out, nil
}

// Thresholds returns every tier threshold, by currency and then rank.
func Thresholds(ctx context.Context, db bun.IDB) ([]Threshold, error) {
	var ths []Threshold
	err := db.NewRaw(`SELECT t.tier, l.rank, t.currency, t.min_spend FROM loyalty_tier_thresholds t
		JOIN loyalty_tiers l ON l.code = t.tier ORDER BY t.currency, l.rank`).Scan(ctx, &ths)
	if err != nil {
		return nil, fmt.Errorf("loyalty: thresholds: %w", err)
	}
	return ths, nil
}

// DecideTier returns the tier a company in currency cur reaches with spend:
// the highest-ranked tier whose threshold in that currency is at most spend,
// or "" when none is. A threshold is reached at exactly its amount.
func DecideTier(cur domain.Currency, spend int64, ths []Threshold) string {
	tier, rank := "", 0
	for _, th := range ths {
		if th.Currency == cur && spend >= th.MinSpend && th.Rank > rank {
			tier, rank = th.Tier, th.Rank
		}
	}
	return tier
}

// windowStart is the first moment of the rolling 12 months that end with today.
func windowStart(today time.Time) time.Time {
	y, m, d := today.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(-1, 0, 1)
}

// Spend12m is a company's net goods of orders delivered in the 12 months up to
// and including today (the day of delivery counts, not of ordering).
func Spend12m(ctx context.Context, db bun.IDB, companyID int64, today time.Time) (int64, error) {
	from := windowStart(today)
	var spend int64
	err := db.NewRaw(`SELECT coalesce(sum(o.net_goods), 0) FROM orders o
		WHERE o.company_id = ? AND o.status = 'delivered' AND EXISTS (
			SELECT 1 FROM order_status_history h WHERE h.order_id = o.id AND h.status = 'delivered' AND h.at >= ? AND h.at < ?)`,
		companyID, from, from.AddDate(1, 0, 0)).Scan(ctx, &spend)
	if err != nil {
		return 0, fmt.Errorf("loyalty: spend of %d: %w", companyID, err)
	}
	return spend, nil
}

// RecomputeTier sets a company's tier from its rolling 12-month net spend on
// delivered orders and returns the tier ("" below the first one). A change
// is recorded in the tier history and emits company.changed, since prices
// change with the tier's discount. Call it in a transaction: it locks the
// company's row, so two runs at once record a change once.
func RecomputeTier(ctx context.Context, db bun.IDB, companyID int64, today time.Time) (string, error) {
	ths, err := Thresholds(ctx, db)
	if err != nil {
		return "", err
	}
	tier, _, err := recompute(ctx, db, companyID, today, ths)
	return tier, err
}

func recompute(ctx context.Context, db bun.IDB, companyID int64, today time.Time, ths []Threshold) (string, bool, error) {
	var c struct {
		Currency domain.Currency `bun:"currency"`
		Current  string          `bun:"current"`
	}
	err := db.NewRaw("SELECT currency, coalesce(loyalty_tier, '') AS current FROM companies WHERE id = ? FOR UPDATE", companyID).Scan(ctx, &c)
	if err != nil {
		return "", false, fmt.Errorf("loyalty: tier of %d: %w", companyID, err)
	}
	spend, err := Spend12m(ctx, db, companyID, today)
	if err != nil {
		return "", false, err
	}
	earned := DecideTier(c.Currency, spend, ths)
	if earned == c.Current {
		return earned, false, nil
	}
	if _, err := db.ExecContext(ctx, "UPDATE companies SET loyalty_tier = ? WHERE id = ?", nullable(earned), companyID); err != nil {
		return "", false, fmt.Errorf("loyalty: set tier: %w", err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO loyalty_tier_history (company_id, tier, previous, spend) VALUES (?, ?, ?, ?)",
		companyID, nullable(earned), nullable(c.Current), spend); err != nil {
		return "", false, fmt.Errorf("loyalty: tier history: %w", err)
	}
	err = event.Emit(ctx, db, companyID, event.CompanyChanged, map[string]any{"tier": earned, "was": c.Current})
	return earned, err == nil, err
}

func nullable(code string) any {
	if code == "" {
		return nil
	}
	return code
}

// RecomputeAll recomputes the tier of every approved company, each in its own
// transaction, and returns how many changed.
func RecomputeAll(ctx context.Context, db bun.IDB, today time.Time) (int, error) {
	ths, err := Thresholds(ctx, db)
	if err != nil {
		return 0, err
	}
	var ids []int64
	if err := db.NewRaw("SELECT id FROM companies WHERE status IN ('active', 'blocked') ORDER BY id").Scan(ctx, &ids); err != nil {
		return 0, fmt.Errorf("loyalty: companies: %w", err)
	}
	changed := 0
	for _, id := range ids {
		var did bool
		err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
			var err error
			_, did, err = recompute(ctx, tx, id, today, ths)
			return err
		})
		if err != nil {
			return changed, fmt.Errorf("loyalty: recompute company %d: %w", id, err)
		}
		if did {
			changed++
		}
	}
	return changed, nil
}

// RunRecompute recomputes every company's tier now and then every interval
// (a day in production) until ctx ends. Several instances may run it: each
// company's change is taken under its row lock and recorded once.
func RunRecompute(ctx context.Context, db bun.IDB, every time.Duration) {
	if every <= 0 {
		every = 24 * time.Hour
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := RecomputeAll(ctx, db, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			slog.Warn("loyalty: tier recompute failed; will retry", "err", err)
		case n > 0:
			slog.Info("loyalty: tiers changed", "companies", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Change is one entry of a company's tier history.
type Change struct {
	Tier      string    `bun:"tier"` // "" = below the first tier
	Previous  string    `bun:"previous"`
	Spend     int64     `bun:"spend"`
	ChangedAt time.Time `bun:"changed_at"`
}

// History returns a company's tier changes, newest first.
func History(ctx context.Context, db bun.IDB, companyID int64, limit int) ([]Change, error) {
	var cs []Change
	err := db.NewRaw(`SELECT coalesce(tier, '') AS tier, coalesce(previous, '') AS previous, spend, changed_at
		FROM loyalty_tier_history WHERE company_id = ? ORDER BY changed_at DESC, id DESC LIMIT ?`, companyID, limit).Scan(ctx, &cs)
	if err != nil {
		return nil, fmt.Errorf("loyalty: tier history of %d: %w", companyID, err)
	}
	return cs, nil
}

// since returns when the company got its current tier, if the history knows.
func since(ctx context.Context, db bun.IDB, companyID int64, tier string) (*time.Time, error) {
	hs, err := History(ctx, db, companyID, 1)
	if err != nil || len(hs) == 0 || hs[0].Tier != tier {
		return nil, err
	}
	return &hs[0].ChangedAt, nil
}
