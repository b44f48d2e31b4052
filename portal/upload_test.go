package portal

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"partnerdesk/domain/dbtest"
)

func (p *testPortal) upload(name string, data []byte) response {
	p.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", p.cookie(csrfCookie))
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, testOrigin+"/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return p.do(req)
}

// A Russian buyer uploads a semicolon CSV from Excel in Windows-1251: the
// report shows each line's fate; nothing reaches the cart until confirmed.
func TestUploadReportThenConfirm(t *testing.T) {
	tn := newTenant(t, "ru")
	db := dbtest.DB(t)
	dbtest.Exec(t, db, "UPDATE products SET pack_size = 5, min_order_qty = 5 WHERE id = ?", tn.Product)
	var scarceSKU string
	dbtest.Scan(t, db, &scarceSKU, "SELECT sku FROM products WHERE id = ?", tn.Scarce)
	sub := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 950, NamePL: "Zamiennik " + tn.Marker})
	dbtest.Exec(t, db, "INSERT INTO list_prices (product_id, currency, unit_price) VALUES (?, 'RUB', 20000)", sub)
	dbtest.Stock(t, db, sub, dbtest.Warehouse(t, db, "T-RU", "RU"), 100)
	dbtest.Exec(t, db, "INSERT INTO product_substitutes (product_id, substitute_id) VALUES (?, ?)", tn.Scarce, sub)

	csv := "Артикул;Количество\r\n" +
		tn.ProductSKU + ";10,00\r\n" + // fine
		"НЕТ-ТАКОГО;3\r\n" + // unknown
		tn.ProductSKU + ";7\r\n" + // not a pack multiple
		scarceSKU + ";5\r\n" + // out of stock, substitute offered
		tn.ProductSKU + ";2,5\r\n" // fraction
	data, err := charmap.Windows1251.NewEncoder().Bytes([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	res := p.upload("заказ.csv", data)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d\n%s", res.Status, res.Body)
	}
	mustContain(t, res.Body, "windows-1251", "НЕТ-ТАКОГО", "Zamiennik "+tn.Marker)
	if n := strings.Count(res.Body, `class="field-error"`); n != 4 {
		t.Fatalf("%d problem lines, want 4\n%s", n, res.Body)
	}
	var inCart int
	dbtest.Scan(t, db, &inCart, "SELECT count(*) FROM cart_lines WHERE user_id = ?", tn.Buyer)
	if inCart != 0 {
		t.Fatal("the upload added to the cart before confirmation")
	}
	// Confirm what is checked by default: the one good line.
	var lines []string
	for _, m := range regexp.MustCompile(`name="line" value="([^"]+)" checked`).FindAllStringSubmatch(res.Body, -1) {
		lines = append(lines, m[1])
	}
	if len(lines) != 1 || lines[0] != fmt.Sprintf("%d:10", tn.Product) {
		t.Fatalf("checked lines %v", lines)
	}
	if res := p.post("/cart/add-many", url.Values{"line": lines}); res.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.Status)
	}
	dbtest.Scan(t, db, &inCart, "SELECT count(*) FROM cart_lines WHERE user_id = ?", tn.Buyer)
	if inCart != 1 {
		t.Fatalf("%d cart lines after confirming", inCart)
	}
}

func TestUploadRefusesWhatIsNotAnOrderFile(t *testing.T) {
	tn := newTenant(t, "fi")
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	res := p.upload("kuva.xlsx", []byte("<?php system($_GET['c']); ?>"))
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.Status)
	}
	if !strings.Contains(res.Body, "Tuotekoodisaraketta ei löytynyt") && !strings.Contains(res.Body, "Tiedostoa ei voitu lukea") {
		t.Fatalf("no translated explanation:\n%s", res.Body)
	}
}
