package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"partnerdesk/domain"
)

// browser is one signed-in customer: a cookie jar, the pages it visits and
// the forms it posts, as a person at a browser would, with pauses between.
type browser struct {
	run    *runner
	buyer  bool // takes -order-rate's arrivals, clicking without pauses
	cust   *lgCustomer
	jar    *cookiejar.Jar
	client *http.Client
	rnd    *rand.Rand
	cart   map[int64]bool // products this browser put in its cart
	live   []*liveClient
}

func (r *runner) newBrowser(c *lgCustomer, seed uint64) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{run: r, cust: c, jar: jar, rnd: rand.New(rand.NewPCG(seed, 7)), cart: map[int64]bool{},
		client: &http.Client{Jar: jar, Transport: r.transport, Timeout: r.cfg.timeout,
			// A browser follows redirects; here each request is measured by
			// itself and the page it leads to is asked for as its own action.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is an answer as the browser received it.
type page struct {
	status   int
	body     string
	location string
	flash    string // the pd_flash cookie set by the answer, e.g. "error:cart_full"
}

// do sends one request and records it under action. want is the status that
// counts as success; anything else is recorded as an error by status.
func (b *browser) do(action, method, path string, form url.Values, want int) (page, bool) {
	var body io.Reader
	if form != nil {
		if form.Get("csrf") == "" {
			form.Set("csrf", b.cookie("pd_csrf"))
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.run.base.String()+path, body)
	if err != nil {
		b.run.rec.done(action, 0, "bad-request")
		return page{}, false
	}
	req.Header.Set("Accept-Language", b.cust.Company.Language)
	req.Header.Set("User-Agent", "partnerdesk-loadgen")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.run.origin)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	start := time.Now()
	res, err := b.client.Do(req)
	if err != nil {
		b.run.rec.done(action, 0, netErrKey(err))
		return page{}, false
	}
	data, err := io.ReadAll(res.Body)
	res.Body.Close()
	elapsed := time.Since(start)
	if err != nil {
		b.run.rec.done(action, 0, netErrKey(err))
		return page{}, false
	}
	p := page{status: res.StatusCode, body: string(data), location: res.Header.Get("Location")}
	for _, c := range res.Cookies() {
		if c.Name == "pd_flash" {
			p.flash, _ = url.QueryUnescape(c.Value)
		}
	}
	errKey := ""
	switch {
	case p.status == http.StatusSeeOther && strings.HasPrefix(p.location, "/signin") && want != http.StatusSeeOther:
		errKey = "signed-out"
	case p.status != want:
		errKey = strconv.Itoa(p.status)
	case strings.HasPrefix(p.flash, "error:"):
		errKey = "flash:" + strings.TrimPrefix(p.flash, "error:")
	}
	b.run.rec.done(action, elapsed, errKey)
	return p, errKey == ""
}

func netErrKey(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() {
		return "timeout"
	}
	return "net"
}

func (b *browser) cookie(name string) string {
	for _, c := range b.jar.Cookies(b.run.base) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// signIn does what a person does: open the sign-in page (which sets the form
// token cookie), then post e-mail and password with that token.
func (b *browser) signIn() error {
	if _, ok := b.do("signin:form", http.MethodGet, "/signin", nil, http.StatusOK); !ok {
		return errors.New("sign-in page did not load")
	}
	p, ok := b.do("signin", http.MethodPost, "/signin", url.Values{"email": {b.cust.Email}, "password": {b.run.cfg.password},
		"next": {"/"}}, http.StatusSeeOther)
	if !ok || b.cookie("pd_session") == "" {
		return fmt.Errorf("sign-in of %s answered %d", b.cust.Email, p.status)
	}
	return nil
}

// think pauses like a person reading a page: exponentially distributed around
// the mean, at most ten means. It reports false when the run is over.
func (b *browser) think(ctx context.Context) bool {
	mean := b.run.cfg.think
	if mean <= 0 || b.buyer {
		return ctx.Err() == nil
	}
	return domain.Sleep(ctx, time.Duration(math.Min(b.rnd.ExpFloat64(), 10)*float64(mean)))
}

// loop runs activities picked by the mix until ctx ends; a buyer places an
// order at each arrival it takes instead.
func (b *browser) loop(ctx context.Context, arrivals <-chan struct{}) {
	if b.buyer {
		for {
			select {
			case <-ctx.Done():
				return
			case <-arrivals:
				b.order(ctx)
			}
		}
	}
	for b.think(ctx) {
		act := b.run.cfg.mix.pick(b.rnd)
		if act == "order" && b.run.cfg.orderRate > 0 {
			continue // orders come from the arrivals
		}
		switch act {
		case "browse":
			b.browse(ctx)
		case "search":
			b.search(ctx)
		case "order":
			b.order(ctx)
		case "account":
			b.account(ctx)
		}
	}
}

func (b *browser) browse(ctx context.Context) {
	w := b.run.world
	path := "/catalog"
	if len(w.categories) > 0 {
		path += "?category=" + strconv.FormatInt(w.categories[b.rnd.IntN(len(w.categories))], 10)
	}
	first, ok := b.do("browse", http.MethodGet, path, nil, http.StatusOK)
	if !ok {
		return
	}
	// Now and then on to the second page, where the list has one.
	if strings.Contains(path, "?") && strings.Contains(first.body, "page=2") && b.rnd.IntN(5) == 0 && b.think(ctx) {
		b.do("browse", http.MethodGet, path+"&page=2", nil, http.StatusOK)
	}
	for n := 1 + b.rnd.IntN(3); n > 0 && b.think(ctx); n-- {
		p := w.products[b.rnd.IntN(len(w.products))]
		b.do("product", http.MethodGet, "/products/"+url.PathEscape(p.SKU), nil, http.StatusOK)
	}
}

func (b *browser) search(ctx context.Context) {
	lang := b.cust.Company.Language
	if b.rnd.IntN(5) == 0 { // now and then in another language
		lang = []string{"pl", "ru", "fi"}[b.rnd.IntN(3)]
	}
	q := b.run.terms.pick(b.rnd, lang)
	if _, ok := b.do("search", http.MethodGet, "/catalog?q="+url.QueryEscape(q), nil, http.StatusOK); !ok {
		return
	}
	if b.rnd.IntN(2) == 0 && b.think(ctx) {
		p := b.run.world.products[b.rnd.IntN(len(b.run.world.products))]
		b.do("product", http.MethodGet, "/products/"+url.PathEscape(p.SKU), nil, http.StatusOK)
	}
}

func (b *browser) account(ctx context.Context) {
	if _, ok := b.do("dashboard", http.MethodGet, "/", nil, http.StatusOK); ok && b.think(ctx) {
		b.do("orders", http.MethodGet, "/orders", nil, http.StatusOK)
	}
}

var (
	formKeyRe  = regexp.MustCompile(`name="key" value="([^"]+)"`)
	addressRe  = regexp.MustCompile(`(?s)name="delivery_address"[^>]*>(.*?)</textarea>`)
	orderURLRe = regexp.MustCompile(`^/orders/([0-9]+)$`)
)

// order puts one to -lines products in the cart, looks at the cart, opens the
// checkout and places the order; now and then the buyer clicks twice.
func (b *browser) order(ctx context.Context) {
	w := b.run.world
	n := 1 + b.rnd.IntN(b.run.cfg.lines)
	for i := 0; i < n; i++ {
		if i > 0 && !b.think(ctx) {
			return
		}
		p := w.orderable[b.rnd.IntN(len(w.orderable))]
		qty := p.MinQty * (1 + b.rnd.IntN(3))
		if _, ok := b.do("cart:add", http.MethodPost, "/cart/add", url.Values{"product": {strconv.FormatInt(p.ID, 10)},
			"qty": {strconv.Itoa(qty)}, "back": {"/products/" + p.SKU}}, http.StatusSeeOther); ok {
			b.cart[p.ID] = true
		}
	}
	if !b.think(ctx) {
		return
	}
	if _, ok := b.do("cart", http.MethodGet, "/cart", nil, http.StatusOK); !ok || !b.think(ctx) {
		return
	}
	form, ok := b.do("checkout:form", http.MethodGet, "/checkout", nil, http.StatusOK)
	if !ok {
		return
	}
	m := formKeyRe.FindStringSubmatch(form.body)
	if m == nil {
		b.run.rec.done("checkout:form", 0, "no-form-key")
		return
	}
	address := b.cust.Company.Address
	if a := addressRe.FindStringSubmatch(form.body); a != nil && strings.TrimSpace(a[1]) != "" {
		address = html.UnescapeString(a[1])
	}
	if !b.think(ctx) {
		return
	}
	key := html.UnescapeString(m[1])
	// The PO number names the form, so the checker can tell that one form
	// made at most one order, whatever the clicks.
	values := url.Values{"key": {key}, "po_number": {"LG-" + key}, "delivery_address": {address}, "requested_on": {""}}
	double := b.rnd.Float64() < b.run.cfg.doubleSubmit
	var second page
	var wg sync.WaitGroup
	if double {
		b.run.doubleSubmits.Add(1)
		values.Set("csrf", b.cookie("pd_csrf"))
		again := cloneValues(values)
		wg.Go(func() { second, _ = b.do("checkout", http.MethodPost, "/checkout", again, http.StatusSeeOther) })
	}
	first, ok := b.do("checkout", http.MethodPost, "/checkout", values, http.StatusSeeOther)
	wg.Wait()
	// No answer, or a server error: the buyer presses the button again on the
	// same form (same key); the order is placed once whatever happened.
	for attempt := 0; !ok && retryable(first.status, nilIfAnswered(first)) && attempt < b.run.cfg.retries; attempt++ {
		b.run.rec.retried("checkout")
		backoff(attempt)
		first, ok = b.do("checkout", http.MethodPost, "/checkout", cloneValues(values), http.StatusSeeOther)
	}
	if double && second.location != first.location && orderURLRe.MatchString(second.location) && orderURLRe.MatchString(first.location) {
		b.run.doubleSplit.Add(1) // two orders from one form: the checker will say so too
	}
	if !ok || !orderURLRe.MatchString(first.location) {
		b.emptyCart()
		return
	}
	b.run.ordersPlaced.Add(1)
	clear(b.cart)
	if b.think(ctx) {
		b.do("order:show", http.MethodGet, first.location, nil, http.StatusOK)
	}
}

// nilIfAnswered is the error a page stands for: none when an answer came.
func nilIfAnswered(p page) error {
	if p.status == 0 {
		return errNoAnswer
	}
	return nil
}

var errNoAnswer = errors.New("no answer")

// emptyCart removes what this browser put in the cart, after a checkout
// that did not go through, so the next order starts afresh.
func (b *browser) emptyCart() {
	if len(b.cart) == 0 {
		return
	}
	v := url.Values{}
	for id := range b.cart {
		v.Set("qty_"+strconv.FormatInt(id, 10), "0")
	}
	if _, ok := b.do("cart:update", http.MethodPost, "/cart/update", v, http.StatusSeeOther); ok {
		clear(b.cart)
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// mix is the weighted choice of activities.
type mix struct {
	names   []string
	weights []int
	total   int
}

var activities = []string{"browse", "search", "order", "account"}

func parseMix(s string) (mix, error) {
	var m mix
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 0 {
			return m, fmt.Errorf("-mix: want name=weight,... (got %q)", part)
		}
		if !slices.Contains(activities, name) {
			return m, fmt.Errorf("-mix: unknown activity %q (known: %s)", name, strings.Join(activities, ", "))
		}
		m.names, m.weights, m.total = append(m.names, name), append(m.weights, n), m.total+n
	}
	if m.total == 0 {
		return m, errors.New("-mix: all weights are zero")
	}
	return m, nil
}

func (m mix) pick(rnd *rand.Rand) string {
	r := rnd.IntN(m.total)
	for i, w := range m.weights {
		if r < w {
			return m.names[i]
		}
		r -= w
	}
	return m.names[len(m.names)-1]
}
