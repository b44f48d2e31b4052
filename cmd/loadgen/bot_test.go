package main

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"partnerdesk/bot/intent"
	"partnerdesk/bot/telegram/fakeapi"
)

func TestParseBotFaults(t *testing.T) {
	got, err := parseBotFaults("500@30s:30, 429@20s:30,timeout@40s:5,timeout=0@41s:1:*,timeout=3s@45s:2:getUpdates")
	if err != nil {
		t.Fatal(err)
	}
	const send = "sendMessage"
	want := []botFault{
		{at: 20 * time.Second, n: 30, fault: fakeapi.Fault{Code: 429, Method: send}},
		{at: 30 * time.Second, n: 30, fault: fakeapi.Fault{Code: 500, Method: send}},
		{at: 40 * time.Second, n: 5, fault: fakeapi.Fault{Hang: botHang, Method: send}},
		{at: 41 * time.Second, n: 1, fault: fakeapi.Fault{}},
		{at: 45 * time.Second, n: 2, fault: fakeapi.Fault{Hang: 3 * time.Second, Method: "getUpdates"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if s := got[4].String(); s != "timeout×2 at 45s (getUpdates)" {
		t.Errorf("String() = %q", s)
	}
	if s := got[3].String(); s != "timeout×1 at 41s (any call)" {
		t.Errorf("String() = %q", s)
	}
	for _, bad := range []string{"429", "429@20s", "600@1s:1", "399@1s:1", "429@soon:1", "429@1s:0", "429@1s:x",
		"timeout=long@1s:1", "hang@1s:1", "429@1s:2:sendMessage:x"} {
		if _, err := parseBotFaults(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// Every fixed phrase the bot users write is understood as what they mean
// (the /help command is the Telegram handler's, not the detector's).
func TestBotPhrasesUnderstood(t *testing.T) {
	for lang, p := range botPhrases {
		for _, c := range []struct {
			list []string
			want intent.Kind
		}{{p.orders, intent.Delivery}, {p.balance, intent.Invoices}, {p.help, intent.Help}} {
			for _, text := range c.list {
				if strings.HasPrefix(text, "/") {
					continue
				}
				if got := intent.Detect(text, lang); got.Kind != c.want {
					t.Errorf("%s %q: detected %s, want %s", lang, text, got.Kind, c.want)
				}
			}
		}
	}
}

// Stock questions about the catalogue's words are stock questions, about
// the word asked, nearly always without a redraw.
func TestStockQuestions(t *testing.T) {
	terms := newSearchTerms()
	rnd := rand.New(rand.NewPCG(1, 2))
	for lang, p := range botPhrases {
		direct := 0
		for range 300 {
			q := stockQuestion(rnd, terms, lang, p.stock)
			if got := intent.Detect(q, lang); got.Kind != intent.Stock || got.Query == "" {
				t.Fatalf("%s %q: detected %+v", lang, q, got)
			}
			if !strings.Contains(q, "MCB-1P-C16-VT") {
				direct++
			}
		}
		if direct < 290 {
			t.Errorf("%s: only %d of 300 questions without falling back to a SKU", lang, direct)
		}
	}
}

// After a database crash a message Telegram took just before it is sent
// again (its row's commit was lost): the repeat is reported, not failed; a
// message without a row that repeats nothing still fails.
func TestCompareDeliveryAcrossACrash(t *testing.T) {
	sent := []fakeapi.SentMessage{{MessageID: 1, ChatID: 10, Text: "a"}, {MessageID: 2, ChatID: 10, Text: "b"},
		{MessageID: 3, ChatID: 10, Text: "b"}, {MessageID: 4, ChatID: 20, Text: "c"}}
	rows := []sentRow{{10, 1}, {10, 3}, {20, 4}}
	if d := compareDelivery(sent, rows, true); !d.clean() || d.resentAcrossCrash != 1 {
		t.Fatalf("repeat across a crash: %+v", d)
	}
	if d := compareDelivery(sent, rows, false); d.clean() {
		t.Fatal("a repeat without a crash passed")
	}
	lost := append(sent, fakeapi.SentMessage{MessageID: 5, ChatID: 20, Text: "d"})
	if d := compareDelivery(lost, rows, true); d.clean() || d.unmatchedAccepted != 1 {
		t.Fatalf("a message without a row that repeats nothing: %+v", d)
	}
}

func TestCompareDelivery(t *testing.T) {
	sent := []fakeapi.SentMessage{{MessageID: 1, ChatID: 10}, {MessageID: 2, ChatID: 10}, {MessageID: 3, ChatID: 20}}
	type counts struct{ acceptedWithoutRow, rowsWithoutAcceptance, duplicateIDs, chatsDiffering int64 }
	cases := []struct {
		name string
		rows []sentRow
		want counts
	}{
		{"each accepted message one row", []sentRow{{10, 1}, {10, 2}, {20, 3}}, counts{}},
		{"accepted, then sent again after a lost answer", []sentRow{{10, 2}, {20, 3}}, counts{1, 0, 0, 1}},
		{"a row claims a message Telegram never took", []sentRow{{10, 1}, {10, 2}, {20, 3}, {20, 9}}, counts{0, 1, 0, 1}},
		{"two rows with one message id", []sentRow{{10, 1}, {10, 1}, {20, 3}}, counts{1, 0, 1, 0}},
		{"a message id of another chat", []sentRow{{10, 1}, {20, 2}, {20, 3}}, counts{0, 1, 0, 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := compareDelivery(sent, c.rows, false)
			got := counts{d.unmatchedAccepted, d.unmatchedRows, d.duplicateIDs, d.chatsDiffering}
			if got != c.want {
				t.Errorf("got %+v, want %+v (%v)", got, c.want, d.sample)
			}
			if d.clean() != (c.want == counts{}) {
				t.Errorf("clean() = %v", d.clean())
			}
			if d.accepted != 3 || d.rows != int64(len(c.rows)) || d.chats != 2 {
				t.Errorf("accepted %d, rows %d, chats %d", d.accepted, d.rows, d.chats)
			}
		})
	}
}
