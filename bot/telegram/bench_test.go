package telegram_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"partnerdesk/bot"
	"partnerdesk/bot/telegram"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
	"partnerdesk/locales"
)

// BenchmarkBotUpdates pushes Telegram updates through the webhook handler —
// decode, dedupe, the engine with the real database (stock search with own
// prices, order status, help), replies queued in telegram_outbox, commit —
// from 8 linked chats at once (the demo's buyers). It reports updates per
// second and the time from an update's arrival to its reply being queued
// (p50, p99).
func BenchmarkBotUpdates(b *testing.B) {
	ctx := context.Background()
	db := dbtest.DB(b)
	if _, err := demo.Seed(ctx, db); err != nil {
		b.Fatal(err)
	}
	bundle, err := locales.NewBundle()
	if err != nil {
		b.Fatal(err)
	}
	engine := &bot.Engine{DB: db, Bundle: bundle, Credit: credit.DefaultPolicy}
	h := &telegram.Handler{Engine: engine, Bundle: bundle}
	wh := &telegram.Webhook{DB: db, Secret: "bench-secret-0123456789", HandleTx: h.HandleTx}

	// Link every active customer user to a chat of its own.
	var users []struct {
		ID       int64  `bun:"id"`
		Language string `bun:"language"`
		Number   int64  `bun:"number"`
	}
	dbtest.Scan(b, db, &users, `SELECT u.id, u.language, coalesce((SELECT max(number) FROM orders o WHERE o.company_id = u.company_id), 0) AS number
		FROM users u WHERE u.company_id IS NOT NULL AND u.active ORDER BY u.id`)
	base := 7_000_000 + dbtest.Unique()*1000
	for i, u := range users {
		dbtest.Exec(b, db, "UPDATE users SET telegram_chat_id = ?, telegram_user_id = ? WHERE id = ?", base+int64(i), base+int64(i), u.ID)
	}
	asks := map[string][]string{
		"pl": {"macie kabel HDMI 2m?", "gdzie jest zamówienie %d?", "pomoc"},
		"ru": {"есть ли в наличии автомат 16А?", "где заказ %d?", "помощь"},
		"fi": {"onko johtoa varastossa?", "missä on tilaus %d?", "apua"},
	}
	var next atomic.Int64
	next.Store(base * 10)
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(4) // 4 × GOMAXPROCS(2) = 8 chats talking at once
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			id := next.Add(1)
			u := users[int(id)%len(users)]
			chatID := base + int64(int(id)%len(users))
			ask := asks[u.Language][int(id/int64(len(users)))%3]
			if strings.Contains(ask, "%d") {
				ask = fmt.Sprintf(ask, u.Number)
			}
			body := fmt.Sprintf(`{"update_id": %d, "message": {"message_id": %d, "date": 1, "chat": {"id": %d, "type": "private"}, "from": {"id": %d, "first_name": "B"}, "text": %q}}`,
				id, id, chatID, chatID, ask)
			req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(body))
			req.Header.Set(telegram.WebhookHeader, "bench-secret-0123456789")
			rec := httptest.NewRecorder()
			t0 := time.Now()
			wh.ServeHTTP(rec, req)
			mine = append(mine, time.Since(t0))
			if rec.Code != http.StatusOK {
				b.Errorf("update %d: %d %s", id, rec.Code, rec.Body.String())
				return
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "updates/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	var queued int
	dbtest.Scan(b, db, &queued, "SELECT count(*) FROM telegram_outbox WHERE chat_id BETWEEN ? AND ?", base, base+int64(len(users)))
	if queued < len(lat) {
		b.Fatalf("%d replies queued for %d updates", queued, len(lat))
	}
}
