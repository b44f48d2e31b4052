package telegram_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"partnerdesk/bot/telegram"
	"partnerdesk/bot/telegram/fakeapi"
	"partnerdesk/domain/company"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
	"partnerdesk/domain/event"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

// An order status change reaches the linked buyer on Telegram once, in the
// buyer's language; a colleague who switched the kind off gets nothing.
func TestOrderStatusIsToldOnTelegram(t *testing.T) {
	ctx := context.Background()
	db, fake, client := setup(t)
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	b, _ := locales.NewBundle()
	buyer, _ := company.GetUserByEmail(ctx, db, "irina.volkova@elmontservis.example")
	owner, _ := company.GetUserByEmail(ctx, db, "dmitry.sokolov@elmontservis.example")
	dbtest.Exec(t, db, "UPDATE users SET telegram_chat_id = 7001 WHERE id = ?", buyer.ID)
	dbtest.Exec(t, db, "UPDATE users SET telegram_chat_id = 7002 WHERE id = ?", owner.ID)
	dbtest.Exec(t, db, "INSERT INTO notification_preferences (user_id, kind, enabled) VALUES (?, 'order_status', false)", owner.ID)

	d := event.NewDispatcher(db, nil)
	d.Add(telegram.NotifyConsumer(b, nil))
	if _, err := d.DeliverOnce(ctx, "telegram-notify"); err != nil { // cursor at the head
		t.Fatal(err)
	}
	var number, id int64
	svc := &order.Service{DB: db, Credit: credit.DefaultPolicy}
	var product int64
	var moq int
	dbtest.Scan(t, db, &product, `SELECT s.product_id FROM stock s JOIN products p ON p.id = s.product_id
		GROUP BY s.product_id HAVING sum(s.on_hand - s.reserved) > 1000 ORDER BY s.product_id LIMIT 1`)
	dbtest.Scan(t, db, &moq, "SELECT min_order_qty FROM products WHERE id = ?", product)
	placed, err := svc.Place(ctx, order.PlaceRequest{CompanyID: *buyer.CompanyID, UserID: buyer.ID, Channel: order.ChannelBot,
		IdempotencyKey: "notify-test-order", Lines: []order.LineRequest{{ProductID: product, Qty: moq}}})
	if err != nil {
		t.Fatal(err)
	}
	id = placed.Order.ID
	o, err := svc.ChangeStatus(ctx, order.StatusRequest{OrderID: id, Status: "shipped", Source: "erp"})
	if err != nil {
		t.Fatal(err)
	}
	number = o.Number
	for range 2 { // a second pass finds nothing new
		if _, err := d.DeliverOnce(ctx, "telegram-notify"); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, newSender(db, client))
	var toBuyer, toOwner []string
	for _, m := range fake.Sent() {
		switch m.ChatID {
		case 7001:
			toBuyer = append(toBuyer, m.Text)
		case 7002:
			toOwner = append(toOwner, m.Text)
		}
	}
	want := fmt.Sprintf("Заказ %d: Отгружен", number)
	if len(toBuyer) != 1 || !strings.Contains(toBuyer[0], want) || len(toOwner) != 0 {
		t.Fatalf("buyer got %q (want one %q), owner got %q", toBuyer, want, toOwner)
	}

	// Delivered: the notice and, once per interval, the NPS question with 0–10 buttons.
	before := len(fake.Sent())
	if _, err := svc.ChangeStatus(ctx, order.StatusRequest{OrderID: id, Status: "delivered", Source: "erp"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DeliverOnce(ctx, "telegram-notify"); err != nil {
		t.Fatal(err)
	}
	drain(t, newSender(db, client))
	var question *fakeapi.SentMessage
	for _, m := range fake.Sent()[before:] {
		if m.ChatID == 7001 && strings.Contains(m.Text, "Насколько вероятно") {
			question = &m
		}
	}
	if question == nil || len(question.Buttons) != 11 || question.Buttons[10][0].CallbackData != fmt.Sprintf("nps:%d:10", number) {
		t.Fatalf("no NPS question with 11 buttons: %+v", fake.Sent()[before:])
	}
}
