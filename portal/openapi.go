package portal

import (
	"net/http"
	"regexp"
	"strings"

	"partnerdesk/domain/apikey"
)

// The OpenAPI 3.1 description of the integration API, served at
// /api/v1/openapi.json. Operations come from apiRouteTable, so every route is
// documented; openAPIDetails adds what the table cannot say (parameters,
// bodies, answers). A route without details is still listed, with generic
// parameters and bodies, and the tests ask for details of every route.

// openAPIOp is what the route table does not know about an operation.
type openAPIOp struct {
	operationID string
	description string
	pathParams  map[string]openAPIParam // by name; each {name} of the path
	query       []map[string]any        // query parameters
	body        string                  // request body schema in components.schemas; "" = none
	bodyDoc     string
	okSchema    string // 200 (and 201) body schema in components.schemas
	okDoc       string
	createdDoc  string // "" = the operation never answers 201
	notFoundDoc string // "" = no 404 from the operation itself
	conflictDoc string // extra reason for 409 besides an Idempotency-Key in progress
	fieldsDoc   string // the field errors of a 422, one per line
}

type openAPIParam struct {
	description string
	schema      map[string]any
}

var openAPIPathParamRe = regexp.MustCompile(`\{([^}]+)\}`)

// openAPIPathParams lists the names of a path template's {parameters} in order.
func openAPIPathParams(path string) []string {
	var names []string
	for _, m := range openAPIPathParamRe.FindAllStringSubmatch(path, -1) {
		names = append(names, m[1])
	}
	return names
}

var openAPIScopeTags = map[string]string{
	apikey.ScopeCatalog:   "Catalog",
	apikey.ScopeCompanies: "Companies",
	apikey.ScopeOrders:    "Orders",
	apikey.ScopeFinance:   "Finance",
	"":                    "Meta",
}

func (s *Server) openAPIDocument() map[string]any {
	details := openAPIDetails()
	paths := map[string]any{}
	for _, rt := range s.apiRouteTable() {
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		d, ok := details[rt.method+" "+rt.path]
		item[strings.ToLower(rt.method)] = openAPIOperation(rt, d, ok)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Partnerdesk integration API",
			"version": "1",
			"description": "The API the distributor's ERP uses to feed the portal (products, stock, prices, companies, " +
				"invoices, payments) and to take orders from it (order feed, acknowledgement, statuses, shipments).\n\n" +
				"* Authentication: `Authorization: Bearer pd_<prefix>_<secret>`, an API key created by an administrator; " +
				"each key holds scopes (`catalog`, `companies`, `orders`, `finance`) and every operation names the scope it needs (`x-scope`).\n" +
				"* Money is always an integer count of the currency's minor unit (grosz, cent, kopeck): 123.45 PLN is `12345`. " +
				"Discounts and VAT rates are basis points (1 bp = 0.01 %).\n" +
				"* Dates are `YYYY-MM-DD`; timestamps are RFC 3339.\n" +
				"* Request bodies are JSON objects; unknown fields are refused (400 `invalid_json`). Bodies are limited to 8 MiB.\n" +
				"* Writes are upserts keyed by the ERP's own identifiers, so repeating one is harmless. With an `Idempotency-Key` " +
				"header a repeat returns the first answer byte for byte, marked `Idempotent-Replayed: true`.\n" +
				"* Errors have one shape (`Error`); `Accept-Language` (pl, ru or fi; Polish otherwise) chooses the language of their messages. " +
				"Codes (`error.code`, `fields[].code`) are stable; messages are for people.",
		},
		"servers": []any{map[string]any{"url": s.public.String(), "description": "This portal"}},
		"tags": []any{
			map[string]any{"name": "Catalog", "description": "Products, stock and prices (scope `catalog`)"},
			map[string]any{"name": "Companies", "description": "Customer companies (scope `companies`)"},
			map[string]any{"name": "Orders", "description": "Order feed, acknowledgements, statuses and shipments (scope `orders`)"},
			map[string]any{"name": "Finance", "description": "Invoices and payments (scope `finance`)"},
			map[string]any{"name": "Meta", "description": "About the API itself"},
		},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"apiKey": map[string]any{
					"type":         "http",
					"scheme":       "bearer",
					"bearerFormat": "pd_<prefix>_<secret>",
					"description": "An API key: `Authorization: Bearer pd_<prefix>_<secret>` (8 characters of prefix, 32 of secret). " +
						"A missing, unknown or revoked key is answered 401; a key without the operation's scope, 403.",
				},
			},
			"parameters": openAPIParameters(),
			"headers":    openAPIHeaders(),
			"schemas":    openAPISchemas(),
		},
	}
}

func openAPIOperation(rt apiRoute, d openAPIOp, detailed bool) map[string]any {
	write := rt.method != http.MethodGet
	if !detailed {
		d = openAPIOp{okDoc: "Done", description: "(No further details are documented for this operation.)"}
		if write {
			d.bodyDoc = "The request (schema not documented)"
		}
	}
	if d.operationID == "" {
		d.operationID = openAPIOperationID(rt)
	}

	desc := strings.TrimSpace(d.description)
	if rt.scope != "" {
		desc += "\n\nRequires an API key with the `" + rt.scope + "` scope."
	} else {
		desc += "\n\nNeeds no API key."
	}
	op := map[string]any{
		"operationId": d.operationID,
		"summary":     rt.summary,
		"description": strings.TrimSpace(desc),
		"tags":        []any{openAPITag(rt.scope)},
	}
	if rt.scope != "" {
		op["x-scope"] = rt.scope
		op["security"] = []any{map[string]any{"apiKey": []any{}}}
	} else {
		op["security"] = []any{} // no key needed
	}

	// Parameters: every {name} of the path, then the query, then headers.
	var params []any
	for _, name := range openAPIPathParams(rt.path) {
		p, ok := d.pathParams[name]
		if !ok {
			p = openAPIParam{description: "Path parameter " + name, schema: map[string]any{"type": "string"}}
		}
		params = append(params, map[string]any{
			"name": name, "in": "path", "required": true, "description": p.description, "schema": p.schema,
		})
	}
	for _, q := range d.query {
		params = append(params, q)
	}
	params = append(params, map[string]any{"$ref": "#/components/parameters/AcceptLanguage"})
	if write {
		params = append(params, map[string]any{"$ref": "#/components/parameters/IdempotencyKey"})
	}
	op["parameters"] = params

	if write {
		schema := map[string]any{"type": "object"}
		if d.body != "" {
			schema = openAPIRef(d.body)
		}
		op["requestBody"] = map[string]any{
			"required":    true,
			"description": d.bodyDoc,
			"content":     map[string]any{"application/json": map[string]any{"schema": schema}},
		}
	}

	responses := map[string]any{}
	okSchema := map[string]any{"type": "object"}
	if d.okSchema != "" {
		okSchema = openAPIRef(d.okSchema)
	}
	success := func(doc string) map[string]any {
		r := map[string]any{
			"description": doc,
			"content":     map[string]any{"application/json": map[string]any{"schema": okSchema}},
		}
		if write {
			r["headers"] = map[string]any{"Idempotent-Replayed": map[string]any{"$ref": "#/components/headers/IdempotentReplayed"}}
		}
		return r
	}
	responses["200"] = success(d.okDoc)
	if d.createdDoc != "" {
		responses["201"] = success(d.createdDoc)
	}
	if write {
		responses["400"] = openAPIError("The body is not a JSON object of the documented fields (`invalid_json`: broken JSON, "+
			"an unknown field, a wrong type or trailing data), or the Idempotency-Key is longer than 128 characters (`bad_idempotency_key`).", nil)
	}
	if rt.scope != "" {
		responses["401"] = openAPIError("No API key, or an unknown or revoked one (`unauthorized`).",
			map[string]any{"WWW-Authenticate": map[string]any{"$ref": "#/components/headers/WWWAuthenticate"}})
		responses["403"] = openAPIError("The API key lacks the `"+rt.scope+"` scope (`forbidden`).", nil)
	}
	if d.notFoundDoc != "" {
		responses["404"] = openAPIError(d.notFoundDoc, nil)
	}
	if write {
		conflict := "A request with the same Idempotency-Key is still being processed (`in_progress`); retry after the `Retry-After` seconds."
		if d.conflictDoc != "" {
			conflict = d.conflictDoc + "\n\nAlso: " + conflict
		}
		responses["409"] = openAPIError(conflict, map[string]any{"Retry-After": map[string]any{"$ref": "#/components/headers/RetryAfter"}})
		responses["413"] = openAPIError("The body is larger than 8 MiB (`too_large`).", nil)
		unprocessable := "The request is well-formed but wrong (`validation_failed`); `error.fields` names each wrong field " +
			"by its JSON path with a stable code. Or the Idempotency-Key was already used with a different request (`idempotency_key_reused`)."
		if d.fieldsDoc != "" {
			unprocessable += "\n\nField errors of this operation (field: codes):\n\n" + d.fieldsDoc
		}
		responses["422"] = openAPIError(unprocessable, nil)
	}
	if rt.scope != "" {
		responses["503"] = openAPIError("The database is unavailable (`unavailable`); nothing was done, retry later (with the same Idempotency-Key if any).", nil)
	}
	op["responses"] = responses
	return op
}

func openAPITag(scope string) string {
	if t, ok := openAPIScopeTags[scope]; ok {
		return t
	}
	return scope
}

// openAPIOperationID makes an id such as putApiV1ProductsBySku from a route.
func openAPIOperationID(rt apiRoute) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.method))
	for _, seg := range strings.FieldsFunc(rt.path, func(r rune) bool { return r == '/' || r == '.' || r == '-' || r == '_' }) {
		if strings.HasPrefix(seg, "{") {
			b.WriteString("By")
			seg = strings.Trim(seg, "{}")
		}
		if seg != "" {
			b.WriteString(strings.ToUpper(seg[:1]) + seg[1:])
		}
	}
	return b.String()
}

func openAPIRef(schema string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + schema}
}

func openAPIError(description string, headers map[string]any) map[string]any {
	r := map[string]any{
		"description": description,
		"content":     map[string]any{"application/json": map[string]any{"schema": openAPIRef("Error")}},
	}
	if headers != nil {
		r["headers"] = headers
	}
	return r
}

func openAPIParameters() map[string]any {
	return map[string]any{
		"IdempotencyKey": map[string]any{
			"name": "Idempotency-Key", "in": "header", "required": false,
			"description": "Any string of up to 128 characters, unique per request (a UUID will do), scoped to the API key. " +
				"The first answer (any status below 500) is stored; repeating the same method, URL and body with the same key " +
				"returns it again byte for byte with `Idempotent-Replayed: true`, without doing anything. The same key with a " +
				"different request is refused (422 `idempotency_key_reused`); a repeat while the first is still running gets " +
				"409 `in_progress`. A 5xx answer is not stored, so a retry with the same key runs again. A request that got no " +
				"answer because the server stopped while running it holds its key for at most 2 minutes; a retry after that runs " +
				"it again, which is safe because every write sets a state by its reference.",
			"schema": map[string]any{"type": "string", "minLength": 1, "maxLength": 128},
		},
		"AcceptLanguage": map[string]any{
			"name": "Accept-Language", "in": "header", "required": false,
			"description": "Language of the error messages: pl (Polish), ru (Russian) or fi (Finnish), chosen as browsers' " +
				"Accept-Language is (e.g. `ru, pl;q=0.5`); anything else gets Polish. Codes do not depend on it.",
			"schema":   map[string]any{"type": "string", "examples": []any{"pl", "ru", "fi"}},
			"examples": map[string]any{"pl": map[string]any{"value": "pl"}, "ru": map[string]any{"value": "ru"}, "fi": map[string]any{"value": "fi"}},
		},
	}
}

func openAPIHeaders() map[string]any {
	return map[string]any{
		"IdempotentReplayed": map[string]any{
			"description": "`true` when this answer is the stored answer to an earlier request with the same Idempotency-Key " +
				"(it may then be of any status the first request got). Absent otherwise.",
			"schema": map[string]any{"type": "string", "enum": []any{"true"}},
		},
		"RetryAfter": map[string]any{
			"description": "Seconds to wait before retrying (with `in_progress`).",
			"schema":      map[string]any{"type": "integer", "minimum": 0},
		},
		"WWWAuthenticate": map[string]any{
			"description": "`Bearer realm=\"partnerdesk\"`",
			"schema":      map[string]any{"type": "string"},
		},
	}
}

// Schema helpers. Request objects refuse unknown fields (additionalProperties
// false); answers may grow fields, so they allow them.

func oaInput(description string, required []string, props map[string]any) map[string]any {
	m := map[string]any{"type": "object", "description": description, "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		m["required"] = openAPIStrings(required)
	}
	return m
}

func oaOutput(description string, required []string, props map[string]any) map[string]any {
	m := map[string]any{"type": "object", "description": description, "properties": props}
	if len(required) > 0 {
		m["required"] = openAPIStrings(required)
	}
	return m
}

func openAPIStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// oaWith adds keywords to a schema: oaWith(s, "minimum", 0, "maximum", 9).
func oaWith(m map[string]any, kv ...any) map[string]any {
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func oaStr(description string) map[string]any {
	return map[string]any{"type": "string", "description": description}
}

func oaInt(description string) map[string]any {
	return map[string]any{"type": "integer", "description": description}
}

func oaInt64(description string) map[string]any {
	return map[string]any{"type": "integer", "format": "int64", "description": description}
}

func oaMoney(description string) map[string]any {
	return map[string]any{"type": "integer", "format": "int64", "description": description + " (minor units: grosz, cent, kopeck)"}
}

func oaBool(description string) map[string]any {
	return map[string]any{"type": "boolean", "description": description}
}

func oaEnum(description string, values ...string) map[string]any {
	return map[string]any{"type": "string", "description": description, "enum": openAPIStrings(values)}
}

func oaDate(description string) map[string]any {
	return map[string]any{"type": "string", "format": "date", "description": description + " (YYYY-MM-DD)"}
}

func oaArray(description string, items map[string]any) map[string]any {
	return map[string]any{"type": "array", "description": description, "items": items}
}

const (
	oaSKUPattern = `^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`
	oaSKUDoc     = "SKU: a letter or digit, then up to 39 letters, digits or `. _ / -`; letters are taken upper-case"
)

func oaCurrency(description string) map[string]any {
	return oaEnum(description, "PLN", "EUR", "RUB")
}

func oaCountry(description string) map[string]any {
	return oaEnum(description, "PL", "FI", "RU")
}

func openAPISchemas() map[string]any {
	texts := func() map[string]any { return openAPIRef("Texts") }
	return map[string]any{
		// Errors.
		"Error": map[string]any{
			"type":        "object",
			"description": "The body of every error answer.",
			"required":    openAPIStrings([]string{"error"}),
			"properties": map[string]any{
				"error": oaOutput("", []string{"code", "message"}, map[string]any{
					"code": oaWith(oaStr("Stable machine-readable code: invalid_json, bad_idempotency_key, unauthorized, forbidden, "+
						"not_found, in_progress, too_large, validation_failed, idempotency_key_reused, unavailable"),
						"examples", []any{"validation_failed"}),
					"message": oaStr("For people, in the language chosen by Accept-Language"),
					"fields":  oaArray("With validation_failed (and an order status conflict): what is wrong, field by field. Absent otherwise.", openAPIRef("FieldError")),
				}),
			},
			"examples": []any{map[string]any{"error": map[string]any{
				"code": "validation_failed", "message": "Niektóre pola są nieprawidłowe.",
				"fields": []any{map[string]any{"field": "levels[0].on_hand", "code": "out_of_range", "message": "Wartość spoza zakresu 0–1000000000."}},
			}}},
		},
		"FieldError": oaOutput("One wrong field of a request.", []string{"field", "code", "message"}, map[string]any{
			"field": oaWith(oaStr("JSON path of the field, e.g. `name`, `levels[3].sku`, `lines.ABC-1`; a path parameter by its name "+
				"(`sku`, `tax_id`, `ref`, `number`); empty for the request as a whole"), "examples", []any{"levels[3].on_hand"}),
			"code":    oaWith(oaStr("Stable code: invalid, required, out_of_range, unknown, taken, empty, count, ..."), "examples", []any{"out_of_range"}),
			"message": oaStr("For people, in the language chosen by Accept-Language"),
		}),

		// Catalog.
		"Texts": oaInput("A text in each language; an empty or missing language is \"not written\" (the portal falls back to another).",
			nil, map[string]any{
				"pl": oaStr("Polish"),
				"ru": oaStr("Russian"),
				"fi": oaStr("Finnish"),
			}),
		"ProductInput": oaInput("A product as the ERP keeps it. The whole product is replaced: an omitted field takes its default.",
			[]string{"name"}, map[string]any{
				"ean": oaWith(oaStr("EAN/GTIN: 8 or 12 to 14 digits, unique among products; empty or omitted = none"),
					"pattern", `^([0-9]{8}|[0-9]{12,14})?$`),
				"category":      oaStr("Category code; must exist. Empty or omitted = no category"),
				"unit":          oaWith(oaEnum("Unit of sale; empty or omitted = pcs", "pcs", "m", "set", "pack", "kg"), "default", "pcs"),
				"pack_size":     oaWith(oaInt("Units per pack, 1 to 100000; 0 or omitted = 1"), "minimum", 0, "maximum", 100000, "default", 1),
				"min_order_qty": oaWith(oaInt("Minimum order quantity, a multiple of pack_size; 0 or omitted = pack_size"), "minimum", 0),
				"vat_class":     oaWith(oaEnum("VAT class; empty or omitted = standard", "standard", "reduced", "zero"), "default", "standard"),
				"name":          oaWith(texts(), "description", "Name; at least one language must be given"),
				"description":   oaWith(texts(), "description", "Description (plain text)"),
				"active":        oaWith(map[string]any{"type": []any{"boolean", "null"}}, "description", "Whether customers can order it; null or omitted = true", "default", true),
				"substitutes": oaWith(map[string]any{"type": []any{"array", "null"}, "items": oaWith(oaStr(oaSKUDoc), "pattern", oaSKUPattern)},
					"description", "SKUs offered instead when the product is out of stock, best first. They replace the previous list; "+
						"[] removes all; null or omitted leaves the list as it is. SKUs not in the catalog are skipped."),
			}),
		"ProductResult": oaOutput("The product stored.", []string{"sku", "id"}, map[string]any{
			"sku": oaStr("The SKU, upper-case"),
			"id":  oaInt64("The portal's id of the product"),
		}),
		"StockUpdate": oaInput("Stock levels to set.", []string{"levels"}, map[string]any{
			"levels": oaWith(oaArray("1 to 10000 levels, applied together (all or none)", openAPIRef("StockLevel")), "minItems", 1, "maxItems", 10000),
		}),
		"StockLevel": oaInput("One product's stock in one warehouse, as the ERP counts it.", []string{"sku", "warehouse", "on_hand"}, map[string]any{
			"sku":       oaWith(oaStr(oaSKUDoc+"; the product must exist"), "pattern", oaSKUPattern),
			"warehouse": oaWith(oaStr("Warehouse code; must exist"), "minLength", 1),
			"on_hand":   oaWith(oaInt("Quantity on hand; not below what open orders have reserved in that warehouse"), "minimum", 0, "maximum", 1_000_000_000),
			"restock_on": oaWith(map[string]any{"type": []any{"string", "null"}, "format": "date"},
				"description", "Expected restock date (YYYY-MM-DD); null, empty or omitted = none (clears it)"),
		}),
		"StockResult": oaOutput("", []string{"updated"}, map[string]any{
			"updated": oaInt("Number of levels stored"),
		}),
		"PriceUpdate": oaInput("A batch of prices, applied together (all or none). Each entry replaces the price it names; "+
			"prices not named stay as they are. At least one entry in all.", nil, map[string]any{
			"list":    oaArray("List prices", openAPIRef("ListPrice")),
			"group":   oaArray("Explicit prices of price groups", openAPIRef("GroupPrice")),
			"company": oaArray("A company's own prices (in its currency)", openAPIRef("CompanyPrice")),
			"breaks":  oaArray("Quantity breaks of products", openAPIRef("BreakSet")),
		}),
		"ListPrice": oaInput("A product's list price in a currency.", []string{"sku", "currency", "unit_price"}, map[string]any{
			"sku":        oaStr("Product SKU (case-insensitive); must exist"),
			"currency":   oaCurrency("Currency"),
			"unit_price": oaWith(oaMoney("Net unit price"), "minimum", 0, "maximum", int64(100_000_000_000)),
		}),
		"GroupPrice": oaInput("A price group's price of a product in a currency.", []string{"group", "sku", "currency", "unit_price"}, map[string]any{
			"group":      oaStr("Price group code; must exist"),
			"sku":        oaStr("Product SKU (case-insensitive); must exist"),
			"currency":   oaCurrency("Currency"),
			"unit_price": oaWith(oaMoney("Net unit price"), "minimum", 0, "maximum", int64(100_000_000_000)),
		}),
		"CompanyPrice": oaInput("A company's own price of a product, in the company's currency.", []string{"country", "tax_id", "sku", "unit_price"}, map[string]any{
			"country":    oaCountry("The company's country (upper-case)"),
			"tax_id":     oaStr("The company's tax ID (NIP, Y-tunnus, INN) in any usual spelling; the company must exist"),
			"sku":        oaStr("Product SKU (case-insensitive); must exist"),
			"unit_price": oaWith(oaMoney("Net unit price; 0 removes the company's price"), "minimum", 0, "maximum", int64(100_000_000_000)),
		}),
		"BreakSet": oaInput("All quantity breaks of a product for one price group (or for customers of no group's breaks when group is empty); "+
			"they replace the previous ones.", []string{"sku"}, map[string]any{
			"sku":    oaStr("Product SKU (case-insensitive); must exist"),
			"group":  oaStr("Price group code; empty or omitted = breaks for everyone"),
			"breaks": oaArray("The breaks; [] or omitted removes them all. Each min_qty at most once.", openAPIRef("QuantityBreak")),
		}),
		"QuantityBreak": oaInput("From min_qty units on, the unit price is reduced by discount_bp.", []string{"min_qty", "discount_bp"}, map[string]any{
			"min_qty":     oaWith(oaInt("Quantity from which the discount applies"), "minimum", 2),
			"discount_bp": oaWith(oaInt("Discount in basis points (100 = 1 %)"), "minimum", 1, "maximum", 9000),
		}),
		"PriceResult": oaOutput("How many entries of each kind were stored.", []string{"list", "group", "company", "breaks"}, map[string]any{
			"list":    oaInt("List prices"),
			"group":   oaInt("Group prices"),
			"company": oaInt("Company prices"),
			"breaks":  oaInt("Break sets"),
		}),

		// Companies.
		"CompanyInput": oaInput("A customer company as the ERP keeps it. The whole company is replaced: an omitted field takes "+
			"its default (status active, segment C, no price group), except the managers, which stay as they are when omitted.",
			[]string{"name", "currency", "language", "payment_terms_days", "credit_limit"}, map[string]any{
				"name":               oaWith(oaStr("Company name, 1 to 300 characters"), "minLength", 1, "maxLength", 300),
				"billing_address":    oaStr("Billing address, free text"),
				"delivery_address":   oaStr("Default delivery address, free text"),
				"currency":           oaCurrency("Currency the company buys in"),
				"language":           oaEnum("Language of the company's documents and e-mails", "pl", "ru", "fi"),
				"price_group":        oaStr("Price group code; must exist. Empty or omitted = none"),
				"payment_terms_days": oaWith(oaInt("Payment terms in days"), "minimum", 0, "maximum", 180),
				"credit_limit":       oaWith(oaMoney("Credit limit in the company's currency; 0 = none"), "minimum", 0),
				"segment":            oaWith(oaEnum("Customer segment; empty or omitted = C", "A", "B", "C"), "default", "C"),
				"status":             oaWith(oaEnum("active: may order; pending: waits for approval; blocked: may not order. Empty or omitted = active", "active", "blocked", "pending"), "default", "active"),
				"manager_email":      oaWith(oaStr("E-mail of the account manager (a manager or admin user); empty or omitted = unchanged"), "format", "email"),
				"backup_manager_email": oaWith(oaStr("E-mail of the backup manager (a manager or admin user); empty or omitted = unchanged"),
					"format", "email"),
				"contact_name":  oaStr("Contact person"),
				"contact_email": oaStr("Contact e-mail"),
				"contact_phone": oaStr("Contact phone"),
			}),
		"CompanyResult": oaOutput("The company stored.", []string{"id", "country", "tax_id", "created"}, map[string]any{
			"id":      oaInt64("The portal's id of the company"),
			"country": oaCountry("Country"),
			"tax_id":  oaStr("Tax ID, normalised (digits only)"),
			"created": oaBool("true when the company was created, false when updated"),
		}),

		// Orders.
		"OrderFeed": oaOutput("A page of the feed.", []string{"orders", "next_after"}, map[string]any{
			"orders": oaArray("Orders not yet acknowledged, oldest first", openAPIRef("Order")),
			"next_after": oaInt64("Pass as `after` to get the next page: the id of the last order of this page, or the " +
				"`after` sent when the page is empty"),
		}),
		"Order": oaOutput("An order placed in the portal. Amounts are in the order's currency.", []string{
			"id", "number", "company_country", "company_tax_id", "channel", "status", "currency", "po_number", "delivery_address",
			"requested_on", "net_goods", "discount", "points_discount", "points_redeemed", "delivery_fee", "net", "vat", "gross", "priority",
			"created_at", "lines",
		}, map[string]any{
			"id":               oaInt64("The portal's id of the order (the feed's cursor)"),
			"number":           oaInt64("Order number, as customers see it; used in the order URLs of this API"),
			"company_country":  oaCountry("The buyer's country"),
			"company_tax_id":   oaStr("The buyer's tax ID, normalised"),
			"channel":          oaEnum("How the order came in", "portal", "bot", "csv", "api"),
			"status":           oaEnum("Current status", "placed", "confirmed", "picking", "shipped", "delivered", "cancelled"),
			"currency":         oaCurrency("Currency of all amounts"),
			"po_number":        oaStr("The customer's purchase order number; may be empty"),
			"delivery_address": oaStr("Delivery address"),
			"requested_on": oaWith(map[string]any{"type": []any{"string", "null"}, "format": "date"},
				"description", "Delivery date the customer asked for (YYYY-MM-DD), or null"),
			"net_goods":       oaMoney("Net value of the lines"),
			"discount":        oaMoney("Order discount, net"),
			"points_discount": oaMoney("Loyalty points redeemed, as a net discount: net = net_goods − discount − points_discount + delivery_fee"),
			"points_redeemed": oaInt("Loyalty points redeemed"),
			"delivery_fee":    oaMoney("Delivery fee, net"),
			"net":             oaMoney("Net total"),
			"vat":             oaMoney("VAT total"),
			"gross":           oaMoney("Gross total"),
			"priority":        oaBool("Whether the customer's loyalty tier includes priority handling"),
			"created_at":      oaWith(oaStr("When the order was placed (RFC 3339)"), "format", "date-time"),
			"lines":           oaArray("Lines in order of line_no", openAPIRef("OrderLine")),
		}),
		"OrderLine": oaOutput("A line of an order, priced when the order was placed.", []string{
			"line_no", "sku", "name", "qty", "unit_price", "unit_price_x100", "vat_rate_bp", "net",
		}, map[string]any{
			"line_no":    oaInt("Line number, from 1"),
			"sku":        oaStr("Product SKU"),
			"name":       oaStr("Product name as the customer saw it"),
			"qty":        oaInt("Quantity"),
			"unit_price": oaMoney("Net unit price after quantity breaks, rounded to the minor unit"),
			"unit_price_x100": oaInt("Net unit price in hundredths of the minor unit (1860 = 0.186): prices under 1.00 " +
				"keep four decimals, and net is this times qty, rounded once"),
			"vat_rate_bp": oaInt("VAT rate in basis points (2300 = 23 %)"),
			"net":         oaMoney("Net amount of the line"),
		}),
		"OrderAck": oaInput("The ERP's reference for the order.", []string{"erp_ref"}, map[string]any{
			"erp_ref": oaWith(oaStr("The ERP's own order reference, 1 to 64 characters (surrounding spaces are trimmed), "+
				"unique among orders"), "minLength", 1, "maxLength", 64),
		}),
		"OrderAckResult": oaOutput("", []string{"number", "erp_ref"}, map[string]any{
			"number":  oaInt64("Order number"),
			"erp_ref": oaStr("The ERP reference sent"),
		}),
		"OrderStatusChange": oaInput("A status change. The ERP may skip steps (placed → shipped) but never goes back; "+
			"cancelled ends any order not yet shipped. Sending the current status changes nothing.", []string{"status"}, map[string]any{
			"status":      oaEnum("New status", "placed", "confirmed", "picking", "shipped", "delivered", "cancelled"),
			"note":        oaWith(oaStr("Note shown on the order's timeline, up to 500 bytes"), "maxLength", 500),
			"expected_on": oaDate("Expected delivery date; empty or omitted = unchanged"),
		}),
		"OrderStatusResult": oaOutput("", []string{"number", "status"}, map[string]any{
			"number": oaInt64("Order number"),
			"status": oaEnum("The order's status now", "placed", "confirmed", "picking", "shipped", "delivered", "cancelled"),
		}),
		"ShipmentInput": oaInput("A parcel of an order. The whole shipment is replaced.", []string{"carrier"}, map[string]any{
			"carrier":         oaWith(oaStr("Carrier name, 1 to 100 characters"), "minLength", 1, "maxLength", 100),
			"tracking_number": oaStr("Carrier's tracking number"),
			"tracking_url":    oaWith(oaStr("Tracking page, an http:// or https:// URL; may be empty"), "pattern", `^(https?://.*)?$`),
			"shipped_at": oaWith(map[string]any{"type": []any{"string", "null"}, "format": "date-time"},
				"description", "When the parcel left (RFC 3339); null or omitted = now"),
			"delivered_at": oaWith(map[string]any{"type": []any{"string", "null"}, "format": "date-time"},
				"description", "When it was delivered (RFC 3339), not before shipped_at; null or omitted = not yet"),
			"lines": oaWith(map[string]any{"type": "object", "additionalProperties": oaWith(oaInt("Quantity in this parcel"), "minimum", 1)},
				"description", "SKU (exactly as in the order's lines) → quantity in this parcel. Empty or omitted = all lines in full."),
		}),
		"ShipmentResult": oaOutput("", []string{"number", "ref"}, map[string]any{
			"number": oaInt64("Order number"),
			"ref":    oaStr("Shipment reference"),
		}),

		// Finance.
		"InvoiceInput": oaInput("An invoice or credit note as the ERP issued it. The whole invoice is replaced.",
			[]string{"company_country", "company_tax_id", "currency", "issued_on", "due_on", "net", "vat"}, map[string]any{
				"company_country": oaCountry("The buyer's country (upper-case)"),
				"company_tax_id":  oaStr("The buyer's tax ID in any usual spelling; the company must exist"),
				"order_number":    oaWith(oaInt64("Number of the portal order invoiced (of the same company); 0 or omitted = none"), "minimum", 0),
				"currency":        oaCurrency("Currency"),
				"issued_on":       oaDate("Issue date"),
				"due_on":          oaDate("Due date, not before issued_on"),
				"net":             oaWith(oaMoney("Net total"), "minimum", 0),
				"vat":             oaWith(oaMoney("VAT total (gross = net + vat)"), "minimum", 0),
				"kind":            oaWith(oaEnum("Kind of document; empty or omitted = invoice", "invoice", "credit_note"), "default", "invoice"),
			}),
		"InvoiceResult": oaOutput("", []string{"number"}, map[string]any{
			"number": oaStr("Invoice number"),
		}),
		"PaymentInput": oaInput("Money received, as the ERP booked it.",
			[]string{"company_country", "company_tax_id", "currency", "amount", "paid_on"}, map[string]any{
				"company_country": oaCountry("The payer's country (upper-case)"),
				"company_tax_id":  oaStr("The payer's tax ID in any usual spelling; the company must exist"),
				"invoice_number":  oaStr("The invoice paid (of the same company); empty or omitted = not matched to an invoice"),
				"currency":        oaCurrency("Currency"),
				"amount":          oaWith(oaMoney("Amount received"), "minimum", 1),
				"paid_on":         oaDate("Payment date"),
				"method":          oaWith(oaEnum("Payment method; empty or omitted = transfer", "transfer", "card", "cash", "offset"), "default", "transfer"),
			}),
		"PaymentResult": oaOutput("", []string{"ref", "recorded", "already_recorded"}, map[string]any{
			"ref":              oaStr("Payment reference"),
			"recorded":         oaBool("true when the payment was recorded now"),
			"already_recorded": oaBool("true when a payment with this reference was recorded before (nothing changed)"),
		}),
	}
}

// openAPIDetails describes each route of apiRouteTable, keyed "METHOD path".
func openAPIDetails() map[string]openAPIOp {
	sku := openAPIParam{
		description: oaSKUDoc + ". A `/` in a SKU must be sent percent-encoded (`%2F`).",
		schema:      map[string]any{"type": "string", "pattern": oaSKUPattern},
	}
	orderNumber := openAPIParam{
		description: "Order number (as in the feed's `number`)",
		schema:      map[string]any{"type": "integer", "format": "int64", "minimum": 1},
	}
	orderNotFound := "No order has this number (`not_found`)."
	return map[string]openAPIOp{
		"GET /api/v1/openapi.json": {
			operationID: "getOpenAPI",
			description: "This OpenAPI 3.1 document, generated from the API's route table.",
			okDoc:       "The OpenAPI document",
		},
		"PUT /api/v1/products/{sku}": {
			operationID: "putProduct",
			description: "Creates the product with this SKU or replaces it: texts in Polish, Russian and Finnish, unit, " +
				"pack size, VAT class, category and substitutes. Customers see the change at once.",
			pathParams: map[string]openAPIParam{"sku": sku},
			body:       "ProductInput", bodyDoc: "The product",
			okSchema: "ProductResult", okDoc: "The product was created or updated",
			fieldsDoc: "* sku: invalid\n* ean: invalid, taken (another product has it)\n* unit: invalid\n* pack_size: out_of_range\n" +
				"* min_order_qty: not_pack_multiple\n* vat_class: invalid\n* name: required\n* substitutes[i]: invalid\n* category: unknown",
		},
		"PUT /api/v1/stock": {
			operationID: "putStock",
			description: "Sets the quantity on hand (and the expected restock date) of products in warehouses. " +
				"Levels not named stay as they are. Availability shown to customers is on hand minus what open orders reserve.",
			body: "StockUpdate", bodyDoc: "The levels",
			okSchema: "StockResult", okDoc: "The levels were stored",
			fieldsDoc: "* levels: count (0 or more than 10000), below_reserved (on hand below reserved; nothing stored), " +
				"unknown (a SKU or warehouse does not exist; nothing stored)\n* levels[i].sku: invalid\n* levels[i].warehouse: required\n" +
				"* levels[i].on_hand: out_of_range\n* levels[i].restock_on: invalid",
		},
		"PUT /api/v1/prices": {
			operationID: "putPrices",
			description: "Sets list prices, price-group prices, companies' own prices and quantity breaks, in one transaction.",
			body:        "PriceUpdate", bodyDoc: "The prices",
			okSchema: "PriceResult", okDoc: "The prices were stored",
			fieldsDoc: "* (empty field): empty (no entries), unknown (a SKU or price group does not exist; nothing stored)\n" +
				"* list[i].currency, group[i].currency: invalid\n* list[i].unit_price, group[i].unit_price, company[i].unit_price: out_of_range\n" +
				"* company[i].tax_id: invalid, unknown (no such company)\n* breaks[i].breaks[j]: out_of_range\n* breaks: duplicate (a min_qty twice)",
		},
		"PUT /api/v1/companies/{country}/{taxid}": {
			operationID: "putCompany",
			description: "Creates the customer company with this country and tax ID, or replaces it. " +
				"A company created active is approved at once; pending waits for a manager's approval.",
			pathParams: map[string]openAPIParam{
				"country": {description: "Country of the company (case-insensitive): PL, FI or RU",
					schema: map[string]any{"type": "string", "pattern": "^[A-Za-z]{2}$", "examples": []any{"PL", "FI", "RU"}}},
				"taxid": {description: "Tax ID (NIP, Y-tunnus, INN) in any usual spelling, e.g. `774-000-14-54`; it is normalised and its checksum checked",
					schema: map[string]any{"type": "string", "examples": []any{"7740001454"}}},
			},
			body: "CompanyInput", bodyDoc: "The company",
			okSchema: "CompanyResult", okDoc: "The company was updated",
			createdDoc: "The company was created",
			fieldsDoc: "* tax_id: invalid (the path's country is not PL, FI or RU, or the tax ID is malformed or fails its checksum)\n" +
				"* name: required\n* currency: invalid\n* language: invalid\n* payment_terms_days: out_of_range\n* credit_limit: out_of_range\n" +
				"* segment: invalid\n* status: invalid\n* price_group, manager_email, backup_manager_email: unknown",
		},
		"GET /api/v1/orders/feed": {
			operationID: "getOrderFeed",
			description: "Orders the ERP has not acknowledged yet, oldest first, a page at a time. Read pages with `after` = the " +
				"previous page's `next_after` until `orders` is empty; acknowledge each order taken in (POST .../ack) so it " +
				"leaves the feed. Starting again from after=0 returns every order still unacknowledged.",
			query: []map[string]any{
				{"name": "after", "in": "query", "required": false,
					"description": "Cursor: only orders with an id greater than this (the `next_after` of the previous page). " +
						"Missing or not a number = 0",
					"schema": map[string]any{"type": "integer", "format": "int64", "minimum": 0, "default": 0}},
				{"name": "limit", "in": "query", "required": false,
					"description": "Page size, 1 to 500. Missing, not a number or out of range = 100",
					"schema":      map[string]any{"type": "integer", "minimum": 1, "maximum": 500, "default": 100}},
			},
			okSchema: "OrderFeed", okDoc: "A page of unacknowledged orders",
		},
		"POST /api/v1/orders/{number}/ack": {
			operationID: "ackOrder",
			description: "Records that the ERP took the order in under its own reference; the order leaves the feed. " +
				"Acknowledging again with the same reference changes nothing.",
			pathParams: map[string]openAPIParam{"number": orderNumber},
			body:       "OrderAck", bodyDoc: "The ERP's reference",
			okSchema: "OrderAckResult", okDoc: "The order was acknowledged",
			notFoundDoc: orderNotFound,
			fieldsDoc:   "* erp_ref: required (empty or longer than 64), taken (another order has this reference)",
		},
		"POST /api/v1/orders/{number}/status": {
			operationID: "changeOrderStatus",
			description: "Moves the order on its timeline and tells the customer. Shipping or delivering takes the reserved " +
				"goods off stock; cancelling frees them. The expected delivery date may be set with any status.",
			pathParams: map[string]openAPIParam{"number": orderNumber},
			body:       "OrderStatusChange", bodyDoc: "The new status",
			okSchema: "OrderStatusResult", okDoc: "The status was changed (or already was the one sent)",
			notFoundDoc: orderNotFound,
			conflictDoc: "The order cannot move from its status to the one sent (e.g. delivered → picking): " +
				"`error.code` is `validation_failed` with a field error `status` / `transition`.",
			fieldsDoc: "* status: invalid\n* expected_on: invalid\n* note: too_long",
		},
		"PUT /api/v1/orders/{number}/shipments/{ref}": {
			operationID: "putShipment",
			description: "Creates or replaces a shipment (parcel) of the order, identified by the ERP's reference, with the " +
				"carrier, tracking and the quantities it holds; the customer sees the tracking at once. Use POST .../status " +
				"to move the order itself to shipped or delivered.",
			pathParams: map[string]openAPIParam{
				"number": orderNumber,
				"ref": {description: "The ERP's shipment reference, 1 to 64 characters, unique across orders",
					schema: map[string]any{"type": "string", "minLength": 1, "maxLength": 64}},
			},
			body: "ShipmentInput", bodyDoc: "The shipment",
			okSchema: "ShipmentResult", okDoc: "The shipment was stored",
			notFoundDoc: orderNotFound,
			fieldsDoc: "* ref: invalid, taken (the reference belongs to another order's shipment)\n* carrier: required\n" +
				"* tracking_url: invalid\n* delivered_at: before_shipped\n* lines.<sku>: out_of_range\n* lines: unknown (a SKU is not in the order)",
		},
		"PUT /api/v1/invoices/{number}": {
			operationID: "putInvoice",
			description: "Creates or replaces an invoice or credit note; the customer sees it with its due date and what is " +
				"still to pay, and the company's balance and credit are updated.",
			pathParams: map[string]openAPIParam{
				"number": {description: "Invoice number as the ERP issued it, 1 to 64 characters, e.g. `FV/2026/11/0042` " +
					"(a `/` must be sent percent-encoded, `%2F`)",
					schema: map[string]any{"type": "string", "minLength": 1, "maxLength": 64}},
			},
			body: "InvoiceInput", bodyDoc: "The invoice",
			okSchema: "InvoiceResult", okDoc: "The invoice was stored",
			fieldsDoc: "* number: invalid, other_company (the number, or the order_number, belongs to another company)\n" +
				"* company.tax_id: invalid, unknown (for company_country/company_tax_id)\n* currency: invalid\n" +
				"* issued_on: invalid\n* due_on: invalid, before_issued\n* net, vat: out_of_range\n* kind: invalid\n* order_number: unknown",
		},
		"PUT /api/v1/payments/{ref}": {
			operationID: "putPayment",
			description: "Records money received, once per reference: a repeat (even with other values) changes nothing and " +
				"answers `already_recorded: true`. A payment matched to an invoice adds to what is paid on it.",
			pathParams: map[string]openAPIParam{
				"ref": {description: "The ERP's payment reference, 1 to 64 characters",
					schema: map[string]any{"type": "string", "minLength": 1, "maxLength": 64}},
			},
			body: "PaymentInput", bodyDoc: "The payment",
			okSchema: "PaymentResult", okDoc: "The payment was recorded, or had been before",
			fieldsDoc: "* ref: invalid\n* company.tax_id: invalid, unknown (for company_country/company_tax_id)\n* currency: invalid\n" +
				"* amount: out_of_range\n* paid_on: invalid\n* method: invalid\n* invoice_number: unknown, other_company",
		},
	}
}
