package telegram

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// OffsetKey is the kv_settings key of the next getUpdates offset.
const OffsetKey = "telegram_offset"

// Poller reads updates with getUpdates and hands each to the handler once.
//
// Every update is deduplicated by inserting its update_id into
// telegram_updates; the insert, the new offset and — with HandleTx — the
// handler's writes commit in one transaction, so an update is handled
// exactly once even if it is delivered again. With Handle instead, the
// handler's own writes commit before the dedupe row (a crash between the two
// handles the update again).
//
// Run polls only while it holds a session-level advisory lock on a dedicated
// connection, so one instance polls at a time (Telegram answers 409 to two
// concurrent getUpdates).
type Poller struct {
	DB     *bun.DB
	Client *Client

	// HandleTx handles an update inside the dedupe transaction; it is
	// preferred to Handle when both are set. An error rolls the update back;
	// it is retried (MaxHandlerAttempts times, then skipped and logged).
	HandleTx func(ctx context.Context, tx bun.Tx, u Update) error
	Handle   func(ctx context.Context, u Update) error

	Timeout            time.Duration // long-poll timeout; default 25s
	MaxHandlerAttempts int           // default 5
	LockRetry          time.Duration // wait for the poller lock; default 5s
	Log                *slog.Logger

	mu       sync.Mutex
	failures map[int64]int
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

// Run polls until ctx ends, when it holds the poller lock.
func (p *Poller) Run(ctx context.Context) error {
	retry := p.LockRetry
	if retry <= 0 {
		retry = 5 * time.Second
	}
	for {
		err := p.runLocked(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			p.log().Error("telegram: poller", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(retry):
		}
	}
}

// runLocked takes the lock on its own connection and polls while it holds
// it. It returns nil when another instance holds the lock.
func (p *Poller) runLocked(ctx context.Context) error {
	_, err := withSessionLock(ctx, p.DB, "partnerdesk:telegram_poller", p.poll)
	return err
}

// poll is the getUpdates loop, run while the poller lock is held.
func (p *Poller) poll(ctx context.Context, alive func() error) error {
	p.log().Info("telegram: polling")
	wait := time.Duration(0)
	lastPrune := time.Time{}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		// The lock lives as long as the connection: stop if it is gone.
		if err := alive(); err != nil {
			return fmt.Errorf("poller lock connection: %w", err)
		}
		if time.Since(lastPrune) > time.Hour {
			p.prune(ctx)
			lastPrune = time.Now()
		}
		_, err := p.PollOnce(ctx)
		wait = 0
		var ae *APIError
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.As(err, &ae) && ae.Code == http.StatusTooManyRequests:
			wait = max(ae.RetryAfter, time.Second)
		case errors.As(err, &ae) && ae.Code == http.StatusConflict:
			// A webhook is set, or another getUpdates runs elsewhere.
			p.log().Error("telegram: getUpdates conflict", "err", err)
			wait = 30 * time.Second
		default:
			p.log().Error("telegram: poll", "err", err)
			wait = 3 * time.Second
		}
	}
}

// prune forgets handled update ids after 3 days: Telegram keeps an update
// for at most 24 hours, and restarts ids at random after a week without
// updates, when old ids must not hide new updates.
func (p *Poller) prune(ctx context.Context) {
	if _, err := p.DB.ExecContext(ctx, `DELETE FROM telegram_updates WHERE handled_at < now() - interval '3 days'`); err != nil {
		p.log().Warn("telegram: prune updates", "err", err)
	}
}

// PollOnce fetches one batch of updates (waiting up to Timeout for one) and
// handles the new ones. It returns how many were handled (duplicates are not
// counted). It does not take the poller lock.
func (p *Poller) PollOnce(ctx context.Context) (int, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 25 * time.Second
	}
	params := map[string]any{
		"timeout":         int(timeout.Seconds()),
		"allowed_updates": []string{"message", "callback_query"},
	}
	var value string
	var stale bool
	err := p.DB.NewRaw(`SELECT value, updated_at < now() - interval '6 days' FROM kv_settings WHERE key = ?`, OffsetKey).
		Scan(ctx, &value, &stale)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, fmt.Errorf("telegram: offset: %w", err)
	case !stale:
		// After days without updates Telegram may restart ids lower than
		// the stored offset; then ask without one (dedupe covers repeats).
		if off, err := strconv.ParseInt(value, 10, 64); err == nil {
			params["offset"] = off
		}
	}
	cctx, cancel := context.WithTimeout(ctx, timeout+15*time.Second)
	defer cancel()
	var updates []Update
	if err := p.Client.Call(cctx, "getUpdates", params, &updates); err != nil {
		return 0, err
	}
	handled := 0
	for _, u := range updates {
		ok, err := p.process(ctx, u)
		if err != nil {
			return handled, err
		}
		if ok {
			handled++
		}
	}
	return handled, nil
}

// process handles one update unless it was handled before, and moves the
// offset past it.
func (p *Poller) process(ctx context.Context, u Update) (bool, error) {
	tx, err := p.DB.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback() //nolint:errcheck
	res, err := tx.ExecContext(ctx, `INSERT INTO telegram_updates (update_id) VALUES (?) ON CONFLICT DO NOTHING`, u.UpdateID)
	if err != nil {
		return false, fmt.Errorf("telegram: dedupe update %d: %w", u.UpdateID, err)
	}
	n, _ := res.RowsAffected()
	fresh := n == 1
	if fresh {
		if herr := p.handle(ctx, tx, u); herr != nil {
			tx.Rollback() //nolint:errcheck
			if !p.giveUp(u.UpdateID, herr) {
				return false, fmt.Errorf("telegram: update %d: %w", u.UpdateID, herr)
			}
			// Skip it: record it as handled so that it stops blocking.
			if tx, err = p.DB.BeginTx(ctx, nil); err != nil {
				return false, err
			}
			defer tx.Rollback() //nolint:errcheck
			if _, err := tx.ExecContext(ctx, `INSERT INTO telegram_updates (update_id) VALUES (?) ON CONFLICT DO NOTHING`, u.UpdateID); err != nil {
				return false, err
			}
			fresh = false
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO kv_settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
		OffsetKey, strconv.FormatInt(u.UpdateID+1, 10)); err != nil {
		return false, fmt.Errorf("telegram: save offset: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("telegram: commit update %d: %w", u.UpdateID, err)
	}
	return fresh, nil
}

func (p *Poller) handle(ctx context.Context, tx bun.Tx, u Update) error {
	switch {
	case p.HandleTx != nil:
		return p.HandleTx(ctx, tx, u)
	case p.Handle != nil:
		return p.Handle(ctx, u)
	}
	return nil
}

// giveUp counts a failure of the handler and reports whether the update
// should be skipped now.
func (p *Poller) giveUp(id int64, err error) bool {
	limit := p.MaxHandlerAttempts
	if limit <= 0 {
		limit = 5
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failures == nil {
		p.failures = map[int64]int{}
	}
	p.failures[id]++
	if p.failures[id] < limit {
		return false
	}
	delete(p.failures, id)
	p.log().Error("telegram: update skipped after failures", "update_id", id, "err", err)
	return true
}
