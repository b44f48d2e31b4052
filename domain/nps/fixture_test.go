package nps_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// shop is a customer company with an owner, a buyer and an accountant.
type shop struct {
	ID                       int64
	Owner, Buyer, Accountant int64
}

func newShop(t *testing.T, db bun.IDB, segment string) shop {
	t.Helper()
	s := shop{ID: dbtest.Company(t, db, dbtest.CompanyOpts{})}
	dbtest.Exec(t, db, "UPDATE companies SET segment = ? WHERE id = ?", segment, s.ID)
	s.Owner = dbtest.User(t, db, s.ID, "owner")
	s.Buyer = dbtest.User(t, db, s.ID, "buyer")
	s.Accountant = dbtest.User(t, db, s.ID, "accountant")
	return s
}

// deliveredOrder inserts an order the user placed, delivered at the given time.
func deliveredOrder(t *testing.T, db bun.IDB, companyID, userID int64, delivered time.Time) int64 {
	t.Helper()
	return order(t, db, companyID, userID, "delivered", delivered)
}

func order(t *testing.T, db bun.IDB, companyID, userID int64, status string, at time.Time) int64 {
	t.Helper()
	var id, number int64
	err := db.NewRaw(`INSERT INTO orders (company_id, user_id, channel, status, currency, net_goods, net_total, vat_total, gross_total, idempotency_key, created_at, updated_at)
		VALUES (?, ?, 'portal', ?, 'PLN', 0, 0, 0, 0, ?, ?, ?) RETURNING id, number`, companyID, userID, status,
		fmt.Sprintf("nps-order-%d", dbtest.Unique()), at.Add(-72*time.Hour), at).Scan(context.Background(), &id, &number)
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Exec(t, db, "INSERT INTO order_status_history (order_id, status, source, at) VALUES (?, ?, 'erp', ?)", id, status, at)
	return number
}

// staff inserts a manager (or admin) of the distributor.
func staff(t *testing.T, db bun.IDB, role, name string) int64 {
	t.Helper()
	var id int64
	dbtest.Scan(t, db, &id, "INSERT INTO users (email, name, role) VALUES (?, ?, ?) RETURNING id",
		fmt.Sprintf("staff%d@voltmarket.example", dbtest.Unique()), name, role)
	return id
}

// answer stores a response directly, as the bot or the demo data would.
func answer(t *testing.T, db bun.IDB, companyID, userID int64, trigger, ref string, score int, comment string, at time.Time) {
	t.Helper()
	var orderID any
	if trigger == "after_delivery" {
		var id int64
		dbtest.Scan(t, db, &id, "SELECT id FROM orders WHERE number = ?::bigint", ref)
		orderID = id
	}
	dbtest.Exec(t, db, `INSERT INTO nps_responses (company_id, user_id, order_id, trigger, trigger_ref, channel, score, comment, created_at)
		VALUES (?, ?, ?, ?, ?, 'bot', ?, ?, ?)`, companyID, userID, orderID, trigger, ref, score, comment, at)
}

func count(t *testing.T, db bun.IDB, query string, args ...any) int {
	t.Helper()
	var n int
	dbtest.Scan(t, db, &n, query, args...)
	return n
}
