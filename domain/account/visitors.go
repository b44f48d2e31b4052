package account

import (
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// VisitorChannel is where the database announces that a session, a user or
// a company changed (triggers of migration 20261122190000): "s:<token hash
// in hex>", "u:<user id>", "c:<company id>".
const VisitorChannel = "pd_visitors"

// Visitors keeps what LookupVisitor read for each session token, so a page
// does not begin with a round trip to the database: every signed-in request
// reads its session, and an order takes five or six requests.
//
// Only while it listens on VisitorChannel are its entries used. Every
// change to a session, user or company is announced there by a trigger,
// whoever made it (this instance, another one, the API, a background job),
// and drops the entries it concerns; when the listening connection fails,
// everything is dropped and nothing is kept until it listens again, since a
// notification may have been missed meanwhile. A read that raced with a
// change is not kept (generations), and no entry lives longer than MaxAge.
//
// A change is seen by other requests once its notification arrived, about a
// millisecond after its commit. Requests of this instance that change
// visitors (sign-out, a language, a role, a deactivation) Forget at once, so
// what follows them never sees the old row (see portal's routes).
type Visitors struct {
	MaxAge time.Duration // 1 minute when 0
	Max    int           // entries kept at most, 100,000 when 0

	mu      sync.Mutex
	live    bool
	gen     uint64
	entries map[string]visitorEntry
	waiters map[string]chan struct{} // Sync's pings not heard yet
}

type visitorEntry struct {
	row visitorRow
	at  time.Time
}

// NewVisitors is an empty cache that keeps nothing until Run listens.
func NewVisitors() *Visitors {
	return &Visitors{entries: map[string]visitorEntry{}, waiters: map[string]chan struct{}{}}
}

// get returns the row kept for a token hash, if any and still fresh.
func (v *Visitors) get(key string, now time.Time) (visitorRow, bool) {
	if v == nil {
		return visitorRow{}, false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	e, ok := v.entries[key]
	if !ok || !v.live || now.Sub(e.at) > v.maxAge() || now.Before(e.at) {
		return visitorRow{}, false
	}
	return e.row, true
}

// begin is called before reading a row from the database; put keeps the row
// only if nothing was forgotten in between (the row may predate the change).
func (v *Visitors) begin() uint64 {
	if v == nil {
		return 0
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.gen
}

func (v *Visitors) put(key string, row visitorRow, gen uint64, now time.Time) {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.live || gen != v.gen {
		return
	}
	if len(v.entries) >= v.max() {
		clear(v.entries) // a crude bound: refilled by the next requests
	}
	v.entries[key] = visitorEntry{row: row, at: now}
}

func (v *Visitors) maxAge() time.Duration {
	if v.MaxAge > 0 {
		return v.MaxAge
	}
	return time.Minute
}

func (v *Visitors) max() int {
	if v.Max > 0 {
		return v.Max
	}
	return 100_000
}

// drop forgets one token's row.
func (v *Visitors) drop(key string) {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.gen++
	delete(v.entries, key)
}

// Forget drops every entry: a request of this instance may have changed a
// session, user or company.
func (v *Visitors) Forget() {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.gen++
	clear(v.entries)
}

// forget handles one notification's payload.
func (v *Visitors) forget(payload string) {
	kind, id, _ := strings.Cut(payload, ":")
	v.mu.Lock()
	defer v.mu.Unlock()
	if kind == "ping" {
		if w, ok := v.waiters[id]; ok {
			close(w)
			delete(v.waiters, id)
		}
		return
	}
	v.gen++
	switch kind {
	case "s":
		if b, err := hex.DecodeString(id); err == nil {
			delete(v.entries, string(b))
			return
		}
	case "u", "c":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			break
		}
		for k, e := range v.entries {
			if (kind == "u" && e.row.User.ID == n) || (kind == "c" && e.row.User.CompanyID != nil && *e.row.User.CompanyID == n) {
				delete(v.entries, k)
			}
		}
		return
	}
	clear(v.entries) // a payload not understood: drop everything
}

func (v *Visitors) setLive(live bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.live = live
	v.gen++
	clear(v.entries)
}

// Live reports whether entries are kept (Run is listening).
func (v *Visitors) Live() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.live
}

// Sync returns once every change committed before it was called has been
// heard: it sends a notification of its own and waits for it (notifications
// arrive in commit order). Tests use it instead of sleeping.
func (v *Visitors) Sync(ctx context.Context, db bun.IDB) error {
	id := NewToken(9)
	heard := make(chan struct{})
	v.mu.Lock()
	v.waiters[id] = heard
	v.mu.Unlock()
	defer func() {
		v.mu.Lock()
		delete(v.waiters, id)
		v.mu.Unlock()
	}()
	if _, err := db.ExecContext(ctx, "SELECT pg_notify(?, ?)", VisitorChannel, "ping:"+id); err != nil {
		return err
	}
	select {
	case <-heard:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run listens on VisitorChannel until ctx ends, keeping entries only while
// the connection is known to be good: it reconnects after errors, and when
// nothing arrives for a while it sends itself a ping and gives the
// connection up if the ping does not come back either.
func (v *Visitors) Run(ctx context.Context, db *bun.DB) {
	const quiet = 15 * time.Second
	for failures := 0; ctx.Err() == nil; failures++ {
		ln := pgdriver.NewListener(db)
		stop := context.AfterFunc(ctx, func() { ln.Close() })
		if err := ln.Listen(ctx, VisitorChannel); err != nil {
			stop()
			ln.Close()
			if ctx.Err() == nil {
				slog.Warn("account: visitor cache cannot listen; sessions are read every time meanwhile", "err", err)
			}
			sleepCtx(ctx, min(time.Duration(failures+1)*time.Second, 30*time.Second))
			continue
		}
		v.setLive(true)
		failures = 0
		pinged := false
		for {
			_, payload, err := ln.ReceiveTimeout(ctx, quiet)
			var ne net.Error
			if err != nil && errors.As(err, &ne) && ne.Timeout() && !pinged && ctx.Err() == nil {
				pinged = true
				if _, err := db.ExecContext(ctx, "SELECT pg_notify(?, 'ping:')", VisitorChannel); err == nil {
					continue
				}
			}
			if err != nil {
				if ctx.Err() == nil {
					slog.Warn("account: visitor cache lost its connection; listening again", "err", err)
				}
				break
			}
			pinged = false
			v.forget(payload)
		}
		v.setLive(false)
		stop()
		ln.Close()
	}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
