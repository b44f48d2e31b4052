package credit

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Drift is a company whose running totals (company_totals, kept by
// triggers) differ from what its history adds up to.
type Drift struct {
	CompanyID  int64 `bun:"company_id"`
	Name       string
	OpenOrders int64 `bun:"open_orders"` // gross of orders neither cancelled nor invoiced
	KeptOpen   int64 `bun:"kept_open"`   // what company_totals says
	Points     int64 `bun:"points"`      // sum of the loyalty ledger
	KeptPoints int64 `bun:"kept_points"` // what company_totals says
	Missing    bool  // the company has no row at all
}

// driftSQL lists the companies whose kept totals differ from their history,
// in company order.
const driftSQL = `
	SELECT c.id AS company_id, c.name,
	  coalesce((SELECT sum(o.gross_total) FROM orders o
	            WHERE o.company_id = c.id AND o.status <> 'cancelled' AND o.invoice_count = 0), 0) AS open_orders,
	  coalesce((SELECT sum(l.points) FROM loyalty_ledger l WHERE l.company_id = c.id), 0) AS points,
	  coalesce(t.open_orders, 0) AS kept_open, coalesce(t.loyalty_points, 0) AS kept_points,
	  t.company_id IS NULL AS missing
	FROM companies c LEFT JOIN company_totals t ON t.company_id = c.id`

// CheckTotals recomputes every company's totals from its orders and loyalty
// ledger and returns those that differ from the kept ones (none, while the
// triggers have seen every change). A company without orders or points
// needs no row.
func CheckTotals(ctx context.Context, db bun.IDB) ([]Drift, error) {
	var all []Drift
	if err := db.NewRaw(driftSQL+" ORDER BY c.id").Scan(ctx, &all); err != nil {
		return nil, fmt.Errorf("credit: check totals: %w", err)
	}
	var drifts []Drift
	for _, d := range all {
		if d.OpenOrders != d.KeptOpen || d.Points != d.KeptPoints {
			drifts = append(drifts, d)
		}
	}
	return drifts, nil
}

// RebuildTotals sets every company's kept totals to what its history adds
// up to, and returns the companies it corrected. Orders and the loyalty
// ledger are held still meanwhile (SHARE: readers go on, writers wait a
// moment), so no change can fall between the sums and the rows written.
func RebuildTotals(ctx context.Context, db bun.IDB) ([]Drift, error) {
	var fixed []Drift
	err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "LOCK TABLE orders, loyalty_ledger IN SHARE MODE"); err != nil {
			return err
		}
		drifts, err := CheckTotals(ctx, tx)
		if err != nil {
			return err
		}
		for _, d := range drifts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO company_totals (company_id, open_orders, loyalty_points) VALUES (?, ?, ?)
				ON CONFLICT (company_id) DO UPDATE SET open_orders = excluded.open_orders, loyalty_points = excluded.loyalty_points`,
				d.CompanyID, d.OpenOrders, d.Points); err != nil {
				return err
			}
		}
		fixed = drifts
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("credit: rebuild totals: %w", err)
	}
	return fixed, nil
}
