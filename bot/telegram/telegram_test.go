package telegram_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/bot/telegram"
	"partnerdesk/bot/telegram/fakeapi"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func setup(t *testing.T) (*bun.DB, *fakeapi.Server, *telegram.Client) {
	t.Helper()
	db := dbtest.DB(t)
	if _, err := db.ExecContext(context.Background(), `TRUNCATE telegram_outbox, telegram_updates; DELETE FROM kv_settings WHERE key = 'telegram_offset'`); err != nil {
		t.Fatal(err)
	}
	fake := fakeapi.New()
	fake.PerChat = 20 * time.Millisecond
	t.Cleanup(fake.Close)
	return db, fake, &telegram.Client{APIURL: fake.URL(), Token: fakeapi.Token}
}

func newSender(db *bun.DB, c *telegram.Client) *telegram.Sender {
	return &telegram.Sender{DB: db, Client: c, PerChat: 20 * time.Millisecond, Backoff: func(int) time.Duration { return 0 }}
}

// drain calls SendOnce until the queue is empty (or fails the test).
func drain(t *testing.T, s *telegram.Sender) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := s.SendOnce(ctx); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := s.DB.NewRaw(`SELECT count(*) FROM telegram_outbox WHERE status = 'queued'`).Scan(ctx, &left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("queue not drained")
}

func TestClientErrors(t *testing.T) {
	_, fake, c := setup(t)
	ctx := context.Background()
	if me, err := c.GetMe(ctx); err != nil || me.Username != "fake_bot" {
		t.Fatalf("getMe = %+v, %v", me, err)
	}
	fake.RetryAfter = 7
	fake.FailNext(1, 429)
	err := c.Call(ctx, "getMe", nil, nil)
	var ae *telegram.APIError
	if !errors.As(err, &ae) || ae.Code != 429 || ae.RetryAfter != 7*time.Second || !telegram.Temporary(err) {
		t.Fatalf("err = %#v", err)
	}
	bad := &telegram.Client{APIURL: "http://127.0.0.1:1", Token: "secret-token"}
	err = bad.Call(ctx, "getMe", nil, nil)
	if err == nil || strings.Contains(err.Error(), "secret-token") || !telegram.Temporary(err) {
		t.Fatalf("transport error = %v", err)
	}
	wrong := &telegram.Client{APIURL: fake.URL(), Token: "nope"}
	if err := wrong.Call(ctx, "getMe", nil, nil); !errors.As(err, &ae) || ae.Code != 401 || telegram.Temporary(err) {
		t.Fatalf("401 = %v", err)
	}
}

func TestEnqueueSplitsLongTextAndEscapes(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	text := "<b>" + strings.Repeat("ż", 10000-3) // 10,000 characters, 2-byte runes
	err := telegram.Enqueue(ctx, db, 42, chat.Reply{Text: text, Buttons: []chat.Button{{Label: "Tak", Data: "yes"}, {Label: "Nie", Data: "no"}}})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	db.NewRaw(`SELECT count(*) FROM telegram_outbox WHERE chat_id = 42`).Scan(ctx, &n) //nolint:errcheck
	if n != 3 {
		t.Fatalf("rows = %d, want 3", n)
	}
	drain(t, newSender(db, c))
	sent := fake.Sent()
	if len(sent) != 3 || len(fake.Refused()) != 0 {
		t.Fatalf("sent %d, refused %+v", len(sent), fake.Refused())
	}
	if !strings.HasPrefix(sent[0].Text, "&lt;b&gt;ż") || sent[0].ParseMode != "HTML" {
		t.Errorf("first part not escaped: %.20q", sent[0].Text)
	}
	var joined string
	for i, m := range sent {
		joined += m.Text
		if (m.Buttons != nil) != (i == 2) {
			t.Errorf("message %d buttons = %v", i, m.Buttons)
		}
	}
	if joined != strings.ReplaceAll(text, "<b>", "&lt;b&gt;") {
		t.Error("parts do not join to the text")
	}
	if len(sent[2].Buttons) != 2 || sent[2].Buttons[1][0].CallbackData != "no" {
		t.Errorf("buttons = %+v", sent[2].Buttons)
	}
}

func TestSplitPrefersLineBreaks(t *testing.T) {
	text := strings.Repeat("a", 3000) + "\n" + strings.Repeat("b", 3000)
	parts := telegram.SplitText(text, 4096)
	if len(parts) != 2 || parts[1] != strings.Repeat("b", 3000) {
		t.Fatalf("parts = %d %.10q", len(parts), parts)
	}
}

func TestButtonDataOver64BytesRefused(t *testing.T) {
	db, _, _ := setup(t)
	ctx := context.Background()
	data := strings.Repeat("ą", 32) + "x" // 65 bytes, 33 characters
	err := telegram.Enqueue(ctx, db, 1, chat.Reply{Text: "Wybierz", Buttons: []chat.Button{{Label: "X", Data: data}}})
	if !errors.Is(err, telegram.ErrCallbackData) {
		t.Fatalf("err = %v", err)
	}
	if err := telegram.Enqueue(ctx, db, 1, chat.Reply{Text: "ok", Buttons: []chat.Button{{Label: "X", Data: strings.Repeat("ą", 32)}}}); err != nil {
		t.Fatalf("64 bytes refused: %v", err)
	}
	if err := telegram.Enqueue(ctx, db, 1, chat.Reply{Text: "  "}); !errors.Is(err, telegram.ErrEmptyText) {
		t.Fatalf("empty text: %v", err)
	}
}

func TestPerChatRate(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	for i := range 5 {
		if err := telegram.Enqueue(ctx, db, 7, chat.Reply{Text: fmt.Sprintf("m%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		if err := telegram.Enqueue(ctx, db, 8, chat.Reply{Text: fmt.Sprintf("other%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	s := newSender(db, c)
	// Hammer SendOnce without pauses: the spacing must come from the sender.
	deadline := time.Now().Add(10 * time.Second)
	for len(fake.Sent()) < 8 && time.Now().Before(deadline) {
		if _, err := s.SendOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if r := fake.Refused(); len(r) != 0 {
		t.Fatalf("fake refused %+v", r)
	}
	var got []string
	for _, m := range fake.Sent() {
		if m.ChatID == 7 {
			got = append(got, m.Text)
		}
	}
	if strings.Join(got, ",") != "m0,m1,m2,m3,m4" {
		t.Fatalf("chat 7 got %v", got)
	}
}

func TestFakeEnforcesRate(t *testing.T) {
	_, fake, c := setup(t)
	fake.PerChat = time.Second
	ctx := context.Background()
	p := telegram.SendMessageParams{ChatID: 5, Text: "a"}
	if err := c.Call(ctx, "sendMessage", p, nil); err != nil {
		t.Fatal(err)
	}
	var ae *telegram.APIError
	if err := c.Call(ctx, "sendMessage", p, nil); !errors.As(err, &ae) || ae.Code != 429 || ae.RetryAfter < time.Second {
		t.Fatalf("second message = %v", err)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	if err := telegram.Enqueue(ctx, db, 9, chat.Reply{Text: "hej"}); err != nil {
		t.Fatal(err)
	}
	fake.RetryAfter = 42
	fake.FailNext(1, 429)
	s := newSender(db, c)
	n, err := s.SendOnce(ctx)
	if err != nil || n != 0 {
		t.Fatalf("SendOnce = %d, %v", n, err)
	}
	var wait float64
	var status string
	var attempts int
	if err := db.NewRaw(`SELECT EXTRACT(EPOCH FROM not_before - clock_timestamp())::float8, status, attempts FROM telegram_outbox`).
		Scan(ctx, &wait, &status, &attempts); err != nil {
		t.Fatal(err)
	}
	if wait < 40 || wait > 42.01 || status != "queued" || attempts != 0 {
		t.Fatalf("not_before in %.2fs, status %s, attempts %d", wait, status, attempts)
	}
	if n, _ := s.SendOnce(ctx); n != 0 || len(fake.Sent()) != 0 {
		t.Fatal("sent before retry_after")
	}
}

func TestServerErrorThenSuccessSentOnce(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	if err := telegram.Enqueue(ctx, db, 10, chat.Reply{Text: "raz"}); err != nil {
		t.Fatal(err)
	}
	fake.FailNext(1, 500)
	s := newSender(db, c)
	drain(t, s)
	if got := fake.Sent(); len(got) != 1 || got[0].Text != "raz" {
		t.Fatalf("sent %+v", got)
	}
	var attempts int
	var status string
	var mid int64
	db.NewRaw(`SELECT attempts, status, message_id FROM telegram_outbox`).Scan(ctx, &attempts, &status, &mid) //nolint:errcheck
	if attempts != 2 || status != "sent" || mid != fake.Sent()[0].MessageID {
		t.Fatalf("attempts %d status %s message_id %d", attempts, status, mid)
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	if err := telegram.Enqueue(ctx, db, 11, chat.Reply{Text: "x"}); err != nil {
		t.Fatal(err)
	}
	fake.FailNext(100, 502)
	s := newSender(db, c)
	for range 10 {
		if _, err := s.SendOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var attempts int
	var status string
	db.NewRaw(`SELECT attempts, status FROM telegram_outbox`).Scan(ctx, &attempts, &status) //nolint:errcheck
	if attempts != 8 || status != "failed" || fake.Calls("sendMessage") != 8 {
		t.Fatalf("attempts %d status %s calls %d", attempts, status, fake.Calls("sendMessage"))
	}
}

func TestRestartMidQueueNothingLostOrDoubled(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	const chats, per = 6, 4
	for i := range per {
		for ch := range chats {
			if err := telegram.Enqueue(ctx, db, int64(100+ch), chat.Reply{Text: fmt.Sprintf("c%d-m%d", ch, i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// First instance runs and is stopped in the middle of the queue.
	first := newSender(db, c)
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { first.Run(rctx); close(done) }() //nolint:errcheck
	for len(fake.Sent()) < 5 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	// Two new instances work the rest concurrently.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newSender(db, c)
			for range 2000 {
				if _, err := s.SendOnce(ctx); err != nil {
					t.Error(err)
					return
				}
				if len(fake.Sent()) >= chats*per {
					return
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range fake.Sent() {
		seen[m.Text]++
	}
	if len(seen) != chats*per || len(fake.Sent()) != chats*per {
		t.Fatalf("sent %d messages, %d distinct, want %d", len(fake.Sent()), len(seen), chats*per)
	}
	for txt, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", txt, n)
		}
	}
	if r := fake.Refused(); len(r) != 0 {
		t.Errorf("fake refused %+v", r)
	}
	// Order within each chat.
	last := map[int64]string{}
	for _, m := range fake.Sent() {
		if m.Text < last[m.ChatID] {
			t.Errorf("chat %d out of order: %s after %s", m.ChatID, m.Text, last[m.ChatID])
		}
		last[m.ChatID] = m.Text
	}
	var queued int
	db.NewRaw(`SELECT count(*) FROM telegram_outbox WHERE status <> 'sent'`).Scan(ctx, &queued) //nolint:errcheck
	if queued != 0 {
		t.Errorf("%d rows not sent", queued)
	}
}

func TestPollerHandlesOnce(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	var mu sync.Mutex
	var got []telegram.Update
	p := &telegram.Poller{DB: db, Client: c, Timeout: time.Second,
		HandleTx: func(ctx context.Context, tx bun.Tx, u telegram.Update) error {
			mu.Lock()
			got = append(got, u)
			mu.Unlock()
			return telegram.Enqueue(ctx, tx, u.ChatID(), chat.Reply{Text: "echo"})
		}}
	id1 := fake.PushText(77, 700, "Dzień dobry")
	fake.PushCallback(77, 700, "menu:orders")
	fake.PushPhoto(77, 700, "PHOTO1", "uszkodzenie")
	n, err := p.PollOnce(ctx)
	if err != nil || n != 3 {
		t.Fatalf("PollOnce = %d, %v", n, err)
	}
	if n, err := p.PollOnce(ctx); err != nil || n != 0 {
		t.Fatalf("second PollOnce = %d, %v", n, err)
	}
	if got[0].Input().Text != "Dzień dobry" || got[0].UserID() != 700 || got[1].Input().Data != "menu:orders" ||
		got[1].ChatID() != 77 || got[2].PhotoFileID() != "PHOTO1" || got[2].Input().Text != "uszkodzenie" {
		t.Fatalf("updates = %+v", got)
	}
	var off string
	db.NewRaw(`SELECT value FROM kv_settings WHERE key = 'telegram_offset'`).Scan(ctx, &off) //nolint:errcheck
	if off != fmt.Sprint(id1+3) {
		t.Fatalf("offset = %s, want %d", off, id1+3)
	}
	// Redelivery of an already handled update (e.g. offset lost).
	fake.Push(map[string]any{"update_id": id1, "message": map[string]any{"message_id": 1, "chat": map[string]any{"id": 77}, "text": "Dzień dobry"}})
	db.ExecContext(ctx, `DELETE FROM kv_settings WHERE key = 'telegram_offset'`) //nolint:errcheck
	if n, err := p.PollOnce(ctx); err != nil || n != 0 {
		t.Fatalf("redelivered: %d, %v", n, err)
	}
	if len(got) != 3 {
		t.Fatalf("handled %d times", len(got))
	}
	var queued int
	db.NewRaw(`SELECT count(*) FROM telegram_outbox`).Scan(ctx, &queued) //nolint:errcheck
	if queued != 3 {
		t.Fatalf("outbox rows = %d, want 3 (one per handled update)", queued)
	}
}

func TestPollerHandlerErrorRetriesThenSkips(t *testing.T) {
	db, fake, c := setup(t)
	ctx := context.Background()
	calls := 0
	p := &telegram.Poller{DB: db, Client: c, Timeout: time.Second, MaxHandlerAttempts: 2,
		HandleTx: func(ctx context.Context, tx bun.Tx, u telegram.Update) error {
			calls++
			if _, err := tx.ExecContext(ctx, `INSERT INTO telegram_outbox (chat_id, params) VALUES (1, '{}')`); err != nil {
				return err
			}
			return errors.New("boom")
		}}
	fake.PushText(1, 1, "x")
	if _, err := p.PollOnce(ctx); err == nil {
		t.Fatal("want the handler's error")
	}
	if n, err := p.PollOnce(ctx); err != nil || n != 0 {
		t.Fatalf("second try = %d, %v", n, err)
	}
	if n, err := p.PollOnce(ctx); err != nil || n != 0 || calls != 2 {
		t.Fatalf("after skip = %d, %v, calls %d", n, err, calls)
	}
	var rows int
	db.NewRaw(`SELECT count(*) FROM telegram_outbox`).Scan(ctx, &rows) //nolint:errcheck
	if rows != 0 {
		t.Fatalf("failed handler's writes committed: %d", rows)
	}
}

func TestPollerRunSingleInstance(t *testing.T) {
	db, fake, c := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	count := map[int64]int{}
	mk := func() *telegram.Poller {
		return &telegram.Poller{DB: db, Client: c, Timeout: time.Second, LockRetry: 50 * time.Millisecond,
			Handle: func(ctx context.Context, u telegram.Update) error {
				mu.Lock()
				count[u.UpdateID]++
				mu.Unlock()
				return nil
			}}
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); mk().Run(ctx) }() //nolint:errcheck
	}
	var ids []int64
	for i := range 5 {
		ids = append(ids, fake.PushText(int64(i+1), 1, "hi"))
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(count)
		mu.Unlock()
		if n == len(ids) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	for _, id := range ids {
		if count[id] != 1 {
			t.Errorf("update %d handled %d times", id, count[id])
		}
	}
}

// Two instances run a sender each: one sends at a time, so the overall rate
// stays within Telegram's 30/s (the fake refuses anything faster) and every
// message goes out once.
func TestSenderRunSingleInstance(t *testing.T) {
	db, fake, c := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const n = 80
	for i := range n {
		if err := telegram.Enqueue(ctx, db, int64(50_000+i), chat.Reply{Text: fmt.Sprintf("message %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); newSender(db, c).Run(ctx) }() //nolint:errcheck
	}
	for {
		var sent int
		dbtest.Scan(t, db, &sent, "SELECT count(*) FROM telegram_outbox WHERE chat_id BETWEEN 50000 AND 50079 AND status = 'sent'")
		if sent == n {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if r := fake.Refused(); len(r) > 0 {
		t.Fatalf("the Bot API refused %d calls, e.g. %+v", len(r), r[0])
	}
	got := map[int64]int{}
	for _, m := range fake.Sent() {
		got[m.ChatID]++
	}
	for i := range n {
		if got[int64(50_000+i)] != 1 {
			t.Fatalf("chat %d got %d messages", 50_000+i, got[int64(50_000+i)])
		}
	}
}
