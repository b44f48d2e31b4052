package main

import (
	"context"
	"fmt"

	"partnerdesk/domain"
	"partnerdesk/domain/credit"
)

// totalsCmd checks or rebuilds the companies' running totals (open orders,
// loyalty points) against their history: a repair for totals broken by hand.
func totalsCmd(ctx context.Context, cfg config, args []string) error {
	if len(args) != 1 || (args[0] != "check" && args[0] != "rebuild") {
		return fmt.Errorf("usage: partnerdesk totals check|rebuild")
	}
	db, err := domain.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	var drifts []credit.Drift
	if args[0] == "check" {
		drifts, err = credit.CheckTotals(ctx, db)
	} else {
		drifts, err = credit.RebuildTotals(ctx, db)
	}
	if err != nil {
		return err
	}
	for _, d := range drifts {
		fmt.Printf("company %d (%s): open orders kept %d, history %d (minor units); loyalty points kept %d, history %d\n",
			d.CompanyID, d.Name, d.KeptOpen, d.OpenOrders, d.KeptPoints, d.Points)
	}
	switch {
	case args[0] == "rebuild":
		fmt.Printf("companies corrected: %d\n", len(drifts))
	case len(drifts) > 0:
		return fmt.Errorf("companies whose totals differ from their history: %d; run: partnerdesk totals rebuild", len(drifts))
	default:
		fmt.Println("every company's totals agree with its history")
	}
	return nil
}
