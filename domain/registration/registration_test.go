package registration_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/registration"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// form returns a valid application for a country with a fresh tax ID.
func form(country, lang string) registration.Form {
	n := dbtest.Unique()
	return registration.Form{Country: country, TaxID: dbtest.TaxID(country, 1000+n), Name: fmt.Sprintf("  Elektro %d Sp. z o.o. ", n),
		BillingAddress: " ul. Prosta 1\r\n00-001 Warszawa ", ContactName: "Anna Nowak", ContactEmail: fmt.Sprintf(" Anna.%d@Example.test ", n),
		ContactPhone: "+48 600 100 200", Language: lang}
}

// ip returns a client address of its own for each test, so their throttles
// do not meet.
func ip() string { return fmt.Sprintf("198.51.100.%d", dbtest.Unique()%250) }

func staff(t *testing.T, role string) int64 {
	t.Helper()
	var id int64
	dbtest.Scan(t, dbtest.DB(t), &id, "INSERT INTO users (email, name, role) VALUES (?, ?, ?) RETURNING id",
		fmt.Sprintf("%s-%d@distributor.test", role, dbtest.Unique()), "Staff "+role, role)
	return id
}

func TestSubmitCreatesPendingCompany(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	for _, tc := range []struct{ country, lang, currency string }{{"PL", "pl", "PLN"}, {"FI", "fi", "EUR"}, {"RU", "ru", "RUB"}} {
		f := form(tc.country, tc.lang)
		id, err := registration.Submit(ctx, db, f, ip(), now)
		if err != nil {
			t.Fatalf("%s: %v", tc.country, err)
		}
		c, err := company.Get(ctx, db, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != company.StatusPending || string(c.Currency) != tc.currency || string(c.Language) != tc.lang {
			t.Errorf("%s: status %s currency %s language %s", tc.country, c.Status, c.Currency, c.Language)
		}
		if c.Name[0] == ' ' || c.ContactEmail != company.NormalizeEmail(f.ContactEmail) || c.BillingAddress != "ul. Prosta 1\n00-001 Warszawa" {
			t.Errorf("%s: not normalised: %q %q %q", tc.country, c.Name, c.ContactEmail, c.BillingAddress)
		}
		if c.DeliveryAddress != c.BillingAddress {
			t.Errorf("%s: empty delivery address should be the billing one, got %q", tc.country, c.DeliveryAddress)
		}
		if c.ApprovedAt != nil || c.ManagerID != nil || c.PriceGroupID != nil {
			t.Errorf("%s: a pending company has terms already", tc.country)
		}
		var users int
		dbtest.Scan(t, db, &users, "SELECT count(*) FROM users WHERE company_id = ?", id)
		if users != 0 {
			t.Errorf("%s: a pending company has %d users", tc.country, users)
		}
	}
}

// Test vectors from FIELD-NOTES: a valid ID of each country is accepted and
// normalised; a wrong check digit is a checksum error of the tax_id field.
func TestSubmitTaxIDs(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	valid := []struct{ country, in, want string }{
		{"PL", "PL 774-000-14-54", "7740001454"},
		{"FI", "FI01120389", "0112038-9"},
		{"RU", "7707083893", "7707083893"},
		{"RU", "123456789047", "123456789047"},
	}
	for _, tc := range valid {
		f := form(tc.country, "pl")
		f.TaxID = tc.in
		id, err := registration.Submit(ctx, db, f, ip(), now)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.country, tc.in, err)
		}
		c, _ := company.Get(ctx, db, id)
		if c.TaxID != tc.want {
			t.Errorf("%s %s stored as %q, want %q", tc.country, tc.in, c.TaxID, tc.want)
		}
	}
	invalid := []struct{ country, in, reason string }{
		{"PL", "7740001455", "taxid_checksum"},
		{"PL", "1234567890", "taxid_checksum"},
		{"PL", "123456321", "taxid_format_pl"},
		{"FI", "0112038-8", "taxid_checksum"},
		{"FI", "2077474-1", "taxid_checksum"},
		{"RU", "7707083894", "taxid_checksum"},
		{"RU", "123456789037", "taxid_checksum"},
		{"RU", "12345", "taxid_format_ru"},
		{"FI", "", "taxid_empty"},
	}
	for _, tc := range invalid {
		f := form(tc.country, "pl")
		f.TaxID = tc.in
		_, err := registration.Submit(ctx, db, f, ip(), now)
		var fe registration.FieldErrors
		if !errors.As(err, &fe) || fe["tax_id"] != tc.reason || len(fe) != 1 {
			t.Errorf("%s %q: got %v, want tax_id %s", tc.country, tc.in, err, tc.reason)
		}
	}
}

func TestSubmitValidation(t *testing.T) {
	db := dbtest.DB(t)
	f := registration.Form{Country: "DE", TaxID: "123", Name: " ", ContactEmail: "nobody", ContactPhone: "call me", Language: "en"}
	_, err := registration.Submit(context.Background(), db, f, ip(), now)
	var fe registration.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("got %v", err)
	}
	want := registration.FieldErrors{"country": "country", "name": "required", "billing_address": "required",
		"contact_name": "required", "contact_email": "email", "contact_phone": "phone", "language": "language"}
	for field, reason := range want {
		if fe[field] != reason {
			t.Errorf("%s: got %q, want %q", field, fe[field], reason)
		}
	}
	if len(fe) != len(want) {
		t.Errorf("errors %v, want %v", fe, want)
	}
}

// A second application for the same company (however the tax ID is typed)
// is refused without saying anything about the existing one.
func TestSubmitDuplicate(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	f := form("PL", "pl")
	if _, err := registration.Submit(ctx, db, f, ip(), now); err != nil {
		t.Fatal(err)
	}
	again := form("PL", "ru")
	again.TaxID = "PL " + f.TaxID[:3] + "-" + f.TaxID[3:]
	if _, err := registration.Submit(ctx, db, again, ip(), now); !errors.Is(err, registration.ErrAlreadyRegistered) {
		t.Fatalf("duplicate: %v", err)
	}
	// An existing active customer too.
	existing := dbtest.Company(t, db, dbtest.CompanyOpts{Country: "FI", Currency: "EUR", Language: "fi"})
	var tax string
	dbtest.Scan(t, db, &tax, "SELECT tax_id FROM companies WHERE id = ?", existing)
	dup := form("FI", "fi")
	dup.TaxID = tax
	if _, err := registration.Submit(ctx, db, dup, ip(), now); !errors.Is(err, registration.ErrAlreadyRegistered) {
		t.Fatalf("duplicate of a customer: %v", err)
	}
}

func TestSubmitThrottledPerAddress(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	addr := ip()
	bad := form("PL", "pl")
	bad.TaxID = "1234567890"
	for i := 0; i < registration.MaxAttemptsPerIP; i++ {
		if _, err := registration.Submit(ctx, db, bad, addr, now.Add(time.Duration(i)*time.Minute)); !errors.As(err, new(registration.FieldErrors)) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, err := registration.Submit(ctx, db, form("PL", "pl"), addr, now.Add(20*time.Minute))
	var th *registration.ThrottledError
	if !errors.As(err, &th) || th.Minutes() != 40 {
		t.Fatalf("after %d attempts: %v", registration.MaxAttemptsPerIP, err)
	}
	// Another address is not affected, and the window slides.
	if _, err := registration.Submit(ctx, db, form("PL", "pl"), ip(), now.Add(20*time.Minute)); err != nil {
		t.Fatalf("other address: %v", err)
	}
	if _, err := registration.Submit(ctx, db, form("PL", "pl"), addr, now.Add(61*time.Minute)); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func pending(t *testing.T, lang string) (int64, registration.Form) {
	t.Helper()
	f := form(map[string]string{"pl": "PL", "fi": "FI", "ru": "RU"}[lang], lang)
	id, err := registration.Submit(context.Background(), dbtest.DB(t), f, ip(), now)
	if err != nil {
		t.Fatal(err)
	}
	return id, f
}

func TestApproveActivatesAndInvitesOwner(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	id, f := pending(t, "fi")
	manager, backup, admin := staff(t, "manager"), staff(t, "manager"), staff(t, "admin")
	var group int64
	dbtest.Scan(t, db, &group, "INSERT INTO price_groups (code, name_pl, name_ru, name_fi, discount_bp) VALUES (?, 'Hurt', 'Опт', 'Tukku', 500) RETURNING id",
		fmt.Sprintf("reg-%d", dbtest.Unique()))
	var eventsBefore int
	dbtest.Scan(t, db, &eventsBefore, "SELECT count(*) FROM events WHERE company_id = ? AND kind = 'company.changed'", id)

	in := registration.ApproveInput{PriceGroupID: group, PaymentTermsDays: 30, CreditLimit: 5_000_00, ManagerID: manager, BackupManagerID: backup}
	ap, err := registration.Approve(ctx, db, id, in, admin, now)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := company.Get(ctx, db, id)
	if c.Status != company.StatusActive || c.ApprovedAt == nil || !c.ApprovedAt.Equal(now) || *c.PriceGroupID != group ||
		c.PaymentTermsDays != 30 || c.CreditLimit != 5_000_00 || *c.ManagerID != manager || *c.BackupManagerID != backup {
		t.Fatalf("approved company: %+v", c)
	}
	inv, err := account.PendingInvitation(ctx, db, ap.Token, now)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Email != company.NormalizeEmail(f.ContactEmail) || inv.Role != company.RoleOwner || *inv.CompanyID != id ||
		inv.Language != "fi" || inv.Name != "Anna Nowak" || *inv.InvitedBy != admin {
		t.Fatalf("invitation: %+v", inv)
	}
	var events int
	dbtest.Scan(t, db, &events, "SELECT count(*) FROM events WHERE company_id = ? AND kind = 'company.changed'", id)
	if events != eventsBefore+1 {
		t.Fatalf("company.changed events: %d → %d", eventsBefore, events)
	}
	r, err := registration.Get(ctx, db, id, admin, true)
	if err != nil || r.Decision != "approved" || r.DecidedBy != "Staff admin" {
		t.Fatalf("decision: %+v %v", r, err)
	}

	// The contact person accepts and becomes the owner.
	u, err := account.AcceptInvitation(ctx, db, ap.Token, "Anna Nowak", "pitkä-salasana-123", now)
	if err != nil || u.Role != company.RoleOwner || *u.CompanyID != id {
		t.Fatalf("accept: %+v %v", u, err)
	}

	// A second decision is refused, and changes nothing.
	if _, err := registration.Approve(ctx, db, id, in, manager, now); !errors.Is(err, registration.ErrNotPending) {
		t.Fatalf("second approve: %v", err)
	}
	if err := registration.Reject(ctx, db, id, "too late", manager, now); !errors.Is(err, registration.ErrNotPending) {
		t.Fatalf("reject after approve: %v", err)
	}
}

func TestApproveValidation(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	id, _ := pending(t, "pl")
	manager := staff(t, "manager")
	customer := dbtest.User(t, db, dbtest.Company(t, db, dbtest.CompanyOpts{}), "owner")
	cases := []struct {
		in    registration.ApproveInput
		field string
		want  string
	}{
		{registration.ApproveInput{ManagerID: manager, PaymentTermsDays: 181}, "payment_terms_days", "terms_range"},
		{registration.ApproveInput{ManagerID: manager, PaymentTermsDays: -1}, "payment_terms_days", "terms_range"},
		{registration.ApproveInput{ManagerID: manager, CreditLimit: -1}, "credit_limit", "credit_range"},
		{registration.ApproveInput{ManagerID: manager, PriceGroupID: 999999}, "price_group", "unknown_group"},
		{registration.ApproveInput{}, "manager", "required"},
		{registration.ApproveInput{ManagerID: customer}, "manager", "staff"},
		{registration.ApproveInput{ManagerID: manager, BackupManagerID: manager}, "backup", "backup_same"},
		{registration.ApproveInput{ManagerID: manager, OwnerEmail: "not-an-email"}, "owner_email", "email"},
	}
	for _, tc := range cases {
		_, err := registration.Approve(ctx, db, id, tc.in, manager, now)
		var fe registration.FieldErrors
		if !errors.As(err, &fe) || fe[tc.field] != tc.want {
			t.Errorf("%+v: got %v, want %s %s", tc.in, err, tc.field, tc.want)
		}
	}
	// The contact's address already has an account: staff choose another.
	taken := fmt.Sprintf("taken-%d@example.test", dbtest.Unique())
	dbtest.Exec(t, db, "UPDATE companies SET contact_email = ? WHERE id = ?", taken, id)
	dbtest.Exec(t, db, "INSERT INTO users (email, name, role) VALUES (?, 'Someone', 'manager')", taken)
	_, err := registration.Approve(ctx, db, id, registration.ApproveInput{ManagerID: manager}, manager, now)
	var fe registration.FieldErrors
	if !errors.As(err, &fe) || fe["owner_email"] != "email_taken" {
		t.Fatalf("taken e-mail: %v", err)
	}
	if c, _ := company.Get(ctx, db, id); c.Status != company.StatusPending {
		t.Fatalf("a refused approval changed the status to %s", c.Status)
	}
	ap, err := registration.Approve(ctx, db, id, registration.ApproveInput{ManagerID: manager, OwnerEmail: "Owner@Example.test"}, manager, now)
	if err != nil || ap.Email != "owner@example.test" {
		t.Fatalf("approve with another e-mail: %+v %v", ap, err)
	}
	// Only staff decide.
	other, _ := pending(t, "pl")
	if _, err := registration.Approve(ctx, db, other, registration.ApproveInput{ManagerID: manager}, customer, now); !errors.Is(err, registration.ErrNotStaff) {
		t.Fatalf("customer approves: %v", err)
	}
}

func TestReject(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	id, _ := pending(t, "ru")
	manager := staff(t, "manager")
	var fe registration.FieldErrors
	if err := registration.Reject(ctx, db, id, "  \n ", manager, now); !errors.As(err, &fe) || fe["reason"] != "required" {
		t.Fatalf("empty reason: %v", err)
	}
	if err := registration.Reject(ctx, db, id, "Нет данных о деятельности компании", manager, now); err != nil {
		t.Fatal(err)
	}
	c, _ := company.Get(ctx, db, id)
	if c.Status != company.StatusRejected || c.StatusReason != "Нет данных о деятельности компании" || c.ApprovedAt != nil {
		t.Fatalf("rejected company: %+v", c)
	}
	var invitations int
	dbtest.Scan(t, db, &invitations, "SELECT count(*) FROM invitations WHERE company_id = ?", id)
	if invitations != 0 {
		t.Fatal("a rejected company got an invitation")
	}
	if err := registration.Reject(ctx, db, id, "again", manager, now); !errors.Is(err, registration.ErrNotPending) {
		t.Fatalf("second reject: %v", err)
	}
	if _, err := registration.Approve(ctx, db, id, registration.ApproveInput{ManagerID: manager}, manager, now); !errors.Is(err, registration.ErrNotPending) {
		t.Fatalf("approve after reject: %v", err)
	}
	// Still counted as registered: the applicant is asked to contact us.
	var tax string
	dbtest.Scan(t, db, &tax, "SELECT tax_id FROM companies WHERE id = ?", id)
	f := form("RU", "ru")
	f.TaxID = tax
	if _, err := registration.Submit(ctx, db, f, ip(), now); !errors.Is(err, registration.ErrAlreadyRegistered) {
		t.Fatalf("re-application: %v", err)
	}
}

func TestListPendingVisibility(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	open, _ := pending(t, "pl")
	assigned, _ := pending(t, "fi")
	decided, _ := pending(t, "ru")
	m1, m2, admin := staff(t, "manager"), staff(t, "manager"), staff(t, "admin")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", m1, assigned)
	if err := registration.Reject(ctx, db, decided, "duplicate of an existing customer", admin, now); err != nil {
		t.Fatal(err)
	}
	ids := func(staffID int64, all bool) map[int64]bool {
		rs, err := registration.ListPending(ctx, db, staffID, all)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]bool{}
		for _, r := range rs {
			out[r.ID] = true
		}
		return out
	}
	for _, tc := range []struct {
		name            string
		staff           int64
		all             bool
		open, assigned  bool
		decidedListed   bool
		decidedReadable bool
	}{
		{"manager assigned", m1, false, true, true, false, false},
		{"other manager", m2, false, true, false, false, false},
		{"admin", admin, true, true, true, false, true},
	} {
		got := ids(tc.staff, tc.all)
		if got[open] != tc.open || got[assigned] != tc.assigned || got[decided] != tc.decidedListed {
			t.Errorf("%s: listed %v (open %d, assigned %d, decided %d)", tc.name, got, open, assigned, decided)
		}
		_, err := registration.Get(ctx, db, decided, tc.staff, tc.all)
		if (err == nil) != tc.decidedReadable {
			t.Errorf("%s: decided application readable: %v", tc.name, err)
		}
	}
	// An ordinary customer company is no application.
	customer := dbtest.Company(t, db, dbtest.CompanyOpts{})
	if _, err := registration.Get(ctx, db, customer, admin, true); !errors.Is(err, company.ErrNotFound) {
		t.Fatalf("customer company as an application: %v", err)
	}
}
