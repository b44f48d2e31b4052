package nps

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
)

// Which survey a user is shown, and when. The bot asks after a delivery
// (on Telegram or in the portal's chat panel) and claims the user's NPS
// interval (chat.NPSInterval, users.nps_asked_at) when it does; the portal's
// dashboard card offers the same question without pushing it, so:
//
//   - Nothing is offered to a user who answered any NPS question (any
//     trigger, any channel) within the interval: one answer per interval.
//   - After delivery, the dashboard offers the user's latest delivered order
//     (placed by them, delivered within AfterDeliveryWindow, not rated by
//     anyone of the company). While the interval the bot claimed runs, only
//     an order delivered before that claim qualifies — the question the bot
//     already asked, not a new one the interval held back.
//   - The quarterly relationship survey is offered to owners and buyers from
//     month QuarterlyFromMonth of the quarter until they answer it. It is
//     never pushed, so only answers (not the bot's claim) hold it back, and
//     it comes first when both are open: it is the rarer question.
//   - The delivered order's own page offers its survey to the user who
//     placed it whatever the interval: the user went looking for it.
//
// Answering on the portal claims the interval too (see Record).

// deliveredAt is when order o was delivered: its last "delivered" status
// change, or its last update for an order without a history.
const deliveredAt = `coalesce((SELECT max(h.at) FROM order_status_history h WHERE h.order_id = o.id AND h.status = 'delivered'), o.updated_at)`

// Pending is a survey open to a user.
type Pending struct {
	Trigger     string
	Ref         string    // order number or quarter, as stored
	OrderNumber int64     // after delivery
	DeliveredAt time.Time // after delivery
	Quarter     Quarter   // quarterly
}

// Quarter is a calendar quarter.
type Quarter struct{ Year, Q int }

// QuarterOf returns the quarter of t, in t's location.
func QuarterOf(t time.Time) Quarter { return Quarter{t.Year(), (int(t.Month())-1)/3 + 1} }

// String writes the quarter as stored in trigger_ref: 2026Q4.
func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.Q) }

// ParseQuarter reads "2026Q4".
func ParseQuarter(s string) (Quarter, bool) {
	if len(s) != 6 || s[4] != 'Q' {
		return Quarter{}, false
	}
	y, err := strconv.Atoi(s[:4])
	q := int(s[5] - '0')
	if err != nil || y < 2000 || q < 1 || q > 4 {
		return Quarter{}, false
	}
	return Quarter{y, q}, true
}

// monthOfQuarter is 1, 2 or 3.
func monthOfQuarter(t time.Time) int { return (int(t.Month())-1)%3 + 1 }

// Next is the one survey the dashboard offers the user now, or nil: the
// quarterly survey if open, else the after-delivery one.
func Next(ctx context.Context, db bun.IDB, companyID, userID int64, now time.Time) (*Pending, error) {
	p, err := PendingQuarterly(ctx, db, companyID, userID, now)
	if p != nil || err != nil {
		return p, err
	}
	return PendingAfterDelivery(ctx, db, companyID, userID, now)
}

// PendingAfterDelivery returns the delivered order the dashboard asks the
// user to rate, or nil.
func PendingAfterDelivery(ctx context.Context, db bun.IDB, companyID, userID int64, now time.Time) (*Pending, error) {
	return pendingOrder(ctx, db, companyID, userID, 0, now, true)
}

// OrderSurvey returns the survey of one order for its page, or nil: open
// when the user placed it, it was delivered within AfterDeliveryWindow and
// nobody of the company rated it. The NPS interval does not apply.
func OrderSurvey(ctx context.Context, db bun.IDB, companyID, userID, orderNumber int64, now time.Time) (*Pending, error) {
	return pendingOrder(ctx, db, companyID, userID, orderNumber, now, false)
}

func pendingOrder(ctx context.Context, db bun.IDB, companyID, userID, number int64, now time.Time, interval bool) (*Pending, error) {
	q := db.NewSelect().TableExpr("orders AS o").
		ColumnExpr("o.number, d.at").
		Join("JOIN users AS u ON u.id = o.user_id AND u.company_id = o.company_id").
		Join("CROSS JOIN LATERAL (SELECT "+deliveredAt+" AS at) AS d").
		Where("o.company_id = ? AND o.user_id = ? AND o.status = 'delivered' AND u.active", companyID, userID).
		Where("d.at >= ?", now.Add(-AfterDeliveryWindow)).
		Where("NOT EXISTS (SELECT 1 FROM nps_responses n WHERE n.order_id = o.id)").
		OrderExpr("d.at DESC, o.number DESC").Limit(1)
	if number != 0 {
		q = q.Where("o.number = ?", number)
	}
	if interval {
		since := now.Add(-chat.NPSInterval)
		q = q.Where("NOT EXISTS (SELECT 1 FROM nps_responses n WHERE n.user_id = u.id AND n.created_at > ?)", since).
			Where("(u.nps_asked_at IS NULL OR u.nps_asked_at <= ? OR d.at <= u.nps_asked_at)", since)
	}
	p := &Pending{Trigger: TriggerAfterDelivery}
	err := q.Scan(ctx, &p.OrderNumber, &p.DeliveredAt)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("nps: pending after delivery: %w", err)
	}
	p.Ref = strconv.FormatInt(p.OrderNumber, 10)
	return p, nil
}

// PendingQuarterly returns the current quarter's relationship survey if the
// user (an owner or buyer) is to be asked it now, or nil. The quarter is
// taken in now's location.
func PendingQuarterly(ctx context.Context, db bun.IDB, companyID, userID int64, now time.Time) (*Pending, error) {
	if monthOfQuarter(now) < QuarterlyFromMonth {
		return nil, nil
	}
	q := QuarterOf(now)
	var open bool
	err := db.NewRaw(`SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = ? AND u.company_id = ? AND u.active AND u.role IN ('owner', 'buyer')
		AND NOT EXISTS (SELECT 1 FROM nps_responses n WHERE n.user_id = u.id
			AND (n.created_at > ? OR n.company_id = u.company_id AND n.trigger = 'quarterly' AND n.trigger_ref = ?)))`,
		userID, companyID, now.Add(-chat.NPSInterval), q.String()).Scan(ctx, &open)
	if err != nil {
		return nil, fmt.Errorf("nps: pending quarterly: %w", err)
	}
	if !open {
		return nil, nil
	}
	return &Pending{Trigger: TriggerQuarterly, Ref: q.String(), Quarter: q}, nil
}
