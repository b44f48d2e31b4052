package portal

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/dbtest"
)

// echoBot stands in for the bot engine (tested in package bot): it records
// the exchange and answers with a button, as the engine does.
type echoBot struct{ db *bun.DB }

func (b echoBot) Handle(ctx context.Context, conv *chat.Conversation, user *company.User, in chat.Input) ([]chat.Reply, error) {
	db := b.db
	text := in.Text
	if text == "" {
		text = "[" + in.Data + "]"
	}
	if err := chat.Append(ctx, db, &chat.Message{ConversationID: conv.ID, Direction: "in", Author: "customer", Body: text}); err != nil {
		return nil, err
	}
	r := chat.Reply{Text: "echo (" + string(conv.Language) + "): " + text, Buttons: []chat.Button{{Label: "Dalej", Data: "next"}}}
	if err := chat.Append(ctx, db, &chat.Message{ConversationID: conv.ID, Direction: "out", Author: "bot", Body: r.Text, Buttons: r.Buttons}); err != nil {
		return nil, err
	}
	return []chat.Reply{r}, nil
}

func TestChatPageWorksWithoutJavaScript(t *testing.T) {
	tn := newTenant(t, "pl")
	p := newTestPortal(t)
	p.srv.SetChatBot(echoBot{db: dbtest.DB(t)})
	p.signIn(tn.BuyerEmail)
	mustContain(t, p.get("/chat", "").Body, "Czat", "Zapytaj o dostępność produktu")
	res := p.post("/chat", url.Values{"text": {"macie kabel HDMI 2m?"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("send: %d", res.Status)
	}
	page := p.get("/chat", "").Body
	mustContain(t, page, "macie kabel HDMI 2m?", "echo (pl): macie kabel HDMI 2m?", `value="next"`, "Dalej")
	p.post("/chat", url.Values{"data": {"next"}})
	mustContain(t, p.get("/chat", "").Body, "echo (pl): [next]")
}

func TestChatOverTheLiveSocket(t *testing.T) {
	tn := newTenant(t, "fi")
	inst := startInstance(t)
	inst.srv.SetChatBot(echoBot{db: dbtest.DB(t)})
	ws, _, err := dialLive(t, inst, signedInSession(t, tn.BuyerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.WriteJSON(map[string]any{"chat": map[string]string{"text": "onko johtoa varastossa?"}}); err != nil {
		t.Fatal(err)
	}
	ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		var m struct {
			Kind string     `json:"kind"`
			Data chat.Reply `json:"data"`
		}
		raw, err := nextLive(ws)
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(raw, &m)
		if m.Kind == "chat.reply" {
			if !strings.Contains(m.Data.Text, "echo (fi): onko johtoa varastossa?") || len(m.Data.Buttons) != 1 {
				t.Fatalf("reply %+v", m.Data)
			}
			return
		}
	}
}

func TestConnectTelegramGivesOneTimeDeepLink(t *testing.T) {
	tn := newTenant(t, "ru")
	p := newTestPortal(t)
	p.srv.cfg.TelegramBot = "voltmarket_bot"
	p.signIn(tn.BuyerEmail)
	mustContain(t, p.get("/account", "").Body, "Подключить Telegram")
	res := p.post("/account/telegram", url.Values{})
	if res.Status != http.StatusOK || !strings.Contains(res.Body, "https://t.me/voltmarket_bot?start=") {
		t.Fatalf("connect: %d", res.Status)
	}
	var n int
	dbtest.Scan(t, dbtest.DB(t), &n, "SELECT count(*) FROM telegram_link_tokens WHERE user_id = ? AND expires_at > now()", tn.Buyer)
	if n != 1 {
		t.Fatalf("%d link tokens", n)
	}
}
