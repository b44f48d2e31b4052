package admin_test

import (
	"errors"
	"testing"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/admin"
	"partnerdesk/domain/company"
	"partnerdesk/domain/dbtest"
)

func TestInviteStaffAcceptAndSignIn(t *testing.T) {
	db := dbtest.DB(t)
	boss := staff(t, "admin")
	now := time.Now()
	email := "Nowa.Opiekunka@Voltmarket.example"
	token, err := admin.InviteStaff(ctx, db, boss, admin.StaffInvite{Email: email, Name: "Ewa", Role: "manager", Language: domain.Finnish}, now)
	if err != nil {
		t.Fatal(err)
	}
	invs, err := admin.StaffInvitations(ctx, db, now)
	if err != nil || len(invs) == 0 || invs[0].Email != "nowa.opiekunka@voltmarket.example" || invs[0].CompanyID != nil {
		t.Fatalf("pending staff invitations: %v %+v", err, invs)
	}
	u, err := account.AcceptInvitation(ctx, db, token, "Ewa Nowak", "bardzo-tajne-hasło", now)
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != company.RoleManager || u.CompanyID != nil || u.Language != domain.Finnish {
		t.Fatalf("accepted as %+v", u)
	}
	if _, err := account.SignIn(ctx, db, email, "bardzo-tajne-hasło", "10.0.0.1", now); err != nil {
		t.Fatalf("sign in as the new manager: %v", err)
	}

	for _, tc := range []struct {
		in    admin.StaffInvite
		field string
		code  string
	}{
		{admin.StaffInvite{Email: "x@voltmarket.example", Role: "owner"}, "role", "role"},
		{admin.StaffInvite{Email: "not-an-address", Role: "manager"}, "email", "email"},
		{admin.StaffInvite{Email: email, Role: "admin"}, "email", "email_taken"},
	} {
		_, err := admin.InviteStaff(ctx, db, boss, tc.in, now)
		var fe admin.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] != tc.code {
			t.Errorf("invite %+v: %v, want %s: %s", tc.in, err, tc.field, tc.code)
		}
	}
	// Only admins invite.
	if _, err := admin.InviteStaff(ctx, db, u.ID, admin.StaffInvite{Email: "y@voltmarket.example", Role: "admin"}, now); !errors.Is(err, admin.ErrNotAdmin) {
		t.Fatalf("a manager invites: %v", err)
	}
}

func TestDeactivateRefusedWhileAssignedThenAllowed(t *testing.T) {
	db := dbtest.DB(t)
	boss, leaving, other := staff(t, "admin"), staff(t, "manager"), staff(t, "manager")
	c1 := managedCompany(t, leaving, other)
	c2 := managedCompany(t, other, leaving)
	dbtest.Exec(t, db, "UPDATE users SET telegram_chat_id = ?, telegram_user_id = ?, telegram_username = 'leaving' WHERE id = ?", 900000+leaving, 900000+leaving, leaving)
	sessions := &account.Sessions{DB: db, Idle: time.Hour, Max: time.Hour}
	tok, err := sessions.Create(ctx, leaving, "10.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}

	err = admin.Deactivate(ctx, db, boss, leaving)
	var assigned *admin.StillAssignedError
	if !errors.As(err, &assigned) || assigned.Companies != 2 {
		t.Fatalf("deactivate while assigned: %v", err)
	}
	if _, _, err := sessions.Lookup(ctx, tok); err != nil {
		t.Fatalf("a refused deactivation ended the session: %v", err)
	}

	got, err := admin.ReassignCompanies(ctx, db, boss, admin.Reassign{FromID: leaving, ToID: boss, Manager: true, Backup: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Managed != 1 || got.Backup != 1 || got.NoBackup != 0 {
		t.Fatalf("reassigned %+v", got)
	}
	if m, b := managers(t, c1); m != boss || b != other {
		t.Fatalf("company 1: manager %d backup %d", m, b)
	}
	if m, b := managers(t, c2); m != other || b != boss {
		t.Fatalf("company 2: manager %d backup %d", m, b)
	}

	if err := admin.Deactivate(ctx, db, boss, leaving); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sessions.Lookup(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("session after deactivation: %v", err)
	}
	u, err := company.GetUser(ctx, db, leaving)
	if err != nil {
		t.Fatal(err)
	}
	if u.Active || u.TelegramChatID != nil || u.TelegramUserID != nil || u.TelegramUsername != "" {
		t.Fatalf("deactivated user: %+v", u)
	}
	// A deactivated person can be given no company.
	err = admin.Assign(ctx, db, boss, c1, admin.Assignment{ManagerID: leaving})
	var fe admin.FieldErrors
	if !errors.As(err, &fe) || fe["manager"] != "staff" {
		t.Fatalf("assign to a deactivated manager: %v", err)
	}
	if err := admin.Reactivate(ctx, db, boss, leaving); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sessions.Lookup(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatal("reactivation revived an old session")
	}
}

func TestStaffChangesGuardAdmins(t *testing.T) {
	db := dbtest.DB(t)
	boss, second, manager := staff(t, "admin"), staff(t, "admin"), staff(t, "manager")
	if err := admin.ChangeRole(ctx, db, boss, boss, "manager"); !errors.Is(err, account.ErrSelf) {
		t.Fatalf("demote yourself: %v", err)
	}
	if err := admin.Deactivate(ctx, db, boss, boss); !errors.Is(err, account.ErrSelf) {
		t.Fatalf("deactivate yourself: %v", err)
	}
	if err := admin.ChangeRole(ctx, db, manager, second, "manager"); !errors.Is(err, admin.ErrNotAdmin) {
		t.Fatalf("a manager demotes an admin: %v", err)
	}
	var fe admin.FieldErrors
	if err := admin.ChangeRole(ctx, db, boss, manager, "owner"); !errors.As(err, &fe) || fe["role"] != "role" {
		t.Fatalf("staff made owner: %v", err)
	}
	customer := dbtest.User(t, db, dbtest.Company(t, db, dbtest.CompanyOpts{}), "buyer")
	if err := admin.ChangeRole(ctx, db, boss, customer, "admin"); !errors.Is(err, company.ErrNotFound) {
		t.Fatalf("a customer's user made admin: %v", err)
	}
	if err := admin.ChangeRole(ctx, db, boss, second, "manager"); err != nil {
		t.Fatal(err)
	}
	// The demoted admin can no longer administer.
	if err := admin.ChangeRole(ctx, db, second, boss, "manager"); !errors.Is(err, admin.ErrNotAdmin) {
		t.Fatalf("a demoted admin acts: %v", err)
	}
	if err := admin.ChangeRole(ctx, db, boss, manager, "admin"); err != nil {
		t.Fatal(err)
	}
	list, err := admin.ListStaff(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[int64]string{}
	for _, s := range list {
		roles[s.ID] = s.Role
		if s.CompanyID != nil {
			t.Fatalf("a customer's user in the staff list: %+v", s.User)
		}
	}
	if roles[second] != "manager" || roles[manager] != "admin" || roles[customer] != "" {
		t.Fatalf("roles after changes: %v", roles)
	}
}

func TestDeactivateReleasesTakenHandoffs(t *testing.T) {
	db := dbtest.DB(t)
	boss, leaving := staff(t, "admin"), staff(t, "manager")
	c := dbtest.Company(t, db, dbtest.CompanyOpts{})
	var conv, handoff int64
	dbtest.Scan(t, db, &conv, "INSERT INTO conversations (channel, company_id, language) VALUES ('portal', ?, 'pl') RETURNING id", c)
	dbtest.Scan(t, db, &handoff, `INSERT INTO handoffs (conversation_id, company_id, reason, status, manager_id, pickup_due_at, taken_at)
		VALUES (?, ?, 'asked', 'taken', ?, now(), now()) RETURNING id`, conv, c, leaving)
	if err := admin.Deactivate(ctx, db, boss, leaving); err != nil {
		t.Fatal(err)
	}
	var status string
	dbtest.Scan(t, db, &status, "SELECT status || ':' || coalesce(manager_id::text, '-') FROM handoffs WHERE id = ?", handoff)
	if status != "waiting:-" {
		t.Fatalf("handoff after its manager left: %s", status)
	}
}
