package portal

import (
	"context"
	"time"

	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
)

// complaintStep is one stage of a complaint's timeline: done, with its time
// when the stage records one, or still to come.
type complaintStep struct {
	Stage string
	Done  bool
	At    *time.Time
}

// complaintTimeline lays a complaint over the normal sequence of stages. The
// review has no time of its own, and a manager may decide without one; a
// decided complaint counts as reviewed.
func complaintTimeline(c *complaint.Complaint) []complaintStep {
	created := c.CreatedAt
	return []complaintStep{
		{Stage: complaint.StageSubmitted, Done: true, At: &created},
		{Stage: complaint.StageAcknowledged, Done: c.AcknowledgedAt != nil, At: c.AcknowledgedAt},
		{Stage: complaint.StageInReview, Done: c.Stage == complaint.StageInReview || c.Stage == complaint.StageResolved},
		{Stage: complaint.StageResolved, Done: c.ResolvedAt != nil, At: c.ResolvedAt},
	}
}

// slaClock is one SLA deadline as a page shows it: when it is due, when the
// clock stopped (if it did), and the business time left or, when Overdue, the
// business time past it. The clocks run in business hours, so a deadline on
// Monday morning seen on Friday afternoon is close, not three days away.
type slaClock struct {
	Kind    string // complaint.DueAck or complaint.DueDecision
	Due     time.Time
	Stopped *time.Time
	Overdue bool
	Hours   int // whole business hours left (or past)
	Minutes int // whole business minutes left (or past), for the last hour
}

func newSLAClock(cal *complaint.Calendar, kind string, due time.Time, stopped *time.Time, now time.Time) slaClock {
	c := slaClock{Kind: kind, Due: due, Stopped: stopped}
	if stopped != nil {
		c.Overdue = stopped.After(due)
		return c
	}
	var d time.Duration
	if now.After(due) {
		c.Overdue, d = true, cal.BusinessTimeBetween(due, now)
	} else {
		d = cal.BusinessTimeBetween(now, due)
	}
	c.Hours, c.Minutes = int(d/time.Hour), int(d/time.Minute)
	return c
}

// complaintClocks returns a complaint's acknowledgement and decision clocks.
func complaintClocks(cal *complaint.Calendar, c *complaint.Complaint, now time.Time) (ack, decision slaClock) {
	return newSLAClock(cal, complaint.DueAck, c.AckDueAt, c.AcknowledgedAt, now),
		newSLAClock(cal, complaint.DueDecision, c.DecisionDueAt, c.ResolvedAt, now)
}

// calendars loads business calendars once per country for one request.
type calendars struct {
	s         *Server
	byCountry map[string]*complaint.Calendar
	byCompany map[int64]*company.Company
}

func (s *Server) newCalendars() *calendars {
	return &calendars{s: s, byCountry: map[string]*complaint.Calendar{}, byCompany: map[int64]*company.Company{}}
}

func (cs *calendars) country(ctx context.Context, country string) (*complaint.Calendar, error) {
	if cal, ok := cs.byCountry[country]; ok {
		return cal, nil
	}
	cal, err := complaint.LoadCalendar(ctx, cs.s.db, country)
	if err != nil {
		return nil, err
	}
	cs.byCountry[country] = cal
	return cal, nil
}

// company returns a company and its country's calendar.
func (cs *calendars) company(ctx context.Context, id int64) (*company.Company, *complaint.Calendar, error) {
	c, ok := cs.byCompany[id]
	if !ok {
		var err error
		if c, err = company.Get(ctx, cs.s.db, id); err != nil {
			return nil, nil, err
		}
		cs.byCompany[id] = c
	}
	cal, err := cs.country(ctx, c.Country)
	return c, cal, err
}
