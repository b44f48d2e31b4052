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

// A user of company A asks for every route of the route table with company
// B's identifiers. Company-scoped objects of B answer 404 and list pages show
// nothing of B. The routes come from the table, so a new route whose path
// parameter this test does not know fails here until it is covered.
func TestTenantIsolationOverEveryRoute(t *testing.T) {
	a := newTenant(t, "pl")
	b := newTenant(t, "pl")
	p := newTestPortal(t)
	p.signIn(a.OwnerEmail)
	db := dbtest.DB(t)

	// What B's objects are called in paths.
	params := map[string]string{
		"number": fmt.Sprint(b.OrderNumber), // B's order
		"id":     fmt.Sprint(b.Buyer),       // B's user
		"sku":    b.ProductSKU,              // products are shared; prices are A's own
		"token":  "not-a-token",
		"file":   "nothing.css",
	}
	// Routes that are not company-scoped at all.
	notScoped := map[string]bool{"/products/{sku}": true, "/invite/{token}": true, "/static/{file}": true}
	paramRe := regexp.MustCompile(`\{([a-z]+)\$?\}`)

	var before struct {
		Orders, Users, Cart int
	}
	count := func() (int, int, int) {
		var o, u, c int
		dbtest.Scan(t, db, &o, "SELECT count(*) FROM orders WHERE company_id = ?", b.CompanyID)
		dbtest.Scan(t, db, &u, "SELECT count(*) FROM users WHERE company_id = ? AND active AND role = 'buyer'", b.CompanyID)
		dbtest.Scan(t, db, &c, "SELECT count(*) FROM cart_lines WHERE user_id IN (SELECT id FROM users WHERE company_id = ?)", b.CompanyID)
		return o, u, c
	}
	before.Orders, before.Users, before.Cart = count()

	for _, rt := range p.srv.routeTable() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if rt.access == accessPublic && !strings.Contains(strings.TrimSuffix(path, "{$}"), "{") || rt.pattern == "POST /signout" {
			continue
		}
		concrete := paramRe.ReplaceAllStringFunc(path, func(m string) string {
			name := paramRe.FindStringSubmatch(m)[1]
			v, ok := params[name]
			if !ok {
				t.Fatalf("route %q has parameter {%s}: add what company B's value is to this test", rt.pattern, name)
			}
			return v
		})
		concrete = strings.TrimSuffix(concrete, "{$}")
		var res response
		if method == http.MethodGet {
			res = p.get(concrete, "")
		} else {
			res = p.post(concrete, url.Values{"product": {fmt.Sprint(b.Product)}, "qty": {"1"}, "role": {"owner"},
				"active": {"1"}, "line": {fmt.Sprintf("%d:1", b.Product)}})
		}
		for _, secret := range []string{b.Name, b.PONumber, b.InvoiceNo, b.BuyerEmail, "complaint " + b.Marker} {
			if strings.Contains(res.Body, secret) {
				t.Errorf("%s %s shows company B's %q", method, concrete, secret)
			}
		}
		if strings.Contains(strings.TrimSuffix(path, "{$}"), "{") && !notScoped[path] && res.Status != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404 for another company's object", method, concrete, res.Status)
		}
	}
	o, u, c := count()
	if o != before.Orders || u != before.Users || c != before.Cart {
		t.Fatalf("company B changed: orders %d→%d, active buyers %d→%d, cart lines %d→%d", before.Orders, o, before.Users, u, before.Cart, c)
	}
}
