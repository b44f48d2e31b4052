package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/bot/telegram"
	"partnerdesk/bot/telegram/fakeapi"
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
// Telegram had taken the message, the chat got it twice, which only the
// Bot API's side can tell (checkTelegramDelivery, with -bot-listen). With
// bot traffic, no chat may be stuck: its next message due for 30 s and not
// sent. The messages behind one that waits out a backoff wait their turn
// (a chat gets its messages in order), and are not stuck themselves.
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
		  (SELECT count(*) FROM (SELECT DISTINCT ON (chat_id) not_before FROM telegram_outbox
		     WHERE status IN ('queued', 'sending') ORDER BY chat_id, id) h
		   WHERE not_before < now() - interval '30 seconds') AS pending,
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
			why = "no bot traffic ran (no -bot-listen) and nothing was queued"
		}
		return checkResult{Name: name, Status: statusNA, Detail: why}, nil
	}
	fail := n.Failed+n.Duplicate+n.NoMsgID > 0 || o.botTraffic && n.Pending > 0
	return result(name, fail, map[string]int64{"rows": n.Rows, "failed": n.Failed, "duplicates": n.Duplicate, "sent_without_id": n.NoMsgID,
		"pending": n.Pending, "sent_after_retries": n.Retried},
		"%d messages: failed %d, duplicates %d, sent without message id %d, chats whose next message is overdue %d, sent after retries %d",
		n.Rows, n.Failed, n.Duplicate, n.NoMsgID, n.Pending, n.Retried), nil
}

// finish waits for the chats' last answers, then up to drain for serve to
// handle every pushed update and send every message due, so that the
// fake's counts can be compared with the database.
func (b *botRun) finish(ctx context.Context, db *bun.DB, drain time.Duration) error {
	if b == nil {
		return nil
	}
	b.users.Wait()
	b.schedule.Wait()
	start := time.Now()
	for {
		done, err := b.drained(ctx, db, drain)
		if err != nil {
			return err
		}
		if done || time.Since(start) > drain {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	b.drainTook = time.Since(start)
	err := db.NewRaw(`SELECT count(*) FROM telegram_outbox WHERE status = 'sent' AND sent_at >= ? AND attempts > 1`, b.since).
		Scan(ctx, &b.rowsRetried)
	if err != nil {
		return fmt.Errorf("bot: retried rows: %w", err)
	}
	return nil
}

// drained: every pushed update is recorded as handled and confirmed to the
// fake, and no chat's next message is due within the drain time (a chat's
// messages go in order, so those behind one in a long backoff wait too).
func (b *botRun) drained(ctx context.Context, db bun.IDB, drain time.Duration) (bool, error) {
	if b.fake.Counts().Unconfirmed > 0 {
		return false, nil
	}
	first, last, pushed := b.pushedIDs()
	var n struct {
		Handled int64 `bun:"handled"`
		Queued  int64 `bun:"queued"`
	}
	err := db.NewRaw(`SELECT (SELECT count(*) FROM telegram_updates WHERE update_id BETWEEN ? AND ?) AS handled,
		(SELECT count(*) FROM (SELECT DISTINCT ON (chat_id) not_before FROM telegram_outbox
		   WHERE status IN ('queued', 'sending') ORDER BY chat_id, id) h WHERE not_before < now() + ?::interval) AS queued`,
		first, last, fmt.Sprintf("%d milliseconds", drain.Milliseconds())).Scan(ctx, &n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("bot: drain: %w", err)
	}
	return n.Handled >= pushed && n.Queued == 0, nil
}

func (b *botRun) pushedIDs() (first, last, n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.firstID, b.lastID, b.pushed.Load()
}

// checks are the bot traffic's invariants, seen from the Bot API's side.
func (b *botRun) checks(ctx context.Context, db bun.IDB) ([]checkResult, error) {
	if b == nil {
		return nil, nil
	}
	updates, err := checkBotUpdates(ctx, db, b)
	if err != nil {
		return nil, err
	}
	delivery, err := checkTelegramDelivery(ctx, db, b)
	if err != nil {
		return nil, err
	}
	return []checkResult{updates, delivery}, nil
}

// checkBotUpdates: every update the bot users sent was handled: recorded in
// telegram_updates, passed by the poller's offset (so Telegram forgets it),
// and answered — each question the load asks has one answer, so a chat
// must have at least as many messages, sent or still queued, as it asked
// questions (an answer that met faults may wait out its backoff past the
// drain; the database check tells whether it waits too long). Updates handed
// out more than once are counted, not failed: Telegram delivers at least
// once and the poller deduplicates.
func checkBotUpdates(ctx context.Context, db bun.IDB, b *botRun) (checkResult, error) {
	const name = "every bot update handled and answered (Bot API side)"
	first, last, pushed := b.pushedIDs()
	if pushed == 0 {
		return checkResult{Name: name, Status: statusNA, Detail: "no bot user asked anything"}, nil
	}
	var n struct {
		Handled int64 `bun:"handled"`
		Offset  int64 `bun:"next_offset"`
	}
	err := db.NewRaw(`SELECT (SELECT count(*) FROM telegram_updates WHERE update_id BETWEEN ? AND ?) AS handled,
		(SELECT coalesce(max(value::bigint), 0) FROM kv_settings WHERE key = ?) AS next_offset`,
		first, last, telegram.OffsetKey).Scan(ctx, &n)
	if err != nil {
		return checkResult{}, fmt.Errorf("check bot updates: %w", err)
	}
	chatIDs := make([]int64, len(b.chats))
	for i, ch := range b.chats {
		chatIDs[i] = ch.id
	}
	var queued []struct {
		ChatID int64 `bun:"chat_id"`
		N      int64 `bun:"n"`
	}
	if err := db.NewRaw(`SELECT chat_id, count(*) AS n FROM telegram_outbox WHERE status IN ('queued', 'sending') AND chat_id IN (?)
		GROUP BY chat_id`, bun.In(chatIDs)).Scan(ctx, &queued); err != nil {
		return checkResult{}, fmt.Errorf("check bot updates: %w", err)
	}
	waiting := map[int64]int64{}
	var stillQueued int64
	for _, q := range queued {
		waiting[q.ChatID] = q.N
		stillQueued += q.N
	}
	c := b.fake.Counts()
	var short int64
	for _, ch := range b.chats {
		if int64(c.Accepted[ch.id])+waiting[ch.id] < ch.questions {
			short++
		}
	}
	past := int64(0)
	if n.Offset > last {
		past = 1
	}
	return result(name, n.Handled < pushed || past == 0 || c.Unconfirmed > 0 || short > 0,
		map[string]int64{"pushed": pushed, "handled": n.Handled, "offset_past_last": past, "unconfirmed": int64(c.Unconfirmed),
			"handed_out": int64(c.HandedOut), "redelivered": int64(c.Redelivered), "answered_in_time": b.answered.Load(),
			"no_reply": b.noReply.Load(), "answers_queued": stillQueued, "chats_short_of_answers": short},
		"%d updates from %d chats (ids %d–%d): %d recorded as handled, poller's next offset %d, %d not confirmed to Telegram; "+
			"handed out %d times (%d ids more than once); %d answered in time, %d not, %d messages still queued; "+
			"chats with fewer answers (sent or queued) than questions: %d",
		pushed, len(b.chats), first, last, n.Handled, n.Offset, c.Unconfirmed, c.HandedOut, c.Redelivered,
		b.answered.Load(), b.noReply.Load(), stillQueued, short), nil
}

type sentRow struct {
	ChatID    int64 `bun:"chat_id"`
	MessageID int64 `bun:"message_id"`
}

// checkTelegramDelivery: every message Telegram (the fake) accepted during
// the run is exactly one outbox row marked sent with its message id, and
// every row marked sent since the fake started has a message the fake
// accepted. An accepted message without a row is a message the sender will
// send again (the chat gets it twice); a row without one claims a message
// Telegram never took. A message accepted while the check reads may not be
// committed yet, so a difference is read again for a few seconds before it
// counts.
//
// When serve or the database crashed during the run (make faults: -bot-crashes,
// or PostgreSQL restarted after the fake started), a message whose send
// straddled the crash — Telegram took it, the commit that marks it sent was
// lost — is sent again afterwards: the Bot API has no idempotency key, and
// losing the message would be worse. Such a repeat (the same text to the
// same chat as a message that has its row) is counted and reported apart,
// not as a failure; any other difference still fails.
func checkTelegramDelivery(ctx context.Context, db bun.IDB, b *botRun) (checkResult, error) {
	const name = "every chat message sent exactly once (Bot API side)"
	crashed := b.cfg.crashes
	if !crashed {
		if err := db.NewRaw("SELECT pg_postmaster_start_time() > ?", b.since).Scan(ctx, &crashed); err != nil {
			return checkResult{}, fmt.Errorf("check telegram delivery: %w", err)
		}
	}
	var d deliveryDiff
	for try := 0; ; try++ {
		var rows []sentRow
		if err := db.NewRaw(`SELECT chat_id, coalesce(message_id, 0) AS message_id FROM telegram_outbox
			WHERE status = 'sent' AND sent_at >= ?`, b.since).Scan(ctx, &rows); err != nil {
			return checkResult{}, fmt.Errorf("check telegram delivery: %w", err)
		}
		d = compareDelivery(b.fake.Sent(), rows, crashed)
		if d.clean() || try == 15 {
			break
		}
		select {
		case <-ctx.Done():
			return checkResult{}, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	detail := fmt.Sprintf("%d messages accepted by the Bot API to %d chats, %d outbox rows sent since it started: "+
		"accepted without a row %d, rows without an accepted message %d, message ids on two rows %d, chats whose counts differ %d",
		d.accepted, d.chats, d.rows, d.unmatchedAccepted, d.unmatchedRows, d.duplicateIDs, d.chatsDiffering)
	if crashed {
		detail += fmt.Sprintf("; with crashes during the run: %d messages sent again because Telegram took them just before one", d.resentAcrossCrash)
	}
	if len(d.sample) > 0 {
		detail += " (e.g. " + strings.Join(d.sample, "; ") + ")"
	}
	return result(name, !d.clean(), map[string]int64{"accepted": d.accepted, "rows": d.rows, "chats": d.chats,
		"accepted_without_row": d.unmatchedAccepted, "rows_without_acceptance": d.unmatchedRows,
		"duplicate_message_ids": d.duplicateIDs, "chats_differing": d.chatsDiffering, "resent_across_crash": d.resentAcrossCrash}, "%s", detail), nil
}

// deliveryDiff compares the fake's accepted messages with the sent rows.
type deliveryDiff struct {
	accepted, rows, chats                          int64
	unmatchedAccepted, unmatchedRows, duplicateIDs int64
	chatsDiffering                                 int64
	resentAcrossCrash                              int64 // repeats of a message sent across a database crash
	sample                                         []string
}

func (d deliveryDiff) clean() bool {
	return d.unmatchedAccepted+d.unmatchedRows+d.duplicateIDs+d.chatsDiffering == 0
}

// With crashed, an accepted message without a row that repeats (chat and
// text) a message with its row counts as resentAcrossCrash.
func compareDelivery(sent []fakeapi.SentMessage, rows []sentRow, crashed bool) deliveryDiff {
	d := deliveryDiff{accepted: int64(len(sent)), rows: int64(len(rows))}
	accepted := make(map[int64]int64, len(sent)) // message id → chat
	perChat := map[int64]int64{}                 // accepted minus rows, by chat
	for _, m := range sent {
		accepted[m.MessageID] = m.ChatID
		perChat[m.ChatID]++
	}
	note := func(format string, args ...any) {
		if len(d.sample) < 5 {
			d.sample = append(d.sample, fmt.Sprintf(format, args...))
		}
	}
	rowsOf := make(map[int64]int, len(rows))
	for _, r := range rows {
		perChat[r.ChatID]--
		if rowsOf[r.MessageID]++; rowsOf[r.MessageID] == 2 {
			d.duplicateIDs++
			note("message %d on two rows", r.MessageID)
		}
		if chat, ok := accepted[r.MessageID]; !ok || chat != r.ChatID {
			d.unmatchedRows++
			note("row of chat %d with message id %d", r.ChatID, r.MessageID)
		}
	}
	type chatText struct {
		chat int64
		text string
	}
	withRow := map[chatText]bool{}
	for _, m := range sent {
		if rowsOf[m.MessageID] > 0 {
			withRow[chatText{m.ChatID, m.Text}] = true
		}
	}
	for _, m := range sent {
		if rowsOf[m.MessageID] > 0 {
			continue
		}
		if crashed && withRow[chatText{m.ChatID, m.Text}] {
			d.resentAcrossCrash++
			perChat[m.ChatID]--
			continue
		}
		d.unmatchedAccepted++
		note("message %d to chat %d has no row", m.MessageID, m.ChatID)
	}
	d.chats = int64(len(perChat))
	for _, diff := range perChat {
		if diff != 0 {
			d.chatsDiffering++
		}
	}
	return d
}
