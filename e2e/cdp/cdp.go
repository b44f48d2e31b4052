// Package cdp drives Debian's headless Chromium over the DevTools protocol
// for browser tests: a small client of our own (commands in, results out),
// pages in isolated browser contexts (their own cookies), JavaScript
// evaluation, waiting for a condition, file inputs and screenshots.
package cdp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
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
)

// Find returns Chromium's path. Without it the test is skipped on a
// developer's machine and fails in CI (CI=true), which installs it.
func Find(t testing.TB) string {
	t.Helper()
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

// Browser is one headless Chromium process.
type Browser struct {
	ws     *websocket.Conn
	mu     sync.Mutex
	nextID int
}

// Start launches Chromium with the given UI language; it ends with the test.
func Start(t testing.TB, lang string) *Browser {
	t.Helper()
	bin := Find(t)
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
	return &Browser{ws: ws}
}

// call sends a command (to a page's session when session is set) and waits
// for its result; events in between are skipped.
func (b *Browser) call(session, method string, params any, result any) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	id := b.nextID
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	if err := b.ws.WriteJSON(msg); err != nil {
		return err
	}
	b.ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		var reply struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := b.ws.ReadJSON(&reply); err != nil {
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

// Page is one tab in a browser context of its own (its own cookies, as a
// second person at another computer).
type Page struct {
	b       *Browser
	session string
}

// NewPage opens a tab in a new browser context.
func (b *Browser) NewPage(t testing.TB) *Page {
	t.Helper()
	var bc struct {
		BrowserContextID string `json:"browserContextId"`
	}
	if err := b.call("", "Target.createBrowserContext", map[string]any{}, &bc); err != nil {
		t.Fatal(err)
	}
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank", "browserContextId": bc.BrowserContextID}, &target); err != nil {
		t.Fatal(err)
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		t.Fatal(err)
	}
	p := &Page{b: b, session: att.SessionID}
	for _, m := range []string{"Page.enable", "Runtime.enable", "DOM.enable"} {
		if err := b.call(p.session, m, map[string]any{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// Eval runs JavaScript in the page and returns its value as a string.
func (p *Page) Eval(t testing.TB, js string) string {
	t.Helper()
	v, err := p.eval(js)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// errNavigating: the page went away while the JavaScript ran (a link was
// followed, a form submitted); the next page may answer.
var errNavigating = errors.New("cdp: the page navigated while evaluating")

func (p *Page) eval(js string) (string, error) {
	var res struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := p.b.call(p.session, "Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true, "awaitPromise": true}, &res); err != nil {
		if msg := err.Error(); strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "context was destroyed") {
			return "", fmt.Errorf("%w: %v", errNavigating, err)
		}
		return "", err
	}
	if e := res.ExceptionDetails; e != nil {
		return "", fmt.Errorf("javascript failed: %s %s\n%s", e.Text, e.Exception.Description, js)
	}
	return fmt.Sprint(res.Result.Value), nil
}

// Until waits for a JavaScript condition. A page that navigates while it is
// asked is asked again. The timeout only stops a broken test from hanging
// and asserts nothing about speed; on it, a screenshot is kept and the
// page's text shown.
func (p *Page) Until(t testing.TB, js, what string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		v, err := p.eval(js)
		if err != nil && !errors.Is(err, errNavigating) {
			t.Fatal(err)
		}
		if v == "true" {
			return
		}
		if time.Now().After(deadline) {
			shot := p.Screenshot(t, "timeout")
			t.Fatalf("waited for %s; screenshot kept in %s; page text:\n%s", what, shot, p.Eval(t, "document.body.innerText"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Navigate loads a URL and waits until it is loaded.
func (p *Page) Navigate(t testing.TB, url string) {
	t.Helper()
	if err := p.b.call(p.session, "Page.navigate", map[string]any{"url": url}, nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	p.Until(t, `document.readyState === "complete" && location.href === `+JS(url), "page "+url)
}

// SetFiles puts files into the file input matched by selector.
func (p *Page) SetFiles(t testing.TB, selector string, paths ...string) {
	t.Helper()
	var doc struct {
		Root struct {
			NodeID int `json:"nodeId"`
		} `json:"root"`
	}
	if err := p.b.call(p.session, "DOM.getDocument", map[string]any{}, &doc); err != nil {
		t.Fatal(err)
	}
	var node struct {
		NodeID int `json:"nodeId"`
	}
	if err := p.b.call(p.session, "DOM.querySelector", map[string]any{"nodeId": doc.Root.NodeID, "selector": selector}, &node); err != nil || node.NodeID == 0 {
		t.Fatalf("no element %s: %v", selector, err)
	}
	if err := p.b.call(p.session, "DOM.setFileInputFiles", map[string]any{"nodeId": node.NodeID, "files": paths}, nil); err != nil {
		t.Fatal(err)
	}
}

// Screenshot saves the page as PNG under $E2E_SCREENSHOTS (or the temporary
// directory) and returns the path.
func (p *Page) Screenshot(t testing.TB, suffix string) string {
	var res struct {
		Data []byte `json:"data"`
	}
	if err := p.b.call(p.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &res); err != nil {
		return "(no screenshot: " + err.Error() + ")"
	}
	dir := os.Getenv("E2E_SCREENSHOTS")
	if dir == "" {
		dir = os.TempDir()
	}
	os.MkdirAll(dir, 0o755)
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	if suffix != "" {
		name += "-" + suffix
	}
	path := filepath.Join(dir, name+".png")
	os.WriteFile(path, res.Data, 0o644)
	return path
}

// JS quotes a string for JavaScript.
func JS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
