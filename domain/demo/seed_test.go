package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
	"partnerdesk/domain/taxid"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestSeedLoadsEverythingOnceAndConsistently(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	sum, err := demo.Seed(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if sum.AlreadySeeded || sum.Products < 300 || sum.Companies != 6 || sum.Orders < 250 {
		t.Fatalf("summary = %+v", sum)
	}
	counts := func() map[string]int {
		out := map[string]int{}
		for _, table := range []string{"products", "companies", "users", "orders", "order_lines", "invoices", "payments",
			"complaints", "nps_responses", "loyalty_ledger", "stock", "favourites", "shipments", "warehouses"} {
			var n int
			dbtest.Scan(t, db, &n, "SELECT count(*) FROM "+table)
			out[table] = n
		}
		return out
	}
	first := counts()
	for table, n := range first {
		if n == 0 {
			t.Errorf("%s is empty", table)
		}
	}
	again, err := demo.Seed(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if !again.AlreadySeeded {
		t.Fatal("second run did not notice the first")
	}
	for table, n := range counts() {
		if n != first[table] {
			t.Errorf("second run changed %s: %d → %d", table, first[table], n)
		}
	}

	// Two companies per country; owner, buyer and accountant in its language; valid tax IDs.
	var rows []struct {
		Country, TaxID string
		Users          int
		Langs          int
	}
	dbtest.Scan(t, db, &rows, `SELECT c.country, c.tax_id, count(u.id) AS users, count(DISTINCT u.language) AS langs
		FROM companies c JOIN users u ON u.company_id = c.id AND u.language = c.language GROUP BY c.id ORDER BY c.id`)
	perCountry := map[string]int{}
	for _, r := range rows {
		perCountry[r.Country]++
		if err := taxid.Validate(taxid.Country(r.Country), r.TaxID); err != nil {
			t.Errorf("tax id %s %s: %v", r.Country, r.TaxID, err)
		}
		if r.Users != 3 {
			t.Errorf("company in %s has %d users in its language", r.Country, r.Users)
		}
	}
	if perCountry["PL"] != 2 || perCountry["FI"] != 2 || perCountry["RU"] != 2 {
		t.Fatalf("companies per country = %v", perCountry)
	}

	// Stock bookkeeping: reserved equals the open reservations, per row.
	var mismatches int
	dbtest.Scan(t, db, &mismatches, `SELECT count(*) FROM stock s WHERE s.reserved <> coalesce((
		SELECT sum(r.qty) FROM stock_reservations r WHERE r.product_id = s.product_id AND r.warehouse_id = s.warehouse_id AND r.released_at IS NULL), 0)`)
	if mismatches != 0 {
		t.Fatalf("%d stock rows disagree with their reservations", mismatches)
	}
	var outOfStock, overdueCompanies, texts int
	dbtest.Scan(t, db, &outOfStock, `SELECT count(*) FROM (SELECT product_id FROM stock GROUP BY product_id HAVING sum(on_hand) = 0 AND min(restock_on) IS NOT NULL) x`)
	dbtest.Scan(t, db, &overdueCompanies, `SELECT count(DISTINCT company_id) FROM invoices WHERE paid < gross_total AND due_on < current_date - 7`)
	dbtest.Scan(t, db, &texts, `SELECT count(*) FROM products WHERE name_pl <> '' AND name_ru <> '' AND name_fi <> ''`)
	if outOfStock < 5 || overdueCompanies < 1 || texts < 300 {
		t.Fatalf("out of stock %d, overdue companies %d, products named in all languages %d", outOfStock, overdueCompanies, texts)
	}
	out := sum.String("http://localhost:8080")
	if !strings.Contains(out, demo.Password) || !strings.Contains(out, "anna.kowalczyk@voltmarket.example") {
		t.Fatalf("summary does not show the sign-ins:\n%s", out)
	}

	// Complaints carry the deadlines their country's calendar gives, in
	// business hours, as complaint.Create makes them.
	var cs []struct {
		Country       string
		CreatedAt     time.Time
		AckDueAt      time.Time
		DecisionDueAt time.Time
	}
	dbtest.Scan(t, db, &cs, `SELECT c.country, k.created_at, k.ack_due_at, k.decision_due_at
		FROM complaints k JOIN companies c ON c.id = k.company_id`)
	for _, k := range cs {
		cal, err := complaint.LoadCalendar(ctx, db, k.Country)
		if err != nil {
			t.Fatal(err)
		}
		ack, decide := cal.Deadlines(k.CreatedAt)
		if !k.AckDueAt.Equal(ack) || !k.DecisionDueAt.Equal(decide) {
			t.Errorf("%s complaint made %s: due %s / %s, calendar says %s / %s", k.Country, k.CreatedAt, k.AckDueAt, k.DecisionDueAt, ack, decide)
		}
	}
}
