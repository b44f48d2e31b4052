package dbtest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"
)

var seq atomic.Int64

// Unique returns a number not returned before in this process, for names and keys.
func Unique() int64 { return seq.Add(1) }

// CompanyOpts describes a test company; zero values get sensible defaults.
type CompanyOpts struct {
	Country      string // PL
	Currency     string // PLN
	Language     string // pl
	CreditLimit  int64  // 1,000,000.00
	Status       string // active
	PriceGroupID int64
	Tier         string
}

// Company inserts a company and returns its id. Tax IDs are unique fake
// values: the database does not check checksums, the domain does.
func Company(t testing.TB, db bun.IDB, o CompanyOpts) int64 {
	t.Helper()
	if o.Country == "" {
		o.Country = "PL"
	}
	if o.Currency == "" {
		o.Currency = "PLN"
	}
	if o.Language == "" {
		o.Language = "pl"
	}
	if o.CreditLimit == 0 {
		o.CreditLimit = 100_000_000
	}
	if o.Status == "" {
		o.Status = "active"
	}
	n := Unique()
	var pg, tier any
	if o.PriceGroupID != 0 {
		pg = o.PriceGroupID
	}
	if o.Tier != "" {
		tier = o.Tier
	}
	var id int64
	err := db.NewRaw(`INSERT INTO companies (country, tax_id, name, currency, language, credit_limit, status, price_group_id, loyalty_tier, delivery_address)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ul. Testowa 1, 00-001 Warszawa') RETURNING id`,
		o.Country, TaxID(o.Country, n), fmt.Sprintf("Test company %d", n), o.Currency, o.Language,
		o.CreditLimit, o.Status, pg, tier).Scan(context.Background(), &id)
	if err != nil {
		t.Fatalf("dbtest: company: %v", err)
	}
	return id
}

// User inserts a company user with the given role and returns its id.
func User(t testing.TB, db bun.IDB, companyID int64, role string) int64 {
	t.Helper()
	var id int64
	n := Unique()
	err := db.NewRaw(`INSERT INTO users (company_id, email, name, role) VALUES (?, ?, ?, ?) RETURNING id`,
		companyID, fmt.Sprintf("user%d@example.test", n), fmt.Sprintf("User %d", n), role).Scan(context.Background(), &id)
	if err != nil {
		t.Fatalf("dbtest: user: %v", err)
	}
	return id
}

// ProductOpts describes a test product.
type ProductOpts struct {
	ListPLN  int64 // list price in PLN minor units; 0 = no list price
	Pack     int   // 1
	MinQty   int   // = Pack
	NamePL   string
	VATClass string
}

// Product inserts a product and returns its id.
func Product(t testing.TB, db bun.IDB, o ProductOpts) int64 {
	t.Helper()
	if o.Pack == 0 {
		o.Pack = 1
	}
	if o.MinQty == 0 {
		o.MinQty = o.Pack
	}
	if o.VATClass == "" {
		o.VATClass = "standard"
	}
	n := Unique()
	if o.NamePL == "" {
		o.NamePL = fmt.Sprintf("Produkt testowy %d", n)
	}
	ctx := context.Background()
	var id int64
	err := db.NewRaw(`INSERT INTO products (sku, name_pl, pack_size, min_order_qty, vat_class) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		fmt.Sprintf("T-%06d", n), o.NamePL, o.Pack, o.MinQty, o.VATClass).Scan(ctx, &id)
	if err != nil {
		t.Fatalf("dbtest: product: %v", err)
	}
	if o.ListPLN > 0 {
		if _, err := db.ExecContext(ctx, `INSERT INTO list_prices (product_id, currency, unit_price) VALUES (?, 'PLN', ?)`, id, o.ListPLN); err != nil {
			t.Fatalf("dbtest: list price: %v", err)
		}
	}
	return id
}

// Warehouse returns the id of a warehouse with the given code, creating it.
func Warehouse(t testing.TB, db bun.IDB, code, country string) int64 {
	t.Helper()
	var id int64
	err := db.NewRaw(`INSERT INTO warehouses (code, name, country) VALUES (?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`, code, "Magazyn "+code, country).Scan(context.Background(), &id)
	if err != nil {
		t.Fatalf("dbtest: warehouse: %v", err)
	}
	return id
}

// Stock sets a product's stock on hand in a warehouse.
func Stock(t testing.TB, db bun.IDB, productID, warehouseID int64, onHand int) {
	t.Helper()
	_, err := db.ExecContext(context.Background(), `INSERT INTO stock (product_id, warehouse_id, on_hand) VALUES (?, ?, ?)
		ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand = EXCLUDED.on_hand`, productID, warehouseID, onHand)
	if err != nil {
		t.Fatalf("dbtest: stock: %v", err)
	}
}

// Exec runs a statement or fails the test.
func Exec(t testing.TB, db bun.IDB, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("dbtest: %s: %v", query, err)
	}
}

// Scan runs a query for one value (or a slice of values) or fails the test.
func Scan(t testing.TB, db bun.IDB, dest any, query string, args ...any) {
	t.Helper()
	if err := db.NewRaw(query, args...).Scan(context.Background(), dest); err != nil {
		t.Fatalf("dbtest: %s: %v", query, err)
	}
}

// TaxID returns a valid, unique-per-n tax identifier for a country (PL NIP,
// FI Y-tunnus, RU INN), made up for tests.
func TaxID(country string, n int64) string {
	weights := map[string][]int{"PL": {6, 5, 7, 2, 3, 4, 5, 6, 7}, "FI": {7, 9, 10, 5, 8, 4, 2}, "RU": {2, 4, 10, 3, 5, 9, 4, 6, 8}}[country]
	for k := n * 11; ; k++ { // 11 candidates per n: one of them has a valid check digit
		base := fmt.Sprintf("%0*d", len(weights), 100000+k*7919%(pow10(len(weights))-100000))
		sum := 0
		for i, w := range weights {
			sum += int(base[i]-'0') * w
		}
		switch country {
		case "PL":
			if sum%11 != 10 {
				return base + fmt.Sprint(sum%11)
			}
		case "FI":
			if r := sum % 11; r != 1 {
				c := 0
				if r > 1 {
					c = 11 - r
				}
				return base + "-" + fmt.Sprint(c)
			}
		case "RU":
			return base + fmt.Sprint(sum%11%10)
		}
	}
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
