package nps

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Filter chooses the responses of a staff report.
type Filter struct {
	Trigger string // TriggerAfterDelivery, TriggerQuarterly, or "" for both
	// Months is the period: this month and the months before it, 1–24
	// (12 when out of range).
	Months   int
	Now      time.Time
	Location *time.Location // months begin at midnight here; UTC when nil
	// StaffID is the manager asking: only the companies they look after
	// (as manager or backup, as everywhere on the desk); All for an admin.
	StaffID int64
	All     bool
}

// Period returns the first moment of the report's first month and the
// number of months.
func (f Filter) Period() (time.Time, int) {
	months := f.Months
	if months < 1 || months > 24 {
		months = 12
	}
	loc := f.location()
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(loc)
	return time.Date(now.Year(), now.Month()-time.Month(months-1), 1, 0, 0, 0, 0, loc), months
}

func (f Filter) location() *time.Location {
	if f.Location == nil || f.Location.String() == "Local" {
		return time.UTC
	}
	return f.Location
}

// responses selects the filter's responses as n, joined to their company c.
func (f Filter) responses(db bun.IDB) *bun.SelectQuery {
	from, months := f.Period()
	until := time.Date(from.Year(), from.Month()+time.Month(months), 1, 0, 0, 0, 0, from.Location())
	q := db.NewSelect().TableExpr("nps_responses AS n").
		Join("JOIN companies AS c ON c.id = n.company_id").
		Where("n.created_at >= ? AND n.created_at < ?", from, until)
	if f.Trigger == TriggerAfterDelivery || f.Trigger == TriggerQuarterly {
		q = q.Where("n.trigger = ?", f.Trigger)
	}
	if !f.All {
		q = q.Where("(c.manager_id = ? OR c.backup_manager_id = ?)", f.StaffID, f.StaffID)
	}
	return q
}

const scoreColumns = `count(*) FILTER (WHERE n.score >= 9) AS promoters,
	count(*) FILTER (WHERE n.score BETWEEN 7 AND 8) AS passives,
	count(*) FILTER (WHERE n.score <= 6) AS detractors`

// Month is one month of the report.
type Month struct {
	Start time.Time // first day, in the filter's location
	Score
}

// Group is one row of a breakdown: a segment (Key "A", "B", "C") or a
// manager (ID, Name; ID 0 for companies without one).
type Group struct {
	Key  string
	ID   int64
	Name string
	Score
}

// Report is the staff NPS report for a filter.
type Report struct {
	Total    Score
	Months   []Month // oldest first, every month of the period, empty ones too
	Segments []Group // A, B, C, always all three
	Managers []Group // by name, "no manager" last
}

// BuildReport computes the report.
func BuildReport(ctx context.Context, db bun.IDB, f Filter) (*Report, error) {
	from, months := f.Period()
	loc := f.location()
	rep := &Report{}

	var byMonth []struct {
		Month string `bun:"month"`
		Score
	}
	err := f.responses(db).ColumnExpr("to_char(n.created_at AT TIME ZONE ?, 'YYYY-MM') AS month", loc.String()).
		ColumnExpr(scoreColumns).GroupExpr("1").Scan(ctx, &byMonth)
	if err != nil {
		return nil, fmt.Errorf("nps: report by month: %w", err)
	}
	counts := make(map[string]Score, len(byMonth))
	for _, m := range byMonth {
		counts[m.Month] = m.Score
	}
	for i := range months {
		start := time.Date(from.Year(), from.Month()+time.Month(i), 1, 0, 0, 0, 0, loc)
		s := counts[start.Format("2006-01")]
		rep.Months = append(rep.Months, Month{Start: start, Score: s})
		rep.Total = rep.Total.Plus(s)
	}

	var bySegment []struct {
		Segment string `bun:"segment"`
		Score
	}
	if err := f.responses(db).ColumnExpr("c.segment").ColumnExpr(scoreColumns).GroupExpr("c.segment").Scan(ctx, &bySegment); err != nil {
		return nil, fmt.Errorf("nps: report by segment: %w", err)
	}
	for _, seg := range []string{"A", "B", "C"} {
		g := Group{Key: seg}
		for _, s := range bySegment {
			if s.Segment == seg {
				g.Score = s.Score
			}
		}
		rep.Segments = append(rep.Segments, g)
	}

	var byManager []struct {
		ID   int64  `bun:"id"`
		Name string `bun:"name"`
		Score
	}
	err = f.responses(db).Join("LEFT JOIN users AS m ON m.id = c.manager_id").
		ColumnExpr("coalesce(m.id, 0) AS id, coalesce(m.name, '') AS name").ColumnExpr(scoreColumns).
		GroupExpr("m.id, m.name").OrderExpr("m.name IS NULL, m.name, m.id").Scan(ctx, &byManager)
	if err != nil {
		return nil, fmt.Errorf("nps: report by manager: %w", err)
	}
	for _, m := range byManager {
		rep.Managers = append(rep.Managers, Group{ID: m.ID, Name: m.Name, Score: m.Score})
	}
	return rep, nil
}

// Comment is a response with a comment, for the report's list.
type Comment struct {
	ID          int64     `bun:"id"`
	Score       int       `bun:"score"`
	Text        string    `bun:"comment"`
	Trigger     string    `bun:"trigger"`
	Ref         string    `bun:"trigger_ref"`
	Channel     string    `bun:"channel"`
	CreatedAt   time.Time `bun:"created_at"`
	CompanyID   int64     `bun:"company_id"`
	CompanyName string    `bun:"company_name"`
	Segment     string    `bun:"segment"`
	AuthorName  string    `bun:"author_name"`
}

// Category is the comment's NPS group.
func (c *Comment) Category() string { return Category(c.Score) }

// Comments returns the filter's responses that have a comment, newest
// first, a page at a time, and how many there are.
func Comments(ctx context.Context, db bun.IDB, f Filter, limit, offset int) ([]Comment, int, error) {
	var cs []Comment
	n, err := f.responses(db).Join("JOIN users AS u ON u.id = n.user_id").
		ColumnExpr("n.id, n.score, n.comment, n.trigger, n.trigger_ref, n.channel, n.created_at, n.company_id").
		ColumnExpr("c.name AS company_name, c.segment, u.name AS author_name").
		Where("n.comment <> ''").OrderExpr("n.created_at DESC, n.id DESC").Limit(limit).Offset(offset).
		ScanAndCount(ctx, &cs)
	if err != nil {
		return nil, 0, fmt.Errorf("nps: comments: %w", err)
	}
	return cs, n, nil
}
