package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"partnerdesk/domain/dbtest"
)

func newStaff(t *testing.T, role string) (int64, string) {
	t.Helper()
	email := fmt.Sprintf("%s-%d@voltmarket.example", role, dbtest.Unique())
	var id int64
	dbtest.Scan(t, dbtest.DB(t), &id, `INSERT INTO users (email, name, role, language, password_hash) VALUES (?, ?, ?, 'pl', ?) RETURNING id`,
		email, "Staff "+email, role, hashOnce(t))
	return id, email
}

// A manager sees and invites users only for the companies assigned to them.
func TestManagerInvitesOnlyForAssignedCompanies(t *testing.T) {
	mine, other := newTenant(t, "pl"), newTenant(t, "fi")
	manager, email := newStaff(t, "manager")
	dbtest.Exec(t, dbtest.DB(t), "UPDATE companies SET manager_id = ? WHERE id = ?", manager, mine.CompanyID)
	p := newTestPortal(t)
	p.signIn(email)
	home := p.get("/", "")
	mustContain(t, home.Body, mine.Name)
	if strings.Contains(home.Body, other.Name) {
		t.Fatal("an unassigned company is listed")
	}
	// The invitation form lives on the customer's 360 page.
	mustContain(t, p.get(fmt.Sprintf("/desk/companies/%d", mine.CompanyID), "").Body, "Zaproś współpracownika")
	res := p.post(fmt.Sprintf("/desk/companies/%d/invite", mine.CompanyID), url.Values{"email": {"nowy." + mine.Marker + "@example.test"},
		"role": {"buyer"}, "language": {"pl"}})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "/invite/") {
		t.Fatalf("invite: %d", res.Status)
	}
	res = p.post(fmt.Sprintf("/desk/companies/%d/invite", other.CompanyID), url.Values{"email": {"x." + other.Marker + "@example.test"}, "role": {"buyer"}})
	if res.Status != http.StatusNotFound {
		t.Fatalf("unassigned company: %d", res.Status)
	}
	// Staff pages do not exist for customers, and customer pages not for staff.
	c := newTestPortal(t)
	c.signIn(mine.OwnerEmail)
	if res := c.post(fmt.Sprintf("/desk/companies/%d/invite", mine.CompanyID), url.Values{"email": {"y@example.test"}, "role": {"buyer"}}); res.Status != http.StatusNotFound {
		t.Fatalf("customer on a staff route: %d", res.Status)
	}
	if res := p.get("/orders", ""); res.Status != http.StatusNotFound {
		t.Fatalf("staff on a customer page: %d", res.Status)
	}
}
