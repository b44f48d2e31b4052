package portal

import (
	"net/http"
	"time"

	"partnerdesk/domain/complaint"
	"partnerdesk/locales"
)

// Complaints on the customer's side: the list, the form (complaint_new.go)
// and one complaint with its thread (complaint_show.go). The staff's queue is
// in desk_complaints.go.

func (s *Server) showComplaintsPage(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	cs, err := complaint.List(r.Context(), s.db, rc.company.ID, false, 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cal, err := s.newCalendars().country(r.Context(), rc.company.Country)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	views := make([]complaintView, len(cs))
	for i, c := range cs {
		views[i] = complaintView{c}
	}
	s.render(w, r, http.StatusOK, "complaints", map[string]any{"Nav": "complaints", "Complaints": views,
		"CanFile": rc.user.CanOrder(), "When": timeIn(cal.Location), "Now": time.Now()})
}

// complaintView is a complaint for templates, which cannot dereference its
// optional resolution themselves.
type complaintView struct{ *complaint.Complaint }

// ResolutionCode is the decision (replacement, credit_note, rejected), or ""
// while the complaint is open.
func (v complaintView) ResolutionCode() string {
	if v.Resolution == nil {
		return ""
	}
	return *v.Resolution
}

// fieldMessage translates a complaint validation failure for the form field
// it concerns.
func fieldMessage(loc *locales.Localizer, fe *complaint.FieldError) string {
	return loc.T("complaint_error_"+fe.Code, map[string]any{"Max": locales.FormatInt(int64(fe.Max))})
}

// timeIn returns a template function that writes a time (or an optional one)
// in the given zone: a customer sees SLA deadlines on their own country's
// clock, which is the one the business calendar counts in.
func timeIn(loc *time.Location) func(any) string {
	return func(v any) string {
		switch t := v.(type) {
		case time.Time:
			return locales.FormatDateTime(t.In(loc))
		case *time.Time:
			if t != nil {
				return locales.FormatDateTime(t.In(loc))
			}
		}
		return ""
	}
}
