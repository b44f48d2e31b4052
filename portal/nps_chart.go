package portal

import (
	"strconv"

	"partnerdesk/domain/nps"
	"partnerdesk/locales"
)

// The NPS report's pictures are drawn here, on the server, as plain SVG the
// template writes out: no script, no library, nothing the content security
// policy would stop (SVG geometry attributes are not inline styles). Bars
// stretch with the page: x positions are percentages, heights are pixels.

// npsValue writes an NPS with its sign, "—" when nobody answered.
func npsValue(s nps.Score) string {
	if s.Empty() {
		return "—"
	}
	return signed(s.NPS())
}

// signed writes a score with its sign: +45, −13, 0.
func signed(n int) string {
	if n > 0 {
		return "+" + locales.FormatInt(int64(n))
	}
	return locales.FormatInt(int64(n))
}

// npsChart is the monthly column chart: one column per month, up for a
// positive NPS, down for a negative one, around a zero line.
type npsChart struct {
	Height int
	ZeroY  float64
	Grid   []npsGridLine
	Bars   []npsColumn
}

type npsGridLine struct {
	Y     float64
	Label string
	Zero  bool
}

type npsColumn struct {
	X, W, Mid    string // percentages of the plot's width
	Y, H         float64
	Class        string // nps-up, nps-down, nps-none
	Value        string
	ValueY       float64
	Month        string
	MonthY       float64
	OddMonthSlot bool // hidden on narrow screens, where every other month is labelled
}

const (
	chartHeight = 250
	chartTop    = 22.0  // room for a value over a +100 column
	chartHalf   = 96.0  // pixels from the zero line to ±100
	chartMonthY = 244.0 // baseline of the month names
)

func newNPSChart(months []nps.Month, monthName func(m nps.Month) string) npsChart {
	zero := chartTop + chartHalf
	y := func(v int) float64 { return zero - float64(v)*chartHalf/100 }
	c := npsChart{Height: chartHeight, ZeroY: zero}
	for _, v := range []int{100, 50, 0, -50, -100} {
		c.Grid = append(c.Grid, npsGridLine{Y: y(v), Label: signed(v), Zero: v == 0})
	}
	slot := 100 / float64(len(months))
	for i, m := range months {
		col := npsColumn{
			X: pct(float64(i)*slot + slot*0.18), W: pct(slot * 0.64), Mid: pct((float64(i) + 0.5) * slot),
			Value: npsValue(m.Score), Month: monthName(m), MonthY: chartMonthY,
			OddMonthSlot: (len(months)-1-i)%2 == 1, // the latest month always keeps its name
		}
		v := m.NPS()
		switch {
		case m.Empty():
			col.Class, col.Y, col.ValueY = "nps-none", zero, zero-6
		case v >= 0:
			col.Class, col.Y, col.H = "nps-up", y(v), zero-y(v)
			col.ValueY = col.Y - 6
		default:
			col.Class, col.Y, col.H = "nps-down", zero, y(v)-zero
			col.ValueY = y(v) + 14
		}
		if col.H > 0 && col.H < 2 {
			col.H = 2 // a score of ±1 still shows
		}
		c.Bars = append(c.Bars, col)
	}
	return c
}

func pct(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "%" }

// npsBar is the small bar beside a row's NPS: from the middle of a 120-pixel
// box, right for a positive score, left for a negative one.
type npsBar struct {
	X, W  int
	Class string
}

func newNPSBar(s nps.Score) npsBar {
	if s.Empty() {
		return npsBar{X: 60, Class: "nps-none"}
	}
	v := s.NPS()
	w := (abs(v)*58 + 50) / 100
	if w == 0 && v != 0 {
		w = 1
	}
	if v < 0 {
		return npsBar{X: 60 - w, W: w, Class: "nps-down"}
	}
	return npsBar{X: 60, W: w, Class: "nps-up"}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// npsShare writes a group's share: "45 %".
func npsShare(p int) string { return locales.FormatPercent(p * 100) }
