package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/apikey"
	"partnerdesk/locales"
)

// The integration API for the distributor's ERP: JSON under /api/v1,
// authenticated by API keys ("Authorization: Bearer pd_..."), with scopes.
// Every write is idempotent by nature (upserts keyed by the ERP's own
// identifiers) and, with an Idempotency-Key header, a replay returns the
// first answer byte for byte.

const apiMaxBody = 8 << 20

// apiRoute is one entry of the API's route table; openapi.json documents them.
type apiRoute struct {
	method, path string
	scope        string // "" = no key needed
	handler      func(*apiCall) (int, any)
	summary      string
}

func (s *Server) apiRouteTable() []apiRoute {
	return []apiRoute{
		{"GET", "/api/v1/openapi.json", "", s.apiOpenAPI, "This document"},
		{"PUT", "/api/v1/products/{sku}", apikey.ScopeCatalog, s.apiPutProduct, "Create or update a product with its texts and substitutes"},
		{"PUT", "/api/v1/stock", apikey.ScopeCatalog, s.apiPutStock, "Set stock levels per warehouse"},
		{"PUT", "/api/v1/prices", apikey.ScopeCatalog, s.apiPutPrices, "Set list, price-group and company prices and quantity breaks"},
		{"PUT", "/api/v1/companies/{country}/{taxid}", apikey.ScopeCompanies, s.apiPutCompany, "Create or update a customer company"},
		{"GET", "/api/v1/orders/feed", apikey.ScopeOrders, s.apiOrderFeed, "New orders not yet acknowledged, oldest first"},
		{"POST", "/api/v1/orders/{number}/ack", apikey.ScopeOrders, s.apiAckOrder, "Acknowledge an order taken into the ERP"},
		{"POST", "/api/v1/orders/{number}/status", apikey.ScopeOrders, s.apiOrderStatus, "Change an order's status"},
		{"PUT", "/api/v1/orders/{number}/shipments/{ref}", apikey.ScopeOrders, s.apiPutShipment, "Create or update a shipment with tracking"},
		{"PUT", "/api/v1/invoices/{number}", apikey.ScopeFinance, s.apiPutInvoice, "Create or update an invoice"},
		{"PUT", "/api/v1/payments/{ref}", apikey.ScopeFinance, s.apiPutPayment, "Record a payment (once per reference)"},
	}
}

func (s *Server) apiRoutes(mux *http.ServeMux) {
	allowed := map[string][]string{}
	for _, rt := range s.apiRouteTable() {
		mux.Handle(rt.method+" "+rt.path, s.apiHandler(rt))
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			c := &apiCall{s: s, r: r, loc: locales.NewLocalizer(s.bundle, apiLanguage(r))}
			w.Header().Set("Allow", allow)
			writeJSON(w, http.StatusMethodNotAllowed, c.fail("method_not_allowed", "api_error_method", "Allow", allow))
		})
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		c := &apiCall{s: s, r: r, loc: locales.NewLocalizer(s.bundle, apiLanguage(r))}
		writeJSON(w, http.StatusNotFound, c.fail("not_found", "api_error_not_found"))
	})
}

// apiCall is one API request being served.
type apiCall struct {
	s    *Server
	r    *http.Request
	key  *apikey.Key
	loc  *locales.Localizer
	body []byte
}

func (c *apiCall) ctx() context.Context { return c.r.Context() }

// apiError is the body of every error answer.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Fields  []fieldError `json:"fields,omitempty"`
}

// fieldError names a field of the request that is wrong: a JSON path, a
// stable code, and a message in the caller's language.
type fieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// status is the HTTP status that goes with an error code.
func (e *apiError) status() int {
	switch e.Error.Code {
	case "not_found":
		return http.StatusNotFound
	case "unavailable":
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

func (c *apiCall) fail(code, messageID string, args ...any) apiError {
	return apiError{Error: apiErrorBody{Code: code, Message: c.loc.T(messageID, dict(args...))}}
}

// apiLanguage: the API answers in Polish, Russian or Finnish by Accept-Language.
func apiLanguage(r *http.Request) domain.Language { return languageFromBrowser(r) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) apiHandler(rt apiRoute) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &apiCall{s: s, r: r, loc: locales.NewLocalizer(s.bundle, apiLanguage(r))}
		if rt.scope != "" {
			token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			key, err := apikey.Authenticate(r.Context(), s.db, strings.TrimSpace(token))
			switch {
			case !ok || errors.Is(err, apikey.ErrInvalid):
				w.Header().Set("WWW-Authenticate", `Bearer realm="partnerdesk"`)
				writeJSON(w, http.StatusUnauthorized, c.fail("unauthorized", "api_error_unauthorized"))
				return
			case err != nil:
				slog.Error("api: authenticate", "err", err)
				writeJSON(w, http.StatusServiceUnavailable, c.fail("unavailable", "api_error_unavailable"))
				return
			case !key.Has(rt.scope):
				writeJSON(w, http.StatusForbidden, c.fail("forbidden", "api_error_scope", "Scope", rt.scope))
				return
			}
			c.key = key
		}
		if r.Method != http.MethodGet {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, apiMaxBody))
			if err != nil {
				writeJSON(w, http.StatusRequestEntityTooLarge, c.fail("too_large", "api_error_too_large", "Limit", "8 MiB"))
				return
			}
			c.body = body
		}
		if k := r.Header.Get("Idempotency-Key"); k != "" && r.Method != http.MethodGet && c.key != nil {
			s.idempotent(w, c, rt, k)
			return
		}
		status, v := s.runAPI(c, rt)
		writeJSON(w, status, v)
	})
}

// runAPI calls the handler and turns a database outage into a clear 503.
func (s *Server) runAPI(c *apiCall, rt apiRoute) (int, any) {
	status, v := rt.handler(c)
	if err, ok := v.(error); ok {
		slog.Error("api request failed", "method", rt.method, "path", c.r.URL.Path, "err", err)
		return http.StatusServiceUnavailable, c.fail("unavailable", "api_error_unavailable")
	}
	return status, v
}

// idempotent stores the first answer to a request with an Idempotency-Key and
// returns it again for every replay with the same key and body. The same key
// with a different body is refused; a replay that arrives while the first is
// still running is told to retry.
func (s *Server) idempotent(w http.ResponseWriter, c *apiCall, rt apiRoute, key string) {
	ctx := c.ctx()
	if len(key) > 128 {
		writeJSON(w, http.StatusBadRequest, c.fail("bad_idempotency_key", "api_error_idempotency_key"))
		return
	}
	scope := fmt.Sprintf("api:%d", c.key.ID)
	h := sha256.Sum256(append([]byte(rt.method+" "+c.r.URL.RequestURI()+"\n"), c.body...))
	res, err := s.db.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		scope, key, h[:])
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, c.fail("unavailable", "api_error_unavailable"))
		return
	}
	if n, _ := res.RowsAffected(); n == 0 && !s.takeOverAbandoned(ctx, scope, key, h[:]) {
		var prev struct {
			RequestHash []byte `bun:"request_hash"`
			StatusCode  *int   `bun:"status_code"`
			Response    []byte `bun:"response"`
		}
		if err := s.db.NewRaw("SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = ? AND key = ?",
			scope, key).Scan(ctx, &prev); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, c.fail("unavailable", "api_error_unavailable"))
			return
		}
		switch {
		case !bytes.Equal(prev.RequestHash, h[:]):
			writeJSON(w, http.StatusUnprocessableEntity, c.fail("idempotency_key_reused", "api_error_idempotency_reused"))
		case prev.StatusCode == nil:
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusConflict, c.fail("in_progress", "api_error_in_progress"))
		default:
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(*prev.StatusCode)
			w.Write(prev.Response)
		}
		return
	}
	status, v := s.runAPI(c, rt)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	bg := context.WithoutCancel(ctx)
	if status >= 500 {
		// Nothing was done: let a retry with the same key run again.
		s.db.ExecContext(bg, "DELETE FROM idempotency_keys WHERE scope = ? AND key = ?", scope, key)
	} else if _, err := s.db.ExecContext(bg, "UPDATE idempotency_keys SET status_code = ?, response = ? WHERE scope = ? AND key = ?",
		status, buf.Bytes(), scope, key); err != nil {
		slog.Error("api: store idempotent answer", "err", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// apiAbandonedAfter is how long a request may hold its Idempotency-Key
// without an answer. The server answers or gives up well within it (write
// timeout 60 s); a key held longer belongs to a request that died with its
// instance (kill -9, power loss) between claiming the key and storing the
// answer, and would otherwise answer in_progress forever.
const apiAbandonedAfter = 2 * time.Minute

// takeOverAbandoned lets a retry run a request whose first attempt claimed
// the key and never answered. Running it again is safe: every API write sets
// a state (a status, a stock level, a document by its reference), so a
// write that did commit before the crash changes nothing the second time.
func (s *Server) takeOverAbandoned(ctx context.Context, scope, key string, hash []byte) bool {
	res, err := s.db.ExecContext(ctx, `UPDATE idempotency_keys SET created_at = now()
		WHERE scope = ? AND key = ? AND request_hash = ? AND status_code IS NULL AND created_at < now() - make_interval(secs => ?)`,
		scope, key, hash, apiAbandonedAfter.Seconds())
	if err != nil {
		return false
	}
	n, _ := res.RowsAffected()
	return n == 1
}

// decode reads the JSON body into v, refusing unknown fields, and reports a
// broken body as a field error at its position.
func (c *apiCall) decode(v any) *apiError {
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		e := c.fail("invalid_json", "api_error_json", "Detail", err.Error())
		return &e
	}
	if dec.More() {
		e := c.fail("invalid_json", "api_error_json", "Detail", "trailing data")
		return &e
	}
	return nil
}

// fields collects field errors of one request.
type fields struct {
	c    *apiCall
	list []fieldError
}

func (f *fields) add(field, code, messageID string, args ...any) {
	f.list = append(f.list, fieldError{Field: field, Code: code, Message: f.c.loc.T(messageID, dict(args...))})
}

func (f *fields) answer() (int, any) {
	e := f.c.fail("validation_failed", "api_error_validation")
	e.Error.Fields = f.list
	return http.StatusUnprocessableEntity, e
}
