package portal

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSignInPageInEachLanguage(t *testing.T) {
	cases := []struct {
		accept string
		want   []string
	}{
		{"pl-PL,pl;q=0.9,en;q=0.5", []string{`<html lang="pl">`, "Logowanie", "Hasło", "Zaloguj się"}},
		{"ru-RU,ru;q=0.9", []string{`<html lang="ru">`, "Вход", "Пароль", "Войти"}},
		{"fi-FI,fi;q=0.8,sv;q=0.5", []string{`<html lang="fi">`, "Kirjautuminen", "Salasana", "Kirjaudu sisään"}},
		{"de-DE,en;q=0.8", []string{`<html lang="pl">`, "Logowanie"}}, // nothing matches: Polish
	}
	for _, tc := range cases {
		t.Run(tc.accept, func(t *testing.T) {
			p := newTestPortal(t)
			res := p.get("/signin", tc.accept)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d", res.Status)
			}
			mustContain(t, res.Body, tc.want...)
			mustContain(t, res.Body, "Voltmarket Hurt", `name="csrf"`)
		})
	}
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	p := newTestPortal(t)
	p.get("/signin", "pl")
	res := p.post("/language", url.Values{"lang": {"fi"}, "next": {"/signin"}})
	if res.Status != http.StatusSeeOther || res.Location != "/signin" {
		t.Fatalf("switch: %d → %q", res.Status, res.Location)
	}
	mustContain(t, p.get("/signin", "pl").Body, `<html lang="fi">`, "Kirjautuminen")
	// A foreign redirect target is ignored.
	res = p.post("/language", url.Values{"lang": {"ru"}, "next": {"//evil.example/"}})
	if res.Location != "/" {
		t.Fatalf("redirected to %q", res.Location)
	}
}

func TestSecurityHeaders(t *testing.T) {
	p := newTestPortal(t)
	res := p.get("/signin", "pl")
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
		"X-Frame-Options":         "DENY",
	} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q, want it to contain %q", h, res.Header.Get(h), want)
		}
	}
	if strings.Contains(res.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline script or style")
	}
}

func TestCSRFRejected(t *testing.T) {
	p := newTestPortal(t)
	p.acceptLanguage = "ru"
	p.get("/signin", "")

	// A form without the token, from our own origin.
	req := p.post("/language", url.Values{"lang": {"fi"}, "csrf": {"forged-token-forged-token-forged"}})
	if req.Status != http.StatusForbidden {
		t.Fatalf("wrong token: status %d", req.Status)
	}
	mustContain(t, req.Body, "Форма устарела")

	// A cross-site post with the right token is refused by origin.
	form := url.Values{"lang": {"fi"}, "csrf": {p.cookie(csrfCookie)}}
	r := newFormRequest("/language", form)
	r.Header.Set("Origin", "https://evil.example")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	res := p.do(r)
	if res.Status != http.StatusForbidden {
		t.Fatalf("cross-site: status %d", res.Status)
	}
	if strings.Contains(p.get("/signin", "ru").Body, `lang="fi"`) && p.cookie(langCookie) == "fi" {
		t.Fatal("the forged switch took effect")
	}
}

func TestHealthAndReadiness(t *testing.T) {
	p := newTestPortal(t)
	if res := p.get("/healthz", ""); res.Status != 200 || !strings.Contains(res.Body, `"ok"`) {
		t.Fatalf("healthz: %d %s", res.Status, res.Body)
	}
	if res := p.get("/readyz", ""); res.Status != 200 || !strings.Contains(res.Body, `"ok"`) {
		t.Fatalf("readyz: %d %s", res.Status, res.Body)
	}
}

func TestNotFoundIsTranslated(t *testing.T) {
	p := newTestPortal(t)
	res := p.get("/no/such/page", "fi")
	if res.Status != http.StatusNotFound {
		t.Fatalf("status %d", res.Status)
	}
	mustContain(t, res.Body, "Sivua ei löytynyt", "Etusivulle")
}

func TestStaticAssetsAreChecksummedAndCached(t *testing.T) {
	p := newTestPortal(t)
	u, err := p.srv.static.url("app.css")
	if err != nil || !strings.HasPrefix(u, "/static/app.") {
		t.Fatalf("url %q, %v", u, err)
	}
	res := p.get(u, "")
	if res.Status != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.Contains(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("asset: %d %v", res.Status, res.Header)
	}
	if res := p.get("/static/app.css", ""); res.Status != 404 {
		t.Fatalf("unversioned asset served: %d", res.Status)
	}
}
