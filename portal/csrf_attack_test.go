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

// Cross-site request forgery against every POST route of the route table,
// each sent by a user who may use the route: the forged requests are refused
// with the translated "form expired" page and change nothing in the database.
// The route table is walked, so a new form cannot be forgotten. The only
// exemptions are outside the portal's chain: /api/ (keys, no cookies; see
// TestAttackAPIIgnoresSessionCookie) and mounted handlers (the Telegram
// webhook, its own secret).
func TestAttackCSRFOnEveryPostRoute(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	admin, adminEmail := newStaff(t, "admin")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", admin, tn.CompanyID)
	customer := newTestPortal(t)
	customer.signIn(tn.OwnerEmail)
	staff := newTestPortal(t)
	staff.signIn(adminEmail)
	visitor := newTestPortal(t)
	visitor.get("/signin", "")
	stranger := newTestPortal(t) // the attacker's own visit, for a token that is valid but not the victim's
	stranger.get("/signin", "")

	// Values that a real form would send, so that each request would do
	// something if it got through.
	form := func(victim *testPortal) url.Values {
		return url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"5"}, "line": {fmt.Sprintf("%d:5", tn.Product)},
			"lang": {"fi"}, "email": {tn.BuyerEmail}, "password": {testPassword}, "current": {testPassword}, "new": {"Nowe-hasło-123456"},
			"role": {"owner"}, "active": {"0"}, "name": {"CSRF " + tn.Marker}, "note": {"CSRF " + tn.Marker}, "text": {"CSRF " + tn.Marker},
			"score": {"0"}, "comment": {"CSRF"}, "code": {"csrf"}, "day": {"2026-12-24"}, "country": {"PL"}, "reason": {"damaged"},
			"order": {fmt.Sprint(tn.OrderNumber)}, "po_number": {"CSRF"}}
	}
	paramRe := regexp.MustCompile(`\{([a-z]+)\$?\}`)
	params := map[string]string{"number": fmt.Sprint(tn.OrderNumber), "token": "not-a-token"}

	type attack struct {
		name    string
		headers map[string]string // beside the form; "" deletes
		token   func(victim *testPortal) string
	}
	own := func(victim *testPortal) string { return victim.cookie(csrfCookie) }
	attacks := []attack{
		{"no form token", nil, func(*testPortal) string { return "" }},
		{"the attacker's own form token", nil, func(*testPortal) string { return stranger.cookie(csrfCookie) }},
		{"cross-site, right token", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, own},
		{"sibling site, right token", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://shop.portal.test"}, own},
		{"foreign Origin without Sec-Fetch-Site, right token", map[string]string{"Sec-Fetch-Site": "", "Origin": "https://evil.example"}, own},
		{"Origin null without Sec-Fetch-Site, right token", map[string]string{"Sec-Fetch-Site": "", "Origin": "null"}, own},
	}

	before := dbDigest(t, db)
	posts := 0
	for _, rt := range customer.srv.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if method != http.MethodPost {
			continue
		}
		posts++
		victim := customer
		switch rt.access {
		case accessPublic:
			victim = visitor
		case accessStaff, accessAdmin:
			victim = staff
		}
		concrete := paramRe.ReplaceAllStringFunc(path, func(m string) string {
			name := paramRe.FindStringSubmatch(m)[1]
			if name == "id" { // a user of the company on its pages, the company on the desk's
				if victim == staff {
					return fmt.Sprint(tn.CompanyID)
				}
				return fmt.Sprint(tn.Buyer)
			}
			v, ok := params[name]
			if !ok {
				t.Fatalf("route %q has parameter {%s}: add a value for it to this test", rt.pattern, name)
			}
			return v
		})
		for _, a := range attacks {
			f := form(victim)
			f.Set("csrf", a.token(victim))
			req := newFormRequest(concrete, f)
			req.Header.Set("Origin", testOrigin)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			for k, v := range a.headers {
				if v == "" {
					req.Header.Del(k)
				} else {
					req.Header.Set(k, v)
				}
			}
			res := victim.do(req)
			if res.Status != http.StatusForbidden || !strings.Contains(res.Body, translated(victim, "pl", "error_csrf")) {
				t.Errorf("POST %s, %s: %d, want 403 with the form-expired page", concrete, a.name, res.Status)
			}
		}
	}
	if posts < 40 {
		t.Fatalf("only %d POST routes in the table", posts)
	}
	if changed := changedTables(before, dbDigest(t, db)); len(changed) > 0 {
		t.Fatalf("forged requests changed tables %v", changed)
	}
	if visitor.cookie(sessionCookie) != "" || visitor.cookie(langCookie) != "" {
		t.Fatal("a forged sign-in or language switch took effect")
	}
	// Still signed in: the forged sign-outs did nothing either.
	if res := customer.get("/", ""); res.Status != http.StatusOK || !strings.Contains(res.Body, tn.Name) {
		t.Fatalf("the customer was signed out by a forged request: %d", res.Status)
	}
}
