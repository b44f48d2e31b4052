package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/nps"
)

// npsTexts are texts of the survey in each language, to check pages by.
var npsTexts = map[string]struct{ Question, Thanks, Sorry, Saved, Already, Quarterly string }{
	"pl": {"Jak bardzo prawdopodobne jest, że polecisz nas", "Dziękujemy za ocenę!", "skontaktuje się z Tobą", "zapisaliśmy Twój komentarz", "Ta ankieta ma już odpowiedź", "Ankieta kwartalna"},
	"ru": {"Насколько вероятно, что вы порекомендуете нас", "Спасибо за оценку!", "свяжется с вами", "ваш комментарий сохранён", "На этот опрос уже ответили", "Квартальный опрос"},
	"fi": {"Kuinka todennäköisesti suosittelisit meitä", "Kiitos arviostasi!", "ottaa sinuun yhteyttä", "kommenttisi on tallennettu", "Kyselyyn on jo vastattu", "Neljännesvuosikysely"},
}

// onlyAfterDelivery turns the quarterly survey off for a test, so the
// dashboard's card is the delivery one whatever today's date.
func onlyAfterDelivery(t *testing.T) {
	old := nps.QuarterlyFromMonth
	nps.QuarterlyFromMonth = 4
	t.Cleanup(func() { nps.QuarterlyFromMonth = old })
}

func deliver(t *testing.T, p *testPortal, tn *tenant) {
	t.Helper()
	if _, err := p.srv.orders.ChangeStatus(context.Background(), statusReq(tn.OrderID, "delivered")); err != nil {
		t.Fatal(err)
	}
}

func countRows(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	dbtest.Scan(t, dbtest.DB(t), &n, query, args...)
	return n
}

// The buyer who placed a delivered order sees the survey on the dashboard,
// answers with one click, then adds a comment — in each language.
func TestDashboardSurveyInEachLanguage(t *testing.T) {
	onlyAfterDelivery(t)
	for _, lang := range []string{"pl", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			tn := newTenant(t, lang)
			p := newTestPortal(t)
			deliver(t, p, tn)
			want := npsTexts[lang]

			p.signIn(tn.BuyerEmail)
			home := p.get("/", "")
			mustContain(t, home.Body, want.Question, `action="/nps"`, `name="csrf"`, `name="ref" value="`+fmt.Sprint(tn.OrderNumber)+`"`,
				`role="group"`, `aria-labelledby="nps-q"`, `name="score" value="0"`, `name="score" value="10"`)
			if n := strings.Count(home.Body, `name="score"`); n != 11 {
				t.Fatalf("%d score buttons, want 11", n)
			}

			res := p.post("/nps", url.Values{"trigger": {"after_delivery"}, "ref": {fmt.Sprint(tn.OrderNumber)}, "score": {"9"}, "back": {"/"}})
			if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/?nps=") || !strings.HasSuffix(res.Location, "#nps") {
				t.Fatalf("answer: %d %q", res.Status, res.Location)
			}
			thanks := p.get(strings.TrimSuffix(res.Location, "#nps"), "")
			mustContain(t, thanks.Body, want.Thanks, `action="/nps/comment"`, `name="comment"`)
			if strings.Contains(thanks.Body, want.Question) || strings.Contains(thanks.Body, want.Sorry) {
				t.Fatal("the thank-you still asks, or apologises to a promoter")
			}
			var id int64
			dbtest.Scan(t, dbtest.DB(t), &id, "SELECT id FROM nps_responses WHERE order_id = ? AND channel = 'portal' AND score = 9", tn.OrderID)

			res = p.post("/nps/comment", url.Values{"response": {fmt.Sprint(id)}, "comment": {"Kierowca był bardzo uprzejmy."}, "back": {"/"}})
			if res.Status != http.StatusSeeOther || res.Location != "/" {
				t.Fatalf("comment: %d %q", res.Status, res.Location)
			}
			after := p.get("/", "")
			mustContain(t, after.Body, want.Saved)
			if strings.Contains(after.Body, `action="/nps"`) {
				t.Fatal("the survey is offered again after the answer")
			}
			if n := countRows(t, "SELECT count(*) FROM nps_responses WHERE order_id = ? AND comment = 'Kierowca był bardzo uprzejmy.'", tn.OrderID); n != 1 {
				t.Fatalf("%d commented responses", n)
			}
		})
	}
}

// A double click stores one answer; the second says it was answered. A
// detractor's thank-you names the account manager, whose desk has the handoff.
func TestSurveyDoubleSubmitAndDetractor(t *testing.T) {
	onlyAfterDelivery(t)
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	deliver(t, p, tn)
	manager, _ := newStaff(t, "manager")
	dbtest.Exec(t, dbtest.DB(t), "UPDATE companies SET manager_id = ? WHERE id = ?", manager, tn.CompanyID)
	p.signIn(tn.BuyerEmail)
	p.get("/", "")

	form := url.Values{"trigger": {"after_delivery"}, "ref": {fmt.Sprint(tn.OrderNumber)}, "score": {"3"}, "back": {"/orders/" + fmt.Sprint(tn.OrderNumber)}}
	first := p.post("/nps", form)
	second := p.post("/nps", form)
	if first.Status != http.StatusSeeOther || !strings.Contains(first.Location, "?nps=") {
		t.Fatalf("first: %d %q", first.Status, first.Location)
	}
	if second.Status != http.StatusSeeOther || second.Location != "/orders/"+fmt.Sprint(tn.OrderNumber) {
		t.Fatalf("second: %d %q", second.Status, second.Location)
	}
	mustContain(t, p.get(second.Location, "").Body, npsTexts["pl"].Already)
	if n := countRows(t, "SELECT count(*) FROM nps_responses WHERE company_id = ?", tn.CompanyID); n != 1 {
		t.Fatalf("%d responses after a double submit", n)
	}
	var managerName string
	dbtest.Scan(t, dbtest.DB(t), &managerName, "SELECT name FROM users WHERE id = ?", manager)
	thanks := p.get(strings.TrimSuffix(first.Location, "#nps"), "")
	mustContain(t, thanks.Body, npsTexts["pl"].Thanks, "Twój opiekun, "+managerName+", skontaktuje się z Tobą")
	if n := countRows(t, `SELECT count(*) FROM handoffs h JOIN nps_responses n ON n.id = h.nps_response_id
		WHERE h.company_id = ? AND h.reason = 'detractor' AND h.status = 'waiting' AND n.score = 3`, tn.CompanyID); n != 1 {
		t.Fatalf("%d detractor handoffs with the response", n)
	}
	// The manager's inbox lists it.
	m := newTestPortal(t)
	var email string
	dbtest.Scan(t, dbtest.DB(t), &email, "SELECT email FROM users WHERE id = ?", manager)
	m.signIn(email)
	mustContain(t, m.get("/desk/handoffs", "").Body, tn.Name, "NPS 3")
}

func TestQuarterlySurveyCard(t *testing.T) {
	old := nps.QuarterlyFromMonth
	nps.QuarterlyFromMonth = 1
	defer func() { nps.QuarterlyFromMonth = old }()
	tn := newTenant(t, "fi")
	p := newTestPortal(t)
	p.signIn(tn.OwnerEmail)
	home := p.get("/", "")
	q := nps.QuarterOf(time.Now().In(p.srv.cfg.Location)).String()
	mustContain(t, home.Body, npsTexts["fi"].Quarterly, npsTexts["fi"].Question, `name="trigger" value="quarterly"`, `name="ref" value="`+q+`"`)
	res := p.post("/nps", url.Values{"trigger": {"quarterly"}, "ref": {q}, "score": {"10"}, "back": {"/"}})
	if res.Status != http.StatusSeeOther || !strings.Contains(res.Location, "?nps=") {
		t.Fatalf("answer: %d %q", res.Status, res.Location)
	}
	if strings.Contains(p.get("/", "").Body, `action="/nps"`) {
		t.Fatal("the quarterly survey is offered again")
	}
	if n := countRows(t, "SELECT count(*) FROM nps_responses WHERE company_id = ? AND trigger = 'quarterly' AND trigger_ref = ?", tn.CompanyID, q); n != 1 {
		t.Fatalf("%d quarterly responses", n)
	}
	// A past quarter cannot be answered; accountants are never asked.
	res = p.post("/nps", url.Values{"trigger": {"quarterly"}, "ref": {"2020Q1"}, "score": {"1"}, "back": {"/"}})
	if res.Status != http.StatusSeeOther || !strings.Contains(p.get("/", "").Body, "Tähän kyselyyn ei voi enää vastata") {
		t.Fatalf("past quarter: %d", res.Status)
	}
	a := newTestPortal(t)
	a.signIn(tn.AccountantEmail)
	if strings.Contains(a.get("/", "").Body, `action="/nps"`) {
		t.Fatal("an accountant is asked")
	}
	if res := a.post("/nps", url.Values{"trigger": {"quarterly"}, "ref": {q}, "score": {"5"}}); res.Status != http.StatusForbidden {
		t.Fatalf("accountant's answer: %d", res.Status)
	}
}

// The delivered order's page asks its buyer; the owner, who did not place
// it, is not asked there.
func TestOrderPageSurvey(t *testing.T) {
	tn := newTenant(t, "ru")
	p := newTestPortal(t)
	path := "/orders/" + fmt.Sprint(tn.OrderNumber)
	p.signIn(tn.BuyerEmail)
	if strings.Contains(p.get(path, "").Body, `action="/nps"`) {
		t.Fatal("asked before delivery")
	}
	deliver(t, p, tn)
	mustContain(t, p.get(path, "").Body, npsTexts["ru"].Question, `name="back" value="`+path+`"`)
	o := newTestPortal(t)
	o.signIn(tn.OwnerEmail)
	if strings.Contains(o.get(path, "").Body, `value="after_delivery"`) {
		t.Fatal("the owner is asked about the buyer's order")
	}
	res := p.post("/nps", url.Values{"trigger": {"after_delivery"}, "ref": {fmt.Sprint(tn.OrderNumber)}, "score": {"8"}, "back": {path}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, path+"?nps=") {
		t.Fatalf("answer: %d %q", res.Status, res.Location)
	}
	page := p.get(strings.TrimSuffix(res.Location, "#nps"), "")
	mustContain(t, page.Body, npsTexts["ru"].Thanks, "Ваша оценка: 8 из 10.")
	if strings.Contains(page.Body, npsTexts["ru"].Sorry) {
		t.Fatal("a passive is told the manager will call")
	}
}

// POST /nps needs the form token and a same-origin request.
func TestSurveyNeedsFormToken(t *testing.T) {
	onlyAfterDelivery(t)
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	deliver(t, p, tn)
	p.signIn(tn.BuyerEmail)
	form := url.Values{"trigger": {"after_delivery"}, "ref": {fmt.Sprint(tn.OrderNumber)}, "score": {"0"}, "back": {"/"},
		"csrf": {"forged-token-forged-token-forged"}}
	if res := p.post("/nps", form); res.Status != http.StatusForbidden {
		t.Fatalf("forged token: %d", res.Status)
	}
	form.Set("csrf", p.cookie(csrfCookie))
	req := newFormRequest("/nps", form)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := p.do(req); res.Status != http.StatusForbidden {
		t.Fatalf("cross-site: %d", res.Status)
	}
	if n := countRows(t, "SELECT count(*) FROM nps_responses WHERE company_id = ?", tn.CompanyID); n != 0 {
		t.Fatalf("%d responses stored by refused posts", n)
	}
	if n := countRows(t, "SELECT count(*) FROM handoffs WHERE company_id = ?", tn.CompanyID); n != 0 {
		t.Fatalf("%d handoffs opened by refused posts", n)
	}
}

// The staff report in each language: a manager sees their own companies
// only, an admin everyone; customers have no such page.
func TestNPSReport(t *testing.T) {
	db := dbtest.DB(t)
	mine, other := newTenant(t, "pl"), newTenant(t, "fi")
	manager, email := newStaff(t, "manager")
	otherManager, _ := newStaff(t, "manager")
	admin, adminEmail := newStaff(t, "admin")
	_ = admin
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, segment = 'A' WHERE id = ?", manager, mine.CompanyID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", otherManager, other.CompanyID)
	dbtest.Exec(t, db, `INSERT INTO nps_responses (company_id, user_id, order_id, trigger, trigger_ref, channel, score, comment)
		VALUES (?, ?, ?, 'after_delivery', ?, 'portal', 10, ?)`, mine.CompanyID, mine.Buyer, mine.OrderID, fmt.Sprint(mine.OrderNumber), "Świetna obsługa "+mine.Marker)
	dbtest.Exec(t, db, `INSERT INTO nps_responses (company_id, user_id, trigger, trigger_ref, channel, score, comment, created_at)
		VALUES (?, ?, 'quarterly', '2026Q3', 'bot', 4, ?, now() - interval '40 days')`, mine.CompanyID, mine.Owner, "Za drogo "+mine.Marker)
	dbtest.Exec(t, db, `INSERT INTO nps_responses (company_id, user_id, trigger, trigger_ref, channel, score, comment)
		VALUES (?, ?, 'quarterly', '2026Q4', 'portal', 0, ?)`, other.CompanyID, other.Owner, "Salainen "+other.Marker)

	titles := map[string][]string{
		"pl": {"NPS — czy klienci nas polecają", "Według segmentu", "Według opiekuna", "Komentarze klientów", "promotor", "krytyk", "Ostatnie 12 miesięcy"},
		"ru": {"NPS — рекомендуют ли нас клиенты", "По сегментам", "По менеджерам", "Комментарии клиентов", "промоутер", "критик", "Последние 12 месяцев"},
		"fi": {"NPS — suosittelevatko asiakkaat meitä", "Segmenteittäin", "Asiakasvastaavittain", "Asiakkaiden kommentit", "suosittelija", "arvostelija", "Viimeiset 12 kuukautta"},
	}
	for _, lang := range []string{"pl", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			dbtest.Exec(t, db, "UPDATE users SET language = ? WHERE id = ?", lang, manager)
			p := newTestPortal(t)
			p.signIn(email)
			res := p.get("/desk/nps", "")
			if res.Status != http.StatusOK {
				t.Fatalf("status %d", res.Status)
			}
			mustContain(t, res.Body, titles[lang]...)
			mustContain(t, res.Body, `href="/desk/nps" aria-current="page"`, `role="img"`, `<title id="nps-chart-title">`, `<desc id="nps-chart-desc">`,
				"Świetna obsługa "+mine.Marker, "Za drogo "+mine.Marker, fmt.Sprintf(`href="/desk/companies/%d"`, mine.CompanyID),
				"badge-nps-promoter", "badge-nps-detractor", "<strong>0</strong>", `class="nps-comment">Świetna obsługa `+mine.Marker+"</td>")
			for _, secret := range []string{other.Name, "Salainen " + other.Marker} {
				if strings.Contains(res.Body, secret) {
					t.Fatalf("a manager sees another manager's company: %q", secret)
				}
			}
		})
	}

	p := newTestPortal(t)
	p.signIn(email)
	// One trigger and a shorter period.
	res := p.get("/desk/nps?trigger=after_delivery&months=3", "")
	mustContain(t, res.Body, `<option value="after_delivery" selected>`, `<option value="3" selected>`, "Świetna obsługa "+mine.Marker)
	if strings.Contains(res.Body, "Za drogo "+mine.Marker) {
		t.Fatal("the trigger filter lets a quarterly comment through")
	}
	if res := p.get("/desk/nps?months=7&trigger=x", ""); res.Status != http.StatusOK || !strings.Contains(res.Body, `<option value="12" selected>`) {
		t.Fatalf("bad filter values: %d", res.Status)
	}

	a := newTestPortal(t)
	a.signIn(adminEmail)
	mustContain(t, a.get("/desk/nps", "").Body, "Salainen "+other.Marker, "Świetna obsługa "+mine.Marker)

	c := newTestPortal(t)
	c.signIn(mine.OwnerEmail)
	if res := c.get("/desk/nps", ""); res.Status != http.StatusNotFound {
		t.Fatalf("a customer reaches the report: %d", res.Status)
	}
}
