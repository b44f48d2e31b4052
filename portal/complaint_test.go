package portal

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

// photoFile is a file a browser sends in the complaint form's photo input.
type photoFile struct {
	name string
	data []byte
}

// testPNG draws a small real PNG.
func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// usePhotoDir gives the portal a photo store of its own in a temporary folder.
func usePhotoDir(t testing.TB, s *Server) string {
	dir := t.TempDir()
	s.photos = &complaint.PhotoStore{Dir: dir}
	return dir
}

// storedFiles lists what the photo store holds.
func storedFiles(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// deliverOrder marks the tenant's order delivered, so it can be complained about.
func deliverOrder(t testing.TB, tn *tenant) int64 {
	t.Helper()
	db := dbtest.DB(t)
	dbtest.Exec(t, db, "UPDATE orders SET status = 'delivered' WHERE id = ?", tn.OrderID)
	var line int64
	dbtest.Scan(t, db, &line, "SELECT id FROM order_lines WHERE order_id = ?", tn.OrderID)
	return line
}

// postComplaint submits the complaint form as a browser does: multipart, with
// the form token.
func (p *testPortal) postComplaint(fields url.Values, photos ...photoFile) response {
	p.t.Helper()
	return p.do(p.complaintRequest(fields, photos...))
}

func (p *testPortal) complaintRequest(fields url.Values, photos ...photoFile) *http.Request {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", p.cookie(csrfCookie))
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range photos {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="photos"; filename=%q`, f.name))
		h.Set("Content-Type", "image/jpeg") // what the browser claims counts for nothing
		w, _ := mw.CreatePart(h)
		w.Write(f.data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, testOrigin+"/complaints?order="+fields.Get("order"), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

var photoLink = regexp.MustCompile(`/complaints/\d+/photos/([a-z0-9]+\.(?:png|jpg))`)

// A buyer in each language files a complaint from the order page with a real
// photo, and sees it: stages, deadlines, the line, the photo, the thread.
func TestCustomerFilesComplaintInEachLanguage(t *testing.T) {
	want := map[string]struct {
		action, title, stage, filed, reason, next, photos, thread string
	}{
		"pl": {"Reklamuj", "Reklamacja %d", "Zgłoszona", "Reklamacja została zgłoszona.", "Uszkodzenie",
			"Potwierdzimy zgłoszenie w ciągu 4 godzin roboczych.", "1 zdjęcie", "Nie ma jeszcze wiadomości."},
		"ru": {"Подать рекламацию", "Рекламация %d", "Подана", "Рекламация подана.", "Повреждение",
			"Подтвердим получение в течение 4 рабочих часов.", "1 фото", "Сообщений пока нет."},
		"fi": {"Reklamoi", "Reklamaatio %d", "Jätetty", "Reklamaatio on lähetetty.", "Vaurio",
			"Vahvistamme reklamaation 4 työtunnin kuluessa.", "1 kuva", "Viestejä ei vielä ole."},
	}
	late := map[string]string{"pl": "termin minął — przepraszamy za zwłokę", "ru": "срок истёк — приносим извинения за задержку",
		"fi": "määräaika on ylittynyt – pahoittelemme viivettä"}
	for _, lang := range []string{"pl", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			w := want[lang]
			tn := newTenant(t, lang)
			line := deliverOrder(t, tn)
			p := newTestPortal(t)
			dir := usePhotoDir(t, p.srv)
			p.signIn(tn.BuyerEmail)

			newURL := fmt.Sprintf("/complaints/new?order=%d&amp;line=%d", tn.OrderNumber, line)
			order := p.get(fmt.Sprintf("/orders/%d", tn.OrderNumber), "")
			mustContain(t, order.Body, newURL, w.action)
			picker := p.get("/complaints/new", "")
			mustContain(t, picker.Body, fmt.Sprintf(`<option value="%d">%d`, tn.OrderNumber, tn.OrderNumber))
			form := p.get(strings.ReplaceAll(newURL, "&amp;", "&"), "")
			mustContain(t, form.Body, fmt.Sprintf(`<option value="%d" selected>`, line), `type="file" accept="image/jpeg,image/png" multiple`, w.next)

			res := p.postComplaint(url.Values{"order": {fmt.Sprint(tn.OrderNumber)}, "line": {fmt.Sprint(line)}, "qty": {"2"},
				"reason": {"damaged"}, "description": {"Karton zgnieciony, 2 lampy pęknięte " + tn.Marker}}, photoFile{"IMG_2041.png", testPNG(t)})
			if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/complaints/") {
				t.Fatalf("file: %d %s\n%s", res.Status, res.Location, res.Body)
			}
			var number int64
			fmt.Sscanf(res.Location, "/complaints/%d", &number)
			page := p.get(res.Location, "")
			if page.Status != http.StatusOK {
				t.Fatalf("complaint page: %d", page.Status)
			}
			mustContain(t, page.Body, fmt.Sprintf(w.title, number), w.stage, w.filed, w.reason, w.photos, w.thread,
				"2 lampy pęknięte "+tn.Marker, tn.ProductSKU, fmt.Sprintf(`href="/orders/%d"`, tn.OrderNumber),
				fmt.Sprintf(`data-live-section="complaint:%d"`, number))
			m := photoLink.FindStringSubmatch(page.Body)
			if m == nil {
				t.Fatalf("no photo on the page:\n%s", page.Body)
			}
			if files := storedFiles(t, dir); len(files) != 1 || files[0] != m[1] {
				t.Fatalf("stored %v, page shows %s", files, m[1])
			}
			photo := p.get(m[0], "")
			if photo.Status != http.StatusOK || photo.Header.Get("Content-Type") != "image/png" ||
				photo.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(photo.Header.Get("Content-Disposition"), "inline") ||
				!strings.HasPrefix(photo.Header.Get("Cache-Control"), "private") {
				t.Fatalf("photo: %d %v", photo.Status, photo.Header)
			}
			if _, err := png.Decode(strings.NewReader(photo.Body)); err != nil {
				t.Fatalf("served photo is not a PNG: %v", err)
			}
			list := p.get("/complaints", "")
			mustContain(t, list.Body, fmt.Sprintf(`href="/complaints/%d"`, number), `href="/complaints/new"`)
			mustNotContain(t, list.Body, late[lang])
			// Past its decision deadline, the list and the dashboard say so (and apologise).
			dbtest.Exec(t, dbtest.DB(t), "UPDATE complaints SET decision_due_at = now() - interval '1 hour' WHERE number = ?", number)
			mustContain(t, p.get("/complaints", "").Body, late[lang])
			mustContain(t, p.get("/", "").Body, late[lang])
			// Every user of the company may read it; only buyers and owners may file.
			acc := newTestPortal(t)
			acc.signIn(tn.AccountantEmail)
			if res := acc.get(res.Location, ""); res.Status != http.StatusOK {
				t.Fatalf("accountant on the complaint: %d", res.Status)
			}
			if res := acc.get("/complaints/new", ""); res.Status != http.StatusForbidden {
				t.Fatalf("accountant on the form: %d", res.Status)
			}
			if n := locales.MissingMessages(); n != 0 {
				t.Fatalf("%d missing messages", n)
			}
		})
	}
}

// What the form refuses it names, in the user's language, keeping the typed
// values; and no photo of a refused complaint stays in the store.
func TestComplaintFormRefusesBadInput(t *testing.T) {
	tn := newTenant(t, "pl")
	line := deliverOrder(t, tn)
	p := newTestPortal(t)
	dir := usePhotoDir(t, p.srv)
	p.signIn(tn.BuyerEmail)
	db := dbtest.DB(t)
	count := func() int {
		var n int
		dbtest.Scan(t, db, &n, "SELECT count(*) FROM complaints WHERE company_id = ?", tn.CompanyID)
		return n
	}
	before := count()
	fields := func(qty string) url.Values {
		return url.Values{"order": {fmt.Sprint(tn.OrderNumber)}, "line": {fmt.Sprint(line)}, "qty": {qty},
			"reason": {"defect"}, "description": {"Opis <b>wady</b> " + tn.Marker}}
	}
	php := photoFile{"photo.jpg", []byte("<?php system($_GET['c']); ?>\n")}

	cases := []struct {
		name   string
		fields url.Values
		photos []photoFile
		want   []string
	}{
		{"php named photo.jpg, beside a good photo", fields("1"), []photoFile{{"ok.png", testPNG(t)}, php},
			[]string{"„photo.jpg” — to nie jest zdjęcie JPEG ani PNG.", "Wybierz zdjęcia jeszcze raz"}},
		{"six photos", fields("1"), []photoFile{{"1.png", testPNG(t)}, {"2.png", testPNG(t)}, {"3.png", testPNG(t)},
			{"4.png", testPNG(t)}, {"5.png", testPNG(t)}, {"6.png", testPNG(t)}}, []string{"Można dodać najwyżej 5 zdjęć."}},
		// The fixture's complaint holds 1 of the line's 4 units.
		{"more than is left to claim", fields("4"), []photoFile{{"ok.png", testPNG(t)}}, []string{"Podaj ilość od 1 do 3."}},
		{"no reason", url.Values{"order": {fmt.Sprint(tn.OrderNumber)}, "line": {fmt.Sprint(line)}, "qty": {"x"}}, nil,
			[]string{"Wybierz powód reklamacji.", "Podaj ilość od 1 do 3."}},
		{"no line", url.Values{"order": {fmt.Sprint(tn.OrderNumber)}, "qty": {"1"}, "reason": {"late"}}, nil,
			[]string{"Wybierz pozycję zamówienia."}},
	}
	for _, c := range cases {
		res := p.postComplaint(c.fields, c.photos...)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d", c.name, res.Status)
		}
		mustContain(t, res.Body, append(c.want, "Popraw zaznaczone pola")...)
		if c.fields.Get("description") != "" {
			mustContain(t, res.Body, "Opis &lt;b&gt;wady&lt;/b&gt; "+tn.Marker) // kept, and escaped
		}
		if files := storedFiles(t, dir); len(files) != 0 {
			t.Fatalf("%s: photos left in the store: %v", c.name, files)
		}
	}
	// A body larger than five photos at their largest is refused as such.
	req := p.complaintRequest(fields("1"), photoFile{"ok.png", testPNG(t)})
	req.ContentLength = complaintMaxBody + 1
	if res := p.do(req); res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized form: %d", res.Status)
	} else {
		mustContain(t, res.Body, "Formularz jest za duży — zdjęcia razem mogą mieć najwyżej 45 MB.")
	}
	if count() != before || len(storedFiles(t, dir)) != 0 {
		t.Fatal("a refused complaint was stored")
	}
	// An order not shipped yet offers the picker with the reason.
	dbtest.Exec(t, db, "UPDATE orders SET status = 'placed' WHERE id = ?", tn.OrderID)
	res := p.get(fmt.Sprintf("/complaints/new?order=%d", tn.OrderNumber), "")
	mustContain(t, res.Body, "To zamówienie nie zostało jeszcze wysłane", "Nie ma zamówień do reklamacji")
	if strings.Contains(p.get(fmt.Sprintf("/orders/%d", tn.OrderNumber), "").Body, "/complaints/new?") {
		t.Fatal("an order not yet shipped offers complaints")
	}
	if n := locales.MissingMessages(); n != 0 {
		t.Fatalf("%d missing messages", n)
	}
}

// Another company's complaint, its photos and its order do not exist.
func TestComplaintOfAnotherCompanyIsNotFound(t *testing.T) {
	ctx := context.Background()
	a, b := newTenant(t, "pl"), newTenant(t, "pl")
	aLine, bLine := deliverOrder(t, a), deliverOrder(t, b)
	p := newTestPortal(t)
	usePhotoDir(t, p.srv)
	db := dbtest.DB(t)
	file := func(tn *tenant, line int64) (*complaint.Complaint, string) {
		photo, err := p.srv.photos.Save(testPNG(t))
		if err != nil {
			t.Fatal(err)
		}
		c, err := complaint.Create(ctx, db, complaint.Draft{CompanyID: tn.CompanyID, UserID: tn.Buyer, Channel: complaint.ChannelPortal,
			OrderNumber: tn.OrderNumber, LineID: line, Qty: 1, Reason: complaint.ReasonMissing, Description: "secret " + tn.Marker,
			Photos: []complaint.StoredPhoto{photo}}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return c, photo.FileName
	}
	mine, minePhoto := file(a, aLine)
	theirs, theirPhoto := file(b, bLine)
	p.signIn(a.OwnerEmail)
	if res := p.get(fmt.Sprintf("/complaints/%d/photos/%s", mine.Number, minePhoto), ""); res.Status != http.StatusOK {
		t.Fatalf("own photo: %d", res.Status)
	}
	for _, path := range []string{
		fmt.Sprintf("/complaints/%d", theirs.Number),
		fmt.Sprintf("/complaints/%d/photos/%s", theirs.Number, theirPhoto),
		fmt.Sprintf("/complaints/%d/photos/%s", mine.Number, theirPhoto), // another complaint's photo under mine
		fmt.Sprintf("/complaints/%d/photos/..%%2f..%%2fetc%%2fpasswd", mine.Number),
		fmt.Sprintf("/complaints/new?order=%d", b.OrderNumber),
	} {
		res := p.get(path, "")
		if res.Status != http.StatusNotFound || strings.Contains(res.Body, "secret "+b.Marker) || strings.Contains(res.Body, b.Name) {
			t.Errorf("GET %s: %d", path, res.Status)
		}
	}
	if res := p.post(fmt.Sprintf("/complaints/%d/messages", theirs.Number), url.Values{"body": {"hello"}}); res.Status != http.StatusNotFound {
		t.Errorf("message to another company's complaint: %d", res.Status)
	}
	res := p.postComplaint(url.Values{"order": {fmt.Sprint(b.OrderNumber)}, "line": {fmt.Sprint(bLine)}, "qty": {"1"}, "reason": {"late"}})
	if res.Status != http.StatusNotFound {
		t.Errorf("complaint against another company's order: %d", res.Status)
	}
	var n int
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM complaint_messages WHERE complaint_id = ?", theirs.ID)
	if n != 0 {
		t.Fatal("a message reached another company's complaint")
	}
}
