package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/bot/intent"
	"partnerdesk/bot/telegram"
	"partnerdesk/bot/telegram/fakeapi"
)

// botConfig is the bot traffic of a run: load customers with a linked
// Telegram chat writing to the bot through a fake Bot API that this process
// serves, and the faults that API shows while the load runs.
type botConfig struct {
	listen       string
	chats        int
	rate         float64
	faults       []botFault
	replyTimeout time.Duration
	notify       bool
	crashes      bool // serve or PostgreSQL are killed during the run (make faults)
}

func botFlags(fs *flag.FlagSet, c *botConfig) {
	fs.StringVar(&c.listen, "bot-listen", "", "serve a fake Telegram Bot API at this host:port and send bot traffic through it (see above)")
	fs.IntVar(&c.chats, "bot-chats", 0, "customers with a linked Telegram chat (default a quarter of -customers, at least 1)")
	fs.Float64Var(&c.rate, "bot-rate", 2, "bot messages per second, all chats together")
	fs.Func("bot-faults", "Bot API faults during the load: KIND@AT:COUNT[:METHOD],... (see above)", func(s string) error {
		var err error
		c.faults, err = parseBotFaults(s)
		return err
	})
	fs.DurationVar(&c.replyTimeout, "bot-reply-timeout", 30*time.Second, "how long a bot user waits for the answer before counting no-reply")
	fs.BoolVar(&c.crashes, "bot-crashes", false, "serve or PostgreSQL are killed during the run (make faults sets it): a chat message Telegram took just before a crash is sent again, and the delivery check reports such repeats instead of failing")
	fs.BoolVar(&c.notify, "bot-notify", false, "let the bot chats also get order notifications on Telegram (an answer's latency is then the first message after the question, whatever it is)")
}

// botRun is the bot traffic of one run.
type botRun struct {
	cfg   botConfig
	fake  *fakeapi.Server
	rec   *recorder
	terms *searchTerms
	chats []*botChat
	// since is the database's clock when the fake started: every message
	// marked sent after it went through the fake.
	since time.Time

	mu                  sync.Mutex
	firstID, lastID     int64 // the update ids pushed (consecutive)
	pushed, answered    atomic.Int64
	noReply, tickMissed atomic.Int64
	fired               []string
	users               sync.WaitGroup
	schedule            sync.WaitGroup
	drainTook           time.Duration
	rowsRetried         int64
	leftovers           int64 // queued messages of an earlier run dropped
}

// botChat is one customer writing to the bot.
type botChat struct {
	id   int64
	cust *lgCustomer
	rnd  *rand.Rand
	// asked: the chat's messages from the fake that belong to earlier
	// questions; the answer to the next one is the message with this index.
	asked     int
	questions int64    // updates pushed
	buttons   []string // callback data of the last answer's buttons a customer may press
}

// startBot starts the fake Bot API before setup, so that serve's poller,
// which retries every few seconds, is polling by the time the load begins.
func (r *runner) startBot(ctx context.Context) error {
	c := r.cfg.bot
	if c.listen == "" {
		if len(c.faults) > 0 || c.chats > 0 {
			return errors.New("-bot-chats and -bot-faults need -bot-listen")
		}
		return nil
	}
	if c.rate <= 0 {
		return errors.New("-bot-rate: more than 0")
	}
	fake, err := fakeapi.Listen(c.listen)
	if err != nil {
		return fmt.Errorf("-bot-listen: %w", err)
	}
	b := &botRun{cfg: c, fake: fake, rec: r.rec}
	if err := r.db.NewRaw("SELECT clock_timestamp()").Scan(ctx, &b.since); err != nil {
		fake.Close()
		return fmt.Errorf("bot: %w", err)
	}
	// The bot's database remembers update ids from earlier runs (handled
	// ids and the offset); new updates must come after them, as on Telegram.
	var last int64
	err = r.db.NewRaw(`SELECT greatest((SELECT coalesce(max(update_id), 0) FROM telegram_updates),
		(SELECT coalesce(max(value::bigint), 1) - 1 FROM kv_settings WHERE key = ?))`, telegram.OffsetKey).Scan(ctx, &last)
	if err != nil {
		fake.Close()
		return fmt.Errorf("bot: update ids: %w", err)
	}
	fake.ContinueUpdateIDs(last)
	r.bot = b
	return nil
}

// close stops the fake.
func (b *botRun) close() {
	if b != nil {
		b.fake.Close()
	}
}

// prepare links the chats of the first -bot-chats customers (and unlinks
// the load's other users, left over from a run with more chats), resets
// their conversations to the bot with nothing pending, and waits for serve
// to poll the fake. Messages still queued to the load's chats come from an
// earlier run whose fake is gone; serve retried them in vain with growing
// backoffs, and as a chat's messages go in order, they would hold this
// run's answers back: they are dropped.
func (b *botRun) prepare(ctx context.Context, db *bun.DB, w *world, terms *searchTerms, seed uint64) error {
	if b == nil {
		return nil
	}
	b.terms = terms
	n := b.cfg.chats
	if n <= 0 {
		n = max(1, len(w.customers)/4)
	}
	n = min(n, len(w.customers))
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET telegram_chat_id = NULL WHERE email LIKE ? AND telegram_chat_id IS NOT NULL`,
			"%@"+lgEmailDomain); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM telegram_outbox WHERE status = 'queued' AND chat_id BETWEEN ? AND ?`,
			botChatBase, botChatBase+botChatSpan)
		if err != nil {
			return err
		}
		b.leftovers, _ = res.RowsAffected()
		for i, c := range w.customers[:n] {
			chatID := botChatBase + int64(i)
			if _, err := tx.ExecContext(ctx, `UPDATE users SET telegram_chat_id = ? WHERE id = ?`, chatID, c.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO conversations (channel, telegram_chat_id, user_id, company_id, language)
				VALUES ('telegram', ?0, ?1, ?2, ?3)
				ON CONFLICT (telegram_chat_id) WHERE channel = 'telegram' DO UPDATE SET user_id = ?1, company_id = ?2, language = ?3,
				  mode = 'bot', state = '', state_data = '{}', misunderstood = 0, version = conversations.version + 1, updated_at = now()`,
				chatID, c.ID, c.Company.ID, c.Company.Language); err != nil {
				return err
			}
			// Order notifications would come between a question and its
			// answer; they are off unless -bot-notify.
			if _, err := tx.ExecContext(ctx, `INSERT INTO notification_preferences (user_id, kind, enabled)
				SELECT ?, k, ? FROM unnest(ARRAY['order_status', 'invoice_due', 'invoice_overdue', 'back_in_stock', 'reorder_reminder', 'price_change']) k
				ON CONFLICT (user_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled`, c.ID, b.cfg.notify); err != nil {
				return err
			}
			b.chats = append(b.chats, &botChat{id: chatID, cust: c, rnd: rand.New(rand.NewPCG(seed, uint64(chatID)))})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bot: link chats: %w", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for b.fake.Counts().Calls["getUpdates"] == 0 {
		if time.Now().After(deadline) {
			return fmt.Errorf("bot: nothing polled the fake Bot API at %s for 20 s; start serve with TELEGRAM_BOT_TOKEN=%s TELEGRAM_API_URL=%s",
				b.cfg.listen, fakeapi.Token, b.fake.URL())
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return nil
}

// start runs the bot users and the fault schedule until ctx ends. A chat
// asks its next question only after the answer to the previous one (or
// -bot-reply-timeout), and not within a second of that answer: Telegram
// sends a chat one message a second, and the latency should be the bot's.
func (b *botRun) start(ctx context.Context, windowStart time.Time) {
	if b == nil {
		return
	}
	b.schedule.Go(func() { b.runFaults(ctx, windowStart) })
	turns := make(chan struct{})
	for _, c := range b.chats {
		b.users.Go(func() { b.converse(ctx, c, turns) })
	}
	b.users.Go(func() {
		tick := time.NewTicker(time.Duration(float64(time.Second) / b.cfg.rate))
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			select {
			case turns <- struct{}{}:
			default:
				b.tickMissed.Add(1) // every chat is waiting for an answer
			}
		}
	})
}

func (b *botRun) runFaults(ctx context.Context, windowStart time.Time) {
	for _, f := range b.cfg.faults {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(windowStart.Add(f.at))):
		}
		b.fake.Inject(f.fault, f.n)
		b.mu.Lock()
		b.fired = append(b.fired, f.String())
		b.mu.Unlock()
	}
}

// converse is one chat's customer: on each turn given, a question (or a
// button of the last answer pressed), then the wait for the answer.
func (b *botRun) converse(ctx context.Context, c *botChat, turns <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-turns:
		}
		kind, text, data := c.next(b.terms)
		// The answer is the first message after the question: with order
		// notifications on, one may have arrived since the last answer.
		c.asked = max(c.asked, b.fake.SentCount(c.id))
		pushed := time.Now()
		var id int64
		if data != "" {
			id = b.fake.PushCallback(c.id, c.id, data)
		} else {
			id = b.fake.PushText(c.id, c.id, text)
		}
		b.notePushed(id)
		c.questions++
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.replyTimeout)
		m, err := b.fake.WaitSent(wctx, c.id, c.asked)
		cancel()
		c.asked++
		if err != nil {
			b.noReply.Add(1)
			b.rec.failed("bot:"+kind, time.Since(pushed), "no-reply", text+data)
			continue
		}
		b.answered.Add(1)
		b.rec.done("bot:"+kind, m.At.Sub(pushed), "")
		c.buttons = c.buttons[:0]
		for _, row := range m.Buttons {
			for _, bt := range row {
				if pressable(bt.CallbackData) {
					c.buttons = append(c.buttons, bt.CallbackData)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(m.At.Add(time.Second))):
		}
	}
}

func (b *botRun) notePushed(id int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.firstID == 0 || id < b.firstID {
		b.firstID = id
	}
	b.lastID = max(b.lastID, id)
	b.pushed.Add(1)
}

// pressable: buttons that only show something. The others start a
// conversation (a handoff to a person, a complaint, a reorder that would
// place an order) whose next steps the load does not play.
func pressable(data string) bool {
	return data == "orders" || data == "help" || strings.HasPrefix(data, "order:")
}

// botPhrases are what customers write, per language: questions the intent
// detector understands (bot/intent's tests), a product name in %s.
var botPhrases = map[string]struct{ stock, orders, balance, help []string }{
	"pl": {
		stock:   []string{"macie %s?", "czy jest na stanie %s?", "ile kosztuje %s?"},
		orders:  []string{"gdzie jest moje zamówienie?", "kiedy dostawa?", "gdzie moje zamowienie"},
		balance: []string{"ile jestem winien?", "pokaż nieopłacone faktury"},
		help:    []string{"co umiesz?", "pomocy", "/help"},
	},
	"ru": {
		stock:   []string{"есть ли в наличии %s?", "сколько стоит %s?", "у вас есть %s?"},
		orders:  []string{"где мой заказ?", "когда доставка?"},
		balance: []string{"сколько я должен?", "мой баланс", "неоплаченные счета"},
		help:    []string{"что ты умеешь?", "/help"},
	},
	"fi": {
		stock:   []string{"onko teillä %s saatavilla?", "paljonko maksaa %s", "löytyykö %s?"},
		orders:  []string{"missä tilaukseni on?", "milloin toimitus tulee?"},
		balance: []string{"paljonko olen velkaa?", "avoimet laskut"},
		help:    []string{"mitä osaat?", "apua", "/help"},
	},
}

// next is the chat's next message: its kind for the report, and a text or
// the data of a pressed button.
func (c *botChat) next(terms *searchTerms) (kind, text, data string) {
	if len(c.buttons) > 0 && c.rnd.IntN(100) < 25 {
		return "button", "", c.buttons[c.rnd.IntN(len(c.buttons))]
	}
	lang := c.cust.Company.Language
	p := botPhrases[lang]
	one := func(list []string) string { return list[c.rnd.IntN(len(list))] }
	switch r := c.rnd.IntN(100); {
	case r < 50:
		return "stock", stockQuestion(c.rnd, terms, lang, p.stock), ""
	case r < 75:
		return "order", one(p.orders), ""
	case r < 90:
		return "balance", one(p.balance), ""
	default:
		return "help", one(p.help), ""
	}
}

// stockQuestion asks about one of the catalogue's search terms; a term the
// detector would not take for a product (a bare EAN reads as an order
// number) is drawn again, and a SKU is the last resort.
func stockQuestion(rnd *rand.Rand, terms *searchTerms, lang string, forms []string) string {
	for range 5 {
		q := fmt.Sprintf(forms[rnd.IntN(len(forms))], terms.pick(rnd, lang))
		if intent.Detect(q, lang).Kind == intent.Stock {
			return q
		}
	}
	return fmt.Sprintf(forms[0], "MCB-1P-C16-VT")
}
