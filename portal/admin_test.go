package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"partnerdesk/domain/dbtest"
)

// adminRoutes are the route table's administration paths, {id} filled in.
func adminRoutes(t *testing.T, p *testPortal, id int64) (gets, posts []string) {
	t.Helper()
	for _, rt := range p.srv.routeTable() {
		if rt.access != accessAdmin {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		if strings.Contains(strings.ReplaceAll(path, "{id}", ""), "{") {
			t.Fatalf("admin route %q has a parameter this test does not know", rt.pattern)
		}
		path = strings.ReplaceAll(path, "{id}", fmt.Sprint(id))
		if method == http.MethodGet {
			gets = append(gets, path)
		} else {
			posts = append(posts, path)
		}
	}
	if len(gets) < 5 || len(posts) < 10 {
		t.Fatalf("only %d+%d admin routes", len(gets), len(posts))
	}
	return gets, posts
}

// Administration does not exist for managers and customers: every route
// answers 404 and changes nothing; signed-out visitors are sent to sign in.
func TestAdminRoutesAreNotFoundForManagersAndCustomers(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	manager, managerEmail := newStaff(t, "manager")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", manager, tn.CompanyID)
	other, _ := newStaff(t, "manager")

	for _, who := range []string{managerEmail, tn.OwnerEmail} {
		p := newTestPortal(t)
		p.signIn(who)
		gets, posts := adminRoutes(t, p, other)
		for _, path := range gets {
			if res := p.get(path, ""); res.Status != http.StatusNotFound {
				t.Errorf("%s: GET %s: %d, want 404", who, path, res.Status)
			}
		}
		for _, path := range posts {
			res := p.post(path, url.Values{"active": {"0"}, "role": {"admin"}, "from": {fmt.Sprint(manager)}, "to": {fmt.Sprint(other)},
				"manager": {fmt.Sprint(other)}, "backup": {"1"}, "code": {"hacked"}, "name_pl": {"x"}, "country": {"PL"},
				"time_zone": {"UTC"}, "day_start": {"00:00"}, "day_end": {"23:00"}, "days": {"1"}, "ack_hours": {"1"},
				"decide_hours": {"1"}, "day": {"2026-12-25"}, "name": {"x"}, "email": {"intruder@example.test"}})
			if res.Status != http.StatusNotFound {
				t.Errorf("%s: POST %s: %d, want 404", who, path, res.Status)
			}
		}
		if home := p.get("/", ""); strings.Contains(home.Body, "/desk/admin") {
			t.Errorf("%s sees a link to the administration", who)
		}
	}
	var active bool
	var managerOf, role string
	dbtest.Scan(t, db, &active, "SELECT active FROM users WHERE id = ?", other)
	dbtest.Scan(t, db, &role, "SELECT role FROM users WHERE id = ?", other)
	dbtest.Scan(t, db, &managerOf, "SELECT coalesce(manager_id::text, '') FROM companies WHERE id = ?", tn.CompanyID)
	var holiday, group, invited int
	dbtest.Scan(t, db, &holiday, "SELECT count(*) FROM public_holidays WHERE country = 'PL' AND day = '2026-12-25' AND name = 'x'")
	dbtest.Scan(t, db, &group, "SELECT count(*) FROM price_groups WHERE code = 'hacked'")
	dbtest.Scan(t, db, &invited, "SELECT count(*) FROM invitations WHERE email = 'intruder@example.test'")
	if !active || role != "manager" || managerOf != fmt.Sprint(manager) || holiday+group+invited != 0 {
		t.Fatalf("a refused request changed something: active %v role %s manager %s holiday %d group %d invitation %d",
			active, role, managerOf, holiday, group, invited)
	}

	anon := newTestPortal(t)
	if res := anon.get("/desk/admin/staff", ""); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/signin") {
		t.Fatalf("signed out: %d %s", res.Status, res.Location)
	}
}

var staffInviteRe = regexp.MustCompile(`/invite/([A-Za-z0-9_-]{20,})`)

// An admin invites a manager, who accepts, signs in, works the desk and
// does not see the administration.
func TestAdminInvitesStaffWhoSignsInAsManager(t *testing.T) {
	_, adminEmail := newStaff(t, "admin")
	p := newTestPortal(t)
	p.signIn(adminEmail)
	home := p.get("/", "")
	mustContain(t, home.Body, `href="/desk/admin/staff"`, "Administracja")

	email := fmt.Sprintf("nowy.opiekun.%d@voltmarket.example", dbtest.Unique())
	res := p.post("/desk/admin/staff/invite", url.Values{"email": {"  " + strings.ToUpper(email)}, "name": {"Jan Nowy"}, "role": {"manager"}, "language": {"ru"}})
	if res.Status != http.StatusOK {
		t.Fatalf("invite: %d\n%s", res.Status, res.Body)
	}
	m := staffInviteRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no invitation link:\n%s", res.Body)
	}
	mustContain(t, res.Body, "Zaproszenie utworzone", email)
	if bad := p.post("/desk/admin/staff/invite", url.Values{"email": {"owner"}, "role": {"owner"}}); bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad invitation: %d", bad.Status)
	} else {
		mustContain(t, bad.Body, "Wybierz rolę: opiekun handlowy albo administrator.")
	}

	n := newTestPortal(t)
	if page := n.get("/invite/"+m[1], ""); page.Status != http.StatusOK {
		t.Fatalf("invitation page: %d", page.Status)
	}
	if res := n.post("/invite/"+m[1], url.Values{"name": {"Jan Nowy"}, "password": {testPassword}, "repeat": {testPassword}}); res.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%s", res.Status, res.Body)
	}
	var role string
	var company any
	dbtest.Scan(t, dbtest.DB(t), &role, "SELECT role FROM users WHERE email = ?", email)
	dbtest.Scan(t, dbtest.DB(t), &company, "SELECT company_id FROM users WHERE email = ?", email)
	if role != "manager" || company != nil {
		t.Fatalf("accepted as %s of company %v", role, company)
	}

	fresh := newTestPortal(t)
	fresh.signIn(email)
	if res := fresh.get("/desk/handoffs", ""); res.Status != http.StatusOK {
		t.Fatalf("the new manager's inbox: %d", res.Status)
	} else {
		mustContain(t, res.Body, "Обращения") // the invitation's language
	}
	if res := fresh.get("/desk/admin/staff", ""); res.Status != http.StatusNotFound {
		t.Fatalf("a manager on the administration: %d", res.Status)
	}
	staff := p.get("/desk/admin/staff", "")
	mustContain(t, staff.Body, "Jan Nowy", email)
}

// Deactivation is refused while the person looks after companies, works after
// a handover, and ends their sessions at once.
func TestAdminDeactivatesAfterHandover(t *testing.T) {
	db := dbtest.DB(t)
	mine, theirs := newTenant(t, "pl"), newTenant(t, "fi")
	boss, adminEmail := newStaff(t, "admin")
	leaving, leavingEmail := newStaff(t, "manager")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = NULL WHERE id = ?", leaving, mine.CompanyID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = ? WHERE id = ?", boss, leaving, theirs.CompanyID)

	m := newTestPortal(t)
	m.signIn(leavingEmail)
	mhome := m.get("/", "")
	mustContain(t, mhome.Body, mine.Name, theirs.Name) // assigned and backup companies

	p := newTestPortal(t)
	p.signIn(adminEmail)
	deactivate := fmt.Sprintf("/desk/admin/staff/%d/active", leaving)
	res := p.post(deactivate, url.Values{"active": {"0"}})
	if res.Status != http.StatusConflict {
		t.Fatalf("deactivate while assigned: %d", res.Status)
	}
	mustContain(t, res.Body, "nadal opiekuje się 2 firmami", "Przekaż jej firmy")
	if res := m.get("/desk/handoffs", ""); res.Status != http.StatusOK {
		t.Fatalf("a refused deactivation signed the manager out: %d", res.Status)
	}

	res = p.post("/desk/admin/staff/reassign", url.Values{"from": {fmt.Sprint(leaving)}, "to": {fmt.Sprint(boss)}, "manager": {"1"}, "backup": {"1"}})
	if res.Status != http.StatusOK {
		t.Fatalf("handover: %d\n%s", res.Status, res.Body)
	}
	// The boss already managed the company the leaver backed up: it is left
	// without a backup rather than with the same person twice.
	mustContain(t, res.Body, "Przekazano. Jako opiekun: 1 firma; jako zastępca: 0 firm.", "1 firma nie ma teraz zastępcy")

	res = p.post(deactivate, url.Values{"active": {"0"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("deactivate after the handover: %d\n%s", res.Status, res.Body)
	}
	if res := m.get("/desk/handoffs", ""); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/signin") {
		t.Fatalf("the deactivated manager's session: %d %s", res.Status, res.Location)
	}
	again := newTestPortal(t)
	again.get("/signin", "")
	if res := again.post("/signin", url.Values{"email": {leavingEmail}, "password": {testPassword}}); res.Status == http.StatusSeeOther {
		t.Fatal("a deactivated manager signed in")
	}
	staff := p.get("/desk/admin/staff", "")
	mustContain(t, staff.Body, "Konto dezaktywowane", "Przywróć dostęp")
	// An admin sees every company.
	home := p.get("/", "")
	mustContain(t, home.Body, mine.Name, theirs.Name)
}

func TestAdminAssignsCompany(t *testing.T) {
	db := dbtest.DB(t)
	tn := newTenant(t, "pl")
	_, adminEmail := newStaff(t, "admin")
	m, _ := newStaff(t, "manager")
	b, _ := newStaff(t, "manager")
	var group int64
	dbtest.Scan(t, db, &group, "INSERT INTO price_groups (code, name_pl, name_ru, name_fi) VALUES (?, 'Hurt testowy', '', '') RETURNING id", fmt.Sprintf("assign-%d", dbtest.Unique()))
	p := newTestPortal(t)
	p.signIn(adminEmail)

	list := p.get("/desk/admin/companies?q="+url.QueryEscape(tn.Marker), "")
	mustContain(t, list.Body, tn.Name, "Znaleziono 1 firmę")
	save := fmt.Sprintf("/desk/admin/companies/%d", tn.CompanyID)
	back := "/desk/admin/companies?q=" + url.QueryEscape(tn.Marker)
	res := p.post(save, url.Values{"manager": {fmt.Sprint(m)}, "backup": {fmt.Sprint(m)}, "price_group": {""}, "back": {back}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("same manager and backup: %d", res.Status)
	}
	mustContain(t, res.Body, "Zastępcą musi być inna osoba niż opiekun.", tn.Name)

	var before, after int
	dbtest.Scan(t, db, &before, "SELECT count(*) FROM events WHERE kind = 'company.changed' AND company_id = ?", tn.CompanyID)
	res = p.post(save, url.Values{"manager": {fmt.Sprint(m)}, "backup": {fmt.Sprint(b)}, "price_group": {fmt.Sprint(group)}, "back": {back}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, back) {
		t.Fatalf("assign: %d %s", res.Status, res.Location)
	}
	var got string
	dbtest.Scan(t, db, &got, "SELECT concat_ws(',', manager_id, backup_manager_id, price_group_id) FROM companies WHERE id = ?", tn.CompanyID)
	if got != fmt.Sprintf("%d,%d,%d", m, b, group) {
		t.Fatalf("assigned %s", got)
	}
	dbtest.Scan(t, db, &after, "SELECT count(*) FROM events WHERE kind = 'company.changed' AND company_id = ?", tn.CompanyID)
	if after != before+1 {
		t.Fatalf("company.changed events: %d → %d", before, after)
	}
	byManager := p.get(fmt.Sprintf("/desk/admin/companies?manager=%d", b), "")
	mustContain(t, byManager.Body, tn.Name, "Zapisano przypisanie firmy.")
	if res := p.post("/desk/admin/companies/999999999", url.Values{"manager": {fmt.Sprint(m)}}); res.Status != http.StatusNotFound {
		t.Fatalf("unknown company: %d", res.Status)
	}
}

func TestAdminPriceGroups(t *testing.T) {
	db := dbtest.DB(t)
	tn := newTenant(t, "pl")
	_, adminEmail := newStaff(t, "admin")
	p := newTestPortal(t)
	p.signIn(adminEmail)
	code := fmt.Sprintf("pg-%d", dbtest.Unique())
	res := p.post("/desk/admin/price-groups", url.Values{"code": {code}, "name_pl": {"Instalatorzy"}, "name_ru": {"Монтажники"}, "name_fi": {""}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.Status, res.Body)
	}
	list := p.get("/desk/admin/price-groups", "")
	mustContain(t, list.Body, code, "Instalatorzy", "Grupa cenowa dodana.")
	res = p.post("/desk/admin/price-groups", url.Values{"code": {code}, "name_pl": {"Drugi raz"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate code: %d", res.Status)
	}
	mustContain(t, res.Body, "Grupa o tym kodzie już istnieje.", "Drugi raz")

	var id int64
	dbtest.Scan(t, db, &id, "SELECT id FROM price_groups WHERE code = ?", code)
	edit := p.get(fmt.Sprintf("/desk/admin/price-groups/%d", id), "")
	mustContain(t, edit.Body, "Монтажники", code)
	res = p.post(fmt.Sprintf("/desk/admin/price-groups/%d", id), url.Values{"code": {code + "-x"}, "name_pl": {"Instalatorzy elektryczni"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("rename: %d\n%s", res.Status, res.Body)
	}
	dbtest.Exec(t, db, "UPDATE companies SET price_group_id = ? WHERE id = ?", id, tn.CompanyID)
	res = p.post(fmt.Sprintf("/desk/admin/price-groups/%d/delete", id), url.Values{})
	if res.Status != http.StatusConflict {
		t.Fatalf("delete a used group: %d", res.Status)
	}
	mustContain(t, res.Body, "Nie można usunąć grupy "+code+"-x: kupuje w niej 1 firma.")
	dbtest.Exec(t, db, "UPDATE companies SET price_group_id = NULL WHERE id = ?", tn.CompanyID)
	if res := p.post(fmt.Sprintf("/desk/admin/price-groups/%d/delete", id), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete an unused group: %d", res.Status)
	}
	var n int
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM price_groups WHERE id = ?", id)
	if n != 0 {
		t.Fatal("the group is still there")
	}
	if res := p.get(fmt.Sprintf("/desk/admin/price-groups/%d", id), ""); res.Status != http.StatusNotFound {
		t.Fatalf("a deleted group's page: %d", res.Status)
	}
}

func TestAdminSLACalendar(t *testing.T) {
	db := dbtest.DB(t)
	_, adminEmail := newStaff(t, "admin")
	p := newTestPortal(t)
	p.signIn(adminEmail)
	page := p.get("/desk/admin/sla?country=FI", "")
	mustContain(t, page.Body, "Europe/Helsinki", "Reklamacje już zgłoszone zachowują swoje terminy.", "Itsenäisyyspäivä")

	good := url.Values{"country": {"FI"}, "time_zone": {"Europe/Helsinki"}, "day_start": {"08:00"}, "day_end": {"16:00"},
		"days": {"1", "2", "3", "4", "5"}, "ack_hours": {"4"}, "decide_hours": {"40"}}
	for _, tc := range []struct {
		field, value, want string
	}{
		{"time_zone", "Mars/Olympus", "Nieznana strefa czasowa."},
		{"day_end", "07:00", "Koniec pracy musi być później niż początek."},
		{"day_start", "8 rano", "Podaj godzinę w formacie GG:MM."},
		{"days", "", "To pole jest wymagane."},
		{"ack_hours", "0", "Podaj liczbę całkowitą godzin od 1 do 2000."},
		{"decide_hours", "dużo", "Podaj liczbę całkowitą godzin od 1 do 2000."},
		{"decide_hours", "2", "Czas na decyzję nie może być krótszy niż czas na potwierdzenie."},
	} {
		form := url.Values{}
		for k, v := range good {
			form[k] = append([]string(nil), v...)
		}
		if tc.value == "" {
			form.Del(tc.field)
		} else {
			form.Set(tc.field, tc.value)
		}
		res := p.post("/desk/admin/sla", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s=%q: %d", tc.field, tc.value, res.Status)
			continue
		}
		mustContain(t, res.Body, tc.want)
	}
	var unchanged string
	dbtest.Scan(t, db, &unchanged, "SELECT concat_ws(' ', time_zone, day_start, day_end, working_days, ack_hours, decide_hours) FROM business_hours WHERE country = 'FI'")

	changed := url.Values{}
	for k, v := range good {
		changed[k] = v
	}
	changed.Set("day_start", "07:30")
	changed["days"] = []string{"1", "2", "3", "4", "5", "6"}
	t.Cleanup(func() {
		dbtest.Exec(t, db, "UPDATE business_hours SET day_start = '08:00', working_days = '{1,2,3,4,5}' WHERE country = 'FI'")
	})
	if res := p.post("/desk/admin/sla", changed); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.Status, res.Body)
	}
	var saved string
	dbtest.Scan(t, db, &saved, "SELECT concat_ws(' ', day_start, working_days) FROM business_hours WHERE country = 'FI'")
	if saved != "07:30:00 {1,2,3,4,5,6}" {
		t.Fatalf("saved %q (was %q)", saved, unchanged)
	}
	page = p.get("/desk/admin/sla?country=FI", "")
	mustContain(t, page.Body, `value="07:30"`, "Kalendarz zapisany.")

	t.Cleanup(func() { dbtest.Exec(t, db, "DELETE FROM public_holidays WHERE country = 'FI' AND day = '2033-01-03'") })
	res := p.post("/desk/admin/sla/holidays", url.Values{"country": {"FI"}, "day": {"2033-01-03"}, "name": {"Testipäivä"}})
	if res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "year=2033") {
		t.Fatalf("add holiday: %d %s", res.Status, res.Location)
	}
	loc, _, _ := strings.Cut(res.Location, "#") // browsers keep the fragment to themselves
	page = p.get(loc, "")
	mustContain(t, page.Body, "Testipäivä", "3.01.2033")
	res = p.post("/desk/admin/sla/holidays", url.Values{"country": {"FI"}, "day": {"2033-01-03"}, "name": {"Drugi"}, "year": {"2033"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("the same day twice: %d", res.Status)
	}
	mustContain(t, res.Body, "Ten dzień jest już na liście świąt.")
	if res := p.post("/desk/admin/sla/holidays/delete", url.Values{"country": {"FI"}, "day": {"2033-01-03"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("delete holiday: %d", res.Status)
	}
	if res := p.post("/desk/admin/sla/holidays/delete", url.Values{"country": {"FI"}, "day": {"2033-01-03"}}); res.Status != http.StatusNotFound {
		t.Fatalf("delete it again: %d", res.Status)
	}
	if res := p.get("/desk/admin/sla?country=DE", ""); res.Status != http.StatusNotFound {
		t.Fatalf("unknown country: %d", res.Status)
	}
}

// Every administration page, and its refusals, in each language, with no
// message missing (newTestPortal checks locales.MissingMessages).
func TestAdminPagesInEveryLanguage(t *testing.T) {
	db := dbtest.DB(t)
	tn := newTenant(t, "ru")
	boss, adminEmail := newStaff(t, "admin")
	busy, _ := newStaff(t, "manager")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", busy, tn.CompanyID)
	var group int64
	dbtest.Scan(t, db, &group, "INSERT INTO price_groups (code, name_pl, name_ru, name_fi) VALUES (?, 'Grupa', 'Группа', 'Ryhmä') RETURNING id", fmt.Sprintf("lang-%d", dbtest.Unique()))
	dbtest.Exec(t, db, "UPDATE companies SET price_group_id = ? WHERE id = ?", group, tn.CompanyID)
	rawID := regexp.MustCompile(`\badmin_[a-z_0-9]+`)
	want := map[string][]string{
		"pl": {"Administracja", "Pracownicy", "nadal opiekuje się 1 firmą", "kupuje w niej 1 firma", "Podaj datę w formacie RRRR-MM-DD."},
		"ru": {"Администрирование", "Сотрудники", "всё ещё ведёт или замещает 1 компанию", "по ней покупает 1 компания", "Укажите дату в формате ГГГГ-ММ-ДД."},
		"fi": {"Ylläpito", "Henkilöstö", "on yhä 1 yrityksen vastaava", "1 yritys ostaa sillä", "Anna päivämäärä muodossa VVVV-KK-PP."},
	}
	for _, lang := range []string{"pl", "ru", "fi"} {
		dbtest.Exec(t, db, "UPDATE users SET language = ? WHERE id = ?", lang, boss)
		p := newTestPortal(t)
		p.signIn(adminEmail)
		var bodies []string
		for _, path := range []string{"/desk/admin/staff", "/desk/admin/companies", fmt.Sprintf("/desk/admin/companies?manager=%d", busy),
			"/desk/admin/companies?manager=none&q=zzzz-nothing", "/desk/admin/price-groups", fmt.Sprintf("/desk/admin/price-groups/%d", group),
			"/desk/admin/sla", "/desk/admin/sla?country=RU&year=2027", "/desk/admin/sla?country=FI&year=2040"} {
			res := p.get(path, "")
			if res.Status != http.StatusOK {
				t.Fatalf("%s %s: %d", lang, path, res.Status)
			}
			bodies = append(bodies, res.Body)
		}
		for _, post := range []struct {
			path string
			form url.Values
		}{
			{fmt.Sprintf("/desk/admin/staff/%d/active", busy), url.Values{"active": {"0"}}},
			{"/desk/admin/staff/reassign", url.Values{"from": {fmt.Sprint(busy)}, "to": {fmt.Sprint(busy)}}},
			{"/desk/admin/staff/invite", url.Values{"email": {"x"}, "role": {"manager"}}},
			{fmt.Sprintf("/desk/admin/price-groups/%d/delete", group), url.Values{}},
			{fmt.Sprintf("/desk/admin/price-groups/%d", group), url.Values{"code": {"Zła Nazwa"}}},
			{fmt.Sprintf("/desk/admin/companies/%d", tn.CompanyID), url.Values{"manager": {""}, "backup": {fmt.Sprint(busy)}}},
			{"/desk/admin/sla", url.Values{"country": {"RU"}, "time_zone": {"Nowhere"}, "day_start": {"x"}, "ack_hours": {"5"}, "decide_hours": {"1"}}},
			{"/desk/admin/sla/holidays", url.Values{"country": {"RU"}, "day": {"31.12.2030"}, "name": {""}}},
		} {
			res := p.post(post.path, post.form)
			if res.Status < 400 {
				t.Fatalf("%s %s: %d, want a refusal", lang, post.path, res.Status)
			}
			bodies = append(bodies, res.Body)
		}
		all := strings.Join(bodies, "\n")
		mustContain(t, all, want[lang]...)
		if id := rawID.FindString(all); id != "" {
			t.Errorf("%s: an untranslated message id %q is shown", lang, id)
		}
	}
}
