package portal

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"partnerdesk/domain/cart"
	"partnerdesk/domain/company"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/orderfile"
	"partnerdesk/locales"
)

// benchCatalog makes n products in stock with prices and returns their SKUs.
func benchCatalog(b *testing.B, n int) []string {
	db := dbtest.DB(b)
	wh := dbtest.Warehouse(b, db, "B-PL", "PL")
	var skus []string
	for i := range n {
		id := dbtest.Product(b, db, dbtest.ProductOpts{ListPLN: int64(500 + i), NamePL: fmt.Sprintf("Przewód testowy %d", i)})
		dbtest.Stock(b, db, id, wh, 1_000_000)
		var sku string
		dbtest.Scan(b, db, &sku, "SELECT sku FROM products WHERE id = ?", id)
		skus = append(skus, sku)
	}
	return skus
}

// BenchmarkUploadReport5000Lines parses a 5,000-line order file (Windows-1250,
// semicolons, decimal commas), checks every line against the catalog and
// stock, and prices the result as a cart: what the buyer waits for after
// pressing "Check file".
func BenchmarkUploadReport5000Lines(b *testing.B) {
	ctx := context.Background()
	db := dbtest.DB(b)
	skus := benchCatalog(b, 500)
	var csv bytes.Buffer
	csv.WriteString("Indeks;Ilość;Uwagi\r\n")
	for i := range 5000 {
		fmt.Fprintf(&csv, "%s;%d,00;dostawa częściowa\r\n", skus[i%len(skus)], 1+i%7)
	}
	data, err := charmap.Windows1250.NewEncoder().Bytes(csv.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{PublicURL: testOrigin}, db, nil)
	if err != nil {
		b.Fatal(err)
	}
	compID := dbtest.Company(b, db, dbtest.CompanyOpts{})
	comp, _ := company.Get(ctx, db, compID)
	req := httptest.NewRequest(http.MethodPost, "/upload", nil)
	req = withReqCtx(req, &requestContext{loc: locales.NewLocalizer(srv.bundle, "pl"), company: comp})
	b.ResetTimer()
	for b.Loop() {
		res, err := orderfile.Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		lines, err := srv.reportLines(req, res.Rows)
		if err != nil {
			b.Fatal(err)
		}
		items := make([]cart.Item, 0, len(lines))
		for _, l := range lines {
			if l.OK {
				items = append(items, cart.Item{ProductID: l.Product.ID, Qty: l.Qty})
			}
		}
		if _, err := cart.Price(ctx, db, comp, items, srv.cfg.Credit, srv.today()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderCart200Lines renders the cart page with 200 lines, from the
// database through pricing to HTML.
func BenchmarkRenderCart200Lines(b *testing.B) {
	ctx := context.Background()
	db := dbtest.DB(b)
	skus := benchCatalog(b, 200)
	srv, err := New(Config{PublicURL: testOrigin}, db, nil)
	if err != nil {
		b.Fatal(err)
	}
	compID := dbtest.Company(b, db, dbtest.CompanyOpts{})
	userID := dbtest.User(b, db, compID, "buyer")
	var items []cart.Item
	for _, sku := range skus {
		var id int64
		dbtest.Scan(b, db, &id, "SELECT id FROM products WHERE sku = ?", sku)
		items = append(items, cart.Item{ProductID: id, Qty: 3})
	}
	if err := cart.Add(ctx, db, userID, items); err != nil {
		b.Fatal(err)
	}
	comp, _ := company.Get(ctx, db, compID)
	user, _ := company.GetUser(ctx, db, userID)
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/cart", nil)
		req = withReqCtx(req, &requestContext{loc: locales.NewLocalizer(srv.bundle, "pl"), company: comp, user: user, csrf: "x"})
		rec := httptest.NewRecorder()
		srv.showCartPage(rec, req)
		if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(skus[199])) {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
