package insight

import (
	"math"
	"slices"
	"time"
)

// The rhythm rule: a customer's own ordering rhythm, and when it falls.
//
// The rhythm is the median gap between consecutive order days over the last
// 12 months (several orders on one day are one purchase). The median, not
// the mean, so one holiday gap does not redefine the customer.
//
// Ordering is falling when either holds:
//
//   - Silence: the days since the last order exceed 1.5 × the usual gap,
//     where the usual gap is the median but never less than a week — a
//     customer who buys every two days is not flagged by a long weekend,
//     only after 11 quiet days.
//   - Thinning: the customer still orders, but the last 90 days hold fewer
//     order days than 60 % of the rate of the 270 days before them (scaled
//     to 90 days). Judged only with at least 6 order days in those 270 days,
//     so a new customer's short history does not raise it.
//
// Severity is high when the silence passes 3 × the usual gap, or when the
// last 90 days hold no order at all; medium otherwise.
const (
	RecentDays  = 90  // the window whose rate is compared
	EarlierDays = 270 // the window it is compared with

	minRhythmDays  = 3   // order days needed for a median gap (two gaps)
	minUsualGap    = 7.0 // days
	silenceFactor  = 1.5
	silenceHigh    = 3.0
	minEarlierDays = 6
	thinningRatio  = 0.6
)

// Rhythm is a customer's ordering rhythm on a given day.
type Rhythm struct {
	OrderDays int     // distinct days with an order in the window
	MedianGap float64 // days between consecutive order days; 0 when fewer than 3 order days
	DaysSince int     // days since the last order day; -1 when there is none
	Recent    int     // order days in the last 90 days, today included
	Earlier   int     // order days in the 270 days before those
}

// NewRhythm computes the rhythm from the days a customer ordered (any order,
// duplicates allowed; dates as midnight UTC) as seen on today. Days after
// today are ignored.
func NewRhythm(days []time.Time, today time.Time) Rhythm {
	t0 := dayNumber(today)
	nums := make([]int, 0, len(days))
	for _, d := range days {
		if n := dayNumber(d); n <= t0 {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	nums = slices.Compact(nums)
	r := Rhythm{OrderDays: len(nums), DaysSince: -1}
	if len(nums) == 0 {
		return r
	}
	r.DaysSince = t0 - nums[len(nums)-1]
	for _, n := range nums {
		switch age := t0 - n; {
		case age < RecentDays:
			r.Recent++
		case age < RecentDays+EarlierDays:
			r.Earlier++
		}
	}
	if len(nums) >= minRhythmDays {
		gaps := make([]int, len(nums)-1)
		for i := 1; i < len(nums); i++ {
			gaps[i-1] = nums[i] - nums[i-1]
		}
		slices.Sort(gaps)
		if m := len(gaps) / 2; len(gaps)%2 == 1 {
			r.MedianGap = float64(gaps[m])
		} else {
			r.MedianGap = float64(gaps[m-1]+gaps[m]) / 2
		}
	}
	return r
}

// UsualGap is the gap the silence rule expects: the median, at least a week.
func (r Rhythm) UsualGap() float64 { return math.Max(r.MedianGap, minUsualGap) }

// Silent tells whether the customer has been quiet for longer than its rhythm allows.
func (r Rhythm) Silent() bool {
	return r.MedianGap > 0 && r.DaysSince >= 0 && float64(r.DaysSince) > silenceFactor*r.UsualGap()
}

// Thinning tells whether the last 90 days' order rate fell below 60 % of the
// rate of the 270 days before.
func (r Rhythm) Thinning() bool {
	if r.Earlier < minEarlierDays {
		return false
	}
	recentRate := float64(r.Recent) / RecentDays
	earlierRate := float64(r.Earlier) / EarlierDays
	return recentRate < thinningRatio*earlierRate
}

// Falling tells whether ordering is falling against the customer's own rhythm.
func (r Rhythm) Falling() bool { return r.Silent() || r.Thinning() }

// severity of a falling rhythm (0 when it is not falling).
func (r Rhythm) severity() Severity {
	switch {
	case !r.Falling():
		return 0
	case r.Silent() && float64(r.DaysSince) > silenceHigh*r.UsualGap(), r.Thinning() && r.Recent == 0:
		return High
	}
	return Medium
}

// dayNumber counts days since 1970-01-01 of t's calendar date.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayOf is the inverse of dayNumber.
func dayOf(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }
