package insight

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
)

// Options are what the loaders measure against.
type Options struct {
	Today     time.Time // the business day, as a UTC date
	Now       time.Time // for the SLA clocks
	GraceDays int       // overdue invoices past this many days block ordering (credit policy)
}

// Scope is whose customers a list holds: a manager's (assigned and as
// backup), or every company for an admin.
type Scope struct {
	StaffID int64
	All     bool
}

// Customer is one company with its measures and signals, as the desk lists it.
type Customer struct {
	ID              int64           `bun:"id"`
	Name            string          `bun:"name"`
	Country         string          `bun:"country"`
	TaxID           string          `bun:"tax_id"`
	Currency        domain.Currency `bun:"currency"`
	Status          string          `bun:"status"`
	LoyaltyTier     *string         `bun:"loyalty_tier"`
	ManagerID       *int64          `bun:"manager_id"`
	BackupManagerID *int64          `bun:"backup_manager_id"`
	ManagerName     string          `bun:"manager_name"`
	BackupName      string          `bun:"backup_name"`
	ContactName     string          `bun:"contact_name"`
	ContactPhone    string          `bun:"contact_phone"`
	ContactEmail    string          `bun:"contact_email"`
	NextContactOn   *time.Time      `bun:"next_contact_on,type:date"`

	Orders       int        `bun:"orders"`  // orders placed in the 12 months
	Revenue      int64      `bun:"revenue"` // their net total
	LastOrderAt  *time.Time `bun:"last_order_at"`
	LastOrderOn  *time.Time `bun:"-"`          // the customer's local day of the last order
	RecentNet    int64      `bun:"recent_net"` // net of the last 3 of them
	OrderDayNums []int64    `bun:"order_days,array"`

	OverdueAmount   int64   `bun:"overdue_amount"`
	OverdueCount    int     `bun:"overdue_count"`
	OverdueBlocking bool    `bun:"overdue_blocking"`
	Detractors      int     `bun:"detractors"`
	LowestScore     int     `bun:"lowest_score"`
	ComplaintDueAts []int64 `bun:"complaint_dues,array"` // Unix seconds

	// Computed by the rules.
	Segment  string
	Rhythm   Rhythm
	Basket   Basket
	Signals  []Signal
	Severity Severity // the highest of the signals; 0 without any
	// segmentBar is the currency's A revenue bar, to compare revenues across currencies.
	segmentBar int64
}

// OrdersPerMonth is the 12 months' ordering frequency.
func (c *Customer) OrdersPerMonth() float64 { return OrdersPerMonth(c.Orders) }

// ContactDue tells whether the next contact is today or earlier, or not
// planned at all.
func (c *Customer) ContactDue(today time.Time) bool {
	return c.NextContactOn == nil || dayNumber(*c.NextContactOn) <= dayNumber(today)
}

// ContactOverdue tells whether the planned contact day has passed.
func (c *Customer) ContactOverdue(today time.Time) bool {
	return c.NextContactOn != nil && dayNumber(*c.NextContactOn) < dayNumber(today)
}

// HasSignal tells whether the customer shows the signal of that kind.
func (c *Customer) HasSignal(kind string) bool {
	for _, s := range c.Signals {
		if s.Kind == kind {
			return true
		}
	}
	return false
}

// AssignedAs tells how a staff member looks after the customer: "manager",
// "backup" or "" (an admin looking at someone else's customer).
func (c *Customer) AssignedAs(staffID int64) string {
	switch {
	case c.ManagerID != nil && *c.ManagerID == staffID:
		return "manager"
	case c.BackupManagerID != nil && *c.BackupManagerID == staffID:
		return "backup"
	}
	return ""
}

// Customers lists the customers in scope — active and blocked companies; a
// registration still pending or rejected is not a customer yet — with
// their measures and signals, by name. One aggregate query reads the whole
// list; business calendars are read once per country with open complaints.
func Customers(ctx context.Context, db bun.IDB, sc Scope, o Options) ([]*Customer, error) {
	where := []string{"c.status IN ('active', 'blocked')"}
	var args []any
	if !sc.All {
		where = append(where, "(c.manager_id = ? OR c.backup_manager_id = ?)")
		args = append(args, sc.StaffID, sc.StaffID)
	}
	return load(ctx, db, where, args, o)
}

// CustomerOf loads one company's measures and signals, whatever its status;
// the caller decides whether the staff member may see it.
func CustomerOf(ctx context.Context, db bun.IDB, companyID int64, o Options) (*Customer, error) {
	cs, err := load(ctx, db, []string{"c.id = ?"}, []any{companyID}, o)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, ErrNotFound
	}
	return cs[0], nil
}

// customersSQL reads a list's facts. %s is the condition on companies c,
// whose arguments come first; then, in the order of the placeholders: today,
// today, grace days, today, the highest detractor score, today, the detractor
// window in days.
const customersSQL = `
WITH vis AS (SELECT c.id FROM companies c WHERE %s),
o AS (
	SELECT o.company_id, o.net_total, o.created_at,
	       (o.created_at AT TIME ZONE coalesce(bh.time_zone, 'UTC'))::date - DATE '1970-01-01' AS day,
	       row_number() OVER (PARTITION BY o.company_id ORDER BY o.created_at DESC, o.id DESC) AS rn
	FROM orders o
	JOIN companies c ON c.id = o.company_id
	LEFT JOIN business_hours bh ON bh.country = c.country
	WHERE o.company_id IN (SELECT id FROM vis) AND o.status <> 'cancelled'
	  AND o.created_at >= ?::date - 365),
oa AS (
	SELECT company_id, count(*) AS orders, sum(net_total) AS revenue, max(created_at) AS last_order_at,
	       coalesce(sum(net_total) FILTER (WHERE rn <= 3), 0) AS recent_net,
	       array_agg(DISTINCT day ORDER BY day) AS order_days
	FROM o GROUP BY company_id),
inv AS (
	SELECT company_id, sum(gross_total - paid) AS overdue_amount, count(*) AS overdue_count,
	       bool_or(due_on < ?::date - ?::int) AS overdue_blocking
	FROM invoices
	WHERE company_id IN (SELECT id FROM vis) AND kind = 'invoice' AND paid < gross_total AND due_on < ?::date
	GROUP BY company_id),
nps AS (
	SELECT company_id, count(*) AS detractors, min(score) AS lowest_score
	FROM nps_responses
	WHERE company_id IN (SELECT id FROM vis) AND score <= ? AND created_at >= ?::date - ?::int
	GROUP BY company_id),
cmp AS (
	SELECT company_id, array_agg(due ORDER BY due) AS complaint_dues
	FROM (SELECT company_id,
	             extract(epoch FROM CASE WHEN acknowledged_at IS NULL THEN ack_due_at ELSE decision_due_at END)::bigint AS due
	      FROM complaints
	      WHERE company_id IN (SELECT id FROM vis) AND stage <> 'resolved') k
	GROUP BY company_id)
SELECT c.id, c.name, c.country, c.tax_id, c.currency, c.status, c.loyalty_tier,
       c.manager_id, c.backup_manager_id, coalesce(m.name, '') AS manager_name, coalesce(b.name, '') AS backup_name,
       c.contact_name, c.contact_phone, c.contact_email, c.next_contact_on,
       coalesce(oa.orders, 0) AS orders, coalesce(oa.revenue, 0) AS revenue, oa.last_order_at,
       coalesce(oa.recent_net, 0) AS recent_net, coalesce(oa.order_days, '{}') AS order_days,
       coalesce(inv.overdue_amount, 0) AS overdue_amount, coalesce(inv.overdue_count, 0) AS overdue_count,
       coalesce(inv.overdue_blocking, false) AS overdue_blocking,
       coalesce(nps.detractors, 0) AS detractors, coalesce(nps.lowest_score, 0) AS lowest_score,
       coalesce(cmp.complaint_dues, '{}') AS complaint_dues
FROM companies c
JOIN vis ON vis.id = c.id
LEFT JOIN users m ON m.id = c.manager_id
LEFT JOIN users b ON b.id = c.backup_manager_id
LEFT JOIN oa ON oa.company_id = c.id
LEFT JOIN inv ON inv.company_id = c.id
LEFT JOIN nps ON nps.company_id = c.id
LEFT JOIN cmp ON cmp.company_id = c.id
ORDER BY c.name, c.id`

func load(ctx context.Context, db bun.IDB, where []string, args []any, o Options) ([]*Customer, error) {
	th, err := LoadThresholds(ctx, db)
	if err != nil {
		return nil, err
	}
	day := o.Today.Format(time.DateOnly)
	args = append(args, day, day, o.GraceDays, day, DetractorMax, day, DetractorDays)
	var cs []*Customer
	q := fmt.Sprintf(customersSQL, strings.Join(where, " AND "))
	if err := db.NewRaw(q, args...).Scan(ctx, &cs); err != nil {
		return nil, fmt.Errorf("insight: customers: %w", err)
	}
	cals := map[string]*complaint.Calendar{}
	for _, c := range cs {
		var cal *complaint.Calendar
		if len(c.ComplaintDueAts) > 0 {
			if cal, err = calendarOf(ctx, db, cals, c.Country); err != nil {
				return nil, err
			}
		}
		c.compute(th.For(c.Currency), cal, o)
	}
	return cs, nil
}

// calendarOf loads a country's business calendar once per call of load.
func calendarOf(ctx context.Context, db bun.IDB, cals map[string]*complaint.Calendar, country string) (*complaint.Calendar, error) {
	if cal, ok := cals[country]; ok {
		return cal, nil
	}
	cal, err := complaint.LoadCalendar(ctx, db, country)
	if err != nil {
		return nil, fmt.Errorf("insight: %w", err)
	}
	cals[country] = cal
	return cal, nil
}

// compute applies the rules to the loaded facts.
func (c *Customer) compute(t Threshold, cal *complaint.Calendar, o Options) {
	c.segmentBar = t.ARevenue
	c.Segment = Segment(c.Revenue, c.OrdersPerMonth(), t)
	days := make([]time.Time, len(c.OrderDayNums))
	for i, n := range c.OrderDayNums {
		days[i] = dayOf(n)
	}
	c.Rhythm = NewRhythm(days, o.Today)
	if len(days) > 0 {
		c.LastOrderOn = &days[len(days)-1]
	}
	c.Basket = Basket{Orders: c.Orders, YearNet: c.Revenue, RecentNet: c.RecentNet}
	dues := make([]time.Time, len(c.ComplaintDueAts))
	for i, s := range c.ComplaintDueAts {
		dues[i] = time.Unix(s, 0)
	}
	c.Signals = Facts{Currency: c.Currency, Rhythm: c.Rhythm, Basket: c.Basket,
		OverdueAmount: c.OverdueAmount, OverdueCount: c.OverdueCount, OverdueBlocking: c.OverdueBlocking,
		Detractors: c.Detractors, LowestScore: c.LowestScore, ComplaintDues: dues, Calendar: cal}.Signals(o.Now)
	c.Severity = 0
	for _, s := range c.Signals {
		c.Severity = max(c.Severity, s.Severity)
	}
}

// Visible tells whether a staff member looks after the company: as its
// manager or backup, or as an admin.
func Visible(c *company.Company, staff *company.User) bool {
	if staff.Role == company.RoleAdmin {
		return true
	}
	return staff.Role == company.RoleManager &&
		(c.ManagerID != nil && *c.ManagerID == staff.ID || c.BackupManagerID != nil && *c.BackupManagerID == staff.ID)
}
