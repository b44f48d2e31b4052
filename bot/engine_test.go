package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"partnerdesk/bot"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
	"partnerdesk/domain/event"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// talker is one customer user chatting with the bot in the portal panel.
type talker struct {
	t    *testing.T
	e    *bot.Engine
	user *company.User
	conv *chat.Conversation
}

var seeded bool

func newTalker(t *testing.T, email string) *talker {
	t.Helper()
	ctx := context.Background()
	db := dbtest.DB(t)
	if !seeded {
		if _, err := demo.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		seeded = true
	}
	b, err := locales.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	u, err := company.GetUserByEmail(ctx, db, email)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := chat.ForPortalUser(ctx, db, u.ID, *u.CompanyID, u.Language)
	if err != nil {
		t.Fatal(err)
	}
	// Each test starts a fresh exchange: what an earlier test left open is closed.
	dbtest.Exec(t, db, "UPDATE handoffs SET status = 'closed', closed_at = now() WHERE conversation_id = ? AND status <> 'closed'", conv.ID)
	dbtest.Exec(t, db, "UPDATE conversations SET mode = 'bot', state = '', state_data = '{}', misunderstood = 0 WHERE id = ?", conv.ID)
	if conv, err = chat.ForPortalUser(ctx, db, u.ID, *u.CompanyID, u.Language); err != nil {
		t.Fatal(err)
	}
	locales.MissingMessages()
	t.Cleanup(func() {
		if n := locales.MissingMessages(); n > 0 {
			t.Errorf("%d bot messages were missing a translation", n)
		}
	})
	return &talker{t: t, e: &bot.Engine{DB: db, Bundle: b, Credit: credit.DefaultPolicy}, user: u, conv: conv}
}

// say sends a text and returns all reply texts joined, and the buttons.
func (tk *talker) say(text string) (string, []chat.Button) {
	return tk.send(bot.Input{Text: text})
}

func (tk *talker) press(data string) (string, []chat.Button) {
	return tk.send(bot.Input{Data: data})
}

func (tk *talker) send(in bot.Input) (string, []chat.Button) {
	tk.t.Helper()
	replies, err := tk.e.Handle(context.Background(), tk.conv, tk.user, in)
	if err != nil {
		tk.t.Fatalf("%+v: %v", in, err)
	}
	var texts []string
	var buttons []chat.Button
	for _, r := range replies {
		texts = append(texts, r.Text)
		buttons = append(buttons, r.Buttons...)
	}
	return strings.ReplaceAll(strings.Join(texts, "\n"), "\u00a0", " "), buttons
}

func mustSay(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("reply does not contain %q:\n%s", w, got)
		}
	}
}

func TestStockQuestionsInEachLanguage(t *testing.T) {
	cases := []struct {
		email, ask string
		want       []string
	}{
		{"karolina.wisniewska@elektro-mont.example", "macie kabel HDMI 2m?", []string{"Kabel HDMI 2 m", "zł netto", "Znalazłem"}},
		{"irina.volkova@elmontservis.example", "есть ли в наличии автомат 16А?", []string{"Автоматический выключатель", "16 А", "₽ без НДС", "Нашёл"}},
		{"sanna.heikkinen@sahkovirta.example", "onko johtoa varastossa?", []string{"johto", "€ alv 0 %", "Löysin"}},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			tk := newTalker(t, tc.email)
			got, _ := tk.say(tc.ask)
			mustSay(t, got, tc.want...)
		})
	}
}

func TestDeliveryOnlyForOwnCompany(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	tk := newTalker(t, "karolina.wisniewska@elektro-mont.example")
	var own, foreign int64
	dbtest.Scan(t, db, &own, "SELECT number FROM orders WHERE company_id = ? ORDER BY number DESC LIMIT 1", *tk.user.CompanyID)
	dbtest.Scan(t, db, &foreign, "SELECT number FROM orders WHERE company_id <> ? ORDER BY number DESC LIMIT 1", *tk.user.CompanyID)
	got, _ := tk.say(fmt.Sprintf("gdzie jest zamówienie %d?", own))
	mustSay(t, got, fmt.Sprintf("Zamówienie %d:", own), "zł brutto", "Przyjęte")
	got, _ = tk.say(fmt.Sprintf("gdzie moje zamowienie %d", foreign))
	mustSay(t, got, fmt.Sprintf("Nie widzę zamówienia %d", foreign))
	if strings.Contains(got, "brutto") {
		t.Fatal("another company's order was described")
	}
	_ = ctx

	ru := newTalker(t, "irina.volkova@elmontservis.example")
	got, buttons := ru.say("когда доставка?")
	if !strings.Contains(got, "в работе") && !strings.Contains(got, "нет заказов") {
		t.Fatalf("open orders: %s", got)
	}
	if len(buttons) > 0 {
		detail, _ := ru.press(buttons[0].Data)
		mustSay(t, detail, "Заказ "+buttons[0].Label)
	}
}

// Two misunderstandings in a row offer a human; asking for one hands over,
// and from then on the bot only acknowledges.
func TestNotUnderstoodTwiceThenHandoff(t *testing.T) {
	db := dbtest.DB(t)
	for _, tc := range []struct{ email, first, second, handed, wait string }{
		{"timo.nieminen@rsnieminen.example", "En ymmärtänyt", "Yhdistänkö", "Mikko Virtanen vastaa", "välitetty asiakasvastaavalle"},
		{"alexey.petrov@voltsnab.example", "Я не понял", "Соединить вас с менеджером", "Ольга Смирнова ответит", "передано менеджеру"},
		{"joanna.krol@sklep-watt.example", "Nie zrozumiałem", "połączyć Cię z opiekunem", "Anna Kowalczyk odpowie", "trafiła do opiekuna"},
	} {
		t.Run(tc.email, func(t *testing.T) {
			tk := newTalker(t, tc.email)
			got, _ := tk.say("qwerty zxcv")
			mustSay(t, got, tc.first)
			got, buttons := tk.say("asdf ghjk")
			mustSay(t, got, tc.second)
			if len(buttons) == 0 || buttons[0].Data != "human" || len(buttons[0].Data) > 64 {
				t.Fatalf("buttons %+v", buttons)
			}
			got, _ = tk.press(buttons[0].Data)
			mustSay(t, got, tc.handed)
			got, _ = tk.say("halo?")
			mustSay(t, got, tc.wait)
			var waiting int
			dbtest.Scan(t, db, &waiting, "SELECT count(*) FROM handoffs WHERE conversation_id = ? AND status = 'waiting'", tk.conv.ID)
			reloaded, err := chat.ForPortalUser(context.Background(), db, tk.user.ID, *tk.user.CompanyID, tk.user.Language)
			if err != nil || waiting != 1 || reloaded.Mode != chat.ModeHuman {
				t.Fatalf("handoffs waiting %d, mode %q, %v", waiting, reloaded.Mode, err)
			}
			hist, _ := chat.History(context.Background(), db, tk.conv.ID, 50)
			if len(hist) != 8 {
				t.Fatalf("history has %d messages, want 8 (4 in, 4 out)", len(hist))
			}
		})
	}
}

func TestBalanceRespectsRole(t *testing.T) {
	acc := newTalker(t, "gulnara.safina@voltsnab.example")
	got, _ := acc.say("сколько я должен?")
	mustSay(t, got, "Доступный лимит", "₽")
	buyer := newTalker(t, "irina.volkova@elmontservis.example")
	got, _ = buyer.say("сколько я должен?")
	mustSay(t, got, "не позволяет видеть счета")
}

// The balance answer also gives the loyalty points and what they are worth,
// and "how much credit is left" / "how many points" are asked in each
// language's words.
func TestBalanceGivesLimitAndPoints(t *testing.T) {
	for _, c := range []struct{ email, ask, limit, points, unpaid string }{
		{"tomasz.nowak@elektro-mont.example", "ile mam punktów lojalnościowych?", "Dostępny limit", "Punkty lojalnościowe:", "Faktury do zapłaty: "},
		{"gulnara.safina@voltsnab.example", "какой у нас лимит?", "Доступный лимит", "бонусн", "К оплате по счетам: "},
		{"jari.laine@sahkovirta.example", "paljonko luottoa on jäljellä?", "Käytettävissä", "Bonuspisteitä", "Maksamattomat laskut: "},
	} {
		tk := newTalker(t, c.email)
		dbtest.Exec(t, dbtest.DB(t), "INSERT INTO loyalty_ledger (company_id, kind, points) VALUES (?, 'adjust', 1234)", *tk.user.CompanyID)
		acct, err := loyalty.AccountOf(context.Background(), dbtest.DB(t), *tk.user.CompanyID)
		if err != nil {
			t.Fatal(err)
		}
		bal, err := credit.BalanceOf(context.Background(), dbtest.DB(t), *tk.user.CompanyID, time.Now(), credit.DefaultPolicy)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := tk.say(c.ask)
		// say shows no-break spaces as spaces, as the tests compare.
		nbsp := func(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
		mustSay(t, got, c.limit, c.points, nbsp(locales.FormatMoney(acct.Settings.ValueOf(acct.Balance), acct.Currency)),
			c.unpaid+nbsp(locales.FormatMoney(bal.UnpaidInvoices, bal.Currency)))
	}
}

// Reorder the last order: a summary at today's prices, then Confirm — twice,
// as a double tap — makes one order.
func TestReorderConfirmedTwiceMakesOneOrder(t *testing.T) {
	db := dbtest.DB(t)
	for _, tc := range []struct{ email, ask, summary, placed string }{
		{"karolina.wisniewska@elektro-mont.example", "zamów to samo co ostatnio", "Zamówienie do potwierdzenia", "przyjęte"},
		{"sanna.heikkinen@sahkovirta.example", "tilaa suosikeista", "Vahvistettava tilaus", "vastaanotettu"},
	} {
		t.Run(tc.email, func(t *testing.T) {
			tk := newTalker(t, tc.email)
			var before int
			dbtest.Scan(t, db, &before, "SELECT count(*) FROM orders WHERE company_id = ?", *tk.user.CompanyID)
			got, buttons := tk.say(tc.ask)
			mustSay(t, got, tc.summary)
			if len(buttons) != 4 || buttons[0].Data != "ro:ok" || buttons[1].Data != "ro:qty" {
				t.Fatalf("buttons %+v\n%s", buttons, got)
			}
			first, _ := tk.press("ro:ok")
			second, _ := tk.press("ro:ok")
			mustSay(t, first, tc.placed)
			if first != second {
				t.Fatalf("a second tap answered differently:\n%s\n%s", first, second)
			}
			var total int
			dbtest.Scan(t, db, &total, "SELECT count(*) FROM orders WHERE company_id = ?", *tk.user.CompanyID)
			if total != before+1 {
				t.Fatalf("%d orders placed, want 1", total-before)
			}
		})
	}
}

// Change quantities inside the chat: the lines are listed with numbers,
// "line qty" changes one, a nonsense answer is explained, and the summary
// comes back at the new quantities.
func TestReorderChangeQuantitiesInEachLanguage(t *testing.T) {
	for _, tc := range []struct{ email, ask, list, invalid, summary string }{
		{"tomasz.nowak@elektro-mont.example", "zamów to samo co ostatnio", "Napisz numer pozycji", "Nie rozumiem tej zmiany", "Zamówienie do potwierdzenia"},
		{"dmitry.sokolov@elmontservis.example", "повтори последний заказ", "Напишите номер позиции", "Не понимаю это изменение", "Заказ на подтверждение"},
		{"sanna.heikkinen@sahkovirta.example", "tilaa sama kuin viimeksi", "Kirjoita rivin numero", "En ymmärrä muutosta", "Vahvistettava tilaus"},
	} {
		t.Run(tc.email, func(t *testing.T) {
			tk := newTalker(t, tc.email)
			got, _ := tk.say(tc.ask)
			mustSay(t, got, tc.summary)
			got, _ = tk.press("ro:qty")
			mustSay(t, got, tc.list, "1. ")
			got, _ = tk.say("pierwsza dużo")
			mustSay(t, got, tc.invalid)
			got, buttons := tk.say("1 7")
			mustSay(t, got, tc.summary, "• 7 × ")
			if len(buttons) == 0 {
				t.Fatalf("no buttons after the change:\n%s", got)
			}
		})
	}
}

func TestReorderBlockedCompanyIsToldWhy(t *testing.T) {
	tk := newTalker(t, "marek.zajac@sklep-watt.example")
	got, buttons := tk.say("zamów to samo co ostatnio")
	mustSay(t, got, "Zamawianie wstrzymane z powodu zaległych płatności", "zł")
	if len(buttons) != 1 || buttons[0].Data != "human" {
		t.Fatalf("buttons %+v", buttons)
	}
}

// NPS: a score for a delivered order is stored once; a detractor opens a
// handoff; the following text is the comment.
func TestNPSScoreCommentAndDetractor(t *testing.T) {
	db := dbtest.DB(t)
	tk := newTalker(t, "ville.makinen@rsnieminen.example")
	var delivered, foreign int64
	dbtest.Scan(t, db, &delivered, "SELECT max(number) FROM orders WHERE company_id = ? AND status = 'delivered'", *tk.user.CompanyID)
	dbtest.Scan(t, db, &foreign, "SELECT max(number) FROM orders WHERE company_id <> ? AND status = 'delivered'", *tk.user.CompanyID)
	dbtest.Exec(t, db, "DELETE FROM nps_responses WHERE order_id = (SELECT id FROM orders WHERE number = ?)", delivered)

	got, _ := tk.press(fmt.Sprintf("nps:%d:4", foreign))
	mustSay(t, got, fmt.Sprintf("Tilausta %d ei löydy", foreign))
	got, buttons := tk.press(fmt.Sprintf("nps:%d:4", delivered))
	mustSay(t, got, "Kiitos arviosta", "asiakasvastaavalle")
	if len(buttons) != 1 || buttons[0].Data != "nps:skip" {
		t.Fatalf("buttons %+v", buttons)
	}
	got, _ = tk.say("Toimitus myöhästyi kaksi päivää")
	mustSay(t, got, "kommenttisi on tallennettu")
	var score int
	var comment string
	dbtest.Scan(t, db, &score, "SELECT score FROM nps_responses WHERE order_id = (SELECT id FROM orders WHERE number = ?)", delivered)
	dbtest.Scan(t, db, &comment, "SELECT comment FROM nps_responses WHERE order_id = (SELECT id FROM orders WHERE number = ?)", delivered)
	var detractors int
	dbtest.Scan(t, db, &detractors, "SELECT count(*) FROM handoffs WHERE conversation_id = ? AND reason = 'detractor' AND nps_response_id IS NOT NULL", tk.conv.ID)
	if score != 4 || comment != "Toimitus myöhästyi kaksi päivää" || detractors != 1 {
		t.Fatalf("score %d, comment %q, detractor handoffs %d", score, comment, detractors)
	}
	got, _ = tk.press(fmt.Sprintf("nps:%d:10", delivered))
	if !strings.Contains(got, "välitetty") && !strings.Contains(got, "jo arvioitu") {
		t.Fatalf("second answer: %s", got)
	}
}

// Asking about an item that is out of stock offers to say when it is back,
// with a button; only pressing it subscribes the customer (the notify
// consumer then tells them). A substitute named is one that can be ordered.
func TestStockOutOffersBackInStockNotice(t *testing.T) {
	db := dbtest.DB(t)
	tk := newTalker(t, "irina.volkova@elmontservis.example")
	var sku string
	var id int64
	dbtest.Scan(t, db, &sku, `SELECT p.sku FROM products p LEFT JOIN stock s ON s.product_id = p.id WHERE p.active
		GROUP BY p.id HAVING coalesce(sum(s.on_hand - s.reserved), 0) < p.min_order_qty ORDER BY p.id LIMIT 1`)
	dbtest.Scan(t, db, &id, "SELECT id FROM products WHERE sku = ?", sku)
	subscribed := func() int {
		var n int
		dbtest.Scan(t, db, &n, "SELECT count(*) FROM stock_subscriptions WHERE user_id = ? AND product_id = ?", tk.user.ID, id)
		return n
	}
	dbtest.Exec(t, db, "DELETE FROM stock_subscriptions WHERE user_id = ? AND product_id = ?", tk.user.ID, id)
	got, buttons := tk.say("есть ли в наличии " + sku + "?")
	mustSay(t, got, "Нет в наличии")
	if strings.Contains(got, "Сообщу, когда") || subscribed() != 0 {
		t.Fatalf("subscribed without being asked:\n%s", got)
	}
	var offer *chat.Button
	for i, b := range buttons {
		if b.Label == "Сообщить о поступлении "+sku {
			offer = &buttons[i]
		}
	}
	if offer == nil {
		t.Fatalf("no offer to tell when %s is back: %+v", sku, buttons)
	}
	got, _ = tk.press(offer.Data)
	mustSay(t, got, "Сообщу, когда")
	if n := subscribed(); n != 1 {
		t.Fatalf("%d subscriptions after pressing the offer", n)
	}
}

// A substitute the bot names for an item out of stock can itself be
// ordered: with every substitute out of stock too, none is named.
func TestStockSubstituteIsInStock(t *testing.T) {
	db := dbtest.DB(t)
	tk := newTalker(t, "tomasz.nowak@elektro-mont.example")
	var sku string
	dbtest.Scan(t, db, &sku, `SELECT p.sku FROM products p LEFT JOIN stock s ON s.product_id = p.id
		WHERE p.active AND EXISTS (SELECT 1 FROM product_substitutes ps WHERE ps.product_id = p.id)
		GROUP BY p.id HAVING coalesce(sum(s.on_hand - s.reserved), 0) < p.min_order_qty ORDER BY p.id LIMIT 1`)
	var list string
	dbtest.Scan(t, db, &list, `SELECT string_agg(q.sku, ',') FROM product_substitutes ps JOIN products p ON p.id = ps.product_id
		JOIN products q ON q.id = ps.substitute_id WHERE p.sku = ?`, sku)
	subs := strings.Split(list, ",")

	// Empty the substitutes' shelves (put back after the test).
	var saved string
	dbtest.Scan(t, db, &saved, `SELECT coalesce(json_agg(s), '[]') FROM stock s JOIN product_substitutes ps ON ps.substitute_id = s.product_id
		JOIN products p ON p.id = ps.product_id WHERE p.sku = ?`, sku)
	t.Cleanup(func() {
		dbtest.Exec(t, db, `UPDATE stock s SET on_hand = (v->>'on_hand')::int, reserved = (v->>'reserved')::int
			FROM json_array_elements(?::json) v
			WHERE s.product_id = (v->>'product_id')::bigint AND s.warehouse_id = (v->>'warehouse_id')::bigint`, saved)
	})
	dbtest.Exec(t, db, `UPDATE stock s SET on_hand = s.reserved FROM product_substitutes ps JOIN products p ON p.id = ps.product_id
		WHERE ps.substitute_id = s.product_id AND p.sku = ?`, sku)
	got, _ := tk.say("czy macie " + sku + "?")
	mustSay(t, got, "Brak")
	for _, sub := range subs {
		if strings.Contains(got, sub) {
			t.Fatalf("names %s, out of stock too, as the substitute:\n%s", sub, got)
		}
	}
}

// A delivered order's buyer without Telegram is asked for a score in the
// portal panel, once per interval; the buttons answer through the engine.
func TestNPSAskedInPortalPanel(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	tk := newTalker(t, "sanna.heikkinen@sahkovirta.example")
	dbtest.Exec(t, db, "UPDATE users SET telegram_chat_id = NULL, nps_asked_at = NULL WHERE id = ?", tk.user.ID)
	d := event.NewDispatcher(db, nil)
	d.Add(bot.PortalNPSConsumer(tk.e.Bundle))
	if _, err := d.DeliverOnce(ctx, "portal-nps"); err != nil { // cursor at the head
		t.Fatal(err)
	}
	svc := &order.Service{DB: db, Credit: credit.DefaultPolicy}
	deliver := func(key string) int64 {
		var product int64
		dbtest.Scan(t, db, &product, `SELECT s.product_id FROM stock s JOIN products p ON p.id = s.product_id AND p.min_order_qty = 1
			GROUP BY s.product_id HAVING sum(s.on_hand - s.reserved) > 100 ORDER BY s.product_id LIMIT 1`)
		placed, err := svc.Place(ctx, order.PlaceRequest{CompanyID: *tk.user.CompanyID, UserID: tk.user.ID, Channel: order.ChannelPortal,
			IdempotencyKey: key, Lines: []order.LineRequest{{ProductID: product, Qty: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []string{"shipped", "delivered"} {
			if _, err := svc.ChangeStatus(ctx, order.StatusRequest{OrderID: placed.Order.ID, Status: st, Source: "erp"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.DeliverOnce(ctx, "portal-nps"); err != nil {
			t.Fatal(err)
		}
		return placed.Order.Number
	}
	first := deliver(fmt.Sprintf("nps-portal-%d", dbtest.Unique()))
	hist, err := chat.History(ctx, db, tk.conv.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	last := hist[len(hist)-1]
	if !strings.Contains(last.Body, fmt.Sprint(first)) || len(last.Buttons) != 11 || last.Buttons[9].Data != fmt.Sprintf("nps:%d:9", first) {
		t.Fatalf("no NPS question for %d: %+v", first, last)
	}
	got, _ := tk.press(last.Buttons[9].Data)
	mustSay(t, got, "Kiitos arviosta")
	var channel string
	dbtest.Scan(t, db, &channel, "SELECT channel FROM nps_responses WHERE order_id = (SELECT id FROM orders WHERE number = ?)", first)
	if channel != "portal" {
		t.Fatalf("channel %q", channel)
	}
	// A second delivery within the interval: no question.
	second := deliver(fmt.Sprintf("nps-portal-%d", dbtest.Unique()))
	hist, _ = chat.History(ctx, db, tk.conv.ID, 50)
	for _, m := range hist {
		if strings.Contains(m.Body, fmt.Sprint(second)) {
			t.Fatalf("asked again within the interval: %s", m.Body)
		}
	}
}

// "Talk to a human" in natural wording, and "when is the delivery", in each
// language.
func TestHumanAndDeliveryInNaturalWording(t *testing.T) {
	for _, tc := range []struct{ email, delivery, deliveryWant, human, humanWant string }{
		{"ewa.mazur@elektro-mont.example", "kiedy dostawa?", "w realizacji|Nie masz", "chcę porozmawiać z opiekunem", "odpowie"},
		{"dmitry.sokolov@elmontservis.example", "когда доставка?", "в работе|нет заказов", "соедините с менеджером, пожалуйста", "ответит"},
		{"ville.makinen@rsnieminen.example", "milloin toimitus tulee?", "matkalla|Ei avoimia|avoin", "haluan puhua asiakasvastaavan kanssa", "vastaa"},
	} {
		t.Run(tc.email, func(t *testing.T) {
			tk := newTalker(t, tc.email)
			got, _ := tk.say(tc.delivery)
			found := false
			for _, w := range strings.Split(tc.deliveryWant, "|") {
				found = found || strings.Contains(got, w)
			}
			if !found {
				t.Fatalf("delivery answer: %s", got)
			}
			got, _ = tk.say(tc.human)
			mustSay(t, got, tc.humanWant)
		})
	}
}

// The order timeline's times are on the customer's clock (their country's
// calendar zone), as on their portal pages: a status change at 09:30 UTC in
// January is 12:30 in Moscow and 10:30 in Warsaw.
func TestOrderTimelineOnTheCustomersClock(t *testing.T) {
	db := dbtest.DB(t)
	for _, c := range []struct{ email, ask, want string }{
		{"dmitry.sokolov@elmontservis.example", "где заказ %d?", "15.01.2026 12:30"},
		{"tomasz.nowak@elektro-mont.example", "gdzie jest zamówienie %d?", "15.01.2026 10:30"},
	} {
		tk := newTalker(t, c.email)
		tk.e.Zones = &company.Zones{Fallback: time.UTC}
		var number, id int64
		dbtest.Scan(t, db, &number, "SELECT number FROM orders WHERE company_id = ? ORDER BY number DESC LIMIT 1", *tk.user.CompanyID)
		dbtest.Scan(t, db, &id, "SELECT id FROM orders WHERE number = ?", number)
		dbtest.Exec(t, db, "UPDATE order_status_history SET at = '2026-01-15 09:30:00+00' WHERE order_id = ?", id)
		got, _ := tk.say(fmt.Sprintf(c.ask, number))
		mustSay(t, got, fmt.Sprintf("%d", number), c.want)
	}
}

// The balance counts overdue days on the customer's clock too: at 22:30 UTC
// on 10 March an invoice due on the 10th is overdue in Moscow (already the
// 11th there), so a Russian owner asking then hears it in what is overdue.
func TestBalanceOverdueOnTheCustomersDay(t *testing.T) {
	db := dbtest.DB(t)
	tk := newTalker(t, "dmitry.sokolov@elmontservis.example")
	now := time.Date(2026, 3, 10, 22, 30, 0, 0, time.UTC)
	tk.e.Zones, tk.e.Now = &company.Zones{Fallback: time.UTC}, func() time.Time { return now }
	comp := *tk.user.CompanyID
	number := fmt.Sprintf("SF/%d", dbtest.Unique())
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total)
		SELECT id, ?, currency, '2026-02-24', '2026-03-10', 100000, 20000, 120000 FROM companies WHERE id = ?`, number, comp)
	t.Cleanup(func() { dbtest.Exec(t, db, "DELETE FROM invoices WHERE number = ?", number) })
	overdueOn := func(day time.Time) string {
		b, err := credit.BalanceOf(context.Background(), db, comp, day, credit.DefaultPolicy)
		if err != nil {
			t.Fatal(err)
		}
		return "из них просрочено: " + strings.ReplaceAll(locales.FormatMoney(b.Overdue, b.Currency), "\u00a0", " ")
	}
	moscow, utc := overdueOn(time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)), overdueOn(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	if moscow == utc {
		t.Fatalf("the invoice makes no difference: %s", moscow)
	}
	got, _ := tk.say("какой у нас лимит?")
	mustSay(t, got, moscow)
}
