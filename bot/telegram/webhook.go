package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/uptrace/bun"

	"partnerdesk/domain/chat"
)

// WebhookHeader carries the secret Telegram sends with every webhook call.
const WebhookHeader = "X-Telegram-Bot-Api-Secret-Token"

// Webhook receives updates pushed by Telegram (TELEGRAM_MODE=webhook). A
// request without the configured secret is refused; an update is handled
// once (deduplicated by id in the handler's transaction), so a replayed or
// retried delivery changes nothing.
type Webhook struct {
	DB       *bun.DB
	Secret   string
	HandleTx func(ctx context.Context, tx bun.Tx, u Update) error
}

func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get(WebhookHeader)
	if h.Secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(h.Secret)) != 1 {
		http.Error(w, "forbidden", http.StatusUnauthorized)
		return
	}
	var u Update
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&u); err != nil || u.UpdateID == 0 {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	var err error
	// Two updates of one chat at the same moment (Telegram may deliver
	// concurrently): the later one finds the conversation changed and is
	// handled again on top of the first.
	for attempt := 0; attempt < 5; attempt++ {
		err = h.DB.RunInTx(r.Context(), nil, func(ctx context.Context, tx bun.Tx) error {
			res, err := tx.ExecContext(ctx, `INSERT INTO telegram_updates (update_id) VALUES (?) ON CONFLICT DO NOTHING`, u.UpdateID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // seen before
			}
			return h.HandleTx(ctx, tx, u)
		})
		if !errors.Is(err, chat.ErrConflict) {
			break
		}
	}
	if err != nil {
		// Telegram retries a failed delivery; the dedupe row rolled back with it.
		slog.Error("telegram webhook", "update", u.UpdateID, "err", err)
		http.Error(w, "retry later", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// SetWebhook points Telegram at url with the secret it must send back.
func SetWebhook(ctx context.Context, c *Client, url, secret string) error {
	if err := c.Call(ctx, "setWebhook", map[string]any{
		"url": url, "secret_token": secret, "allowed_updates": []string{"message", "callback_query"},
	}, nil); err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", err)
	}
	return nil
}
