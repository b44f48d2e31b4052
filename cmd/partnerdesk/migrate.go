package main

import (
	"context"
	"fmt"
	"os"

	"partnerdesk/domain"
)

func migrateCmd(ctx context.Context, cfg config, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: partnerdesk migrate up|down|status")
	}
	db, err := domain.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "up":
		return domain.MigrateUp(ctx, db, os.Stdout)
	case "down":
		return domain.MigrateDown(ctx, db, os.Stdout)
	case "status":
		return domain.MigrationStatus(ctx, db, os.Stdout)
	}
	return fmt.Errorf("usage: partnerdesk migrate up|down|status")
}
