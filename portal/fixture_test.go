package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"partnerdesk/domain/account"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/order"
)

const testPassword = "hasło-testowe-123"

// tenant is a customer company with users, products in stock, an order, an
// invoice and a complaint, for tests.
type tenant struct {
	CompanyID                   int64
	Name                        string
	Owner, Buyer, Accountant    int64
	OwnerEmail, BuyerEmail      string
	AccountantEmail             string
	Product, Scarce             int64
	ProductSKU                  string
	OrderNumber                 int64
	OrderID                     int64
	PONumber, InvoiceNo, Marker string
}

var passwordHash string

func hashOnce(t testing.TB) string {
	if passwordHash == "" {
		h, err := account.HashPassword(testPassword)
		if err != nil {
			t.Fatal(err)
		}
		passwordHash = h
	}
	return passwordHash
}

func newTenant(t testing.TB, lang string) *tenant {
	t.Helper()
	ctx := context.Background()
	db := dbtest.DB(t)
	n := dbtest.Unique()
	cc := map[string][2]string{"pl": {"PL", "PLN"}, "ru": {"RU", "RUB"}, "fi": {"FI", "EUR"}}[lang]
	country, currency := cc[0], cc[1]
	tn := &tenant{Marker: fmt.Sprintf("tenant-%d", n), PONumber: fmt.Sprintf("PO-SECRET-%d", n)}
	tn.CompanyID = dbtest.Company(t, db, dbtest.CompanyOpts{Country: country, Currency: currency, Language: lang})
	dbtest.Scan(t, db, &tn.Name, "UPDATE companies SET name = ? WHERE id = ? RETURNING name", "Firma "+tn.Marker, tn.CompanyID)
	user := func(role string) (int64, string) {
		email := fmt.Sprintf("%s-%s@example.test", role, tn.Marker)
		var id int64
		dbtest.Scan(t, db, &id, `INSERT INTO users (company_id, email, name, role, language, password_hash, can_see_invoices)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, tn.CompanyID, email, role+" "+tn.Marker, role, lang, hashOnce(t), role != "buyer")
		return id, email
	}
	tn.Owner, tn.OwnerEmail = user("owner")
	tn.Buyer, tn.BuyerEmail = user("buyer")
	tn.Accountant, tn.AccountantEmail = user("accountant")
	wh := dbtest.Warehouse(t, db, "T-"+country, country)
	tn.Product = dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 2500, NamePL: "Żarówka LED testowa " + tn.Marker})
	dbtest.Exec(t, db, "UPDATE products SET name_ru = ?, name_fi = ? WHERE id = ?", "Лампа светодиодная "+tn.Marker, "LED-lamppu "+tn.Marker, tn.Product)
	dbtest.Exec(t, db, "INSERT INTO list_prices (product_id, currency, unit_price) VALUES (?, 'EUR', 600), (?, 'RUB', 52000) ON CONFLICT DO NOTHING", tn.Product, tn.Product)
	dbtest.Scan(t, db, &tn.ProductSKU, "SELECT sku FROM products WHERE id = ?", tn.Product)
	dbtest.Stock(t, db, tn.Product, wh, 1000)
	tn.Scarce = dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 900})
	dbtest.Exec(t, db, "INSERT INTO list_prices (product_id, currency, unit_price) VALUES (?, 'EUR', 200), (?, 'RUB', 19000) ON CONFLICT DO NOTHING", tn.Scarce, tn.Scarce)
	dbtest.Stock(t, db, tn.Scarce, wh, 2)

	svc := &order.Service{DB: db}
	res, err := svc.Place(ctx, order.PlaceRequest{CompanyID: tn.CompanyID, UserID: tn.Buyer, Channel: order.ChannelPortal,
		IdempotencyKey: "fixture-" + tn.Marker, PONumber: tn.PONumber, Lines: []order.LineRequest{{ProductID: tn.Product, Qty: 4}}})
	if err != nil {
		t.Fatal(err)
	}
	tn.OrderNumber, tn.OrderID = res.Order.Number, res.Order.ID
	tn.InvoiceNo = "FV/" + tn.Marker
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, order_id, currency, issued_on, due_on, net_total, vat_total, gross_total)
		VALUES (?, ?, ?, ?, current_date, current_date + 14, 10000, 2300, 12300)`, tn.CompanyID, tn.InvoiceNo, tn.OrderID, currency)
	var lineID int64
	dbtest.Scan(t, db, &lineID, "SELECT id FROM order_lines WHERE order_id = ?", tn.OrderID)
	dbtest.Exec(t, db, `INSERT INTO complaints (company_id, order_id, order_line_id, user_id, channel, qty, reason, description, ack_due_at, decision_due_at)
		VALUES (?, ?, ?, ?, 'portal', 1, 'damaged', ?, now() + interval '4 hours', now() + interval '5 days')`, tn.CompanyID, tn.OrderID, lineID, tn.Buyer, "complaint "+tn.Marker)
	return tn
}

// signIn signs the portal's browser in as the given user.
func (p *testPortal) signIn(email string) {
	p.t.Helper()
	p.get("/signin", "")
	res := p.post("/signin", url.Values{"email": {email}, "password": {testPassword}})
	if res.Status != http.StatusSeeOther {
		p.t.Fatalf("sign-in as %s: status %d\n%s", email, res.Status, res.Body)
	}
}

func statusReq(orderID int64, status string) order.StatusRequest {
	return order.StatusRequest{OrderID: orderID, Status: status, Source: "erp"}
}
