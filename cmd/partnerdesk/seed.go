package main

import (
	"context"
	"fmt"
	"os"

	"partnerdesk/domain"
	"partnerdesk/domain/demo"
)

func seedDemo(ctx context.Context, cfg config) error {
	db, err := domain.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := demo.Seed(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprint(os.Stdout, sum.String(cfg.PublicURL))
	return nil
}
