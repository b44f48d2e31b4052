package insight

import (
	"cmp"
	"slices"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/nps"
)

// Risk signals: what tells an account manager that a customer may be
// slipping away, each with a severity.
//
//   - falling_frequency: ordering falls against the customer's own rhythm
//     (rhythm.go); high after a long silence, else medium.
//   - overdue_invoices: invoices unpaid after their due date; high when one is
//     past the grace period that blocks ordering, else medium.
//   - detractor: an NPS answer of 0–6 in the last 90 days; high for 0–4.
//   - complaint_sla: open complaints whose next deadline (acknowledgement,
//     then decision) is within 8 business hours of the customer's country,
//     or past; high when past, else medium.
//   - shrinking_basket: the last orders are much smaller than usual
//     (basket.go); medium under half the usual, else low.
const (
	SignalFalling      = "falling_frequency"
	SignalOverdue      = "overdue_invoices"
	SignalDetractor    = "detractor"
	SignalComplaintSLA = "complaint_sla"
	SignalBasket       = "shrinking_basket"
)

// SignalKinds lists the signals in the order the desk shows them.
var SignalKinds = []string{SignalFalling, SignalOverdue, SignalDetractor, SignalComplaintSLA, SignalBasket}

// The rules' windows and bars.
const (
	DetractorDays    = 90            // an NPS answer older than this is followed up already or stale
	DetractorMax     = 6             // 0–6 is a detractor
	detractorHighMax = 4             // 0–4 is a loud one
	SLAWarning       = 8 * time.Hour // business time before a complaint deadline that counts as near
)

// Severity of a signal.
type Severity int

// Severities, least urgent first.
const (
	Low Severity = iota + 1
	Medium
	High
)

func (s Severity) String() string {
	switch s {
	case High:
		return "high"
	case Medium:
		return "medium"
	case Low:
		return "low"
	}
	return ""
}

// Signal is one risk signal with what the desk tells about it.
type Signal struct {
	Kind     string
	Severity Severity

	Silent       bool  // falling: raised by the silence rule (else by thinning)
	Days         int   // falling: days since the last order
	UsualGap     int   // falling: the usual gap in days (rounded median)
	Recent       int   // falling: order days in the last 90 days
	EarlierPer90 int   // falling: order days per 90 days before that (rounded)
	Count        int   // invoices overdue, detractor answers, complaints near or past their deadline
	Past         int   // complaint_sla: how many of Count are past their deadline
	Amount       int64 // overdue: amount unpaid past due
	Currency     domain.Currency
	Blocking     bool // overdue: some invoice is past the grace period and blocks ordering
	Score        int  // detractor: the lowest score
	PercentBP    int  // basket: the last orders' average as a share of the year's, in basis points
	ThresholdBP  int  // basket: the rule's bar, in basis points
}

// Facts are what the signals are computed from.
type Facts struct {
	Currency        domain.Currency
	Rhythm          Rhythm
	Basket          Basket
	OverdueAmount   int64 // unpaid after the due date
	OverdueCount    int
	OverdueBlocking bool // some invoice is past the grace period
	Detractors      int  // detractor answers in the last 90 days
	LowestScore     int  // the lowest of them
	ComplaintDues   []time.Time
	Calendar        *complaint.Calendar // the country's business hours; nil = wall-clock hours
}

// ComplaintsNearSLA counts the deadlines that are past, and those not past
// but within 8 business hours of now.
func ComplaintsNearSLA(dues []time.Time, cal *complaint.Calendar, now time.Time) (near, past int) {
	for _, due := range dues {
		var left time.Duration
		switch {
		case !now.Before(due):
			past++
			continue
		case cal != nil:
			left = cal.BusinessTimeBetween(now, due)
		default:
			left = due.Sub(now)
		}
		if left <= SLAWarning {
			near++
		}
	}
	return near, past
}

// Signals applies every rule, the most severe first.
func (f Facts) Signals(now time.Time) []Signal {
	var out []Signal
	if sev := f.Rhythm.severity(); sev > 0 {
		r := f.Rhythm
		out = append(out, Signal{Kind: SignalFalling, Severity: sev, Silent: r.Silent(), Days: r.DaysSince,
			UsualGap: int(r.MedianGap + 0.5), Recent: r.Recent, EarlierPer90: (r.Earlier*RecentDays + EarlierDays/2) / EarlierDays})
	}
	if f.OverdueCount > 0 {
		sev := Medium
		if f.OverdueBlocking {
			sev = High
		}
		out = append(out, Signal{Kind: SignalOverdue, Severity: sev, Count: f.OverdueCount, Amount: f.OverdueAmount,
			Currency: f.Currency, Blocking: f.OverdueBlocking})
	}
	if f.Detractors > 0 {
		sev := Medium
		if f.LowestScore <= detractorHighMax {
			sev = High
		}
		out = append(out, Signal{Kind: SignalDetractor, Severity: sev, Count: f.Detractors, Score: f.LowestScore})
	}
	if near, past := ComplaintsNearSLA(f.ComplaintDues, f.Calendar, now); near+past > 0 {
		sev := Medium
		if past > 0 {
			sev = High
		}
		out = append(out, Signal{Kind: SignalComplaintSLA, Severity: sev, Count: near + past, Past: past})
	}
	if sev := f.Basket.severity(); sev > 0 {
		out = append(out, Signal{Kind: SignalBasket, Severity: sev, PercentBP: f.Basket.RecentPercent() * 100, ThresholdBP: shrinkPercent * 100})
	}
	slices.SortStableFunc(out, func(a, b Signal) int { return cmp.Compare(b.Severity, a.Severity) })
	return out
}

// NPSScore is the Net Promoter Score of the answers (nps.Score.NPS: the
// percentage of promoters minus that of detractors, from −100 to 100); ok is
// false without answers.
func NPSScore(scores []int) (int, bool) {
	var s nps.Score
	for _, v := range scores {
		s.Add(v)
	}
	if s.Empty() {
		return 0, false
	}
	return s.NPS(), true
}
