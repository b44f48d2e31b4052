package loyalty

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/pricing"
)

// Account is what an order needs to know about a company's loyalty: its
// tier's priority benefit, its points balance and what points are worth.
type Account struct {
	Currency domain.Currency
	Tier     string // "" without a tier
	Priority bool
	Balance  int
	Settings Settings
}

// AccountOf loads a company's loyalty account, its currency's settings with
// it (one statement). For a balance that may be spent, the caller holds the
// company's row lock.
func AccountOf(ctx context.Context, db bun.IDB, companyID int64) (Account, error) {
	var row struct {
		Currency domain.Currency `bun:"currency"`
		Tier     string          `bun:"tier"`
		AccountRow
	}
	if err := accountStmt.Get(ctx, db, []any{&row}, companyID); err != nil {
		return Account{}, fmt.Errorf("loyalty: account of %d: %w", companyID, err)
	}
	return row.Account(row.Currency, row.Tier)
}

// accountStmt is AccountOf's query, prepared (the loyalty page; checkout reads
// the account with its cart, cart.Build).
var accountStmt = domain.NewPrepared(`SELECT c.currency, coalesce(c.loyalty_tier, '') AS tier, a.*
	FROM companies c CROSS JOIN LATERAL (` + AccountSQL("c.id", "c.currency", "c.loyalty_tier") + `) a WHERE c.id = $1`)

// AccountSQL selects the loyalty account of a company whose currency and
// tier the caller knows (order.Place has the locked company row), as one row
// to scan into an AccountRow, for a statement that reads more in the same
// round trip. Its column names are those of AccountRow's fields. The
// arguments are the SQL of the company id, its currency and its tier code.
func AccountSQL(company, currency, tier string) string {
	return domain.Renumber(accountSQL, company, currency, tier)
}

const accountSQL = `SELECT coalesce(t.priority, false) AS loyalty_priority,
	  coalesce((SELECT ct.loyalty_points FROM company_totals ct WHERE ct.company_id = ?0), 0) AS points_balance,
	  s.earn_unit, s.point_value, s.redeem_cap_bp, s.updated_at AS settings_updated_at
	FROM (SELECT 1) one LEFT JOIN loyalty_tiers t ON t.code = ?2
	LEFT JOIN loyalty_settings s ON s.currency = ?1`

// AccountRow is what AccountQuery selects; Account completes it.
type AccountRow struct {
	Priority    bool       `bun:"loyalty_priority"`
	Points      int        `bun:"points_balance"`
	EarnUnit    *int64     `bun:"earn_unit"` // the settings, nil without a row for the currency
	PointValue  *int64     `bun:"point_value"`
	RedeemCapBP *int       `bun:"redeem_cap_bp"`
	UpdatedAt   *time.Time `bun:"settings_updated_at"`
}

// Account is the account the row describes, with the currency's default
// settings when it has no row of its own.
func (r AccountRow) Account(cur domain.Currency, tier string) (Account, error) {
	var s Settings
	if r.EarnUnit == nil {
		d, ok := defaults[cur]
		if !ok {
			return Account{}, fmt.Errorf("loyalty: no settings for %s", cur)
		}
		s = d
	} else {
		s = Settings{Currency: cur, EarnUnit: *r.EarnUnit, PointValue: *r.PointValue, RedeemCapBP: *r.RedeemCapBP, UpdatedAt: *r.UpdatedAt}
	}
	return Account{Currency: cur, Tier: tier, Priority: r.Priority, Balance: r.Points, Settings: s}, nil
}

// Redemption is the points an order uses and what they take off its net.
type Redemption struct {
	Points int
	Value  int64
}

// Reasons a redemption is refused.
const (
	ReasonBalance = "balance" // more points than the balance
	ReasonCap     = "cap"     // more than the cap allows for this order
	ReasonTooFew  = "too_few" // too few points to be worth a minor unit
)

// RedeemError refuses a redemption; nothing was written. Max is the most
// points the order could use.
type RedeemError struct {
	Reason  string
	Wanted  int
	Balance int
	Max     int
}

func (e *RedeemError) Error() string {
	return fmt.Sprintf("loyalty: cannot redeem %d points (%s; balance %d, at most %d)", e.Wanted, e.Reason, e.Balance, e.Max)
}

// Plan decides the redemption for an order with totals t: all uses as many
// points as allowed (none is no error), otherwise exactly want points or a
// *RedeemError saying why not. It is the one rule behind the checkout preview
// and order.Place.
func (a Account) Plan(t pricing.Totals, want int, all bool) (Redemption, error) {
	maxPts := a.Settings.MaxPoints(t.NetGoods, t.Discount, a.Balance)
	if all {
		want = maxPts
		if a.Settings.ValueOf(want) == 0 {
			return Redemption{}, nil
		}
	}
	if want <= 0 {
		return Redemption{}, nil
	}
	e := &RedeemError{Wanted: want, Balance: max(a.Balance, 0), Max: maxPts}
	switch {
	case want > a.Balance:
		e.Reason = ReasonBalance
	case want > maxPts:
		e.Reason = ReasonCap
	case a.Settings.ValueOf(want) == 0:
		e.Reason = ReasonTooFew
	default:
		return Redemption{Points: want, Value: a.Settings.ValueOf(want)}, nil
	}
	return Redemption{}, e
}

// ApplyPoints takes value off the goods of t as a discount after the
// order-value discount, spread over the VAT rates in proportion to their
// goods, and computes VAT again on what is really charged. value must not be
// more than the goods after the discount (Settings.CapValue sees to it).
// t is not changed; the new totals are returned.
func ApplyPoints(t pricing.Totals, value int64) pricing.Totals {
	if value <= 0 || len(t.VATParts) == 0 {
		return t
	}
	// The goods of each rate after the order-value discount, as pricing.Total
	// computed them (the delivery fee is the rest of its rate's base).
	goods := map[int]int64{}
	for _, l := range t.Lines {
		goods[l.VATRateBP] += l.Net()
	}
	var total int64
	for r, g := range goods {
		goods[r] = g - domain.PartBP(g, t.DiscountBP)
		total += goods[r]
	}
	value = min(value, total)
	if value <= 0 {
		return t
	}
	// Largest remainder: the shares add up to value exactly.
	type share struct {
		rate int
		cut  int64
		rem  int64
	}
	shares := make([]share, 0, len(t.VATParts))
	var given int64
	for _, p := range t.VATParts {
		g := goods[p.RateBP]
		cut := value * g / total
		shares = append(shares, share{rate: p.RateBP, cut: cut, rem: value * g % total})
		given += cut
	}
	order := make([]int, len(shares))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return shares[order[i]].rem > shares[order[j]].rem })
	for _, i := range order {
		if given == value {
			break
		}
		if shares[i].rem > 0 {
			shares[i].cut++
			given++
		}
	}
	out := t
	out.VATParts = make([]pricing.VATPart, len(t.VATParts))
	out.Net, out.VAT = 0, 0
	for i, p := range t.VATParts {
		p.Base -= shares[i].cut
		p.VAT = domain.PartBP(p.Base, p.RateBP)
		out.VATParts[i] = p
		out.Net += p.Base
		out.VAT += p.VAT
	}
	out.Gross = out.Net + out.VAT
	return out
}

// Debit writes an order's redemption to the ledger. The caller holds the
// company's row lock and checked the balance (Account.Plan); the ledger's
// unique key makes it once per order.
func Debit(ctx context.Context, db bun.IDB, companyID, orderID int64, points int) error {
	if points <= 0 {
		return nil
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO loyalty_ledger (company_id, order_id, kind, points) VALUES (?, ?, 'redeem', ?)`,
		companyID, orderID, -points); err != nil {
		return fmt.Errorf("loyalty: debit order %d: %w", orderID, err)
	}
	return nil
}
