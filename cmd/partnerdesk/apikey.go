package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/apikey"
)

// apikeyCmd creates, revokes and lists the ERP's API keys.
func apikeyCmd(ctx context.Context, cfg config, args []string) error {
	usage := fmt.Errorf("usage: partnerdesk apikey create NAME [-scopes catalog,companies,orders,finance] | revoke PREFIX | list")
	if len(args) == 0 {
		return usage
	}
	db, err := domain.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "create":
		fs := flag.NewFlagSet("apikey create", flag.ContinueOnError)
		scopes := fs.String("scopes", strings.Join(apikey.AllScopes, ","), "comma-separated scopes")
		if len(args) < 2 {
			return usage
		}
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		k, token, err := apikey.Create(ctx, db, args[1], strings.Split(*scopes, ","))
		if err != nil {
			return err
		}
		fmt.Printf("API key %q (prefix %s, scopes %s)\n\n  %s\n\nStore it now: it is not shown again.\n", k.Name, k.Prefix, strings.Join(k.Scopes, ","), token)
		return nil
	case "revoke":
		if len(args) != 2 {
			return usage
		}
		if err := apikey.Revoke(ctx, db, args[1]); err != nil {
			return err
		}
		fmt.Println("revoked")
		return nil
	case "list":
		ks, err := apikey.List(ctx, db)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "PREFIX\tNAME\tSCOPES\tCREATED\tLAST USED\tSTATE")
		for _, k := range ks {
			state, used := "active", "-"
			if k.RevokedAt != nil {
				state = "revoked " + k.RevokedAt.Format(time.DateOnly)
			}
			if k.LastUsedAt != nil {
				used = k.LastUsedAt.Format(time.DateTime)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", k.Prefix, k.Name, strings.Join(k.Scopes, ","), k.CreatedAt.Format(time.DateOnly), used, state)
		}
		return w.Flush()
	}
	return usage
}
