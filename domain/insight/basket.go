package insight

// The basket rule: the basket is shrinking when the last 3 orders' average
// net is below 70 % of the average net of the 12 months' orders (those three
// included). Judged only with at least 6 orders in the year, so the recent
// three are compared with something larger than themselves. Severity is
// medium under 50 %, low otherwise: a smaller basket often means the
// customer buys part of its range elsewhere, which is worth a question, but
// is less urgent than silence or unpaid invoices.
const (
	basketRecent    = 3
	minBasketOrders = 6
	shrinkPercent   = 70
	shrinkHigh      = 50
)

// Basket is what the basket rule looks at.
type Basket struct {
	Orders    int   // orders in the 12 months
	YearNet   int64 // their net total
	RecentNet int64 // net total of the last 3 of them (fewer when there are fewer)
}

// BasketOf builds a Basket from the year's order nets, oldest first.
func BasketOf(nets []int64) Basket {
	b := Basket{Orders: len(nets)}
	for i, n := range nets {
		b.YearNet += n
		if i >= len(nets)-basketRecent {
			b.RecentNet += n
		}
	}
	return b
}

// YearAverage is the year's average order net.
func (b Basket) YearAverage() int64 {
	if b.Orders == 0 {
		return 0
	}
	return b.YearNet / int64(b.Orders)
}

// RecentAverage is the average net of the last 3 orders.
func (b Basket) RecentAverage() int64 {
	n := min(b.Orders, basketRecent)
	if n == 0 {
		return 0
	}
	return b.RecentNet / int64(n)
}

// RecentPercent is the recent average as a whole percentage of the year's.
func (b Basket) RecentPercent() int {
	if b.YearNet <= 0 || b.Orders < basketRecent {
		return 100
	}
	// recent/3 ÷ year/orders, in integers.
	return int(b.RecentNet * int64(b.Orders) * 100 / (b.YearNet * basketRecent))
}

// Shrinking tells whether the last 3 orders' average net is below 70 % of
// the year's average.
func (b Basket) Shrinking() bool {
	if b.Orders < minBasketOrders || b.YearNet <= 0 {
		return false
	}
	// recent/3 < 0.7 × year/orders  ⇔  recent × orders × 100 < 70 × 3 × year
	return b.RecentNet*int64(b.Orders)*100 < shrinkPercent*basketRecent*b.YearNet
}

// ShrinkingBasket applies the basket rule to the year's order nets, oldest first.
func ShrinkingBasket(nets []int64) bool { return BasketOf(nets).Shrinking() }

func (b Basket) severity() Severity {
	switch {
	case !b.Shrinking():
		return 0
	case b.RecentPercent() < shrinkHigh:
		return Medium
	}
	return Low
}
