package telegram_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"partnerdesk/bot/telegram"
	"partnerdesk/domain"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
	"partnerdesk/domain/notify"
	"partnerdesk/locales"
)

// A new notification reaches the user's linked chat once, in the user's
// language; during quiet hours it waits for their end; a user without a
// chat and order status notices (told by the order consumer) get nothing here.
func TestRemindersAreSentOnTelegram(t *testing.T) {
	ctx := context.Background()
	db, fake, client := setup(t)
	b, _ := locales.NewBundle()
	locales.MissingMessages()

	company := dbtest.Company(t, db, dbtest.CompanyOpts{Country: "RU", Currency: "RUB", Language: "ru"})
	buyer := dbtest.User(t, db, company, "buyer")
	owner := dbtest.User(t, db, company, "owner")
	accountant := dbtest.User(t, db, company, "accountant")
	chatBuyer, chatOwner := 880000+dbtest.Unique(), 880000+dbtest.Unique()
	dbtest.Exec(t, db, "UPDATE users SET language = 'ru', telegram_chat_id = ? WHERE id = ?", chatBuyer, buyer)
	// The owner reads Polish and is in quiet hours right now (the consumer's zone is UTC).
	h := time.Now().UTC().Hour()
	dbtest.Exec(t, db, "UPDATE users SET language = 'pl', telegram_chat_id = ?, quiet_from = ?, quiet_to = ? WHERE id = ?",
		chatOwner, h, (h+2)%24, owner)

	d := event.NewDispatcher(db, nil)
	d.Add(telegram.ReminderConsumer(b, nil))
	if _, err := d.DeliverOnce(ctx, "telegram-reminders"); err != nil { // cursor at the head
		t.Fatal(err)
	}
	create := func(user int64, kind, ref string, p notify.Params) {
		t.Helper()
		if ok, err := notify.Create(ctx, db, notify.Notification{UserID: user, Kind: kind, Ref: ref, Params: p}); err != nil || !ok {
			t.Fatalf("create %s for %d: %v, %v", kind, user, ok, err)
		}
	}
	stock := notify.Params{Product: 1, SKU: "EXT-5", Names: map[domain.Language]string{domain.Polish: "Przedłużacz 5 m", domain.Russian: "Удлинитель 5 м"}}
	create(buyer, notify.KindBackInStock, "1:1", stock)
	create(buyer, notify.KindReorder, "1042", notify.Params{Order: 1042, OrderedOn: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Cycle: 7})
	create(buyer, notify.KindOrderStatus, "1042:shipped", notify.Params{Order: 1042, Status: "shipped"})
	create(owner, notify.KindInvoiceOverdue, "FV/7:7", notify.Params{Invoice: "FV/7", Amount: 50000, Currency: "RUB", Days: 7,
		DueOn: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	create(accountant, notify.KindInvoiceOverdue, "FV/7:7", notify.Params{Invoice: "FV/7", Days: 7})
	for range 2 { // a second pass finds nothing new
		if _, err := d.DeliverOnce(ctx, "telegram-reminders"); err != nil {
			t.Fatal(err)
		}
	}

	type queued struct {
		ChatID    int64     `bun:"chat_id"`
		Text      string    `bun:"text"`
		Data      string    `bun:"data"`
		NotBefore time.Time `bun:"not_before"`
	}
	var q []queued
	dbtest.Scan(t, db, &q, `SELECT chat_id, params->>'text' AS text, coalesce(params#>>'{reply_markup,inline_keyboard,0,0,callback_data}', '') AS data, not_before
		FROM telegram_outbox ORDER BY id`)
	if len(q) != 3 {
		t.Fatalf("queued %d messages, want 3: %+v", len(q), q)
	}
	if q[0].ChatID != chatBuyer || !strings.Contains(q[0].Text, "Снова в наличии: Удлинитель 5 м (EXT-5)") {
		t.Errorf("back in stock: %+v", q[0])
	}
	if q[1].ChatID != chatBuyer || !strings.Contains(q[1].Text, "раз в 7 дней") || q[1].Data != "order:1042" {
		t.Errorf("reorder reminder: %+v", q[1])
	}
	if q[2].ChatID != chatOwner || !strings.Contains(q[2].Text, "7 dni po terminie") || !q[2].NotBefore.After(time.Now().Add(30*time.Minute)) {
		t.Errorf("overdue invoice in quiet hours: %+v", q[2])
	}
	if n := locales.MissingMessages(); n > 0 {
		t.Fatalf("%d messages missing", n)
	}

	// What may go now goes; the owner's message waits for the end of the quiet hours.
	s := newSender(db, client)
	var toBuyer, toOwner int
	for deadline := time.Now().Add(5 * time.Second); toBuyer < 2 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := s.SendOnce(ctx); err != nil {
			t.Fatal(err)
		}
		toBuyer, toOwner = 0, 0
		for _, m := range fake.Sent() {
			switch m.ChatID {
			case chatBuyer:
				toBuyer++
			case chatOwner:
				toOwner++
			}
		}
	}
	if toBuyer != 2 || toOwner != 0 {
		t.Fatalf("sent to buyer %d (want 2), to owner %d (want none yet)", toBuyer, toOwner)
	}
}
