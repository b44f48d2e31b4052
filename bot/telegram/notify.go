package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/event"
	"partnerdesk/locales"
)

// NotifyConsumer is the outbox consumer that tells linked Telegram users
// about their company's order status changes and shipments, in their
// language, outside their quiet hours, unless they switched the kind off.
// The messages are queued in the consumer's transaction, with its cursor:
// each event is told once.
//
// Quiet hours are on the customer's clock: their country's (zones; UTC when
// nil).
func NotifyConsumer(bundle *i18n.Bundle, zones *company.Zones) event.Consumer {
	return event.Consumer{
		Name: "telegram-notify",
		Handle: func(ctx context.Context, tx bun.Tx, events []event.Event) error {
			for _, e := range events {
				if e.CompanyID == nil || (e.Kind != event.OrderStatus && e.Kind != event.OrderShipment) {
					continue
				}
				if err := notifyOrder(ctx, tx, bundle, zones, e); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

type recipient struct {
	UserID    int64           `bun:"id"`
	ChatID    int64           `bun:"telegram_chat_id"`
	Language  domain.Language `bun:"language"`
	QuietFrom *int            `bun:"quiet_from"`
	QuietTo   *int            `bun:"quiet_to"`
	Country   string          `bun:"country"` // the company's, whose clock the quiet hours are on
}

// now is the time on the recipient's clock.
func (r recipient) now(ctx context.Context, tx bun.Tx, zones *company.Zones) time.Time {
	if zones == nil {
		return time.Now().UTC()
	}
	return time.Now().In(zones.Of(ctx, tx, r.Country))
}

func notifyOrder(ctx context.Context, tx bun.Tx, bundle *i18n.Bundle, zones *company.Zones, e event.Event) error {
	var p struct {
		Order   int64  `json:"order"`
		Status  string `json:"status"`
		Carrier string `json:"carrier"`
	}
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return fmt.Errorf("telegram: notify payload: %w", err)
	}
	var rs []recipient
	err := tx.NewRaw(`SELECT u.id, u.telegram_chat_id, u.language, u.quiet_from, u.quiet_to, c.country
		FROM users u JOIN companies c ON c.id = u.company_id
		WHERE u.company_id = ? AND u.active AND u.telegram_chat_id IS NOT NULL
		  AND coalesce((SELECT enabled FROM notification_preferences n WHERE n.user_id = u.id AND n.kind = 'order_status'), true)`,
		*e.CompanyID).Scan(ctx, &rs)
	if err != nil {
		return fmt.Errorf("telegram: notify recipients: %w", err)
	}
	for _, r := range rs {
		l := locales.NewLocalizer(bundle, r.Language)
		var text string
		if e.Kind == event.OrderShipment {
			text = l.T("live_order_shipment", map[string]any{"Number": p.Order, "Carrier": p.Carrier})
		} else {
			text = l.T("live_order_status", map[string]any{"Number": p.Order, "Status": l.T("status_" + p.Status)})
		}
		reply := chat.Reply{Text: text, Buttons: []chat.Button{{Label: l.T("bot_button_details"), Data: fmt.Sprintf("order:%d", p.Order)}}}
		when := afterQuietHours(r.now(ctx, tx, zones), r.QuietFrom, r.QuietTo)
		if err := EnqueueAt(ctx, tx, r.ChatID, reply, when); err != nil {
			return err
		}
		if e.Kind == event.OrderStatus && p.Status == "delivered" {
			if err := askNPS(ctx, tx, l, r, p.Order, when); err != nil {
				return err
			}
		}
	}
	return nil
}

// askNPS asks a delivered order's buyer for a 0–10 score, unless the user
// was asked recently (never twice for one order: each event is handled once,
// and a second answer is refused).
func askNPS(ctx context.Context, tx bun.Tx, l *locales.Localizer, r recipient, orderNumber int64, when time.Time) error {
	if ok, err := chat.ClaimNPSQuestion(ctx, tx, r.UserID, time.Now()); err != nil || !ok {
		return err
	}
	return EnqueueAt(ctx, tx, r.ChatID, chat.Reply{Text: l.T("bot_nps_question", map[string]any{"Number": orderNumber}),
		Buttons: chat.NPSButtons(orderNumber)}, when)
}

// afterQuietHours returns when a message may be sent: the zero time (now)
// outside the quiet hours [from, to), else the end of them. Hours wrap
// around midnight (22–7).
func afterQuietHours(now time.Time, from, to *int) time.Time {
	if from == nil || to == nil || *from == *to {
		return time.Time{}
	}
	h := now.Hour()
	quiet := *from < *to && h >= *from && h < *to || *from > *to && (h >= *from || h < *to)
	if !quiet {
		return time.Time{}
	}
	end := time.Date(now.Year(), now.Month(), now.Day(), *to, 0, 0, 0, now.Location())
	if !end.After(now) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}
