package notify

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Stats says what one Scan created.
type Stats struct {
	InvoiceDue     int
	InvoiceOverdue int
	Reorder        int
	PricesWatched  int // favourites whose price is now known, so a change can be told
}

// Scan applies the time-based rules as of now: invoices due soon and
// overdue, reorder reminders, and it records the current price of
// favourites not watched yet. Run it every few minutes, from any number of
// instances: each notification exists once per (user, kind, ref), and each
// is created in its own transaction with its outbox event.
func Scan(ctx context.Context, db *bun.DB, now time.Time, cfg Config) (Stats, error) {
	cfg = cfg.withDefaults()
	var st Stats
	var err error
	if st.InvoiceDue, st.InvoiceOverdue, err = scanInvoices(ctx, db, now, cfg); err != nil {
		return st, err
	}
	if st.Reorder, err = scanReorders(ctx, db, now, cfg); err != nil {
		return st, err
	}
	if st.PricesWatched, err = watchNewFavourites(ctx, db, now); err != nil {
		return st, err
	}
	return st, nil
}

// RunScanner calls Scan every interval until ctx ends, logging what it
// created and any failure (the next round tries again).
func RunScanner(ctx context.Context, db *bun.DB, every time.Duration, cfg Config) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		st, err := Scan(ctx, db, time.Now(), cfg)
		switch {
		case err != nil && ctx.Err() == nil:
			slog.Warn("notify: scan failed; will retry", "err", err)
		case st != Stats{}:
			slog.Info("notify: reminders created", "invoice_due", st.InvoiceDue, "invoice_overdue", st.InvoiceOverdue,
				"reorder", st.Reorder, "prices_watched", st.PricesWatched)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// createInTx stores one notification with its event in a transaction of its own.
func createInTx(ctx context.Context, db *bun.DB, n Notification) (bool, error) {
	var created bool
	err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		created, err = Create(ctx, tx, n)
		return err
	})
	return created, err
}

// invoiceRecipient is an unpaid invoice with one user who may see it, and
// the reminders that user already has about it.
type invoiceRecipient struct {
	Number      string          `bun:"number"`
	DueOn       time.Time       `bun:"due_on"`
	Outstanding int64           `bun:"outstanding"`
	Currency    domain.Currency `bun:"currency"`
	UserID      int64           `bun:"user_id"`
	Sent        []string        `bun:"sent,array"`
	Country     string          `bun:"country"`
}

// scanInvoices reminds the users who see a company's invoices (owner,
// accountant, a buyer allowed to; see company.User.CanSeeFinance) of unpaid
// invoices due soon and overdue. Invoices later than the last step plus a
// month are left to the account manager.
func scanInvoices(ctx context.Context, db *bun.DB, now time.Time, cfg Config) (due, overdue int, err error) {
	soonDays := int(cfg.DueSoon / (24 * time.Hour))
	last := 0
	for _, s := range cfg.OverdueSteps {
		last = max(last, s)
	}
	// The customers' days differ from UTC's by at most one either way: the
	// range is a day wider on both sides, each invoice judged on its day.
	utc := domain.Day(now, time.UTC)
	var rs []invoiceRecipient
	err = db.NewRaw(`SELECT i.number, i.due_on, i.gross_total - i.paid AS outstanding, i.currency, u.id AS user_id, c.country,
			ARRAY(SELECT n.ref FROM notifications n WHERE n.user_id = u.id
				AND n.kind IN ('invoice_due', 'invoice_overdue') AND starts_with(n.ref, i.number || ':')) AS sent
		FROM invoices i
		JOIN companies c ON c.id = i.company_id AND c.status IN ('active', 'blocked')
		JOIN users u ON u.company_id = i.company_id AND u.active
			AND (u.role IN ('owner', 'accountant') OR (u.role = 'buyer' AND u.can_see_invoices))
		WHERE i.kind = 'invoice' AND i.paid < i.gross_total
		  AND i.due_on BETWEEN ?::date AND ?::date
		ORDER BY i.id, u.id`,
		utc.AddDate(0, 0, -(last+31)).Format(time.DateOnly), utc.AddDate(0, 0, soonDays+1).Format(time.DateOnly)).Scan(ctx, &rs)
	if err != nil {
		return 0, 0, fmt.Errorf("notify: invoices to remind: %w", err)
	}
	for _, r := range rs {
		today := cfg.dayIn(ctx, db, r.Country, now)
		kind, step := InvoiceReminder(r.DueOn, today, soonDays, cfg.OverdueSteps)
		if kind == "" || daysBetween(r.DueOn, today) > last+30 {
			continue
		}
		ref := r.Number + ":due"
		state := "unpaid"
		if kind == KindInvoiceOverdue {
			ref, state = r.Number+":"+strconv.Itoa(step), "overdue"
		}
		if slices.Contains(r.Sent, ref) {
			continue
		}
		created, err := createInTx(ctx, db, Notification{UserID: r.UserID, Kind: kind, Ref: ref, Link: "/invoices?state=" + state,
			Params: Params{Invoice: r.Number, DueOn: r.DueOn, Amount: r.Outstanding, Currency: r.Currency, Days: step}})
		if err != nil {
			return due, overdue, err
		}
		if created && kind == KindInvoiceDue {
			due++
		} else if created {
			overdue++
		}
	}
	return due, overdue, nil
}

type orderDay struct {
	CompanyID int64     `bun:"company_id"`
	Number    int64     `bun:"number"`
	CreatedAt time.Time `bun:"created_at"`
	Country   string    `bun:"country"`
}

// scanReorders reminds the owners and buyers of active companies whose last
// order is overdue by their own rhythm; once per cycle (the reference is the
// last order's number, so the next order starts a new cycle).
func scanReorders(ctx context.Context, db *bun.DB, now time.Time, cfg Config) (int, error) {
	var rows []orderDay
	err := db.NewRaw(`SELECT c.id AS company_id, o.number, o.created_at, c.country FROM companies c
		CROSS JOIN LATERAL (SELECT number, created_at FROM orders
			WHERE company_id = c.id AND status <> 'cancelled' ORDER BY created_at DESC LIMIT ?) o
		WHERE c.status = 'active'
		ORDER BY c.id, o.created_at DESC`, 3*cfg.ReorderHistory).Scan(ctx, &rows)
	if err != nil {
		return 0, fmt.Errorf("notify: order history: %w", err)
	}
	created := 0
	for i := 0; i < len(rows); {
		j := i
		var days []time.Time
		for ; j < len(rows) && rows[j].CompanyID == rows[i].CompanyID; j++ {
			days = append(days, cfg.dayIn(ctx, db, rows[j].Country, rows[j].CreatedAt))
		}
		last := rows[i] // newest first
		i = j
		r := Reorder(days, cfg.dayIn(ctx, db, last.Country, now), cfg)
		if !r.Due {
			continue
		}
		n, err := remindReorder(ctx, db, last, days[0], r)
		if err != nil {
			return created, err
		}
		created += n
	}
	return created, nil
}

func remindReorder(ctx context.Context, db *bun.DB, last orderDay, lastDay time.Time, r ReorderRhythm) (int, error) {
	ref := strconv.FormatInt(last.Number, 10)
	var users []int64
	err := db.NewRaw(`SELECT u.id FROM users u WHERE u.company_id = ? AND u.active AND u.role IN ('owner', 'buyer')
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.kind = ? AND n.ref = ?)
		ORDER BY u.id`, last.CompanyID, KindReorder, ref).Scan(ctx, &users)
	if err != nil {
		return 0, fmt.Errorf("notify: reorder recipients of company %d: %w", last.CompanyID, err)
	}
	created := 0
	cycle := max(int(r.Cycle+0.5), 1)
	for _, u := range users {
		ok, err := createInTx(ctx, db, Notification{UserID: u, Kind: KindReorder, Ref: ref, Link: "/orders/" + ref,
			Params: Params{Order: last.Number, OrderedOn: lastDay, Cycle: cycle, Days: r.Since}})
		if err != nil {
			return created, err
		}
		if ok {
			created++
		}
	}
	return created, nil
}
