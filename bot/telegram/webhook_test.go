package telegram_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/bot/telegram"
	"partnerdesk/domain/dbtest"
)

// A webhook call needs the secret; a replayed update is handled once.
func TestWebhookChecksSecretAndDeduplicates(t *testing.T) {
	db := dbtest.DB(t)
	var handled atomic.Int32
	h := &telegram.Webhook{DB: db, Secret: "s3cr3t-value", HandleTx: func(ctx context.Context, tx bun.Tx, u telegram.Update) error {
		handled.Add(1)
		return nil
	}}
	post := func(secret, body string) int {
		req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(body))
		if secret != "" {
			req.Header.Set(telegram.WebhookHeader, secret)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	update := `{"update_id": 987654321, "message": {"message_id": 1, "date": 1, "chat": {"id": 42, "type": "private"}, "text": "hej"}}`
	if code := post("", update); code != http.StatusUnauthorized {
		t.Fatalf("no secret: %d", code)
	}
	if code := post("wrong-secret", update); code != http.StatusUnauthorized {
		t.Fatalf("wrong secret: %d", code)
	}
	if handled.Load() != 0 {
		t.Fatal("an update without the secret was handled")
	}
	for range 3 {
		if code := post("s3cr3t-value", update); code != http.StatusOK {
			t.Fatalf("right secret: %d", code)
		}
	}
	if handled.Load() != 1 {
		t.Fatalf("handled %d times, want once", handled.Load())
	}
	if code := post("s3cr3t-value", `{"update_id": "x"}`); code != http.StatusBadRequest {
		t.Fatalf("malformed update: %d", code)
	}
}
