package portal

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/registration"
)

// registerForm is the public registration form as typed, with what is wrong
// with it: Errors maps a field to a message id.
type registerForm struct {
	registration.Form
	Errors map[string]string
}

// honeypotField is a form field people never see nor fill in; a script that
// fills in every field gives itself away.
const honeypotField = "website"

// countryOfLanguage is the country the form suggests for the page's language.
var countryOfLanguage = map[domain.Language]string{domain.Polish: "PL", domain.Finnish: "FI", domain.Russian: "RU"}

func (s *Server) showRegisterPage(w http.ResponseWriter, r *http.Request) {
	lang := reqCtx(r).loc.Lang
	s.renderRegister(w, r, http.StatusOK, registerForm{Form: registration.Form{Country: countryOfLanguage[lang], Language: string(lang)}}, "")
}

func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, status int, form registerForm, formError string) {
	if form.Errors == nil {
		form.Errors = map[string]string{}
	}
	s.render(w, r, status, "register", map[string]any{"Form": form, "Countries": registration.Countries, "Error": formError,
		"Honeypot": honeypotField})
}

// registerCompany records an application and thanks the applicant. Nothing is
// shown about an existing company beyond "already registered".
func (s *Server) registerCompany(w http.ResponseWriter, r *http.Request) {
	loc := reqCtx(r).loc
	form := registerForm{Form: registration.Form{
		Country: r.PostFormValue("country"), TaxID: r.PostFormValue("tax_id"), Name: r.PostFormValue("name"),
		BillingAddress: r.PostFormValue("billing_address"), DeliveryAddress: r.PostFormValue("delivery_address"),
		ContactName: r.PostFormValue("contact_name"), ContactEmail: r.PostFormValue("contact_email"),
		ContactPhone: r.PostFormValue("contact_phone"), Language: r.PostFormValue("language"),
	}}
	if strings.TrimSpace(r.PostFormValue(honeypotField)) != "" {
		// Looks like success to the script; nothing is stored.
		slog.Info("registration: honeypot filled", "ip", clientIP(r))
		http.Redirect(w, r, "/register/thanks", http.StatusSeeOther)
		return
	}
	_, err := registration.Submit(r.Context(), s.db, form.Form, clientIP(r), time.Now())
	var fe registration.FieldErrors
	var th *registration.ThrottledError
	switch {
	case err == nil:
		http.Redirect(w, r, "/register/thanks", http.StatusSeeOther)
	case errors.As(err, &fe):
		form.Errors = fieldMessages(fe)
		s.renderRegister(w, r, http.StatusUnprocessableEntity, form, loc.T("register_error_summary"))
	case errors.Is(err, registration.ErrAlreadyRegistered):
		s.renderRegister(w, r, http.StatusConflict, form, loc.T("register_already_registered"))
	case errors.As(err, &th):
		s.renderRegister(w, r, http.StatusTooManyRequests, form, loc.TN("register_throttled", th.Minutes()))
	default:
		s.serverError(w, r, err)
	}
}

func (s *Server) showRegisterThanks(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "register_thanks", nil)
}

// fieldMessages turns the domain's reasons into message ids: the tax ID's
// come with their own (taxid_checksum, ...), the rest are register_error_*.
func fieldMessages(fe registration.FieldErrors) map[string]string {
	out := make(map[string]string, len(fe))
	for field, reason := range fe {
		if strings.HasPrefix(reason, "taxid_") {
			out[field] = reason
		} else {
			out[field] = "register_error_" + reason
		}
	}
	return out
}
