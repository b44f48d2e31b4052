package telegram_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"partnerdesk/bot"
	"partnerdesk/bot/telegram"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/demo"
	"partnerdesk/locales"
)

// A buyer links Telegram with the portal's one-time link, asks in each
// language, and unlinks; an unknown chat only gets instructions.
func TestTelegramConversationEndToEnd(t *testing.T) {
	ctx := context.Background()
	db, fake, client := setup(t)
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	b, err := locales.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	h := &telegram.Handler{Engine: &bot.Engine{DB: db, Bundle: b, Credit: credit.DefaultPolicy}, Bundle: b, Client: client}
	poller := &telegram.Poller{DB: db, Client: client, HandleTx: h.HandleTx, Timeout: time.Millisecond}
	sender := newSender(db, client)
	exchange := func(chatID, userID int64, text string) string {
		t.Helper()
		before := len(fake.Sent())
		fake.PushText(chatID, userID, text)
		if _, err := poller.PollOnce(ctx); err != nil {
			t.Fatal(err)
		}
		drain(t, sender)
		var out []string
		for _, m := range fake.Sent()[before:] {
			if m.ChatID == chatID {
				out = append(out, m.Text)
			}
		}
		return strings.ReplaceAll(strings.Join(out, "\n"), "\u00a0", " ")
	}

	// Unknown chat: instructions, no data.
	got := exchange(501, 9001, "macie kabel HDMI 2m?")
	if !strings.Contains(got, "Moje konto → Połącz z Telegramem") || strings.Contains(got, "zł") {
		t.Fatalf("unlinked chat got: %s", got)
	}

	cases := []struct {
		email, ask, want string
		chat             int64
	}{
		{"karolina.wisniewska@elektro-mont.example", "macie kabel HDMI 2m?", "Kabel HDMI 2 m", 601},
		{"irina.volkova@elmontservis.example", "есть ли в наличии автомат 16А?", "Автоматический выключатель", 602},
		{"sanna.heikkinen@sahkovirta.example", "onko johtoa varastossa?", "johto", 603},
	}
	for _, tc := range cases {
		u, err := company.GetUserByEmail(ctx, db, tc.email)
		if err != nil {
			t.Fatal(err)
		}
		token, err := chat.NewLinkToken(ctx, db, u.ID, time.Now())
		if err != nil || len(token) < 22 || len(token) > 64 {
			t.Fatalf("token %q, %v", token, err)
		}
		if got := exchange(tc.chat, tc.chat*10, "/start "+token); !strings.Contains(got, u.Name) {
			t.Fatalf("%s: welcome: %s", tc.email, got)
		}
		if got := exchange(tc.chat, tc.chat*10, tc.ask); !strings.Contains(got, tc.want) {
			t.Fatalf("%s: answer: %s", tc.email, got)
		}
		// A used link does not work twice.
		if got := exchange(tc.chat+100, 1, "/start "+token); strings.Contains(got, u.Name) {
			t.Fatalf("a used link linked again: %s", got)
		}
	}
	got = exchange(601, 6010, "/unlink")
	if !strings.Contains(got, "Rozłączono") {
		t.Fatalf("unlink: %s", got)
	}
	if got := exchange(601, 6010, "gdzie jest zamówienie 1042?"); !strings.Contains(got, "Połącz z Telegramem") {
		t.Fatalf("after unlink: %s", got)
	}
	for _, r := range fake.Refused() {
		t.Errorf("the fake Bot API refused %+v", r)
	}
}
