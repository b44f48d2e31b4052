package event

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"partnerdesk/domain"
)

// Handler receives a batch of events in order. For a durable consumer the
// transaction is the one that advances its cursor: work done through it is
// committed together with the cursor (exactly once); anything else is at least
// once. Returning an error retries the same batch later.
type Handler func(ctx context.Context, tx bun.Tx, events []Event) error

// Consumer describes one reader of the outbox.
type Consumer struct {
	// Name identifies a durable consumer's cursor in event_cursors; one
	// instance at a time runs it (an advisory lock per batch).
	Name string
	// Ephemeral consumers (e.g. this instance's websocket hub) keep their
	// cursor in memory and start at the head of the outbox.
	Ephemeral bool
	Handle    Handler
	// Ready, if set, is closed once the consumer has its starting position.
	Ready chan struct{}
}

// Dispatcher delivers outbox events to consumers. It wakes on this process's
// Notifier, on NOTIFY from other instances, and polls as a safety net.
type Dispatcher struct {
	db        *bun.DB
	notifier  *Notifier
	consumers []Consumer
	// PollEvery is the catch-up interval when no wake-up comes.
	PollEvery time.Duration
	// BatchSize is the largest batch handed to a consumer.
	BatchSize int
	// Gather is the least time between the starts of two batches of a
	// durable consumer, GatherLive of an ephemeral one (the live sockets):
	// while events keep coming, those of many transactions are gathered
	// into one batch (one read, one cursor update) instead of a batch per
	// commit. A wake-up after a quiet spell is served at once.
	Gather, GatherLive time.Duration
}

// NewDispatcher returns a dispatcher reading db's outbox.
func NewDispatcher(db *bun.DB, n *Notifier) *Dispatcher {
	return &Dispatcher{db: db, notifier: n, PollEvery: time.Second, BatchSize: 500,
		Gather: 100 * time.Millisecond, GatherLive: 20 * time.Millisecond}
}

// Add registers a consumer; call before Run.
func (d *Dispatcher) Add(c Consumer) { d.consumers = append(d.consumers, c) }

// Run delivers events until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) error {
	wakes := make([]chan struct{}, len(d.consumers))
	for i := range d.consumers {
		wakes[i] = d.notifier.subscribe()
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		d.listen(ctx, wakes)
	}()
	for i, c := range d.consumers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.consume(ctx, c, wakes[i])
		}()
	}
	wg.Wait()
	return nil
}

// listen forwards NOTIFYs from other instances to every consumer. When the
// database is unreachable it keeps trying; meanwhile polling delivers.
func (d *Dispatcher) listen(ctx context.Context, wakes []chan struct{}) {
	ln := pgdriver.NewListener(d.db)
	defer ln.Close()
	for failures := 1; ; failures++ {
		err := ln.Listen(ctx, Channel)
		if err == nil {
			break
		}
		slog.Warn("event: listen failed; polling meanwhile", "err", err)
		if !domain.Sleep(ctx, backoff(failures)) {
			return
		}
	}
	ch := ln.Channel(pgdriver.WithChannelSize(16))
	for {
		select {
		case <-ctx.Done():
			return
		case <-ch:
			for _, w := range wakes {
				select {
				case w <- struct{}{}:
				default:
				}
			}
		}
	}
}

// position is a place in the outbox: events are read in (txid, id) order.
type position struct {
	TxID int64 `bun:"last_txid"`
	ID   int64 `bun:"last_id"`
}

func (d *Dispatcher) consume(ctx context.Context, c Consumer, wake <-chan struct{}) {
	var pos position
	var err error
	for {
		if c.Ephemeral {
			pos, err = head(ctx, d.db)
		} else {
			err = d.ensureCursor(ctx, c.Name)
		}
		if err == nil {
			break
		}
		if !domain.Sleep(ctx, d.PollEvery) {
			return
		}
		slog.Warn("event: consumer start", "consumer", c.Name, "err", err)
	}
	if c.Ready != nil {
		close(c.Ready)
	}
	ticker := time.NewTicker(d.PollEvery)
	defer ticker.Stop()
	gather := d.Gather
	if c.Ephemeral {
		gather = d.GatherLive
	}
	failures := 0
	for {
		began := time.Now()
		n, err := d.batch(ctx, c, &pos)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			failures++
			slog.Warn("event: consumer failed; will retry", "consumer", c.Name, "err", err, "failures", failures)
			if !domain.Sleep(ctx, backoff(failures)) {
				return
			}
			continue
		case n == d.BatchSize:
			failures = 0
			continue // more waiting
		}
		failures = 0
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-ticker.C:
		}
		if !domain.Sleep(ctx, gather-time.Since(began)) {
			return
		}
	}
}

// DeliverOnce hands one batch to the named durable consumer and returns how
// many events it delivered. Run does this in a loop; tests and tools call it
// to step the outbox by hand.
func (d *Dispatcher) DeliverOnce(ctx context.Context, name string) (int, error) {
	for _, c := range d.consumers {
		if c.Name == name && !c.Ephemeral {
			if err := d.ensureCursor(ctx, name); err != nil {
				return 0, err
			}
			var pos position
			return d.batch(ctx, c, &pos)
		}
	}
	return 0, fmt.Errorf("event: no durable consumer %q", name)
}

// batch hands the next events to the consumer and advances its position.
func (d *Dispatcher) batch(ctx context.Context, c Consumer, pos *position) (int, error) {
	// A batch once begun is finished even when shutdown starts, so that what
	// was handed to the consumer is not handed over again.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var n int
	err := d.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if !c.Ephemeral {
			var got bool
			if err := tx.NewRaw("SELECT pg_try_advisory_xact_lock(?, ?)", lockSpace, lockKey(c.Name)).Scan(ctx, &got); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
			if !got {
				return nil // another instance is running this consumer
			}
			if err := tx.NewRaw("SELECT last_txid, last_id FROM event_cursors WHERE consumer = ?", c.Name).Scan(ctx, pos); err != nil {
				return fmt.Errorf("cursor: %w", err)
			}
		}
		events, err := next(ctx, tx, *pos, d.BatchSize)
		if err != nil || len(events) == 0 {
			return err
		}
		if err := c.Handle(ctx, tx, events); err != nil {
			return fmt.Errorf("handle: %w", err)
		}
		last := events[len(events)-1]
		n = len(events)
		if !c.Ephemeral {
			if _, err := tx.ExecContext(ctx, "UPDATE event_cursors SET last_txid = ?, last_id = ?, updated_at = now() WHERE consumer = ?",
				last.TxID, last.ID, c.Name); err != nil {
				return fmt.Errorf("advance cursor: %w", err)
			}
		}
		*pos = position{TxID: last.TxID, ID: last.ID}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("event: consumer %s: %w", c.Name, err)
	}
	return n, nil
}

// next reads events after pos from finished transactions only. A transaction
// still running may later commit events whose ids are lower than ones already
// visible, so events are read in (txid, id) order and only below the horizon:
// the oldest transaction id still running in this database. Transactions of
// other databases on the same server do not hold delivery back.
func next(ctx context.Context, db bun.IDB, pos position, limit int) ([]Event, error) {
	var events []Event
	if err := nextStmt.Select(ctx, db, &events, pos.TxID, pos.ID, limit); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return events, nil
}

// nextStmt is prepared: every consumer polls it after each commit, and
// planning the horizon (pg_stat_activity is a view over functions) cost
// more than running it.
var nextStmt = domain.PrepareWith(func(db *bun.DB) string {
	return db.NewSelect().Model((*Event)(nil)).
		Where("(txid, id) > ($1::bigint, $2::bigint)").
		Where("txid < ("+horizonSQL+")").
		OrderExpr("txid, id").String() + " LIMIT $3"
})

// horizonSQL is the lowest transaction id that may still commit events here:
// the smallest id the current snapshot sees as running, unless it is known to
// belong to another database; with none running, the snapshot's xmax. An id
// that cannot be placed (its session ended meanwhile, or its details are
// hidden from this role) counts as ours: waiting one more poll is safe.
const horizonSQL = `SELECT coalesce(
		(SELECT min(x::text::bigint) FROM pg_snapshot_xip(snap.s) AS x
		 WHERE x::text::bigint NOT IN (
			SELECT backend_xid::text::bigint FROM pg_stat_activity
			WHERE backend_xid IS NOT NULL AND datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database()))),
		pg_snapshot_xmax(snap.s)::text::bigint)
	FROM (SELECT pg_current_snapshot() AS s) AS snap`

// head is the position after the last finished event: where ephemeral consumers start.
func head(ctx context.Context, db bun.IDB) (position, error) {
	var p position
	err := db.NewRaw(`SELECT txid AS last_txid, id AS last_id FROM events
		WHERE txid < (`+horizonSQL+`)
		ORDER BY txid DESC, id DESC LIMIT 1`).Scan(ctx, &p)
	if errors.Is(err, domain.ErrNoRows) {
		return position{}, nil
	}
	return p, err
}

// ensureCursor creates a durable consumer's cursor at the head of the outbox:
// a consumer added to a running system starts with what happens next, not
// with the whole history.
func (d *Dispatcher) ensureCursor(ctx context.Context, name string) error {
	var exists bool
	if err := d.db.NewRaw("SELECT EXISTS (SELECT 1 FROM event_cursors WHERE consumer = ?)", name).Scan(ctx, &exists); err != nil || exists {
		return err
	}
	p, err := head(ctx, d.db)
	if err != nil {
		return err
	}
	_, err = d.db.ExecContext(ctx, `INSERT INTO event_cursors (consumer, last_txid, last_id) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, name, p.TxID, p.ID)
	return err
}

const lockSpace = 7_250_002

func lockKey(name string) int32 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int32(h.Sum32())
}

func backoff(failures int) time.Duration {
	d := 100 * time.Millisecond << min(failures, 7)
	return min(d, 10*time.Second)
}
