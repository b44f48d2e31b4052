package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"partnerdesk/domain/chat"
)

// Telegram's limits.
const (
	MaxTextRunes        = 4096 // message text, after entity parsing
	MaxCallbackDataSize = 64   // bytes
)

// ErrCallbackData: a button's data is empty or longer than 64 bytes.
var ErrCallbackData = errors.New("telegram: callback_data must be 1-64 bytes")

// ErrEmptyText: Telegram refuses messages without text.
var ErrEmptyText = errors.New("telegram: empty message text")

// InlineButton is one button of an inline keyboard.
type InlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// InlineKeyboard is reply_markup with inline buttons.
type InlineKeyboard struct {
	InlineKeyboard [][]InlineButton `json:"inline_keyboard"`
}

// SendMessageParams are the parameters of sendMessage as queued.
type SendMessageParams struct {
	ChatID      int64           `json:"chat_id"`
	Text        string          `json:"text"`
	ParseMode   string          `json:"parse_mode,omitempty"`
	ReplyMarkup *InlineKeyboard `json:"reply_markup,omitempty"`
}

// Messages converts a reply to sendMessage calls: the text HTML-escaped
// (< > &) with parse_mode HTML, split into parts of at most 4096 characters
// (preferring line breaks, then spaces), the buttons one per row on the last
// part. A button whose data is not 1–64 bytes is refused.
func Messages(chatID int64, r chat.Reply) ([]SendMessageParams, error) {
	if strings.TrimSpace(r.Text) == "" {
		return nil, ErrEmptyText
	}
	var kb *InlineKeyboard
	if len(r.Buttons) > 0 {
		kb = &InlineKeyboard{InlineKeyboard: make([][]InlineButton, 0, len(r.Buttons))}
		for _, b := range r.Buttons {
			if len(b.Data) == 0 || len(b.Data) > MaxCallbackDataSize {
				return nil, fmt.Errorf("%w: button %q has %d bytes", ErrCallbackData, b.Label, len(b.Data))
			}
			if strings.TrimSpace(b.Label) == "" {
				return nil, fmt.Errorf("telegram: button with data %q has no label", b.Data)
			}
			kb.InlineKeyboard = append(kb.InlineKeyboard, []InlineButton{{Text: b.Label, CallbackData: b.Data}})
		}
	}
	parts := SplitText(r.Text, MaxTextRunes)
	out := make([]SendMessageParams, 0, len(parts))
	for _, p := range parts {
		out = append(out, SendMessageParams{ChatID: chatID, Text: escapeHTML(p), ParseMode: "HTML"})
	}
	out[len(out)-1].ReplyMarkup = kb
	return out, nil
}

// escapeHTML escapes what Telegram's HTML parse mode needs (< > &; quotes
// become numeric entities, which Telegram accepts). Entities count as one
// character after parsing, so the length limit applies to the raw text.
func escapeHTML(s string) string {
	return html.EscapeString(s)
}

// SplitText cuts s into parts of at most max runes, breaking after the last
// newline or, failing that, the last space in the second half of a part, and
// hard otherwise. Parts that would be blank are dropped.
func SplitText(s string, max int) []string {
	var parts []string
	for utf8.RuneCountInString(s) > max {
		r := []rune(s)
		cut := max
		if i := lastIndexRune(r[:max], func(c rune) bool { return c == '\n' }); i >= max/2 {
			cut = i + 1
		} else if i := lastIndexRune(r[:max], unicode.IsSpace); i >= max/2 {
			cut = i + 1
		}
		if p := string(r[:cut]); strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
		s = string(r[cut:])
	}
	if strings.TrimSpace(s) != "" || len(parts) == 0 {
		parts = append(parts, s)
	}
	return parts
}

func lastIndexRune(r []rune, f func(rune) bool) int {
	for i := len(r) - 1; i >= 0; i-- {
		if f(r[i]) {
			return i
		}
	}
	return -1
}

// Enqueue queues the reply for chatID in telegram_outbox (one row per
// message, sent in order by a Sender). Pass the transaction of the writes
// that produced the reply so that both commit together.
func Enqueue(ctx context.Context, db bun.IDB, chatID int64, r chat.Reply) error {
	return EnqueueAt(ctx, db, chatID, r, time.Time{})
}

// EnqueueAt is Enqueue for messages that must not leave before a time (the
// end of the user's quiet hours); the zero time means now.
func EnqueueAt(ctx context.Context, db bun.IDB, chatID int64, r chat.Reply, notBefore time.Time) error {
	var nb any
	if !notBefore.IsZero() {
		nb = notBefore
	}
	msgs, err := Messages(chatID, r)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		params, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("telegram: enqueue: %w", err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO telegram_outbox (chat_id, method, params, not_before) VALUES (?, 'sendMessage', ?, coalesce(?::timestamptz, now()))`,
			chatID, string(params), nb); err != nil {
			return fmt.Errorf("telegram: enqueue: %w", err)
		}
	}
	return nil
}
