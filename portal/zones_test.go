package portal

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain/dbtest"
)

// A customer reads times on their country's clock (its business calendar's
// zone): one order placed at 09:30 UTC in January shows 10:30 to a Polish
// customer, 11:30 to a Finnish one and 12:30 to a Russian one, on the orders
// list and the order page, and so does the desk's page of that customer
// (staff read the server's clock, UTC here, elsewhere). An
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
		// The desk's page of that customer shows the customer's clock too, and says so.
		desk := staff.get(fmt.Sprintf("/desk/companies/%d", tn.CompanyID), "").Body
		mustContain(t, desk, "15.01.2026 11:30", "Godziny według czasu klienta (UTC&#43;2)") // "+" as html/template writes it
		mustNotContain(t, desk, "15.01.2026 09:30")

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

// Business days are the customer's too. At 22:30 UTC on 10 March it is still
// the 10th in Warsaw (the server's zone here) but the 11th in Helsinki and
// Moscow: an invoice due on the 10th is a day overdue for the Finnish and
// the Russian customer and not yet for the Polish one; the earliest delivery
// date they may ask for is the day after their own today, and a Russian
// customer asking for the 11th is told it is not after today. The order
// list's date filter counts days on the customer's clock as well.
func TestBusinessDaysOnTheCustomersClock(t *testing.T) {
	db := dbtest.DB(t)
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 10, 22, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		lang, overdue, minDate, placedOn string
		late                             bool
	}{
		{"pl", "Po terminie", "2026-03-11", "2026-03-10", false},
		{"fi", "Erääntynyt", "2026-03-12", "2026-03-11", true},
		{"ru", "Просрочен", "2026-03-12", "2026-03-11", true},
	} {
		t.Run(c.lang, func(t *testing.T) {
			tn := newTenant(t, c.lang)
			dbtest.Exec(t, db, "UPDATE invoices SET issued_on = '2026-02-24', due_on = '2026-03-10' WHERE number = ?", tn.InvoiceNo)
			dbtest.Exec(t, db, "UPDATE orders SET created_at = ? WHERE id = ?", now, tn.OrderID)
			p := newTestPortalWith(t, Config{Location: warsaw, Now: func() time.Time { return now }})
			p.signIn(tn.OwnerEmail)

			inv := p.get("/invoices", "").Body
			if got := strings.Contains(inv, `badge-overdue">`+c.overdue); got != c.late {
				t.Errorf("invoice due on the 10th shown overdue: %v, want %v\n%s", got, c.late, inv)
			}

			if res := p.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"3"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("add: %d", res.Status)
			}
			page := p.get("/checkout", "").Body
			mustContain(t, page, `min="`+c.minDate+`"`)
			key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page)
			if key == nil {
				t.Fatalf("no checkout form:\n%s", page)
			}
			res := p.post("/checkout", url.Values{"key": {key[1]}, "po_number": {"PO-DAY"}, "delivery_address": {"Somewhere 1"},
				"requested_on": {"2026-03-11"}})
			if c.late {
				if res.Status != http.StatusUnprocessableEntity {
					t.Fatalf("delivery on the customer's today: %d, want 422", res.Status)
				}
				mustContain(t, res.Body, map[string]string{"fi": "Valitse tätä päivää myöhäisempi päivämäärä.", "ru": "Укажите дату позже сегодняшней."}[c.lang])
			} else if res.Status != http.StatusSeeOther {
				t.Fatalf("delivery tomorrow: %d %s", res.Status, res.Body)
			}

			on := "/orders?from=" + c.placedOn + "&to=" + c.placedOn
			mustContain(t, p.get(on, "").Body, tn.PONumber)
			other := "2026-03-11"
			if c.placedOn == other {
				other = "2026-03-10"
			}
			mustNotContain(t, p.get("/orders?from="+other+"&to="+other, "").Body, tn.PONumber)
		})
	}
}
