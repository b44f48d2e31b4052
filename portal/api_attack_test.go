package portal

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"partnerdesk/domain/apikey"
	"partnerdesk/domain/dbtest"
)

// Attacks on the integration API's keys. api_test.go checks the plain cases
// (no key, a key with two characters changed, a missing scope, a revoked key
// on a read); here every refusal must be a JSON error and nothing else, and
// refused writes must change nothing.

// refusedWithoutData checks an API answer an attacker gets: the status, a
// JSON body holding only an error with a code and a message, no data.
func refusedWithoutData(t *testing.T, what string, res apiResponse, status int, code string, secrets ...string) {
	t.Helper()
	if res.Status != status {
		t.Errorf("%s: status %d, want %d: %s", what, res.Status, status, res.Body)
		return
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("%s: Content-Type %q", what, res.Header.Get("Content-Type"))
	}
	e, _ := res.JSON["error"].(map[string]any)
	if len(res.JSON) != 1 || e == nil || e["code"] != code || e["message"] == "" {
		t.Errorf("%s: body %s, want only an error with code %q", what, res.Body, code)
	}
	for _, s := range secrets {
		if strings.Contains(res.Body, s) {
			t.Errorf("%s: the answer shows %q", what, s)
		}
	}
}

func TestAttackAPIKeys(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	p := newTestPortal(t)
	full := newAPIClient(t, p)
	catalogOnly := newAPIClient(t, p, apikey.ScopeCatalog)
	revoked := newAPIClient(t, p)
	if err := apikey.Revoke(context.Background(), db, revoked.token); err != nil {
		t.Fatal(err)
	}
	n := fmt.Sprint(tn.OrderNumber)
	secrets := []string{n, tn.PONumber, tn.Name}
	feed := "/api/v1/orders/feed?limit=500"
	if res := full.call("GET", feed, nil); res.Status != http.StatusOK || !strings.Contains(res.Body, tn.PONumber) {
		t.Fatalf("the feed with a good key: %d", res.Status) // what the attacks below must not get
	}
	status := func() (s string) {
		dbtest.Scan(t, db, &s, "SELECT status FROM orders WHERE id = ?", tn.OrderID)
		return s
	}
	before := status()

	random := "pd_" + strings.ToLower(rand.Text())[:8] + "_" + strings.ToLower(rand.Text() + rand.Text())[:32] // a well-formed key
	for name, headers := range map[string][]string{
		"a random key":                      {"Authorization", "Bearer " + random},
		"a revoked key":                     {"Authorization", "Bearer " + revoked.token},
		"Basic authentication":              {"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("erp:"+full.token))},
		"the scheme alone":                  {"Authorization", "Bearer"},
		"an empty bearer":                   {"Authorization", "Bearer "},
		"the key without a scheme":          {"Authorization", full.token},
		"a key followed by more":            {"Authorization", "Bearer " + full.token + " " + full.token},
		"two keys glued":                    {"Authorization", "Bearer " + full.token + "," + full.token},
		"SQL in the key":                    {"Authorization", "Bearer pd_'OR'1'='_" + strings.Repeat("a", 32)},
		"a very long key":                   {"Authorization", "Bearer pd_" + strings.Repeat("a", 64<<10)},
		"the key's prefix with no secret":   {"Authorization", "Bearer " + full.token[:strings.LastIndexByte(full.token, '_')+1]},
		"the key in another header":         {"X-API-Key", full.token},
		"a portal session instead of a key": {"Cookie", sessionCookie + "=" + signedInSession(t, tn.OwnerEmail)},
		"the key as a cookie":               {"Cookie", "Authorization=Bearer " + full.token},
		"an unsigned JWT":                   {"Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzY29wZXMiOlsib3JkZXJzIl19."},
	} {
		a := &apiClient{t: t, h: p.h, lang: "pl"}
		refusedWithoutData(t, name+", read", a.call("GET", feed, nil, headers...), http.StatusUnauthorized, "unauthorized", secrets...)
		refusedWithoutData(t, name+", write", a.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "cancelled"}, headers...),
			http.StatusUnauthorized, "unauthorized", secrets...)
	}
	// The key in the address, where proxies and logs keep it, is not read.
	for _, q := range []string{"api_key", "access_token", "key", "token", "authorization"} {
		a := &apiClient{t: t, h: p.h, lang: "pl"}
		refusedWithoutData(t, "key in ?"+q, a.call("GET", feed+"&"+q+"="+full.token, nil), http.StatusUnauthorized, "unauthorized", secrets...)
	}
	// A key without the orders scope reads and writes no orders.
	refusedWithoutData(t, "catalog key, feed", catalogOnly.call("GET", feed, nil), http.StatusForbidden, "forbidden", secrets...)
	refusedWithoutData(t, "catalog key, status", catalogOnly.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "cancelled"}),
		http.StatusForbidden, "forbidden", secrets...)
	refusedWithoutData(t, "catalog key, invoice", catalogOnly.call("PUT", "/api/v1/invoices/FV-ATTACK-"+tn.Marker, map[string]any{}),
		http.StatusForbidden, "forbidden", secrets...)
	if got := status(); got != before {
		t.Fatalf("refused calls changed the order's status: %s → %s", before, got)
	}
	var invoices int
	dbtest.Scan(t, db, &invoices, "SELECT count(*) FROM invoices WHERE number = ?", "FV-ATTACK-"+tn.Marker)
	if invoices != 0 {
		t.Fatal("a refused call created an invoice")
	}
}

// The API is exempt from the portal's form tokens because it does not know
// the portal's cookies: a cross-site form aimed at it with a signed-in
// staff member's cookie is refused, and never reaches a handler.
func TestAttackAPIIgnoresSessionCookie(t *testing.T) {
	tn := newTenant(t, "pl")
	_, email := newStaff(t, "admin")
	p := newTestPortal(t)
	p.signIn(email)
	req := httptest.NewRequest(http.MethodPost, testOrigin+"/api/v1/orders/"+fmt.Sprint(tn.OrderNumber)+"/status",
		strings.NewReader(`{"status": "cancelled"}`))
	req.Header.Set("Content-Type", "text/plain") // what a cross-site form can send without a preflight
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res := p.do(req)
	if res.Status != http.StatusUnauthorized {
		t.Fatalf("cross-site post to the API with a staff session: %d %s", res.Status, res.Body)
	}
	var s string
	dbtest.Scan(t, dbtest.DB(t), &s, "SELECT status FROM orders WHERE id = ?", tn.OrderID)
	if s == "cancelled" {
		t.Fatal("the order was cancelled")
	}
}
