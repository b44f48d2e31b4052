package portal

import (
	"errors"
	"net/http"

	"partnerdesk/domain/admin"
	"partnerdesk/domain/company"
)

// Administration (/desk/admin/...): staff, company assignment, price groups
// and SLA calendars. Admins only: for managers and customers these pages do
// not exist (accessAdmin answers 404).

// adminTab is one tab of the administration pages.
type adminTab struct {
	Key, Href, Label string
}

var adminTabs = []adminTab{
	{"staff", "/desk/admin/staff", "admin_tab_staff"},
	{"companies", "/desk/admin/companies", "admin_tab_companies"},
	{"price_groups", "/desk/admin/price-groups", "admin_tab_price_groups"},
	{"sla", "/desk/admin/sla", "admin_tab_sla"},
	{"loyalty", "/desk/loyalty", "loyalty_admin_title"}, // its own page (portal/loyalty_desk.go)
}

func (s *Server) showAdminHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/desk/admin/staff", http.StatusSeeOther)
}

// renderAdmin renders an administration page under its tab.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, page, tab string, data map[string]any) {
	data["Nav"], data["AdminTabs"], data["AdminTab"] = "admin", adminTabs, tab
	s.render(w, r, status, page, data)
}

// adminMessages turns the domain's refusals into message ids, field by field.
func adminMessages(fe admin.FieldErrors) map[string]string {
	out := make(map[string]string, len(fe))
	for field, reason := range fe {
		out[field] = "admin_error_" + reason
	}
	return out
}

// adminFailed answers the errors every administration action may meet: a
// thing that is not there (404, as for an admin who lost the role since the
// page was loaded) or a server error. It returns false for nil.
func (s *Server) adminFailed(w http.ResponseWriter, r *http.Request, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, company.ErrNotFound), errors.Is(err, admin.ErrNotAdmin):
		s.notFound(w, r)
	default:
		s.serverError(w, r, err)
	}
	return true
}
