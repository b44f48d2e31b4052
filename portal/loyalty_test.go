package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

// loyaltyProgram configures the tiers as the demo does (idempotent).
func loyaltyProgram(t *testing.T) {
	t.Helper()
	db := dbtest.DB(t)
	dbtest.Exec(t, db, `INSERT INTO loyalty_tiers (code, rank, discount_bp, priority, points_per_unit) VALUES
		('silver', 1, 0, false, 1), ('gold', 2, 100, false, 1), ('platinum', 3, 200, true, 2)
		ON CONFLICT (code) DO UPDATE SET discount_bp = EXCLUDED.discount_bp, priority = EXCLUDED.priority, points_per_unit = EXCLUDED.points_per_unit`)
	dbtest.Exec(t, db, `INSERT INTO loyalty_tier_thresholds (tier, currency, min_spend) VALUES
		('silver', 'PLN', 2000000), ('gold', 'PLN', 8000000), ('platinum', 'PLN', 20000000),
		('silver', 'EUR', 500000), ('gold', 'EUR', 2000000), ('platinum', 'EUR', 5000000),
		('silver', 'RUB', 40000000), ('gold', 'RUB', 160000000), ('platinum', 'RUB', 400000000)
		ON CONFLICT (tier, currency) DO UPDATE SET min_spend = EXCLUDED.min_spend`)
	dbtest.Exec(t, db, `UPDATE loyalty_settings SET earn_unit = CASE currency WHEN 'PLN' THEN 100 WHEN 'EUR' THEN 25 ELSE 2000 END,
		point_value = CASE currency WHEN 'PLN' THEN 100 WHEN 'EUR' THEN 25 ELSE 2000 END, redeem_cap_bp = 2000`)
}

// The customer's loyalty page in each language: tier with its date and
// benefits, an accessible progress bar, the balance and the ledger with
// links to the orders, and no message missing.
func TestLoyaltyPageInEachLanguage(t *testing.T) {
	loyaltyProgram(t)
	want := map[string][]string{
		"pl": {"Program lojalnościowy", "Złoty", "od 01.10.2026", "Dodatkowy rabat 1 % na wszystkie ceny", "Do poziomu Platynowy brakuje",
			"Naliczone za zamówienie", "Jak działają punkty i poziomy", "punktów"},
		"ru": {"Программа лояльности", "Золотой", "с 01.10.2026", "Дополнительная скидка 1 %", "До уровня «Платиновый» осталось",
			"Начислены за заказ", "Как работают баллы и уровни", "баллов"},
		"fi": {"Kanta-asiakasohjelma", "Kulta", "01.10.2026 alkaen", "Lisäalennus 1 %", "Tasolle Platina puuttuu vielä",
			"Ansaittu tilauksesta", "Näin pisteet ja tasot toimivat", "pistettä"},
	}
	for _, lang := range []string{"pl", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			ctx := context.Background()
			db := dbtest.DB(t)
			tn := newTenant(t, lang)
			dbtest.Exec(t, db, "UPDATE companies SET loyalty_tier = 'gold' WHERE id = ?", tn.CompanyID)
			dbtest.Exec(t, db, "INSERT INTO loyalty_tier_history (company_id, tier, previous, spend, changed_at) VALUES (?, 'gold', 'silver', 8000000, '2026-10-01 03:00+00')", tn.CompanyID)
			svc := &order.Service{DB: db}
			if _, err := svc.ChangeStatus(ctx, order.StatusRequest{OrderID: tn.OrderID, Status: order.StatusDelivered, Source: "erp"}); err != nil {
				t.Fatal(err)
			}
			p := newTestPortal(t)
			p.signIn(tn.BuyerEmail)
			res := p.get("/loyalty", "")
			if res.Status != http.StatusOK {
				t.Fatalf("status %d\n%s", res.Status, res.Body)
			}
			mustContain(t, res.Body, want[lang]...)
			mustContain(t, res.Body, `role="progressbar"`, `aria-valuemin="0"`, `aria-valuemax="100"`, `aria-valuenow="`,
				fmt.Sprintf(`href="/orders/%d"`, tn.OrderNumber), `aria-current="page"`)
			// Dashboard and navigation lead here.
			mustContain(t, p.get("/", "").Body, `href="/loyalty"`)
			// Past the ledger's last page: back to the last one.
			if res := p.get("/loyalty?page=2", ""); res.Status != http.StatusSeeOther || res.Location != "/loyalty?page=1" {
				t.Fatalf("page 2: %d %q", res.Status, res.Location)
			}
		})
	}
}

func TestLoyaltyPluralForms(t *testing.T) {
	b, err := locales.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"pl": {"Rabat za 1 punkt", "Rabat za 2 punkty", "Rabat za 5 punktów", "Rabat za 22 punkty"},
		"ru": {"Скидка за 1 балл", "Скидка за 2 балла", "Скидка за 5 баллов", "Скидка за 21 балл"},
		"fi": {"Pistealennus (1 piste)", "Pistealennus (2 pistettä)", "Pistealennus (5 pistettä)", "Pistealennus (21 pistettä)"},
	}
	for lang, want := range cases {
		loc := locales.NewLocalizer(b, domain.Language(lang))
		for i, n := range []int{1, 2, 5, map[string]int{"pl": 22, "ru": 21, "fi": 21}[lang]} {
			if got := loc.TN("loyalty_totals_points", n); got != want[i] {
				t.Errorf("%s %d: %q, want %q", lang, n, got, want[i])
			}
		}
	}
	if n := locales.MissingMessages(); n > 0 {
		t.Fatalf("%d messages missing", n)
	}
}

// Spending points at checkout: "Recalculate" shows the discount in the
// totals, too many points are refused with the reason, and the placed order
// carries the discount and the debit.
func TestCheckoutWithPoints(t *testing.T) {
	loyaltyProgram(t)
	db := dbtest.DB(t)
	tn := newTenant(t, "pl")
	dbtest.Exec(t, db, "INSERT INTO loyalty_ledger (company_id, kind, points, note) VALUES (?, 'adjust', 6000, '')", tn.CompanyID)
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	if res := p.post("/cart/add", url.Values{"product": {fmt.Sprint(tn.Product)}, "qty": {"10"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("add: %d", res.Status)
	}
	page := p.get("/checkout", "")
	// 10 × 25,00 = 250,00 net goods: at most 20 % = 50,00 = 5 000 points.
	mustContain(t, page.Body, "Punkty lojalnościowe", "Masz 6 000 punktów", "najwyżej 5 000", `name="points"`)
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(page.Body)[1]
	form := url.Values{"key": {key}, "delivery_address": {"ul. Testowa 1, Warszawa"}, "points": {"1500"}}

	preview := url.Values{"apply_points": {"1"}}
	for k, v := range form {
		preview[k] = v
	}
	res := p.post("/checkout", preview)
	if res.Status != http.StatusOK {
		t.Fatalf("recalculate: %d", res.Status)
	}
	mustContain(t, res.Body, "Rabat za 1 500 punktów", "−15,00 zł", `value="1500"`, `value="`+key+`"`)
	var orders int
	dbtest.Scan(t, db, &orders, "SELECT count(*) FROM orders WHERE company_id = ?", tn.CompanyID)
	if orders != 1 { // the fixture's
		t.Fatalf("recalculating placed an order (%d orders)", orders)
	}

	tooMany := url.Values{"key": {key}, "delivery_address": {"ul. Testowa 1, Warszawa"}, "points": {"5001"}}
	res = p.post("/checkout", tooMany)
	if res.Status != http.StatusConflict {
		t.Fatalf("over the cap: %d", res.Status)
	}
	mustContain(t, res.Body, "Do tego zamówienia możesz wykorzystać najwyżej 5 000 punktów.")
	res = p.post("/checkout", url.Values{"key": {key}, "delivery_address": {"ul. Testowa 1"}, "points": {"dużo"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("not a number: %d", res.Status)
	}
	mustContain(t, res.Body, "Wpisz liczbę punktów")

	res = p.post("/checkout", form)
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/orders/") {
		t.Fatalf("place: %d %s\n%s", res.Status, res.Location, res.Body)
	}
	again := p.post("/checkout", form) // a double click
	if again.Location != res.Location {
		t.Fatalf("replay went to %s, first to %s", again.Location, res.Location)
	}
	var o struct {
		PointsRedeemed int   `bun:"points_redeemed"`
		PointsDiscount int64 `bun:"points_discount"`
		NetGoods       int64 `bun:"net_goods"`
		NetTotal       int64 `bun:"net_total"`
		VATTotal       int64 `bun:"vat_total"`
		DeliveryFee    int64 `bun:"delivery_fee"`
		Discount       int64 `bun:"discount"`
	}
	number := strings.TrimPrefix(res.Location, "/orders/")
	if err := db.NewRaw(`SELECT points_redeemed, points_discount, net_goods, net_total, vat_total, delivery_fee, discount
		FROM orders WHERE company_id = ? AND number = ?`, tn.CompanyID, number).Scan(context.Background(), &o); err != nil {
		t.Fatal(err)
	}
	if o.PointsRedeemed != 1500 || o.PointsDiscount != 1500 || o.NetTotal != o.NetGoods-o.Discount-1500+o.DeliveryFee {
		t.Fatalf("order = %+v", o)
	}
	if b, err := loyalty.Balance(context.Background(), db, tn.CompanyID); err != nil || b != 4500 {
		t.Fatalf("balance %d, %v; want 4500", b, err)
	}
}

// The programme's admin page exists for admins only: managers and
// customers get 404. Bad input is refused field by field in the admin's
// language; good input is saved.
func TestLoyaltyAdminPageForAdminsOnly(t *testing.T) {
	loyaltyProgram(t)
	t.Cleanup(func() { loyaltyProgram(t) })
	_, managerEmail := newStaff(t, "manager")
	_, adminEmail := newStaff(t, "admin")
	tn := newTenant(t, "pl")

	manager := newTestPortal(t)
	manager.signIn(managerEmail)
	customer := newTestPortal(t)
	customer.signIn(tn.OwnerEmail)
	for _, who := range []*testPortal{manager, customer} {
		if res := who.get("/desk/loyalty", ""); res.Status != http.StatusNotFound {
			t.Errorf("GET: %d, want 404", res.Status)
		}
		if res := who.post("/desk/loyalty", url.Values{"tier_gold_discount": {"25"}}); res.Status != http.StatusNotFound {
			t.Errorf("POST: %d, want 404", res.Status)
		}
		if res := who.post("/desk/loyalty/recompute", url.Values{}); res.Status != http.StatusNotFound {
			t.Errorf("recompute: %d, want 404", res.Status)
		}
	}

	admin := newTestPortal(t)
	admin.signIn(adminEmail)
	page := admin.get("/desk/loyalty", "")
	if page.Status != http.StatusOK {
		t.Fatalf("admin: %d", page.Status)
	}
	mustContain(t, page.Body, "Program lojalnościowy", "Poziomy i korzyści", `name="tier_gold_discount" type="text" inputmode="decimal" value="1"`,
		`name="min_platinum_EUR"`, `value="50 000,00"`, `name="cap_PLN"`)
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="([a-z_A-Z]+)" type="text" inputmode="[a-z]+" value="([^"]*)"`).FindAllStringSubmatch(page.Body, -1) {
		form.Set(m[1], strings.ReplaceAll(m[2], "\u00a0", " "))
	}
	form.Set("tier_platinum_priority", "1")
	if len(form) != 3*(2+len(domain.Currencies))+3*len(domain.Currencies)+1 { // tiers, currencies, one checkbox
		t.Fatalf("form has %d fields: %v", len(form), form)
	}

	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("tier_gold_discount", "45")
	bad.Set("min_gold_PLN", "10 000,00") // below silver
	bad.Set("earn_EUR", "abc")
	res := admin.post("/desk/loyalty", bad)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.Status)
	}
	mustContain(t, res.Body, "Nie zapisano — popraw zaznaczone pola.", "Wpisz od 0 do 30 %.", "Próg musi być wyższy niż próg niższego poziomu.",
		"Wpisz kwotę, np. 20 000,00.", `value="45"`)

	form.Set("tier_gold_discount", "1,5")
	form.Set("value_PLN", "2,00")
	res = admin.post("/desk/loyalty", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.Status, res.Body)
	}
	mustContain(t, admin.get("/desk/loyalty", "").Body, "Ustawienia programu lojalnościowego zapisane.", `value="1,5"`, `value="2,00"`)
	s, err := loyalty.SettingsOf(context.Background(), dbtest.DB(t), domain.PLN)
	if err != nil || s.PointValue != 200 {
		t.Fatalf("settings = %+v, %v", s, err)
	}
	if res := admin.post("/desk/loyalty/recompute", url.Values{}); res.Status != http.StatusOK {
		t.Fatalf("recompute: %d", res.Status)
	}
}
