package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// run sets up, signs everyone in, opens the sockets, runs the load for the
// duration, lets the last events arrive, and checks.
func (r *runner) run(ctx context.Context, out io.Writer) (report, error) {
	cfg := r.cfg
	fmt.Fprintf(out, "loadgen: %s for %s, %d customers in %d companies (+%d watching tabs), think %s, ERP %v\n",
		r.base, cfg.duration, cfg.customers, cfg.companies, cfg.watchers, cfg.think, cfg.erp)
	if err := r.startBot(ctx); err != nil {
		return report{}, err
	}
	defer r.bot.close()
	started := time.Now()
	w, err := setup(ctx, r.db, setupOpts{customers: cfg.customers, companies: cfg.companies, orderable: cfg.orderable,
		password: cfg.password, rnd: rand.New(rand.NewPCG(cfg.seed, 1))})
	if err != nil {
		return report{}, err
	}
	r.world = w
	defer func() {
		if err := w.cleanup(context.WithoutCancel(ctx), r.db); err != nil {
			fmt.Fprintln(out, "loadgen: revoke the API key:", err)
		}
	}()
	r.terms = newSearchTerms()
	if err := r.bot.prepare(ctx, r.db, w, r.terms, cfg.seed); err != nil {
		return report{}, err
	}
	setupTook := time.Since(started)

	// Sign in and open the sockets before the clock starts.
	started = time.Now()
	browsers, err := r.signInAll(ctx)
	if err != nil {
		return report{}, err
	}
	liveCtx, stopLive := context.WithCancel(context.WithoutCancel(ctx))
	defer stopLive()
	var liveWG sync.WaitGroup
	clients := r.openSockets(liveCtx, browsers, &liveWG)
	signinTook := time.Since(started)
	fmt.Fprintf(out, "setup %s; %d signed in and %d sockets open in %s\n", setupTook.Round(time.Millisecond), len(browsers),
		len(clients), signinTook.Round(time.Millisecond))

	baseline, err := maxEventID(ctx, r.db)
	if err != nil {
		return report{}, err
	}
	for _, lc := range clients {
		lc.seen.reset(baseline)
	}
	windowStart, cpuStart := time.Now(), readCPU()
	runCtx, stopRun := context.WithTimeout(ctx, cfg.duration)
	defer stopRun()
	var e *erp
	if cfg.erp {
		e = newERP(r, r.db, cfg.seed)
		e.start(runCtx)
	}
	var wg sync.WaitGroup
	arrivals := make(chan struct{})
	if cfg.orderRate > 0 {
		// Buyers spread over the companies: customers go round the
		// companies, so the first ones are in different companies.
		for _, b := range browsers[:min(cfg.buyers, len(browsers))] {
			b.buyer = true
		}
		wg.Go(func() { r.arrive(runCtx, arrivals) })
	}
	for _, b := range browsers {
		wg.Go(func() { b.loop(runCtx, arrivals) })
	}
	var slow *slowClients
	if cfg.slow > 0 {
		slow = r.startSlow(runCtx, browsers, cfg.slow)
	}
	r.bot.start(runCtx, windowStart)
	if cfg.progress > 0 {
		wg.Go(func() { r.progress(runCtx, out, cfg.progress) })
	}
	<-runCtx.Done()
	window, cpuEnd := time.Since(windowStart), readCPU()
	fmt.Fprintf(out, "load ran %s; waiting for requests in flight\n", window.Round(time.Millisecond))
	wg.Wait()
	if e != nil {
		e.wait()
	}

	endID, err := maxEventID(context.WithoutCancel(ctx), r.db)
	if err != nil {
		return report{}, err
	}
	liveResult := r.checkLive(context.WithoutCancel(ctx), clients, baseline, endID)
	stopLive()
	for _, lc := range clients {
		lc.close()
	}
	liveWG.Wait()
	if err := r.bot.finish(context.WithoutCancel(ctx), r.db, cfg.drain); err != nil {
		return report{}, err
	}

	rep := r.report(window, len(browsers), len(clients))
	if m, ok := busyBetween(cpuStart, cpuEnd); ok {
		rep.Machine = &m
	}
	rep.Bot = r.bot.report()
	if slow != nil {
		sr := slow.finish()
		rep.Slow = &sr
	}
	writeText(out, rep)
	if cfg.noCheck {
		rep.Passed = liveResult.Status != statusFail
		rep.Invariants = []checkResult{liveResult}
		writeChecks(out, rep.Invariants)
		return rep, nil
	}
	fmt.Fprintln(out, "invariants:")
	results, err := runChecks(context.WithoutCancel(ctx), r.db, checkOpts{drain: cfg.drain, consumers: cfg.consumers, since: windowStart,
		botTraffic: r.bot != nil})
	if err != nil {
		return report{}, err
	}
	botResults, err := r.bot.checks(context.WithoutCancel(ctx), r.db)
	if err != nil {
		return report{}, err
	}
	results = append(results, botResults...)
	rep.Invariants = append(results, liveResult)
	rep.Passed = writeChecks(out, rep.Invariants)
	return rep, nil
}

// arrive starts orders at -order-rate, at exponentially distributed
// intervals (an open system: arrivals do not wait for the instance, as
// customers do not). An arrival that finds every buyer busy waits for one
// and is counted: then the instance is behind the rate.
func (r *runner) arrive(ctx context.Context, arrivals chan<- struct{}) {
	rnd := rand.New(rand.NewPCG(r.cfg.seed, 29))
	next := time.Now()
	for {
		next = next.Add(time.Duration(rnd.ExpFloat64() / r.cfg.orderRate * float64(time.Second)))
		if d := time.Until(next); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		r.arrivals.Add(1)
		select {
		case arrivals <- struct{}{}:
			continue
		default:
		}
		r.arrivalsWaited.Add(1)
		select {
		case arrivals <- struct{}{}:
		case <-ctx.Done():
			return
		}
	}
}

// signInAll signs every customer in, a few at a time (argon2id is meant to
// be slow). A customer that cannot sign in sits the run out.
func (r *runner) signInAll(ctx context.Context) ([]*browser, error) {
	all := make([]*browser, len(r.world.customers))
	sem := make(chan struct{}, r.cfg.signinConc)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for i, c := range r.world.customers {
		b := r.newBrowser(c, r.cfg.seed+uint64(i)*7919)
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				return
			}
			if err := b.signIn(); err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
				return
			}
			all[i] = b
		})
	}
	wg.Wait()
	var ok []*browser
	for _, b := range all {
		if b != nil {
			ok = append(ok, b)
		}
	}
	if len(ok) == 0 {
		return nil, fmt.Errorf("no customer could sign in: %v", firstErr)
	}
	return ok, ctx.Err()
}

// openSockets opens one socket per browser plus the watchers, a few dozen at
// a time, and starts reading each at once.
func (r *runner) openSockets(ctx context.Context, browsers []*browser, wg *sync.WaitGroup) []*liveClient {
	var clients []*liveClient
	for i := range len(browsers) + r.cfg.watchers {
		b := browsers[i%len(browsers)]
		lc := &liveClient{b: b, watched: r.pageOfProducts(i)}
		b.live = append(b.live, lc)
		clients = append(clients, lc)
	}
	sem := make(chan struct{}, 32)
	var dials sync.WaitGroup
	connected := make([]bool, len(clients))
	for i, lc := range clients {
		dials.Go(func() {
			sem <- struct{}{}
			err := lc.connect(ctx)
			<-sem
			if err == nil {
				connected[i] = true
				wg.Go(func() { lc.read(ctx) })
			}
		})
	}
	dials.Wait()
	var open []*liveClient
	for i, lc := range clients {
		if connected[i] {
			open = append(open, lc)
		}
	}
	return open
}

// pageOfProducts is what the i-th open tab shows: the first tab of each
// customer a catalogue page (24 products customers order from, so their
// stock moves), every other extra tab one too and the rest a page without
// products (dashboard, orders).
func (r *runner) pageOfProducts(i int) map[int64]bool {
	watched := map[int64]bool{}
	if i >= len(r.world.customers) && i%2 == 1 {
		return watched
	}
	rnd := rand.New(rand.NewPCG(r.cfg.seed, uint64(i)+17))
	for range 24 {
		watched[r.world.orderable[rnd.IntN(len(r.world.orderable))].ID] = true
	}
	return watched
}

func maxEventID(ctx context.Context, db bun.IDB) (int64, error) {
	var id int64
	if err := db.NewRaw("SELECT coalesce(max(id), 0) FROM events").Scan(ctx, &id); err != nil {
		return 0, fmt.Errorf("events: %w", err)
	}
	return id, nil
}
