package telegram

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// withSessionLock runs fn while this process holds the named session-level
// advisory lock on a dedicated connection, so that only one instance does
// the work at a time (the poller: Telegram answers 409 to two concurrent
// getUpdates; the sender: the overall rate is counted in one process). It
// reports false without calling fn when another instance holds the lock.
// fn gets alive, which fails once the connection (and with it the lock) is
// gone, so that fn stops.
func withSessionLock(ctx context.Context, db *bun.DB, name string, fn func(ctx context.Context, alive func() error) error) (bool, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(hashtextextended(?, 0))`, name).Scan(&got); err != nil {
		return false, err
	}
	if !got {
		return false, nil
	}
	defer func() {
		// Unlock on a fresh context; if the connection is broken the server
		// has released the lock already.
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		conn.ExecContext(uctx, `SELECT pg_advisory_unlock(hashtextextended(?, 0))`, name) //nolint:errcheck
	}()
	alive := func() error {
		_, err := conn.ExecContext(ctx, "SELECT 1")
		return err
	}
	return true, fn(ctx, alive)
}
