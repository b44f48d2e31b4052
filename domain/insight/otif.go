package insight

import "time"

// OTIF — on time in full — is the share of orders that reached the customer
// complete by the day promised.
//
//   - The promised day is the order's expected delivery date (expected_on,
//     which the ERP sets when it confirms), or the customer's requested date
//     when there is no expected one. An order with neither promised nothing
//     and is not judged.
//   - An order is judged once its promised day is over: promised within the
//     last 365 days and before today. Cancelled orders are not judged. An
//     order still open after its promised day is judged — and missed: a late
//     order is already late.
//   - Delivered on: the customer's local day of the later of the first
//     "delivered" entry of the status history and the last shipment's
//     delivery time (the order's update time if neither was recorded).
//   - On time: delivered on or before the promised day.
//   - In full: every order line shipped in at least its ordered quantity,
//     counting all of the order's shipments. An order closed as delivered
//     with a line short is on time at best, not in full.
//
// OTIF % = orders on time and in full ÷ orders judged.

// Delivery is one order as the OTIF rule sees it.
type Delivery struct {
	PromisedOn  time.Time  // the promised local day
	DeliveredOn *time.Time // the local day it was complete at the customer; nil while not delivered
	InFull      bool       // every line shipped in full
}

// OTIF counts judged orders and how they went.
type OTIF struct {
	Judged      int // orders whose promised day is over
	OnTimeFull  int // delivered by the promised day, every line in full
	Late        int // not delivered by the promised day (delivered later or not yet)
	Short       int // delivered (on time or not) with a line short
	Undelivered int // still not delivered after the promised day
}

// ComputeOTIF judges the deliveries whose promised day is before today (and
// not more than a year ago).
func ComputeOTIF(ds []Delivery, today time.Time) OTIF {
	var o OTIF
	t0 := dayNumber(today)
	for _, d := range ds {
		p := dayNumber(d.PromisedOn)
		if p >= t0 || p < t0-365 {
			continue
		}
		o.Judged++
		onTime := d.DeliveredOn != nil && dayNumber(*d.DeliveredOn) <= p
		switch {
		case d.DeliveredOn == nil:
			o.Undelivered++
		case !d.InFull:
			o.Short++
		}
		if !onTime {
			o.Late++
		}
		if onTime && d.InFull {
			o.OnTimeFull++
		}
	}
	return o
}

// PercentBP is the OTIF share in basis points rounded to whole percents; ok
// is false when no order was judged.
func (o OTIF) PercentBP() (int, bool) { return percentBP(o.OnTimeFull, o.Judged, 100) }
