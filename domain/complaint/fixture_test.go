package complaint_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
)

// shop is a customer company with a buyer, for tests.
type shop struct {
	ID, Buyer int64
}

func newShop(t *testing.T, db bun.IDB, country string) shop {
	t.Helper()
	currency := map[string]string{"PL": "PLN", "FI": "EUR", "RU": "RUB"}[country]
	lang := map[string]string{"PL": "pl", "FI": "fi", "RU": "ru"}[country]
	id := dbtest.Company(t, db, dbtest.CompanyOpts{Country: country, Currency: currency, Language: lang})
	return shop{ID: id, Buyer: dbtest.User(t, db, id, "buyer")}
}

// testOrder is an order with its line ids in line order.
type testOrder struct {
	ID, Number int64
	Lines      []int64
}

// newOrder inserts an order in the given status with one line per quantity.
func newOrder(t *testing.T, db bun.IDB, companyID int64, status string, qtys ...int) testOrder {
	t.Helper()
	var o testOrder
	err := db.NewRaw(`INSERT INTO orders (company_id, channel, status, currency, net_goods, net_total, vat_total, gross_total, idempotency_key)
		VALUES (?, 'portal', ?, 'PLN', 0, 0, 0, 0, ?) RETURNING id, number`, companyID, status, fmt.Sprintf("test-order-%d", dbtest.Unique())).
		Scan(context.Background(), &o.ID, &o.Number)
	if err != nil {
		t.Fatal(err)
	}
	for i, qty := range qtys {
		p := dbtest.Product(t, db, dbtest.ProductOpts{})
		dbtest.Exec(t, db, "UPDATE products SET name_fi = ? WHERE id = ?", fmt.Sprintf("Testituote %d", p), p)
		var lineID int64
		dbtest.Scan(t, db, &lineID, `INSERT INTO order_lines (order_id, line_no, product_id, sku, name, qty, list_price, unit_price, vat_rate_bp, net_amount)
			SELECT ?, ?, id, sku, name_pl, ?, 100, 100, 2300, 100 * ? FROM products WHERE id = ? RETURNING id`, o.ID, i+1, qty, qty, p)
		o.Lines = append(o.Lines, lineID)
	}
	return o
}

// staff inserts a manager or admin of the distributor.
func staff(t *testing.T, db bun.IDB, role string) int64 {
	t.Helper()
	var id int64
	n := dbtest.Unique()
	dbtest.Scan(t, db, &id, "INSERT INTO users (email, name, role) VALUES (?, ?, ?) RETURNING id",
		fmt.Sprintf("staff%d@example.test", n), fmt.Sprintf("Manager %d", n), role)
	return id
}

// monday10 is a working Monday morning in Warsaw, far from holidays.
func monday10(t testing.TB) time.Time {
	return time.Date(2026, 11, 23, 10, 0, 0, 0, mustLoc(t, "Europe/Warsaw"))
}

// wantFieldError fails unless err is a *complaint.FieldError with that code and max.
func wantFieldError(t *testing.T, err error, code string, max int) {
	t.Helper()
	var fe *complaint.FieldError
	if !errors.As(err, &fe) || fe.Code != code || fe.Max != max {
		t.Fatalf("err = %v, want field error %s (max %d)", err, code, max)
	}
}

func stageEvents(t *testing.T, db bun.IDB, complaintID int64) []string {
	t.Helper()
	var stages []string
	dbtest.Scan(t, db, &stages, `SELECT payload->>'stage' FROM events WHERE kind = 'complaint.stage'
		AND (payload->>'complaint')::bigint = ? ORDER BY id`, complaintID)
	return stages
}
