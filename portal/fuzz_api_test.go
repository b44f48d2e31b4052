package portal

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/locales"
)

// FuzzAPIPayloads sends arbitrary bodies and path values to every write of
// the ERP API, through the handlers' own decoding and validation (the same
// apiCall the API's middleware builds, after the key check). The portal's
// database connection is read-only: lookups see a real order and companies,
// every write fails, so the fuzzer can run for as long as it likes and leave
// nothing behind. Whatever comes in, the answer is a clean JSON error or a
// 503 (the refused write), never a panic, a missing translation or a
// response that does not encode.
func FuzzAPIPayloads(f *testing.F) {
	tn := newTenant(f, "pl")
	srv := readOnlyServer(f)
	var routes []apiRoute
	for _, rt := range srv.apiRouteTable() {
		if rt.method != http.MethodGet && rt.scope != "" {
			routes = append(routes, rt)
		}
	}
	seeds := map[string][]string{ // path → path values ("/"-separated) and a body
		"/api/v1/products/{sku}": {"KAB-YDY-3X2.5", `{"ean": "5901234123457", "unit": "m", "pack_size": 100, "min_order_qty": 100,
			"vat_class": "standard", "name": {"pl": "Przewód", "ru": "Кабель", "fi": "Kaapeli"}, "active": false, "substitutes": ["KAB-2"]}`},
		"/api/v1/stock": {"", `{"levels": [{"sku": "KAB-1", "warehouse": "PL-WAW", "on_hand": 5, "restock_on": "2026-12-01"}]}`},
		"/api/v1/prices": {"", `{"list": [{"sku": "A", "currency": "EUR", "unit_price": 1}], "group": [{"group": "g", "sku": "A",
			"currency": "PLN", "unit_price": 1}], "company": [{"country": "PL", "tax_id": "7740001454", "sku": "A", "unit_price": 1}],
			"breaks": [{"sku": "A", "group": "g", "breaks": [{"min_qty": 10, "discount_bp": 500}]}]}`},
		"/api/v1/companies/{country}/{taxid}": {"PL/774-000-14-54", `{"name": "Hurtownia", "currency": "PLN", "language": "pl",
			"payment_terms_days": 14, "credit_limit": 1000, "segment": "B", "status": "active", "manager_email": "a@example.test"}`},
		"/api/v1/orders/{number}/ack":    {"", `{"erp_ref": "ZS/1"}`},
		"/api/v1/orders/{number}/status": {"", `{"status": "confirmed", "expected_on": "2099-01-15", "note": "n"}`},
		"/api/v1/orders/{number}/shipments/{ref}": {"/WZ-1", `{"carrier": "DPD", "tracking_number": "T1", "tracking_url": "https://t.example",
			"lines": {"A": 1}, "shipped_at": "2026-01-01T00:00:00Z", "delivered_at": "2026-01-02T00:00:00Z"}`},
		"/api/v1/invoices/{number}": {"FV/1/2026", `{"company_country": "PL", "company_tax_id": "7740001454", "order_number": 1,
			"currency": "PLN", "issued_on": "2026-11-01", "due_on": "2026-11-15", "net": 100, "vat": 23, "kind": "invoice"}`},
		"/api/v1/payments/{ref}": {"PAY-1", `{"company_country": "PL", "company_tax_id": "7740001454", "invoice_number": "FV/1",
			"currency": "PLN", "amount": 123, "paid_on": "2026-11-14", "method": "transfer"}`},
	}
	for i, rt := range routes {
		s, ok := seeds[rt.path]
		if !ok {
			f.Fatalf("no seed for %s %s: add one", rt.method, rt.path)
		}
		f.Add(uint8(i), s[0], []byte(s[1]))
		f.Add(uint8(i+len(routes)), s[0], []byte(`{"unknown": 1}`))
		f.Add(uint8(i+2*len(routes)), s[0]+"\x00/../", []byte(s[1][:len(s[1])/2]))
		f.Add(uint8(i), s[0], []byte(`[]`))
		f.Add(uint8(i), s[0], []byte(`{} {}`))
	}
	order := itoa64(tn.OrderNumber)
	paramRe := regexp.MustCompile(`\{([a-z]+)\}`)
	langs := []domain.Language{domain.Polish, "ru", "fi"}

	f.Fuzz(func(t *testing.T, route uint8, params string, body []byte) {
		rt := routes[int(route)%len(routes)]
		req := httptest.NewRequest(rt.method, testOrigin+"/api/v1/fuzz", nil)
		values := strings.Split(params, "/")
		for i, m := range paramRe.FindAllStringSubmatch(rt.path, -1) {
			v := ""
			if i < len(values) {
				v = values[i]
			}
			if v == "" && m[1] == "number" {
				v = order // the tenant's order, so that order routes get as far as validation
			}
			req.SetPathValue(m[1], v)
		}
		c := &apiCall{s: srv, r: req, loc: locales.NewLocalizer(srv.bundle, langs[int(route)/len(routes)%len(langs)]), body: body}
		locales.MissingMessages()
		status, v := srv.runAPI(c, rt)
		if n := locales.MissingMessages(); n > 0 {
			t.Fatalf("%s %s: %d translations missing in the answer", rt.method, rt.path, n)
		}
		checkAPIAnswer(t, rt, status, v)
	})
}

// checkAPIAnswer: a success, or an error body an ERP programmer can act on.
func checkAPIAnswer(t *testing.T, rt apiRoute, status int, v any) {
	t.Helper()
	if _, err := json.Marshal(v); err != nil {
		t.Fatalf("%s %s: the answer does not encode: %v", rt.method, rt.path, err)
	}
	switch status {
	case http.StatusOK, http.StatusCreated:
		return
	case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity, http.StatusServiceUnavailable:
	default:
		t.Fatalf("%s %s: status %d", rt.method, rt.path, status)
	}
	var e apiError
	switch x := v.(type) {
	case apiError:
		e = x
	case *apiError:
		e = *x
	default:
		t.Fatalf("%s %s: status %d with %T, want an apiError", rt.method, rt.path, status, v)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("%s %s: error without code or message: %+v", rt.method, rt.path, e)
	}
	if status == http.StatusUnprocessableEntity && e.Error.Code == "validation_failed" && len(e.Error.Fields) == 0 {
		t.Fatalf("%s %s: a validation failure that names no field", rt.method, rt.path)
	}
	for _, fe := range e.Error.Fields {
		if fe.Code == "" || fe.Message == "" {
			t.Fatalf("%s %s: field error without code or message: %+v", rt.method, rt.path, fe)
		}
	}
}

// readOnlyServer is a portal over the package's database through connections
// that PostgreSQL keeps read-only.
func readOnlyServer(tb testing.TB) *Server {
	tb.Helper()
	connector := pgdriver.NewConnector(pgdriver.WithDSN(dbtest.URL(tb)),
		pgdriver.WithConnParams(map[string]any{"default_transaction_read_only": "on"}))
	db := bun.NewDB(sql.OpenDB(connector), pgdialect.New())
	tb.Cleanup(func() { db.Close() })
	var readOnly string
	if err := db.NewRaw("SHOW default_transaction_read_only").Scan(tb.Context(), &readOnly); err != nil || readOnly != "on" {
		tb.Fatalf("read-only connection: %q, %v", readOnly, err)
	}
	srv, err := New(Config{PublicURL: testOrigin}, db, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return srv
}
