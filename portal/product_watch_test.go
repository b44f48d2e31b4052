package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerdesk/domain/dbtest"
)

// An item out of stock offers "notify me"; the wish is kept per user and can
// be withdrawn.
func TestProductPageOffersBackInStockNotice(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	id := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1500})
	var sku string
	dbtest.Scan(t, db, &sku, "SELECT sku FROM products WHERE id = ?", id)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	page := p.get("/products/"+sku, "")
	mustContain(t, page.Body, "Powiadom mnie o dostawie")
	res := p.post("/notifications/subscribe", url.Values{"product": {fmt.Sprint(id)}, "back": {"/products/" + sku}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("subscribe: %d", res.Status)
	}
	page = p.get("/products/"+sku, "")
	mustContain(t, page.Body, "Powiadomimy Cię, gdy produkt znów będzie dostępny.", "Nie powiadamiaj")
	var n int
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM stock_subscriptions WHERE product_id = ? AND user_id = ?", id, tn.Buyer)
	if n != 1 {
		t.Fatalf("%d subscriptions", n)
	}
	// Another user of the company has made no wish.
	o := newTestPortal(t)
	o.signIn(tn.OwnerEmail)
	if strings.Contains(o.get("/products/"+sku, "").Body, "Nie powiadamiaj") {
		t.Fatal("the owner sees the buyer's wish as theirs")
	}
	p.post("/notifications/unsubscribe", url.Values{"product": {fmt.Sprint(id)}, "back": {"/products/" + sku}})
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM stock_subscriptions WHERE product_id = ? AND user_id = ?", id, tn.Buyer)
	if n != 0 {
		t.Fatalf("%d subscriptions after withdrawing", n)
	}
}
