package nps

// NPS groups of a 0–10 score.
const (
	Promoter  = "promoter"  // 9–10
	Passive   = "passive"   // 7–8
	Detractor = "detractor" // 0–6
)

// Category returns the group of a score.
func Category(score int) string {
	switch {
	case score >= 9:
		return Promoter
	case score >= 7:
		return Passive
	default:
		return Detractor
	}
}

// Score counts the answers of a group of responses by NPS group.
type Score struct {
	Promoters  int `bun:"promoters"`
	Passives   int `bun:"passives"`
	Detractors int `bun:"detractors"`
}

// Add counts one more answer.
func (s *Score) Add(score int) {
	switch Category(score) {
	case Promoter:
		s.Promoters++
	case Passive:
		s.Passives++
	default:
		s.Detractors++
	}
}

// Plus sums two counts.
func (s Score) Plus(o Score) Score {
	return Score{s.Promoters + o.Promoters, s.Passives + o.Passives, s.Detractors + o.Detractors}
}

// Total is the number of answers.
func (s Score) Total() int { return s.Promoters + s.Passives + s.Detractors }

// Empty tells that there are no answers (and so no NPS).
func (s Score) Empty() bool { return s.Total() == 0 }

// NPS is the share of promoters minus the share of detractors, in whole
// points from −100 to +100. It is computed from the counts, not from the
// rounded shares, and rounded half away from zero (12.5 → 13, −12.5 → −13).
// It is 0 when there are no answers; ask Empty first.
func (s Score) NPS() int { return roundDiv(100*(s.Promoters-s.Detractors), s.Total()) }

// PromoterPct, PassivePct and DetractorPct are the groups' shares in whole
// percent, rounded half up (they need not add up to exactly 100).
func (s Score) PromoterPct() int  { return roundDiv(100*s.Promoters, s.Total()) }
func (s Score) PassivePct() int   { return roundDiv(100*s.Passives, s.Total()) }
func (s Score) DetractorPct() int { return roundDiv(100*s.Detractors, s.Total()) }

// roundDiv divides and rounds half away from zero; 0 for a zero divisor.
func roundDiv(num, den int) int {
	if den <= 0 {
		return 0
	}
	if num < 0 {
		return -((-2*num + den) / (2 * den))
	}
	return (2*num + den) / (2 * den)
}
