package admin_test

import (
	"errors"
	"testing"

	"partnerdesk/domain/admin"
	"partnerdesk/domain/company"
	"partnerdesk/domain/dbtest"
)

// A handover moves both roles and never makes one person manager and backup
// of the same company.
func TestReassignKeepsBackupDistinctFromManager(t *testing.T) {
	db := dbtest.DB(t)
	boss, from, to, x := staff(t, "admin"), staff(t, "manager"), staff(t, "manager"), staff(t, "manager")
	plain := managedCompany(t, from, x)      // from manages, x backs up
	backedUp := managedCompany(t, x, from)   // from backs up
	toBacks := managedCompany(t, from, to)   // to already backs up: becomes manager, no backup
	toManages := managedCompany(t, to, from) // to already manages: loses from as backup
	alone := managedCompany(t, from, 0)
	untouched := managedCompany(t, x, to)

	got, err := admin.ReassignCompanies(ctx, db, boss, admin.Reassign{FromID: from, ToID: to, Manager: true, Backup: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Managed != 3 || got.Backup != 1 || got.NoBackup != 2 {
		t.Fatalf("reassigned %+v, want 3 managed, 1 backup, 2 without backup", got)
	}
	for _, tc := range []struct {
		name            string
		id              int64
		manager, backup int64
	}{
		{"plain", plain, to, x},
		{"backed up", backedUp, x, to},
		{"to backed up", toBacks, to, 0},
		{"to managed", toManages, to, 0},
		{"alone", alone, to, 0},
		{"untouched", untouched, x, to},
	} {
		if m, b := managers(t, tc.id); m != tc.manager || b != tc.backup {
			t.Errorf("%s: manager %d backup %d, want %d %d", tc.name, m, b, tc.manager, tc.backup)
		}
	}
	var n int
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM companies WHERE manager_id = ?0 OR backup_manager_id = ?0", from)
	if n != 0 {
		t.Fatalf("%d companies still with the person who handed over", n)
	}
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM events WHERE kind = 'company.changed' AND company_id IN (?)", bunIn(plain, backedUp, toBacks, toManages, alone))
	if n != 5 {
		t.Fatalf("%d company.changed events, want 5", n)
	}
}

func TestReassignOneRoleOnly(t *testing.T) {
	db := dbtest.DB(t)
	boss, from, to := staff(t, "admin"), staff(t, "manager"), staff(t, "manager")
	managed := managedCompany(t, from, 0)
	backedUp := managedCompany(t, to, from)
	got, err := admin.ReassignCompanies(ctx, db, boss, admin.Reassign{FromID: from, ToID: to, Backup: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Managed != 0 || got.Backup != 0 || got.NoBackup != 1 {
		t.Fatalf("reassigned %+v", got)
	}
	if m, b := managers(t, managed); m != from || b != 0 {
		t.Fatalf("managed company moved: %d %d", m, b)
	}
	if m, b := managers(t, backedUp); m != to || b != 0 {
		t.Fatalf("backed-up company: %d %d", m, b)
	}
}

func TestReassignValidation(t *testing.T) {
	db := dbtest.DB(t)
	boss, a := staff(t, "admin"), staff(t, "manager")
	gone := staff(t, "manager")
	dbtest.Exec(t, db, "UPDATE users SET active = false WHERE id = ?", gone)
	for _, tc := range []struct {
		in          admin.Reassign
		field, code string
	}{
		{admin.Reassign{ToID: a, Manager: true}, "from", "required"},
		{admin.Reassign{FromID: a, Manager: true}, "to", "required"},
		{admin.Reassign{FromID: a, ToID: a, Manager: true}, "to", "same_person"},
		{admin.Reassign{FromID: a, ToID: boss}, "roles", "roles_required"},
		{admin.Reassign{FromID: a, ToID: gone, Manager: true}, "to", "staff"},
		{admin.Reassign{FromID: dbtest.User(t, db, dbtest.Company(t, db, dbtest.CompanyOpts{}), "owner"), ToID: a, Manager: true}, "from", "staff"},
	} {
		_, err := admin.ReassignCompanies(ctx, db, boss, tc.in)
		var fe admin.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] != tc.code {
			t.Errorf("%+v: %v, want %s: %s", tc.in, err, tc.field, tc.code)
		}
	}
}

func TestAssignCompany(t *testing.T) {
	db := dbtest.DB(t)
	boss, m, b := staff(t, "admin"), staff(t, "manager"), staff(t, "manager")
	var group int64
	dbtest.Scan(t, db, &group, "INSERT INTO price_groups (code, name_pl, name_ru, name_fi) VALUES ('assign-test', 'A', 'A', 'A') RETURNING id")
	c := managedCompany(t, b, 0)
	for _, tc := range []struct {
		in          admin.Assignment
		field, code string
	}{
		{admin.Assignment{}, "manager", "required"},
		{admin.Assignment{ManagerID: m, BackupManagerID: m}, "backup", "backup_same"},
		{admin.Assignment{ManagerID: dbtest.User(t, db, c, "owner")}, "manager", "staff"},
		{admin.Assignment{ManagerID: m, PriceGroupID: group + 1000}, "price_group", "unknown_group"},
	} {
		err := admin.Assign(ctx, db, boss, c, tc.in)
		var fe admin.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] != tc.code {
			t.Errorf("%+v: %v, want %s: %s", tc.in, err, tc.field, tc.code)
		}
	}
	if err := admin.Assign(ctx, db, boss, c+100000, admin.Assignment{ManagerID: m}); !errors.Is(err, company.ErrNotFound) {
		t.Fatalf("unknown company: %v", err)
	}
	var before, after int
	dbtest.Scan(t, db, &before, "SELECT count(*) FROM events WHERE kind = 'company.changed' AND company_id = ?", c)
	if err := admin.Assign(ctx, db, boss, c, admin.Assignment{ManagerID: m, BackupManagerID: b, PriceGroupID: group}); err != nil {
		t.Fatal(err)
	}
	got, err := company.Get(ctx, db, c)
	if err != nil {
		t.Fatal(err)
	}
	if *got.ManagerID != m || *got.BackupManagerID != b || *got.PriceGroupID != group {
		t.Fatalf("assigned %+v", got)
	}
	dbtest.Scan(t, db, &after, "SELECT count(*) FROM events WHERE kind = 'company.changed' AND company_id = ?", c)
	if after != before+1 {
		t.Fatalf("company.changed events %d → %d", before, after)
	}
	// The filter by staff member shows companies they manage or back up.
	cs, total, err := admin.Companies(ctx, db, admin.CompanyFilter{StaffID: b})
	if err != nil || total != 1 || cs[0].ID != c {
		t.Fatalf("filter by backup: %v %d", err, total)
	}
	// Saving the same again tells nobody.
	if err := admin.Assign(ctx, db, boss, c, admin.Assignment{ManagerID: m, BackupManagerID: b, PriceGroupID: group}); err != nil {
		t.Fatal(err)
	}
	dbtest.Scan(t, db, &before, "SELECT count(*) FROM events WHERE kind = 'company.changed' AND company_id = ?", c)
	if before != after {
		t.Fatal("an unchanged assignment emitted an event")
	}
}
