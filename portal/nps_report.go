package portal

import (
	"net/http"
	"strconv"
	"time"

	"partnerdesk/domain/company"
	"partnerdesk/domain/nps"
)

// The staff NPS report (GET /desk/nps): NPS by month as a chart with its
// numbers in a table, by segment and by account manager, and the customers'
// comments. A manager sees the companies they look after (as manager or
// backup, as on the rest of the desk); an admin sees everyone.

const npsCommentsPageSize = 25

// npsPeriods are the periods offered, in months.
var npsPeriods = []int{3, 6, 12}

// npsRow is one line of a report table.
type npsRow struct {
	Label      string
	Score      nps.Score
	Value      string // the NPS, signed
	Promoters  string // shares, "45 %"
	Passives   string
	Detractors string
	Bar        npsBar
}

func newNPSRow(label string, s nps.Score) npsRow {
	return npsRow{Label: label, Score: s, Value: npsValue(s), Bar: newNPSBar(s),
		Promoters: npsShare(s.PromoterPct()), Passives: npsShare(s.PassivePct()), Detractors: npsShare(s.DetractorPct())}
}

// npsCommentRow is a comment with what the list says about its survey.
type npsCommentRow struct {
	nps.Comment
	Group  string // promoter, passive, detractor
	Survey string // after delivery, quarterly
	Ref    string // "order 1042", "Q4 2026"
}

// npsFilterForm is the report's filter as chosen in its form.
type npsFilterForm struct {
	Trigger string
	Months  int
}

func (s *Server) showNPSReportPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	qv := r.URL.Query()
	form := npsFilterForm{Trigger: qv.Get("trigger"), Months: 12}
	if form.Trigger != nps.TriggerAfterDelivery && form.Trigger != nps.TriggerQuarterly {
		form.Trigger = ""
	}
	if m, ok := formInt(qv.Get("months")); ok {
		for _, p := range npsPeriods {
			if m == p {
				form.Months = m
			}
		}
	}
	page, _ := formInt(qv.Get("page"))
	page = max(page, 1)
	all := rc.user.Role == company.RoleAdmin
	f := nps.Filter{Trigger: form.Trigger, Months: form.Months, Now: time.Now(), Location: s.cfg.Location, StaffID: rc.user.ID, All: all}
	rep, err := nps.BuildReport(ctx, s.db, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	comments, total, err := nps.Comments(ctx, s.db, f, npsCommentsPageSize, (page-1)*npsCommentsPageSize)
	if err != nil {
		s.serverError(w, r, err)
		return
	}

	l := rc.loc
	monthLabel := func(m nps.Month) string {
		return l.T("nps_month_full_"+strconv.Itoa(int(m.Start.Month()))) + " " + strconv.Itoa(m.Start.Year())
	}
	months := make([]npsRow, len(rep.Months))
	for i, m := range rep.Months {
		months[i] = newNPSRow(monthLabel(m), m.Score)
	}
	segments := make([]npsRow, len(rep.Segments))
	for i, g := range rep.Segments {
		segments[i] = newNPSRow(l.T("desk_nps_segment_value", map[string]any{"Segment": g.Key}), g.Score)
	}
	managers := make([]npsRow, len(rep.Managers))
	for i, g := range rep.Managers {
		name := g.Name
		if g.ID == 0 {
			name = l.T("desk_nps_no_manager")
		}
		managers[i] = newNPSRow(name, g.Score)
	}
	chart := newNPSChart(rep.Months, func(m nps.Month) string {
		return l.T("nps_month_" + strconv.Itoa(int(m.Start.Month())))
	})
	rows := make([]npsCommentRow, len(comments))
	for i, c := range comments {
		rows[i] = npsCommentRow{Comment: c, Group: c.Category(), Survey: l.T("nps_trigger_" + c.Trigger)}
		if q, ok := nps.ParseQuarter(c.Ref); ok && c.Trigger == nps.TriggerQuarterly {
			rows[i].Ref = l.T("nps_quarter_"+strconv.Itoa(q.Q), map[string]any{"Year": q.Year})
		} else {
			rows[i].Ref = l.T("desk_nps_ref_order", map[string]any{"Number": c.Ref})
		}
	}
	first, last := rep.Months[0], rep.Months[len(rep.Months)-1]
	data := map[string]any{"Nav": "desk_nps", "All": all, "Filter": form, "Periods": npsPeriods,
		"Total": newNPSRow("", rep.Total), "Months": months, "Segments": segments, "Managers": managers,
		"Chart": chart, "From": monthLabel(first), "To": monthLabel(last),
		"Comments": rows, "CommentCount": total}
	if beyondLastPage(w, r, page, total, npsCommentsPageSize) {
		return
	}
	addPager(data, "/desk/nps", qv, page, total, npsCommentsPageSize)
	s.render(w, r, http.StatusOK, "desk_nps", data)
}
