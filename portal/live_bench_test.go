package portal

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
	"partnerdesk/domain/order"
)

// BenchmarkLive10kConnections measures the websocket side with LIVE_CONNS
// (default 10,000) browsers held open by a child process:
//   - memory per idle connection in the server process,
//   - time from an API status change (request sent) to every browser having
//     the frame (p50, p99 over all browsers and rounds),
//   - sustained events per second fanned out to every browser.
func BenchmarkLive10kConnections(b *testing.B) {
	conns := 10000
	if v, err := strconv.Atoi(os.Getenv("LIVE_CONNS")); err == nil && v > 0 {
		conns = v
	}
	raiseFileLimit()
	tn := newTenant(b, "pl")
	b.StopTimer()
	inst := startInstance(b)
	session := signedInSession(b, tn.BuyerEmail)

	runtime.GC()
	before := memInUse()
	child := exec.Command(os.Args[0], "-test.run=^TestLiveBenchClients$", "-test.count=1")
	child.Env = append(os.Environ(), "PD_LIVE_CLIENTS="+strconv.Itoa(conns),
		"PD_LIVE_URL=ws"+strings.TrimPrefix(inst.http.URL, "http")+"/live", "PD_LIVE_COOKIE="+session, "PD_LIVE_ORIGIN="+testOrigin)
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	defer child.Process.Kill()
	lines := bufio.NewScanner(stdout)
	expect := func(prefix string) string {
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), prefix) {
				return strings.TrimSpace(strings.TrimPrefix(lines.Text(), prefix))
			}
		}
		b.Fatalf("child ended before %q: %v", prefix, lines.Err())
		return ""
	}
	expect("ready")
	for inst.srv.live.count() < conns {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second)
	runtime.GC()
	after := memInUse()
	perConn := float64(after-before) / float64(conns) / 1024
	b.ReportMetric(perConn, "KiB/conn")

	// Latency: one status change per round, each to a fresh order.
	ctx := context.Background()
	db := dbtest.DB(b)
	api := newAPIClient(b, &testPortal{t: b, h: inst.srv.Handler()})
	const rounds = 20
	svc := &order.Service{DB: db}
	for r := range rounds {
		res, err := svc.Place(ctx, order.PlaceRequest{CompanyID: tn.CompanyID, Channel: order.ChannelAPI,
			IdempotencyKey: fmt.Sprintf("bench-live-%s-%d", tn.Marker, r), Lines: []order.LineRequest{{ProductID: tn.Product, Qty: 1}}})
		if err != nil {
			b.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond) // let the order.placed event pass first
		fmt.Fprintf(stdin, "mark %d\n", time.Now().UnixNano())
		if res := api.call("POST", fmt.Sprintf("/api/v1/orders/%d/status", res.Order.Number), map[string]any{"status": "confirmed"}); res.Status != http.StatusOK {
			b.Fatalf("status: %d %s", res.Status, res.Body)
		}
		expect("round done")
	}
	fmt.Fprintln(stdin, "latency")
	var p50, p99 float64
	fmt.Sscanf(expect("latency"), "p50=%f p99=%f", &p50, &p99)
	b.ReportMetric(p50, "ms-p50")
	b.ReportMetric(p99, "ms-p99")

	// Throughput: events committed one per transaction as fast as they go.
	const burst = 300
	start := time.Now()
	var last int64
	for i := range burst {
		if err := event.Emit(ctx, db, tn.CompanyID, event.BalanceChanged, map[string]int{"n": i}); err != nil {
			b.Fatal(err)
		}
		inst.notifier.Wake()
	}
	dbtest.Scan(b, db, &last, "SELECT max(id) FROM events")
	fmt.Fprintf(stdin, "until %d\n", last)
	expect("counted")
	elapsed := time.Since(start)
	b.ReportMetric(float64(burst)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(burst)*float64(conns)/elapsed.Seconds(), "frames/s")
	b.ReportMetric(float64(inst.srv.live.dropped), "dropped")
	stdin.Close()
	child.Wait()
}

func memInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

func raiseFileLimit() {
	var l syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l) == nil {
		l.Cur = l.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l)
	}
}

// TestLiveBenchClients is the benchmark's child: it holds the connections
// and measures when each frame arrives. It does nothing in a normal test run.
func TestLiveBenchClients(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PD_LIVE_CLIENTS"))
	if n == 0 {
		t.Skip("only run as the child of BenchmarkLive10kConnections")
	}
	raiseFileLimit()
	h := http.Header{}
	h.Set("Origin", os.Getenv("PD_LIVE_ORIGIN"))
	h.Set("Cookie", sessionCookie+"="+os.Getenv("PD_LIVE_COOKIE"))
	dialer := *websocket.DefaultDialer
	dialer.ReadBufferSize, dialer.WriteBufferSize = 1024, 256

	var mu sync.Mutex
	var mark int64
	var latencies []float64
	var gotStatus atomic.Int64
	lastIDs := make([]atomic.Int64, n) // per connection: the highest event id seen
	roundDone := make(chan struct{}, 1)
	url := os.Getenv("PD_LIVE_URL")
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range n {
		sem <- struct{}{}
		ws, _, err := dialer.Dial(url, h)
		<-sem
		if err != nil {
			fmt.Fprintln(os.Stderr, "dial:", err)
			os.Exit(1)
		}
		wg.Go(func() {
			for {
				_, data, err := ws.ReadMessage()
				if err != nil {
					return
				}
				now := time.Now().UnixNano()
				var frame []struct {
					ID   int64
					Kind string
				}
				json.Unmarshal(data, &frame)
				for _, m := range frame {
					if m.ID > lastIDs[i].Load() {
						lastIDs[i].Store(m.ID)
					}
					if m.Kind == "order.status" {
						mu.Lock()
						latencies = append(latencies, float64(now-mark)/1e6)
						mu.Unlock()
						if gotStatus.Add(1)%int64(n) == 0 {
							roundDone <- struct{}{}
						}
					}
				}
			}
		})
	}
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		switch f[0] {
		case "mark":
			v, _ := strconv.ParseInt(f[1], 10, 64)
			mu.Lock()
			mark = v
			mu.Unlock()
			<-roundDone
			fmt.Println("round done")
		case "latency":
			mu.Lock()
			slices.Sort(latencies)
			p := func(q float64) float64 { return latencies[int(q*float64(len(latencies)-1))] }
			fmt.Printf("latency p50=%.1f p99=%.1f\n", p(0.50), p(0.99))
			mu.Unlock()
		case "until":
			v, _ := strconv.ParseInt(f[1], 10, 64)
			for {
				behind := 0
				for j := range lastIDs {
					if lastIDs[j].Load() < v {
						behind++
					}
				}
				if behind == 0 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			fmt.Println("counted")
		}
	}
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}
