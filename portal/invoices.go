package portal

import (
	"net/http"

	"partnerdesk/domain/credit"
	"partnerdesk/domain/finance"
)

func (s *Server) showInvoicesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	state := r.URL.Query().Get("state")
	switch state {
	case finance.StatePaid, finance.StateUnpaid, finance.StateOverdue:
	default:
		state = ""
	}
	today := s.todayOf(r) // one day for the whole page
	invoices, total, err := finance.Invoices(ctx, s.db, rc.company.ID, finance.InvoiceFilter{State: state, Limit: 100}, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	payments, err := finance.Payments(ctx, s.db, rc.company.ID, 20)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	bal, err := credit.BalanceOf(ctx, s.db, rc.company.ID, today, s.cfg.Credit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "invoices", map[string]any{"Nav": "invoices", "Invoices": invoices, "Total": total,
		"State": state, "Payments": payments, "Balance": bal, "Today": today,
		"Block": credit.Check(rc.company.Status, bal, 0, s.cfg.Credit)})
}
