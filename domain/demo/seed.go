package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/credit"
)

var defaultCredit = credit.DefaultPolicy

// Password is every demo user's password.
const Password = "demo-partner-2026"

// seedMarker records in kv_settings that the demo data is loaded.
const seedMarker = "demo_seeded"

// Summary tells what the demo holds and how to sign in.
type Summary struct {
	AlreadySeeded bool
	Products      int
	Companies     int
	Orders        int
	SignIns       []SignIn
}

// SignIn is a demo account.
type SignIn struct {
	Email, Name, Role, Company string
	Language                   domain.Language
}

// String renders the summary for the terminal.
func (s Summary) String(publicURL string) string {
	var b strings.Builder
	if s.AlreadySeeded {
		b.WriteString("Demo data already loaded; nothing added.\n")
	} else {
		fmt.Fprintf(&b, "Demo data loaded: %d products, %d companies, %d orders.\n", s.Products, s.Companies, s.Orders)
	}
	fmt.Fprintf(&b, "\nPortal: %s   password for every demo account: %s\n\n", publicURL, Password)
	fmt.Fprintf(&b, "  %-42s %-5s %-11s %s\n", "e-mail", "lang", "role", "company")
	for _, si := range s.SignIns {
		fmt.Fprintf(&b, "  %-42s %-5s %-11s %s\n", si.Email, si.Language, si.Role, si.Company)
	}
	return b.String()
}

// Seed loads the demo data in one transaction: all of it or nothing. A second
// run finds the marker and adds nothing. Dates are relative to today, so the
// history always covers the last twelve months.
func Seed(ctx context.Context, db *bun.DB) (Summary, error) {
	var sum Summary
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// One seeder at a time; the second waits and then finds the marker.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7250003)"); err != nil {
			return err
		}
		var done bool
		if err := tx.NewRaw("SELECT EXISTS (SELECT 1 FROM kv_settings WHERE key = ?)", seedMarker).Scan(ctx, &done); err != nil {
			return fmt.Errorf("demo: marker: %w", err)
		}
		if done {
			sum.AlreadySeeded = true
			return nil
		}
		s := &seeder{tx: tx, rnd: rand.New(rand.NewPCG(2026, 11)), today: today()}
		if err := s.run(ctx); err != nil {
			return err
		}
		sum.Products, sum.Companies, sum.Orders = len(s.products), len(s.companies), s.orders
		_, err := tx.ExecContext(ctx, "INSERT INTO kv_settings (key, value) VALUES (?, ?)", seedMarker, s.today.Format(time.DateOnly))
		return err
	})
	if err != nil {
		return sum, fmt.Errorf("demo: %w", err)
	}
	sum.SignIns, err = signIns(ctx, db)
	return sum, err
}

func today() time.Time {
	return domain.Day(time.Now(), time.Local)
}

func signIns(ctx context.Context, db bun.IDB) ([]SignIn, error) {
	var out []SignIn
	err := db.NewRaw(`SELECT u.email, u.name, u.role, coalesce(c.name, '') AS company, u.language
		FROM users u LEFT JOIN companies c ON c.id = u.company_id
		WHERE u.email LIKE '%.example'
		ORDER BY u.company_id NULLS FIRST, u.id`).Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("demo: sign-ins: %w", err)
	}
	return out, nil
}

// seeder carries the ids made so far.
type seeder struct {
	tx    bun.Tx
	rnd   *rand.Rand
	today time.Time

	priceGroups map[string]int64
	warehouses  map[string]int64 // by country
	products    []seedProduct
	bySKU       map[string]int
	staff       map[string]int64 // by key
	companies   []*seedCompany
	orders      int
	calendars   map[string]*complaint.Calendar // by country, for complaints' deadlines
}

type seedProduct struct {
	ID       int64
	Seed     ProductSeed
	OnHand   int
	Category string
}

func (s *seeder) run(ctx context.Context) error {
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"reference data", s.reference},
		{"catalog", s.catalog},
		{"stock", s.stock},
		{"staff", s.seedStaff},
		{"companies", s.seedCompanies},
		{"history", s.history},
		{"open orders", s.openOrders},
	}
	for _, st := range steps {
		if err := st.fn(ctx); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

func (s *seeder) exec(ctx context.Context, q string, args ...any) error {
	_, err := s.tx.ExecContext(ctx, q, args...)
	return err
}

func (s *seeder) id(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := s.tx.NewRaw(q, args...).Scan(ctx, &id)
	return id, err
}
