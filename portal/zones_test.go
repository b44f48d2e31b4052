package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"partnerdesk/domain/dbtest"
)

// A customer reads times on their country's clock (its business calendar's
// zone): one order placed at 09:30 UTC in January shows 10:30 to a Polish
// customer, 11:30 to a Finnish one and 12:30 to a Russian one, on the orders
// list and the order page; staff read the server's clock (UTC here). An
// admin who moves a country's calendar to another zone moves its customers'
// times with it at once.
func TestCustomersSeeTimesOnTheirCountrysClock(t *testing.T) {
	db := dbtest.DB(t)
	for _, c := range []struct{ lang, want string }{{"pl", "15.01.2026 10:30"}, {"fi", "15.01.2026 11:30"}, {"ru", "15.01.2026 12:30"}} {
		tn := newTenant(t, c.lang)
		dbtest.Exec(t, db, "UPDATE orders SET created_at = '2026-01-15 09:30:00+00' WHERE id = ?", tn.OrderID)
		p := newTestPortal(t)
		p.signIn(tn.BuyerEmail)
		mustContain(t, p.get("/orders", "").Body, c.want)
		mustContain(t, p.get(fmt.Sprintf("/orders/%d", tn.OrderNumber), "").Body, c.want)
		if c.lang != "fi" {
			continue
		}
		_, email := newStaff(t, "admin")
		staff := newTestPortal(t)
		staff.signIn(email)
		mustContain(t, staff.get(fmt.Sprintf("/desk/companies/%d", tn.CompanyID), "").Body, "15.01.2026 09:30")

		// The admin moves Finland's calendar to Stockholm (UTC+1 in January).
		t.Cleanup(func() {
			dbtest.Exec(t, db, "UPDATE business_hours SET time_zone = 'Europe/Helsinki' WHERE country = 'FI'")
		})
		staff.srv.zones = p.srv.zones // one instance: the admin's and the customer's pages
		res := staff.post("/desk/admin/sla", url.Values{"country": {"FI"}, "time_zone": {"Europe/Stockholm"}, "day_start": {"08:00"},
			"day_end": {"16:00"}, "days": {"1", "2", "3", "4", "5"}, "ack_hours": {"4"}, "decide_hours": {"40"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("save calendar: %d %s", res.Status, res.Body)
		}
		mustContain(t, p.get("/orders", "").Body, "15.01.2026 10:30")
	}
}

// Each page is copied once per language and zone: reading the zones again
// (every minute, or after a calendar changed) makes no new copies.
func TestZonesReadAgainMakeNoNewPageCopies(t *testing.T) {
	tn := newTenant(t, "fi")
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	copies := func() int {
		p.srv.templates.mu.RLock()
		defer p.srv.templates.mu.RUnlock()
		return len(p.srv.templates.pages)
	}
	p.get("/orders", "")
	before := copies()
	for range 3 {
		p.srv.zones.Forget()
		mustContain(t, p.get("/orders", "").Body, tn.Name)
	}
	if after := copies(); after != before {
		t.Fatalf("%d page copies, then %d", before, after)
	}
}
