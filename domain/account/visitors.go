package account

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"partnerdesk/domain"

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
	if err := ping(ctx, db, id); err != nil {
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
// the connection is known to be good: it goes live once a ping of its own
// has come back through it (LISTEN is only sent, not confirmed) and the
// triggers that announce changes exist; it reconnects after errors, and
// when nothing arrives for a while it pings itself and gives the
// connection up if the ping does not come back either.
func (v *Visitors) Run(ctx context.Context, db *bun.DB) {
	const quiet = 15 * time.Second
	for failures := 0; ctx.Err() == nil; failures++ {
		if failures > 0 {
			domain.Sleep(ctx, min(time.Duration(failures)*time.Second, 30*time.Second))
		}
		ln := pgdriver.NewListener(db)
		stop := context.AfterFunc(ctx, func() { ln.Close() })
		v.listen(ctx, db, ln, quiet, &failures)
		v.setLive(false)
		stop()
		ln.Close()
	}
}

// listen serves one listening connection until it fails.
func (v *Visitors) listen(ctx context.Context, db *bun.DB, ln *pgdriver.Listener, quiet time.Duration, failures *int) {
	warn := func(msg string, err error) {
		if ctx.Err() == nil {
			slog.Warn("account: visitor cache "+msg+"; sessions are read every time meanwhile", "err", err)
		}
	}
	if err := ln.Listen(ctx, VisitorChannel); err != nil {
		warn("cannot listen", err)
		return
	}
	if err := triggersInPlace(ctx, db); err != nil {
		warn("has no change triggers (run `partnerdesk migrate up`)", err)
		return
	}
	// The listener's LISTEN is written, not confirmed: a ping sent before
	// the server took it is lost, so it is sent again until one comes back.
	liveID := "live-" + NewToken(9)
	if err := ping(ctx, db, liveID); err != nil {
		warn("cannot ping itself", err)
		return
	}
	live, pinged, tries := false, false, 0
	for {
		wait := quiet
		if !live {
			wait = 200 * time.Millisecond * time.Duration(min(tries+1, 10))
		}
		_, payload, err := ln.ReceiveTimeout(ctx, wait)
		var ne net.Error
		timeout := err != nil && errors.As(err, &ne) && ne.Timeout() && ctx.Err() == nil
		if timeout && !live {
			if tries++; tries > 30 {
				warn("got no answer on its connection", errors.New("its pings did not come back"))
				return
			}
			if err := ping(ctx, db, liveID); err != nil {
				warn("cannot ping itself", err)
				return
			}
			continue
		}
		if timeout && !pinged {
			pinged = true
			if err := ping(ctx, db, ""); err == nil {
				continue
			}
		}
		if err != nil {
			warn("lost its connection", err)
			return
		}
		pinged = false
		if !live && payload == "ping:"+liveID {
			live = true
			*failures = 0
			v.setLive(true)
			continue
		}
		v.forget(payload)
	}
}

// ping sends a notification to every listener, for id's waiter (if any).
func ping(ctx context.Context, db bun.IDB, id string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := db.ExecContext(ctx, "SELECT pg_notify(?, ?)", VisitorChannel, "ping:"+id)
	return err
}

// triggersInPlace checks that the database announces changes (migration
// 20261122190000): without them nothing kept could be trusted.
func triggersInPlace(ctx context.Context, db bun.IDB) error {
	var n int
	err := db.NewRaw(`SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'
		AND tgname IN ('sessions_visitor_changed', 'users_visitor_changed', 'companies_visitor_changed')`).Scan(ctx, &n)
	if err == nil && n != 3 {
		err = fmt.Errorf("%d of 3 triggers", n)
	}
	return err
}
