package portal

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const testOrigin = "http://portal.test"

// testPortal is a portal over the package's database, reached through a
// client that keeps cookies and sends the headers a browser would.
type testPortal struct {
	t   testing.TB
	srv *Server
	h   http.Handler
	jar *cookiejar.Jar
	// acceptLanguage is sent with every request, as a browser does.
	acceptLanguage string
}

func newTestPortal(t testing.TB) *testPortal {
	t.Helper()
	return newTestPortalWith(t, Config{})
}

// newTestPortalWith is newTestPortal with some of the configuration set.
func newTestPortalWith(t testing.TB, cfg Config) *testPortal {
	t.Helper()
	cfg.PublicURL, cfg.DistributorName = testOrigin, "Voltmarket Hurt"
	srv, err := New(cfg, dbtest.DB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	locales.MissingMessages()
	t.Cleanup(func() {
		if n := locales.MissingMessages(); n > 0 {
			t.Errorf("%d translations were missing (see the log)", n)
		}
	})
	return &testPortal{t: t, srv: srv, h: srv.Handler(), jar: jar}
}

// response is what a user would see.
type response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

func (p *testPortal) do(req *http.Request) response {
	p.t.Helper()
	u, _ := url.Parse(testOrigin)
	for _, c := range p.jar.Cookies(u) {
		req.AddCookie(c)
	}
	if req.Header.Get("Accept-Language") == "" && p.acceptLanguage != "" {
		req.Header.Set("Accept-Language", p.acceptLanguage)
	}
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	res := rec.Result()
	p.jar.SetCookies(u, res.Cookies())
	body, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(body), Location: res.Header.Get("Location"), Header: res.Header}
}

// get fetches a page as a browser in the given language would.
func (p *testPortal) get(path, acceptLanguage string) response {
	req := httptest.NewRequest(http.MethodGet, testOrigin+path, nil)
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	return p.do(req)
}

// post submits a same-origin form, with the CSRF token from the cookie unless
// the form already has one.
func (p *testPortal) post(path string, form url.Values) response {
	if form.Get("csrf") == "" {
		form.Set("csrf", p.cookie(csrfCookie))
	}
	req := httptest.NewRequest(http.MethodPost, testOrigin+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return p.do(req)
}

func (p *testPortal) cookie(name string) string {
	u, _ := url.Parse(testOrigin)
	for _, c := range p.jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// mustContain checks that the page shows each text; no-break spaces (in
// numbers) compare equal to spaces.
func mustContain(t testing.TB, body string, want ...string) {
	t.Helper()
	body = strings.ReplaceAll(body, "\u00a0", " ")
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Fatalf("page does not contain %q:\n%s", w, body)
		}
	}
}

func mustNotContain(t testing.TB, body string, unwanted ...string) {
	t.Helper()
	body = strings.ReplaceAll(body, "\u00a0", " ")
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Fatalf("page contains %q:\n%s", w, body)
		}
	}
}

func newFormRequest(path string, form url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, testOrigin+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}
