// Package loyalty runs the points ledger and the Silver/Gold/Platinum tiers.
package loyalty

import "partnerdesk/domain"

// pointsPerMajorUnit converts spend to points so that the same purchase earns
// about the same points in every currency: 1 per złoty, 4 per euro, 1 per 20 roubles.
var pointsPerMajorUnit = map[domain.Currency]float64{domain.PLN: 1, domain.EUR: 4, domain.RUB: 0.05}

// PointsFor returns the points a delivered order of net goods value net earns
// for a company whose tier multiplies points by multiplier (1 when no tier).
func PointsFor(cur domain.Currency, net int64, multiplier int) int {
	if multiplier < 1 {
		multiplier = 1
	}
	return int(float64(net/100)*pointsPerMajorUnit[cur]) * multiplier
}
