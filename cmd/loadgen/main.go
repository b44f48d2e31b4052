// Command loadgen puts a running Partnerdesk under the load of many customers
// and an ERP for a fixed time, reports throughput, latencies and errors per
// action, and then checks the invariants that must hold whatever happened.
//
//	go run ./cmd/loadgen -url http://localhost:8080 -db $DATABASE_URL -customers 200 -duration 60s
//	go run ./cmd/loadgen -check -db $DATABASE_URL
//
// With -bot-listen it also serves a fake Telegram Bot API that serve polls
// and sends to: some customers' Telegram chats are linked and ask the bot
// questions as updates, the API fails on a schedule (-bot-faults), and "sent
// exactly once" is checked from Telegram's side too, by comparing the
// messages the fake accepted with the outbox rows marked sent.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

type config struct {
	url, dbURL, origin, password               string
	customers, companies, watchers, orderable  int
	duration, think, timeout, drain, liveDrain time.Duration
	progress                                   time.Duration
	mix                                        mix
	lines                                      int
	doubleSubmit                               float64
	signinConc                                 int
	erp                                        bool
	erpConns, erpBatch                         int
	erpStep, erpPoll                           time.Duration
	erpStock, erpPrices, erpCancel, erpPay     float64
	replay                                     float64
	retries, slow                              int
	check, noCheck, jsonOut                    bool
	consumers                                  []string
	seed                                       uint64
	cpuProfile                                 string
	orderRate                                  float64
	buyers                                     int
	bot                                        botConfig
}

const usageHead = `loadgen: many customers and an ERP against a running Partnerdesk, then the invariants.

usage:
  loadgen -url http://localhost:8080 -db $DATABASE_URL [flags]   run the load, report, check
  loadgen -check -db $DATABASE_URL [-drain 30s]                   only check the invariants

The run makes (or reuses) its own companies (named "Loadgen ...", active, with a
credit limit nothing reaches) and users lg00000@loadgen.test... with a known password,
gives -orderable products plenty of stock in every warehouse, and creates an API key
(revoked at the end). It works on a fresh "partnerdesk seed-demo" database.

Each customer signs in (sign-in page, CSRF token, POST /signin), holds a websocket
to /live (Origin = -origin, resumed with ?after= when dropped) and repeats, with
exponential think times of mean -think: browse (a category page, product pages),
search (words of the demo catalogue in pl/ru/fi, with and without diacritics, with
typos, SKUs, EANs), order (cart → cart page → checkout form → POST /checkout with the
form's key; -double-submit of them click twice), account (dashboard, order list).
One socket per customer stays open for the whole run (a tab left open); page views
do not reconnect it. -watchers adds more sockets (tabs) over the same sessions.

-order-rate R makes the orders an open system instead: they start at R per second
(exponentially distributed intervals) whatever the instance's speed, each taken by a
free one of the first -buyers customers (spread over the companies), who clicks through
the order without pauses; the other customers keep browsing and searching. An arrival
that finds every buyer busy waits for one and is counted (the instance fell behind).

The ERP (with -erp) follows GET /api/v1/orders/feed and takes each load order through
ack → confirmed → picking → shipment + shipped → invoice → delivered → payment (some
cancelled, some left unpaid), and sends stock and list-price updates; every write has
an Idempotency-Key and -replay of them are sent twice (the answer must repeat).

Bot traffic (with -bot-listen host:port): loadgen serves a fake Telegram Bot API there;
serve must run with TELEGRAM_BOT_TOKEN=123456:TEST TELEGRAM_API_URL=http://host:port (it
keeps polling until the fake is up; a short TELEGRAM_TIMEOUT such as 5s keeps timeout
faults short). -bot-chats customers get a linked chat (set in the database; order
notifications to it off unless -bot-notify) and, -bot-rate messages a second in all, ask
in their company's language about catalogue products' stock, where their orders are,
their balance, or for help, and now and then press a button of the last answer (an
order, the order list, help). A chat asks again only after its answer (or
-bot-reply-timeout) and a second later. bot:stock, bot:order, bot:balance, bot:help and
bot:button are timed from the update being queued to the fake accepting the first
message to that chat after it; no-reply when none came in time.

-bot-faults KIND@AT:COUNT[:METHOD],... makes the next COUNT calls of METHOD (default
sendMessage; getUpdates, answerCallbackQuery, or * for any) fail from AT into the load
on. KIND is an error code (429 comes with retry_after 3) or timeout: the call hangs 10 s
(timeout=DUR: DUR; 0: until the client gives up) and its connection is dropped without
the message being taken. E.g. -bot-faults 429@20s:30,500@30s:30,timeout@40s:5.
The report adds the Bot API's calls, refusals by Telegram's limits, the faults and the
calls they hit, outbox rows sent after more than one attempt and updates handed out
again; two more invariants compare the Bot API's side with the database: every update
handled and answered, and every accepted message exactly one sent outbox row.

Output: per action (signin, dashboard, orders, browse, search, product, cart:add, cart,
cart:update, checkout:form, checkout — every POST, both of a double click —, order:show,
api:feed, api:ack, api:status, api:shipment, api:invoice, api:payment, api:stock,
api:prices, api:replay) the answers as expected, per second, p50/p95/p99/max latency and
the others by kind: an HTTP status (with the API's error code), net, timeout,
signed-out, flash:<message> (a form refused with a message), mismatch (a replay that
did not repeat the answer). Then the websocket figures (connections, messages by kind,
reconnects, order status change sent by the ERP → frame in each browser of the company)
and the invariants, each PASS, FAIL or N/A with its numbers. -json prints the same.

make load starts a private PostgreSQL and "partnerdesk serve", loads the demo and runs
this with LOAD_FLAGS (make load LOAD_FLAGS="-customers 100 -duration 30s").

Exit status: 0 when every invariant holds, 1 when one fails, 2 on a usage or setup error.

flags:
`

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageHead)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.url, "url", "http://localhost:8080", "the instance's base URL")
	fs.StringVar(&c.dbURL, "db", os.Getenv("DATABASE_URL"), "its database, for setup and the checks (default $DATABASE_URL)")
	fs.StringVar(&c.origin, "origin", "", "the instance's PUBLIC_URL, sent as Origin (default: the origin of -url)")
	fs.IntVar(&c.customers, "customers", 200, "signed-in customers (each a browser with a websocket)")
	fs.IntVar(&c.companies, "companies", 0, "companies they belong to (default customers/5, at least 1)")
	fs.IntVar(&c.watchers, "watchers", 0, "extra websockets (more open tabs of the same customers) that only listen")
	fs.DurationVar(&c.duration, "duration", 60*time.Second, "how long the load runs (after sign-in)")
	fs.DurationVar(&c.progress, "progress", 0, "print the orders placed per second over every such interval while the load runs (0 = not)")
	fs.DurationVar(&c.think, "think", 2*time.Second, "mean think time between two page views (exponential; 0 = none)")
	mixFlag := fs.String("mix", "browse=35,search=30,order=20,account=15", "weights of the customers' activities: browse, search, order, account")
	fs.IntVar(&c.lines, "lines", 4, "an order has 1 to this many lines")
	fs.Float64Var(&c.orderRate, "order-rate", 0, "orders started per second (Poisson arrivals), each by a free one of -buyers customers clicking through without pauses; the other customers follow -mix without ordering (0 = orders only from -mix)")
	fs.IntVar(&c.buyers, "buyers", 50, "with -order-rate: how many of the customers take the arrivals")
	fs.Float64Var(&c.doubleSubmit, "double-submit", 0.05, "share of checkouts posted twice at once (a double click)")
	fs.IntVar(&c.orderable, "orderable", 150, "how many products customers order from (given plenty of stock at setup)")
	fs.StringVar(&c.password, "password", "loadgen-password-2026", "the load users' password")
	fs.IntVar(&c.signinConc, "signin-concurrency", 8, "sign-ins at once while starting")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "HTTP request timeout")
	fs.BoolVar(&c.erp, "erp", true, "simulate the ERP through /api/v1")
	fs.IntVar(&c.erpConns, "erp-conns", 8, "ERP requests at once")
	fs.DurationVar(&c.erpStep, "erp-step", time.Second, "mean pause between two steps of an order's life")
	fs.DurationVar(&c.erpPoll, "erp-poll", 500*time.Millisecond, "how often the ERP reads the order feed")
	fs.Float64Var(&c.erpStock, "erp-stock", 2, "stock updates per second (0 = none)")
	fs.Float64Var(&c.erpPrices, "erp-prices", 0.5, "list price updates per second (0 = none)")
	fs.IntVar(&c.erpBatch, "erp-batch", 10, "products per stock or price update")
	fs.Float64Var(&c.erpCancel, "erp-cancel", 0.05, "share of orders the ERP cancels")
	fs.Float64Var(&c.erpPay, "erp-pay", 0.8, "share of delivered orders paid during the run")
	fs.Float64Var(&c.replay, "replay", 0.05, "share of ERP writes sent twice with the same Idempotency-Key")
	fs.IntVar(&c.retries, "retries", 6, "how often a request with no answer or a 5xx is sent again: a checkout with the same form, an API write with the same Idempotency-Key")
	fs.IntVar(&c.slow, "slow", 0, "slow clients: this many websockets that never read and as many requests whose headers trickle in")
	fs.DurationVar(&c.drain, "drain", 30*time.Second, "how long the checks wait for outbox consumers to catch up")
	fs.DurationVar(&c.liveDrain, "live-drain", 5*time.Second, "how long to wait for the last events to reach the browsers")
	fs.BoolVar(&c.check, "check", false, "only check the invariants (no load)")
	fs.BoolVar(&c.noCheck, "no-check", false, "skip the invariant checks after the run")
	fs.BoolVar(&c.jsonOut, "json", false, "print the summary as JSON on stdout (the text goes to stderr)")
	consumers := fs.String("consumers", "", "durable outbox consumers to check, comma-separated (default: every one with a cursor)")
	fs.Uint64Var(&c.seed, "seed", 1, "random seed: the same seed makes the same choices")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write the generator's own CPU profile to this file (to see what measuring costs)")
	botFlags(fs, &c.bot)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	var err error
	if c.mix, err = parseMix(*mixFlag); err != nil {
		return c, err
	}
	if *consumers != "" {
		c.consumers = strings.Split(*consumers, ",")
	}
	if c.dbURL == "" {
		return c, fmt.Errorf("-db (or DATABASE_URL) is needed")
	}
	if c.companies <= 0 {
		c.companies = max(1, c.customers/5)
	}
	switch {
	case c.customers < 1:
		return c, fmt.Errorf("-customers: at least 1")
	case c.companies > c.customers:
		return c, fmt.Errorf("-companies: at most -customers")
	case c.orderRate < 0 || (c.orderRate > 0 && (c.buyers < 1 || c.buyers > c.customers)):
		return c, fmt.Errorf("-order-rate: not negative; -buyers: 1 to -customers")
	case c.lines < 1:
		return c, fmt.Errorf("-lines: at least 1")
	case c.erpConns < 1 || c.erpBatch < 1 || c.signinConc < 1:
		return c, fmt.Errorf("-erp-conns, -erp-batch and -signin-concurrency: at least 1")
	}
	return c, nil
}

// runner is one run: its configuration, its world and what it measured.
type runner struct {
	cfg       config
	base      *url.URL
	origin    string
	db        *bun.DB
	world     *world
	terms     *searchTerms
	transport *http.Transport
	rec       *recorder
	live      liveStats
	bot       *botRun // nil without -bot-listen
	// statusSent: when the ERP sent each status change, for the latency of its
	// arrival in the browsers.
	statusSent sync.Map

	ordersPlaced, doubleSubmits, doubleSplit atomic.Int64
	// With -order-rate: arrivals, and those that found no buyer free and
	// waited (the instance fell behind the rate).
	arrivals, arrivalsWaited atomic.Int64
}

func main() {
	// The generator shares the machine with what it measures: spend less
	// of it collecting garbage (memory is plentiful).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 2
	}
	out := stdout
	if cfg.jsonOut {
		out = stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // the first Ctrl-C ends the load and still reports; a second one stops at once
	}()
	db, err := domain.Open(cfg.dbURL)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 2
	}
	defer db.Close()

	if cfg.check {
		fmt.Fprintln(out, "invariants:")
		results, err := runChecks(ctx, db, checkOpts{drain: cfg.drain, consumers: cfg.consumers})
		if err != nil {
			fmt.Fprintln(stderr, "loadgen:", err)
			return 2
		}
		ok := writeChecks(out, results)
		if cfg.jsonOut {
			writeJSON(stdout, map[string]any{"invariants": results, "passed": ok})
		}
		return exitCode(ok)
	}

	r, err := newRunner(cfg, db)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 2
	}
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "loadgen: -cpuprofile:", err)
			return 2
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	rep, err := r.run(ctx, out)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 2
	}
	if cfg.jsonOut {
		writeJSON(stdout, rep)
	}
	return exitCode(rep.Passed)
}

func exitCode(ok bool) int {
	if ok {
		return 0
	}
	return 1
}

func newRunner(cfg config, db *bun.DB) (*runner, error) {
	base, err := url.Parse(strings.TrimRight(cfg.url, "/"))
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("-url: want http(s)://host[:port], got %q", cfg.url)
	}
	origin := base.Scheme + "://" + base.Host
	if cfg.origin != "" {
		u, err := url.Parse(cfg.origin)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("-origin: want http(s)://host[:port], got %q", cfg.origin)
		}
		origin = u.Scheme + "://" + u.Host
	}
	raiseFileLimit()
	conns := cfg.customers*2 + cfg.erpConns + 16
	return &runner{cfg: cfg, base: base, origin: origin, db: db, rec: newRecorder(),
		transport: &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: 90 * time.Second}}, nil
}

func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil && l.Cur < l.Max {
		l.Cur = l.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}
