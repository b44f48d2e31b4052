// Package loyalty runs the points ledger and the Silver/Gold/Platinum tiers.
//
// Points. A delivered order earns floor(net goods × tier rate / earn unit)
// points, once (ChangeStatus credits them in the transaction that marks the
// order delivered; the ledger's unique (order, kind) key refuses a second
// credit). Points are spent at checkout as a discount: 100 points take
// PointValue minor units off, at most RedeemCapBP of the order's net goods and
// never more than the balance. order.Place debits them under the company's row
// lock, so two checkouts cannot spend the same points.
//
// Tiers. A company's tier follows its rolling 12-month net spend on delivered
// orders against per-currency thresholds (DecideTier); RunRecompute applies
// it every night. The tier's discount is applied by pricing, its priority
// flag by order.Place, its points rate here.
//
// Every debit of the ledger must be written under the company's row lock
// (company.GetForUpdate); credits need no lock, since they only add.
package loyalty

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// BaseRate is the points rate of a company without a tier.
const BaseRate = 1

// Settings say what points are worth in one currency. Amounts are minor units.
type Settings struct {
	bun.BaseModel `bun:"table:loyalty_settings"`

	Currency domain.Currency `bun:"currency,pk"`
	// EarnUnit is the net goods value that earns one point at rate 1.
	EarnUnit int64 `bun:"earn_unit"`
	// PointValue is what 100 points take off an order.
	PointValue int64 `bun:"point_value"`
	// RedeemCapBP is the most points may take off an order, in basis points
	// of its net goods.
	RedeemCapBP int       `bun:"redeem_cap_bp"`
	UpdatedAt   time.Time `bun:"updated_at,nullzero,default:now()"`
}

// defaults are the migration's values, used if a currency's row is missing:
// about one point per złoty (4 per euro, 1 per 20 roubles), a point worth
// about 1 % of what earned it, at most 20 % of an order paid with points.
var defaults = map[domain.Currency]Settings{
	domain.PLN: {Currency: domain.PLN, EarnUnit: 100, PointValue: 100, RedeemCapBP: 2000},
	domain.EUR: {Currency: domain.EUR, EarnUnit: 25, PointValue: 25, RedeemCapBP: 2000},
	domain.RUB: {Currency: domain.RUB, EarnUnit: 2000, PointValue: 2000, RedeemCapBP: 2000},
}

// SettingsOf loads the settings of one currency.
func SettingsOf(ctx context.Context, db bun.IDB, cur domain.Currency) (Settings, error) {
	s := Settings{}
	err := db.NewSelect().Model(&s).Where("currency = ?", cur).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		if d, ok := defaults[cur]; ok {
			return d, nil
		}
		return s, fmt.Errorf("loyalty: no settings for %s", cur)
	}
	if err != nil {
		return s, fmt.Errorf("loyalty: settings of %s: %w", cur, err)
	}
	return s, nil
}

// AllSettings loads the settings of every currency, in domain.Currencies order.
func AllSettings(ctx context.Context, db bun.IDB) ([]Settings, error) {
	var rows []Settings
	if err := db.NewSelect().Model(&rows).Scan(ctx); err != nil {
		return nil, fmt.Errorf("loyalty: settings: %w", err)
	}
	by := map[domain.Currency]Settings{}
	for _, s := range rows {
		by[s.Currency] = s
	}
	out := make([]Settings, 0, len(domain.Currencies))
	for _, c := range domain.Currencies {
		s, ok := by[c]
		if !ok {
			s = defaults[c]
		}
		out = append(out, s)
	}
	return out, nil
}

// PointsFor returns the points an order of netGoods earns at the given rate:
// floor(net goods × rate / earn unit).
func (s Settings) PointsFor(netGoods int64, rate int) int {
	if netGoods <= 0 || rate <= 0 || s.EarnUnit <= 0 {
		return 0
	}
	return int(netGoods * int64(rate) / s.EarnUnit)
}

// ValueOf returns what points take off an order, rounded down to the minor unit.
func (s Settings) ValueOf(points int) int64 {
	if points <= 0 {
		return 0
	}
	return int64(points) * s.PointValue / 100
}

// CapValue is the most points may take off an order with these goods: the cap
// share of net goods, and never more than the goods after the order-value
// discount (the order's net cannot go below its delivery fee).
func (s Settings) CapValue(netGoods, discount int64) int64 {
	return max(min(netGoods*int64(s.RedeemCapBP)/10_000, netGoods-discount), 0)
}

// MaxPoints is the most points an order may use: as many as fit under the cap,
// and at most the balance.
func (s Settings) MaxPoints(netGoods, discount int64, balance int) int {
	if balance <= 0 || s.PointValue <= 0 {
		return 0
	}
	byCap := s.CapValue(netGoods, discount) * 100 / s.PointValue
	return int(min(int64(balance), byCap))
}
