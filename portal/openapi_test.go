package portal

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// These tests need no database: the OpenAPI document is built from the route
// table alone.

func newOpenAPIServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Config{PublicURL: "http://portal.test"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// openAPIJSON is the document as a client reads it: marshalled and decoded.
func openAPIJSON(t *testing.T, s *Server) map[string]any {
	t.Helper()
	b, err := json.Marshal(s.openAPIDocument())
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return doc
}

var openAPIMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// openAPIOperations returns every operation of the document by "METHOD path".
func openAPIOperations(t *testing.T, doc map[string]any) map[string]map[string]any {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatalf("paths is %T", doc["paths"])
	}
	ops := map[string]map[string]any{}
	for path, item := range paths {
		item, ok := item.(map[string]any)
		if !ok {
			t.Fatalf("path item %s is %T", path, item)
		}
		for key, op := range item {
			if !slices.Contains(openAPIMethods, key) {
				continue
			}
			op, ok := op.(map[string]any)
			if !ok {
				t.Fatalf("%s %s is %T", key, path, op)
			}
			ops[strings.ToUpper(key)+" "+path] = op
		}
	}
	return ops
}

// openAPIResolve follows a local $ref ("#/components/...") to what it names.
func openAPIResolve(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("expected an object, got %T", v)
	}
	for range 10 {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		target, err := openAPIPointer(doc, ref)
		if err != nil {
			t.Fatal(err)
		}
		m = target
	}
	t.Fatalf("$ref loop at %v", m)
	return nil
}

type openAPIRefError string

func (e openAPIRefError) Error() string { return string(e) }

func openAPIPointer(doc map[string]any, ref string) (map[string]any, error) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, openAPIRefError("not a local $ref: " + ref)
	}
	var cur any = doc
	for _, part := range strings.Split(rest, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, openAPIRefError("$ref " + ref + ": not an object at " + part)
		}
		if cur, ok = m[part]; !ok {
			return nil, openAPIRefError("$ref " + ref + " does not resolve")
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, openAPIRefError("$ref " + ref + " is not an object")
	}
	return m, nil
}

func openAPIParamsOf(t *testing.T, doc map[string]any, op map[string]any) []map[string]any {
	t.Helper()
	list, _ := op["parameters"].([]any)
	var out []map[string]any
	for _, p := range list {
		out = append(out, openAPIResolve(t, doc, p))
	}
	return out
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	s := newOpenAPIServer(t)
	ops := openAPIOperations(t, openAPIJSON(t, s))
	for _, rt := range s.apiRouteTable() {
		op, ok := ops[rt.method+" "+rt.path]
		if !ok {
			t.Errorf("%s %s is not documented", rt.method, rt.path)
			continue
		}
		if op["summary"] != rt.summary {
			t.Errorf("%s %s: summary %q, want %q", rt.method, rt.path, op["summary"], rt.summary)
		}
		if id, _ := op["operationId"].(string); id == "" {
			t.Errorf("%s %s has no operationId", rt.method, rt.path)
		}
		security, _ := op["security"].([]any)
		if rt.scope == "" {
			if op["security"] == nil || len(security) != 0 {
				t.Errorf("%s %s needs no key, but security is %v", rt.method, rt.path, op["security"])
			}
			continue
		}
		if op["x-scope"] != rt.scope {
			t.Errorf("%s %s: x-scope %v, want %q", rt.method, rt.path, op["x-scope"], rt.scope)
		}
		if len(security) != 1 || !reflect.DeepEqual(security[0], map[string]any{"apiKey": []any{}}) {
			t.Errorf("%s %s: security %v, want the apiKey scheme", rt.method, rt.path, op["security"])
		}
		if desc, _ := op["description"].(string); !strings.Contains(desc, "`"+rt.scope+"`") {
			t.Errorf("%s %s: the description does not name the scope %q", rt.method, rt.path, rt.scope)
		}
		responses, _ := op["responses"].(map[string]any)
		for _, code := range []string{"200", "401", "403", "503"} {
			if _, ok := responses[code]; !ok {
				t.Errorf("%s %s does not document %s", rt.method, rt.path, code)
			}
		}
	}
}

func TestOpenAPIDocumentsNoOtherOperation(t *testing.T) {
	s := newOpenAPIServer(t)
	routes := map[string]bool{}
	for _, rt := range s.apiRouteTable() {
		routes[rt.method+" "+rt.path] = true
	}
	for key := range openAPIOperations(t, openAPIJSON(t, s)) {
		if !routes[key] {
			t.Errorf("%s is documented but not in apiRouteTable", key)
		}
	}
}

// Every route has hand-written details, and no details are left for a route
// that is gone (or was renamed).
func TestOpenAPIDetailsMatchRouteTable(t *testing.T) {
	s := newOpenAPIServer(t)
	details := openAPIDetails()
	routes := map[string]apiRoute{}
	for _, rt := range s.apiRouteTable() {
		key := rt.method + " " + rt.path
		routes[key] = rt
		d, ok := details[key]
		if !ok {
			t.Errorf("%s has no entry in openAPIDetails", key)
			continue
		}
		if d.okSchema == "" && rt.path != "/api/v1/openapi.json" {
			t.Errorf("%s: no response schema", key)
		}
		if rt.method != http.MethodGet && d.body == "" {
			t.Errorf("%s: no request body schema", key)
		}
		names := openAPIPathParams(rt.path)
		for name := range d.pathParams {
			if !slices.Contains(names, name) {
				t.Errorf("%s: details describe path parameter %q, which the path does not have", key, name)
			}
		}
		for _, name := range names {
			if _, ok := d.pathParams[name]; !ok {
				t.Errorf("%s: path parameter %q is not described", key, name)
			}
		}
	}
	for key := range details {
		if _, ok := routes[key]; !ok {
			t.Errorf("openAPIDetails has %q, which is not in apiRouteTable", key)
		}
	}
}

func TestOpenAPIPathParameters(t *testing.T) {
	s := newOpenAPIServer(t)
	doc := openAPIJSON(t, s)
	for key, op := range openAPIOperations(t, doc) {
		_, path, _ := strings.Cut(key, " ")
		declared := map[string]bool{}
		for _, p := range openAPIParamsOf(t, doc, op) {
			if p["in"] != "path" {
				continue
			}
			name, _ := p["name"].(string)
			declared[name] = true
			if p["required"] != true {
				t.Errorf("%s: path parameter %q is not required", key, name)
			}
			if _, ok := p["schema"].(map[string]any); !ok {
				t.Errorf("%s: path parameter %q has no schema", key, name)
			}
			if !strings.Contains(path, "{"+name+"}") {
				t.Errorf("%s: declares path parameter %q, which the path does not have", key, name)
			}
		}
		for _, name := range openAPIPathParams(path) {
			if !declared[name] {
				t.Errorf("%s: {%s} is not declared as a path parameter", key, name)
			}
		}
	}
}

func TestOpenAPIMarshals(t *testing.T) {
	s := newOpenAPIServer(t)
	doc := openAPIJSON(t, s)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] != "Partnerdesk integration API" || info["version"] != "1" {
		t.Errorf("info = %v", info)
	}
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != "http://portal.test" {
		t.Errorf("servers = %v", servers)
	}
	scheme, err := openAPIPointer(doc, "#/components/securitySchemes/apiKey")
	if err != nil || scheme["type"] != "http" || scheme["scheme"] != "bearer" {
		t.Errorf("securitySchemes.apiKey = %v (%v)", scheme, err)
	}
	errSchema, err := openAPIPointer(doc, "#/components/schemas/Error")
	if err != nil {
		t.Fatal(err)
	}
	if props, _ := errSchema["properties"].(map[string]any); props["error"] == nil {
		t.Errorf("Error schema has no error property: %v", errSchema)
	}
}

// Every $ref anywhere in the document points at something that exists.
func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openAPIJSON(t, newOpenAPIServer(t))
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if _, err := openAPIPointer(doc, ref); err != nil {
					t.Errorf("%s: %v", where, err)
				}
			}
			for k, x := range v {
				walk(where+"/"+k, x)
			}
		case []any:
			for _, x := range v {
				walk(where+"[]", x)
			}
		}
	}
	walk("#", doc)
}

func TestOpenAPIWritesAreIdempotentAndValidated(t *testing.T) {
	s := newOpenAPIServer(t)
	doc := openAPIJSON(t, s)
	for key, op := range openAPIOperations(t, doc) {
		if strings.HasPrefix(key, "GET ") {
			continue
		}
		var idempotency, language bool
		for _, p := range openAPIParamsOf(t, doc, op) {
			if p["in"] != "header" {
				continue
			}
			switch p["name"] {
			case "Idempotency-Key":
				idempotency = true
			case "Accept-Language":
				language = true
			}
		}
		if !idempotency {
			t.Errorf("%s does not document the Idempotency-Key header", key)
		}
		if !language {
			t.Errorf("%s does not document Accept-Language", key)
		}
		if _, ok := op["requestBody"].(map[string]any); !ok {
			t.Errorf("%s has no request body", key)
		}
		responses, _ := op["responses"].(map[string]any)
		for _, code := range []string{"400", "409", "413", "422"} {
			r, ok := responses[code]
			if !ok {
				t.Errorf("%s does not document %s", key, code)
				continue
			}
			schema, err := openAPIPointer(openAPIResolve(t, doc, r), "#/content/application~1json/schema")
			if err != nil || schema["$ref"] != "#/components/schemas/Error" {
				t.Errorf("%s: %s is not an Error (%v)", key, code, err)
			}
		}
		replayed := false
		for code, r := range responses {
			if code[0] == '2' {
				headers, _ := openAPIResolve(t, doc, r)["headers"].(map[string]any)
				replayed = replayed || headers["Idempotent-Replayed"] != nil
			}
		}
		if !replayed {
			t.Errorf("%s: no success answer documents Idempotent-Replayed", key)
		}
	}
}

// The request and answer schemas name exactly the JSON fields of the Go
// structs that handlers decode and encode (those that are named types).
func TestOpenAPISchemasMatchStructs(t *testing.T) {
	doc := openAPIJSON(t, newOpenAPIServer(t))
	cases := map[string]any{
		"ProductInput": apiProduct{},
		"StockLevel":   apiStockLevel{},
		"PriceUpdate":  apiPrices{},
		"CompanyInput": apiCompany{},
		"Order":        apiOrder{},
		"Error":        apiError{},
	}
	for name, v := range cases {
		schema, err := openAPIPointer(doc, "#/components/schemas/"+name)
		if err != nil {
			t.Error(err)
			continue
		}
		openAPICompareStruct(t, doc, name, reflect.TypeOf(v), schema)
	}
}

func openAPICompareStruct(t *testing.T, doc map[string]any, where string, typ reflect.Type, schema map[string]any) {
	t.Helper()
	schema = openAPIResolve(t, doc, schema)
	props, _ := schema["properties"].(map[string]any)
	var want, got []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		want = append(want, name)
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		prop, ok := props[name].(map[string]any)
		if !ok || ft.Kind() != reflect.Struct || ft.PkgPath() == "time" {
			continue
		}
		prop = openAPIResolve(t, doc, prop)
		if items, ok := prop["items"].(map[string]any); ok {
			prop = items
		}
		openAPICompareStruct(t, doc, where+"."+name, ft, prop)
	}
	for name := range props {
		got = append(got, name)
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(want, got) {
		t.Errorf("%s: schema properties %v, Go fields %v", where, got, want)
	}
	if required, _ := schema["required"].([]any); required != nil {
		for _, r := range required {
			if !slices.Contains(want, r.(string)) {
				t.Errorf("%s: requires %v, which is not a field", where, r)
			}
		}
	}
}

// The document is what GET /api/v1/openapi.json serves, without a key.
func TestOpenAPIServed(t *testing.T) {
	s := newOpenAPIServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://portal.test/api/v1/openapi.json", nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, content type %q: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var served map[string]any
	if err := json.Unmarshal(body, &served); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(served, openAPIJSON(t, s)) {
		t.Error("the served document differs from openAPIDocument()")
	}
}
