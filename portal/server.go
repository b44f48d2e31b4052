// Package portal is Partnerdesk's web side: the customers' portal, the account
// managers' desk, the websocket feed and the ERP integration API. It calls the
// domain for every decision and never touches SQL itself.
package portal

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/uptrace/bun"

	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/event"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

// Config is the portal's part of the configuration.
type Config struct {
	PublicURL       string // where users reach the portal, e.g. https://portal.example.com
	DistributorName string
	Location        *time.Location // for times shown to staff (and customers of a country without a calendar)
	// Zones tells the customers' countries' clocks; made here when nil (the
	// bot shares one, so that a calendar changed here shows there at once).
	Zones       *company.Zones
	SessionIdle time.Duration
	SessionMax  time.Duration
	Credit      credit.Policy
	TelegramBot string // the bot's username for "Connect Telegram" links; "" = Telegram off
	PhotoDir    string // where complaint photos are kept; "var/uploads/complaints" when empty
	// OrderPagesAtOnce is how many order-flow pages run at once (see
	// orderPages); 0: no limit.
	OrderPagesAtOnce int
	// Visitors, when set, keeps sessions in memory (its Run must be
	// running); nil reads each request's session from the database.
	Visitors *account.Visitors
	// OrderDB, when set, is a connection pool of its own for the order
	// flow's pages (orderPages): when checkouts pile up they queue for its
	// connections, and the catalogue, searches, the live sockets, the API
	// and every other page keep the main pool's. nil: one pool for all.
	OrderDB *bun.DB
	// Now is the clock business days are counted on (overdue invoices, the
	// earliest delivery date); nil: time.Now. For tests.
	Now func() time.Time
}

// Server holds what the handlers share.
type Server struct {
	cfg       Config
	db        *bun.DB
	events    *event.Notifier
	bundle    *i18n.Bundle
	static    *staticFiles
	templates *templates
	public    *url.URL
	sessions  *account.Sessions
	orders    *order.Service // on the main pool (the API's status changes)
	orderDB   *bun.DB        // the order flow's pool (Config.OrderDB, or db)
	placing   *order.Service // on orderDB, for the order flow's pages; nil with one pool
	live      *liveHub
	liveReady chan struct{} // closed once the live consumer has its starting position (see LiveConsumer)
	bot       ChatBot       // nil: the chat panel says the bot is unavailable
	photos    *complaint.PhotoStore
	zones     *company.Zones // the countries' clocks, for times shown to customers
	mounted   map[string]http.Handler
	// orderTurns holds a token per order page running (inTurn); nil: no
	// limit.
	orderTurns chan struct{}
}

// Mount serves another component's handler (the Telegram webhook) beside the
// portal, outside its sessions and form-token checks. Call before Handler.
func (s *Server) Mount(pattern string, h http.Handler) {
	if s.mounted == nil {
		s.mounted = map[string]http.Handler{}
	}
	s.mounted[pattern] = h
}

// New prepares the portal: it loads translations, assets and templates, and
// fails at once if any of them is broken.
func New(cfg Config, db *bun.DB, events *event.Notifier) (*Server, error) {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.DistributorName == "" {
		cfg.DistributorName = "Partnerdesk"
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 2 * time.Hour
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 12 * time.Hour
	}
	if cfg.PhotoDir == "" {
		cfg.PhotoDir = "var/uploads/complaints"
	}
	pub, err := url.Parse(cfg.PublicURL)
	if err != nil || pub.Scheme == "" || pub.Host == "" {
		return nil, fmt.Errorf("portal: PUBLIC_URL %q is not an absolute URL", cfg.PublicURL)
	}
	if cfg.Zones == nil {
		cfg.Zones = &company.Zones{Fallback: cfg.Location}
	}
	s := &Server{cfg: cfg, db: db, events: events, public: pub,
		sessions: &account.Sessions{DB: db, Idle: cfg.SessionIdle, Max: cfg.SessionMax, Cache: cfg.Visitors},
		orders:   &order.Service{DB: db, Events: events, Credit: cfg.Credit, Zones: cfg.Zones, Now: cfg.Now},
		orderDB:  db,
		live:     newLiveHub(),
		photos:   &complaint.PhotoStore{Dir: cfg.PhotoDir},
		zones:    cfg.Zones,
	}
	if cfg.OrderDB != nil {
		s.orderDB = cfg.OrderDB
		s.placing = &order.Service{DB: s.orderDB, Events: events, Credit: cfg.Credit, Zones: cfg.Zones, Now: cfg.Now}
	}
	if cfg.OrderPagesAtOnce > 0 {
		s.orderTurns = make(chan struct{}, cfg.OrderPagesAtOnce)
	}
	if s.bundle, err = locales.NewBundle(); err != nil {
		return nil, err
	}
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.templates, err = loadTemplates(s.baseFuncs(), s.bundle, cfg.Location); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the portal and the integration API with their middleware.
// The API (/api/) authenticates by key, so it skips sessions, form tokens and
// the browser's cross-origin checks.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.csrfFailed))
	var portal http.Handler = mux
	portal = s.withVisitor(portal)
	portal = s.checkCSRF(portal)
	portal = cop.Handler(portal)

	api := http.NewServeMux()
	s.apiRoutes(api)

	top := http.NewServeMux()
	top.Handle("/api/", api)
	for pattern, h := range s.mounted {
		top.Handle(pattern, h)
	}
	top.Handle("/", portal)
	return recoverAndLog(securityHeaders(s.public, top))
}

// securityHeaders sets the headers every answer carries.
func securityHeaders(pub *url.URL, next http.Handler) http.Handler {
	wsScheme := "ws"
	if pub.Scheme == "https" {
		wsScheme = "wss"
	}
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self' " + wsScheme + "://" + pub.Host + "; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if pub.Scheme == "https" {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack hands the connection to the websocket upgrader.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("portal: connection cannot be hijacked")
	}
	w.status = http.StatusSwitchingProtocols
	return h.Hijack()
}

// recoverAndLog logs each request and turns a panic into a 500.
func recoverAndLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.Error("panic", "path", r.URL.Path, "panic", p)
				if sw.status == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			slog.Debug("http", "method", r.Method, "path", r.URL.Path, "status", sw.status, "dur", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}

// Shutdown closes every websocket with "going away"; browsers reconnect to
// another instance (or this one when it is back) and resync.
func (s *Server) Shutdown(ctx context.Context) error {
	s.live.closeAll(liveCloseGoing, "server restarting")
	return nil
}
