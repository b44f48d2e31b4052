package admin_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var ctx = context.Background()

// staff inserts an active staff member and returns their id.
func staff(t *testing.T, role string) int64 {
	t.Helper()
	n := dbtest.Unique()
	var id int64
	dbtest.Scan(t, dbtest.DB(t), &id, `INSERT INTO users (email, name, role, language) VALUES (?, ?, ?, 'pl') RETURNING id`,
		fmt.Sprintf("%s-%d@voltmarket.example", role, n), fmt.Sprintf("%s %d", role, n), role)
	return id
}

// managedCompany inserts a company with the given manager and backup (0 = none).
func managedCompany(t *testing.T, manager, backup int64) int64 {
	t.Helper()
	db := dbtest.DB(t)
	id := dbtest.Company(t, db, dbtest.CompanyOpts{})
	var b any
	if backup != 0 {
		b = backup
	}
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = ? WHERE id = ?", manager, b, id)
	return id
}

// managers returns a company's manager and backup (0 = none).
func managers(t *testing.T, companyID int64) (int64, int64) {
	t.Helper()
	var m, b int64
	dbtest.Scan(t, dbtest.DB(t), &m, "SELECT coalesce(manager_id, 0) FROM companies WHERE id = ?", companyID)
	dbtest.Scan(t, dbtest.DB(t), &b, "SELECT coalesce(backup_manager_id, 0) FROM companies WHERE id = ?", companyID)
	return m, b
}

func bunIn(ids ...int64) any { return bun.In(ids) }
