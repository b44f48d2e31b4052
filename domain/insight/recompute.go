package insight

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"partnerdesk/domain"
)

// RecomputeSegments stores in companies.segment the segment every customer
// (active or blocked company) earns today, and returns how many changed. It
// reads the whole year in one aggregate query and writes the changes in one
// statement, so it may run at any time; a segment the ERP pushed is
// overwritten by the next run.
func RecomputeSegments(ctx context.Context, db bun.IDB) (int, error) {
	return recomputeSegments(ctx, db, time.Now().UTC())
}

func recomputeSegments(ctx context.Context, db bun.IDB, now time.Time) (int, error) {
	th, err := LoadThresholds(ctx, db)
	if err != nil {
		return 0, err
	}
	var rows []struct {
		ID       int64           `bun:"id"`
		Currency domain.Currency `bun:"currency"`
		Segment  string          `bun:"segment"`
		Orders   int             `bun:"orders"`
		Revenue  int64           `bun:"revenue"`
	}
	err = db.NewRaw(`
		SELECT c.id, c.currency, c.segment, count(o.id) AS orders, coalesce(sum(o.net_total), 0) AS revenue
		FROM companies c
		LEFT JOIN orders o ON o.company_id = c.id AND o.status <> 'cancelled' AND o.created_at >= ?::date - 365
		WHERE c.status IN ('active', 'blocked')
		GROUP BY c.id`, now.Format(time.DateOnly)).Scan(ctx, &rows)
	if err != nil {
		return 0, fmt.Errorf("insight: recompute segments: %w", err)
	}
	var ids []int64
	var segs []string
	for _, r := range rows {
		if s := Segment(r.Revenue, OrdersPerMonth(r.Orders), th.For(r.Currency)); s != r.Segment {
			ids, segs = append(ids, r.ID), append(segs, s)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	_, err = db.ExecContext(ctx, `UPDATE companies c SET segment = v.segment
		FROM (SELECT unnest(?::bigint[]) AS id, unnest(?::text[]) AS segment) v WHERE c.id = v.id`,
		pgdialect.Array(ids), pgdialect.Array(segs))
	if err != nil {
		return 0, fmt.Errorf("insight: store segments: %w", err)
	}
	return len(ids), nil
}

// RunRecompute recomputes the segments now and then every interval (a day
// for the nightly run) until ctx ends. Several instances may run it: each
// run computes the same result.
func RunRecompute(ctx context.Context, db bun.IDB, every time.Duration) {
	run := func() {
		n, err := RecomputeSegments(ctx, db)
		switch {
		case err != nil && ctx.Err() == nil:
			slog.Error("segment recompute", "err", err)
		case err == nil && n > 0:
			slog.Info("segments recomputed", "changed", n)
		}
	}
	run()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			run()
		}
	}
}
