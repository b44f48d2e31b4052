package portal

import (
	"net/http"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
)

// showStaffHome is the staff member's start page: My customers
// (desk_customers.go). Each customer's 360 page holds the rest.
func (s *Server) showStaffHome(w http.ResponseWriter, r *http.Request) {
	s.showMyCustomersPage(w, r)
}

// inviteCompanyUser lets a manager invite a user of one of their companies,
// from the company's 360 page, which shows the new link (or what was wrong).
func (s *Server) inviteCompanyUser(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	c, ok := s.deskCompany(w, r)
	if !ok {
		return
	}
	// Users only for approved customers: a pending registration is decided first.
	if c.Status == company.StatusPending || c.Status == company.StatusRejected {
		s.notFound(w, r)
		return
	}
	lang, ok := domain.ParseLanguage(r.PostFormValue("language"))
	if !ok {
		lang = rc.loc.Lang
	}
	token, err := account.Invite(r.Context(), s.db, account.InviteRequest{CompanyID: c.ID, Email: r.PostFormValue("email"),
		Name: r.PostFormValue("name"), Role: r.PostFormValue("role"), Language: lang, InvitedBy: rc.user.ID}, time.Now())
	errs := inviteErrors(err)
	if err != nil && errs == nil {
		s.serverError(w, r, err)
		return
	}
	if len(errs) > 0 {
		s.renderCustomer(w, r, c, http.StatusUnprocessableEntity, customerForms{InviteErrors: errs})
		return
	}
	s.renderCustomer(w, r, c, http.StatusOK, customerForms{InviteLink: s.public.String() + "/invite/" + token})
}
