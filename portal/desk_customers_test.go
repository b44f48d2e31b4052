package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

// pastOrders gives a tenant n delivered orders of net each (minor units),
// one every gap days, the newest five days ago.
func pastOrders(t *testing.T, tn *tenant, n int, net int64, gap int) {
	t.Helper()
	db := dbtest.DB(t)
	for i := range n {
		at := time.Now().AddDate(0, 0, -(5 + i*gap))
		dbtest.Exec(t, db, `INSERT INTO orders (company_id, channel, status, currency, net_goods, net_total, vat_total, gross_total,
			idempotency_key, created_at, updated_at)
			SELECT id, 'portal', 'delivered', currency, ?, ?, 0, ?, ?, ?, ? FROM companies WHERE id = ?`,
			net, net, net, fmt.Sprintf("history-%d", dbtest.Unique()), at, at, tn.CompanyID)
	}
}

// deskFixture is a manager with three customers (one as backup) that differ
// in segment, country, signals and next contact, and a customer of someone else.
type deskFixture struct {
	manager, other      int64
	email, otherEmail   string
	big, mid, small, xx *tenant
}

func newDeskFixture(t *testing.T) *deskFixture {
	t.Helper()
	db := dbtest.DB(t)
	f := &deskFixture{big: newTenant(t, "pl"), mid: newTenant(t, "fi"), small: newTenant(t, "ru"), xx: newTenant(t, "pl")}
	f.manager, f.email = newStaff(t, "manager")
	f.other, f.otherEmail = newStaff(t, "manager")
	pastOrders(t, f.big, 30, 600_000, 10) // 180 000 zł at 2.5 a month: A
	pastOrders(t, f.mid, 10, 150_000, 30) // 15 000 €: B
	// The small one owes money for three weeks.
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total)
		VALUES (?, ?, 'RUB', current_date - 35, current_date - 21, 100000, 20000, 120000)`, f.small.CompanyID, "СФ-"+f.small.Marker)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, next_contact_on = current_date + 10 WHERE id = ?", f.manager, f.big.CompanyID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, next_contact_on = current_date - 2 WHERE id = ?", f.manager, f.mid.CompanyID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = ?, next_contact_on = NULL WHERE id = ?", f.other, f.manager, f.small.CompanyID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", f.other, f.xx.CompanyID)
	return f
}

// shownOrder returns the names in the order the page shows them; absent ones are left out.
func shownOrder(body string, names ...string) []string {
	type pos struct {
		name string
		at   int
	}
	var found []pos
	for _, n := range names {
		if i := strings.Index(body, n); i >= 0 {
			found = append(found, pos{n, i})
		}
	}
	for i := range found {
		for j := i + 1; j < len(found); j++ {
			if found[j].at < found[i].at {
				found[i], found[j] = found[j], found[i]
			}
		}
	}
	out := make([]string, len(found))
	for i, p := range found {
		out[i] = p.name
	}
	return out
}

func TestMyCustomersSortsAndFilters(t *testing.T) {
	f := newDeskFixture(t)
	p := newTestPortal(t)
	p.signIn(f.email)
	names := []string{f.big.Name, f.mid.Name, f.small.Name, f.xx.Name}
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{f.small.Name, f.big.Name, f.mid.Name}}, // the most urgent first: the overdue invoices
		{"?sort=revenue&dir=desc", []string{f.big.Name, f.mid.Name, f.small.Name}},
		{"?sort=revenue&dir=asc", []string{f.small.Name, f.mid.Name, f.big.Name}},
		{"?sort=next_contact&dir=asc", []string{f.small.Name, f.mid.Name, f.big.Name}}, // none planned, overdue, later
		{"?sort=segment", []string{f.big.Name, f.mid.Name, f.small.Name}},
		{"?segment=A", []string{f.big.Name}},
		{"?segment=B", []string{f.mid.Name}},
		{"?country=FI", []string{f.mid.Name}},
		{"?signal=overdue_invoices", []string{f.small.Name}},
		{"?due=1&sort=next_contact", []string{f.small.Name, f.mid.Name}},
		{"?segment=bogus&sort=bogus", []string{f.small.Name, f.big.Name, f.mid.Name}},
	}
	for _, tt := range tests {
		res := p.get("/"+tt.query, "")
		if res.Status != http.StatusOK {
			t.Fatalf("%s: status %d", tt.query, res.Status)
		}
		if got := shownOrder(res.Body, names...); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	res := p.get("/?sort=revenue&dir=desc&segment=A", "")
	mustContain(t, res.Body, "Moi klienci", `aria-sort="descending"`, "Segment A", "1 klient",
		"/?dir=asc&amp;segment=A&amp;sort=revenue", `href="/desk/registrations"`, `href="/desk/handoffs"`)
	res = p.get("/?signal=overdue_invoices", "")
	mustContain(t, res.Body, "Zaległe faktury", "zastępstwo za:", "1 faktura po terminie, razem 1 200,00 ₽.")
	res = p.get("/?country=FI", "")
	mustContain(t, res.Body, "termin minął")
	res = p.get("/?segment=C&country=FI", "")
	mustContain(t, res.Body, "Żaden klient nie pasuje do wybranych filtrów.")

	// An admin sees every customer, the other manager's too.
	adminID, adminEmail := newStaff(t, "admin")
	_ = adminID
	a := newTestPortal(t)
	a.signIn(adminEmail)
	// The package's tests share one database, so the list may run to
	// several pages: look through all of them.
	seen := map[string]bool{}
	for page := 1; page <= 50; page++ {
		body := a.get(fmt.Sprintf("/?sort=revenue&dir=desc&page=%d", page), "").Body
		for _, n := range shownOrder(body, names...) {
			seen[n] = true
		}
		if !strings.Contains(body, fmt.Sprintf("page=%d", page+1)) {
			break
		}
	}
	if len(seen) != 4 {
		t.Errorf("admin sees %v of %v", seen, names)
	}
}

func TestMyCustomersAndCustomer360InEveryLanguage(t *testing.T) {
	f := newDeskFixture(t)
	p := newTestPortal(t)
	p.signIn(f.email)
	db := dbtest.DB(t)
	want := map[string][]string{
		"pl": {"Moi klienci", "Obrót 12 mies.", "Obrót netto wg miesięcy (zł)", "Liczba zamówień wg miesięcy", "Odpowiedzi NPS (0–10)",
			"Otwarte sprawy", "Notatki", "Następny kontakt", "Zaproś współpracownika", "31 zamówień w 12 mies."},
		"ru": {"Мои клиенты", "Оборот за 12 мес.", "Оборот без НДС по месяцам (zł)", "Количество заказов по месяцам", "Ответы NPS (0–10)",
			"Открытые вопросы", "Заметки", "Следующий контакт", "31 заказ за 12 мес."},
		"fi": {"Omat asiakkaat", "Myynti 12 kk", "Nettomyynti kuukausittain (zł)", "Tilausten määrä kuukausittain", "NPS-vastaukset (0–10)",
			"Avoimet asiat", "Muistiinpanot", "Seuraava yhteydenotto", "31 tilausta 12 kk:ssa"},
	}
	for _, lang := range []string{"pl", "ru", "fi"} {
		dbtest.Exec(t, db, "UPDATE users SET language = ? WHERE id = ?", lang, f.manager)
		locales.MissingMessages()
		list := p.get("/", "")
		page := p.get(fmt.Sprintf("/desk/companies/%d", f.big.CompanyID), "")
		if list.Status != http.StatusOK || page.Status != http.StatusOK {
			t.Fatalf("%s: list %d, 360 %d", lang, list.Status, page.Status)
		}
		mustContain(t, list.Body+page.Body, want[lang]...)
		// Charts are inline SVG with a title and a description; the values are in a table too.
		mustContain(t, page.Body, `role="img" aria-labelledby="chart-revenue-title chart-revenue-desc"`, `<title id="chart-orders-title">`,
			`<desc id="chart-nps-desc">`, `class="bar`, `class="pt-orders"`, "18 000,00 zł", `<details class="chart-values">`)
		for _, other := range []*tenant{f.mid, f.small} {
			if res := p.get(fmt.Sprintf("/desk/companies/%d", other.CompanyID), ""); res.Status != http.StatusOK {
				t.Fatalf("%s: 360 of %s: %d", lang, other.Name, res.Status)
			}
		}
		if n := locales.MissingMessages(); n != 0 {
			t.Fatalf("%s: %d messages missing", lang, n)
		}
	}
	// The detail of the backup customer: the overdue signal, unpaid invoice, segment C.
	dbtest.Exec(t, db, "UPDATE users SET language = 'pl' WHERE id = ?", f.manager)
	res := p.get(fmt.Sprintf("/desk/companies/%d", f.small.CompanyID), "")
	mustContain(t, res.Body, "Segment C", "Zaległe faktury", "pilne", "СФ-"+f.small.Marker, "21 dni po terminie", "Zaległość blokuje składanie zamówień.",
		"Reklamacja: termin SLA")
}

func TestCustomer360OnlyForItsManagers(t *testing.T) {
	f := newDeskFixture(t)
	db := dbtest.DB(t)
	stranger := newTestPortal(t)
	stranger.signIn(f.otherEmail) // manages small (and xx), not big
	id := f.big.CompanyID
	var notesBefore int
	dbtest.Scan(t, db, &notesBefore, "SELECT count(*) FROM company_notes WHERE company_id = ?", id)
	for _, req := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", fmt.Sprintf("/desk/companies/%d", id), nil},
		{"POST", fmt.Sprintf("/desk/companies/%d/notes", id), url.Values{"body": {"ciekawostka"}}},
		{"POST", fmt.Sprintf("/desk/companies/%d/next-contact", id), url.Values{"next_contact": {time.Now().AddDate(0, 0, 3).Format(time.DateOnly)}}},
		{"POST", fmt.Sprintf("/desk/companies/%d/invite", id), url.Values{"email": {"nowy@example.test"}, "role": {"buyer"}}},
		{"GET", "/desk/companies/999999999", nil},
		{"GET", "/desk/companies/abc", nil},
	} {
		var res response
		if req.method == "GET" {
			res = stranger.get(req.path, "")
		} else {
			res = stranger.post(req.path, req.form)
		}
		if res.Status != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", req.method, req.path, res.Status)
		}
		if strings.Contains(res.Body, f.big.Name) {
			t.Errorf("%s %s shows the company", req.method, req.path)
		}
	}
	var notesAfter int
	var next string
	dbtest.Scan(t, db, &notesAfter, "SELECT count(*) FROM company_notes WHERE company_id = ?", id)
	dbtest.Scan(t, db, &next, "SELECT next_contact_on - current_date FROM companies WHERE id = ?", id)
	if notesAfter != notesBefore || next != "10" {
		t.Fatalf("a stranger changed the company: notes %d→%d, next contact in %s days", notesBefore, notesAfter, next)
	}
	// The backup manager may, and so may an admin.
	if res := stranger.get(fmt.Sprintf("/desk/companies/%d", f.small.CompanyID), ""); res.Status != http.StatusOK {
		t.Fatalf("own customer: %d", res.Status)
	}
	_, adminEmail := newStaff(t, "admin")
	a := newTestPortal(t)
	a.signIn(adminEmail)
	if res := a.get(fmt.Sprintf("/desk/companies/%d", id), ""); res.Status != http.StatusOK {
		t.Fatalf("admin: %d", res.Status)
	}
	if res := a.post(fmt.Sprintf("/desk/companies/%d/notes", id), url.Values{"body": {"Notatka administratora"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("admin note: %d", res.Status)
	}
	// Customers do not reach the desk at all.
	c := newTestPortal(t)
	c.signIn(f.big.OwnerEmail)
	if res := c.get(fmt.Sprintf("/desk/companies/%d", id), ""); res.Status != http.StatusNotFound {
		t.Fatalf("customer on the 360: %d", res.Status)
	}
}

func TestNotesAndNextContactAreSaved(t *testing.T) {
	f := newDeskFixture(t)
	db := dbtest.DB(t)
	p := newTestPortal(t)
	p.signIn(f.email)
	base := fmt.Sprintf("/desk/companies/%d", f.mid.CompanyID)

	res := p.post(base+"/notes", url.Values{"body": {"  Rozmowa z Jarim: chcą cennik na kable na Q1.\nOddzwonić w poniedziałek.  "}})
	if res.Status != http.StatusSeeOther || res.Location != base+"#notes" {
		t.Fatalf("note: %d %q", res.Status, res.Location)
	}
	page := p.get(base, "")
	mustContain(t, page.Body, "Notatka zapisana.", "Rozmowa z Jarim: chcą cennik na kable na Q1.\nOddzwonić w poniedziałek.", "Staff "+f.email)
	res = p.post(base+"/notes", url.Values{"body": {"   "}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty note: %d", res.Status)
	}
	mustContain(t, res.Body, "Wpisz treść notatki.", `aria-invalid="true"`)
	res = p.post(base+"/notes", url.Values{"body": {strings.Repeat("długo ", 1000)}})
	mustContain(t, res.Body, "Notatka może mieć najwyżej 5 000 znaków.", "długo długo")
	var notes int
	dbtest.Scan(t, db, &notes, "SELECT count(*) FROM company_notes WHERE company_id = ?", f.mid.CompanyID)
	if notes != 1 {
		t.Fatalf("%d notes saved", notes)
	}

	day := time.Now().UTC().AddDate(0, 0, 7).Format(time.DateOnly)
	res = p.post(base+"/next-contact", url.Values{"next_contact": {day}})
	if res.Status != http.StatusSeeOther || res.Location != base+"#contact" {
		t.Fatalf("next contact: %d %q", res.Status, res.Location)
	}
	var saved string
	dbtest.Scan(t, db, &saved, "SELECT next_contact_on::text FROM companies WHERE id = ?", f.mid.CompanyID)
	if saved != day {
		t.Fatalf("next contact saved as %s, want %s", saved, day)
	}
	mustContain(t, p.get(base, "").Body, "Zapisano datę następnego kontaktu.", `value="`+day+`"`)
	for value, msg := range map[string]string{
		time.Now().UTC().AddDate(0, 0, -3).Format(time.DateOnly): "Data kontaktu nie może być wcześniejsza niż dzisiaj.",
		"31.12.2026": "Podaj datę w formacie rrrr-mm-dd albo wybierz ją z kalendarza.",
		"2099-01-01": "Zaplanuj kontakt najwyżej dwa lata naprzód.",
	} {
		res := p.post(base+"/next-contact", url.Values{"next_contact": {value}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d", value, res.Status)
		}
		mustContain(t, res.Body, msg, `value="`+value+`"`)
	}
	dbtest.Scan(t, db, &saved, "SELECT next_contact_on::text FROM companies WHERE id = ?", f.mid.CompanyID)
	if saved != day {
		t.Fatalf("a refused date changed the next contact to %s", saved)
	}
	// The list no longer counts it as due; clearing the date makes it due again.
	if got := shownOrder(p.get("/?due=1", "").Body, f.mid.Name); len(got) != 0 {
		t.Fatal("planned next week, yet listed as due")
	}
	if res := p.post(base+"/next-contact", url.Values{"next_contact": {""}}); res.Status != http.StatusSeeOther {
		t.Fatalf("clear: %d", res.Status)
	}
	var none *string
	dbtest.Scan(t, db, &none, "SELECT next_contact_on::text FROM companies WHERE id = ?", f.mid.CompanyID)
	if none != nil {
		t.Fatalf("cleared next contact is %s", *none)
	}
	if got := shownOrder(p.get("/?due=1", "").Body, f.mid.Name); len(got) != 1 {
		t.Fatal("without a plan, not listed as due")
	}
}
