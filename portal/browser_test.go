package portal

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
	"partnerdesk/e2e/cdp"
)

// The browser tests drive Debian's Chromium with partnerdesk/e2e/cdp.

// startPublicInstance runs the portal on a real port whose address is its
// PUBLIC_URL, so the browser's Origin is the portal's own.
func startPublicInstance(t *testing.T) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	public := "http://" + ln.Addr().String()
	db := dbtest.DB(t)
	n := event.NewNotifier(db)
	srv, err := New(Config{PublicURL: public}, db, n)
	if err != nil {
		t.Fatal(err)
	}
	d := event.NewDispatcher(db, n)
	ready := make(chan struct{})
	d.Add(srv.LiveConsumer(ready))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { n.Run(ctx) })
	wg.Go(func() { d.Run(ctx) })
	<-ready
	hs := httptest.NewUnstartedServer(srv.Handler())
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	t.Cleanup(func() { hs.Close(); cancel(); wg.Wait() })
	return srv, public
}

// The customer watches an order page; the ERP confirms and ships the order;
// the page shows the new status without being reloaded.
func TestBrowserSeesOrderStatusChangeLive(t *testing.T) {
	tn := newTenant(t, "pl")
	srv, base := startPublicInstance(t)
	b := cdp.Start(t, "pl").NewPage(t)

	b.Navigate(t, base+"/signin")
	b.Eval(t, `document.querySelector("#email").value = `+cdp.JS(tn.BuyerEmail)+`;
		document.querySelector("#password").value = `+cdp.JS(testPassword)+`;
		document.querySelector("form.form").submit(); true`)
	b.Until(t, `location.pathname === "/" && document.readyState === "complete"`, "the dashboard after sign-in")

	orderURL := fmt.Sprintf("%s/orders/%d", base, tn.OrderNumber)
	b.Navigate(t, orderURL)
	b.Until(t, `document.querySelector("#live-order-status").innerText.includes("Przyjęte")`, "the order page")
	b.Until(t, `document.querySelector("[data-live-indicator]").innerText === "Na żywo"`, "the live connection")
	b.Eval(t, `window.__marker = "same page"; true`)

	api := &apiClient{t: t, h: srv.Handler(), lang: "pl"}
	api.token = newAPIClient(t, &testPortal{t: t, h: srv.Handler()}).token
	n := fmt.Sprint(tn.OrderNumber)
	if res := api.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "shipped"}); res.Status != http.StatusOK {
		t.Fatalf("status change: %d %s", res.Status, res.Body)
	}
	b.Until(t, `document.querySelector("#live-order-status").innerText.includes("Wysłane")`, "the new status on the page")
	b.Until(t, `document.querySelector("[data-toasts]").innerText.includes("Zamówienie `+n+`")`, "the toast")
	if b.Eval(t, `window.__marker`) != "same page" {
		t.Fatal("the page was reloaded")
	}
	if !strings.Contains(b.Eval(t, `document.querySelector("#live-timeline").innerText`), "Wysłane") {
		t.Fatal("the timeline did not update")
	}
}
