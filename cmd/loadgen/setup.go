package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/apikey"
	"partnerdesk/domain/company"
	"partnerdesk/domain/taxid"
)

// world is what the run works with: its companies and customers, the
// catalogue, and the ERP's API key.
type world struct {
	companies  []*lgCompany
	customers  []*lgCustomer
	products   []lgProduct    // every active product
	orderable  []lgProduct    // products with generous stock and a price in every currency
	plenty     map[int64]bool // the ids of orderable
	categories []int64
	prices     map[priceKey]int64 // list prices the ERP sim changes
	apiToken   string
	apiPrefix  string
}

type lgCompany struct {
	ID       int64
	Country  string
	TaxID    string
	Currency string
	Language string
	Address  string
}

type lgCustomer struct {
	ID      int64
	Email   string
	Company *lgCompany
}

type lgProduct struct {
	ID     int64  `bun:"id"`
	SKU    string `bun:"sku"`
	MinQty int    `bun:"min_order_qty"`
	Pack   int    `bun:"pack_size"`
}

type priceKey struct{ SKU, Currency string }

// The load's own customers are recognisable by these.
const (
	lgEmailDomain = "loadgen.test"
	lgNamePrefix  = "Loadgen "
	lgCreditLimit = 100_000_000_000 // minor units: nothing the run orders comes near it
)

var lgCountries = []struct{ country, currency, lang, address string }{
	{"PL", "PLN", "pl", "ul. Obciążeniowa 7, 02-001 Warszawa"},
	{"FI", "EUR", "fi", "Kuormitustie 7, 00100 Helsinki"},
	{"RU", "RUB", "ru", "Санкт-Петербург, ул. Нагрузочная, 7"},
}

type setupOpts struct {
	customers, companies, orderable int
	password                        string
	rnd                             *rand.Rand
}

// setup makes (or reuses, on a second run) the load's companies and users,
// gives a set of products plenty of stock, and creates the ERP's API key.
// It works on a fresh `partnerdesk seed-demo` database.
func setup(ctx context.Context, db *bun.DB, o setupOpts) (*world, error) {
	pending, err := domain.PendingMigrations(ctx, db)
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		return nil, fmt.Errorf("setup: %d migrations pending; run `partnerdesk migrate up`", len(pending))
	}
	w := &world{prices: map[priceKey]int64{}}
	if err := db.NewRaw(`SELECT id, sku, min_order_qty, pack_size FROM products WHERE active ORDER BY id`).Scan(ctx, &w.products); err != nil {
		return nil, fmt.Errorf("setup: products: %w", err)
	}
	if len(w.products) == 0 {
		return nil, errors.New("setup: no products; load the demo first (partnerdesk seed-demo)")
	}
	var orderable []lgProduct
	if err := db.NewRaw(`SELECT p.id, p.sku, p.min_order_qty, p.pack_size FROM products p
		WHERE p.active AND (SELECT count(DISTINCT currency) FROM list_prices lp WHERE lp.product_id = p.id) = 3
		ORDER BY p.id`).Scan(ctx, &orderable); err != nil {
		return nil, fmt.Errorf("setup: orderable products: %w", err)
	}
	if len(orderable) == 0 {
		return nil, errors.New("setup: no product has list prices in PLN, EUR and RUB")
	}
	o.rnd.Shuffle(len(orderable), func(i, j int) { orderable[i], orderable[j] = orderable[j], orderable[i] })
	w.orderable = orderable[:min(o.orderable, len(orderable))]
	w.plenty = map[int64]bool{}
	for _, p := range w.orderable {
		w.plenty[p.ID] = true
	}
	if err := db.NewRaw("SELECT id FROM categories ORDER BY id").Scan(ctx, &w.categories); err != nil {
		return nil, fmt.Errorf("setup: categories: %w", err)
	}
	if err := topUpStock(ctx, db, w.orderable); err != nil {
		return nil, err
	}
	var prices []struct {
		SKU       string `bun:"sku"`
		Currency  string `bun:"currency"`
		UnitPrice int64  `bun:"unit_price"`
	}
	if err := db.NewRaw(`SELECT p.sku, lp.currency, lp.unit_price FROM list_prices lp JOIN products p ON p.id = lp.product_id
		WHERE p.active ORDER BY p.id LIMIT 20000`).Scan(ctx, &prices); err != nil {
		return nil, fmt.Errorf("setup: prices: %w", err)
	}
	for _, p := range prices {
		w.prices[priceKey{p.SKU, p.Currency}] = p.UnitPrice
	}
	if err := w.makeCompanies(ctx, db, o.companies); err != nil {
		return nil, err
	}
	if err := w.makeCustomers(ctx, db, o.customers, o.password); err != nil {
		return nil, err
	}
	k, token, err := apikey.Create(ctx, db, "loadgen "+time.Now().Format(time.DateTime), apikey.AllScopes)
	if err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	w.apiToken, w.apiPrefix = token, k.Prefix
	return w, nil
}

// stockPerMinQty is how many minimum orders of each orderable product every
// warehouse holds beyond what is reserved: the run should measure ordering,
// not run out of goods.
const stockPerMinQty = 20000

func topUpStock(ctx context.Context, db bun.IDB, products []lgProduct) error {
	ids := make([]int64, len(products))
	for i, p := range products {
		ids[i] = p.ID
	}
	_, err := db.ExecContext(ctx, `INSERT INTO stock (product_id, warehouse_id, on_hand)
		SELECT p.id, w.id, p.min_order_qty * ? FROM products p CROSS JOIN warehouses w WHERE p.id IN (?)
		ON CONFLICT (product_id, warehouse_id) DO UPDATE
		SET on_hand = greatest(stock.on_hand, stock.reserved + EXCLUDED.on_hand), restock_on = NULL, updated_at = now()`,
		stockPerMinQty, bun.In(ids))
	if err != nil {
		return fmt.Errorf("setup: stock: %w", err)
	}
	return nil
}

// makeCompanies creates the load's companies through company.Upsert, as the
// ERP would: active, with a credit limit no run reaches. A second run with
// the same count finds and reuses them (same tax IDs).
func (w *world) makeCompanies(ctx context.Context, db *bun.DB, n int) error {
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		w.companies = w.companies[:0]
		for i := range n {
			c := lgCountries[i%len(lgCountries)]
			tax, err := lgTaxID(c.country, i)
			if err != nil {
				return err
			}
			id, _, err := company.Upsert(ctx, tx, company.Update{Country: c.country, TaxID: tax,
				Name: fmt.Sprintf("%s%s %03d", lgNamePrefix, c.country, i), BillingAddress: c.address, DeliveryAddress: c.address,
				Currency: domain.Currency(c.currency), Language: domain.Language(c.lang), PaymentTermsDays: 30,
				CreditLimit: lgCreditLimit, Segment: "B", Status: company.StatusActive})
			if err != nil {
				return fmt.Errorf("setup: company %d: %w", i, err)
			}
			w.companies = append(w.companies, &lgCompany{ID: id, Country: c.country, TaxID: tax, Currency: c.currency,
				Language: c.lang, Address: c.address})
		}
		return nil
	})
}

// makeCustomers creates one user per simulated customer, spread over the
// companies (the first of each company is its owner, the others buyers), all
// with one known password, and empties their carts.
func (w *world) makeCustomers(ctx context.Context, db *bun.DB, n int, password string) error {
	hash, err := account.HashPassword(password)
	if err != nil {
		return err
	}
	return domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		w.customers = w.customers[:0]
		var emails []string
		for i := range n {
			c := w.companies[i%len(w.companies)]
			role := company.RoleBuyer
			if i < len(w.companies) {
				role = company.RoleOwner
			}
			email := fmt.Sprintf("lg%05d@%s", i, lgEmailDomain)
			var id int64
			err := tx.NewRaw(`INSERT INTO users (company_id, email, name, role, language, password_hash, can_see_invoices)
				VALUES (?, ?, ?, ?, ?, ?, true)
				ON CONFLICT (email) DO UPDATE SET company_id = EXCLUDED.company_id, role = EXCLUDED.role, language = EXCLUDED.language,
				  password_hash = EXCLUDED.password_hash, active = true
				RETURNING id`, c.ID, email, fmt.Sprintf("Loadgen customer %d", i), role, c.Language, hash).Scan(ctx, &id)
			if err != nil {
				return fmt.Errorf("setup: user %s: %w", email, err)
			}
			w.customers = append(w.customers, &lgCustomer{ID: id, Email: email, Company: c})
			emails = append(emails, "email:"+email)
		}
		ids := make([]int64, len(w.customers))
		for i, c := range w.customers {
			ids[i] = c.ID
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM cart_lines WHERE user_id IN (?)", bun.In(ids)); err != nil {
			return fmt.Errorf("setup: carts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_failures WHERE subject IN (?)", bun.In(emails)); err != nil {
			return fmt.Errorf("setup: sign-in failures: %w", err)
		}
		return nil
	})
}

// lgTaxID makes a valid tax ID for the i-th load company: a made-up number
// starting with 9 (the demo and the tests use others), with its check digit.
func lgTaxID(country string, i int) (string, error) {
	weights := map[string][]int{"PL": {6, 5, 7, 2, 3, 4, 5, 6, 7}, "FI": {7, 9, 10, 5, 8, 4, 2}, "RU": {2, 4, 10, 3, 5, 9, 4, 6, 8}}[country]
	for k := i * 11; k < i*11+11; k++ { // one of 11 candidates has a valid check digit
		base := fmt.Sprintf("9%0*d", len(weights)-1, k)
		sum := 0
		for j, wt := range weights {
			sum += int(base[j]-'0') * wt
		}
		var id string
		switch r := sum % 11; country {
		case "PL":
			if r == 10 {
				continue
			}
			id = base + fmt.Sprint(r)
		case "FI":
			if r == 1 {
				continue
			}
			c := 0
			if r > 1 {
				c = 11 - r
			}
			id = base + "-" + fmt.Sprint(c)
		case "RU":
			id = base + fmt.Sprint(r%10)
		}
		return taxid.Normalize(taxid.Country(country), id)
	}
	return "", fmt.Errorf("setup: no valid %s tax ID for company %d", country, i)
}

// cleanup revokes the run's API key.
func (w *world) cleanup(ctx context.Context, db bun.IDB) error {
	if w.apiPrefix == "" {
		return nil
	}
	return apikey.Revoke(ctx, db, w.apiPrefix)
}

func (c *lgCompany) key() string { return c.Country + "/" + strings.ToUpper(c.TaxID) }
