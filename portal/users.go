package portal

import (
	"errors"
	"net/http"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
)

// inviteForm is the owner's form for adding a user.
type inviteForm struct {
	Email, Name, Role, Language string
	Errors                      map[string]string
}

func (s *Server) showUsersPage(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, inviteForm{Role: company.RoleBuyer, Language: string(reqCtx(r).loc.Lang)}, "")
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form inviteForm, link string) {
	ctx := r.Context()
	rc := reqCtx(r)
	users, err := account.CompanyUsers(ctx, s.db, rc.company.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	invs, err := account.PendingInvitations(ctx, s.db, rc.company.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "users", map[string]any{"Nav": "users", "Users": users, "Invitations": invs, "Form": form,
		"Roles": account.CompanyRoles, "InviteLink": link})
}

// inviteUser creates an invitation and shows its one-time link, to be passed
// to the new colleague (e-mail delivery is the mail server's job, not ours).
func (s *Server) inviteUser(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	form := inviteForm{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: r.PostFormValue("role"),
		Language: r.PostFormValue("language"), Errors: map[string]string{}}
	lang, ok := domain.ParseLanguage(form.Language)
	if !ok {
		lang = rc.loc.Lang
	}
	token, err := account.Invite(r.Context(), s.db, account.InviteRequest{CompanyID: rc.company.ID, Email: form.Email,
		Name: form.Name, Role: form.Role, Language: lang, InvitedBy: rc.user.ID}, time.Now())
	if form.Errors = inviteErrors(err); err != nil && form.Errors == nil {
		s.serverError(w, r, err)
		return
	}
	if len(form.Errors) > 0 {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form, "")
		return
	}
	s.renderUsers(w, r, http.StatusOK, inviteForm{Role: company.RoleBuyer, Language: string(rc.loc.Lang)},
		s.public.String()+"/invite/"+token)
}

// changeUser sets a colleague's role, invoice access and whether they may sign in.
func (s *Server) changeUser(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	err := account.ChangeUser(r.Context(), s.db, account.UserChange{CompanyID: rc.company.ID, ActorID: rc.user.ID, UserID: id,
		Role: r.PostFormValue("role"), Active: r.PostFormValue("active") == "1", CanSeeInvoices: r.PostFormValue("invoices") == "1"})
	switch {
	case errors.Is(err, company.ErrNotFound):
		s.notFound(w, r)
		return
	case errors.Is(err, account.ErrLastOwner):
		s.setFlash(w, "error", "users_error_last_owner")
	case errors.Is(err, account.ErrSelf):
		s.setFlash(w, "error", "users_error_self")
	case errors.Is(err, account.ErrBadRole):
		s.setFlash(w, "error", "users_error_role")
	case err != nil:
		s.serverError(w, r, err)
		return
	default:
		s.setFlash(w, "ok", "users_saved")
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}

// inviteErrors maps what account.Invite refuses to form fields and messages;
// nil for no error or an error that is not the user's (a server error).
func inviteErrors(err error) map[string]string {
	switch {
	case errors.Is(err, account.ErrBadEmail):
		return map[string]string{"email": "users_error_email"}
	case errors.Is(err, account.ErrEmailTaken):
		return map[string]string{"email": "users_error_taken"}
	case errors.Is(err, account.ErrBadRole):
		return map[string]string{"role": "users_error_role"}
	case errors.Is(err, account.ErrBadName):
		return map[string]string{"name": "users_error_name"}
	}
	return nil
}
