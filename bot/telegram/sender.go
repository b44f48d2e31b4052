package telegram

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// Sender sends the queued rows of telegram_outbox.
//
// Each message is claimed in its own transaction: a per-chat advisory
// transaction lock (so messages of one chat go out one at a time and in
// order, across instances), then the chat's oldest queued row FOR UPDATE
// SKIP LOCKED. The API is called with that transaction open and the row is
// marked sent in the same transaction only after the API answered ok.
//
// Delivery is therefore at most once per committed row, with one remaining
// at-least-once window: if the process dies (or the database connection is
// lost) after Telegram accepted the message and before the commit, the
// transaction rolls back and the row is sent again by the next sender. A
// network timeout is treated the same way (the message may have arrived).
// Cancelling ctx does not open that window: a message already handed to the
// API is finished and committed with a context detached from ctx.
//
// The per-chat spacing is checked against the chat's last sent_at in the
// database, so it holds across instances; the global rate is counted in the
// process, and Run sends only while it holds an advisory lock, so one
// instance sends at a time (the others stand by and take over).
type Sender struct {
	DB     *bun.DB
	Client *Client

	PerChat     time.Duration // spacing of messages to one chat; default 1s
	Global      int           // messages per second overall; default 30
	MaxAttempts int           // temporary failures before a row is failed; default 8
	// Backoff is the wait after the n-th temporary failure (5xx, timeout);
	// default 5s·2^(n-1), at most 15 minutes.
	Backoff func(attempt int) time.Duration
	Timeout time.Duration // of one API call; default 30s
	Batch   int           // chats looked at per SendOnce; default 100
	Idle    time.Duration // Run's pause when nothing is due; default 250ms
	Log     *slog.Logger

	mu     sync.Mutex
	window []time.Time // sends in the last second, oldest first
}

func (s *Sender) perChat() time.Duration {
	if s.PerChat > 0 {
		return s.PerChat
	}
	return time.Second
}

func (s *Sender) global() int {
	if s.Global > 0 {
		return s.Global
	}
	return 30
}

func (s *Sender) maxAttempts() int {
	if s.MaxAttempts > 0 {
		return s.MaxAttempts
	}
	return 8
}

func (s *Sender) backoff(n int) time.Duration {
	if s.Backoff != nil {
		return s.Backoff(n)
	}
	d := 5 * time.Second
	for i := 1; i < n && d < 15*time.Minute; i++ {
		d *= 2
	}
	return min(d, 15*time.Minute)
}

func (s *Sender) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// take reserves a slot of the global rate, or reports there is none now.
func (s *Sender) take() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	i := 0
	// Telegram counts arrivals; the clock here starts before the call, and
	// calls take varying time: a margin keeps 31 arrivals out of any second.
	for i < len(s.window) && now.Sub(s.window[i]) >= time.Second+globalMargin {
		i++
	}
	s.window = s.window[i:]
	if len(s.window) >= s.global() {
		return false
	}
	s.window = append(s.window, now)
	return true
}

// globalMargin widens the overall rate's one-second window.
const globalMargin = 150 * time.Millisecond

// Run sends until ctx ends.
func (s *Sender) Run(ctx context.Context) error {
	for {
		held, err := withSessionLock(ctx, s.DB, "partnerdesk:telegram_sender", s.send)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			s.log().Error("telegram: sender", "err", err)
		}
		if held {
			continue // the lock connection broke: take it again
		}
		select { // another instance sends; stand by
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Second):
		}
	}
}

// send is the sending loop, run while the sender lock is held.
func (s *Sender) send(ctx context.Context, alive func() error) error {
	idle := s.Idle
	if idle <= 0 {
		idle = 250 * time.Millisecond
	}
	wait := time.Duration(0)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		if wait > 0 {
			if err := alive(); err != nil {
				return fmt.Errorf("sender lock connection: %w", err)
			}
		}
		n, err := s.SendOnce(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			s.log().Error("telegram: send", "err", err)
			wait = 5 * time.Second
		case n == 0:
			wait = idle
		default:
			wait = 0
		}
	}
}

// SendOnce sends at most one message to each chat whose oldest queued
// message is due and whose last message is at least PerChat old, oldest
// first, within the global rate. It returns how many were sent.
func (s *Sender) SendOnce(ctx context.Context) (int, error) {
	batch := s.Batch
	if batch <= 0 {
		batch = 100
	}
	var chats []int64
	err := s.DB.NewRaw(`SELECT chat_id FROM (
			SELECT DISTINCT ON (chat_id) chat_id, id, not_before FROM telegram_outbox
			WHERE status = 'queued' ORDER BY chat_id, id
		) o WHERE not_before <= clock_timestamp() ORDER BY id LIMIT ?`, batch).Scan(ctx, &chats)
	if err != nil {
		return 0, fmt.Errorf("telegram: outbox: %w", err)
	}
	sent := 0
	for _, chatID := range chats {
		ok, err := s.sendNext(ctx, chatID)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

type outboxRow struct {
	ID       int64  `bun:"id"`
	Method   string `bun:"method"`
	Params   string `bun:"params"`
	Attempts int    `bun:"attempts"`
	Due      bool   `bun:"due"`
	TooSoon  bool   `bun:"too_soon"`
}

// sendNext sends the oldest queued message of one chat, if it may go now.
func (s *Sender) sendNext(ctx context.Context, chatID int64) (sent bool, err error) {
	// The transaction must outlive ctx: database/sql rolls a transaction
	// back when the context given to BeginTx ends, which after the API call
	// would send the message again. Statements before the call use ctx.
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout+10*time.Second)
	defer cancel()
	tx, err := s.DB.BeginTx(sctx, nil)
	if err != nil {
		return false, fmt.Errorf("telegram: outbox: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck

	var locked bool
	if err := tx.NewRaw(`SELECT pg_try_advisory_xact_lock(hashtextextended('telegram_outbox:' || ?::text, 0))`, chatID).
		Scan(ctx, &locked); err != nil {
		return false, fmt.Errorf("telegram: outbox lock: %w", err)
	}
	if !locked {
		return false, nil // another sender is at this chat
	}
	var row outboxRow
	err = tx.NewRaw(`SELECT id, method, params::text AS params, attempts,
			not_before <= clock_timestamp() AS due,
			COALESCE((SELECT max(s.sent_at) FROM telegram_outbox s WHERE s.chat_id = o.chat_id AND s.status = 'sent')
				> clock_timestamp() - ?::interval, false) AS too_soon
		FROM telegram_outbox o WHERE chat_id = ? AND status = 'queued'
		ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
		fmt.Sprintf("%d microseconds", s.perChat().Microseconds()), chatID).Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("telegram: outbox claim: %w", err)
	}
	if !row.Due || row.TooSoon || ctx.Err() != nil || !s.take() {
		return false, nil
	}

	// From here on the message may reach Telegram: finish even if ctx ends,
	// so that a graceful stop never sends a message twice.
	var msg struct {
		MessageID int64 `json:"message_id"`
	}
	cctx, ccancel := context.WithTimeout(sctx, timeout)
	callErr := s.Client.Call(cctx, row.Method, json.RawMessage(row.Params), &msg)
	ccancel()

	var ae *APIError
	switch {
	case callErr == nil:
		_, err = tx.NewRaw(`UPDATE telegram_outbox SET status = 'sent', message_id = ?, sent_at = clock_timestamp(),
			attempts = attempts + 1, last_error = '' WHERE id = ?`, msg.MessageID, row.ID).Exec(sctx)
		sent = true
	case errors.As(callErr, &ae) && ae.Code == http.StatusTooManyRequests:
		ra := ae.RetryAfter
		if ra <= 0 {
			ra = time.Second
		}
		_, err = tx.NewRaw(`UPDATE telegram_outbox SET not_before = clock_timestamp() + ?::interval, last_error = ? WHERE id = ?`,
			fmt.Sprintf("%d microseconds", ra.Microseconds()), callErr.Error(), row.ID).Exec(sctx)
		s.log().Warn("telegram: rate limited", "chat", chatID, "retry_after", ra)
	case Temporary(callErr) && row.Attempts+1 < s.maxAttempts():
		_, err = tx.NewRaw(`UPDATE telegram_outbox SET attempts = attempts + 1, not_before = clock_timestamp() + ?::interval,
			last_error = ? WHERE id = ?`,
			fmt.Sprintf("%d microseconds", s.backoff(row.Attempts+1).Microseconds()), callErr.Error(), row.ID).Exec(sctx)
	default: // permanent (400, 403 blocked by the user, ...) or out of attempts
		_, err = tx.NewRaw(`UPDATE telegram_outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`,
			callErr.Error(), row.ID).Exec(sctx)
		s.log().Error("telegram: message failed", "id", row.ID, "chat", chatID, "err", callErr)
	}
	if err != nil {
		return false, fmt.Errorf("telegram: outbox update: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("telegram: outbox commit: %w", err)
	}
	return sent, nil
}
