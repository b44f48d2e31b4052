package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"partnerdesk/domain/apikey"
	"partnerdesk/domain/dbtest"
)

type apiClient struct {
	t     testing.TB
	h     http.Handler
	token string
	lang  string
	keyID int64
}

func newAPIClient(t testing.TB, p *testPortal, scopes ...string) *apiClient {
	key, token, err := apikey.Create(context.Background(), dbtest.DB(t), "test ERP", scopes)
	if err != nil {
		t.Fatal(err)
	}
	return &apiClient{t: t, h: p.h, token: token, lang: "pl", keyID: key.ID}
}

type apiResponse struct {
	Status int
	Body   string
	Header http.Header
	JSON   map[string]any
}

func (a *apiClient) call(method, path string, body any, headers ...string) apiResponse {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, testOrigin+path, rd)
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", a.lang)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	res := apiResponse{Status: rec.Code, Body: rec.Body.String(), Header: rec.Header()}
	json.Unmarshal(rec.Body.Bytes(), &res.JSON)
	return res
}

// fieldErrors returns field → message of a validation answer.
func (r apiResponse) fieldErrors() map[string]string {
	out := map[string]string{}
	e, _ := r.JSON["error"].(map[string]any)
	fs, _ := e["fields"].([]any)
	for _, f := range fs {
		m := f.(map[string]any)
		out[m["field"].(string)] = m["message"].(string)
	}
	return out
}

func TestAPIKeysAndScopes(t *testing.T) {
	p := newTestPortal(t)
	full := newAPIClient(t, p)
	onlyOrders := newAPIClient(t, p, apikey.ScopeOrders)
	if res := (&apiClient{t: t, h: p.h}).call("GET", "/api/v1/orders/feed", nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("no key: %d", res.Status)
	}
	// The real secret with its last letter changed (a fixed "zz" was the real
	// ending once in 1,024 runs, and then the "forged" key was the key).
	last := "a"
	if strings.HasSuffix(full.token, "a") {
		last = "b"
	}
	forged := &apiClient{t: t, h: p.h, token: full.token[:len(full.token)-1] + last, lang: "ru"}
	res := forged.call("GET", "/api/v1/orders/feed", nil)
	if res.Status != http.StatusUnauthorized || !strings.Contains(res.Body, "Нет действующего ключа API") {
		t.Fatalf("forged key: %d %s", res.Status, res.Body)
	}
	if res := onlyOrders.call("PUT", "/api/v1/stock", map[string]any{"levels": []any{}}); res.Status != http.StatusForbidden {
		t.Fatalf("missing scope: %d", res.Status)
	}
	if res := onlyOrders.call("GET", "/api/v1/orders/feed", nil); res.Status != http.StatusOK {
		t.Fatalf("right scope: %d %s", res.Status, res.Body)
	}
	apikey.Revoke(context.Background(), dbtest.DB(t), onlyOrders.token)
	if res := onlyOrders.call("GET", "/api/v1/orders/feed", nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("revoked key: %d", res.Status)
	}
	if res := full.call("GET", "/api/v1/nothing-here", nil); res.Status != http.StatusNotFound {
		t.Fatalf("unknown route: %d", res.Status)
	}
}

func TestAPIProductStockPricesReachThePortal(t *testing.T) {
	tn := newTenant(t, "fi")
	p := newTestPortal(t)
	api := newAPIClient(t, p)
	api.lang = "fi"
	sku := fmt.Sprintf("API-%d", dbtest.Unique())
	res := api.call("PUT", "/api/v1/products/"+sku, map[string]any{"unit": "kpl", "pack_size": 10, "min_order_qty": 15,
		"name": map[string]string{}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid product: %d %s", res.Status, res.Body)
	}
	fe := res.fieldErrors()
	if !strings.Contains(fe["unit"], "Sallitut arvot") || fe["min_order_qty"] == "" || fe["name"] == "" {
		t.Fatalf("field errors %v", fe)
	}
	if res := api.call("PUT", "/api/v1/products/"+sku, `{"name": {"fi": "x"}, "colour": "red"}`); res.Status != http.StatusBadRequest {
		t.Fatalf("unknown field accepted: %d", res.Status)
	}
	res = api.call("PUT", "/api/v1/products/"+sku, map[string]any{"unit": "pcs", "pack_size": 5, "min_order_qty": 10,
		"name": map[string]string{"pl": "Gniazdo API", "fi": "Pistorasia API " + tn.Marker, "ru": "Розетка API"}})
	if res.Status != http.StatusOK {
		t.Fatalf("product: %d %s", res.Status, res.Body)
	}
	var wh string
	dbtest.Scan(t, dbtest.DB(t), &wh, "SELECT code FROM warehouses WHERE country = 'FI' LIMIT 1")
	if res := api.call("PUT", "/api/v1/stock", map[string]any{"levels": []any{map[string]any{"sku": sku, "warehouse": wh, "on_hand": 500}}}); res.Status != http.StatusOK {
		t.Fatalf("stock: %d %s", res.Status, res.Body)
	}
	res = api.call("PUT", "/api/v1/prices", map[string]any{
		"list":    []any{map[string]any{"sku": sku, "currency": "EUR", "unit_price": 1234}},
		"company": []any{map[string]any{"country": "FI", "tax_id": "bad", "sku": sku, "unit_price": 1000}},
	})
	if res.Status != http.StatusUnprocessableEntity || res.fieldErrors()["company[0].tax_id"] == "" {
		t.Fatalf("bad company in prices: %d %s", res.Status, res.Body)
	}
	if res := api.call("PUT", "/api/v1/prices", map[string]any{"list": []any{map[string]any{"sku": sku, "currency": "EUR", "unit_price": 1234}}}); res.Status != http.StatusOK {
		t.Fatalf("prices: %d %s", res.Status, res.Body)
	}
	p.signIn(tn.BuyerEmail)
	page := p.get("/products/"+sku, "")
	mustContain(t, page.Body, "Pistorasia API "+tn.Marker, "12,34 €", "Varastossa")
	var events int
	dbtest.Scan(t, dbtest.DB(t), &events, "SELECT count(*) FROM events WHERE kind IN ('product.changed', 'stock.changed', 'price.changed') AND payload->>'product' = (SELECT id::text FROM products WHERE sku = ?)", sku)
	if events < 3 {
		t.Fatalf("%d events for the product, want product, stock and price changes", events)
	}
}

func TestAPIOrderFeedStatusShipmentInvoicePayment(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	api := newAPIClient(t, p)
	feed := api.call("GET", "/api/v1/orders/feed?limit=500", nil)
	if feed.Status != http.StatusOK || !strings.Contains(feed.Body, fmt.Sprintf(`"number":%d`, tn.OrderNumber)) || !strings.Contains(feed.Body, tn.PONumber) {
		t.Fatalf("feed: %d %s", feed.Status, feed.Body)
	}
	n := fmt.Sprint(tn.OrderNumber)
	if res := api.call("POST", "/api/v1/orders/"+n+"/ack", map[string]any{"erp_ref": "ZS/" + tn.Marker}); res.Status != http.StatusOK {
		t.Fatalf("ack: %d %s", res.Status, res.Body)
	}
	if feed := api.call("GET", "/api/v1/orders/feed?limit=500", nil); strings.Contains(feed.Body, fmt.Sprintf(`"number":%d,`, tn.OrderNumber)) {
		t.Fatal("acknowledged order still in the feed")
	}
	if res := api.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "confirmed", "expected_on": "2099-01-15"}); res.Status != http.StatusOK {
		t.Fatalf("status: %d %s", res.Status, res.Body)
	}
	res := api.call("PUT", "/api/v1/orders/"+n+"/shipments/WZ-"+tn.Marker, map[string]any{"carrier": "DPD Polska", "tracking_number": "TRK123",
		"tracking_url": "https://tracktrace.dpd.com.pl/parcelDetails?p1=TRK123"})
	if res.Status != http.StatusOK {
		t.Fatalf("shipment: %d %s", res.Status, res.Body)
	}
	if res := api.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "shipped"}); res.Status != http.StatusOK {
		t.Fatalf("shipped: %d %s", res.Status, res.Body)
	}
	api.lang = "ru"
	res = api.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "placed"})
	if res.Status != http.StatusConflict || !strings.Contains(res.Body, "Нельзя изменить статус") {
		t.Fatalf("going back: %d %s", res.Status, res.Body)
	}
	p.signIn(tn.BuyerEmail)
	mustContain(t, p.get("/orders/"+n, "").Body, "Wysłane", "DPD Polska", "TRK123", "15.01.2099")

	var tax string
	dbtest.Scan(t, dbtest.DB(t), &tax, "SELECT tax_id FROM companies WHERE id = ?", tn.CompanyID)
	inv := "FV/API/" + tn.Marker
	res = api.call("PUT", "/api/v1/invoices/"+url.PathEscape(inv), map[string]any{"company_country": "PL", "company_tax_id": tax, "order_number": tn.OrderNumber,
		"currency": "PLN", "issued_on": "2026-11-01", "due_on": "2026-10-01", "net": 10000, "vat": 2300})
	if res.Status != http.StatusUnprocessableEntity || res.fieldErrors()["due_on"] == "" {
		t.Fatalf("due before issue: %d %s", res.Status, res.Body)
	}
	if res := api.call("PUT", "/api/v1/invoices/"+url.PathEscape(inv), map[string]any{"company_country": "PL", "company_tax_id": tax, "order_number": tn.OrderNumber,
		"currency": "PLN", "issued_on": "2026-11-01", "due_on": "2026-11-15", "net": 10000, "vat": 2300}); res.Status != http.StatusOK {
		t.Fatalf("invoice: %d %s", res.Status, res.Body)
	}
	pay := map[string]any{"company_country": "PL", "company_tax_id": tax, "invoice_number": inv, "currency": "PLN", "amount": 12300, "paid_on": "2026-11-14"}
	first := api.call("PUT", "/api/v1/payments/PAY-"+tn.Marker, pay)
	again := api.call("PUT", "/api/v1/payments/PAY-"+tn.Marker, pay)
	if first.JSON["recorded"] != true || again.JSON["recorded"] != false {
		t.Fatalf("payment: %s / replay: %s", first.Body, again.Body)
	}
	var paid int64
	dbtest.Scan(t, dbtest.DB(t), &paid, "SELECT paid FROM invoices WHERE number = ?", inv)
	if paid != 12300 {
		t.Fatalf("invoice paid %d after a replayed payment, want 12300", paid)
	}
}

func TestAPIIdempotencyKeyReplaysTheFirstAnswer(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	api := newAPIClient(t, p)
	n := fmt.Sprint(tn.OrderNumber)
	body := map[string]any{"status": "confirmed", "note": "first"}
	first := api.call("POST", "/api/v1/orders/"+n+"/status", body, "Idempotency-Key", "k-"+tn.Marker)
	dbtest.Exec(t, dbtest.DB(t), "UPDATE orders SET status = 'picking' WHERE number = ?", tn.OrderNumber)
	replay := api.call("POST", "/api/v1/orders/"+n+"/status", body, "Idempotency-Key", "k-"+tn.Marker)
	if first.Status != http.StatusOK || replay.Body != first.Body || replay.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("first %d %s; replay %d %s %v", first.Status, first.Body, replay.Status, replay.Body, replay.Header)
	}
	var history int
	dbtest.Scan(t, dbtest.DB(t), &history, "SELECT count(*) FROM order_status_history WHERE order_id = ? AND note = 'first'", tn.OrderID)
	if history != 1 {
		t.Fatalf("the replay ran again: %d history entries", history)
	}
	other := api.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "shipped"}, "Idempotency-Key", "k-"+tn.Marker)
	if other.Status != http.StatusUnprocessableEntity {
		t.Fatalf("same key, other body: %d %s", other.Status, other.Body)
	}
}

// A request whose instance died after claiming its Idempotency-Key (kill -9
// between the claim and the stored answer) must not block the key forever:
// while the claim is fresh a retry is told to wait, once it is abandoned the
// retry runs.
func TestAPIIdempotencyKeyOfACrashedRequestIsTakenOver(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	api := newAPIClient(t, p)
	n := fmt.Sprint(tn.OrderNumber)
	path := "/api/v1/orders/" + n + "/status"
	body := map[string]any{"status": "confirmed", "note": "after a crash"}
	key := "crash-" + tn.Marker
	// What a crashed first attempt leaves: the claim, without an answer.
	claim := func(age string) {
		raw, _ := json.Marshal(body)
		h := sha256.Sum256(append([]byte("POST "+path+"\n"), raw...))
		dbtest.Exec(t, dbtest.DB(t), "DELETE FROM idempotency_keys WHERE key = ?", key)
		dbtest.Exec(t, dbtest.DB(t), `INSERT INTO idempotency_keys (scope, key, request_hash, created_at)
			VALUES (?, ?, ?, now() - ?::interval)`, fmt.Sprintf("api:%d", api.keyID), key, h[:], age)
	}
	claim("5 seconds")
	busy := api.call("POST", path, body, "Idempotency-Key", key)
	if busy.Status != http.StatusConflict || !strings.Contains(busy.Body, `"in_progress"`) || busy.Header.Get("Retry-After") == "" {
		t.Fatalf("fresh claim: %d %s", busy.Status, busy.Body)
	}
	claim("3 minutes")
	retry := api.call("POST", path, body, "Idempotency-Key", key)
	if retry.Status != http.StatusOK || retry.JSON["status"] != "confirmed" {
		t.Fatalf("abandoned claim: %d %s", retry.Status, retry.Body)
	}
	replay := api.call("POST", path, body, "Idempotency-Key", key)
	if replay.Body != retry.Body || replay.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("after the takeover the answer is stored: %d %s", replay.Status, replay.Body)
	}
}

func TestAPIRejectsOversizedAndMalformedBodies(t *testing.T) {
	p := newTestPortal(t)
	api := newAPIClient(t, p)
	big := bytes.Repeat([]byte("x"), apiMaxBody+10)
	if res := api.call("PUT", "/api/v1/stock", big); res.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized: %d", res.Status)
	}
	api.lang = "fi"
	res := api.call("PUT", "/api/v1/stock", `{"levels": [`)
	if res.Status != http.StatusBadRequest || !strings.Contains(res.Body, "Virheellinen JSON") {
		t.Fatalf("broken JSON: %d %s", res.Status, res.Body)
	}
	res = api.call("PUT", "/api/v1/stock", map[string]any{"levels": []any{map[string]any{"sku": "a b", "on_hand": -1}}})
	fe := res.fieldErrors()
	if res.Status != http.StatusUnprocessableEntity || fe["levels[0].sku"] == "" || fe["levels[0].warehouse"] == "" || fe["levels[0].on_hand"] == "" {
		t.Fatalf("field errors: %d %v", res.Status, fe)
	}
}

func TestAPICompanyUpsertValidatesTaxID(t *testing.T) {
	p := newTestPortal(t)
	api := newAPIClient(t, p)
	api.lang = "ru"
	body := map[string]any{"name": "ООО «Тест»", "currency": "RUB", "language": "ru", "payment_terms_days": 14, "credit_limit": 5000000}
	res := api.call("PUT", "/api/v1/companies/RU/7707083894", body)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.fieldErrors()["tax_id"], "контрольная цифра") {
		t.Fatalf("bad INN: %d %s", res.Status, res.Body)
	}
	res = api.call("PUT", "/api/v1/companies/RU/7707083893", body)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	if res := api.call("PUT", "/api/v1/companies/RU/7707083893", body); res.Status != http.StatusOK || res.JSON["created"] != false {
		t.Fatalf("update: %d %s", res.Status, res.Body)
	}
}
