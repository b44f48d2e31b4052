package portal

import (
	"net/http"
	"slices"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
)

// showStaffHome is the staff member's start page: the companies they look
// after, each with a form to invite a user. (The full desk — handoffs,
// complaints, customer 360 — is the after-sales work.)
func (s *Server) showStaffHome(w http.ResponseWriter, r *http.Request) {
	s.renderStaffHome(w, r, http.StatusOK, nil, "", 0)
}

func (s *Server) renderStaffHome(w http.ResponseWriter, r *http.Request, status int, errs map[string]string, link string, companyID int64) {
	cs, err := company.VisibleTo(r.Context(), s.db, reqCtx(r).user)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "staff_home", map[string]any{"Nav": "desk", "Companies": cs, "Roles": account.CompanyRoles,
		"Errors": errs, "InviteLink": link, "InviteFor": companyID})
}

// inviteCompanyUser lets a manager invite a user of one of their companies.
func (s *Server) inviteCompanyUser(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	cs, err := company.VisibleTo(r.Context(), s.db, rc.user)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Users only for approved customers: a pending registration is decided first.
	if !slices.ContainsFunc(cs, func(c *company.Company) bool { return c.ID == id && c.Status != "pending" && c.Status != "rejected" }) {
		s.notFound(w, r)
		return
	}
	lang, ok := domain.ParseLanguage(r.PostFormValue("language"))
	if !ok {
		lang = rc.loc.Lang
	}
	token, err := account.Invite(r.Context(), s.db, account.InviteRequest{CompanyID: id, Email: r.PostFormValue("email"),
		Name: r.PostFormValue("name"), Role: r.PostFormValue("role"), Language: lang, InvitedBy: rc.user.ID}, time.Now())
	errs := inviteErrors(err)
	if err != nil && errs == nil {
		s.serverError(w, r, err)
		return
	}
	if len(errs) > 0 {
		s.renderStaffHome(w, r, http.StatusUnprocessableEntity, errs, "", id)
		return
	}
	s.renderStaffHome(w, r, http.StatusOK, nil, s.public.String()+"/invite/"+token, id)
}
