package domain

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"

	"partnerdesk/migrations"
)

// migrateLockKey is the advisory lock that keeps two processes from migrating at
// once. bun's own migration lock is a table row that a crash leaves behind.
const migrateLockKey = 7_250_001

func newMigrator(db *bun.DB) (*migrate.Migrator, error) {
	ms := migrate.NewMigrations()
	if err := ms.Discover(migrations.FS); err != nil {
		return nil, fmt.Errorf("migrate: discover: %w", err)
	}
	// Without this option a migration is marked applied before it runs.
	return migrate.NewMigrator(db, ms, migrate.WithMarkAppliedOnSuccess(true)), nil
}

func withMigrateLock(ctx context.Context, db *bun.DB, fn func(*migrate.Migrator) error) error {
	m, err := newMigrator(db)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(?)", migrateLockKey); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(?)", migrateLockKey) //nolint:errcheck
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("migrate: init: %w", err)
	}
	return fn(m)
}

// MigrateUp applies every pending migration and reports what it applied to w.
func MigrateUp(ctx context.Context, db *bun.DB, w io.Writer) error {
	return withMigrateLock(ctx, db, func(m *migrate.Migrator) error {
		group, err := m.Migrate(ctx)
		if err != nil {
			return fmt.Errorf("migrate: up: %w", err)
		}
		if group.IsZero() {
			fmt.Fprintln(w, "database is up to date")
			return nil
		}
		fmt.Fprintf(w, "applied %s\n", group)
		return nil
	})
}

// MigrateDown rolls back the last group of migrations.
func MigrateDown(ctx context.Context, db *bun.DB, w io.Writer) error {
	return withMigrateLock(ctx, db, func(m *migrate.Migrator) error {
		group, err := m.Rollback(ctx)
		if err != nil {
			return fmt.Errorf("migrate: down: %w", err)
		}
		if group.IsZero() {
			fmt.Fprintln(w, "nothing to roll back")
			return nil
		}
		fmt.Fprintf(w, "rolled back %s\n", group)
		return nil
	})
}

// MigrationStatus writes applied and pending migrations to w.
func MigrationStatus(ctx context.Context, db *bun.DB, w io.Writer) error {
	m, err := newMigrator(db)
	if err != nil {
		return err
	}
	if err := m.Init(ctx); err != nil {
		return fmt.Errorf("migrate: init: %w", err)
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return fmt.Errorf("migrate: status: %w", err)
	}
	for _, mig := range ms {
		state := "pending"
		if mig.IsApplied() {
			state = "applied"
		}
		fmt.Fprintf(w, "%-8s %s\n", state, mig.Name+"_"+mig.Comment)
	}
	return nil
}

// PendingMigrations returns the names of migrations not yet applied; /readyz
// reports not ready while there are any.
func PendingMigrations(ctx context.Context, db *bun.DB) ([]string, error) {
	m, err := newMigrator(db)
	if err != nil {
		return nil, err
	}
	ms, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: status: %w", err)
	}
	var pending []string
	for _, mig := range ms.Unapplied() {
		pending = append(pending, strings.TrimSpace(mig.Name+"_"+mig.Comment))
	}
	return pending, nil
}
