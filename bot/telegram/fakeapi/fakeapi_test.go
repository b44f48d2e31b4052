package fakeapi_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"partnerdesk/bot/telegram"
	"partnerdesk/bot/telegram/fakeapi"
)

func listen(t *testing.T) (*fakeapi.Server, *telegram.Client) {
	t.Helper()
	fake, err := fakeapi.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	fake.PerChat = time.Nanosecond // no per-chat spacing: these tests send back to back
	return fake, &telegram.Client{APIURL: fake.URL(), Token: fakeapi.Token}
}

func send(c *telegram.Client, ctx context.Context, chatID int64, text string) error {
	return c.Call(ctx, "sendMessage", telegram.SendMessageParams{ChatID: chatID, Text: text}, nil)
}

// The faults a sender must survive: a 429 with retry_after, a 500, and a
// call that hangs and is dropped without the message being accepted. Faults
// for one method leave the others alone.
func TestInjectedFaults(t *testing.T) {
	fake, c := listen(t)
	ctx := context.Background()
	fake.RetryAfter = 5
	fake.Inject(fakeapi.Fault{Method: "sendMessage", Code: 429}, 1)
	if _, err := c.GetMe(ctx); err != nil {
		t.Fatalf("getMe met the sendMessage fault: %v", err)
	}
	fake.FailNext(1, 500)
	fake.HangNext(1, time.Millisecond)
	var ae *telegram.APIError
	if err := send(c, ctx, 7, "a"); !errors.As(err, &ae) || ae.Code != 429 || ae.RetryAfter != 5*time.Second {
		t.Fatalf("first send: %v, want 429 retry after 5s", err)
	}
	if err := send(c, ctx, 7, "b"); !errors.As(err, &ae) || ae.Code != 500 || !telegram.Temporary(err) {
		t.Fatalf("second send: %v, want 500", err)
	}
	err := send(c, ctx, 7, "c")
	if err == nil || errors.As(err, &ae) || !telegram.Temporary(err) {
		t.Fatalf("third send: %v, want a dropped connection", err)
	}
	if n := fake.SentCount(7); n != 0 {
		t.Fatalf("%d messages accepted during the faults", n)
	}
	if err := send(c, ctx, 7, "d"); err != nil {
		t.Fatal(err)
	}

	got := fake.Counts()
	if got.Accepted[7] != 1 || got.Calls["sendMessage"] != 4 || got.FaultsLeft != 0 {
		t.Errorf("accepted %v, calls %v, faults left %d", got.Accepted, got.Calls, got.FaultsLeft)
	}
	if got.Injected["429"] != 1 || got.Injected["500"] != 1 || got.Injected["timeout"] != 1 || len(got.Refused) != 0 {
		t.Errorf("injected %v, refused by rule %v", got.Injected, got.Refused)
	}
}

// A call that hangs until the caller gives up is dropped when the caller's
// deadline passes, and the message is not accepted.
func TestHangUntilCallerGivesUp(t *testing.T) {
	fake, c := listen(t)
	fake.HangNext(1, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := send(c, ctx, 8, "x"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("send = %v, want the caller's deadline", err)
	}
	if n := fake.SentCount(8); n != 0 {
		t.Fatalf("%d accepted", n)
	}
}

// The rate limits are counted apart from the injected faults.
func TestRateLimitCounted(t *testing.T) {
	fake, c := listen(t)
	fake.PerChat = time.Hour
	ctx := context.Background()
	if err := send(c, ctx, 9, "one"); err != nil {
		t.Fatal(err)
	}
	if err := send(c, ctx, 9, "two"); err == nil {
		t.Fatal("second message within the per-chat spacing was accepted")
	}
	if got := fake.Counts(); got.Refused[429] != 1 || len(got.Injected) != 0 || got.Accepted[9] != 1 {
		t.Fatalf("refused %v, injected %v, accepted %v", got.Refused, got.Injected, got.Accepted)
	}
}

// An update stays until a later getUpdates confirms it with its offset;
// every answer that carries it counts, so a repeat is a redelivery.
func TestUpdatesRedeliveredUntilConfirmed(t *testing.T) {
	fake, c := listen(t)
	ctx := context.Background()
	fake.ContinueUpdateIDs(5000)
	id := fake.PushText(11, 11, "hej")
	if id != 5001 {
		t.Fatalf("update id %d, want 5001 after ContinueUpdateIDs(5000)", id)
	}
	for range 2 {
		var ups []telegram.Update
		if err := c.Call(ctx, "getUpdates", map[string]any{"timeout": 0}, &ups); err != nil || len(ups) != 1 || ups[0].UpdateID != id {
			t.Fatalf("getUpdates = %+v, %v", ups, err)
		}
	}
	var ups []telegram.Update
	if err := c.Call(ctx, "getUpdates", map[string]any{"offset": id + 1, "timeout": 0}, &ups); err != nil || len(ups) != 0 {
		t.Fatalf("after confirming: %+v, %v", ups, err)
	}
	got := fake.Counts()
	if got.Pushed != 1 || got.Unconfirmed != 0 || got.HandedOut != 2 || got.Redelivered != 1 || fake.Deliveries()[id] != 2 {
		t.Fatalf("counts %+v, deliveries %v", got, fake.Deliveries())
	}
}

// WaitSent returns a chat's i-th message once accepted, whether it was
// accepted before or while waiting, and ignores other chats.
func TestWaitSent(t *testing.T) {
	fake, c := listen(t)
	ctx := context.Background()
	if err := send(c, ctx, 12, "first"); err != nil {
		t.Fatal(err)
	}
	if m, err := fake.WaitSent(ctx, 12, 0); err != nil || m.Text != "first" {
		t.Fatalf("WaitSent(0) = %+v, %v", m, err)
	}
	got := make(chan fakeapi.SentMessage)
	go func() {
		m, _ := fake.WaitSent(ctx, 12, 1)
		got <- m
	}()
	if err := send(c, ctx, 13, "elsewhere"); err != nil {
		t.Fatal(err)
	}
	if err := send(c, ctx, 12, "second"); err != nil {
		t.Fatal(err)
	}
	if m := <-got; m.Text != "second" || m.ChatID != 12 || m.At.IsZero() {
		t.Fatalf("WaitSent(1) = %+v", m)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := fake.WaitSent(cctx, 12, 2); !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitSent after cancel = %v", err)
	}
}
