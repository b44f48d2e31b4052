package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/notify"
)

// notifyTenant gives a tenant's owner one notification of each kind the
// reminders make, the oldest already read.
func notifyTenant(t *testing.T, tn *tenant) {
	t.Helper()
	ctx := context.Background()
	db := dbtest.DB(t)
	due := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	names := map[domain.Language]string{domain.Polish: "Żarówka LED " + tn.Marker, domain.Russian: "Лампа " + tn.Marker, domain.Finnish: "Lamppu " + tn.Marker}
	for _, n := range []notify.Notification{
		{Kind: notify.KindReorder, Ref: fmt.Sprint(tn.OrderNumber), Link: fmt.Sprintf("/orders/%d", tn.OrderNumber),
			Params: notify.Params{Order: tn.OrderNumber, OrderedOn: due, Cycle: 7}},
		{Kind: notify.KindInvoiceDue, Ref: tn.InvoiceNo + ":due", Link: "/invoices?state=unpaid",
			Params: notify.Params{Invoice: tn.InvoiceNo, DueOn: due, Amount: 12300, Currency: "PLN"}},
		{Kind: notify.KindInvoiceOverdue, Ref: tn.InvoiceNo + ":7", Link: "/invoices?state=overdue",
			Params: notify.Params{Invoice: tn.InvoiceNo, DueOn: due, Amount: 12300, Currency: "PLN", Days: 7}},
		{Kind: notify.KindBackInStock, Ref: fmt.Sprintf("%d:1", tn.Product), Link: "/products/" + tn.ProductSKU,
			Params: notify.Params{Product: tn.Product, SKU: tn.ProductSKU, Names: names}},
		{Kind: notify.KindPriceChange, Ref: fmt.Sprintf("%d:x:2700", tn.Product), Link: "/products/" + tn.ProductSKU,
			Params: notify.Params{Product: tn.Product, SKU: tn.ProductSKU, Names: names, OldPrice: 2500, NewPrice: 2700, Currency: "PLN"}},
	} {
		n.UserID = tn.Owner
		if ok, err := notify.Create(ctx, db, n); err != nil || !ok {
			t.Fatalf("create %s: %v %v", n.Kind, ok, err)
		}
	}
	dbtest.Exec(t, db, `UPDATE notifications SET read_at = now() WHERE user_id = ? AND kind = 'reorder_reminder'`, tn.Owner)
}

func TestNotificationsPageInEachLanguage(t *testing.T) {
	want := map[string][]string{
		"pl": {"Powiadomienia", "4 nieprzeczytane", "Termin płatności faktury", "jest 7 dni po terminie", "Znów na stanie: Żarówka LED",
			"Cena wzrosła", "27,00 zł", "co 7 dni", "Oznacz wszystkie jako przeczytane", "Nowe"},
		"ru": {"Уведомления", "4 непрочитанных", "просрочен на 7 дней", "Снова в наличии: Лампа", "Цена выросла", "раз в 7 дней", "Отметить все как прочитанные"},
		"fi": {"Ilmoitukset", "4 lukematonta", "7 päivää myöhässä", "Taas varastossa: Lamppu", "Hinta nousi", "7 päivän välein", "Merkitse kaikki luetuiksi"},
	}
	for _, lang := range []string{"pl", "ru", "fi"} {
		t.Run(lang, func(t *testing.T) {
			tn := newTenant(t, lang)
			notifyTenant(t, tn)
			p := newTestPortal(t)
			p.signIn(tn.OwnerEmail)
			res := p.get("/notifications", "")
			if res.Status != http.StatusOK {
				t.Fatalf("status %d\n%s", res.Status, res.Body)
			}
			mustContain(t, res.Body, `<html lang="`+lang+`">`, tn.InvoiceNo, tn.ProductSKU)
			mustContain(t, res.Body, want[lang]...)
			// Newest first: the price change above the reorder reminder.
			if strings.Index(res.Body, tn.ProductSKU+")") > strings.Index(res.Body, fmt.Sprintf("(%d)", tn.OrderNumber)) {
				t.Error("not newest first")
			}
			// The account page shows the preferences, translated.
			mustContain(t, p.get("/account", "").Body, `action="/account/notifications"`, `name="quiet_from"`, `value="invoice_overdue"`)
		})
	}
}

func TestNotificationOpensItsPageAndMarksAllRead(t *testing.T) {
	tn := newTenant(t, "pl")
	notifyTenant(t, tn)
	p := newTestPortal(t)
	p.signIn(tn.OwnerEmail)
	list, err := notify.List(context.Background(), dbtest.DB(t), tn.Owner, 10)
	if err != nil {
		t.Fatal(err)
	}
	if res := p.get("/dashboard", ""); !strings.Contains(res.Body, `data-notices-count>4</span>`) {
		t.Fatalf("the header's bell does not show 4 unread:\n%s", res.Body)
	}
	price := list[0] // the newest
	res := p.get(fmt.Sprintf("/notifications/%d", price.ID), "")
	if res.Status != http.StatusSeeOther || res.Location != "/products/"+tn.ProductSKU {
		t.Fatalf("open: %d → %q", res.Status, res.Location)
	}
	if n, _ := notify.Unread(context.Background(), dbtest.DB(t), tn.Owner); n != 3 {
		t.Fatalf("unread after opening one: %d", n)
	}
	res = p.post("/notifications/read", url.Values{"all": {"1"}})
	if res.Status != http.StatusSeeOther || res.Location != "/notifications" {
		t.Fatalf("mark all: %d → %q", res.Status, res.Location)
	}
	page := p.get("/notifications", "")
	mustContain(t, page.Body, "Powiadomienia oznaczone jako przeczytane.")
	if strings.Contains(page.Body, "nieprzeczytane") || strings.Contains(page.Body, `value="1"><button class="btn" type="submit">Oznacz`) {
		t.Fatal("still unread after marking all read")
	}
	// A forged form without the token changes nothing.
	req := newFormRequest("/notifications/read", url.Values{"all": {"1"}})
	req.Header.Set("Origin", testOrigin)
	if res := p.do(req); res.Status != http.StatusForbidden {
		t.Fatalf("no form token: %d", res.Status)
	}
}

func TestUserCannotSeeOrMarkAnotherUsersNotifications(t *testing.T) {
	a := newTenant(t, "pl")
	b := newTenant(t, "pl")
	notifyTenant(t, b)
	// A colleague of B's owner, in the same company, cannot see them either.
	db := dbtest.DB(t)
	theirs, _ := notify.List(context.Background(), db, b.Owner, 10)
	for _, who := range []struct {
		name, email string
	}{{"other company", a.OwnerEmail}, {"colleague", b.BuyerEmail}} {
		t.Run(who.name, func(t *testing.T) {
			p := newTestPortal(t)
			p.signIn(who.email)
			page := p.get("/notifications", "")
			if page.Status != http.StatusOK || strings.Contains(page.Body, b.InvoiceNo) || strings.Contains(page.Body, "Cena wzrosła") {
				t.Fatalf("sees another user's notifications: %d\n%s", page.Status, page.Body)
			}
			mustContain(t, page.Body, "Brak powiadomień")
			for _, n := range theirs {
				if res := p.get(fmt.Sprintf("/notifications/%d", n.ID), ""); res.Status != http.StatusNotFound {
					t.Errorf("open another user's notification %d: %d", n.ID, res.Status)
				}
			}
			ids := url.Values{}
			for _, n := range theirs {
				ids.Add("id", fmt.Sprint(n.ID))
			}
			p.post("/notifications/read", ids)
			p.post("/notifications/read", url.Values{"all": {"1"}})
		})
	}
	if n, _ := notify.Unread(context.Background(), db, b.Owner); n != 4 {
		t.Fatalf("B's owner has %d unread, want 4 untouched", n)
	}
}

func TestNotificationPreferencesSaveAndValidate(t *testing.T) {
	tn := newTenant(t, "fi")
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	ctx := context.Background()
	db := dbtest.DB(t)

	bad := []struct {
		from, to, field, msg string
	}{
		{"22", "", "quiet_to", "Valitse alku ja loppu tai poista molemmat käytöstä."},
		{"7", "7", "quiet_to", "Lopun on oltava eri tunti kuin alun."},
		{"25", "7", "quiet_from", "Valitse tunti listasta (0–23)."},
		{"kahdeksan", "7", "quiet_from", "Valitse tunti listasta (0–23)."},
	}
	for _, c := range bad {
		res := p.post("/account/notifications", url.Values{"kind": {"invoice_due"}, "quiet_from": {c.from}, "quiet_to": {c.to}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s–%s: status %d", c.from, c.to, res.Status)
		}
		mustContain(t, res.Body, c.msg, `id="`+c.field+`-error"`, `<html lang="fi">`)
	}
	if pr, _ := notify.GetPrefs(ctx, db, tn.Buyer); pr.QuietFrom != nil || !pr.Enabled[notify.KindPriceChange] {
		t.Fatalf("a refused form changed the preferences: %+v", pr)
	}

	res := p.post("/account/notifications", url.Values{"kind": {"order_status", "invoice_due", "back_in_stock"},
		"quiet_from": {"22"}, "quiet_to": {"7"}})
	if res.Status != http.StatusSeeOther || res.Location != "/account#notifications" {
		t.Fatalf("save: %d → %q\n%s", res.Status, res.Location, res.Body)
	}
	pr, err := notify.GetPrefs(ctx, db, tn.Buyer)
	if err != nil || pr.QuietFrom == nil || *pr.QuietFrom != 22 || *pr.QuietTo != 7 || !pr.Enabled[notify.KindBackInStock] ||
		pr.Enabled[notify.KindPriceChange] || pr.Enabled[notify.KindReorder] || pr.Enabled[notify.KindInvoiceOverdue] {
		t.Fatalf("saved: %+v, %v", pr, err)
	}
	page := p.get("/account", "")
	mustContain(t, page.Body, "Ilmoitusasetukset tallennettu.", `<option value="22" selected>22:00</option>`, `<option value="7" selected>07:00</option>`,
		`value="back_in_stock" checked`, "Suosikkituotteiden hintamuutokset")
	if strings.Contains(page.Body, `value="price_change" checked`) {
		t.Fatal("price_change shown as on")
	}
	if owner, _ := notify.GetPrefs(ctx, db, tn.Owner); owner.QuietFrom != nil || !owner.Enabled[notify.KindPriceChange] {
		t.Fatalf("the owner's preferences changed too: %+v", owner)
	}
}

func TestStockSubscriptionFromThePortal(t *testing.T) {
	tn := newTenant(t, "ru")
	p := newTestPortal(t)
	p.signIn(tn.BuyerEmail)
	res := p.post("/notifications/subscribe", url.Values{"product": {fmt.Sprint(tn.Scarce)}, "back": {"/catalog"}})
	if res.Status != http.StatusSeeOther || res.Location != "/catalog" {
		t.Fatalf("subscribe: %d → %q", res.Status, res.Location)
	}
	if res := p.post("/notifications/subscribe", url.Values{"product": {"999999999"}}); res.Status != http.StatusNotFound {
		t.Fatalf("unknown product: %d", res.Status)
	}
	page := p.get("/notifications", "")
	mustContain(t, page.Body, "Вы ждёте поступления", "Не сообщать")
	p.post("/notifications/unsubscribe", url.Values{"product": {fmt.Sprint(tn.Scarce)}})
	subs, _ := notify.Subscriptions(context.Background(), dbtest.DB(t), tn.Buyer)
	if len(subs) != 0 {
		t.Fatalf("still subscribed: %+v", subs)
	}
}
