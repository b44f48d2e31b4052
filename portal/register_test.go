package portal

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/registration"
)

// postFrom submits a same-origin form from a client address of its own, so
// the registration throttle of one test does not meet another's.
func (p *testPortal) postFrom(ip, path string, form url.Values) response {
	if form.Get("csrf") == "" {
		form.Set("csrf", p.cookie(csrfCookie))
	}
	req := httptest.NewRequest(http.MethodPost, testOrigin+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.RemoteAddr = "[" + ip + "]:40000"
	return p.do(req)
}

func testIP() string { return fmt.Sprintf("2001:db8::%x", dbtest.Unique()) }

// application is a valid registration form for a country.
func application(country, lang string) url.Values {
	n := dbtest.Unique()
	return url.Values{"country": {country}, "tax_id": {dbtest.TaxID(country, 5000+n)}, "name": {fmt.Sprintf("Hurtownia Elektryczna %d", n)},
		"billing_address": {"ul. Fabryczna 7\n90-001 Łódź"}, "delivery_address": {""}, "contact_name": {"Jan Kowalski"},
		"contact_email": {fmt.Sprintf("jan.%d@hurtownia.example", n)}, "contact_phone": {"+48 42 600 70 80"}, "language": {lang}}
}

var regTitles = map[string]string{"pl": "Wniosek o konto firmowe", "ru": "Заявка на регистрацию компании", "fi": "Yritysasiakkaaksi hakeminen"}

func TestRegisterFormInEveryLanguage(t *testing.T) {
	p := newTestPortal(t)
	for lang, title := range regTitles {
		res := p.get("/register", lang)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: status %d", lang, res.Status)
		}
		mustContain(t, res.Body, title, `name="csrf"`, `name="website"`, `name="tax_id"`)
		// The country follows the page's language.
		want := map[string]string{"pl": "PL", "ru": "RU", "fi": "FI"}[lang]
		mustContain(t, res.Body, `<option value="`+want+`" selected>`)
		if res := p.get("/register/thanks", lang); res.Status != http.StatusOK {
			t.Fatalf("%s thanks: %d", lang, res.Status)
		}
		mustContain(t, p.get("/signin", lang).Body, `href="/register"`)
	}
}

func TestRegisterCreatesPendingCompany(t *testing.T) {
	db := dbtest.DB(t)
	for _, tc := range []struct{ lang, country, currency string }{{"pl", "PL", "PLN"}, {"ru", "RU", "RUB"}, {"fi", "FI", "EUR"}} {
		p := newTestPortal(t)
		p.get("/register", tc.lang)
		form := application(tc.country, tc.lang)
		res := p.postFrom(testIP(), "/register", form)
		if res.Status != http.StatusSeeOther || res.Location != "/register/thanks" {
			t.Fatalf("%s: status %d → %q\n%s", tc.lang, res.Status, res.Location, res.Body)
		}
		var status, currency, language, delivery string
		dbtest.Scan(t, db, &status, "SELECT status FROM companies WHERE name = ?", form.Get("name"))
		dbtest.Scan(t, db, &currency, "SELECT currency FROM companies WHERE name = ?", form.Get("name"))
		dbtest.Scan(t, db, &language, "SELECT language FROM companies WHERE name = ?", form.Get("name"))
		dbtest.Scan(t, db, &delivery, "SELECT delivery_address FROM companies WHERE name = ?", form.Get("name"))
		if status != "pending" || currency != tc.currency || language != tc.lang || delivery != "ul. Fabryczna 7\n90-001 Łódź" {
			t.Fatalf("%s: status %s currency %s language %s delivery %q", tc.lang, status, currency, language, delivery)
		}
		mustContain(t, p.get("/register/thanks", tc.lang).Body, map[string]string{"pl": "Dziękujemy", "ru": "Спасибо", "fi": "Kiitos"}[tc.lang])
	}
}

// A wrong check digit is explained in the visitor's language under the field,
// and everything typed stays in the form.
func TestRegisterBadTaxIDKeepsTypedValues(t *testing.T) {
	db := dbtest.DB(t)
	cases := []struct{ lang, country, tax, msg string }{
		{"pl", "PL", "774-000-14-55", "Numer podatkowy ma błędną cyfrę kontrolną."},
		{"ru", "RU", "7707083894", "Неверная контрольная цифра налогового номера."},
		{"fi", "FI", "0112038-8", "Verotunnisteen tarkistusnumero on väärä."},
		{"pl", "PL", "12345", "NIP ma 10 cyfr."},
	}
	for _, tc := range cases {
		p := newTestPortal(t)
		p.acceptLanguage = tc.lang
		p.get("/register", "")
		form := application(tc.country, tc.lang)
		form.Set("tax_id", tc.tax)
		form.Set("contact_name", "Łucja <Żółć> & Co")
		res := p.postFrom(testIP(), "/register", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s %s: status %d", tc.lang, tc.tax, res.Status)
		}
		mustContain(t, res.Body, tc.msg, `aria-invalid="true"`, `value="`+tc.tax+`"`, `value="`+form.Get("name")+`"`,
			`value="`+form.Get("contact_email")+`"`, "Łucja &lt;Żółć&gt; &amp; Co", "ul. Fabryczna 7\n90-001 Łódź",
			`<option value="`+tc.country+`" selected>`)
		var n int
		dbtest.Scan(t, db, &n, "SELECT count(*) FROM companies WHERE name = ?", form.Get("name"))
		if n != 0 {
			t.Fatalf("%s: a company was created from an invalid form", tc.lang)
		}
	}
}

func TestRegisterHoneypot(t *testing.T) {
	p := newTestPortal(t)
	p.get("/register", "pl")
	form := application("PL", "pl")
	form.Set("website", "https://spam.example")
	res := p.postFrom(testIP(), "/register", form)
	if res.Status != http.StatusSeeOther || res.Location != "/register/thanks" {
		t.Fatalf("honeypot: %d %q", res.Status, res.Location)
	}
	var n int
	dbtest.Scan(t, dbtest.DB(t), &n, "SELECT count(*) FROM companies WHERE name = ?", form.Get("name"))
	if n != 0 {
		t.Fatal("a bot's form created a company")
	}
}

// Registering an existing customer's tax ID says only "already registered".
func TestRegisterDuplicateRevealsNothing(t *testing.T) {
	existing := newTenant(t, "pl")
	db := dbtest.DB(t)
	var tax, contact string
	dbtest.Scan(t, db, &tax, "SELECT tax_id FROM companies WHERE id = ?", existing.CompanyID)
	contact = "Kierownik " + existing.Marker
	dbtest.Exec(t, db, "UPDATE companies SET contact_name = ?, contact_email = ? WHERE id = ?", contact, existing.OwnerEmail, existing.CompanyID)
	p := newTestPortal(t)
	p.get("/register", "pl")
	form := application("PL", "pl")
	form.Set("tax_id", tax[:3]+" "+tax[3:])
	res := p.postFrom(testIP(), "/register", form)
	if res.Status != http.StatusConflict {
		t.Fatalf("duplicate: %d", res.Status)
	}
	mustContain(t, res.Body, "Ta firma jest już zarejestrowana", "skontaktuj się z nami")
	for _, secret := range []string{existing.Name, contact, existing.OwnerEmail} {
		if strings.Contains(res.Body, secret) {
			t.Fatalf("the answer shows the existing customer's %q", secret)
		}
	}
}

func TestRegisterThrottledPerAddress(t *testing.T) {
	p := newTestPortal(t)
	p.acceptLanguage = "ru"
	p.get("/register", "")
	ip := testIP()
	for i := 0; i < registration.MaxAttemptsPerIP; i++ {
		form := application("RU", "ru")
		form.Set("tax_id", "7707083894")
		if res := p.postFrom(ip, "/register", form); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("attempt %d: %d", i, res.Status)
		}
	}
	res := p.postFrom(ip, "/register", application("RU", "ru"))
	if res.Status != http.StatusTooManyRequests {
		t.Fatalf("over the limit: %d", res.Status)
	}
	mustContain(t, res.Body, "слишком много заявок", "Повторите через 60 минут.")
}

var inviteLinkRe = regexp.MustCompile(`http://portal\.test/invite/[A-Za-z0-9_-]+`)

// submitApplication registers a company through the public form and returns
// its id and the form.
func submitApplication(t *testing.T, country, lang string) (int64, url.Values) {
	t.Helper()
	p := newTestPortal(t)
	p.get("/register", lang)
	form := application(country, lang)
	if res := p.postFrom(testIP(), "/register", form); res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d\n%s", res.Status, res.Body)
	}
	var id int64
	dbtest.Scan(t, dbtest.DB(t), &id, "SELECT id FROM companies WHERE name = ?", form.Get("name"))
	return id, form
}

// A manager approves an application; the contact person accepts the
// invitation and sees the company's catalog.
func TestStaffApprovesRegistration(t *testing.T) {
	db := dbtest.DB(t)
	id, form := submitApplication(t, "FI", "fi")
	manager, email := newStaff(t, "manager")
	backup, _ := newStaff(t, "manager")
	var group int64
	dbtest.Scan(t, db, &group, "INSERT INTO price_groups (code, name_pl, name_ru, name_fi, discount_bp) VALUES (?, 'Półhurt', 'Мелкий опт', 'Pienosto', 300) RETURNING id",
		fmt.Sprintf("semi-%d", dbtest.Unique()))

	p := newTestPortal(t)
	p.signIn(email)
	mustContain(t, p.get("/", "").Body, `href="/desk/registrations"`)
	list := p.get("/desk/registrations", "")
	if list.Status != http.StatusOK {
		t.Fatalf("list: %d", list.Status)
	}
	mustContain(t, list.Body, "Wnioski o rejestrację", form.Get("name"), fmt.Sprintf("/desk/registrations/%d", id))
	path := fmt.Sprintf("/desk/registrations/%d", id)
	page := p.get(path, "")
	mustContain(t, page.Body, form.Get("name"), form.Get("contact_email"), "Półhurt (3 %)", "EUR", "Zatwierdź i utwórz zaproszenie", "Odrzuć wniosek")

	// A credit limit that is not an amount is explained; nothing changes.
	approve := url.Values{"price_group": {fmt.Sprint(group)}, "payment_terms_days": {"30"}, "credit_limit": {"dużo"},
		"manager": {fmt.Sprint(manager)}, "backup": {fmt.Sprint(backup)}, "owner_email": {form.Get("contact_email")}}
	res := p.post(path+"/approve", approve)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad amount: %d", res.Status)
	}
	mustContain(t, res.Body, "Podaj kwotę z najwyżej dwoma miejscami po przecinku", `value="dużo"`)
	approve.Set("backup", fmt.Sprint(manager))
	approve.Set("credit_limit", "15 000,50")
	mustContain(t, p.post(path+"/approve", approve).Body, "Zastępca musi być inną osobą niż opiekun.")

	approve.Set("backup", fmt.Sprint(backup))
	res = p.post(path+"/approve", approve)
	if res.Status != http.StatusOK {
		t.Fatalf("approve: %d\n%s", res.Status, res.Body)
	}
	link := inviteLinkRe.FindString(res.Body)
	if link == "" {
		t.Fatalf("no invitation link shown:\n%s", res.Body)
	}
	mustContain(t, res.Body, "Wniosek zatwierdzony", "Aktywny", "15 000,50 €", "30 dni")
	var status string
	var limit, terms int64
	dbtest.Scan(t, db, &status, "SELECT status FROM companies WHERE id = ?", id)
	dbtest.Scan(t, db, &limit, "SELECT credit_limit FROM companies WHERE id = ?", id)
	dbtest.Scan(t, db, &terms, "SELECT payment_terms_days FROM companies WHERE id = ?", id)
	if status != "active" || limit != 1_500_050 || terms != 30 {
		t.Fatalf("approved company: %s %d %d", status, limit, terms)
	}

	// A second approval (another tab, a double click) is refused clearly.
	res = p.post(path+"/approve", approve)
	if res.Status != http.StatusConflict {
		t.Fatalf("second approve: %d", res.Status)
	}
	mustContain(t, res.Body, "O tym wniosku już zdecydowano")
	if strings.Contains(res.Body, "/invite/") {
		t.Fatal("a second approval showed a new invitation")
	}
	if strings.Contains(p.get("/desk/registrations", "").Body, form.Get("name")) {
		t.Fatal("an approved company is still listed as pending")
	}

	// The contact person accepts the invitation, in Finnish, and becomes the owner.
	invitee := newTestPortal(t)
	invPath := strings.TrimPrefix(link, testOrigin)
	inv := invitee.get(invPath, "")
	if inv.Status != http.StatusOK {
		t.Fatalf("invitation page: %d", inv.Status)
	}
	mustContain(t, inv.Body, form.Get("contact_email"), `value="Jan Kowalski"`)
	res = invitee.post(invPath, url.Values{"name": {"Jan Kowalski"}, "password": {testPassword}, "repeat": {testPassword}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%s", res.Status, res.Body)
	}
	var role, lang string
	dbtest.Scan(t, db, &role, "SELECT role FROM users WHERE company_id = ? AND email = ?", id, form.Get("contact_email"))
	dbtest.Scan(t, db, &lang, "SELECT language FROM users WHERE company_id = ?", id)
	if role != "owner" || lang != "fi" {
		t.Fatalf("new user: role %s language %s", role, lang)
	}
	if res := invitee.get("/catalog", ""); res.Status != http.StatusOK {
		t.Fatalf("the new owner's catalog: %d", res.Status)
	}
}

func TestStaffRejectsRegistration(t *testing.T) {
	db := dbtest.DB(t)
	id, form := submitApplication(t, "RU", "ru")
	_, email := newStaff(t, "admin")
	p := newTestPortal(t)
	p.signIn(email)
	path := fmt.Sprintf("/desk/registrations/%d", id)
	res := p.post(path+"/reject", url.Values{"reason": {"   "}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty reason: %d", res.Status)
	}
	mustContain(t, res.Body, "To pole jest wymagane.")
	res = p.post(path+"/reject", url.Values{"reason": {"Brak działalności w branży elektrycznej"}})
	if res.Status != http.StatusSeeOther || res.Location != "/desk/registrations" {
		t.Fatalf("reject: %d %q", res.Status, res.Location)
	}
	list := p.get("/desk/registrations", "")
	mustContain(t, list.Body, "Wniosek odrzucony.")
	if strings.Contains(list.Body, form.Get("name")) {
		t.Fatal("a rejected company is still listed")
	}
	var status, reason string
	dbtest.Scan(t, db, &status, "SELECT status FROM companies WHERE id = ?", id)
	dbtest.Scan(t, db, &reason, "SELECT status_reason FROM companies WHERE id = ?", id)
	if status != "rejected" || reason != "Brak działalności w branży elektrycznej" {
		t.Fatalf("rejected company: %s %q", status, reason)
	}
	// The admin can still read the decision.
	mustContain(t, p.get(path, "").Body, "Odrzucony", "Brak działalności w branży elektrycznej")
	if res := p.post(path+"/approve", url.Values{"payment_terms_days": {"14"}, "credit_limit": {"0"}}); res.Status != http.StatusConflict {
		t.Fatalf("approve after reject: %d", res.Status)
	}
}

// Staff pages in every language render without missing texts.
func TestRegistrationDeskInEveryLanguage(t *testing.T) {
	id, _ := submitApplication(t, "PL", "pl")
	staffID, email := newStaff(t, "manager")
	for _, lang := range []string{"pl", "ru", "fi"} {
		dbtest.Exec(t, dbtest.DB(t), "UPDATE users SET language = ? WHERE id = ?", lang, staffID)
		p := newTestPortal(t)
		p.signIn(email)
		for _, path := range []string{"/desk/registrations", fmt.Sprintf("/desk/registrations/%d", id)} {
			if res := p.get(path, ""); res.Status != http.StatusOK {
				t.Fatalf("%s %s: %d", lang, path, res.Status)
			}
		}
		res := p.post(fmt.Sprintf("/desk/registrations/%d/approve", id), url.Values{"payment_terms_days": {"x"}, "credit_limit": {""}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: invalid approval: %d", lang, res.Status)
		}
	}
}

// Applications are staff pages: customers do not find them.
func TestCustomerCannotSeeRegistrations(t *testing.T) {
	id, form := submitApplication(t, "PL", "pl")
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	p.signIn(tn.OwnerEmail)
	path := fmt.Sprintf("/desk/registrations/%d", id)
	for _, res := range []response{
		p.get("/desk/registrations", ""),
		p.get(path, ""),
		p.post(path+"/approve", url.Values{"payment_terms_days": {"14"}, "credit_limit": {"1000"}}),
		p.post(path+"/reject", url.Values{"reason": {"x"}}),
	} {
		if res.Status != http.StatusNotFound || strings.Contains(res.Body, form.Get("name")) {
			t.Fatalf("customer on a registration page: %d", res.Status)
		}
	}
	var status string
	dbtest.Scan(t, dbtest.DB(t), &status, "SELECT status FROM companies WHERE id = ?", id)
	if status != "pending" {
		t.Fatalf("a customer changed an application to %s", status)
	}
	// Signed out: sent to sign in.
	if res := newTestPortal(t).get("/desk/registrations", ""); res.Status != http.StatusSeeOther {
		t.Fatalf("signed out: %d", res.Status)
	}
}
