// Package header reads what the header of every customer page shows: the
// number of lines in the buyer's cart, the unread notifications and the
// company's balance. Every page asks, so it is one prepared statement — one
// round trip instead of three.
package header

import (
	"context"
	"encoding/json"
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
	return r.With(r.Balance.WithLimit(r.Currency, r.Limit)), nil
}

// Counts reads only the counts, for a page that computed the balance itself.
func Counts(ctx context.Context, db bun.IDB, userID int64) (Chips, error) {
	var c CountsRow
	if err := countsOnly.Get(ctx, db, []any{&c}, userID); err != nil {
		return Chips{}, fmt.Errorf("header: user %d: %w", userID, err)
	}
	return c.With(credit.Balance{}), nil
}

// CountsRow is what CountsSQL selects, for a statement that reads the
// counts with its own figures (cart.Build: the cart page and checkout).
type CountsRow struct {
	CartLines int `bun:"cart_lines"`
	Unread    int `bun:"unread"`
}

// With is the chips of these counts and a balance.
func (c CountsRow) With(b credit.Balance) Chips {
	return Chips{CartLines: c.CartLines, Unread: c.Unread, Balance: b}
}

// CountsSQL selects the two counts of user (the SQL of a user id, e.g.
// "$1::bigint") as columns of a select list.
func CountsSQL(user string) string {
	return domain.Renumber(countsSQL, user)
}

const countsSQL = `(SELECT count(*) FROM cart_lines WHERE user_id = ?0) AS cart_lines,
	(SELECT count(*) FROM notifications WHERE user_id = ?0 AND read_at IS NULL) AS unread`

type row struct {
	CountsRow
	credit.Balance
}

// JSONSQL selects the chips of a user of a company on a day as one JSON
// value, for a statement that reads them beside rows of its own (the order
// page, order.PageWithHeader); FromJSON reads it. The arguments are the SQL
// of the user id, the company id, the day and the days of grace.
func JSONSQL(user, company, day, grace string) string {
	return `(SELECT to_json(h) FROM (SELECT ` + CountsSQL(user) + `, b.* FROM (` +
		credit.BalanceSQL(company, day, grace) + `) b) h)`
}

// jsonRow is JSONSQL's value: its keys are the columns of Of's statement.
type jsonRow struct {
	CartLines         int             `json:"cart_lines"`
	Unread            int             `json:"unread"`
	Currency          domain.Currency `json:"currency"`
	Limit             int64           `json:"credit_limit"`
	OpenOrders        int64           `json:"open_orders"`
	UnpaidInvoices    int64           `json:"unpaid_invoices"`
	Overdue           int64           `json:"overdue"`
	OverdueCount      int             `json:"overdue_count"`
	OverdueBlocking   int64           `json:"overdue_blocking"`
	OldestOverdueDays int             `json:"oldest_overdue_days"`
}

// FromJSON reads the chips JSONSQL selected.
func FromJSON(raw json.RawMessage) (Chips, error) {
	var r jsonRow
	if err := json.Unmarshal(raw, &r); err != nil {
		return Chips{}, fmt.Errorf("header: %w", err)
	}
	b := credit.Balance{OpenOrders: r.OpenOrders, UnpaidInvoices: r.UnpaidInvoices, Overdue: r.Overdue,
		OverdueCount: r.OverdueCount, OverdueBlocking: r.OverdueBlocking, OldestOverdueDays: r.OldestOverdueDays}
	return CountsRow{CartLines: r.CartLines, Unread: r.Unread}.With(b.WithLimit(r.Currency, r.Limit)), nil
}

var (
	countsOnly = domain.NewPrepared(`SELECT ` + CountsSQL("$1::bigint"))
	// $1 user, $2 company, $3 day, $4 days of grace.
	withBalance = domain.NewPrepared(`SELECT ` + CountsSQL("$1::bigint") + `, b.* FROM (` +
		credit.BalanceSQL("$2::bigint", "$3::date", "$4::int") + `) b`)
)
