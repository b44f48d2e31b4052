package portal

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/admin"
	"partnerdesk/domain/company"
)

// staffInviteForm is the form inviting a new manager or admin.
type staffInviteForm struct {
	Email, Name, Role, Language string
	Errors                      map[string]string
}

// reassignForm is the handover form: all companies of one person to another.
type reassignForm struct {
	From, To        string
	Manager, Backup bool
	Errors          map[string]string
}

// staffPage is what the staff page shows besides the list.
type staffPage struct {
	status     int
	invite     staffInviteForm
	inviteLink string
	reassign   reassignForm
	reassigned string // the handover's outcome, translated
	alert      string // a refused action, translated
	alertFor   int64  // whose row the refusal is about
}

func (s *Server) showAdminStaffPage(w http.ResponseWriter, r *http.Request) {
	s.renderStaff(w, r, staffPage{status: http.StatusOK})
}

func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, p staffPage) {
	ctx := r.Context()
	rc := reqCtx(r)
	staff, err := admin.ListStaff(ctx, s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	invs, err := admin.StaffInvitations(ctx, s.db, time.Now())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if p.invite.Errors == nil {
		p.invite = staffInviteForm{Role: company.RoleManager, Language: string(rc.loc.Lang), Errors: map[string]string{}}
	}
	if p.reassign.Errors == nil {
		p.reassign = reassignForm{From: p.reassign.From, Manager: true, Backup: true, Errors: map[string]string{}}
	}
	s.renderAdmin(w, r, p.status, "admin_staff", "staff", map[string]any{"Staff": staff, "Invitations": invs,
		"Roles": admin.StaffRoles, "Invite": p.invite, "InviteLink": p.inviteLink, "Reassign": p.reassign,
		"Reassigned": p.reassigned, "Alert": p.alert, "AlertFor": p.alertFor})
}

// inviteStaff creates a staff invitation and shows its one-time link, as the
// desk's invite form does for customers.
func (s *Server) inviteStaff(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	form := staffInviteForm{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: r.PostFormValue("role"),
		Language: r.PostFormValue("language"), Errors: map[string]string{}}
	lang, ok := domain.ParseLanguage(form.Language)
	if !ok {
		lang = rc.loc.Lang
	}
	token, err := admin.InviteStaff(r.Context(), s.db, rc.user.ID, admin.StaffInvite{Email: form.Email, Name: form.Name,
		Role: form.Role, Language: lang}, time.Now())
	var fe admin.FieldErrors
	if errors.As(err, &fe) {
		form.Errors = adminMessages(fe)
		s.renderStaff(w, r, staffPage{status: http.StatusUnprocessableEntity, invite: form})
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.renderStaff(w, r, staffPage{status: http.StatusOK, inviteLink: s.public.String() + "/invite/" + token})
}

// staffID reads the path's staff member id; false when it answered 404.
func (s *Server) staffID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
	}
	return id, ok
}

// changeStaffRole makes a staff member a manager or an admin.
func (s *Server) changeStaffRole(w http.ResponseWriter, r *http.Request) {
	id, ok := s.staffID(w, r)
	if !ok {
		return
	}
	err := admin.ChangeRole(r.Context(), s.db, reqCtx(r).user.ID, id, r.PostFormValue("role"))
	var fe admin.FieldErrors
	switch {
	case errors.Is(err, account.ErrSelf):
		s.setFlash(w, "error", "admin_error_self")
	case errors.As(err, &fe):
		s.setFlash(w, "error", "admin_error_role")
	case s.adminFailed(w, r, err):
		return
	default:
		s.setFlash(w, "ok", "admin_staff_saved")
	}
	http.Redirect(w, r, "/desk/admin/staff", http.StatusSeeOther)
}

// setStaffActive deactivates (active=0) or reactivates (active=1) a staff
// member. Deactivation is refused while they still look after companies: the
// page then says how many, with the handover form ready for them.
func (s *Server) setStaffActive(w http.ResponseWriter, r *http.Request) {
	id, ok := s.staffID(w, r)
	if !ok {
		return
	}
	me := reqCtx(r).user.ID
	if r.PostFormValue("active") == "1" {
		if s.adminFailed(w, r, admin.Reactivate(r.Context(), s.db, me, id)) {
			return
		}
		s.setFlash(w, "ok", "admin_staff_reactivated")
		http.Redirect(w, r, "/desk/admin/staff", http.StatusSeeOther)
		return
	}
	err := admin.Deactivate(r.Context(), s.db, me, id)
	var assigned *admin.StillAssignedError
	switch {
	case errors.As(err, &assigned):
		name := ""
		if u, err := company.GetUser(r.Context(), s.db, id); err == nil {
			name = u.Name
		}
		s.renderStaff(w, r, staffPage{status: http.StatusConflict, alertFor: id,
			alert:    reqCtx(r).loc.TN("admin_staff_still_assigned", assigned.Companies, map[string]any{"Name": name}),
			reassign: reassignForm{From: strconv.FormatInt(id, 10)}})
		return
	case errors.Is(err, account.ErrSelf):
		s.setFlash(w, "error", "admin_error_self")
	case s.adminFailed(w, r, err):
		return
	default:
		s.events.Wake() // handoffs they had taken wait again
		s.setFlash(w, "ok", "admin_staff_deactivated")
	}
	http.Redirect(w, r, "/desk/admin/staff", http.StatusSeeOther)
}

// reassignCompanies hands every company of one staff member to another.
func (s *Server) reassignCompanies(w http.ResponseWriter, r *http.Request) {
	form := reassignForm{From: r.PostFormValue("from"), To: r.PostFormValue("to"),
		Manager: r.PostFormValue("manager") == "1", Backup: r.PostFormValue("backup") == "1", Errors: map[string]string{}}
	in := admin.Reassign{Manager: form.Manager, Backup: form.Backup}
	in.FromID, _ = formInt64(form.From)
	in.ToID, _ = formInt64(form.To)
	got, err := admin.ReassignCompanies(r.Context(), s.db, reqCtx(r).user.ID, in)
	var fe admin.FieldErrors
	if errors.As(err, &fe) {
		form.Errors = adminMessages(fe)
		s.renderStaff(w, r, staffPage{status: http.StatusUnprocessableEntity, reassign: form})
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.events.Wake()
	loc := reqCtx(r).loc
	msg := loc.T("admin_reassign_done", map[string]any{"Managed": loc.TN("admin_companies_count", got.Managed),
		"Backup": loc.TN("admin_companies_count", got.Backup)})
	if got.NoBackup > 0 {
		msg += " " + loc.TN("admin_reassign_no_backup", got.NoBackup)
	}
	s.renderStaff(w, r, staffPage{status: http.StatusOK, reassigned: msg})
}
