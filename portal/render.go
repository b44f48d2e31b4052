package portal

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/header"
	"partnerdesk/locales"
)

//go:embed templates
var templateFS embed.FS

// templates holds every page, each parsed with the layout and partials once at
// start; a page or partial that fails to parse stops the server from starting.
// Each page is kept once per language and time zone, with t and tn bound to
// that language's localizer and datetime to that zone, so a request executes
// a ready template: cloning per request made html/template copy and escape
// the whole tree every time (a third of the server's CPU under load). The
// server's own zone is made at start for every language; a customer's
// country's zone when first needed.
type templates struct {
	bundle *i18n.Bundle
	asset  func(name string) (string, error)
	base   map[string]*template.Template // parsed, never executed: the copies are cloned from these

	mu    sync.RWMutex
	pages map[pageKey]*template.Template
}

// pageKey names a page's copy. The zone goes by its name: the zones are
// read again every minute, each time as new *time.Location values.
type pageKey struct {
	name string
	lang domain.Language
	zone string
}

// page returns a page's template for lang (Polish when lang is unknown)
// showing times in zone.
func (ts *templates) page(name string, lang domain.Language, zone *time.Location) (*template.Template, bool) {
	if !slices.Contains(domain.Languages, lang) {
		lang = domain.Polish
	}
	k := pageKey{name, lang, zone.String()}
	ts.mu.RLock()
	t, ok := ts.pages[k]
	ts.mu.RUnlock()
	if ok {
		return t, true
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t, ok := ts.pages[k]; ok {
		return t, true
	}
	t, err := ts.make(k, zone)
	if err != nil {
		slog.Error("templates", "page", name, "lang", lang, "zone", zone, "err", err)
		return nil, false
	}
	return t, t != nil
}

// make clones a page's template for a language and zone (under ts.mu).
func (ts *templates) make(k pageKey, zone *time.Location) (*template.Template, error) {
	base, ok := ts.base[k.name]
	if !ok {
		return nil, nil
	}
	t, err := base.Clone()
	if err != nil {
		return nil, fmt.Errorf("templates: %s: %w", k.name, err)
	}
	loc := locales.NewLocalizer(ts.bundle, k.lang)
	t.Funcs(template.FuncMap{
		"t": func(id string, kv ...any) string {
			if len(kv) == 0 {
				return loc.T(id)
			}
			return loc.T(id, dict(kv...))
		},
		"tn":       func(id string, n int, kv ...any) string { return loc.TN(id, n, dict(kv...)) },
		"datetime": func(t time.Time) string { return locales.FormatDateTime(t.In(zone)) },
		"day":      func(t time.Time) string { return locales.FormatDate(t.In(zone)) },
	})
	bakeTexts(t, loc, ts.asset)
	// What is the same on every page of the language, rendered once.
	var buttons strings.Builder
	if err := t.ExecuteTemplate(&buttons, "langbuttons", map[string]any{"Lang": k.lang}); err != nil {
		return nil, fmt.Errorf("templates: %s: %w", k.name, err)
	}
	langButtons := template.HTML(buttons.String())
	t.Funcs(template.FuncMap{"langbuttons": func() template.HTML { return langButtons }, "navbar": navbar(t)})
	foldTexts(t, map[string]template.HTML{"langbuttons": langButtons})
	ts.pages[k] = t
	return t, nil
}

// baseFuncs are the functions every template may call. t, tn, datetime and
// day are bound per language and zone when the templates load; these
// placeholders only let parsing succeed.
func (s *Server) baseFuncs() template.FuncMap {
	return template.FuncMap{
		"t":           func(id string, kv ...any) string { return id },
		"tn":          func(id string, n int, kv ...any) string { return id },
		"datetime":    func(t time.Time) string { return locales.FormatDateTime(t) },
		"day":         func(t time.Time) string { return locales.FormatDate(t) }, // the date of a moment ("date" is for calendar dates)
		"langbuttons": func() template.HTML { return "" },
		"navbar":      func(map[string]any) (template.HTML, error) { return "", nil },
		"money":       locales.FormatMoney,
		"unitprice":   locales.FormatUnitPrice, // hundredths of the minor unit
		"amount":      locales.FormatAmount,
		"int":         func(n any) string { return locales.FormatInt(toInt64(n)) },
		"percent":     locales.FormatPercent,
		"date":        formatOptionalDate,
		"asset":       s.static.url,
		"languages":   func() []domain.Language { return domain.Languages },
		"dict":        dict,
		"add":         func(a, b int) int { return a + b },
		"list":        func(v ...any) []any { return v },
		"stockstate":  catalog.StockState,
		"trimprefix":  func(prefix, s string) string { return strings.TrimPrefix(s, prefix) },
	}
}

// loadTemplates parses every page and makes its copies for the server's
// zone.
func loadTemplates(funcs template.FuncMap, bundle *i18n.Bundle, zone *time.Location) (*templates, error) {
	shared, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	shared = append([]string{"templates/layout.html"}, shared...)
	pages, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	asset, _ := funcs["asset"].(func(string) (string, error))
	ts := &templates{bundle: bundle, asset: asset, base: map[string]*template.Template{}, pages: map[pageKey]*template.Template{}}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		base, err := template.New(name).Funcs(funcs).ParseFS(templateFS, append(shared, p)...)
		if err != nil {
			return nil, fmt.Errorf("templates: %s: %w", name, err)
		}
		ts.base[name] = base
		for _, lang := range domain.Languages {
			if _, err := ts.make(pageKey{name, lang, zone.String()}, zone); err != nil {
				return nil, err
			}
		}
	}
	if len(ts.base) == 0 {
		return nil, fmt.Errorf("templates: no pages found")
	}
	return ts, nil
}

// bakeTexts writes the texts of {{t "id"}} (a literal id, no data) into
// the language's copy of the templates, as if the template said {{"text"}},
// and the URLs of {{asset "name"}}: html/template still escapes them for
// where they stand, but no request calls t or asset for them again (a page
// has dozens, each a reflective call). Clone gave this language's templates
// their own parse trees.
func bakeTexts(t *template.Template, loc *locales.Localizer, asset func(string) (string, error)) {
	constants := map[string]func(string) (string, bool){
		"t": func(id string) (string, bool) { return loc.T(id), true },
		"asset": func(name string) (string, bool) {
			u, err := asset(name)
			return u, err == nil // an unknown asset stays a call, which fails the page as before
		},
	}
	var pipe func(p *parse.PipeNode)
	pipe = func(p *parse.PipeNode) {
		if p == nil {
			return
		}
		for i, cmd := range p.Cmds {
			// Only a pipeline's first command: a later one receives the
			// value piped into it, which a constant cannot take.
			if i == 0 && len(cmd.Args) == 2 {
				id, isID := cmd.Args[0].(*parse.IdentifierNode)
				lit, isLit := cmd.Args[1].(*parse.StringNode)
				if isID && isLit && constants[id.Ident] != nil {
					if text, ok := constants[id.Ident](lit.Text); ok {
						lit.Text, lit.Quoted = text, strconv.Quote(text)
						cmd.Args = cmd.Args[1:]
						continue
					}
				}
			}
			for _, arg := range cmd.Args {
				if sub, ok := arg.(*parse.PipeNode); ok {
					pipe(sub)
				}
			}
		}
	}
	eachList(t, func(l *parse.ListNode) {
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.ActionNode:
				pipe(n.Pipe)
			case *parse.IfNode:
				pipe(n.Pipe)
			case *parse.RangeNode:
				pipe(n.Pipe)
			case *parse.WithNode:
				pipe(n.Pipe)
			case *parse.TemplateNode:
				pipe(n.Pipe)
			}
		}
	})
}

// eachList calls fn with every list of nodes in t's templates, outer lists
// before the lists inside their nodes.
func eachList(t *template.Template, fn func(l *parse.ListNode)) {
	var list func(l *parse.ListNode)
	list = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		fn(l)
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.IfNode:
				list(n.List)
				list(n.ElseList)
			case *parse.RangeNode:
				list(n.List)
				list(n.ElseList)
			case *parse.WithNode:
				list(n.List)
				list(n.ElseList)
			case *parse.ListNode:
				list(n)
			}
		}
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			list(tt.Tree.Root)
		}
	}
}

// render writes a page in the request's language. data is the page's own
// arguments; view adds what every page needs (user, language, CSRF token, flash).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data map[string]any) {
	rc := reqCtx(r)
	t, ok := s.templates.page(page, rc.loc.Lang, s.zoneOf(r))
	if !ok {
		slog.Error("render: no such page", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	args := s.view(w, r, data)
	for k, v := range data {
		args[k] = v
	}
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout", args); err != nil {
		slog.Error("render: execute", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// With its length known the page goes out whole, not in chunks.
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// pageBuffers keep the buffers pages are rendered into (tens of kB each),
// so that every page does not grow a new one.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 { // a rare huge page: let it go
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// view builds the arguments every page gets: who is signed in, the language,
// the form token, a flash message, and for customers the header's cart and
// balance chips.
// A page that read the header's figures with its own (cart, checkout) passes
// them as "Header"; one that computed the balance itself (dashboard,
// invoices) passes it as "Balance"; the header reuses what it is given
// instead of asking again.
func (s *Server) view(w http.ResponseWriter, r *http.Request, data map[string]any) map[string]any {
	rc := reqCtx(r)
	v := map[string]any{
		"Lang":        rc.loc.Lang,
		"Path":        r.URL.RequestURI(), // where forms return to (language, add to cart): with its query
		"Distributor": s.cfg.DistributorName,
		"CSRF":        rc.csrf,
		"User":        rc.user,
		"Company":     rc.company,
		"Flash":       s.takeFlash(w, r),
	}
	if rc.company != nil && rc.user != nil {
		ctx := r.Context()
		var chips header.Chips
		var err error
		b, given := data["Balance"].(credit.Balance)
		if h, ok := data["Header"].(header.Chips); ok {
			chips, b, given = h, h.Balance, true
		} else if given {
			chips, err = header.Counts(ctx, s.dbFor(r), rc.user.ID)
		} else {
			chips, err = header.Of(ctx, s.dbFor(r), rc.user.ID, rc.company.ID, s.todayOf(r), s.cfg.Credit)
			b = chips.Balance
		}
		if err != nil {
			// The page still shows; the header shows what it has.
			slog.Error("page header", "err", err)
			if !given {
				return v
			}
		} else {
			v["CartCount"], v["Unread"] = chips.CartLines, chips.Unread
		}
		v["HeaderBalance"] = b
		v["HeaderBlock"] = credit.Check(rc.company.Status, b, 0, s.cfg.Credit)
	}
	return v
}

// dict turns key, value pairs into a map, for t's placeholders and sub-templates.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int32:
		return int64(v)
	case int64:
		return v
	}
	return 0
}

func formatOptionalDate(v any) string {
	switch t := v.(type) {
	case time.Time:
		return locales.FormatDate(t)
	case *time.Time:
		if t != nil {
			return locales.FormatDate(*t)
		}
	}
	return ""
}

// zoneOf is the time zone the request's pages show times in: a customer's
// country's clock (its business calendar's), the server's for staff.
func (s *Server) zoneOf(r *http.Request) *time.Location {
	rc := reqCtx(r)
	switch {
	case rc != nil && rc.zone != nil:
		return rc.zone
	case rc != nil && rc.company != nil:
		return s.zones.Of(r.Context(), s.db, rc.company.Country)
	}
	return s.cfg.Location
}

// onCustomersClock makes a staff page about one customer show its times on
// that customer's clock, so that a manager on the phone quotes the times
// the customer sees. It returns how to say which clock that is ("UTC+2")
// when it is not the staff's own now, else "".
func (s *Server) onCustomersClock(r *http.Request, country string) string {
	zone := s.zones.Of(r.Context(), s.db, country)
	reqCtx(r).zone = zone
	now := s.now()
	_, theirs := now.In(zone).Zone()
	_, ours := now.In(s.cfg.Location).Zone()
	if theirs == ours {
		return ""
	}
	sign := "+"
	if theirs < 0 {
		sign, theirs = "-", -theirs
	}
	label := fmt.Sprintf("UTC%s%d", sign, theirs/3600)
	if m := theirs % 3600 / 60; m != 0 {
		label += fmt.Sprintf(":%02d", m)
	}
	return label
}
