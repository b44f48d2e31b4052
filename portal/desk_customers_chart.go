package portal

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"partnerdesk/domain/insight"
	"partnerdesk/locales"
)

// Charts of the customer 360, drawn on the server as inline SVG. Horizontal
// positions are percentages and vertical ones pixels, so a chart fills its
// card at any width while its text keeps its size; the y axis labels sit in
// a narrow SVG of their own beside the plot. Every chart has a title and a
// description, and its values are also in a table under it.

const (
	custChartHeight = 180 // px of the plot area
	custChartTop    = 10  // px above the highest gridline, for the top label
	custChartBottom = 24  // px under the plot for the month labels
)

// custChart is what the chart templates draw.
type custChart struct {
	ID     string
	Title  string
	Desc   string
	Height int // of the whole SVG
	LabelY int // of the month labels
	Base   float64
	Ticks  []custChartTick
	Months []custChartMonth
	Bars   []custChartBar
	Lines  []custChartLine
	Points []custChartPoint
	Zones  []custChartZone
	Guide  *custChartTick // a reference line (the average)
}

type custChartTick struct {
	Y     float64
	Label string
}

type custChartMonth struct {
	X     float64 // centre, percent
	Label string
	Odd   bool // every other label hides on a phone
}

type custChartBar struct {
	X, W  float64 // percent
	Y, H  float64 // px
	Title string
	Now   bool // the current, unfinished month
}

type custChartLine struct{ X1, Y1, X2, Y2 float64 }

type custChartPoint struct {
	X, Y  float64
	Title string
	Class string
}

type custChartZone struct {
	Y, H  float64
	Class string
}

// custNiceStep picks a gridline step of 1, 2 or 5 × 10^n that gives at most
// four steps up to hi.
func custNiceStep(hi float64) float64 {
	if hi <= 0 {
		return 1
	}
	raw := hi / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// custYOf places a value on the plot whose top gridline is top.
func custYOf(v, top float64) float64 {
	if top <= 0 {
		return custChartTop + custChartHeight
	}
	return r2(custChartTop + custChartHeight*(1-v/top))
}

// r2 rounds a coordinate to hundredths, which is all an SVG needs.
func r2(v float64) float64 { return math.Round(v*100) / 100 }

// newCustChart starts a chart of the usual size.
func newCustChart(id, title string, top float64, ms []custChartMonth) custChart {
	return custChart{ID: id, Title: title, Height: custChartTop + custChartHeight + custChartBottom,
		LabelY: custChartTop + custChartHeight + custChartBottom - 7, Base: custYOf(0, top), Months: ms}
}

// custTicks returns gridlines from 0 to the first step at or above hi.
func custTicks(hi float64, label func(float64) string) ([]custChartTick, float64) {
	step := custNiceStep(hi)
	top := step * math.Max(1, math.Ceil(hi/step))
	var out []custChartTick
	for v := 0.0; v <= top+step/2; v += step {
		out = append(out, custChartTick{Y: custYOf(v, top), Label: label(v)})
	}
	return out, top
}

// custCompactMoney writes an axis amount (major units) short: 120 tys., 1,5 mln.
func custCompactMoney(loc *locales.Localizer, major float64) string {
	switch {
	case major >= 1_000_000:
		return loc.T("cust_chart_millions", map[string]any{"N": custTrimDecimal(major / 1_000_000)})
	case major >= 1_000:
		return loc.T("cust_chart_thousands", map[string]any{"N": custTrimDecimal(major / 1_000)})
	}
	return custTrimDecimal(major)
}

// custTrimDecimal writes a number with at most one decimal, with a decimal comma.
func custTrimDecimal(v float64) string {
	n := int64(math.Round(v * 10))
	if n%10 == 0 {
		return locales.FormatInt(n / 10)
	}
	return locales.FormatInt(n/10) + "," + strconv.FormatInt(n%10, 10)
}

func custMonthName(loc *locales.Localizer, t time.Time) string {
	return loc.T(fmt.Sprintf("cust_month_%d", int(t.Month())))
}

func custChartMonths(loc *locales.Localizer, ms []insight.Month) []custChartMonth {
	out := make([]custChartMonth, len(ms))
	w := 100 / float64(len(ms))
	for i, m := range ms {
		out[i] = custChartMonth{X: r2(w * (float64(i) + 0.5)), Label: custMonthName(loc, m.Start), Odd: (len(ms)-1-i)%2 == 1}
	}
	return out
}

// custRevenueChart draws the net revenue of each month as bars.
func custRevenueChart(loc *locales.Localizer, p *insight.Profile) custChart {
	var hi, total int64
	best := 0
	for i, m := range p.Months {
		total += m.Revenue
		if m.Revenue > hi {
			hi, best = m.Revenue, i
		}
	}
	ts, top := custTicks(float64(hi)/100, func(v float64) string { return custCompactMoney(loc, v) })
	c := newCustChart("chart-revenue", loc.T("cust_chart_revenue_title", map[string]any{"Currency": custCurrencyName(loc, p)}),
		top, custChartMonths(loc, p.Months))
	c.Ticks = ts
	if hi > 0 {
		c.Desc = loc.T("cust_chart_revenue_desc", map[string]any{"Total": locales.FormatMoney(total, p.Currency),
			"Month": custMonthName(loc, p.Months[best].Start), "Best": locales.FormatMoney(hi, p.Currency)})
	} else {
		c.Desc = loc.T("cust_chart_no_orders")
	}
	w := 100 / float64(len(p.Months))
	for i, m := range p.Months {
		y := custYOf(float64(m.Revenue)/100, top)
		c.Bars = append(c.Bars, custChartBar{X: r2(w*float64(i) + w*0.18), W: r2(w * 0.64), Y: y, H: r2(c.Base - y), Now: i == len(p.Months)-1,
			Title: custMonthName(loc, m.Start) + " " + strconv.Itoa(m.Start.Year()) + ": " + locales.FormatMoney(m.Revenue, p.Currency)})
	}
	return c
}

func custCurrencyName(loc *locales.Localizer, p *insight.Profile) string {
	return loc.T("cust_currency_" + string(p.Currency))
}

// custOrdersChart draws the number of orders of each month as a line with
// points, and the year's monthly average as a dashed guide.
func custOrdersChart(loc *locales.Localizer, p *insight.Profile) custChart {
	hi := 0
	for _, m := range p.Months {
		hi = max(hi, m.Orders)
	}
	avg := p.OrdersPerMonth()
	ts, top := custTicks(math.Max(float64(hi), math.Max(avg, 4)), func(v float64) string { return custTrimDecimal(v) })
	c := newCustChart("chart-orders", loc.T("cust_chart_orders_title"), top, custChartMonths(loc, p.Months))
	c.Ticks = ts
	c.Desc = loc.T("cust_chart_orders_desc", map[string]any{"Average": formatTenths(avg), "Count": locales.FormatInt(int64(p.Orders))})
	if avg > 0 {
		c.Guide = &custChartTick{Y: custYOf(avg, top), Label: loc.T("cust_chart_average", map[string]any{"Value": formatTenths(avg)})}
	}
	w := 100 / float64(len(p.Months))
	for i, m := range p.Months {
		pt := custChartPoint{X: r2(w * (float64(i) + 0.5)), Y: custYOf(float64(m.Orders), top), Class: "pt-orders",
			Title: loc.TN("cust_chart_orders_point", m.Orders, map[string]any{"Month": custMonthName(loc, m.Start) + " " + strconv.Itoa(m.Start.Year())})}
		if i > 0 {
			prev := c.Points[i-1]
			c.Lines = append(c.Lines, custChartLine{X1: prev.X, Y1: prev.Y, X2: pt.X, Y2: pt.Y})
		}
		c.Points = append(c.Points, pt)
	}
	return c
}

// custNpsChart places every NPS answer of the 12 months by its day and score,
// over bands for detractors (0–6), passives (7–8) and promoters (9–10).
func custNpsChart(loc *locales.Localizer, p *insight.Profile, tz *time.Location) custChart {
	top := 10.0
	c := newCustChart("chart-nps", loc.T("cust_chart_nps_title"), top, custChartMonths(loc, p.Months))
	for _, v := range []float64{0, 5, 10} {
		c.Ticks = append(c.Ticks, custChartTick{Y: custYOf(v, top), Label: custTrimDecimal(v)})
	}
	// Bands span their scores: detractors from 0 to 6.5, passives to 8.5.
	c.Zones = []custChartZone{
		{Y: custYOf(6.5, top), H: r2(custYOf(0, top) - custYOf(6.5, top)), Class: "zone-detractor"},
		{Y: custYOf(8.5, top), H: r2(custYOf(6.5, top) - custYOf(8.5, top)), Class: "zone-passive"},
		{Y: custYOf(10, top), H: r2(custYOf(8.5, top) - custYOf(10, top)), Class: "zone-promoter"},
	}
	if score, ok := p.NPSScore(); ok {
		c.Desc = loc.TN("cust_chart_nps_desc", len(p.NPS), map[string]any{"Score": signed(score)})
	} else {
		c.Desc = loc.T("cust_chart_nps_none")
	}
	if len(p.Months) == 0 {
		return c
	}
	first := p.Months[0].Start
	w := 100 / float64(len(p.Months))
	for _, a := range p.NPS {
		local := a.At.In(tz)
		i := (local.Year()-first.Year())*12 + int(local.Month()) - int(first.Month())
		if i < 0 || i >= len(p.Months) {
			continue
		}
		days := time.Date(local.Year(), local.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		frac := (float64(local.Day()) - 0.5) / float64(days)
		class := "pt-passive"
		switch {
		case a.Score >= 9:
			class = "pt-promoter"
		case a.Score <= insight.DetractorMax:
			class = "pt-detractor"
		}
		c.Points = append(c.Points, custChartPoint{X: r2(w * (float64(i) + frac)), Y: custYOf(float64(a.Score), top), Class: class,
			Title: locales.FormatDate(local) + ": " + strconv.Itoa(a.Score)})
	}
	return c
}
