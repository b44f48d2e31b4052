// Command partnerdesk is the whole system in one binary:
//
//	partnerdesk serve              portal, bot and background workers
//	partnerdesk migrate up|down|status
//	partnerdesk seed-demo          load the demo data (idempotent)
//	partnerdesk apikey create|revoke|list
//	partnerdesk totals check|rebuild
//	partnerdesk version
//
// Configuration comes from environment variables only; see README.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "partnerdesk:", err)
		os.Exit(2)
	}
	setupLogging(cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch os.Args[1] {
	case "serve":
		err = serve(ctx, cfg)
	case "migrate":
		err = migrateCmd(ctx, cfg, os.Args[2:])
	case "seed-demo":
		err = seedDemo(ctx, cfg)
	case "apikey":
		err = apikeyCmd(ctx, cfg, os.Args[2:])
	case "totals":
		err = totalsCmd(ctx, cfg, os.Args[2:])
	case "version":
		fmt.Println("partnerdesk", version)
	default:
		usage()
		os.Exit(2)
	}
	if err != nil {
		slog.Error("partnerdesk: "+os.Args[1]+" failed", "err", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: partnerdesk <command>

commands:
  serve                     run the portal, the bot and the background workers
  migrate up|down|status    apply, roll back (last group) or list migrations
  seed-demo                 load demo data (safe to run again)
  apikey create NAME [-scopes catalog,companies,orders,finance]
  apikey revoke PREFIX | apikey list
                            API keys for the ERP
  totals check|rebuild      compare the companies' running totals (open orders,
                            loyalty points) with their history, or rebuild them
  version                   print the version`)
}

func setupLogging(cfg config) {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(os.Stderr, opts)
	}
	slog.SetDefault(slog.New(h))
}
