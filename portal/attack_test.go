package portal

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

// Attacks on the portal as an attacker would run them, asserting what the
// attacker sees (status, page) and that nothing changed. Other files hold the
// rest: csrf_attack_test.go, upload_attack_test.go, api_attack_test.go;
// isolation_test.go covers tenant isolation over the route table. Sign-in
// attempts come from testIP() addresses (register_test.go), so the address
// throttle of one test never locks out another.

// knownVulnerability skips a test whose attack succeeds today, so CI stays
// green until the fix; PD_ATTACK_KNOWN=1 runs it (and shows it failing).
func knownVulnerability(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("PD_ATTACK_KNOWN") == "" {
		t.Skip("VULNERABILITY: " + what + " (PD_ATTACK_KNOWN=1 runs this test)")
	}
}

// plant puts a cookie into the portal's browser, as an attacker with a
// foothold on a sibling site or the victim's machine could.
func (p *testPortal) plant(name, value string) {
	u, _ := url.Parse(testOrigin)
	p.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// translated is a message as a page shows it: in the language, HTML-escaped.
func translated(p *testPortal, lang, id string, data ...map[string]any) string {
	return template.HTMLEscapeString(locales.NewLocalizer(p.srv.bundle, domain.Language(lang)).T(id, data...))
}

// A session value in the browser before sign-in, whether the attacker made it
// up or planted their own live session, is not the one that is valid after
// the victim signs in, and it opens nothing of the victim's afterwards.
func TestAttackSessionFixation(t *testing.T) {
	victim, attacker := newTenant(t, "pl"), newTenant(t, "pl")
	db := dbtest.DB(t)
	victimOrder := fmt.Sprintf("/orders/%d", victim.OrderNumber)
	planted := map[string]string{
		"made up":                    account.NewToken(32),
		"the attacker's own session": signedInSession(t, attacker.OwnerEmail),
	}
	for name, value := range planted {
		t.Run(name, func(t *testing.T) {
			p := newTestPortal(t)
			p.plant(sessionCookie, value)
			p.signIn(victim.OwnerEmail)
			got := p.cookie(sessionCookie)
			if got == "" || got == value {
				t.Fatalf("after sign-in the session cookie is %q: the planted value was kept", got)
			}
			mustContain(t, p.get(victimOrder, "").Body, victim.PONumber)

			// The attacker's browser, holding the planted value.
			a := newTestPortal(t)
			a.plant(sessionCookie, value)
			res := a.get(victimOrder, "")
			if strings.Contains(res.Body, victim.PONumber) || strings.Contains(res.Body, victim.Name) {
				t.Fatalf("the planted session shows the victim's order: %d", res.Status)
			}
			if value != planted["the attacker's own session"] && (res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/signin")) {
				t.Fatalf("the made-up session: %d %s, want a redirect to sign in", res.Status, res.Location)
			}
			var adopted int
			dbtest.Scan(t, db, &adopted, "SELECT count(*) FROM sessions WHERE token_hash = ? AND user_id = ?", account.HashToken(value), victim.Owner)
			if adopted != 0 {
				t.Fatal("the server adopted the planted value as the victim's session")
			}
		})
	}
}

// A session cookie copied before sign-out (by malware, a shared computer, a
// proxy log) is worthless afterwards: the server revoked it, whatever the
// browser kept.
func TestAttackSessionReplayAfterSignOut(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	stolen := p.cookie(sessionCookie)
	if res := p.post("/signout", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.Status)
	}
	thief := newTestPortal(t)
	thief.plant(sessionCookie, stolen)
	thief.get("/signin", "") // a form token of the thief's own
	for _, path := range []string{fmt.Sprintf("/orders/%d", tn.OrderNumber), "/cart", "/account"} {
		res := thief.get(path, "")
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/signin") {
			t.Errorf("GET %s with the signed-out cookie: %d %s, want a redirect to sign in", path, res.Status, res.Location)
		}
	}
	res := thief.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"1"}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/signin") {
		t.Errorf("POST /cart/add with the signed-out cookie: %d %s", res.Status, res.Location)
	}
	var revoked, cart int
	dbtest.Scan(t, db, &revoked, "SELECT count(*) FROM sessions WHERE token_hash = ? AND revoked_at IS NOT NULL", account.HashToken(stolen))
	dbtest.Scan(t, db, &cart, "SELECT count(*) FROM cart_lines WHERE user_id = ?", tn.Buyer)
	if revoked != 1 || cart != 0 {
		t.Fatalf("session revoked in the database: %d; cart lines added with the old cookie: %d", revoked, cart)
	}
}

// The session cookie cannot be read by a page's script nor sent cross-site
// with a form, and travels only over TLS when the portal is served over it.
func TestAttackSessionCookieFlags(t *testing.T) {
	tn := newTenant(t, "pl")
	const origin = "https://portal.test"
	srv, err := New(Config{PublicURL: origin}, dbtest.DB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	token := account.NewToken(24)
	form := url.Values{"email": {tn.BuyerEmail}, "password": {testPassword}, "csrf": {token}}
	req := httptest.NewRequest(http.MethodPost, origin+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: token})
	req.RemoteAddr = "[" + testIP() + "]:40000"
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", rec.Code)
	}
	found := false
	for _, c := range rec.Result().Cookies() {
		if c.Name != sessionCookie && c.Name != csrfCookie {
			continue
		}
		found = found || c.Name == sessionCookie
		if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie %s: HttpOnly %v, Secure %v, SameSite %v", c.Name, c.HttpOnly, c.Secure, c.SameSite)
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
}

// Guessing one account's password from many addresses: the account counts
// every failure, so the sixth guess is refused even when it is right.
func TestAttackSignInBruteForceFromManyAddresses(t *testing.T) {
	tn := newTenant(t, "fi")
	p := newTestPortal(t)
	p.acceptLanguage = "fi"
	p.get("/signin", "")
	for i := range account.MaxFailsPerAccount {
		if res := p.postFrom(testIP(), "/signin", url.Values{"email": {tn.OwnerEmail}, "password": {fmt.Sprint("Kesä2026!", i)}}); res.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, res.Status)
		}
	}
	res := p.postFrom(testIP(), "/signin", url.Values{"email": {tn.OwnerEmail}, "password": {testPassword}})
	if res.Status != http.StatusTooManyRequests {
		t.Fatalf("the right password after %d wrong ones from other addresses: %d", account.MaxFailsPerAccount, res.Status)
	}
	mustContain(t, res.Body, template.HTMLEscapeString(locales.NewLocalizer(p.srv.bundle, "fi").TN("signin_throttled", 15)))
	if p.cookie(sessionCookie) != "" {
		t.Fatal("a refused sign-in set a session cookie")
	}
}

// Many guesses at one account sent at the same moment: the account's limit
// holds for them too, not only for guesses sent one after another.
func TestAttackSignInBruteForceInParallel(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	p.get("/signin", "")
	statuses := make([]int, 2*account.MaxFailsPerAccount)
	var wg sync.WaitGroup
	for i := range statuses {
		wg.Go(func() {
			statuses[i] = p.postFrom(testIP(), "/signin", url.Values{"email": {tn.OwnerEmail}, "password": {fmt.Sprint("Lato2026!", i)}}).Status
		})
	}
	wg.Wait()
	if n := count(statuses, http.StatusUnauthorized); n > account.MaxFailsPerAccount {
		t.Errorf("%d of %d parallel guesses were checked against the password, limit %d: %v",
			n, len(statuses), account.MaxFailsPerAccount, statuses)
	}
}

func count(statuses []int, status int) int {
	n := 0
	for _, s := range statuses {
		if s == status {
			n++
		}
	}
	return n
}

// Password spraying: one guess at each of many accounts from one address.
// No account reaches its own limit, the address does; the real user, from
// their own address, is not locked out by the attacker.
func TestAttackPasswordSprayingFromOneAddress(t *testing.T) {
	tn := newTenant(t, "pl")
	ip := testIP()
	p := newTestPortal(t)
	p.get("/signin", "pl")
	for i := range account.MaxFailsPerIP {
		email := fmt.Sprintf("spray-%d-%s@example.test", i, tn.Marker)
		if res := p.postFrom(ip, "/signin", url.Values{"email": {email}, "password": {"Wiosna2026!"}}); res.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, res.Status)
		}
	}
	res := p.postFrom(ip, "/signin", url.Values{"email": {tn.BuyerEmail}, "password": {testPassword}})
	if res.Status != http.StatusTooManyRequests || p.cookie(sessionCookie) != "" {
		t.Fatalf("guess %d from the same address: %d, want 429 and no session", account.MaxFailsPerIP+1, res.Status)
	}
	mustContain(t, res.Body, template.HTMLEscapeString(locales.NewLocalizer(p.srv.bundle, "pl").TN("signin_throttled", 15)))
	user := newTestPortal(t)
	user.get("/signin", "")
	if res := user.postFrom(testIP(), "/signin", url.Values{"email": {tn.BuyerEmail}, "password": {testPassword}}); res.Status != http.StatusSeeOther {
		t.Fatalf("the real user from another address: %d", res.Status)
	}
}

// The sign-in answer does not tell whether an e-mail has an account: an
// unknown e-mail, a wrong password and a deactivated user get the same page
// and status, and an unknown e-mail is throttled like a real one. (Timing is
// not asserted: the domain hashes a dummy password for unknown e-mails.)
func TestAttackSignInDoesNotRevealAccounts(t *testing.T) {
	tn := newTenant(t, "ru")
	dbtest.Exec(t, dbtest.DB(t), "UPDATE users SET active = false WHERE id = ?", tn.Accountant)
	p := newTestPortal(t)
	p.acceptLanguage = "ru"
	p.get("/signin", "")
	unknown := "nobody-" + tn.Marker + "@example.test"
	answer := func(email, password string) response {
		res := p.postFrom(testIP(), "/signin", url.Values{"email": {email}, "password": {password}})
		res.Body = strings.ReplaceAll(res.Body, template.HTMLEscapeString(email), "EMAIL")
		return res
	}
	want := answer(tn.OwnerEmail, "неверный-пароль")
	if want.Status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", want.Status)
	}
	mustContain(t, want.Body, translated(p, "ru", "signin_failed"))
	for name, got := range map[string]response{
		"unknown e-mail":             answer(unknown, "неверный-пароль"),
		"deactivated user, right pw": answer(tn.AccountantEmail, testPassword),
	} {
		if got.Status != want.Status || got.Body != want.Body {
			t.Errorf("%s: %d, page differs from a wrong password's: %v", name, got.Status, got.Body != want.Body)
		}
	}
	for range account.MaxFailsPerAccount - 1 { // one failure of each is counted already
		answer(unknown, "x")
		answer(tn.OwnerEmail, "x")
	}
	realOne, madeUp := answer(tn.OwnerEmail, "x"), answer(unknown, "x")
	if realOne.Status != http.StatusTooManyRequests || madeUp.Status != realOne.Status || madeUp.Body != realOne.Body {
		t.Fatalf("throttling tells accounts apart: real %d, unknown %d", realOne.Status, madeUp.Status)
	}
}

// An open redirect after sign-in: a link to the portal's sign-in page whose
// "next" leads elsewhere (a phishing page that asks for the password again).
// The victim follows the link and signs in; where the browser then goes is
// worked out as a browser does: net/http writes CR and LF in a header as
// spaces, and the URL parser drops tabs and newlines and reads "\" as "/".
func TestAttackSignInOpenRedirect(t *testing.T) {
	tn := newTenant(t, "pl")
	nextRe := regexp.MustCompile(`action="/signin"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="next" value="([^"]*)"`)
	for _, next := range []string{"//evil.example", "/\\evil.example", "https://evil.example", "/\t/evil.example", "/\t\\evil.example",
		"\t//evil.example", "/%09/evil.example", "/\r\n/evil.example", "http:evil.example", "/.//evil.example", "/\x00/evil.example"} {
		p := newTestPortal(t)
		page := p.get("/signin?next="+url.QueryEscape(next), "")
		m := nextRe.FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("no next field in the sign-in form:\n%s", page.Body)
		}
		res := p.postFrom(testIP(), "/signin", url.Values{"email": {tn.OwnerEmail}, "password": {testPassword}, "next": {html.UnescapeString(m[1])}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("next %q: sign-in %d", next, res.Status)
		}
		wire := strings.NewReplacer("\r", " ", "\n", " ").Replace(res.Location)
		seen := strings.ReplaceAll(strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(strings.TrimSpace(wire)), "\\", "/")
		base, _ := url.Parse(testOrigin + "/signin")
		target, err := base.Parse(seen)
		if err != nil || target.Host != base.Host || target.Scheme != base.Scheme {
			t.Errorf("next %q: Location %q takes the browser to %v", next, res.Location, target)
		}
	}
}

// Cross-site websocket hijacking: a page elsewhere opens /live with the
// visitor's cookie. live_test.go tries a foreign Origin; these are the
// values a browser sends from sandboxed frames and privacy-sensitive
// contexts (null), non-browser clients (none), and look-alikes. A revoked
// session does not open the socket either.
func TestAttackLiveHijacking(t *testing.T) {
	tn := newTenant(t, "pl")
	inst := startInstance(t)
	session := signedInSession(t, tn.BuyerEmail)
	u := "ws" + strings.TrimPrefix(inst.http.URL, "http") + "/live"
	dial := func(origin, session string) *http.Response {
		h := http.Header{}
		if origin != "" {
			h.Set("Origin", origin)
		}
		h.Set("Cookie", sessionCookie+"="+session)
		ws, res, err := websocket.DefaultDialer.Dial(u, h)
		if err == nil {
			ws.Close()
		}
		return res
	}
	for _, origin := range []string{"", "null", "https://portal.test", "http://portal.test.evil.example",
		"http://evil.example", "http://portal.test:8080", "http://evil.example/http://portal.test"} {
		res := dial(origin, session)
		if res == nil || res.StatusCode != http.StatusForbidden {
			t.Errorf("Origin %q: %v, want 403", origin, res)
		}
	}
	if res := dial(testOrigin, session); res == nil || res.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("the portal's own page: %v", res) // the refusals above are about the origin
	}
	if err := inst.srv.sessions.Revoke(context.Background(), session); err != nil {
		t.Fatal(err)
	}
	if res := dial(testOrigin, session); res == nil || res.StatusCode == http.StatusSwitchingProtocols {
		t.Fatalf("a revoked session opened the socket: %v", res)
	}
}

// dbDigest fingerprints every table of the database, to show that refused
// requests changed nothing at all.
func dbDigest(t testing.TB, db bun.IDB) map[string]string {
	t.Helper()
	var tables []string
	dbtest.Scan(t, db, &tables, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
	out := make(map[string]string, len(tables))
	for _, name := range tables {
		var sum string
		dbtest.Scan(t, db, &sum, "SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ? AS x", bun.Ident(name))
		out[name] = sum
	}
	return out
}

func changedTables(before, after map[string]string) []string {
	var changed []string
	for name, sum := range after {
		if before[name] != sum {
			changed = append(changed, name)
		}
	}
	return changed
}
