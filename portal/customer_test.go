package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

func TestSignInSignOut(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	p.get("/signin", "pl")
	res := p.post("/signin", url.Values{"email": {tn.BuyerEmail}, "password": {"zle haslo"}})
	if res.Status != http.StatusUnauthorized {
		t.Fatalf("wrong password: status %d", res.Status)
	}
	mustContain(t, res.Body, "Nieprawidłowy e-mail lub hasło.")
	if strings.Contains(res.Body, "zle haslo") {
		t.Fatal("the password was echoed back")
	}
	before := p.cookie(csrfCookie)
	p.signIn(tn.BuyerEmail)
	if p.cookie(sessionCookie) == "" || p.cookie(csrfCookie) == before {
		t.Fatal("no session cookie, or the form token was not renewed at sign-in")
	}
	dash := p.get("/", "")
	mustContain(t, dash.Body, tn.Name, "Saldo i limit kredytowy", "Dostępny limit", "Zamówienia w realizacji")
	out := p.post("/signout", url.Values{})
	if out.Status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", out.Status)
	}
	if res := p.get("/orders", ""); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/signin") {
		t.Fatalf("after sign-out /orders: %d %s", res.Status, res.Location)
	}
}

func TestSignInThrottledWithTranslatedMessage(t *testing.T) {
	tn := newTenant(t, "ru")
	p := newTestPortal(t)
	p.acceptLanguage = "ru"
	p.get("/signin", "")
	for i := range 5 {
		p.post("/signin", url.Values{"email": {tn.OwnerEmail}, "password": {fmt.Sprint("wrong", i)}})
	}
	res := p.post("/signin", url.Values{"email": {tn.OwnerEmail}, "password": {testPassword}})
	if res.Status != http.StatusTooManyRequests {
		t.Fatalf("status %d", res.Status)
	}
	mustContain(t, res.Body, "Слишком много неудачных попыток. Повторите через 15 минут.")
}

// Every customer page renders in the user's language, with no missing message.
func TestCustomerPagesInEachLanguage(t *testing.T) {
	words := map[string][]string{
		"pl": {"Pulpit", "Katalog", "Zamówienia", "Faktury"},
		"ru": {"Главная", "Каталог", "Заказы", "Счета"},
		"fi": {"Etusivu", "Tuotteet", "Tilaukset", "Laskut"},
	}
	for _, lang := range []string{"pl", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			tn := newTenant(t, lang)
			p := newTestPortal(t)
			p.signIn(tn.OwnerEmail)
			pages := []string{"/", "/catalog", "/catalog?q=" + url.QueryEscape(tn.Marker), "/products/" + tn.ProductSKU,
				"/favourites", "/quick-order", "/upload", "/cart", "/orders", fmt.Sprintf("/orders/%d", tn.OrderNumber),
				"/orders?status=open&q=" + tn.PONumber, "/invoices", "/invoices?state=overdue", "/complaints", "/users", "/account", "/checkout"}
			for _, path := range pages {
				res := p.get(path, "")
				if res.Status != http.StatusOK && !(path == "/checkout" && res.Status == http.StatusSeeOther) {
					t.Fatalf("%s: status %d\n%s", path, res.Status, res.Body)
				}
				if res.Status == http.StatusOK {
					mustContain(t, res.Body, `<html lang="`+lang+`">`)
					mustContain(t, res.Body, words[lang]...)
				}
			}
			mustContain(t, p.get(fmt.Sprintf("/orders/%d", tn.OrderNumber), "").Body, tn.PONumber)
			mustContain(t, p.get("/invoices", "").Body, tn.InvoiceNo)
		})
	}
}

func TestPluralsAndFormats(t *testing.T) {
	b, err := locales.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"pl": {"Znaleziono 1 produkt", "Znaleziono 2 produkty", "Znaleziono 5 produktów", "Znaleziono 22 produkty"},
		"ru": {"1 товар", "2 товара", "5 товаров", "21 товар"},
		"fi": {"1 tuote", "2 tuotetta", "5 tuotetta", "21 tuotetta"},
	}
	for lang, want := range cases {
		loc := locales.NewLocalizer(b, domain.Language(lang))
		for i, n := range []int{1, 2, 5, map[string]int{"pl": 22, "ru": 21, "fi": 21}[lang]} {
			if got := loc.TN("catalog_results", n); !strings.Contains(got, want[i]) {
				t.Errorf("%s %d: %q does not contain %q", lang, n, got, want[i])
			}
		}
	}
}

func TestRolesLimitWhatUsersCanDo(t *testing.T) {
	tn := newTenant(t, "pl")
	acc := newTestPortal(t)
	acc.signIn(tn.AccountantEmail)
	for _, path := range []string{"/cart", "/checkout", "/quick-order", "/upload", "/users"} {
		if res := acc.get(path, ""); res.Status != http.StatusForbidden {
			t.Errorf("accountant GET %s: %d, want 403", path, res.Status)
		}
	}
	if res := acc.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"1"}}); res.Status != http.StatusForbidden {
		t.Errorf("accountant adding to cart: %d", res.Status)
	}
	if res := acc.get("/invoices", ""); res.Status != http.StatusOK {
		t.Errorf("accountant invoices: %d", res.Status)
	}
	mustContain(t, acc.get("/cart", "").Body, "Brak uprawnień")

	buyer := newTestPortal(t)
	buyer.signIn(tn.BuyerEmail)
	if res := buyer.get("/invoices", ""); res.Status != http.StatusForbidden {
		t.Errorf("buyer without invoice access: %d", res.Status)
	}
	if res := buyer.get("/users", ""); res.Status != http.StatusForbidden {
		t.Errorf("buyer on users page: %d", res.Status)
	}
	// The owner allows invoices; the buyer sees them from the next request.
	owner := newTestPortal(t)
	owner.signIn(tn.OwnerEmail)
	res := owner.post(fmt.Sprintf("/users/%d", tn.Buyer), url.Values{"role": {"buyer"}, "active": {"1"}, "invoices": {"1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("owner changing buyer: %d", res.Status)
	}
	if res := buyer.get("/invoices", ""); res.Status != http.StatusOK {
		t.Errorf("buyer allowed invoices: %d", res.Status)
	}
	// Deactivating ends the buyer's session at once.
	owner.post(fmt.Sprintf("/users/%d", tn.Buyer), url.Values{"role": {"buyer"}, "invoices": {"1"}})
	if res := buyer.get("/orders", ""); res.Status != http.StatusSeeOther {
		t.Errorf("deactivated buyer still signed in: %d", res.Status)
	}
}

func TestCheckoutIsIdempotent(t *testing.T) {
	tn := newTenant(t, "fi")
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	if res := p.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"3"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("add: %d", res.Status)
	}
	cart := p.get("/cart", "")
	mustContain(t, cart.Body, "Ostoskori", "LED-lamppu "+tn.Marker)
	page := p.get("/checkout", "")
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page.Body)
	if key == nil {
		t.Fatalf("no idempotency key in the checkout form:\n%s", page.Body)
	}
	form := url.Values{"key": {key[1]}, "po_number": {"PO-77"}, "delivery_address": {"Nekalantie 17, Tampere"}}
	first := p.post("/checkout", form)
	second := p.post("/checkout", form) // double click, or Back and submit again
	if first.Status != http.StatusSeeOther || second.Status != http.StatusSeeOther || first.Location != second.Location {
		t.Fatalf("first %d %s, second %d %s", first.Status, first.Location, second.Status, second.Location)
	}
	var n int
	dbtest.Scan(t, dbtest.DB(t), &n, "SELECT count(*) FROM orders WHERE company_id = ? AND po_number = 'PO-77'", tn.CompanyID)
	if n != 1 {
		t.Fatalf("%d orders from one checkout", n)
	}
	mustContain(t, p.get(first.Location, "").Body, "PO-77", "Kiitos")
}

// A cart line that cannot be ordered as it is (here below the product's
// minimum) keeps the checkout's button disabled, and the checkout page says
// why, on the line and above the form, with the way back to the cart, in the
// buyer's language.
func TestCheckoutSaysWhichLinesKeepItFromOrdering(t *testing.T) {
	for lang, want := range map[string][]string{
		"pl": {"1 pozycja koszyka wymaga poprawy, zanim złożysz zamówienie.", "Popraw w koszyku", "Minimalna ilość to 10."},
		"ru": {"1 позиция корзины требует исправления, прежде чем можно оформить заказ.", "Исправить в корзине", "Минимальное количество — 10."},
		"fi": {"1 ostoskorin rivi on korjattava ennen tilauksen lähettämistä.", "Korjaa ostoskorissa", "Vähimmäismäärä on 10."},
	} {
		t.Run(lang, func(t *testing.T) {
			tn := newTenant(t, lang)
			db := dbtest.DB(t)
			dbtest.Exec(t, db, "UPDATE products SET min_order_qty = 10 WHERE id = ?", tn.Product)
			dbtest.Exec(t, db, "INSERT INTO cart_lines (user_id, product_id, qty) VALUES (?, ?, 3)", tn.Buyer, tn.Product)
			p := newTestPortal(t)
			p.signIn(tn.BuyerEmail)
			page := p.get("/checkout", "")
			if page.Status != http.StatusOK {
				t.Fatalf("checkout: %d", page.Status)
			}
			mustContain(t, page.Body, append(want, `id="checkout-problems"`, `href="/cart"`)...)
			if !regexp.MustCompile(`<button[^>]*type="submit"[^>]*data-once="1"[^>]* disabled>`).MatchString(page.Body) {
				t.Error("the checkout button is not disabled")
			}
			dbtest.Exec(t, db, "UPDATE cart_lines SET qty = 10 WHERE user_id = ?", tn.Buyer)
			if body := p.get("/checkout", "").Body; strings.Contains(body, `id="checkout-problems"`) {
				t.Error("the problem is still reported once the line is mended")
			}
		})
	}
}

func TestOverdueCompanyIsBlockedWithAmounts(t *testing.T) {
	tn := newTenant(t, "pl")
	dbtest.Exec(t, dbtest.DB(t), `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total)
		VALUES (?, ?, 'PLN', current_date - 60, current_date - 30, 100000, 23000, 123000)`, tn.CompanyID, "FV/OLD/"+tn.Marker)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	p.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"1"}})
	res := p.get("/cart", "")
	mustContain(t, res.Body, "Zamawianie wstrzymane z powodu zaległych płatności", "1 230,00 zł")
	if strings.Contains(res.Body, `href="/checkout"`) {
		t.Fatal("checkout offered to a blocked company")
	}
	page := p.get("/checkout", "")
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page.Body)
	res = p.post("/checkout", url.Values{"key": {key[1]}, "delivery_address": {"ul. Testowa 1"}})
	if res.Status != http.StatusConflict {
		t.Fatalf("blocked checkout: %d", res.Status)
	}
	mustContain(t, res.Body, "1 230,00 zł")
}

func TestQuickOrderReportsRowProblems(t *testing.T) {
	tn := newTenant(t, "ru")
	dbtest.Exec(t, dbtest.DB(t), "UPDATE products SET pack_size = 5, min_order_qty = 10 WHERE id = ?", tn.Product)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	res := p.post("/quick-order", url.Values{"sku": {tn.ProductSKU, "NO-SUCH-SKU", tn.ProductSKU}, "qty": {"12", "1", "abc"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.Status)
	}
	mustContain(t, res.Body, "NO-SUCH-SKU")
	if n := strings.Count(res.Body, `class="field-error"`); n != 3 {
		t.Fatalf("%d row errors shown, want 3:\n%s", n, res.Body)
	}
	// The field at fault is marked: the quantity on rows 1 and 3, the code on row 2.
	for _, field := range []string{`id="qty-0"`, `id="sku-1"`, `id="qty-2"`} {
		if !regexp.MustCompile(field + `[^>]*aria-invalid="true"`).MatchString(res.Body) {
			t.Errorf("%s not marked invalid", field)
		}
	}
	for _, field := range []string{`id="sku-0"`, `id="qty-1"`, `id="sku-2"`} {
		if regexp.MustCompile(field + `[^>]*aria-invalid="true"`).MatchString(res.Body) {
			t.Errorf("%s marked invalid, though it is fine", field)
		}
	}
	res = p.post("/quick-order", url.Values{"sku": {strings.ToLower(tn.ProductSKU)}, "qty": {"15"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("good row: %d\n%s", res.Status, res.Body)
	}
	mustContain(t, p.get("/cart", "").Body, "Лампа светодиодная "+tn.Marker)
}

// A product the company keeps in its standard assortment is starred in the
// catalogue and offers "remove" on its page (read with the prices, in the
// same statement).
func TestFavouriteStarOnCatalogueAndProductPage(t *testing.T) {
	tn := newTenant(t, "pl")
	buyer := newTestPortal(t)
	buyer.signIn(tn.BuyerEmail)
	star := `title="` + translated(buyer, "pl", "favourite_yes") + `">★`
	mustNotContain(t, buyer.get("/catalog?q="+url.QueryEscape(tn.ProductSKU), "").Body, star)
	mustContain(t, buyer.get("/products/"+tn.ProductSKU, "").Body, "☆ "+translated(buyer, "pl", "favourite_add"))

	buyer.post("/favourites", url.Values{"product": {fmt.Sprint(tn.Product)}, "on": {"1"}, "back": {"/products/" + tn.ProductSKU}})
	mustContain(t, buyer.get("/catalog?q="+url.QueryEscape(tn.ProductSKU), "").Body, star)
	mustContain(t, buyer.get("/products/"+tn.ProductSKU, "").Body, "★ "+translated(buyer, "pl", "favourite_remove"))
}

// Adding to the cart from search results, or switching the language there,
// returns to the same results (the search and its page), not to the whole
// catalogue.
func TestFormsReturnToTheSameSearch(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	page := "/catalog?q=" + url.QueryEscape(tn.Marker) + "&page=1"
	res := p.get(page, "")
	escaped := strings.ReplaceAll(page, "&", "&amp;")
	mustContain(t, res.Body, `name="back" value="`+escaped+`"`, `name="next" value="`+escaped+`"`)
	add := p.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"1"}, "back": {page}})
	if add.Status != http.StatusSeeOther || add.Location != page {
		t.Fatalf("add to cart: %d → %q, want %q", add.Status, add.Location, page)
	}
	lang := p.post("/language", url.Values{"lang": {"fi"}, "next": {page}})
	if lang.Status != http.StatusSeeOther || lang.Location != page {
		t.Fatalf("language: %d → %q, want %q", lang.Status, lang.Location, page)
	}
}

// A list asked for past its last page (an old link, a typed number) goes to
// its last page with the same filters, instead of saying there is nothing.
func TestPastTheLastPageGoesToTheLastPage(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	p.signIn(tn.OwnerEmail)
	res := p.get("/orders?q="+url.QueryEscape(tn.PONumber)+"&page=99", "")
	if res.Status != http.StatusSeeOther || res.Location != "/orders?page=1&q="+url.QueryEscape(tn.PONumber) {
		t.Fatalf("orders page 99: %d %q", res.Status, res.Location)
	}
	mustContain(t, p.get(res.Location, "").Body, tn.PONumber)
	res = p.get("/catalog?q=LED&page=999", "")
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/catalog?page=") {
		t.Fatalf("catalogue page 999: %d %q", res.Status, res.Location)
	}
	mustNotContain(t, p.get(res.Location, "").Body, "Nic nie znaleziono")
	// An empty list stays where it is, with its empty state.
	if res := p.get("/orders?q=no-such-order-anywhere&page=3", ""); res.Status != http.StatusOK {
		t.Fatalf("empty list, page 3: %d", res.Status)
	}
}

// A volume discount on a cheap item is given, not rounded away: cable at
// 0,20 € a metre with 5 % from 500 m and 7 % from 2,000 m shows 0,19 € and
// 0,186 € on its page; 2,000 m in the cart cost 372,00 € (not 0,19 × 2,000
// = 380,00), and so does the order placed from it.
func TestCheapItemsKeepTheirVolumeDiscount(t *testing.T) {
	db := dbtest.DB(t)
	tn := newTenant(t, "fi")
	cable := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 80})
	dbtest.Exec(t, db, "INSERT INTO list_prices (product_id, currency, unit_price) VALUES (?, 'EUR', 20)", cable)
	dbtest.Exec(t, db, "INSERT INTO quantity_breaks (product_id, min_qty, discount_bp) VALUES (?, 500, 500), (?, 2000, 700)", cable, cable)
	dbtest.Stock(t, db, cable, dbtest.Warehouse(t, db, "T-FI", "FI"), 10000)
	var sku string
	dbtest.Scan(t, db, &sku, "SELECT sku FROM products WHERE id = ?", cable)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	mustContain(t, p.get("/products/"+url.PathEscape(sku), "").Body, "0,19 €", "0,186 €")
	if res := p.post("/cart/add", url.Values{"product": {fmt.Sprint(cable)}, "qty": {"2000"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("add: %d", res.Status)
	}
	mustContain(t, p.get("/cart", "").Body, "0,186 €", "372,00 €")
	page := p.get("/checkout", "").Body
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page)
	if key == nil {
		t.Fatalf("no checkout form:\n%s", page)
	}
	res := p.post("/checkout", url.Values{"key": {key[1]}, "po_number": {"PO-CABLE"}, "delivery_address": {"Kaapelitie 1"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("checkout: %d %s", res.Status, res.Body)
	}
	mustContain(t, p.get(res.Location, "").Body, "0,186 €", "372,00 €")
	var net int64
	dbtest.Scan(t, db, &net, "SELECT l.net_amount FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.po_number = 'PO-CABLE' AND o.company_id = ?", tn.CompanyID)
	if net != 37200 {
		t.Fatalf("line net %d, want 37200", net)
	}
}
