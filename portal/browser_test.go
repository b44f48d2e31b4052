package portal

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
)

// A real browser: Debian's Chromium, driven over the DevTools protocol with a
// small client of our own. Without Chromium the test is skipped on a
// developer's machine and fails in CI (CI=true), which installs it.
func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (apt-get install chromium)")
	}
	t.Skip("chromium not installed")
	return ""
}

// cdp is a minimal DevTools protocol client: commands in, results out.
type cdp struct {
	ws      *websocket.Conn
	mu      sync.Mutex
	nextID  int
	session string
}

func (c *cdp) call(method string, params any, result any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	id := c.nextID
	msg := map[string]any{"id": id, "method": method, "params": params}
	if c.session != "" && !strings.HasPrefix(method, "Target.") {
		msg["sessionId"] = c.session
	}
	if err := c.ws.WriteJSON(msg); err != nil {
		return err
	}
	c.ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		var reply struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := c.ws.ReadJSON(&reply); err != nil {
			return err
		}
		if reply.ID != id {
			continue // an event
		}
		if reply.Error != nil {
			return fmt.Errorf("%s: %s", method, reply.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(reply.Result, result)
		}
		return nil
	}
}

// eval runs JavaScript in the page and returns its value as a string.
func (c *cdp) eval(t *testing.T, js string) string {
	t.Helper()
	var res struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
	}
	if err := c.call("Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true, "awaitPromise": true}, &res); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(res.Result.Value)
}

// until waits for a JavaScript condition; the timeout only stops a broken
// test from hanging and asserts nothing about speed.
func (c *cdp) until(t *testing.T, js, what string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for c.eval(t, js) != "true" {
		if time.Now().After(deadline) {
			shot := c.screenshot(t)
			t.Fatalf("waited for %s; screenshot kept in %s; page text:\n%s", what, shot, c.eval(t, "document.body.innerText"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (c *cdp) navigate(t *testing.T, url string) {
	t.Helper()
	if err := c.call("Page.navigate", map[string]any{"url": url}, nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	c.until(t, `document.readyState === "complete" && location.href === `+jsString(url), "page "+url)
}

func (c *cdp) screenshot(t *testing.T) string {
	var res struct {
		Data []byte `json:"data"`
	}
	if err := c.call("Page.captureScreenshot", map[string]any{"format": "png"}, &res); err != nil {
		return "(no screenshot: " + err.Error() + ")"
	}
	dir := os.Getenv("E2E_SCREENSHOTS")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".png")
	os.WriteFile(path, res.Data, 0o644)
	return path
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// startBrowser launches headless Chromium and opens one page.
func startBrowser(t *testing.T, lang string) *cdp {
	t.Helper()
	bin := findChromium(t)
	profile, err := os.MkdirTemp("", "pd-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--lang="+lang,
		"--user-data-dir="+profile, "--remote-debugging-port=0", "--window-size=1280,900", "about:blank")
	// Its own process group, so that its helper processes end with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
		os.RemoveAll(profile)
	})
	wsURL := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				wsURL <- m[1]
			}
		}
	}()
	var u string
	select {
	case u = <-wsURL:
	case <-time.After(60 * time.Second):
		t.Fatal("chromium did not start")
	}
	ws, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	c := &cdp{ws: ws}
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := c.call("Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatal(err)
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.call("Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		t.Fatal(err)
	}
	c.session = att.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable"} {
		if err := c.call(m, map[string]any{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

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
	b := startBrowser(t, "pl")

	b.navigate(t, base+"/signin")
	b.eval(t, `document.querySelector("#email").value = `+jsString(tn.BuyerEmail)+`;
		document.querySelector("#password").value = `+jsString(testPassword)+`;
		document.querySelector("form.form").submit(); true`)
	b.until(t, `location.pathname === "/" && document.readyState === "complete"`, "the dashboard after sign-in")

	orderURL := fmt.Sprintf("%s/orders/%d", base, tn.OrderNumber)
	b.navigate(t, orderURL)
	b.until(t, `document.querySelector("#live-order-status").innerText.includes("Przyjęte")`, "the order page")
	b.until(t, `document.querySelector("[data-live-indicator]").innerText === "Na żywo"`, "the live connection")
	b.eval(t, `window.__marker = "same page"; true`)

	api := &apiClient{t: t, h: srv.Handler(), lang: "pl"}
	api.token = newAPIClient(t, &testPortal{t: t, h: srv.Handler()}).token
	n := fmt.Sprint(tn.OrderNumber)
	if res := api.call("POST", "/api/v1/orders/"+n+"/status", map[string]any{"status": "shipped"}); res.Status != http.StatusOK {
		t.Fatalf("status change: %d %s", res.Status, res.Body)
	}
	b.until(t, `document.querySelector("#live-order-status").innerText.includes("Wysłane")`, "the new status on the page")
	b.until(t, `document.querySelector("[data-toasts]").innerText.includes("Zamówienie `+n+`")`, "the toast")
	if b.eval(t, `window.__marker`) != "same page" {
		t.Fatal("the page was reloaded")
	}
	if !strings.Contains(b.eval(t, `document.querySelector("#live-timeline").innerText`), "Wysłane") {
		t.Fatal("the timeline did not update")
	}
}
