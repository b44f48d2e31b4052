package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"partnerdesk/domain/account"
	"partnerdesk/domain/dbtest"
)

// cachedPortal is one portal instance that keeps sessions in memory (as
// serve does), with a browser per user over it.
type cachedPortal struct {
	srv      *Server
	visitors *account.Visitors
}

func newCachedPortal(t *testing.T, cfg Config) *cachedPortal {
	t.Helper()
	v := account.NewVisitors()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { v.Run(ctx, dbtest.DB(t)); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	for deadline := time.Now().Add(10 * time.Second); !v.Live(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the visitor cache did not start listening")
		}
	}
	cfg.PublicURL, cfg.DistributorName, cfg.Visitors = testOrigin, "Voltmarket Hurt", v
	srv, err := New(cfg, dbtest.DB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return &cachedPortal{srv: srv, visitors: v}
}

func (c *cachedPortal) browser(t *testing.T, email string) *testPortal {
	jar, _ := cookiejar.New(nil)
	p := &testPortal{t: t, srv: c.srv, h: c.srv.Handler(), jar: jar}
	p.signIn(email)
	return p
}

// sync waits until every change committed so far has reached the cache.
func (c *cachedPortal) sync(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.visitors.Sync(ctx, dbtest.DB(t)); err != nil {
		t.Fatal(err)
	}
}

// With sessions kept in memory, what users see still follows every change:
// the user's own (language, sign-out), a colleague's (the owner's rights
// and deactivation: a form of this instance), and one made elsewhere (the
// database, another instance), once its notification has arrived.
func TestKeptSessionsFollowEveryChange(t *testing.T) {
	tn := newTenant(t, "pl")
	cp := newCachedPortal(t, Config{})
	buyer := cp.browser(t, tn.BuyerEmail)
	owner := cp.browser(t, tn.OwnerEmail)
	// The sign-ins' own notifications are in: none can make the cache
	// discard the next read as possibly overtaken.
	cp.sync(t)

	mustContain(t, buyer.get("/orders", "").Body, `<html lang="pl"`)
	if res := buyer.get("/invoices", ""); res.Status != http.StatusForbidden {
		t.Fatalf("buyer without invoice access: %d", res.Status)
	}

	// A change that announces nothing (triggers off on this connection)
	// is not seen: the page came from memory, not from the database.
	ctx := context.Background()
	conn, err := dbtest.DB(t).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"SET session_replication_role = replica", fmt.Sprintf("UPDATE users SET language = 'fi' WHERE id = %d", tn.Buyer),
		"SET session_replication_role = DEFAULT"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	mustContain(t, buyer.get("/orders", "").Body, `<html lang="pl"`)

	// The same change announced: seen once its notification is in.
	dbtest.Exec(t, dbtest.DB(t), "UPDATE users SET language = 'ru' WHERE id = ?", tn.Buyer)
	cp.sync(t)
	mustContain(t, buyer.get("/orders", "").Body, `<html lang="ru"`, "Заказы")

	// The user's own change: the next page, at once.
	buyer.post("/language", url.Values{"lang": {"fi"}, "next": {"/orders"}})
	mustContain(t, buyer.get("/orders", "").Body, `<html lang="fi"`)

	// The owner's changes to the buyer: from the buyer's next request.
	owner.post(fmt.Sprintf("/users/%d", tn.Buyer), url.Values{"role": {"buyer"}, "active": {"1"}, "invoices": {"1"}})
	if res := buyer.get("/invoices", ""); res.Status != http.StatusOK {
		t.Errorf("buyer allowed invoices: %d", res.Status)
	}
	owner.post(fmt.Sprintf("/users/%d", tn.Buyer), url.Values{"role": {"buyer"}, "invoices": {"1"}})
	if res := buyer.get("/orders", ""); res.Status != http.StatusSeeOther {
		t.Errorf("deactivated buyer still signed in: %d", res.Status)
	}

	// Signing out ends the session at once, also for a copy of its cookie.
	stolen := owner.cookie(sessionCookie)
	owner.get("/orders", "")
	owner.post("/signout", url.Values{})
	thief := &testPortal{t: t, srv: cp.srv, h: owner.h}
	thief.jar, _ = cookiejar.New(nil)
	thief.plant(sessionCookie, stolen)
	if res := thief.get("/orders", ""); res.Status != http.StatusSeeOther {
		t.Errorf("signed-out session still works: %d", res.Status)
	}

	// A company blocked elsewhere (the ERP, another instance): its users'
	// pages say so once the notification is in.
	acc := cp.browser(t, tn.AccountantEmail)
	acc.get("/orders", "")
	dbtest.Exec(t, dbtest.DB(t), "UPDATE companies SET status = 'pending' WHERE id = ?", tn.CompanyID)
	cp.sync(t)
	if res := acc.get("/orders", ""); res.Status == http.StatusOK {
		t.Errorf("user of a company no longer active still sees its orders: %d", res.Status)
	}
}

// Order pages wait for their turn when as many run as allowed; the
// catalogue does not wait behind them, and a browser that gives up leaves
// the queue without its page running.
func TestOrderPagesWaitTheirTurnCatalogueDoesNot(t *testing.T) {
	tn := newTenant(t, "pl")
	srv, err := New(Config{PublicURL: testOrigin, OrderPagesAtOnce: 1}, dbtest.DB(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	p := &testPortal{t: t, srv: srv, h: srv.Handler(), jar: jar}
	p.signIn(tn.BuyerEmail)
	if !orderPages["GET /cart"] || !orderPages["POST /checkout"] || orderPages["GET /catalog"] {
		t.Fatal("the order pages are not the order flow")
	}

	srv.orderTurns <- struct{}{} // an order page is running
	if res := p.get("/catalog?q="+url.QueryEscape(tn.ProductSKU), ""); res.Status != http.StatusOK {
		t.Fatalf("catalogue while checkouts run: %d", res.Status)
	}
	ran := false
	page := srv.inTurn(func(http.ResponseWriter, *http.Request) { ran = true })
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the browser gave up while waiting
	page(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, testOrigin+"/cart", nil).WithContext(ctx))
	if ran {
		t.Fatal("an order page ran out of turn")
	}
	<-srv.orderTurns // its turn is over
	page(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, testOrigin+"/cart", nil))
	if !ran {
		t.Fatal("an order page did not run in its turn")
	}
	if res := p.get("/cart", ""); res.Status != http.StatusOK {
		t.Fatalf("cart in turn: %d", res.Status)
	}
}
