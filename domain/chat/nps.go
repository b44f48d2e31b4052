package chat

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// NPS buttons carry "nps:<order number>:<score>", and "nps:skip" declines a
// comment. The labels are the digits, the same in every language.
const npsSkip = "nps:skip"

// NPSInterval is the least time between two NPS questions to one user
// (NPS_INTERVAL), on whichever channel.
var NPSInterval = 30 * 24 * time.Hour

// ClaimNPSQuestion records that the user is asked now, unless they were asked
// within NPSInterval (then it reports false and nothing is asked).
func ClaimNPSQuestion(ctx context.Context, tx bun.IDB, userID int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, "UPDATE users SET nps_asked_at = ? WHERE id = ? AND (nps_asked_at IS NULL OR nps_asked_at <= ?)",
		now, userID, now.Add(-NPSInterval))
	if err != nil {
		return false, fmt.Errorf("chat: nps question: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// NPSButtons are the 0–10 answers for an order.
func NPSButtons(orderNumber int64) []Button {
	bs := make([]Button, 11)
	for s := 0; s <= 10; s++ {
		bs[s] = Button{Label: strconv.Itoa(s), Data: fmt.Sprintf("nps:%d:%d", orderNumber, s)}
	}
	return bs
}

// NPSSkipData is the data of the "no comment" button.
func NPSSkipData() string { return npsSkip }

// ParseNPSData reads an NPS button; ok is false for anything else.
func ParseNPSData(data string) (orderNumber int64, score int, ok bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 3 || parts[0] != "nps" {
		return 0, 0, false
	}
	n, err1 := strconv.ParseInt(parts[1], 10, 64)
	s, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || s < 0 || s > 10 {
		return 0, 0, false
	}
	return n, s, true
}

// RecordNPS stores a score for a delivered order of the user's company, once
// per order. It returns the response id, or 0 when the order was already rated.
func RecordNPS(ctx context.Context, tx bun.IDB, companyID, userID, orderNumber int64, score int, channel string) (int64, error) {
	var id int64
	err := tx.NewRaw(`INSERT INTO nps_responses (company_id, user_id, order_id, trigger, trigger_ref, channel, score)
		SELECT o.company_id, ?, o.id, 'after_delivery', o.number::text, ?, ?
		FROM orders o WHERE o.company_id = ? AND o.number = ? AND o.status = 'delivered'
		ON CONFLICT DO NOTHING RETURNING id`, userID, channel, score, companyID, orderNumber).Scan(ctx, &id)
	if err != nil && !errors.Is(err, domain.ErrNoRows) {
		return 0, fmt.Errorf("chat: nps: %w", err)
	}
	return id, nil
}

// CommentNPS adds the customer's comment to a response.
func CommentNPS(ctx context.Context, tx bun.IDB, responseID int64, comment string) error {
	if r := []rune(comment); len(r) > 2000 {
		comment = string(r[:2000]) // characters, not bytes: Cyrillic must stay whole
	}
	_, err := tx.ExecContext(ctx, "UPDATE nps_responses SET comment = ? WHERE id = ?", comment, responseID)
	return err
}
