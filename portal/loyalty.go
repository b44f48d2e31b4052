package portal

import (
	"net/http"

	"partnerdesk/domain/loyalty"
)

const ledgerPageSize = 20

// showLoyaltyPage shows the company's tier with its benefits, the way to the
// next tier, the points balance with its ledger, and how the programme works.
func (s *Server) showLoyaltyPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	comp := rc.company
	prog, err := loyalty.ProgressOf(ctx, s.db, comp.ID, s.todayOf(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	tiers, err := loyalty.Tiers(ctx, s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	page, ok := formInt(r.URL.Query().Get("page"))
	if !ok || page < 1 {
		page = 1
	}
	entries, total, err := loyalty.Ledger(ctx, s.db, comp.ID, (page-1)*ledgerPageSize, ledgerPageSize)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Only the tiers this currency can reach are shown in the table.
	var offered []loyalty.Tier
	for _, t := range tiers {
		if _, ok := t.MinSpend[comp.Currency]; ok && t.Configured {
			offered = append(offered, t)
		}
	}
	data := map[string]any{
		"Nav": "loyalty", "Progress": prog, "Tiers": offered, "Entries": entries, "Total": total,
		"PointsValue": prog.Settings.ValueOf(prog.Points), "PercentBP": prog.Percent * 100, "CanOrder": rc.user.CanOrder(),
	}
	if beyondLastPage(w, r, page, total, ledgerPageSize) {
		return
	}
	addPager(data, "/loyalty", r.URL.Query(), page, total, ledgerPageSize)
	s.render(w, r, http.StatusOK, "loyalty", data)
}
