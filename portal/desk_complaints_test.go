package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

// fileTestComplaint files a complaint with one photo for the tenant's buyer,
// as the portal form would.
func fileTestComplaint(t *testing.T, s *Server, tn *tenant, line int64, text string) *complaint.Complaint {
	t.Helper()
	photo, err := s.photos.Save(testPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	c, err := complaint.Create(context.Background(), dbtest.DB(t), complaint.Draft{CompanyID: tn.CompanyID, UserID: tn.Buyer,
		Channel: complaint.ChannelPortal, OrderNumber: tn.OrderNumber, LineID: line, Qty: 2, Reason: complaint.ReasonDamaged,
		Description: text, Photos: []complaint.StoredPhoto{photo}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A manager finds the complaint in the queue, acknowledges it, must say why
// when rejecting, and writes to the customer; the customer sees all of it.
func TestManagerAcknowledgesAndDecidesComplaint(t *testing.T) {
	tn := newTenant(t, "pl")
	line := deliverOrder(t, tn)
	db := dbtest.DB(t)
	manager, email := newStaff(t, "manager")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", manager, tn.CompanyID)
	staff := newTestPortal(t)
	usePhotoDir(t, staff.srv)
	cust := newTestPortal(t)
	cust.srv.photos = staff.srv.photos
	c := fileTestComplaint(t, staff.srv, tn, line, "Pęknięta obudowa "+tn.Marker)
	// Overdue for acknowledgement: the queue says by how many business hours.
	dbtest.Exec(t, db, "UPDATE complaints SET ack_due_at = now() - interval '14 days' WHERE id = ?", c.ID)
	staff.signIn(email)
	cust.signIn(tn.BuyerEmail)

	queue := staff.get("/desk/complaints", "")
	mustContain(t, queue.Body, tn.Name, fmt.Sprintf(`href="/desk/complaints/%d"`, c.ID), "Potwierdzenie do", "Po terminie o",
		`class="row-alert"`, `href="/desk/complaints" aria-current="page"`)
	path := fmt.Sprintf("/desk/complaints/%d", c.ID)
	page := staff.get(path, "")
	mustContain(t, page.Body, fmt.Sprintf("Reklamacja %d", c.Number), "Pęknięta obudowa "+tn.Marker, "Potwierdź przyjęcie",
		"Rozpocznij rozpatrywanie", "buyer "+tn.Marker, "Język klienta: Polski", path+"/photos/")
	m := photoLink.FindStringSubmatch(strings.ReplaceAll(page.Body, "/desk/complaints/", "/complaints/"))
	if m == nil {
		t.Fatal("no photo on the desk page")
	}
	if res := staff.get(path+"/photos/"+m[1], ""); res.Status != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("desk photo: %d", res.Status)
	}

	if res := staff.post(path+"/acknowledge", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d %s", res.Status, res.Body)
	}
	if res := staff.post(path+"/acknowledge", url.Values{}); res.Status != http.StatusConflict {
		t.Fatalf("second acknowledge: %d", res.Status)
	} else {
		mustContain(t, res.Body, "Tej reklamacji nie można już przenieść do tego etapu")
	}
	res := staff.post(path+"/resolve", url.Values{"resolution": {"rejected"}, "note": {"  "}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("rejection without a note: %d", res.Status)
	}
	mustContain(t, res.Body, "Przy odrzuceniu podaj powód — klient go zobaczy.", `<option value="rejected" selected>`)
	var stage string
	dbtest.Scan(t, db, &stage, "SELECT stage FROM complaints WHERE id = ?", c.ID)
	if stage != complaint.StageAcknowledged {
		t.Fatalf("stage after a refused decision: %s", stage)
	}

	if res := staff.post(path+"/messages", url.Values{"body": {"Proszę o zdjęcie etykiety przewoźnika."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("message: %d", res.Status)
	}
	if res := cust.post(fmt.Sprintf("/complaints/%d/messages", c.Number), url.Values{"body": {"Etykieta w załączeniu mailem."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("customer message: %d", res.Status)
	}
	if res := cust.post(fmt.Sprintf("/complaints/%d/messages", c.Number), url.Values{"body": {" "}}); res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty message: %d", res.Status)
	} else {
		mustContain(t, res.Body, "Wpisz treść wiadomości.")
	}
	mustContain(t, staff.get(path, "").Body, "Etykieta w załączeniu mailem.", "buyer "+tn.Marker)

	if res := staff.post(path+"/resolve", url.Values{"resolution": {"rejected"}, "note": {"Uszkodzenie powstało po rozładunku."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("rejection with a note: %d %s", res.Status, res.Body)
	}
	view := cust.get(fmt.Sprintf("/complaints/%d", c.Number), "")
	mustContain(t, view.Body, "Rozpatrzona", "Decyzja: odrzucenie", "Uszkodzenie powstało po rozładunku.",
		"Proszę o zdjęcie etykiety przewoźnika.", "Staff "+email+" (opiekun)", "potwierdzono ")
	list := cust.get("/complaints", "")
	mustContain(t, list.Body, "odrzucenie")
	if strings.Contains(staff.get("/desk/complaints", "").Body, fmt.Sprintf(`href="/desk/complaints/%d"`, c.ID)) {
		t.Fatal("a resolved complaint stays in the queue")
	}
	if n := locales.MissingMessages(); n != 0 {
		t.Fatalf("%d missing messages", n)
	}
}

// A manager sees only complaints of companies they look after (or back up):
// another company's complaint does not exist for them, also for actions and
// photos. Admins see all; customers have no desk.
func TestComplaintDeskIsScopedToAssignedCompanies(t *testing.T) {
	mine, other := newTenant(t, "pl"), newTenant(t, "fi")
	db := dbtest.DB(t)
	manager, email := newStaff(t, "manager")
	backup, backupEmail := newStaff(t, "manager")
	_, adminEmail := newStaff(t, "admin")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = ? WHERE id = ?", manager, backup, mine.CompanyID)
	p := newTestPortal(t)
	usePhotoDir(t, p.srv)
	mineC := fileTestComplaint(t, p.srv, mine, deliverOrder(t, mine), "moja "+mine.Marker)
	otherC := fileTestComplaint(t, p.srv, other, deliverOrder(t, other), "obca "+other.Marker)
	photos, err := complaint.Photos(context.Background(), db, otherC.ID)
	if err != nil {
		t.Fatal(err)
	}

	p.signIn(email)
	queue := p.get("/desk/complaints", "")
	mustContain(t, queue.Body, mine.Name)
	if strings.Contains(queue.Body, other.Name) {
		t.Fatal("another manager's customer is in the queue")
	}
	base := fmt.Sprintf("/desk/complaints/%d", otherC.ID)
	for _, try := range []struct{ method, path string }{
		{"GET", base},
		{"GET", base + "/photos/" + photos[0].FileName},
		{"POST", base + "/acknowledge"},
		{"POST", base + "/review"},
		{"POST", base + "/resolve"},
		{"POST", base + "/messages"},
	} {
		var res response
		if try.method == "GET" {
			res = p.get(try.path, "")
		} else {
			res = p.post(try.path, url.Values{"resolution": {"credit_note"}, "body": {"hej"}})
		}
		if res.Status != http.StatusNotFound || strings.Contains(res.Body, "obca "+other.Marker) {
			t.Errorf("%s %s: %d, want 404", try.method, try.path, res.Status)
		}
	}
	var stage string
	var msgs int
	dbtest.Scan(t, db, &stage, "SELECT stage FROM complaints WHERE id = ?", otherC.ID)
	dbtest.Scan(t, db, &msgs, "SELECT count(*) FROM complaint_messages WHERE complaint_id = ?", otherC.ID)
	if stage != complaint.StageSubmitted || msgs != 0 {
		t.Fatalf("the other company's complaint changed: %s, %d messages", stage, msgs)
	}
	// The photo of my own complaint is not reachable under another complaint either.
	minePhotos, _ := complaint.Photos(context.Background(), db, mineC.ID)
	if res := p.get(fmt.Sprintf("/desk/complaints/%d/photos/%s", mineC.ID, photos[0].FileName), ""); res.Status != http.StatusNotFound {
		t.Errorf("another complaint's photo under mine: %d", res.Status)
	}
	if res := p.get(fmt.Sprintf("/desk/complaints/%d/photos/%s", mineC.ID, minePhotos[0].FileName), ""); res.Status != http.StatusOK {
		t.Errorf("own photo: %d", res.Status)
	}

	b := newTestPortal(t)
	b.srv.photos = p.srv.photos
	b.signIn(backupEmail)
	if res := b.post(fmt.Sprintf("/desk/complaints/%d/review", mineC.ID), url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("backup manager starts the review: %d", res.Status)
	}
	admin := newTestPortal(t)
	admin.signIn(adminEmail)
	if res := admin.get(base, ""); res.Status != http.StatusOK {
		t.Fatalf("admin: %d", res.Status)
	}
	mustContain(t, admin.get("/desk/complaints", "").Body, mine.Name, other.Name)
	c := newTestPortal(t)
	c.signIn(mine.OwnerEmail)
	if res := c.get("/desk/complaints", ""); res.Status != http.StatusNotFound {
		t.Fatalf("customer on the desk: %d", res.Status)
	}
}

// The customer's open page hears of the manager's moves at once, in the
// customer's language; the manager hears of the customer's messages.
func TestComplaintChangesReachBothSidesLive(t *testing.T) {
	tn := newTenant(t, "ru")
	line := deliverOrder(t, tn)
	db := dbtest.DB(t)
	manager, email := newStaff(t, "manager")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", manager, tn.CompanyID)
	inst := startInstance(t)
	usePhotoDir(t, inst.srv)
	buyerWS, _, err := dialLive(t, inst, signedInSession(t, tn.BuyerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer buyerWS.Close()
	staff := newTestPortal(t)
	staff.srv.photos = inst.srv.photos
	staff.signIn(email)
	staffWS, _, err := dialLive(t, inst, staff.cookie(sessionCookie), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer staffWS.Close()

	c := fileTestComplaint(t, inst.srv, tn, line, "Не тот цвет")
	n := fmt.Sprint(c.Number)
	waitFor(t, staffWS, func(m received) bool {
		return m.Kind == "complaint.stage" && m.Toast == "Nowa reklamacja "+n && contains(m.Keys, "complaints")
	})
	path := fmt.Sprintf("/desk/complaints/%d", c.ID)
	if res := staff.post(path+"/acknowledge", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", res.Status)
	}
	got := waitFor(t, buyerWS, func(m received) bool { return m.Kind == "complaint.stage" && m.Toast != "" })
	if got.Toast != "Рекламация "+n+": Принята" || !contains(got.Keys, "complaint:"+n) {
		t.Fatalf("stage message %+v", got)
	}
	if res := staff.post(path+"/messages", url.Values{"body": {"Пришлите, пожалуйста, фото этикетки."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("message: %d", res.Status)
	}
	got = waitFor(t, buyerWS, func(m received) bool { return m.Kind == "complaint.message" })
	if got.Toast != "Менеджер ответил по рекламации "+n || !contains(got.Keys, "complaint:"+n) {
		t.Fatalf("message %+v", got)
	}
	if _, err := complaint.AddMessage(context.Background(), db, c.ID, tn.Buyer, "Фото отправил."); err != nil {
		t.Fatal(err)
	}
	waitFor(t, staffWS, func(m received) bool {
		return m.Kind == "complaint.message" && m.Toast == "Klient napisał w reklamacji "+n
	})
	if res := staff.post(path+"/resolve", url.Values{"resolution": {"replacement"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d", res.Status)
	}
	got = waitFor(t, buyerWS, func(m received) bool {
		return m.Kind == "complaint.stage" && strings.Contains(m.Toast, "рассмотрена")
	})
	if got.Toast != "Рекламация "+n+" рассмотрена: замена" {
		t.Fatalf("resolution toast %q", got.Toast)
	}
	if n := locales.MissingMessages(); n != 0 {
		t.Fatalf("%d missing messages", n)
	}
}

// SLA clocks count business hours: Friday 15:00 to Monday 10:00 in Warsaw is
// three of them, and each language says so with the right plural.
func TestSLAClockCountsBusinessHours(t *testing.T) {
	waw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	cal := &complaint.Calendar{Country: "PL", Location: waw, DayStart: 8 * time.Hour, DayEnd: 16 * time.Hour,
		WorkingDays: map[time.Weekday]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true},
		Holidays:    map[string]bool{}}
	fri := time.Date(2026, 11, 20, 15, 0, 0, 0, waw)
	mon := time.Date(2026, 11, 23, 10, 0, 0, 0, waw)
	left := newSLAClock(cal, complaint.DueAck, mon, nil, fri)
	if left.Overdue || left.Hours != 3 {
		t.Fatalf("left: %+v", left)
	}
	late := newSLAClock(cal, complaint.DueAck, fri, nil, mon.Add(30*time.Minute))
	if !late.Overdue || late.Hours != 3 || late.Minutes != 210 {
		t.Fatalf("late: %+v", late)
	}
	acked := mon
	if met := newSLAClock(cal, complaint.DueAck, mon.Add(time.Hour), &acked, mon.Add(48*time.Hour)); met.Overdue {
		t.Fatalf("met deadline counted overdue: %+v", met)
	}
	b, err := locales.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[domain.Language][2]string{
		domain.Polish:  {"Zostały 3 godziny robocze", "Po terminie o 5 godzin roboczych"},
		domain.Russian: {"Осталось 3 рабочих часа", "Просрочено на 5 рабочих часов"},
		domain.Finnish: {"3 työtuntia jäljellä", "Myöhässä 5 työtuntia"},
	} {
		loc := locales.NewLocalizer(b, lang)
		if got := loc.TN("complaint_sla_left_hours", 3); got != want[0] {
			t.Errorf("%s: %q, want %q", lang, got, want[0])
		}
		if got := loc.TN("complaint_sla_overdue_hours", 5); got != want[1] {
			t.Errorf("%s: %q, want %q", lang, got, want[1])
		}
	}
}
