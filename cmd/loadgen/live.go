package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// liveClient is one open page's websocket to /live. It counts what arrives,
// measures how long an order status change took from the ERP's request to
// this browser, remembers which events it saw (for the delivery check), and
// comes back after a dropped connection with ?cursor=<the furthest position
// seen>, as the portal's script does.
type liveClient struct {
	b      *browser
	lastID atomic.Int64
	cursor atomic.Value // string "txid.id": the furthest position in the outbox's order
	// watched: the products the page shows (sent as ?products=, as the
	// page's script does); only their stock and price changes come.
	watched map[int64]bool
	seen    idSet
	batches atomic.Int64 // "batch" messages: events folded together, ids unknown
	batchID atomic.Int64 // the highest id a batch covered

	mu     sync.Mutex
	ws     *websocket.Conn
	closed bool // by close: a connection made after it is closed at once
}

// liveStats are the websocket figures of the whole run.
type liveStats struct {
	connected  atomic.Int64 // first connections that succeeded
	failed     atomic.Int64 // first connections refused
	reconnects atomic.Int64
	messages   atomic.Int64
	frames     atomic.Int64 // a frame holds one delivery's messages
	bytes      atomic.Int64

	mu      sync.Mutex
	kinds   map[string]int64
	latency histogram // order.status: ERP request sent → frame read by this browser
}

func (s *liveStats) countKind(kind string) {
	s.mu.Lock()
	if s.kinds == nil {
		s.kinds = map[string]int64{}
	}
	s.kinds[kind]++
	s.mu.Unlock()
}

func (lc *liveClient) dial(ctx context.Context) (*websocket.Conn, error) {
	return lc.dialWith(ctx, websocket.Dialer{Jar: lc.b.jar, HandshakeTimeout: 10 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 256})
}

// dialWith opens /live with d (resuming from the cursor), as the page does.
func (lc *liveClient) dialWith(ctx context.Context, d websocket.Dialer) (*websocket.Conn, error) {
	u := *lc.b.run.base
	u.Scheme = map[string]string{"https": "wss"}[u.Scheme]
	if u.Scheme == "" {
		u.Scheme = "ws"
	}
	u.Path = "/live"
	ids := make([]string, 0, len(lc.watched))
	for id := range lc.watched {
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	u.RawQuery = "products=" + strings.Join(ids, ",")
	if c, _ := lc.cursor.Load().(string); c != "" {
		u.RawQuery += "&cursor=" + c
	}
	h := http.Header{}
	h.Set("Origin", lc.b.run.origin)
	h.Set("Accept-Language", lc.b.cust.Company.Language)
	ws, _, err := d.DialContext(ctx, u.String(), h)
	return ws, err
}

// connect opens the first connection.
func (lc *liveClient) connect(ctx context.Context) error {
	ws, err := lc.dial(ctx)
	if err != nil {
		lc.b.run.live.failed.Add(1)
		return err
	}
	lc.b.run.live.connected.Add(1)
	lc.mu.Lock()
	lc.ws = ws
	lc.mu.Unlock()
	return nil
}

// read reads until ctx ends, reconnecting with growing pauses.
func (lc *liveClient) read(ctx context.Context) {
	stats := &lc.b.run.live
	pause := 250 * time.Millisecond
	for {
		lc.mu.Lock()
		ws := lc.ws
		lc.mu.Unlock()
		if ws != nil {
			for {
				_, data, err := ws.ReadMessage()
				if err != nil {
					break
				}
				pause = 250 * time.Millisecond
				lc.receive(data, time.Now())
			}
			ws.Close()
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(pause*2, 5*time.Second)
		next, err := lc.dial(ctx)
		stats.reconnects.Add(1)
		if err != nil {
			next = nil
		}
		lc.mu.Lock()
		if lc.closed && next != nil {
			next.Close()
			next = nil
		}
		lc.ws = next
		closed := lc.closed
		lc.mu.Unlock()
		if closed {
			return
		}
	}
}

// close ends the connection; read then returns.
func (lc *liveClient) close() {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	lc.closed = true
	if lc.ws != nil {
		lc.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		lc.ws.Close()
	}
}

// liveMsg is what the load reads of a message.
type liveMsg struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind"`
	Cursor string `json:"cursor"`
	Data   struct {
		Order  int64  `json:"order"`
		Status string `json:"status"`
	} `json:"data"`
}

// receive takes one frame: a JSON array of messages.
func (lc *liveClient) receive(data []byte, at time.Time) {
	stats := &lc.b.run.live
	stats.frames.Add(1)
	stats.bytes.Add(int64(len(data)))
	var list []liveMsg
	if json.Unmarshal(data, &list) != nil {
		stats.messages.Add(1)
		stats.countKind("(unreadable)")
		return
	}
	stats.messages.Add(int64(len(list)))
	for i := range list {
		lc.receiveOne(&list[i], at)
	}
}

func (lc *liveClient) receiveOne(m *liveMsg, at time.Time) {
	stats := &lc.b.run.live
	stats.countKind(m.Kind)
	if m.ID > lc.lastID.Load() {
		lc.lastID.Store(m.ID)
	}
	if old, _ := lc.cursor.Load().(string); cursorAfter(m.Cursor, old) {
		lc.cursor.Store(m.Cursor)
	}
	if m.Kind == "batch" {
		lc.batches.Add(1)
		if m.ID > lc.batchID.Load() {
			lc.batchID.Store(m.ID)
		}
		return
	}
	lc.seen.add(m.ID)
	if m.Kind == "order.status" {
		if sent, ok := lc.b.run.statusSent.Load(statusKey{m.Data.Order, m.Data.Status}); ok {
			stats.mu.Lock()
			stats.latency.add(at.Sub(sent.(time.Time)))
			stats.mu.Unlock()
		}
	}
}

// statusKey names one status change the ERP asked for.
type statusKey struct {
	Order  int64
	Status string
}

// idSet is a bitmap of event ids above a base, for the delivery check.
type idSet struct {
	mu   sync.Mutex
	base int64
	bits []uint64
}

func (s *idSet) reset(base int64) {
	s.mu.Lock()
	s.base, s.bits = base, nil
	s.mu.Unlock()
}

func (s *idSet) add(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id <= s.base {
		return
	}
	i := id - s.base - 1
	for int64(len(s.bits))*64 <= i {
		s.bits = append(s.bits, 0)
	}
	s.bits[i/64] |= 1 << (i % 64)
}

func (s *idSet) has(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id <= s.base {
		return false
	}
	i := id - s.base - 1
	return i/64 < int64(len(s.bits)) && s.bits[i/64]&(1<<(i%64)) != 0
}

// cursorAfter reports whether position a ("txid.id") comes after b in the
// outbox's order; an unreadable a never does, any a comes after "".
func cursorAfter(a, b string) bool {
	at, ai, ok := parseCursor(a)
	if !ok {
		return false
	}
	bt, bi, ok := parseCursor(b)
	return !ok || at > bt || at == bt && ai > bi
}

func parseCursor(s string) (txid, id int64, ok bool) {
	t, i, found := strings.Cut(s, ".")
	if !found {
		return 0, 0, false
	}
	var err1, err2 error
	txid, err1 = strconv.ParseInt(t, 10, 64)
	id, err2 = strconv.ParseInt(i, 10, 64)
	return txid, id, err1 == nil && err2 == nil
}
