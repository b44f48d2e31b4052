package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/bot"
	"partnerdesk/bot/telegram"
	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/event"
	"partnerdesk/domain/insight"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/notify"
	"partnerdesk/domain/nps"
	"partnerdesk/locales"
	"partnerdesk/portal"
)

func serve(ctx context.Context, cfg config) error {
	// The live heap is small (tens of MB) and pages allocate much: collect
	// at 3× the live heap instead of 2× unless GOGC says otherwise — a
	// third less garbage-collection work for a few MB more.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	db, err := domain.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := domain.Ping(ctx, db); err != nil {
		return err
	}
	if pending, err := domain.PendingMigrations(ctx, db); err != nil {
		return err
	} else if len(pending) > 0 {
		slog.Warn("database has pending migrations; run `partnerdesk migrate up`", "pending", pending)
	}

	var orderDB *bun.DB
	if cfg.OrderPool > 0 {
		if orderDB, err = domain.Open(cfg.DatabaseURL); err != nil {
			return err
		}
		defer orderDB.Close()
		orderDB.DB.SetMaxOpenConns(cfg.OrderPool)
		orderDB.DB.SetMaxIdleConns(cfg.OrderPool)
	}

	notifier := event.NewNotifier(db)
	dispatcher := event.NewDispatcher(db, notifier)
	tg, tgUser := telegramClient(ctx, cfg)
	var visitors *account.Visitors
	if cfg.SessionCache {
		visitors = account.NewVisitors()
	}
	zones := &company.Zones{Fallback: cfg.TimeZone} // the portal's, the bot's and the reminders'
	srv, err := portal.New(portal.Config{
		Visitors:         visitors,
		Zones:            zones,
		OrderDB:          orderDB,
		OrderPagesAtOnce: cfg.OrderPagesAtOnce,
		TelegramBot:      tgUser,
		PhotoDir:         filepath.Join(cfg.UploadDir, "complaints"),
		PublicURL:        cfg.PublicURL,
		DistributorName:  cfg.DistributorName,
		Location:         cfg.TimeZone,
		SessionIdle:      cfg.SessionIdle,
		SessionMax:       cfg.SessionMax,
		Credit:           credit.Policy{OverdueGraceDays: cfg.OverdueGraceDays},
	}, db, notifier)
	if err != nil {
		return err
	}
	dispatcher.Add(srv.LiveConsumer(nil))
	bundle, err := locales.NewBundle()
	if err != nil {
		return err
	}
	engine := &bot.Engine{DB: db, Bundle: bundle, Credit: credit.Policy{OverdueGraceDays: cfg.OverdueGraceDays},
		Zones: zones, PickupSLA: cfg.HandoffPickup, Photos: &complaint.PhotoStore{Dir: filepath.Join(cfg.UploadDir, "complaints")}}
	srv.SetChatBot(engine)
	chat.NPSInterval = cfg.NPSInterval
	nps.HandoffPickup = cfg.HandoffPickup
	dispatcher.Add(bot.PortalNPSConsumer(bundle))
	dispatcher.Add(notify.Consumer())
	if tg != nil {
		engine.Files = tg
		dispatcher.Add(telegram.NotifyConsumer(bundle, zones))
		dispatcher.Add(telegram.DeskConsumer(bundle, cfg.TimeZone, cfg.PublicURL))
		dispatcher.Add(telegram.ReminderConsumer(bundle, zones))
	}

	workers, cancelWorkers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWorkers()
	var wg sync.WaitGroup
	wg.Go(func() { notifier.Run(workers) })
	wg.Go(func() { dispatcher.Run(workers) })
	if visitors != nil {
		wg.Go(func() { visitors.Run(workers, db) })
	}
	wg.Go(func() { escalateHandoffs(workers, db, time.Minute) })
	wg.Go(func() {
		notify.RunScanner(workers, db, 5*time.Minute, notify.Config{Location: cfg.TimeZone, Zones: zones})
	})
	wg.Go(func() { insight.RunRecompute(workers, db, 24*time.Hour) })
	wg.Go(func() { loyalty.RunRecompute(workers, db, 24*time.Hour) })
	if tg != nil {
		h := &telegram.Handler{Engine: engine, Bundle: bundle, Client: tg}
		if cfg.TelegramMode == "webhook" {
			srv.Mount("POST /telegram/webhook", &telegram.Webhook{DB: db, Secret: cfg.TelegramSecret, HandleTx: h.HandleTx})
			if err := telegram.SetWebhook(ctx, tg, cfg.PublicURL+"/telegram/webhook", cfg.TelegramSecret); err != nil {
				slog.Warn("telegram: could not set the webhook; set it again by restarting", "err", err)
			}
		} else {
			wg.Go(func() {
				(&telegram.Poller{DB: db, Client: tg, HandleTx: h.HandleTx, Timeout: telegramLongPoll}).Run(workers)
			})
		}
		wg.Go(func() { (&telegram.Sender{DB: db, Client: tg, Timeout: cfg.TelegramTimeout}).Run(workers) })
	}

	hs := &http.Server{
		Addr:              cfg.HTTPAddr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	startDebug(os.Getenv("DEBUG_ADDR"))
	errc := make(chan error, 1)
	go func() { errc <- hs.ListenAndServe() }()
	slog.Info("partnerdesk serving", "addr", cfg.HTTPAddr, "public_url", cfg.PublicURL, "version", version)

	select {
	case err := <-errc:
		cancelWorkers()
		wg.Wait()
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		slog.Warn("portal shutdown", "err", err)
	}
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		slog.Warn("http shutdown", "err", err)
	}
	cancelWorkers()
	wg.Wait()
	slog.Info("stopped")
	return nil
}

// escalateHandoffs tells the backup manager about handoffs nobody took in
// time. Every instance may run it: each handoff is escalated once.
func escalateHandoffs(ctx context.Context, db *bun.DB, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
			_, err := chat.EscalateOverdue(ctx, tx, time.Now())
			return err
		})
		if err != nil && ctx.Err() == nil {
			slog.Error("handoff escalation", "err", err)
		}
	}
}

// telegramLongPoll is how long getUpdates may wait for an update before
// answering.
const telegramLongPoll = 25 * time.Second

// telegramClient returns the Bot API client and the bot's username, or nil
// when no token is configured. A Bot API that does not answer at start does
// not stop the portal: the poller keeps trying.
//
// TELEGRAM_TIMEOUT bounds one call (the sender gives a message up after it
// and tries again later); the HTTP client's own limit, which also covers the
// calls made without a deadline (answering a pressed button), must leave a
// long poll its wait on top of that.
func telegramClient(ctx context.Context, cfg config) (*telegram.Client, string) {
	if cfg.TelegramToken == "" {
		slog.Info("telegram: no TELEGRAM_BOT_TOKEN; the bot runs in the portal only")
		return nil, ""
	}
	c := &telegram.Client{APIURL: cfg.TelegramAPIURL, Token: cfg.TelegramToken,
		HTTP: &http.Client{Timeout: telegramLongPoll + cfg.TelegramTimeout}}
	username := cfg.TelegramBotUsername
	gctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if me, err := c.GetMe(gctx); err != nil {
		slog.Warn("telegram: getMe failed; will keep polling", "err", err)
	} else if username == "" {
		username = me.Username
	}
	return c, username
}
