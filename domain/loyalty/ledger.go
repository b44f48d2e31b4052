package loyalty

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Kinds of ledger entries.
const (
	KindEarn   = "earn"
	KindRedeem = "redeem"
	KindAdjust = "adjust"
	KindExpire = "expire"
)

// Entry is one line of a company's points ledger.
type Entry struct {
	ID          int64     `bun:"id"`
	Kind        string    `bun:"kind"`
	Points      int       `bun:"points"`
	Note        string    `bun:"note"`
	CreatedAt   time.Time `bun:"created_at"`
	OrderNumber int64     `bun:"order_number"` // 0 when not about an order
}

// Balance returns a company's points balance.
func Balance(ctx context.Context, db bun.IDB, companyID int64) (int, error) {
	var n int
	if err := db.NewRaw("SELECT coalesce(sum(points), 0) FROM loyalty_ledger WHERE company_id = ?", companyID).Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("loyalty: balance of %d: %w", companyID, err)
	}
	return n, nil
}

// Ledger returns a company's entries, newest first, from offset, and how many
// there are in all.
func Ledger(ctx context.Context, db bun.IDB, companyID int64, offset, limit int) ([]Entry, int, error) {
	var total int
	if err := db.NewRaw("SELECT count(*) FROM loyalty_ledger WHERE company_id = ?", companyID).Scan(ctx, &total); err != nil {
		return nil, 0, fmt.Errorf("loyalty: ledger count: %w", err)
	}
	var es []Entry
	err := db.NewRaw(`SELECT l.id, l.kind, l.points, l.note, l.created_at, coalesce(o.number, 0) AS order_number
		FROM loyalty_ledger l LEFT JOIN orders o ON o.id = l.order_id
		WHERE l.company_id = ? ORDER BY l.created_at DESC, l.id DESC OFFSET ? LIMIT ?`, companyID, max(offset, 0), limit).Scan(ctx, &es)
	if err != nil {
		return nil, 0, fmt.Errorf("loyalty: ledger of %d: %w", companyID, err)
	}
	return es, total, nil
}

// CreditDelivered credits the points a delivered order earns, at the rate of
// the company's tier on delivery, dated at. It returns the points credited:
// 0 when the order earns none or was credited before (the ledger's unique
// (order, kind) key lets a second credit do nothing, whoever tries it).
func CreditDelivered(ctx context.Context, db bun.IDB, orderID int64, at time.Time) (int, error) {
	var o struct {
		CompanyID int64           `bun:"company_id"`
		Currency  domain.Currency `bun:"currency"`
		NetGoods  int64           `bun:"net_goods"`
		Rate      int             `bun:"rate"`
	}
	err := db.NewRaw(`SELECT o.company_id, o.currency, o.net_goods, coalesce(t.points_per_unit, ?) AS rate
		FROM orders o JOIN companies c ON c.id = o.company_id LEFT JOIN loyalty_tiers t ON t.code = c.loyalty_tier
		WHERE o.id = ?`, BaseRate, orderID).Scan(ctx, &o)
	if err != nil {
		return 0, fmt.Errorf("loyalty: order %d: %w", orderID, err)
	}
	s, err := SettingsOf(ctx, db, o.Currency)
	if err != nil {
		return 0, err
	}
	pts := s.PointsFor(o.NetGoods, o.Rate)
	if pts <= 0 {
		return 0, nil
	}
	res, err := db.ExecContext(ctx, `INSERT INTO loyalty_ledger (company_id, order_id, kind, points, created_at) VALUES (?, ?, 'earn', ?, ?)
		ON CONFLICT (order_id, kind) WHERE order_id IS NOT NULL AND kind IN ('earn', 'redeem') DO NOTHING`,
		o.CompanyID, orderID, pts, at)
	if err != nil {
		return 0, fmt.Errorf("loyalty: credit order %d: %w", orderID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return pts, nil
}
