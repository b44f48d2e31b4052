package main

import (
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"
)

// config is read from the environment; every variable and its default is in README.
type config struct {
	DatabaseURL         string
	HTTPAddr            string
	PublicURL           string
	DistributorName     string
	TimeZone            *time.Location
	SessionIdle         time.Duration
	SessionMax          time.Duration
	SessionCache        bool
	OrderPool           int
	OrderPagesAtOnce    int
	OverdueGraceDays    int
	UploadDir           string
	HandoffPickup       time.Duration
	NPSInterval         time.Duration
	TelegramToken       string
	TelegramAPIURL      string
	TelegramMode        string
	TelegramSecret      string
	TelegramBotUsername string
	TelegramTimeout     time.Duration
	LogLevel            slog.Level
	LogFormat           string
}

func loadConfig() (config, error) {
	var c config
	var err error
	c.DatabaseURL = os.Getenv("DATABASE_URL")
	c.HTTPAddr = env("HTTP_ADDR", ":8080")
	c.PublicURL = env("PUBLIC_URL", "http://localhost:8080")
	c.DistributorName = env("DISTRIBUTOR_NAME", "Voltmarket Hurt")
	if c.TimeZone, err = time.LoadLocation(env("TIME_ZONE", "Europe/Warsaw")); err != nil {
		return c, fmt.Errorf("TIME_ZONE: %w", err)
	}
	if c.SessionIdle, err = time.ParseDuration(env("SESSION_IDLE_TIMEOUT", "2h")); err != nil {
		return c, fmt.Errorf("SESSION_IDLE_TIMEOUT: %w", err)
	}
	if c.SessionMax, err = time.ParseDuration(env("SESSION_MAX_AGE", "12h")); err != nil {
		return c, fmt.Errorf("SESSION_MAX_AGE: %w", err)
	}
	switch v := env("SESSION_CACHE", "on"); v {
	case "on", "off":
		c.SessionCache = v == "on"
	default:
		return c, fmt.Errorf("SESSION_CACHE: want on or off, got %q", v)
	}
	if c.OrderPool, err = strconv.Atoi(env("ORDER_POOL", "0")); err != nil || c.OrderPool < 0 {
		return c, fmt.Errorf("ORDER_POOL: want a number of connections, 0 for one pool")
	}
	if c.OrderPagesAtOnce, err = strconv.Atoi(env("ORDER_PAGES_AT_ONCE", "0")); err != nil || c.OrderPagesAtOnce < 0 {
		return c, fmt.Errorf("ORDER_PAGES_AT_ONCE: want a number, 0 for no limit")
	}
	if c.OverdueGraceDays, err = strconv.Atoi(env("OVERDUE_GRACE_DAYS", "7")); err != nil || c.OverdueGraceDays < 0 {
		return c, fmt.Errorf("OVERDUE_GRACE_DAYS: want a whole number of days")
	}
	c.UploadDir = env("UPLOAD_DIR", "var/uploads")
	if c.HandoffPickup, err = time.ParseDuration(env("HANDOFF_PICKUP", "30m")); err != nil || c.HandoffPickup <= 0 {
		return c, fmt.Errorf("HANDOFF_PICKUP: want a duration such as 30m")
	}
	if c.NPSInterval, err = time.ParseDuration(env("NPS_INTERVAL", "720h")); err != nil || c.NPSInterval < 0 {
		return c, fmt.Errorf("NPS_INTERVAL: want a duration such as 720h")
	}
	c.TelegramToken = os.Getenv("TELEGRAM_BOT_TOKEN")
	c.TelegramAPIURL = env("TELEGRAM_API_URL", "https://api.telegram.org")
	c.TelegramMode = env("TELEGRAM_MODE", "poll")
	if c.TelegramMode != "poll" && c.TelegramMode != "webhook" {
		return c, fmt.Errorf("TELEGRAM_MODE: want poll or webhook")
	}
	c.TelegramSecret = os.Getenv("TELEGRAM_WEBHOOK_SECRET")
	if c.TelegramMode == "webhook" && !validWebhookSecret(c.TelegramSecret) {
		return c, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET: webhook mode needs 16–256 characters of A-Z a-z 0-9 _ -")
	}
	c.TelegramBotUsername = os.Getenv("TELEGRAM_BOT_USERNAME")
	if c.TelegramTimeout, err = time.ParseDuration(env("TELEGRAM_TIMEOUT", "30s")); err != nil || c.TelegramTimeout <= 0 {
		return c, fmt.Errorf("TELEGRAM_TIMEOUT: want a duration such as 30s")
	}
	if err := c.LogLevel.UnmarshalText([]byte(env("LOG_LEVEL", "info"))); err != nil {
		return c, fmt.Errorf("LOG_LEVEL: %w", err)
	}
	c.LogFormat = env("LOG_FORMAT", "text")
	return c, nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func validWebhookSecret(s string) bool {
	if len(s) < 16 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
