package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"partnerdesk/locales"
)

// histogram keeps latencies in logarithmic buckets 1 % wide, so a percentile
// is off by at most 1 % and memory stays fixed however long the run.
type histogram struct {
	counts   []int64
	n        int64
	sum      time.Duration
	min, max time.Duration
}

const histGrowth = 1.01

var logGrowth = math.Log(histGrowth)

// bucketOf is the bucket whose upper bound is the smallest one ≥ d (1 µs and
// below share bucket 0).
func bucketOf(d time.Duration) int {
	if d <= time.Microsecond {
		return 0
	}
	return int(math.Ceil(math.Log(float64(d)/float64(time.Microsecond)) / logGrowth))
}

func bucketUpper(i int) time.Duration {
	return time.Duration(float64(time.Microsecond) * math.Pow(histGrowth, float64(i)))
}

func (h *histogram) add(d time.Duration) {
	if d < 0 {
		d = 0
	}
	i := bucketOf(d)
	if i >= len(h.counts) {
		h.counts = append(h.counts, make([]int64, i+1-len(h.counts))...)
	}
	h.counts[i]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	h.max = max(h.max, d)
	h.n++
	h.sum += d
}

// percentile is the nearest-rank q-quantile (0 < q ≤ 1): the value below which
// q of the observations lie, rounded up to its bucket's bound and never above
// the largest value seen.
func (h *histogram) percentile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(h.n)))
	rank = min(max(rank, 1), h.n)
	var seen int64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(max(bucketUpper(i), h.min), h.max)
		}
	}
	return h.max
}

func (h *histogram) mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}

// recorder collects what every simulated user and the ERP did, per action.
type recorder struct {
	mu      sync.Mutex
	actions map[string]*actionStats
}

type actionStats struct {
	ok      histogram         // latencies of answers as expected
	errors  map[string]int64  // HTTP status (or "net", "signed-out", ...) → count
	samples map[string]string // the first answer of each error kind, to see why
	retries int64             // requests sent again after no answer or a 5xx
}

func newRecorder() *recorder { return &recorder{actions: map[string]*actionStats{}} }

func (r *recorder) stats(action string) *actionStats {
	a := r.actions[action]
	if a == nil {
		a = &actionStats{errors: map[string]int64{}, samples: map[string]string{}}
		r.actions[action] = a
	}
	return a
}

// done records one request: errKey "" means it went as expected.
func (r *recorder) done(action string, d time.Duration, errKey string) {
	r.failed(action, d, errKey, "")
}

// retried counts one request of action sent again (same form, same
// Idempotency-Key) because the first got no answer or a server error.
func (r *recorder) retried(action string) {
	r.mu.Lock()
	r.stats(action).retries++
	r.mu.Unlock()
}

// failed is done with the answer's body, kept for the first error of a kind.
func (r *recorder) failed(action string, d time.Duration, errKey, body string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a := r.stats(action)
	if errKey == "" {
		a.ok.add(d)
		return
	}
	a.errors[errKey]++
	if _, ok := a.samples[errKey]; !ok {
		a.samples[errKey] = locales.Clip(strings.TrimSpace(body), 300)
	}
}

// actionSummary is one line of the report.
type actionSummary struct {
	Action  string           `json:"action"`
	Count   int64            `json:"count"`
	PerSec  float64          `json:"per_sec"`
	P50ms   float64          `json:"p50_ms"`
	P95ms   float64          `json:"p95_ms"`
	P99ms   float64          `json:"p99_ms"`
	MaxMs   float64          `json:"max_ms"`
	MeanMs  float64          `json:"mean_ms"`
	Errors  map[string]int64 `json:"errors,omitempty"`
	ErrorsN int64            `json:"errors_total"`
	Retries int64            `json:"retries,omitempty"`
	// Samples: the first answer of each error kind (API bodies; pages are left out).
	Samples map[string]string `json:"error_samples,omitempty"`
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Millisecond)*100) / 100 }

func summarize(name string, h *histogram, errs map[string]int64, window time.Duration) actionSummary {
	s := actionSummary{Action: name, Count: h.n, P50ms: ms(h.percentile(0.50)), P95ms: ms(h.percentile(0.95)),
		P99ms: ms(h.percentile(0.99)), MaxMs: ms(h.max), MeanMs: ms(h.mean())}
	if window > 0 {
		s.PerSec = math.Round(float64(h.n)/window.Seconds()*100) / 100
	}
	if len(errs) > 0 {
		s.Errors = map[string]int64{}
		for k, v := range errs {
			s.Errors[k] = v
			s.ErrorsN += v
		}
	}
	return s
}

// summary lists the actions in a stable order: the browser's first, then the ERP's.
func (r *recorder) summary(window time.Duration) []actionSummary {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.actions))
	for n := range r.actions {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		ai, aj := strings.HasPrefix(names[i], "api:"), strings.HasPrefix(names[j], "api:")
		if ai != aj {
			return !ai
		}
		return actionRank(names[i]) < actionRank(names[j]) ||
			actionRank(names[i]) == actionRank(names[j]) && names[i] < names[j]
	})
	out := make([]actionSummary, 0, len(names))
	for _, n := range names {
		a := r.actions[n]
		sum := summarize(n, &a.ok, a.errors, window)
		sum.Retries = a.retries
		if strings.HasPrefix(n, "signin") {
			sum.PerSec = 0 // signed in before the clock started
		}
		for k, v := range a.samples {
			if v != "" {
				if sum.Samples == nil {
					sum.Samples = map[string]string{}
				}
				sum.Samples[k] = v
			}
		}
		out = append(out, sum)
	}
	return out
}

// actionOrder is the order a customer meets the pages in; others follow by name.
var actionOrder = []string{"signin:form", "signin", "dashboard", "orders", "browse", "search", "product", "cart:add", "cart", "cart:update",
	"checkout:form", "checkout", "order:show", "api:feed", "api:ack", "api:status", "api:shipment", "api:invoice",
	"api:payment", "api:stock", "api:prices", "api:replay"}

func actionRank(name string) int {
	if i := slices.Index(actionOrder, name); i >= 0 {
		return i
	}
	return len(actionOrder)
}

// writeTable prints the actions as an aligned table.
func writeTable(w io.Writer, rows []actionSummary) {
	fmt.Fprintf(w, "%-14s %8s %8s %8s %8s %8s %8s %7s  %s\n", "action", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms", "retried", "errors")
	for _, r := range rows {
		fmt.Fprintf(w, "%-14s %8d %8.1f %8.1f %8.1f %8.1f %8.1f %7d  %s\n", r.Action, r.Count, r.PerSec, r.P50ms, r.P95ms, r.P99ms, r.MaxMs, r.Retries, formatErrors(r.Errors))
	}
	for _, r := range rows {
		keys := make([]string, 0, len(r.Samples))
		for k := range r.Samples {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  first %s %s: %s\n", r.Action, k, r.Samples[k])
		}
	}
}

func formatErrors(errs map[string]int64) string {
	if len(errs) == 0 {
		return "-"
	}
	return joinCounts(errs, "%s×%d", " ")
}

// joinCounts prints each key and its count with format, in key order.
func joinCounts[N int | int64](m map[string]N, format, sep string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf(format, k, m[k])
	}
	return strings.Join(parts, sep)
}
