package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
)

// report is everything a run measured; -json prints it as is.
type report struct {
	Config       map[string]any  `json:"config,omitempty"`
	WindowSec    float64         `json:"window_sec,omitempty"`
	Customers    int             `json:"customers,omitempty"`
	Actions      []actionSummary `json:"actions,omitempty"`
	OrdersPlaced int64           `json:"orders_placed"`
	OrdersPerSec float64         `json:"orders_per_sec"`
	DoubleSubmit int64           `json:"double_submits"`
	DoubleSplit  int64           `json:"double_submits_split"`
	// With -order-rate: the rate asked for, the arrivals, and those that
	// found every buyer busy.
	OrderRate      float64        `json:"order_rate,omitempty"`
	Arrivals       int64          `json:"arrivals,omitempty"`
	ArrivalsWaited int64          `json:"arrivals_waited,omitempty"`
	Websocket      *wsReport      `json:"websocket,omitempty"`
	Machine        *machineReport `json:"machine,omitempty"` // how busy its processors were during the load
	Slow           *slowReport    `json:"slow_clients,omitempty"`
	Bot            *botReport     `json:"bot,omitempty"`
	Invariants     []checkResult  `json:"invariants"`
	Passed         bool           `json:"passed"`
}

type wsReport struct {
	Connections int64            `json:"connections"`
	Refused     int64            `json:"refused"`
	Reconnects  int64            `json:"reconnects"`
	Messages    int64            `json:"messages"`
	Frames      int64            `json:"frames"` // a frame carries one delivery's messages
	PerSec      float64          `json:"messages_per_sec"`
	Bytes       int64            `json:"bytes"`
	Kinds       map[string]int64 `json:"kinds"`
	// StatusLatency: an order status change, from the ERP's request being
	// sent to the frame being read by each browser of the company.
	StatusLatency actionSummary `json:"status_to_browser"`
}

func (r *runner) report(window time.Duration, customers, sockets int) report {
	cfg := r.cfg
	rep := report{
		Config: map[string]any{"url": cfg.url, "customers": cfg.customers, "companies": cfg.companies, "watchers": cfg.watchers,
			"duration": cfg.duration.String(), "think": cfg.think.String(), "lines": cfg.lines, "double_submit": cfg.doubleSubmit,
			"erp": cfg.erp, "erp_stock_per_sec": cfg.erpStock, "erp_prices_per_sec": cfg.erpPrices, "erp_step": cfg.erpStep.String(),
			"replay": cfg.replay, "seed": cfg.seed, "sockets": sockets},
		WindowSec: round2(window.Seconds()), Customers: customers, Actions: r.rec.summary(window),
		OrdersPlaced: r.ordersPlaced.Load(), DoubleSubmit: r.doubleSubmits.Load(), DoubleSplit: r.doubleSplit.Load(),
		OrderRate: cfg.orderRate, Arrivals: r.arrivals.Load(), ArrivalsWaited: r.arrivalsWaited.Load(),
	}
	rep.OrdersPerSec = round2(float64(rep.OrdersPlaced) / window.Seconds())
	mix := make([]string, len(cfg.mix.names))
	for i, n := range cfg.mix.names {
		mix[i] = fmt.Sprintf("%s=%d", n, cfg.mix.weights[i])
	}
	rep.Config["mix"] = strings.Join(mix, ",")
	l := &r.live
	l.mu.Lock()
	defer l.mu.Unlock()
	ws := &wsReport{Connections: l.connected.Load(), Refused: l.failed.Load(), Reconnects: l.reconnects.Load(),
		Messages: l.messages.Load(), Frames: l.frames.Load(), Bytes: l.bytes.Load(), Kinds: map[string]int64{},
		StatusLatency: summarize("order.status→browser", &l.latency, nil, 0)}
	for k, v := range l.kinds {
		ws.Kinds[k] = v
	}
	ws.PerSec = round2(float64(ws.Messages) / window.Seconds())
	rep.Websocket = ws
	return rep
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func writeText(w io.Writer, rep report) {
	fmt.Fprintf(w, "\n%d customers for %.1f s (mix %v)\n", rep.Customers, rep.WindowSec, rep.Config["mix"])
	writeTable(w, rep.Actions)
	fmt.Fprintf(w, "\norders placed: %d (%.2f/s); double submits %d, of which made two orders: %d\n",
		rep.OrdersPlaced, rep.OrdersPerSec, rep.DoubleSubmit, rep.DoubleSplit)
	if rep.OrderRate > 0 {
		fmt.Fprintf(w, "order arrivals at %.0f/s: %d, of which found every buyer busy: %d\n", rep.OrderRate, rep.Arrivals, rep.ArrivalsWaited)
	}
	if m := rep.Machine; m != nil {
		fmt.Fprintf(w, "machine: %.0f %% of its %d cores busy during the load (/proc/stat: the instance, its database and this generator, where they share it)\n", m.BusyPct, m.Cores)
	}
	if ws := rep.Websocket; ws != nil {
		fmt.Fprintf(w, "websocket: %d connected, %d refused, %d reconnects; %d messages in %d frames (%.1f/s, %.1f MB)\n",
			ws.Connections, ws.Refused, ws.Reconnects, ws.Messages, ws.Frames, ws.PerSec, float64(ws.Bytes)/1e6)
		kinds := make([]string, 0, len(ws.Kinds))
		for k := range ws.Kinds {
			kinds = append(kinds, k)
		}
		sort.Slice(kinds, func(i, j int) bool { return ws.Kinds[kinds[i]] > ws.Kinds[kinds[j]] })
		parts := make([]string, len(kinds))
		for i, k := range kinds {
			parts[i] = fmt.Sprintf("%s %d", k, ws.Kinds[k])
		}
		fmt.Fprintf(w, "  by kind: %s\n", strings.Join(parts, ", "))
		s := ws.StatusLatency
		fmt.Fprintf(w, "  order status change (ERP request sent) → browser: %d frames, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
			s.Count, s.P50ms, s.P95ms, s.P99ms, s.MaxMs)
	}
	if rep.Slow != nil {
		fmt.Fprintln(w, rep.Slow)
	}
	if rep.Bot != nil {
		fmt.Fprintln(w, rep.Bot)
	}
	fmt.Fprintln(w)
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// checkLive: every event committed during the run reached every socket that
// may see it (its company's events and the catalogue-wide ones; chat messages
// and notifications are private and left out), live or by the replay after a
// reconnect. A browser that falls behind gets a "batch" instead of the events
// that did not fit its queue: the sections to reload, with the last id
// folded in. An event not seen by itself but at or below a batch's id counts
// as delivered folded (the browser reloads what it shows), and is counted as
// such. It waits up to -live-drain for the last events.
func (r *runner) checkLive(ctx context.Context, clients []*liveClient, baseline, endID int64) checkResult {
	const name = "every event reached every browser that may see it (live consumer)"
	var events []struct {
		ID      int64 `bun:"id"`
		Company int64 `bun:"company"`
		Product int64 `bun:"product"` // of a stock, price or product change: only pages showing it get it
	}
	if err := r.db.NewRaw(`SELECT id, coalesce(company_id, 0) AS company,
			CASE WHEN kind IN ('stock.changed', 'price.changed', 'product.changed', 'stock.back_in_stock')
			     THEN coalesce((payload->>'product')::bigint, 0) ELSE 0 END AS product
		FROM events WHERE id > ? AND id <= ? AND kind NOT IN ('chat.message', 'notification.created') ORDER BY id`,
		baseline, endID).Scan(ctx, &events); err != nil {
		return checkResult{Name: name, Status: statusFail, Detail: "could not read the events: " + err.Error()}
	}
	if len(clients) == 0 {
		return checkResult{Name: name, Status: statusNA, Detail: "no socket was open"}
	}
	deadline := time.Now().Add(r.cfg.liveDrain)
	for {
		var expected, folded, missing, batched int64
		var sample []string
		for _, lc := range clients {
			company, batchID := lc.b.cust.Company.ID, lc.batchID.Load()
			if batchID > 0 {
				batched++
			}
			for _, e := range events {
				if e.Company != 0 && e.Company != company || e.Product != 0 && !lc.watched[e.Product] {
					continue
				}
				expected++
				switch {
				case lc.seen.has(e.ID):
				case e.ID <= batchID:
					folded++
				default:
					missing++
					if len(sample) < 5 {
						sample = append(sample, fmt.Sprintf("event %d to %s", e.ID, lc.b.cust.Email))
					}
				}
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			detail := fmt.Sprintf("%d events, %d deliveries to %d sockets expected: %d missing, %d folded into batches (%d sockets fell behind at times)",
				len(events), expected, len(clients), missing, folded, batched)
			if missing > 0 {
				detail += " (e.g. " + strings.Join(sample, ", ") + ")"
			}
			return result(name, missing > 0, map[string]int64{"events": int64(len(events)), "expected": expected, "missing": missing,
				"folded": folded, "sockets_batched": batched}, "%s", detail)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
