package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/uptrace/bun"
)

// erp plays the distributor's ERP against /api/v1 with its own API key: it
// takes new orders from the feed and moves the load's orders along
// (ack → confirmed → picking → shipped with a shipment → invoiced → delivered
// → paid, a few cancelled), and sends stock and price updates at set rates.
// Every write carries an Idempotency-Key; a share of them is sent twice and
// the second answer must be the first one, byte for byte.
type erp struct {
	run    *runner
	db     *bun.DB
	client *http.Client
	sem    chan struct{} // at most -erp-conns requests at once
	ours   map[string]bool

	mu  sync.Mutex
	rnd *mrand.Rand
	wg  sync.WaitGroup
}

func newERP(r *runner, db *bun.DB, seed uint64) *erp {
	e := &erp{run: r, db: db, rnd: mrand.New(mrand.NewPCG(seed, 11)), ours: map[string]bool{},
		sem:    make(chan struct{}, r.cfg.erpConns),
		client: &http.Client{Transport: r.transport, Timeout: r.cfg.timeout}}
	for _, c := range r.world.companies {
		e.ours[c.key()] = true
	}
	return e
}

func (e *erp) float() float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rnd.Float64()
}

func (e *erp) intn(n int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.rnd.IntN(n)
}

// call sends one API request and records it. It reports the status and body,
// and false when the answer was not the one wanted (or did not come).
func (e *erp) call(action, method, path string, in any, want ...int) (int, []byte, bool) {
	return e.callMarked(action, method, path, in, nil, want...)
}

// callMarked is call that runs sent just before the request leaves (after
// waiting for a free connection), to time what the request causes.
func (e *erp) callMarked(action, method, path string, in any, sent func(), want ...int) (int, []byte, bool) {
	var payload []byte
	if in != nil {
		payload, _ = json.Marshal(in)
	}
	key := ""
	if method != http.MethodGet {
		key = newKey()
	}
	var status int
	var body []byte
	var elapsed time.Duration
	var err error
	// Like a real ERP, a write that got no answer or a server error (an
	// instance killed, the database restarting) is sent again with the same
	// Idempotency-Key: done once or not at all, the answer tells which.
	for attempt := 0; ; attempt++ {
		e.sem <- struct{}{}
		if sent != nil {
			sent()
		}
		status, body, elapsed, err = e.send(method, path, payload, key, nil)
		<-e.sem
		busy := status == http.StatusConflict && apiErrorCode(body) == "in_progress" // Retry-After: a claim still held
		if !retryable(status, err) && !busy || attempt >= e.run.cfg.retries {
			break
		}
		e.run.rec.retried(action)
		backoff(attempt)
	}
	if err != nil {
		e.run.rec.done(action, 0, netErrKey(err))
		return 0, nil, false
	}
	ok := slices.Contains(want, status)
	errKey := ""
	if !ok {
		errKey = strconv.Itoa(status)
		if code := apiErrorCode(body); code != "" {
			errKey += ":" + code
		}
	}
	e.run.rec.failed(action, elapsed, errKey, string(body))
	if key != "" && e.float() < e.run.cfg.replay {
		e.replay(method, path, payload, key, status, body)
	}
	return status, body, ok
}

// retryable: no answer, or the server failed (not a refusal of the request).
func retryable(status int, err error) bool {
	return err != nil || status >= 500
}

// backoff waits before the attempt+2nd try: 250 ms, doubling, at most 4 s.
func backoff(attempt int) {
	time.Sleep(min(250*time.Millisecond<<attempt, 4*time.Second))
}

// replay sends a request again with its Idempotency-Key: the answer must be
// the stored first one, marked as replayed.
func (e *erp) replay(method, path string, payload []byte, key string, status int, body []byte) {
	e.sem <- struct{}{}
	h := http.Header{}
	s2, b2, elapsed, err := e.send(method, path, payload, key, h)
	<-e.sem
	switch {
	case err != nil:
		e.run.rec.done("api:replay", 0, netErrKey(err))
	case s2 != status || !bytes.Equal(b2, body) || h.Get("Idempotent-Replayed") != "true":
		e.run.rec.done("api:replay", 0, "mismatch")
	default:
		e.run.rec.done("api:replay", elapsed, "")
	}
}

func (e *erp) send(method, path string, payload []byte, key string, respHeader http.Header) (int, []byte, time.Duration, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequest(method, e.run.base.String()+path, body)
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+e.run.world.apiToken)
	req.Header.Set("Accept-Language", "pl")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	start := time.Now()
	res, err := e.client.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	data, err := io.ReadAll(res.Body)
	res.Body.Close()
	if respHeader != nil {
		for k, v := range res.Header {
			respHeader[k] = v
		}
	}
	return res.StatusCode, data, time.Since(start), err
}

// apiErrorCode is the error's code, with the first field's code when there
// is one: "validation_failed/below_reserved".
func apiErrorCode(body []byte) string {
	var e struct {
		Error struct {
			Code   string `json:"code"`
			Fields []struct {
				Code string `json:"code"`
			} `json:"fields"`
		} `json:"error"`
	}
	json.Unmarshal(body, &e)
	if len(e.Error.Fields) > 0 {
		return e.Error.Code + "/" + e.Error.Fields[0].Code
	}
	return e.Error.Code
}

func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// every starts fn about rate times a second until ctx ends (0 = never), not
// waiting for the previous call to finish: the rate holds while answers are
// slow. At most limit calls run at once; a tick that finds them all busy is
// skipped.
func every(ctx context.Context, rate float64, limit int, fn func()) {
	if rate <= 0 {
		return
	}
	t := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer t.Stop()
	busy := make(chan struct{}, limit)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		select {
		case busy <- struct{}{}:
			wg.Go(func() {
				defer func() { <-busy }()
				fn()
			})
		default:
		}
	}
}

// start runs the ERP's loops until ctx ends; wait waits for the orders in flight.
func (e *erp) start(ctx context.Context) {
	cfg := e.run.cfg
	e.wg.Go(func() { e.followFeed(ctx) })
	e.wg.Go(func() { every(ctx, cfg.erpStock, cfg.erpConns, e.updateStock) })
	e.wg.Go(func() { every(ctx, cfg.erpPrices, cfg.erpConns, e.updatePrices) })
}

func (e *erp) wait() { e.wg.Wait() }

type feedOrder struct {
	ID             int64  `json:"id"`
	Number         int64  `json:"number"`
	CompanyCountry string `json:"company_country"`
	CompanyTaxID   string `json:"company_tax_id"`
	Currency       string `json:"currency"`
	Net            int64  `json:"net"`
	VAT            int64  `json:"vat"`
	Gross          int64  `json:"gross"`
	Lines          []struct {
		SKU string `json:"sku"`
		Qty int    `json:"qty"`
	} `json:"lines"`
}

// followFeed polls the order feed and starts the life of each load order.
// Orders of other companies (the demo's) are left for the real ERP.
func (e *erp) followFeed(ctx context.Context) {
	var after int64
	for ctx.Err() == nil {
		_, body, ok := e.call("api:feed", http.MethodGet, fmt.Sprintf("/api/v1/orders/feed?after=%d&limit=500", after), nil, http.StatusOK)
		var feed struct {
			Orders    []feedOrder `json:"orders"`
			NextAfter int64       `json:"next_after"`
		}
		if ok && json.Unmarshal(body, &feed) == nil {
			for _, o := range feed.Orders {
				if e.ours[o.CompanyCountry+"/"+o.CompanyTaxID] {
					e.wg.Go(func() { e.fulfil(ctx, o) })
				}
			}
			after = max(after, feed.NextAfter)
			if len(feed.Orders) == 500 {
				continue
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(e.run.cfg.erpPoll):
		}
	}
}

// fulfil takes one order through its life, with pauses between the steps,
// and stops where it is when the run ends.
func (e *erp) fulfil(ctx context.Context, o feedOrder) {
	n := strconv.FormatInt(o.Number, 10)
	base := "/api/v1/orders/" + n
	if _, _, ok := e.call("api:ack", http.MethodPost, base+"/ack", map[string]string{"erp_ref": "LG-ERP-" + n}, http.StatusOK); !ok {
		return
	}
	status := func(s string) bool {
		if !e.pause(ctx) {
			return false
		}
		mark := func() { e.run.statusSent.Store(statusKey{o.Number, s}, time.Now()) }
		_, _, ok := e.callMarked("api:status", http.MethodPost, base+"/status", map[string]string{"status": s}, mark, http.StatusOK)
		return ok
	}
	if e.float() < e.run.cfg.erpCancel {
		status("cancelled")
		return
	}
	if !status("confirmed") || !status("picking") {
		return
	}
	lines := map[string]int{}
	for _, l := range o.Lines {
		lines[l.SKU] = l.Qty
	}
	shipped := time.Now().UTC().Truncate(time.Second)
	shipment := map[string]any{"carrier": "DPD", "tracking_number": "LG" + n, "tracking_url": "https://tracking.example/LG" + n,
		"shipped_at": shipped, "lines": lines}
	if _, _, ok := e.call("api:shipment", http.MethodPut, base+"/shipments/LG-SHP-"+n, shipment, http.StatusOK); !ok {
		return
	}
	if !status("shipped") || !e.pause(ctx) {
		return
	}
	today := time.Now().Format(time.DateOnly)
	invoice := "LG-INV-" + n
	if _, _, ok := e.call("api:invoice", http.MethodPut, "/api/v1/invoices/"+invoice, map[string]any{
		"company_country": o.CompanyCountry, "company_tax_id": o.CompanyTaxID, "order_number": o.Number, "currency": o.Currency,
		"issued_on": today, "due_on": time.Now().AddDate(0, 0, 30).Format(time.DateOnly), "net": o.Net, "vat": o.VAT,
	}, http.StatusOK); !ok {
		return
	}
	if !status("delivered") {
		return
	}
	shipment["delivered_at"] = time.Now().UTC().Truncate(time.Second).Add(time.Second)
	if _, _, ok := e.call("api:shipment", http.MethodPut, base+"/shipments/LG-SHP-"+n, shipment, http.StatusOK); !ok {
		return
	}
	if e.float() >= e.run.cfg.erpPay || !e.pause(ctx) {
		return // left unpaid: it stays in the company's credit used
	}
	e.call("api:payment", http.MethodPut, "/api/v1/payments/LG-PAY-"+n, map[string]any{
		"company_country": o.CompanyCountry, "company_tax_id": o.CompanyTaxID, "invoice_number": invoice,
		"currency": o.Currency, "amount": o.Gross, "paid_on": today, "method": "transfer",
	}, http.StatusOK)
}

// pause waits between two steps of an order (exponential around -erp-step).
func (e *erp) pause(ctx context.Context) bool {
	d := time.Duration(math.Min(-math.Log(1-e.float()), 10) * float64(e.run.cfg.erpStep))
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}
