package event_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
)

// collector is a consumer that records what it is given.
type collector struct {
	company int64 // only this company's events count
	mu      sync.Mutex
	seen    []int
	notify  chan struct{}
}

func newCollector(company int64) *collector {
	return &collector{company: company, notify: make(chan struct{}, 1)}
}

func (c *collector) handle(_ context.Context, _ bun.Tx, events []event.Event) error {
	c.mu.Lock()
	for _, e := range events {
		if e.CompanyID == nil || *e.CompanyID != c.company {
			continue
		}
		var p struct{ N int }
		json.Unmarshal(e.Payload, &p)
		c.seen = append(c.seen, p.N)
	}
	c.mu.Unlock()
	select {
	case c.notify <- struct{}{}:
	default:
	}
	return nil
}

// waitFor waits until n events have been seen; the timeout only stops a broken
// test from hanging, it asserts nothing about speed.
func (c *collector) waitFor(t *testing.T, n int) []int {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		c.mu.Lock()
		if len(c.seen) >= n {
			out := append([]int(nil), c.seen...)
			c.mu.Unlock()
			return out
		}
		c.mu.Unlock()
		select {
		case <-c.notify:
		case <-deadline:
			c.mu.Lock()
			defer c.mu.Unlock()
			t.Fatalf("saw %d events, want %d: %v", len(c.seen), n, c.seen)
		}
	}
}

func emit(t *testing.T, db bun.IDB, company int64, n int) {
	t.Helper()
	if err := event.Emit(context.Background(), db, company, event.OrderStatus, map[string]int{"N": n}); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, name string, c *collector, n *event.Notifier) (stop func()) {
	t.Helper()
	d := event.NewDispatcher(dbtest.DB(t), n)
	d.PollEvery = 50 * time.Millisecond
	d.BatchSize = 7 // small, so batches and the cursor are exercised
	ready := make(chan struct{})
	d.Add(event.Consumer{Name: name, Handle: c.handle, Ready: ready})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("consumer did not start")
	}
	return func() { cancel(); <-done }
}

func TestEventsCommittedWhileNoDispatcherRunsAreAllDelivered(t *testing.T) {
	db := dbtest.DB(t)
	company := dbtest.Company(t, db, dbtest.CompanyOpts{})
	name := fmt.Sprintf("test-offline-%d", dbtest.Unique())
	// Register the consumer, then stop it: what follows happens while it is down.
	c := newCollector(company)
	start(t, name, c, nil)()

	for i := 1; i <= 40; i++ {
		emit(t, db, company, i)
	}
	c = newCollector(company)
	stop := start(t, name, c, nil)
	defer stop()
	got := c.waitFor(t, 40)
	for i, n := range got {
		if n != i+1 {
			t.Fatalf("delivered out of order or duplicated: %v", got)
		}
	}
}

func TestCursorResumesAfterRestartWithoutRedelivery(t *testing.T) {
	db := dbtest.DB(t)
	company := dbtest.Company(t, db, dbtest.CompanyOpts{})
	name := fmt.Sprintf("test-resume-%d", dbtest.Unique())
	n := event.NewNotifier(db)
	c := newCollector(company)
	stop := start(t, name, c, n)
	for i := 1; i <= 10; i++ {
		emit(t, db, company, i)
	}
	n.Wake()
	c.waitFor(t, 10)
	stop()

	for i := 11; i <= 15; i++ {
		emit(t, db, company, i)
	}
	c2 := newCollector(company)
	stop = start(t, name, c2, nil)
	defer stop()
	got := c2.waitFor(t, 5)
	if fmt.Sprint(got) != "[11 12 13 14 15]" {
		t.Fatalf("after restart got %v, want [11 12 13 14 15]", got)
	}
}

// A transaction that took its event id first but commits last must not be
// skipped by a consumer that already looked past its id.
func TestLateCommitWithLowerIDIsNotSkipped(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	company := dbtest.Company(t, db, dbtest.CompanyOpts{})
	name := fmt.Sprintf("test-late-%d", dbtest.Unique())
	c := newCollector(company)
	d := event.NewDispatcher(db, nil)
	d.Add(event.Consumer{Name: name, Handle: c.handle})
	deliver := func() {
		t.Helper()
		if _, err := d.DeliverOnce(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	deliver() // creates the cursor at the head

	slow, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	emit(t, slow, company, 1) // lower id, still uncommitted
	emit(t, db, company, 2)   // higher ids, committed
	emit(t, db, company, 3)
	deliver() // must not move past event 1's place
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	deliver()
	c.mu.Lock()
	got := fmt.Sprint(c.seen)
	c.mu.Unlock()
	if got != "[1 2 3]" {
		t.Fatalf("got %v, want [1 2 3]", got)
	}
}

// A failing handler gets the same events again: at least once, nothing skipped.
func TestFailingHandlerIsRetried(t *testing.T) {
	db := dbtest.DB(t)
	company := dbtest.Company(t, db, dbtest.CompanyOpts{})
	name := fmt.Sprintf("test-retry-%d", dbtest.Unique())
	c := newCollector(company)
	start(t, name, c, nil)()
	emit(t, db, company, 1)
	emit(t, db, company, 2)

	failures := 2
	var mu sync.Mutex
	d := event.NewDispatcher(db, nil)
	d.PollEvery = 20 * time.Millisecond
	d.Add(event.Consumer{Name: name, Handle: func(ctx context.Context, tx bun.Tx, es []event.Event) error {
		mu.Lock()
		fail := failures > 0
		failures--
		mu.Unlock()
		if fail {
			return fmt.Errorf("consumer down")
		}
		return c.handle(ctx, tx, es)
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	if got := c.waitFor(t, 2); fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("got %v, want [1 2]", got)
	}
}
