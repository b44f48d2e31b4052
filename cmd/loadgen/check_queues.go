package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// consumerLag is how many events committed before the check a durable
// consumer has not passed yet. The dispatcher reads in (txid, id) order, so
// an event is behind the cursor when (txid, id) <= (last_txid, last_id).
type consumerLag struct {
	Consumer string `bun:"consumer"`
	Behind   int64  `bun:"behind"`
}

// checkOutbox waits up to the drain time for every durable consumer to pass
// every event committed before the check began.
func checkOutbox(ctx context.Context, db *bun.DB, o checkOpts) (checkResult, error) {
	const name = "every outbox event delivered to every durable consumer"
	var maxID int64
	if err := db.NewRaw("SELECT coalesce(max(id), 0) FROM events").Scan(ctx, &maxID); err != nil {
		return checkResult{}, fmt.Errorf("check outbox: %w", err)
	}
	deadline := time.Now().Add(o.drain)
	start := time.Now()
	for {
		lags, missing, err := outboxLag(ctx, db, maxID, o.consumers)
		if err != nil {
			return checkResult{}, err
		}
		var behind int64
		var parts []string
		for _, l := range lags {
			behind += l.Behind
			parts = append(parts, fmt.Sprintf("%s %d", l.Consumer, l.Behind))
		}
		if len(lags) == 0 && len(missing) == 0 {
			return checkResult{Name: name, Status: statusNA, Detail: "no durable consumer has a cursor"}, nil
		}
		if (behind == 0 && len(missing) == 0) || time.Now().After(deadline) {
			detail := fmt.Sprintf("%d consumers, events up to id %d; behind: %s (after %s)", len(lags), maxID,
				strings.Join(parts, ", "), time.Since(start).Round(100*time.Millisecond))
			if len(missing) > 0 {
				detail += "; no cursor for " + strings.Join(missing, ", ")
			}
			return result(name, behind > 0 || len(missing) > 0,
				map[string]int64{"consumers": int64(len(lags)), "max_event_id": maxID, "undelivered": behind, "missing_consumers": int64(len(missing))},
				"%s", detail), nil
		}
		select {
		case <-ctx.Done():
			return checkResult{}, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func outboxLag(ctx context.Context, db bun.IDB, maxID int64, only []string) ([]consumerLag, []string, error) {
	var lags []consumerLag
	err := db.NewRaw(`SELECT c.consumer, (SELECT count(*) FROM events e
			WHERE e.id <= ? AND (e.txid, e.id) > (c.last_txid, c.last_id)) AS behind
		FROM event_cursors c ORDER BY c.consumer`, maxID).Scan(ctx, &lags)
	if err != nil {
		return nil, nil, fmt.Errorf("check outbox: %w", err)
	}
	if len(only) == 0 {
		return lags, nil, nil
	}
	var kept []consumerLag
	var missing []string
	for _, name := range only {
		found := false
		for _, l := range lags {
			if l.Consumer == name {
				kept, found = append(kept, l), true
			}
		}
		if !found {
			missing = append(missing, name)
		}
	}
	return kept, missing, nil
}

// checkTelegram: every queued chat message is sent exactly once. From the
// database: none failed; no handler run queued the same message twice (rows
// of one transaction share created_at, so two rows alike in chat, method,
// params and created_at are one run's duplicate; the same text queued by two
// runs is two answers); every sent row has Telegram's message id. Rows that
// took more than one attempt are counted: if an attempt timed out after
// Telegram had taken the message, the chat got it twice, which only a fake
// Bot API counting its calls can tell (TODO: -bot-api).
func checkTelegram(ctx context.Context, tx bun.Tx, o checkOpts) (checkResult, error) {
	const name = "every queued chat message sent exactly once"
	var n struct {
		Rows      int64 `bun:"rows"`
		Failed    int64 `bun:"failed"`
		Pending   int64 `bun:"pending"`
		NoMsgID   int64 `bun:"no_msg_id"`
		Retried   int64 `bun:"retried"`
		Duplicate int64 `bun:"duplicate"`
	}
	err := tx.NewRaw(`SELECT count(*) AS rows, count(*) FILTER (WHERE status = 'failed') AS failed,
		  count(*) FILTER (WHERE status IN ('queued', 'sending') AND not_before < now() - interval '30 seconds') AS pending,
		  count(*) FILTER (WHERE status = 'sent' AND (message_id IS NULL OR sent_at IS NULL)) AS no_msg_id,
		  count(*) FILTER (WHERE status = 'sent' AND attempts > 1) AS retried,
		  (SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM telegram_outbox WHERE created_at >= ?0
		     GROUP BY chat_id, method, params, created_at HAVING count(*) > 1) d) AS duplicate
		FROM telegram_outbox WHERE created_at >= ?0`, o.since).Scan(ctx, &n)
	if err != nil {
		return checkResult{}, fmt.Errorf("check telegram: %w", err)
	}
	if n.Rows == 0 {
		why := "nothing was queued"
		if !o.botTraffic {
			why = "no bot traffic ran (-bot-api is a TODO) and nothing was queued"
		}
		return checkResult{Name: name, Status: statusNA, Detail: why}, nil
	}
	fail := n.Failed+n.Duplicate+n.NoMsgID > 0 || o.botTraffic && n.Pending > 0
	return result(name, fail, map[string]int64{"rows": n.Rows, "failed": n.Failed, "duplicates": n.Duplicate, "sent_without_id": n.NoMsgID,
		"pending": n.Pending, "sent_after_retries": n.Retried},
		"%d messages: failed %d, duplicates %d, sent without message id %d, still queued %d, sent after retries %d",
		n.Rows, n.Failed, n.Duplicate, n.NoMsgID, n.Pending, n.Retried), nil
}
