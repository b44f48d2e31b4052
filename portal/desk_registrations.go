package portal

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"partnerdesk/domain/company"
	"partnerdesk/domain/registration"
	"partnerdesk/domain/taxid"
)

// showRegistrationsPage lists the applications waiting for a decision.
func (s *Server) showRegistrationsPage(w http.ResponseWriter, r *http.Request) {
	u := reqCtx(r).user
	rs, err := registration.ListPending(r.Context(), s.db, u.ID, u.Role == company.RoleAdmin)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "desk_registrations", map[string]any{"Nav": "registrations", "Registrations": rs})
}

// approveForm is the approval form as typed; Errors maps a field to a message id.
type approveForm struct {
	PriceGroup, PaymentTerms, CreditLimit, Manager, Backup, OwnerEmail string
	Errors                                                             map[string]string
}

// rejectForm is the rejection form as typed.
type rejectForm struct {
	Reason string
	Errors map[string]string
}

// registrationPage is what the application page shows besides the company.
type registrationPage struct {
	status      int
	approve     approveForm
	reject      rejectForm
	formError   string // a message id for the whole page
	inviteLink  string
	inviteEmail string
}

func (s *Server) showRegistrationPage(w http.ResponseWriter, r *http.Request) {
	s.renderRegistration(w, r, registrationPage{status: http.StatusOK})
}

// loadRegistration finds the application of the path's {id} that the signed-in
// staff member may see; false when it answered 404 or an error.
func (s *Server) loadRegistration(w http.ResponseWriter, r *http.Request) (*registration.Registration, bool) {
	u := reqCtx(r).user
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	reg, err := registration.Get(r.Context(), s.db, id, u.ID, u.Role == company.RoleAdmin)
	switch {
	case errors.Is(err, company.ErrNotFound):
		s.notFound(w, r)
		return nil, false
	case err != nil:
		s.serverError(w, r, err)
		return nil, false
	}
	return reg, true
}

func (s *Server) renderRegistration(w http.ResponseWriter, r *http.Request, p registrationPage) {
	ctx := r.Context()
	reg, ok := s.loadRegistration(w, r)
	if !ok {
		return
	}
	groups, err := registration.PriceGroups(ctx, s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	staff, err := registration.Staff(ctx, s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if p.approve.Errors == nil {
		// A fresh form: the smallest discount, the usual terms, the
		// approving manager as the account manager.
		p.approve = approveForm{PaymentTerms: "14", OwnerEmail: reg.ContactEmail, Errors: map[string]string{}}
		if len(groups) > 0 {
			p.approve.PriceGroup = strconv.FormatInt(groups[0].ID, 10)
		}
		if u := reqCtx(r).user; u.Role == company.RoleManager {
			p.approve.Manager = strconv.FormatInt(u.ID, 10)
		}
	}
	if p.reject.Errors == nil {
		p.reject.Errors = map[string]string{}
	}
	var managers [2]*company.User
	for _, u := range staff {
		if reg.ManagerID != nil && u.ID == *reg.ManagerID {
			managers[0] = u
		}
		if reg.BackupManagerID != nil && u.ID == *reg.BackupManagerID {
			managers[1] = u
		}
	}
	s.render(w, r, p.status, "desk_registration", map[string]any{"Nav": "registrations", "Reg": reg,
		"TaxID":   taxid.Format(taxid.Country(reg.Country), reg.TaxID),
		"Billing": strings.Split(reg.BillingAddress, "\n"), "Delivery": strings.Split(reg.DeliveryAddress, "\n"), "PriceGroups": groups, "Staff": staff,
		"Manager": managers[0], "Backup": managers[1], "Approve": p.approve, "Reject": p.reject,
		"FormError": p.formError, "InviteLink": p.inviteLink, "InviteEmail": p.inviteEmail})
}

// approveRegistration activates the company and shows the owner's invitation
// link, to be passed to the contact person (as the desk's invite form does).
func (s *Server) approveRegistration(w http.ResponseWriter, r *http.Request) {
	reg, ok := s.loadRegistration(w, r)
	if !ok {
		return
	}
	form := approveForm{PriceGroup: r.PostFormValue("price_group"), PaymentTerms: r.PostFormValue("payment_terms_days"),
		CreditLimit: r.PostFormValue("credit_limit"), Manager: r.PostFormValue("manager"), Backup: r.PostFormValue("backup"),
		OwnerEmail: r.PostFormValue("owner_email"), Errors: map[string]string{}}
	in := registration.ApproveInput{OwnerEmail: form.OwnerEmail}
	in.PriceGroupID, _ = formInt64(form.PriceGroup) // 0 = no group
	in.ManagerID, _ = formInt64(form.Manager)
	in.BackupManagerID, _ = formInt64(form.Backup)
	if n, ok := formInt(form.PaymentTerms); ok {
		in.PaymentTermsDays = n
	} else {
		form.Errors["payment_terms_days"] = "register_error_number"
	}
	if strings.TrimSpace(form.CreditLimit) == "" {
		form.Errors["credit_limit"] = "register_error_required"
	} else if n, ok := parseAmount(form.CreditLimit); ok {
		in.CreditLimit = n
	} else {
		form.Errors["credit_limit"] = "register_error_amount_format"
	}
	if len(form.Errors) > 0 {
		s.renderRegistration(w, r, registrationPage{status: http.StatusUnprocessableEntity, approve: form})
		return
	}
	ap, err := registration.Approve(r.Context(), s.db, reg.ID, in, reqCtx(r).user.ID, time.Now())
	var fe registration.FieldErrors
	switch {
	case err == nil:
		s.renderRegistration(w, r, registrationPage{status: http.StatusOK, inviteLink: s.public.String() + "/invite/" + ap.Token,
			inviteEmail: ap.Email})
	case errors.As(err, &fe):
		form.Errors = fieldMessages(fe)
		s.renderRegistration(w, r, registrationPage{status: http.StatusUnprocessableEntity, approve: form})
	case errors.Is(err, registration.ErrNotPending):
		s.renderRegistration(w, r, registrationPage{status: http.StatusConflict, formError: "desk_reg_not_pending"})
	default:
		s.serverError(w, r, err)
	}
}

// rejectRegistration turns the application down with the reason given.
func (s *Server) rejectRegistration(w http.ResponseWriter, r *http.Request) {
	reg, ok := s.loadRegistration(w, r)
	if !ok {
		return
	}
	form := rejectForm{Reason: r.PostFormValue("reason")}
	err := registration.Reject(r.Context(), s.db, reg.ID, form.Reason, reqCtx(r).user.ID, time.Now())
	var fe registration.FieldErrors
	switch {
	case err == nil:
		s.setFlash(w, "ok", "desk_reg_rejected")
		http.Redirect(w, r, "/desk/registrations", http.StatusSeeOther)
	case errors.As(err, &fe):
		form.Errors = fieldMessages(fe)
		s.renderRegistration(w, r, registrationPage{status: http.StatusUnprocessableEntity, reject: form})
	case errors.Is(err, registration.ErrNotPending):
		s.renderRegistration(w, r, registrationPage{status: http.StatusConflict, formError: "desk_reg_not_pending"})
	default:
		s.serverError(w, r, err)
	}
}

// parseAmount reads a money amount as people type it in pl/ru/fi — "12 500",
// "12 500,50", "12500.5", "12.500,50" — into minor units. More than two
// decimals, a sign or anything but digits and separators is refused rather
// than guessed.
func parseAmount(s string) (int64, bool) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	// With both separators, the last one is the decimal point.
	if c, d := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.'); c >= 0 && d >= 0 {
		if c > d {
			s = strings.ReplaceAll(s[:c], ".", "") + "." + s[c+1:]
		} else {
			s = strings.ReplaceAll(s[:d], ",", "") + s[d:]
		}
	} else {
		s = strings.Replace(s, ",", ".", 1)
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 13 || len(frac) > 2 || !digitsOnly(whole) || !digitsOnly(frac) {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
