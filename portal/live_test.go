package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
	"partnerdesk/locales"
)

// instance is one running portal: its own server, notifier and dispatcher
// over the shared test database, as a second `serve` process would be.
type instance struct {
	notifier *event.Notifier
	srv      *Server
	http     *httptest.Server
	stop     func()
}

func startInstance(t testing.TB) *instance {
	t.Helper()
	db := dbtest.DB(t)
	n := event.NewNotifier(db)
	srv, err := New(Config{PublicURL: testOrigin}, db, n)
	if err != nil {
		t.Fatal(err)
	}
	d := event.NewDispatcher(db, n)
	d.PollEvery = 2 * time.Second // long enough that the test proves the NOTIFY wake-up... or the poll still delivers
	ready := make(chan struct{})
	d.Add(srv.LiveConsumer(ready))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { n.Run(ctx); done <- struct{}{} }()
	go func() { d.Run(ctx); done <- struct{}{} }()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("live consumer did not start")
	}
	hs := httptest.NewServer(srv.Handler())
	inst := &instance{srv: srv, http: hs, notifier: n}
	inst.stop = func() { hs.Close(); cancel(); <-done; <-done }
	t.Cleanup(inst.stop)
	return inst
}

// dialLive opens the live socket of a signed-in browser session.
func dialLive(t *testing.T, inst *instance, session, origin, query string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(inst.http.URL, "http") + "/live" + query
	h := http.Header{}
	h.Set("Origin", origin)
	h.Set("Cookie", sessionCookie+"="+session)
	return websocket.DefaultDialer.Dial(u, h)
}

// connectedLive opens the live socket of the user's new session and
// returns once the instance counts it (it then gets every delivery); it is
// closed when the test ends.
func connectedLive(t *testing.T, inst *instance, email string) *websocket.Conn {
	t.Helper()
	ws, _, err := dialLive(t, inst, signedInSession(t, email), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	for inst.srv.live.count() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	return ws
}

type received struct {
	ID    int64    `json:"id"`
	Kind  string   `json:"kind"`
	Keys  []string `json:"keys"`
	Toast string   `json:"toast"`
}

// waitFor reads messages until one satisfies ok; the deadline only keeps a
// broken test from hanging.
func waitFor(t *testing.T, ws *websocket.Conn, ok func(received) bool) received {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		raw, err := nextLive(ws)
		if err != nil {
			t.Fatalf("no matching message: %v", err)
		}
		var m received
		json.Unmarshal(raw, &m)
		if ok(m) {
			return m
		}
	}
}

// liveUnread holds the messages of frames read but not yet taken, per
// socket: a frame is a JSON array of messages.
var liveUnread = struct {
	sync.Mutex
	m map[*websocket.Conn][]json.RawMessage
}{m: map[*websocket.Conn][]json.RawMessage{}}

// nextLive returns the socket's next message (reading a frame when none is
// left of the last one).
func nextLive(ws *websocket.Conn) (json.RawMessage, error) {
	liveUnread.Lock()
	defer liveUnread.Unlock()
	for len(liveUnread.m[ws]) == 0 {
		_, data, err := ws.ReadMessage()
		if err != nil {
			delete(liveUnread.m, ws)
			return nil, err
		}
		var list []json.RawMessage
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, fmt.Errorf("frame %s is not a list of messages: %w", data, err)
		}
		liveUnread.m[ws] = list
	}
	m := liveUnread.m[ws][0]
	liveUnread.m[ws] = liveUnread.m[ws][1:]
	return m, nil
}

func signedInSession(t testing.TB, email string) string {
	p := newTestPortal(t)
	p.signIn(email)
	return p.cookie(sessionCookie)
}

// A status change through instance A reaches a browser connected to instance
// B, in the browser user's language; another company's browser gets nothing.
func TestLiveUpdateCrossesInstances(t *testing.T) {
	tn := newTenant(t, "ru")
	other := newTenant(t, "pl")
	a, b := startInstance(t), startInstance(t)
	ws, _, err := dialLive(t, b, signedInSession(t, tn.BuyerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	spy, _, err := dialLive(t, b, signedInSession(t, other.BuyerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer spy.Close()

	api := &apiClient{t: t, h: a.srv.Handler(), lang: "pl"}
	api.token = newAPIClient(t, &testPortal{t: t, h: a.srv.Handler()}).token
	n := fmt.Sprint(tn.OrderNumber)
	if res := api.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "confirmed"}); res.Status != http.StatusOK {
		t.Fatalf("status change: %d %s", res.Status, res.Body)
	}
	m := waitFor(t, ws, func(m received) bool { return m.Kind == "order.status" })
	if m.Toast != "Заказ "+n+": Подтверждён" || !contains(m.Keys, "order:"+n) {
		t.Fatalf("message %+v", m)
	}
	// The other company's socket sees no order events of this company.
	spy.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	for {
		data, err := nextLive(spy)
		if err != nil {
			break // nothing more within the window: good
		}
		if strings.Contains(string(data), "order:"+n) {
			t.Fatalf("another company's browser got %s", data)
		}
	}
}

func TestLiveRefusesForeignOriginAndVisitors(t *testing.T) {
	tn := newTenant(t, "pl")
	inst := startInstance(t)
	session := signedInSession(t, tn.BuyerEmail)
	_, res, err := dialLive(t, inst, session, "https://evil.example", "")
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign origin: %v %v", err, res)
	}
	_, res, err = dialLive(t, inst, "no-session", testOrigin, "")
	if err == nil || res == nil || res.StatusCode == http.StatusSwitchingProtocols {
		t.Fatalf("visitor without a session was let in: %v", res)
	}
}

// A browser that comes back with the last id it saw gets what it missed.
func TestLiveResumesAfterLastEventID(t *testing.T) {
	tn := newTenant(t, "fi")
	inst := startInstance(t)
	var last int64
	dbtest.Scan(t, dbtest.DB(t), &last, "SELECT max(id) FROM events")
	if _, err := inst.srv.orders.ChangeStatus(context.Background(), statusReq(tn.OrderID, "confirmed")); err != nil {
		t.Fatal(err)
	}
	ws, _, err := dialLive(t, inst, signedInSession(t, tn.BuyerEmail), testOrigin, fmt.Sprintf("?after=%d", last))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	m := waitFor(t, ws, func(m received) bool { return m.Kind == "order.status" })
	if m.ID <= last || !strings.HasPrefix(m.Toast, "Tilaus ") {
		t.Fatalf("replayed %+v", m)
	}
}

// A client that does not read is dropped; the others keep getting messages.
// (Its queue is never drained here, so what does not fit is owed, and past
// liveOverflow owed sections the connection goes.)
func TestSlowClientIsDroppedOthersContinue(t *testing.T) {
	tn := newTenant(t, "pl")
	inst := startInstance(t)
	good, _, err := dialLive(t, inst, signedInSession(t, tn.BuyerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	// A connection whose queue nobody drains: a browser stuck on a slow network.
	stuck := &liveConn{send: make(chan []liveOut, 2), companyID: tn.CompanyID, loc: locales.NewLocalizer(inst.srv.bundle, "pl"), done: make(chan struct{}),
		wakeWriter: make(chan struct{}, 1)}
	raw, _, err := dialLive(t, inst, signedInSession(t, tn.OwnerEmail), testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	stuck.ws = raw
	inst.srv.live.add(stuck)
	company := tn.CompanyID
	var events []event.Event
	for i := range liveOverflow + 250 { // each touches another product: more owed sections than allowed
		events = append(events, event.Event{ID: int64(1_000_000 + i), Kind: "stock.changed", Payload: []byte(fmt.Sprintf(`{"product": %d}`, i))})
	}
	events = append(events, event.Event{ID: 2_000_000, CompanyID: &company, Kind: "balance.changed", Payload: []byte(`{}`)})
	for batch := range slices.Chunk(events, 100) { // as the dispatcher hands them over, in batches
		inst.srv.live.deliver(batch)
	}
	select {
	case <-stuck.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the stuck connection was not dropped")
	}
	// The good client gets everything: messages in frames, and what its
	// queue did not take at once folded into batches, up to the final
	// balance change.
	waitFor(t, good, func(m received) bool { return (m.Kind == "balance.changed" || m.Kind == "batch") && m.ID == 2_000_000 })
}

// What one delivery holds for a browser reaches it as one frame, a JSON
// array of the messages in their order; another company's events are not in it.
func TestOneDeliveryIsOneFrame(t *testing.T) {
	tn := newTenant(t, "fi")
	inst := startInstance(t)
	ws := connectedLive(t, inst, tn.BuyerEmail)
	company, other := tn.CompanyID, tn.CompanyID+1_000_000
	inst.srv.live.deliver([]event.Event{
		{ID: 3_000_001, TxID: 9, CompanyID: &company, Kind: event.OrderPlaced, Payload: []byte(`{"order": 77}`)},
		{ID: 3_000_002, TxID: 9, CompanyID: &other, Kind: event.OrderPlaced, Payload: []byte(`{"order": 78}`)},
		{ID: 3_000_003, TxID: 9, CompanyID: &company, Kind: event.BalanceChanged, Payload: []byte(`{"order": 77}`)},
	})
	// Other tests' events (stock of shared products) may come first, or share
	// the frame; the delivery's messages come in one frame, in order.
	ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		var frame []received
		if err := json.Unmarshal(data, &frame); err != nil {
			t.Fatalf("frame %s: %v", data, err)
		}
		var ours []received
		for _, m := range frame {
			if m.ID > 3_000_000 && m.ID < 3_000_010 {
				ours = append(ours, m)
			}
		}
		if len(ours) == 0 {
			continue
		}
		if len(ours) != 2 || ours[0].ID != 3_000_001 || ours[1].ID != 3_000_003 || ours[0].Toast != "Tilaus 77 vastaanotettu" {
			t.Fatalf("frame %s", data)
		}
		return
	}
}

func TestShutdownSaysGoingAway(t *testing.T) {
	tn := newTenant(t, "pl")
	inst := startInstance(t)
	ws := connectedLive(t, inst, tn.BuyerEmail)
	inst.srv.Shutdown(context.Background())
	ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
				t.Fatalf("closed with %v, want going away", err)
			}
			return
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// A browser that reconnects to an instance still starting must get an event
// committed after it connected but before the live consumer took its
// starting position: the replay must not run before that position is known
// (it did, and such an event reached neither the replay nor the consumer).
func TestLiveReconnectToAStartingInstanceMissesNothing(t *testing.T) {
	tn := newTenant(t, "pl")
	db := dbtest.DB(t)
	session := signedInSession(t, tn.BuyerEmail)
	n := event.NewNotifier(db)
	srv, err := New(Config{PublicURL: testOrigin}, db, n)
	if err != nil {
		t.Fatal(err)
	}
	d := event.NewDispatcher(db, n)
	ready := make(chan struct{})
	d.Add(srv.LiveConsumer(ready))
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	// Where the browser got to before the instance it used went away.
	var pos struct {
		TxID int64 `bun:"txid"`
		ID   int64 `bun:"id"`
	}
	dbtest.Scan(t, db, &pos, "SELECT txid, id FROM events ORDER BY txid DESC, id DESC LIMIT 1")
	type dialed struct {
		ws  *websocket.Conn
		err error
	}
	got := make(chan dialed, 1)
	go func() {
		ws, _, err := dialLive(t, &instance{http: hs}, session, testOrigin, fmt.Sprintf("?products=&cursor=%d.%d", pos.TxID, pos.ID))
		got <- dialed{ws, err}
	}()
	// The browser is connecting (its handshake waits); the ERP changes the
	// order meanwhile; then the instance's dispatcher starts. (Were the
	// handshake not to wait, give its replay the time to run first, so that
	// this test catches it; the outcome asserted does not depend on timing.)
	var dl dialed
	select {
	case dl = <-got:
		time.Sleep(300 * time.Millisecond)
	case <-time.After(300 * time.Millisecond):
	}
	api := &apiClient{t: t, h: srv.Handler(), lang: "pl"}
	api.token = newAPIClient(t, &testPortal{t: t, h: srv.Handler()}).token
	if res := api.call("POST", "/api/v1/orders/"+fmt.Sprint(tn.OrderNumber)+"/status", map[string]any{"status": "confirmed"}); res.Status != http.StatusOK {
		t.Fatalf("status change: %d %s", res.Status, res.Body)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	if dl.ws == nil && dl.err == nil {
		dl = <-got
	}
	if dl.err != nil {
		t.Fatal(dl.err)
	}
	defer dl.ws.Close()
	waitFor(t, dl.ws, func(m received) bool {
		return m.Kind == "order.status" && contains(m.Keys, "order:"+fmt.Sprint(tn.OrderNumber))
	})
}
