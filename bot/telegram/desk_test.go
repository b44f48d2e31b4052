package telegram_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerdesk/bot"
	"partnerdesk/bot/telegram"
	"partnerdesk/bot/telegram/fakeapi"
	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
	"partnerdesk/domain/event"
	"partnerdesk/locales"

	"github.com/uptrace/bun"
)

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// On Telegram a buyer files a complaint with a photo (fetched with getFile
// and stored re-encoded under the photo directory; a PHP file sent as a
// photo is refused), asks to discuss it; the account manager gets a Telegram
// notice with the context, answers from the desk, and the answer reaches the
// buyer's chat.
func TestComplaintWithPhotoAndManagerOnTelegram(t *testing.T) {
	ctx := context.Background()
	db, fake, client := setup(t)
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	b, _ := locales.NewBundle()
	photos := &complaint.PhotoStore{Dir: t.TempDir()}
	engine := &bot.Engine{DB: db, Bundle: b, Credit: credit.DefaultPolicy, Photos: photos, Files: client}
	h := &telegram.Handler{Engine: engine, Bundle: b, Client: client}
	poller := &telegram.Poller{DB: db, Client: client, HandleTx: h.HandleTx, Timeout: time.Millisecond}
	sender := newSender(db, client)
	d := event.NewDispatcher(db, nil)
	d.Add(telegram.DeskConsumer(b, nil, "https://portal.example"))
	if _, err := d.DeliverOnce(ctx, "telegram-desk"); err != nil { // cursor at the head
		t.Fatal(err)
	}

	buyer, err := company.GetUserByEmail(ctx, db, "sanna.heikkinen@sahkovirta.example")
	if err != nil {
		t.Fatal(err)
	}
	manager, err := company.GetUserByEmail(ctx, db, "mikko.virtanen@voltmarket.example")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", manager.ID, *buyer.CompanyID)
	const buyerChat, managerChat = 9101, 9201
	var last []fakeapi.SentMessage
	step := func(push func()) string {
		t.Helper()
		before := len(fake.Sent())
		push()
		if _, err := poller.PollOnce(ctx); err != nil {
			t.Fatal(err)
		}
		drain(t, sender)
		last = nil
		var out []string
		for _, m := range fake.Sent()[before:] {
			if m.ChatID == buyerChat {
				out = append(out, m.Text)
				last = append(last, m)
			}
		}
		return strings.ReplaceAll(strings.Join(out, "\n"), "\u00a0", " ")
	}
	button := func(prefix string) string {
		t.Helper()
		for _, m := range last {
			for _, row := range m.Buttons {
				for _, bt := range row {
					if strings.HasPrefix(bt.CallbackData, prefix) {
						return bt.CallbackData
					}
				}
			}
		}
		t.Fatalf("no button %s… in %+v", prefix, last)
		return ""
	}
	text := func(s string) func() { return func() { fake.PushText(buyerChat, buyerChat, s) } }
	press := func(data string) func() { return func() { fake.PushCallback(buyerChat, buyerChat, data) } }
	link := func(u *company.User, chatID int64) {
		token, err := chat.NewLinkToken(ctx, db, u.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		fake.PushText(chatID, chatID, "/start "+token)
		if _, err := poller.PollOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	link(buyer, buyerChat)
	link(manager, managerChat)

	mustHave := func(got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Fatalf("reply does not contain %q:\n%s", w, got)
			}
		}
	}
	mustHave(step(text("haluan tehdä reklamaation")), "Mitä toimitusta")
	mustHave(step(press(button("cp:o:"))), "mitä tuotetta")
	mustHave(step(press(button("cp:l:"))), "on vialla")
	mustHave(step(press("cp:r:defect")), "Montako kappaletta")
	mustHave(step(text("1")), "Lähetä kuva")
	fake.AddFile("php-as-photo", []byte("<?php system($_GET['c']); ?>"))
	mustHave(step(func() { fake.PushPhoto(buyerChat, buyerChat, "php-as-photo", "") }), "En voi ottaa tätä tiedostoa vastaan")
	fake.AddFile("photo-1", testPNG(t))
	mustHave(step(func() { fake.PushPhoto(buyerChat, buyerChat, "photo-1", "") }), "Kuva 1/5 tallennettu")
	mustHave(step(press("cp:next")), "Kuvaile ongelma")
	mustHave(step(text("Katkaisija ei kytkeydy päälle")), "Tarkista reklamaatio", "1 kuva")
	got := step(press(button("cp:ok")))
	mustHave(got, "on vastaanotettu")

	var c struct {
		ID     int64 `bun:"id"`
		Number int64 `bun:"number"`
	}
	dbtest.Scan(t, db, &c, "SELECT id, number FROM complaints WHERE user_id = ? ORDER BY id DESC LIMIT 1", buyer.ID)
	mustHave(got, fmt.Sprint(c.Number))
	stored, err := complaint.Photos(ctx, db, c.ID)
	if err != nil || len(stored) != 1 || stored[0].TelegramFileID != "photo-1" {
		t.Fatalf("photos %+v, %v", stored, err)
	}
	onDisk, err := os.ReadFile(filepath.Join(photos.Dir, stored[0].FileName))
	if err != nil {
		t.Fatal(err)
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(onDisk)); err != nil || cfg.Width != 64 || cfg.Height != 48 || strings.Contains(stored[0].FileName, "photo-1") {
		t.Fatalf("stored photo %s: %+v, %v", stored[0].FileName, cfg, err)
	}
	if entries, _ := os.ReadDir(photos.Dir); len(entries) != 1 {
		t.Fatalf("%d files in the photo directory, want 1 (nothing from the PHP file)", len(entries))
	}

	// Discuss with the manager: the manager's Telegram gets the context.
	mustHave(step(press(button("cp:h:"))), "Mikko Virtanen")
	before := len(fake.Sent())
	if _, err := d.DeliverOnce(ctx, "telegram-desk"); err != nil {
		t.Fatal(err)
	}
	drain(t, sender)
	var toManager []string
	for _, m := range fake.Sent()[before:] {
		if m.ChatID == managerChat {
			toManager = append(toManager, m.Text)
		}
	}
	notice := strings.Join(toManager, "\n")
	mustHave(notice, "Uusi keskustelu odottaa", "Sähkö-Virta Oy", "reklamaatio", "Katkaisija ei kytkeydy päälle", "https://portal.example/desk/handoffs/")

	// The manager answers from the desk: the answer reaches the buyer's chat once.
	err = domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		hs, err := chat.Inbox(ctx, tx, manager.ID, false)
		if err != nil || len(hs) == 0 {
			return fmt.Errorf("inbox: %d, %v", len(hs), err)
		}
		_, err = chat.Answer(ctx, tx, hs[0], manager.ID, "Hei Sanna, lähetämme uuden katkaisijan huomenna.", time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before = len(fake.Sent())
	for range 2 {
		if _, err := d.DeliverOnce(ctx, "telegram-desk"); err != nil {
			t.Fatal(err)
		}
	}
	drain(t, sender)
	var toBuyer []string
	for _, m := range fake.Sent()[before:] {
		if m.ChatID == buyerChat {
			toBuyer = append(toBuyer, m.Text)
		}
	}
	if len(toBuyer) != 1 || toBuyer[0] != "Hei Sanna, lähetämme uuden katkaisijan huomenna." {
		t.Fatalf("buyer got %q", toBuyer)
	}
	// While a manager has the conversation, the bot keeps quiet.
	if got := step(text("Kiitos, odotan")); got != "" {
		t.Fatalf("the bot answered a handed-over conversation: %q", got)
	}
	for _, r := range fake.Refused() {
		t.Errorf("the fake Bot API refused %+v", r)
	}
}
