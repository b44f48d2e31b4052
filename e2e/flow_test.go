//go:build e2e

// Package e2e walks through the product in a real browser (Debian's
// Chromium) against a running `partnerdesk serve` on a fresh demo database:
// `make e2e` starts both and runs these tests. E2E_URL is the portal (also
// its PUBLIC_URL), DATABASE_URL its database (for an API key and checks).
// On a failure the page is kept as a screenshot under E2E_SCREENSHOTS.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"partnerdesk/domain"
	"partnerdesk/domain/apikey"
	"partnerdesk/e2e/cdp"
)

const password = "demo-partner-2026"

type env struct {
	base string
	key  string // an ERP API key
	dir  string // files to upload
}

func setup(t *testing.T) *env {
	t.Helper()
	base, dsn := os.Getenv("E2E_URL"), os.Getenv("DATABASE_URL")
	if base == "" || dsn == "" {
		t.Skip("E2E_URL and DATABASE_URL not set: run `make e2e`")
	}
	db, err := domain.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, token, err := apikey.Create(context.Background(), db, fmt.Sprintf("e2e %s", t.Name()), apikey.AllScopes)
	if err != nil {
		t.Fatal(err)
	}
	return &env{base: strings.TrimRight(base, "/"), key: token, dir: t.TempDir()}
}

// api calls the ERP API as the distributor's system would.
func (e *env) api(t *testing.T, method, path string, body any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, e.base+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+e.key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		var msg bytes.Buffer
		msg.ReadFrom(res.Body)
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, msg.String())
	}
}

// user is one person at a browser tab of their own.
type user struct {
	*cdp.Page
	t    *testing.T
	base string
}

func (e *env) signIn(t *testing.T, b *cdp.Browser, email string) *user {
	t.Helper()
	u := &user{Page: b.NewPage(t), t: t, base: e.base}
	u.Navigate(t, e.base+"/signin")
	u.Eval(t, `document.querySelector("#email").value = `+cdp.JS(email)+`;
		document.querySelector("#password").value = `+cdp.JS(password)+`;
		document.querySelector("#password").form.submit(); true`)
	u.Until(t, `location.pathname === "/" && document.readyState === "complete"`, "the start page after signing in as "+email)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screenshot of %s: %s", email, u.Screenshot(t, strings.SplitN(email, "@", 2)[0]))
		}
	})
	return u
}

// submit submits the form of the element matched by selector (through its
// submit button when given, so that the button's name and value are sent),
// then waits for the next page.
func (u *user) submit(selector string) {
	u.t.Helper()
	u.Eval(u.t, `window.__before = location.href + "#" + performance.timeOrigin; true`)
	u.Eval(u.t, `(function () { var el = document.querySelector(`+cdp.JS(selector)+`);
		if (el.tagName === "BUTTON" || el.type === "submit") { el.click(); } else { el.form.requestSubmit(); } return true; })()`)
	u.Until(u.t, `window.__before === undefined && document.readyState === "complete"`, "the page after submitting "+selector)
}

func (u *user) text(selector string) string {
	u.t.Helper()
	return u.Eval(u.t, `(document.querySelector(`+cdp.JS(selector)+`) || {innerText: ""}).innerText`)
}

func (u *user) sees(what string) {
	u.t.Helper()
	u.Until(u.t, `document.body.innerText.includes(`+cdp.JS(what)+`)`, "“"+what+"” on the page")
}

func writePNG(t *testing.T, path string) {
	img := image.NewRGBA(image.Rect(0, 0, 120, 90))
	for x := range 120 {
		for y := range 90 {
			img.Set(x, y, color.RGBA{uint8(x * 2), uint8(y * 2), 140, 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// A buyer's day: sign in, switch language, search with a typo, quick order,
// an order file, checkout, the order's status changing live after an ERP
// call, the bot in the chat panel, a complaint with a photo; then the bot
// hands the chat to the account manager, who takes it and answers, and the
// answer appears in the buyer's chat.
func TestBuyerAndManagerInTheBrowser(t *testing.T) {
	e := setup(t)
	b := cdp.Start(t, "pl")
	buyer := e.signIn(t, b, "karolina.wisniewska@elektro-mont.example")

	t.Run("language", func(t *testing.T) {
		buyer.t = t
		buyer.submit(`form.langswitch button[value="fi"]`)
		buyer.sees("Tuotteet")
		buyer.submit(`form.langswitch button[value="pl"]`)
		buyer.sees("Katalog")
	})

	t.Run("search with a typo", func(t *testing.T) {
		buyer.t = t
		buyer.Navigate(t, e.base+"/catalog")
		buyer.Eval(t, `document.querySelector("#q").value = "kabl hdmi"; true`)
		buyer.submit("#q")
		buyer.sees("Kabel HDMI")
	})

	t.Run("quick order", func(t *testing.T) {
		buyer.t = t
		buyer.Navigate(t, e.base+"/quick-order")
		buyer.Eval(t, `document.querySelector("#sku-0").value = "HDMI-20-2M-EL"; document.querySelector("#qty-0").value = "5"; true`)
		buyer.submit(`form.quick button[type=submit]`)
		buyer.Until(t, `location.pathname === "/cart"`, "the cart")
		buyer.sees("Kabel HDMI 2 m")
	})

	t.Run("order file", func(t *testing.T) {
		buyer.t = t
		csv := filepath.Join(e.dir, "zamowienie.csv")
		os.WriteFile(csv, []byte("indeks;ilość\nHDMI-20-2M-LK;3\nNIE-MA-TAKIEGO;1\n"), 0o644)
		buyer.Navigate(t, e.base+"/upload")
		buyer.SetFiles(t, "#file", csv)
		buyer.submit(`form[action="/upload"] button[type=submit]`)
		buyer.sees("NIE-MA-TAKIEGO")
		buyer.submit(`form[action="/cart/add-many"] button[type=submit]`)
		buyer.Until(t, `location.pathname === "/cart"`, "the cart after the file")
		buyer.sees("Linkora")
	})

	var number string
	t.Run("checkout", func(t *testing.T) {
		buyer.t = t
		buyer.Navigate(t, e.base+"/checkout")
		buyer.Eval(t, `document.querySelector("#po").value = "E2E-PO-1"; true`)
		buyer.submit(`#checkout button.btn-primary[type=submit]`)
		buyer.Until(t, `/^\/orders\/\d+$/.test(location.pathname)`, "the new order's page")
		buyer.sees("Dziękujemy! Zamówienie zostało przyjęte.")
		number = buyer.Eval(t, `location.pathname.split("/").pop()`)
	})

	t.Run("status changes live", func(t *testing.T) {
		buyer.t = t
		buyer.Until(t, `document.querySelector("[data-live-indicator]").innerText === "Na żywo"`, "the live connection")
		buyer.Eval(t, `window.__marker = "same page"; true`)
		e.api(t, "POST", "/api/v1/orders/"+number+"/status", map[string]any{"status": "confirmed"})
		buyer.Until(t, `document.querySelector("#live-order-status").innerText.includes("Potwierdzone")`, "the confirmed status without a reload")
		if buyer.Eval(t, `window.__marker`) != "same page" {
			t.Fatal("the page was reloaded")
		}
	})

	t.Run("bot in the chat panel", func(t *testing.T) {
		buyer.t = t
		buyer.Navigate(t, e.base+"/")
		buyer.Eval(t, `document.querySelector(".chat-fab").click(); true`)
		buyer.Until(t, `!document.querySelector("[data-chat-drawer]").hidden`, "the chat drawer")
		buyer.Eval(t, `document.querySelector("#drawer-text").value = "macie kabel HDMI 2m?";
			document.querySelector("[data-chat-form]").requestSubmit(); true`)
		buyer.Until(t, `document.querySelector("[data-chat-drawer]").innerText.includes("zł netto")`, "the bot's stock answer")
	})

	t.Run("complaint with a photo", func(t *testing.T) {
		buyer.t = t
		for _, st := range []string{"picking", "shipped"} {
			e.api(t, "POST", "/api/v1/orders/"+number+"/status", map[string]any{"status": st})
		}
		photo := filepath.Join(e.dir, "zdjecie.png")
		writePNG(t, photo)
		buyer.Navigate(t, e.base+"/complaints/new?order="+number)
		buyer.Until(t, `document.querySelector("#line") !== null`, "the complaint form")
		buyer.Eval(t, `var s = document.querySelector("#line"); s.value = s.options[s.options.length - 1].value;
			document.querySelector("#qty").value = "1";
			document.querySelector("#reason").value = "damaged";
			document.querySelector("#description").value = "Kabel przyszedł z pękniętą wtyczką."; true`)
		buyer.SetFiles(t, "#photos", photo)
		buyer.submit(`form.complaint-form button[type=submit]`)
		buyer.Until(t, `/^\/complaints\/\d+$/.test(location.pathname)`, "the complaint's page")
		buyer.sees("Kabel przyszedł z pękniętą wtyczką.")
		buyer.Until(t, `Array.from(document.images).some(function (i) { return i.src.includes("/photos/") && i.complete && i.naturalWidth === 120; })`, "the photo")
	})

	t.Run("manager takes the handoff and answers", func(t *testing.T) {
		buyer.t = t
		buyer.Navigate(t, e.base+"/")
		buyer.Eval(t, `document.querySelector(".chat-fab").click(); true`)
		buyer.Until(t, `document.querySelector("[data-chat-body] ol") !== null`, "the chat history")
		buyer.Eval(t, `document.querySelector("#drawer-text").value = "chcę porozmawiać z opiekunem";
			document.querySelector("[data-chat-form]").requestSubmit(); true`)
		buyer.Until(t, `document.querySelector("[data-chat-drawer]").innerText.includes("Anna Kowalczyk odpowie")`, "the handoff answer")

		manager := e.signIn(t, b, "anna.kowalczyk@voltmarket.example")
		manager.Navigate(t, e.base+"/desk/handoffs")
		manager.sees("Elektro-Mont")
		manager.Eval(t, `document.querySelector('#live-handoffs a[href^="/desk/handoffs/"]').click(); true`)
		manager.Until(t, `document.querySelector("#reply-text") !== null`, "the handoff page")
		manager.sees("chcę porozmawiać z opiekunem")
		manager.submit(`form[action$="/take"] button`)
		manager.Eval(t, `document.querySelector("#reply-text").value = "Dzień dobry, tu Anna. W czym mogę pomóc?"; true`)
		manager.submit(`#reply button[type=submit]`)
		buyer.Until(t, `document.querySelector("[data-chat-drawer]").innerText.includes("Dzień dobry, tu Anna. W czym mogę pomóc?")`,
			"the manager's answer in the buyer's chat, live")
	})
}
