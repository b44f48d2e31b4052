package portal

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"testing"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
)

// With Config.OrderDB the order flow's pages (adding to the cart, the cart,
// the checkout, the order page) take their connections from that pool and
// every other page from the main one: the catalogue, the dashboard and the
// order list open none of its connections, and a whole order goes through
// it. When the order pool is gone, the order pages fail and the others do
// not notice.
func TestOrderFlowRunsOnItsOwnPool(t *testing.T) {
	tn := newTenant(t, "pl")
	orderDB, err := domain.Open(dbtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { orderDB.Close() })
	srv, err := New(Config{PublicURL: testOrigin, DistributorName: "Voltmarket Hurt", OrderDB: orderDB}, dbtest.DB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	p := &testPortal{t: t, srv: srv, h: srv.Handler(), jar: jar}
	p.signIn(tn.BuyerEmail)
	opened := func() int { return orderDB.Stats().OpenConnections }

	for _, path := range []string{"/", "/catalog?q=" + url.QueryEscape(tn.Marker), "/orders"} {
		if res := p.get(path, ""); res.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, res.Status)
		}
	}
	if n := opened(); n != 0 {
		t.Fatalf("pages outside the order flow opened %d connections of the order pool", n)
	}

	if res := p.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"2"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("add: %d", res.Status)
	}
	if n := opened(); n == 0 {
		t.Fatal("adding to the cart did not use the order pool")
	}
	mustContain(t, p.get("/cart", "").Body, "Koszyk", "Żarówka LED testowa "+tn.Marker)
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(p.get("/checkout", "").Body)
	if key == nil {
		t.Fatal("no checkout form")
	}
	placed := p.post("/checkout", url.Values{"key": {key[1]}, "po_number": {"PO-POOL"}, "delivery_address": {"ul. Długa 1, Kraków"}})
	if placed.Status != http.StatusSeeOther {
		t.Fatalf("checkout: %d", placed.Status)
	}
	mustContain(t, p.get(placed.Location, "").Body, "PO-POOL")

	orderDB.Close()
	if res := p.get("/cart", ""); res.Status != http.StatusInternalServerError {
		t.Fatalf("cart without its pool: %d, want 500", res.Status)
	}
	for _, path := range []string{"/", "/catalog", "/orders"} {
		if res := p.get(path, ""); res.Status != http.StatusOK {
			t.Fatalf("%s without the order pool: %d", path, res.Status)
		}
	}
}
