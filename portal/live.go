package portal

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
	"partnerdesk/locales"
)

// Live updates: every signed-in page holds a websocket. This instance's hub
// reads the outbox (an ephemeral consumer of the dispatcher, so every instance
// sees every event), and passes each event to the connections allowed to see
// it: a customer gets its own company's events and the catalog-wide ones
// (stock, prices); a manager those of the companies assigned to them (or as
// backup); an admin all. Nothing is lost when a connection drops: the client
// comes back with the last event id it saw, gets what it missed, and reloads
// the live parts of the page.

const (
	liveSendQueue   = 64               // frames waiting per connection
	liveQueueMax    = 256              // messages in them; beyond, further ones are coalesced
	liveFrameMax    = 128              // messages the writer puts into one frame at most
	liveOverflow    = 2000             // coalesced keys a connection may owe; beyond, it is dropped
	livePingEvery   = 30 * time.Second // keepalive
	liveReadLimit   = 4096
	liveWriteWait   = 10 * time.Second
	liveReplayMax   = 500              // events per page of a replay
	liveReplayPages = 20               // pages a reconnecting browser is replayed at most
	liveCloseSlow   = 4000             // close code: too slow, reconnect and resync
	liveStartWait   = 10 * time.Second // longest a browser waits for a starting instance's live consumer
	liveCloseGoing  = websocket.CloseGoingAway
)

var liveWriteBuffers sync.Pool

// liveMessage is what a browser receives.
type liveMessage struct {
	ID      int64           `json:"id"`
	Kind    string          `json:"kind"`
	Company int64           `json:"company,omitempty"`
	Data    json.RawMessage `json:"data"`
	Cursor  string          `json:"cursor,omitempty"` // "txid.id": where to resume after a reconnect
	Keys    []string        `json:"keys"`             // live sections of pages to reload, e.g. "order:1042", "balance", "product:17"
	Toast   string          `json:"toast,omitempty"`  // a sentence in the user's language, when worth telling

	pos liveCursor // Cursor, kept unparsed for folding into a batch
}

// liveOut is one message ready to go: its encoding, and the message itself
// for folding into a batch.
type liveOut struct {
	raw []byte
	m   *liveMessage
}

// liveConn is one browser connection. Every websocket frame is a JSON array
// of messages: what one delivery (a gathered batch of events) holds for this
// browser goes out as one frame and one write, not a frame per event (a
// write system call each, on both ends). Frames wait in a bounded queue;
// when it is full (a burst, or a slow network), further messages are folded
// into one pending "batch" of the sections to reload, sent as soon as the
// queue drains. A connection that owes more than liveOverflow sections, or whose
// socket does not take a write within liveWriteWait, is dropped: the browser
// reconnects and reloads what it shows. Nobody else ever waits for it.
type liveConn struct {
	ws        *websocket.Conn
	send      chan []liveOut // frames
	queued    atomic.Int64   // messages in send
	companyID int64          // customer's company; 0 for staff
	userID    int64
	// products are those the page shows (its "product:N" sections): stock
	// and price events of other products are not sent. nil: all of them.
	products  map[int64]bool
	companies map[int64]bool // staff: assigned companies; nil = all (admin)
	loc       *locales.Localizer
	done      chan struct{}
	closeOnce sync.Once

	mu         sync.Mutex
	owedKeys   map[string]bool // sections to reload, folded from messages that did not fit
	owedID     int64           // the last event id folded in
	owedCursor liveCursor      // and the furthest position
	owedToasts int
	wakeWriter chan struct{}
}

// enqueue queues messages as one frame, or folds them into the owed batch
// when the queue is full (liveSendQueue frames or liveQueueMax messages).
// It never blocks. It reports false when the connection was dropped.
func (c *liveConn) enqueue(frame []liveOut) bool {
	n := int64(len(frame))
	if c.queued.Add(n) <= liveQueueMax {
		select {
		case c.send <- frame:
			return true
		default:
		}
	}
	c.queued.Add(-n)
	c.mu.Lock()
	if c.owedKeys == nil {
		c.owedKeys = map[string]bool{}
	}
	for _, o := range frame {
		m := o.m
		for _, k := range m.Keys {
			c.owedKeys[k] = true
		}
		c.owedID = max(c.owedID, m.ID)
		if c.owedCursor.before(m.pos) {
			c.owedCursor = m.pos
		}
		if m.Toast != "" {
			c.owedToasts++
		}
	}
	over := len(c.owedKeys) > liveOverflow
	c.mu.Unlock()
	if over {
		go c.close(liveCloseSlow, "too slow")
		return false
	}
	select {
	case c.wakeWriter <- struct{}{}:
	default:
	}
	return true
}

// takeOwed returns the owed batch as one message, or nil.
func (c *liveConn) takeOwed() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.owedKeys) == 0 {
		return nil
	}
	m := liveMessage{ID: c.owedID, Kind: "batch", Data: json.RawMessage("{}"), Cursor: c.owedCursor.String()}
	for k := range c.owedKeys {
		m.Keys = append(m.Keys, k)
	}
	if c.owedToasts > 0 {
		m.Toast = c.loc.TN("live_batch", c.owedToasts)
	}
	c.owedKeys, c.owedToasts = nil, 0
	b, _ := json.Marshal(m)
	return b
}

func (c *liveConn) close(code int, reason string) {
	c.closeOnce.Do(func() {
		deadline := time.Now().Add(time.Second)
		c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), deadline)
		c.ws.Close()
		close(c.done)
	})
}

// staff tells whether the connection is a staff member's.
func (c *liveConn) staff() bool { return c.companyID == 0 }

// livePayload holds the fields of an event's payload that the hub reads:
// decoded once per event, then shared by every connection and language.
type livePayload struct {
	Order        int64  `json:"order"`
	Status       string `json:"status"`
	Product      int64  `json:"product"`
	Carrier      string `json:"carrier"`
	Handoff      int64  `json:"handoff"`
	Conversation int64  `json:"conversation"`
	Author       string `json:"author"`
	Text         string `json:"text"`
	User         int64  `json:"user"`
	Private      *bool  `json:"private"`
	Number       int64  `json:"number"` // complaint
	Stage        string `json:"stage"`
	Resolution   string `json:"resolution"`
	Staff        bool   `json:"staff"` // a complaint message by the distributor's staff
}

func livePayloadOf(e event.Event) *livePayload {
	p := new(livePayload)
	json.Unmarshal(e.Payload, p)
	return p
}

// audience is who an event is for, read once per event.
type audience struct {
	company int64
	product int64 // a product's stock, price or data: for the pages showing it
	user    int64 // a customer user, for private events
	private bool  // of the company's customers, only user sees it
	toStaff bool
}

func audienceOf(e event.Event, p *livePayload) audience {
	a := audience{toStaff: true}
	if e.CompanyID != nil {
		a.company = *e.CompanyID
	}
	switch e.Kind {
	case event.StockChanged, event.PriceChanged, event.ProductChanged, event.BackInStock:
		a.product = p.Product
	case event.ChatMessage, event.Notification:
		a.user, a.private = p.User, p.Private == nil || *p.Private
		a.toStaff = e.Kind == event.ChatMessage
	}
	return a
}

// allowed tells whether the connection may see an event.
func (c *liveConn) allowed(a audience) bool {
	if a.product != 0 && c.products != nil && !c.products[a.product] {
		return false
	}
	if c.staff() {
		return a.toStaff && c.sees(a.company)
	}
	return c.sees(a.company) && (!a.private || a.user == c.userID)
}

// sees tells whether the connection may see an event of the given company (0 = catalog-wide).
func (c *liveConn) sees(company int64) bool {
	switch {
	case company == 0:
		return true
	case c.companyID != 0:
		return c.companyID == company
	case c.companies == nil:
		return true
	}
	return c.companies[company]
}

// liveHub holds this instance's connections.
type liveHub struct {
	mu    sync.RWMutex
	conns map[*liveConn]struct{}
	// dropped counts connections closed for being too slow (for metrics and tests).
	dropped int64
}

func newLiveHub() *liveHub { return &liveHub{conns: map[*liveConn]struct{}{}} }

func (h *liveHub) add(c *liveConn) {
	h.mu.Lock()
	h.conns[c] = struct{}{}
	h.mu.Unlock()
}

func (h *liveHub) remove(c *liveConn) {
	h.mu.Lock()
	delete(h.conns, c)
	h.mu.Unlock()
}

// Count returns the number of open connections.
func (h *liveHub) count() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.conns)
}

// deliver hands events to every connection allowed to see them, each
// connection's share as one frame. A connection whose queue is full has
// them folded into a batch, or is closed when it owes too much (it will
// reconnect and resync); nobody waits for a slow client.
func (h *liveHub) deliver(events []event.Event) {
	h.mu.RLock()
	conns := make([]*liveConn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.RUnlock()
	// One encoding per event, language and side, shared by the connections that read it.
	type encKey struct {
		lang  domain.Language
		staff bool
	}
	type prepared struct {
		e       event.Event
		p       *livePayload
		a       audience
		encoded map[encKey]liveOut
	}
	evs := make([]prepared, len(events))
	for i, e := range events {
		p := livePayloadOf(e)
		evs[i] = prepared{e: e, p: p, a: audienceOf(e, p)}
	}
	var frame []liveOut
	for _, c := range conns {
		frame = frame[:0]
		k := encKey{c.loc.Lang, c.staff()}
		for i := range evs {
			ev := &evs[i]
			if !c.allowed(ev.a) {
				continue
			}
			out, ok := ev.encoded[k]
			if !ok {
				m := liveMessageOf(ev.e, ev.p, ev.a.company, c.loc, k.staff)
				raw, _ := json.Marshal(m)
				out = liveOut{raw, m}
				if ev.encoded == nil {
					ev.encoded = map[encKey]liveOut{}
				}
				ev.encoded[k] = out
			}
			frame = append(frame, out)
		}
		if len(frame) == 0 {
			continue
		}
		if !c.enqueue(slices.Clone(frame)) {
			h.mu.Lock()
			h.dropped++
			h.mu.Unlock()
		}
	}
}

func (h *liveHub) closeAll(code int, reason string) {
	h.mu.RLock()
	conns := make([]*liveConn, 0, len(h.conns))
	for c := range h.conns {
		conns = append(conns, c)
	}
	h.mu.RUnlock()
	for _, c := range conns {
		c.close(code, reason)
	}
}

// liveMessageOf turns an event into the message a browser in one language
// (a customer's, or a staff member's) gets.
func liveMessageOf(e event.Event, p *livePayload, company int64, loc *locales.Localizer, staff bool) *liveMessage {
	pos := liveCursor{e.TxID, e.ID}
	m := &liveMessage{ID: e.ID, Kind: e.Kind, Company: company, Data: e.Payload, Cursor: pos.String(), pos: pos}
	order := strconv.FormatInt(p.Order, 10)
	switch e.Kind {
	case event.OrderPlaced:
		m.Keys = []string{"order:" + order, "orders", "balance"}
		m.Toast = loc.T("live_order_placed", map[string]any{"Number": order})
	case event.OrderStatus:
		m.Keys = []string{"order:" + order, "orders"}
		m.Toast = loc.T("live_order_status", map[string]any{"Number": order, "Status": loc.T("status_" + p.Status)})
	case event.OrderShipment:
		m.Keys = []string{"order:" + order}
		m.Toast = loc.T("live_order_shipment", map[string]any{"Number": order, "Carrier": p.Carrier})
	case event.BalanceChanged, event.InvoiceChanged, event.CompanyChanged:
		m.Keys = []string{"balance", "invoices"}
	case event.PaymentReceived:
		m.Keys = []string{"balance", "invoices"}
		m.Toast = loc.T("live_payment")
	case event.StockChanged, event.PriceChanged, event.ProductChanged, event.BackInStock:
		m.Keys = []string{"product:" + strconv.FormatInt(p.Product, 10)}
	case event.Notification:
		m.Keys = []string{"notifications"}
		m.Toast = loc.T("live_notification")
	case event.HandoffChanged:
		m.Keys = []string{"handoffs", "handoff:" + strconv.FormatInt(p.Handoff, 10)}
		if staff && p.Status == "waiting" {
			m.Toast = loc.T("live_handoff_waiting")
		} else if staff && p.Status == "escalated" {
			m.Toast = loc.T("live_handoff_escalated")
		}
	case event.ChatMessage:
		m.Keys = []string{"chat", "conversation:" + strconv.FormatInt(p.Conversation, 10)}
		switch {
		case staff && p.Author == "customer":
			m.Keys = append(m.Keys, "handoffs")
			m.Toast = loc.T("live_chat_customer", map[string]any{"Text": locales.Clip(p.Text, 80)})
		case !staff && p.Author == "manager":
			m.Toast = loc.T("live_chat_manager", map[string]any{"Text": locales.Clip(p.Text, 80)})
		case !staff && p.Author == "bot":
			m.Toast = locales.Clip(p.Text, 80)
		}
	case event.ComplaintStage:
		number := strconv.FormatInt(p.Number, 10)
		m.Keys = []string{"complaints", "complaint:" + number}
		switch {
		case staff && p.Stage == "submitted":
			m.Toast = loc.T("live_complaint_new", map[string]any{"Number": number})
		case !staff && p.Stage == "resolved":
			m.Toast = loc.T("live_complaint_resolved", map[string]any{"Number": number, "Resolution": loc.T("complaint_resolution_" + p.Resolution)})
		case !staff && p.Stage != "submitted":
			m.Toast = loc.T("live_complaint_stage", map[string]any{"Number": number, "Stage": loc.T("complaint_stage_" + p.Stage)})
		}
	case event.ComplaintNote:
		number := strconv.FormatInt(p.Number, 10)
		m.Keys = []string{"complaint:" + number}
		if staff && !p.Staff {
			m.Toast = loc.T("live_complaint_customer_message", map[string]any{"Number": number})
		} else if !staff && p.Staff {
			m.Toast = loc.T("live_complaint_manager_message", map[string]any{"Number": number})
		}
	default:
		m.Keys = []string{e.Kind}
	}
	return m
}

// LiveConsumer is the outbox consumer that feeds this instance's websockets;
// cmd adds it to the dispatcher.
// ready (made here when nil) is closed once the consumer knows where it
// starts; until then /live keeps a connecting browser waiting.
func (s *Server) LiveConsumer(ready chan struct{}) event.Consumer {
	if ready == nil {
		ready = make(chan struct{})
	}
	s.liveReady = ready
	return event.Consumer{
		Name:      "live",
		Ephemeral: true,
		Ready:     ready,
		Handle: func(ctx context.Context, _ bun.Tx, events []event.Event) error {
			s.live.deliver(events)
			return nil
		},
	}
}

var liveUpgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 4096, // a frame of a few messages in one write
	WriteBufferPool: &liveWriteBuffers,
}

// serveLive upgrades a signed-in page's request to a websocket. The
// handshake's Origin must be this portal's (PUBLIC_URL): a page on another
// site must not ride the visitor's cookie (cross-site websocket hijacking).
func (s *Server) serveLive(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	if origin := r.Header.Get("Origin"); origin != s.public.Scheme+"://"+s.public.Host {
		slog.Warn("live: refused foreign origin", "origin", origin)
		http.Error(w, "forbidden origin", http.StatusForbidden)
		return
	}
	// A browser resumes with what it missed read from the outbox, then the
	// live consumer's events. Both must meet: before the consumer has its
	// starting position (a freshly started instance), an event committed
	// after the replay's read and before that position would reach neither.
	if s.liveReady != nil {
		select {
		case <-s.liveReady:
		case <-r.Context().Done():
			return
		case <-time.After(liveStartWait):
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	cursor, hasCursor := parseLiveCursor(r.URL.Query().Get("cursor"))
	c := &liveConn{send: make(chan []liveOut, liveSendQueue), loc: rc.loc, done: make(chan struct{}), wakeWriter: make(chan struct{}, 1)}
	c.userID = rc.user.ID
	if list, ok := r.URL.Query()["products"]; ok {
		c.products = watchedProducts(list)
	}
	if rc.company != nil {
		c.companyID = rc.company.ID
	} else if rc.user.Role != "admin" {
		ids, err := s.assignedCompanies(r.Context(), rc.user.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		c.companies = ids
	}
	up := liveUpgrader
	up.CheckOrigin = func(*http.Request) bool { return true } // checked above against PUBLIC_URL
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	ws.SetReadLimit(liveReadLimit)
	c.ws = ws
	s.live.add(c)
	// Missed events first, then live ones (duplicates are dropped by id in the browser).
	switch {
	case hasCursor:
		go s.replay(c, func(ctx context.Context, from liveCursor) ([]event.Event, error) {
			return event.SinceCursor(ctx, s.db, from.txid, from.id, c.companyID, liveReplayMax)
		}, cursor)
	case after > 0: // an older page that knows only event ids
		go s.replay(c, func(ctx context.Context, from liveCursor) ([]event.Event, error) {
			return event.Since(ctx, s.db, max(after, from.id), c.companyID, liveReplayMax)
		}, liveCursor{})
	}
	go s.liveWriter(c)
	go s.liveReader(c, r.WithContext(context.WithoutCancel(r.Context())))
}

// replay sends what a reconnecting browser missed.
// replay sends what a reconnecting browser missed, page by page from its
// position (a page used to be all it got: a browser more than a page behind
// lost the rest). What does not fit its queue is folded into a batch as
// for live events.
func (s *Server) replay(c *liveConn, missed func(ctx context.Context, from liveCursor) ([]event.Event, error), from liveCursor) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		events, err := missed(ctx, from)
		if err != nil {
			// The browser would go on from the live events' position and never
			// see these: send it away to reconnect, resume and resync instead.
			slog.Warn("live: replay", "err", err)
			c.close(liveCloseGoing, "replay failed")
			return
		}
		var frame []liveOut
		for _, e := range events {
			from = liveCursor{e.TxID, e.ID}
			p := livePayloadOf(e)
			a := audienceOf(e, p)
			if !c.allowed(a) {
				continue
			}
			m := liveMessageOf(e, p, a.company, c.loc, c.staff())
			raw, _ := json.Marshal(m)
			frame = append(frame, liveOut{raw, m})
		}
		for len(frame) > 0 {
			n := min(len(frame), liveFrameMax)
			if !c.enqueue(frame[:n:n]) {
				return
			}
			frame = frame[n:]
		}
		if len(events) < liveReplayMax {
			return
		}
	}
}

func (s *Server) liveWriter(c *liveConn) {
	ping := time.NewTicker(livePingEvery)
	defer func() {
		ping.Stop()
		s.live.remove(c)
		c.close(websocket.CloseNormalClosure, "")
	}()
	var out [][]byte
	take := func(f []liveOut) {
		c.queued.Add(-int64(len(f)))
		for _, o := range f {
			out = append(out, o.raw)
		}
	}
	// flush writes what is queued (up to liveFrameMax messages), and the owed
	// batch once the queue is empty, as one frame.
	flush := func() bool {
		for len(out) < liveFrameMax {
			select {
			case f := <-c.send:
				take(f)
				continue
			default:
			}
			break
		}
		if len(c.send) == 0 {
			if owed := c.takeOwed(); owed != nil {
				out = append(out, owed)
			}
		}
		if len(out) == 0 {
			return true
		}
		ok := writeLiveFrame(c.ws, out)
		clear(out)
		out = out[:0]
		return ok
	}
	for {
		select {
		case f := <-c.send:
			take(f)
			if !flush() {
				return
			}
		case <-c.wakeWriter:
			if !flush() {
				return
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(liveWriteWait)); err != nil {
				return
			}
		case <-c.done:
			return
		}
	}
}

// writeLiveFrame writes messages as one frame: a JSON array of them.
func writeLiveFrame(ws *websocket.Conn, msgs [][]byte) bool {
	ws.SetWriteDeadline(time.Now().Add(liveWriteWait))
	w, err := ws.NextWriter(websocket.TextMessage)
	if err != nil {
		return false
	}
	w.Write([]byte{'['})
	for i, m := range msgs {
		if i > 0 {
			w.Write([]byte{','})
		}
		w.Write(m)
	}
	w.Write([]byte{']'})
	return w.Close() == nil
}

// liveReader notices pongs and the browser going away, and takes chat
// messages sent from the page's chat drawer.
func (s *Server) liveReader(c *liveConn, r *http.Request) {
	defer c.close(websocket.CloseNormalClosure, "")
	c.ws.SetReadDeadline(time.Now().Add(2*livePingEvery + 10*time.Second))
	c.ws.SetPongHandler(func(string) error {
		return c.ws.SetReadDeadline(time.Now().Add(2*livePingEvery + 10*time.Second))
	})
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.liveChat(c, r, data)
	}
}

// liveMaxWatched caps the products one page may watch (a cart of 200 lines
// and its substitutes fit).
const liveMaxWatched = 1000

// watchedProducts reads ?products=1,2,3 (ids of the products a page shows).
func watchedProducts(list []string) map[int64]bool {
	ids := map[int64]bool{}
	for _, part := range list {
		for _, f := range strings.Split(part, ",") {
			if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil && id > 0 && len(ids) < liveMaxWatched {
				ids[id] = true
			}
		}
	}
	return ids
}

// liveCursor is a position in the outbox in the dispatcher's order: the
// transaction id, then the event id.
type liveCursor struct{ txid, id int64 }

func (c liveCursor) String() string {
	if c.id == 0 {
		return ""
	}
	return strconv.FormatInt(c.txid, 10) + "." + strconv.FormatInt(c.id, 10)
}

func (c liveCursor) before(d liveCursor) bool {
	return c.txid < d.txid || c.txid == d.txid && c.id < d.id
}

func parseLiveCursor(s string) (liveCursor, bool) {
	tx, id, ok := strings.Cut(s, ".")
	if !ok {
		return liveCursor{}, false
	}
	t, err1 := strconv.ParseInt(tx, 10, 64)
	i, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || t <= 0 || i <= 0 {
		return liveCursor{}, false
	}
	return liveCursor{t, i}, true
}
