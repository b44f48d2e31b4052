// Package header reads what the header of every customer page shows: the
// number of lines in the buyer's cart, the unread notifications and the
// company's balance. Every page asks, so it is one prepared statement — one
// round trip instead of three.
package header

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/credit"
)

// Chips is the header's figures.
type Chips struct {
	CartLines int
	Unread    int
	Balance   credit.Balance // zero when read by Counts
}

// Of reads the chips of a user of a company, with the balance on day today.
func Of(ctx context.Context, db bun.IDB, userID, companyID int64, today time.Time, p credit.Policy) (Chips, error) {
	var r row
	if err := withBalance.Get(ctx, db, []any{&r}, userID, companyID, today.Format(time.DateOnly), p.OverdueGraceDays); err != nil {
		return Chips{}, fmt.Errorf("header: user %d: %w", userID, err)
	}
	return Chips{CartLines: r.CartLines, Unread: r.Unread, Balance: r.Balance.WithLimit(r.Currency, r.Limit)}, nil
}

// Counts reads only the counts, for a page that computed the balance itself.
func Counts(ctx context.Context, db bun.IDB, userID int64) (Chips, error) {
	var c Chips
	if err := countsOnly.Get(ctx, db, []any{&c.CartLines, &c.Unread}, userID); err != nil {
		return Chips{}, fmt.Errorf("header: user %d: %w", userID, err)
	}
	return c, nil
}

type row struct {
	CartLines int `bun:"cart_lines"`
	Unread    int `bun:"unread"`
	credit.Balance
}

const countsSQL = `(SELECT count(*) FROM cart_lines WHERE user_id = $1) AS cart_lines,
	(SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL) AS unread`

var (
	countsOnly = domain.NewPrepared(`SELECT ` + countsSQL)
	// $1 user, $2 company, $3 day, $4 days of grace.
	withBalance = domain.NewPrepared(`SELECT ` + countsSQL + `, b.* FROM (` +
		credit.BalanceSQL("$2::bigint", "$3::date", "$4::int") + `) b`)
)
