package telegram_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/bot/telegram"
	"partnerdesk/domain/dbtest"
)

// Forged and replayed webhook deliveries. webhook_test.go checks a missing
// and a wrong secret and that the right one is handled once; here: look-alike
// secrets, the secret where Telegram does not put it, a webhook with no
// secret configured, and that a forged delivery cannot use up the id of the
// genuine one.
func TestAttackWebhookForgedDeliveries(t *testing.T) {
	db := dbtest.DB(t)
	const secret = "Zx81-webhook-secret_2026"
	var handled atomic.Int32
	handle := func(ctx context.Context, tx bun.Tx, u telegram.Update) error {
		handled.Add(1)
		return nil
	}
	id := 1_500_000_000 + dbtest.Unique()
	update := fmt.Sprintf(`{"update_id": %d, "message": {"message_id": 7, "date": 1, "chat": {"id": 42, "type": "private"}, "text": "/start"}}`, id)
	post := func(h *telegram.Webhook, target, body string, header ...string) int {
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	seen := func() (n int) {
		dbtest.Scan(t, db, &n, "SELECT count(*) FROM telegram_updates WHERE update_id = ?", id)
		return n
	}

	// A webhook whose secret was never configured takes nothing, not even a
	// request that sends an empty secret.
	unset := &telegram.Webhook{DB: db, HandleTx: handle}
	for _, header := range [][]string{nil, {telegram.WebhookHeader, ""}, {telegram.WebhookHeader, " "}} {
		if code := post(unset, "/telegram/webhook", update, header...); code != http.StatusUnauthorized {
			t.Errorf("no secret configured, header %q: %d", header, code)
		}
	}

	h := &telegram.Webhook{DB: db, Secret: secret, HandleTx: handle}
	forged := map[string][]string{
		"a prefix of the secret":       {telegram.WebhookHeader, secret[:len(secret)-1]},
		"the secret and more":          {telegram.WebhookHeader, secret + "x"},
		"the secret in upper case":     {telegram.WebhookHeader, strings.ToUpper(secret)},
		"the secret padded":            {telegram.WebhookHeader, " " + secret + " "},
		"the secret in another header": {"Authorization", "Bearer " + secret},
	}
	for name, header := range forged {
		if code := post(h, "/telegram/webhook", update, header...); code != http.StatusUnauthorized {
			t.Errorf("%s: %d", name, code)
		}
	}
	for _, target := range []string{"/telegram/webhook?secret_token=" + secret, "/telegram/webhook/" + secret} {
		if code := post(h, target, update); code != http.StatusUnauthorized {
			t.Errorf("the secret in the address %s: %d", target, code)
		}
	}
	if handled.Load() != 0 || seen() != 0 {
		t.Fatalf("forged deliveries: handled %d, update id recorded %d times", handled.Load(), seen())
	}
	// The genuine delivery of that id still goes through, once; a forged
	// replay of it afterwards is refused as before.
	if code := post(h, "/telegram/webhook", update, telegram.WebhookHeader, secret); code != http.StatusOK || handled.Load() != 1 {
		t.Fatalf("the genuine delivery after the forged ones: %d, handled %d", code, handled.Load())
	}
	if code := post(h, "/telegram/webhook", update, telegram.WebhookHeader, "wrong"); code != http.StatusUnauthorized {
		t.Fatalf("a replay with a wrong secret: %d", code)
	}
	// A huge body with the right secret is cut off and refused.
	huge := fmt.Sprintf(`{"update_id": %d, "message": {"text": "%s"}}`, id+1, strings.Repeat("a", 2<<20))
	if code := post(h, "/telegram/webhook", huge, telegram.WebhookHeader, secret); code != http.StatusBadRequest {
		t.Fatalf("a 2 MB update: %d", code)
	}
	if handled.Load() != 1 {
		t.Fatalf("handled %d times, want once", handled.Load())
	}
}
