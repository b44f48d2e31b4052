package insight

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Profile is the customer 360: the list's measures and signals, plus the
// year month by month, OTIF, the complaint rate and NPS history.
type Profile struct {
	*Customer

	Months []Month // the current calendar month and the 11 before it, oldest first
	OTIF   OTIF

	ComplainedOrders int // orders of the 12 months with at least one complaint
	Complaints       int // complaints filed in the 12 months

	NPS []NPSAnswer // the 12 months' answers, oldest first
}

// Month is one calendar month of orders.
type Month struct {
	Start   time.Time // the first day
	Revenue int64
	Orders  int
}

// NPSAnswer is one answer to the NPS question.
type NPSAnswer struct {
	At       time.Time `bun:"created_at"`
	Score    int       `bun:"score"`
	Comment  string    `bun:"comment"`
	Trigger  string    `bun:"trigger"`
	Channel  string    `bun:"channel"`
	UserName string    `bun:"user_name"`
}

// ComplaintRateBP is the share of the 12 months' orders that drew a
// complaint, in basis points rounded to tenths of a percent; ok is false
// without orders.
func (p *Profile) ComplaintRateBP() (int, bool) { return percentBP(p.ComplainedOrders, p.Orders, 10) }

// NPSScore is the Net Promoter Score of the 12 months' answers.
func (p *Profile) NPSScore() (int, bool) {
	scores := make([]int, len(p.NPS))
	for i, a := range p.NPS {
		scores[i] = a.Score
	}
	return NPSScore(scores)
}

// ProfileOf loads a company's 360; the caller decides whether the staff
// member may see it.
func ProfileOf(ctx context.Context, db bun.IDB, companyID int64, o Options) (*Profile, error) {
	c, err := CustomerOf(ctx, db, companyID, o)
	if err != nil {
		return nil, err
	}
	p := &Profile{Customer: c}
	if p.Months, err = months(ctx, db, companyID, o.Today); err != nil {
		return nil, err
	}
	ds, err := Deliveries(ctx, db, companyID, o.Today)
	if err != nil {
		return nil, err
	}
	p.OTIF = ComputeOTIF(ds, o.Today)
	day := o.Today.Format(time.DateOnly)
	err = db.NewRaw(`
		SELECT (SELECT count(*) FROM orders o WHERE o.company_id = ?0 AND o.status <> 'cancelled' AND o.created_at >= ?1::date - 365
		          AND EXISTS (SELECT 1 FROM complaints k WHERE k.order_id = o.id)) AS complained,
		       (SELECT count(*) FROM complaints k WHERE k.company_id = ?0 AND k.created_at >= ?1::date - 365) AS complaints`,
		companyID, day).Scan(ctx, &p.ComplainedOrders, &p.Complaints)
	if err != nil {
		return nil, fmt.Errorf("insight: complaint rate: %w", err)
	}
	err = db.NewRaw(`SELECT n.created_at, n.score, n.comment, n.trigger, n.channel, coalesce(u.name, '') AS user_name
		FROM nps_responses n LEFT JOIN users u ON u.id = n.user_id
		WHERE n.company_id = ? AND n.created_at >= ?::date - 365 ORDER BY n.created_at, n.id`, companyID, day).Scan(ctx, &p.NPS)
	if err != nil {
		return nil, fmt.Errorf("insight: nps history: %w", err)
	}
	return p, nil
}

// months sums the orders of the current calendar month and the 11 before
// it, in the customer's local time.
func months(ctx context.Context, db bun.IDB, companyID int64, today time.Time) ([]Month, error) {
	first := time.Date(today.Year(), today.Month()-11, 1, 0, 0, 0, 0, time.UTC)
	var rows []struct {
		Month   time.Time `bun:"month,type:date"`
		Revenue int64     `bun:"revenue"`
		Orders  int       `bun:"orders"`
	}
	err := db.NewRaw(`
		SELECT date_trunc('month', o.created_at AT TIME ZONE coalesce(bh.time_zone, 'UTC'))::date AS month,
		       sum(o.net_total) AS revenue, count(*) AS orders
		FROM orders o JOIN companies c ON c.id = o.company_id LEFT JOIN business_hours bh ON bh.country = c.country
		WHERE o.company_id = ? AND o.status <> 'cancelled' AND o.created_at >= ?::date - 1
		GROUP BY 1 ORDER BY 1`, companyID, first.Format(time.DateOnly)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("insight: months: %w", err)
	}
	out := make([]Month, 12)
	for i := range out {
		out[i].Start = first.AddDate(0, i, 0)
	}
	for _, r := range rows {
		if i := monthIndex(first, r.Month); i >= 0 && i < len(out) {
			out[i].Revenue, out[i].Orders = r.Revenue, r.Orders
		}
	}
	return out, nil
}

func monthIndex(first, t time.Time) int {
	return (t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month())
}

// Deliveries reads the orders the OTIF rule may judge: not cancelled, with a
// promised day in the year before today (see otif.go for the definitions).
func Deliveries(ctx context.Context, db bun.IDB, companyID int64, today time.Time) ([]Delivery, error) {
	var rows []struct {
		PromisedOn  time.Time  `bun:"promised_on,type:date"`
		DeliveredOn *time.Time `bun:"delivered_on,type:date"`
		InFull      bool       `bun:"in_full"`
	}
	err := db.NewRaw(`
		SELECT coalesce(o.expected_on, o.requested_on) AS promised_on,
		       CASE WHEN o.status = 'delivered' THEN
		         (coalesce(GREATEST(
		            (SELECT min(h.at) FROM order_status_history h WHERE h.order_id = o.id AND h.status = 'delivered'),
		            (SELECT max(s.delivered_at) FROM shipments s WHERE s.order_id = o.id)), o.updated_at)
		          AT TIME ZONE coalesce(bh.time_zone, 'UTC'))::date
		       END AS delivered_on,
		       NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
		                     AND l.qty > coalesce((SELECT sum(sl.qty) FROM shipment_lines sl WHERE sl.order_line_id = l.id), 0)) AS in_full
		FROM orders o JOIN companies c ON c.id = o.company_id LEFT JOIN business_hours bh ON bh.country = c.country
		WHERE o.company_id = ?0 AND o.status <> 'cancelled'
		  AND coalesce(o.expected_on, o.requested_on) >= ?1::date - 365 AND coalesce(o.expected_on, o.requested_on) < ?1::date
		ORDER BY 1`, companyID, today.Format(time.DateOnly)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("insight: deliveries: %w", err)
	}
	out := make([]Delivery, len(rows))
	for i, r := range rows {
		out[i] = Delivery{PromisedOn: r.PromisedOn, DeliveredOn: r.DeliveredOn, InFull: r.InFull}
	}
	return out, nil
}
