// Package domain is Partnerdesk's business core: what a company, an order or a
// price is, and the rules that keep them right. Sub-packages hold the business
// areas (pricing, credit, order, ...); this package holds what they share: the
// database handle, migrations, transactions, money and languages.
package domain

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"
)

// Open connects to PostgreSQL at dsn (postgres://user@host:port/db?sslmode=disable).
func Open(dsn string) (*bun.DB, error) {
	if dsn == "" {
		return nil, errors.New("database: empty DATABASE_URL")
	}
	// pgdriver panics on a URL it cannot read; say what is wrong instead.
	if u, err := url.Parse(dsn); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errors.New("database: DATABASE_URL is not a postgres://user@host:port/database URL")
	}
	connector := pgdriver.NewConnector(
		pgdriver.WithDSN(dsn),
		pgdriver.WithTimeout(10*time.Second),
		pgdriver.WithApplicationName("partnerdesk"),
		// Only domain.Prepared statements take parameters (bun writes values
		// into the text of every other query), and each is written so that
		// its one plan is index lookups whatever the values (no IN lists: an
		// array parameter behind unnest or = ANY). The default custom plan
		// per call cost the order rush a seventh of its throughput.
		// random_page_cost is the usual value for SSDs (the default, 4, is
		// for spinning disks): with it, generic plans look rows up by index
		// in small tables too (a small catalogue's stock, a new company's
		// loyalty ledger) instead of reading the table through.
		// JIT compiling costs more than it saves on statements as short as
		// ours.
		pgdriver.WithConnParams(map[string]any{"plan_cache_mode": "force_generic_plan", "random_page_cost": "1.1", "jit": "off"}),
	)
	sqldb := sql.OpenDB(connector)
	// Two cores serve 16 busy connections faster than 24 or 40 (the order
	// rush measured 163–174 orders/s against 135–160 with 24): fewer
	// backends contend in PostgreSQL. The workers that hold one for long
	// (the Telegram poller and sender) leave 14. Idle ones are kept: a new
	// connection plans every prepared statement again.
	sqldb.SetMaxOpenConns(16)
	sqldb.SetMaxIdleConns(16)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	return bun.NewDB(sqldb, pgdialect.New()), nil
}

// Ping checks that the database answers within ctx.
func Ping(ctx context.Context, db *bun.DB) error {
	var one int
	if err := db.NewSelect().ColumnExpr("1").Scan(ctx, &one); err != nil {
		return fmt.Errorf("database: ping: %w", err)
	}
	return nil
}

// RunInTx runs fn in one transaction, retrying the whole of it when PostgreSQL
// reports a serialization failure or a deadlock (both are safe to retry).
func RunInTx(ctx context.Context, db bun.IDB, fn func(ctx context.Context, tx bun.Tx) error) error {
	const attempts = 5
	var err error
	for i := 0; i < attempts; i++ {
		err = db.RunInTx(ctx, nil, fn)
		if !IsRetryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(i+1) * 5 * time.Millisecond):
		}
	}
	return err
}

// IsRetryable tells whether err is a serialization failure or a deadlock.
func IsRetryable(err error) bool {
	code := SQLState(err)
	return code == "40001" || code == "40P01"
}

// IsUniqueViolation tells whether err is a unique key violation, optionally of
// the named constraint.
func IsUniqueViolation(err error, constraint string) bool {
	var pgErr pgdriver.Error
	if !errors.As(err, &pgErr) || pgErr.Field('C') != "23505" {
		return false
	}
	return constraint == "" || pgErr.Field('n') == constraint
}

// SQLState returns PostgreSQL's error code in err, or "".
func SQLState(err error) string {
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		return pgErr.Field('C')
	}
	return ""
}

// ErrNoRows is what a query for one row returns when there is none.
var ErrNoRows = sql.ErrNoRows
