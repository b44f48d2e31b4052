package portal

import (
	"net/http"

	"partnerdesk/domain/complaint"
)

func (s *Server) showComplaintsPage(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	cs, err := complaint.List(r.Context(), s.db, rc.company.ID, false, 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "complaints", map[string]any{"Nav": "complaints", "Complaints": cs})
}
