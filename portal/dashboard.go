package portal

import (
	"net/http"
	"time"

	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/order"
)

// showHome is the dashboard for customers and the desk for staff; visitors
// are asked to sign in.
func (s *Server) showHome(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	switch {
	case rc.user == nil:
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
	case rc.company == nil:
		s.showStaffHome(w, r)
	default:
		s.showDashboard(w, r)
	}
}

func (s *Server) showDashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	comp := rc.company
	today := s.todayOf(r)
	bal, err := credit.BalanceOf(ctx, s.db, comp.ID, today, s.cfg.Credit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	open, openCount, err := order.List(ctx, s.db, comp.ID, order.Filter{Status: "open", Limit: 6})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	prog, err := loyalty.ProgressOf(ctx, s.db, comp.ID, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	complaints, err := complaint.List(ctx, s.db, comp.ID, true, 5)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	manager, backup, err := company.Managers(ctx, s.db, comp)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	survey, err := s.dashboardSurvey(r, manager)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", map[string]any{
		"Nav": "dashboard", "Balance": bal, "Block": credit.Check(comp.Status, bal, 0, s.cfg.Credit),
		"OpenOrders": open, "OpenCount": openCount, "Loyalty": prog, "Complaints": complaints,
		"Manager": manager, "Backup": backup, "ShowFinance": rc.user.CanSeeFinance(), "CanOrder": rc.user.CanOrder(),
		"Survey": survey, "Now": time.Now(),
	})
}
