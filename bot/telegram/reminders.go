package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/uptrace/bun"

	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/event"
	"partnerdesk/domain/notify"
	"partnerdesk/locales"
)

// ReminderConsumer is the outbox consumer that sends a user's new
// notifications (invoices due and overdue, back in stock, reorder
// reminders, price changes) to the user's linked Telegram chat, in the
// user's language, after the user's quiet hours. Order status is told by
// NotifyConsumer from the order events themselves and is skipped here. The
// messages are queued in the consumer's transaction, with its cursor: each
// notification is sent once.
func ReminderConsumer(bundle *i18n.Bundle, zones *company.Zones) event.Consumer {
	return event.Consumer{
		Name: "telegram-reminders",
		Handle: func(ctx context.Context, tx bun.Tx, events []event.Event) error {
			for _, e := range events {
				if e.Kind != event.Notification {
					continue
				}
				if err := sendReminder(ctx, tx, bundle, zones, e); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func sendReminder(ctx context.Context, tx bun.Tx, bundle *i18n.Bundle, zones *company.Zones, e event.Event) error {
	var p struct {
		Notification int64  `json:"notification"`
		Kind         string `json:"kind"`
	}
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return fmt.Errorf("telegram: reminder payload: %w", err)
	}
	if p.Kind == notify.KindOrderStatus {
		return nil
	}
	n, err := notify.Load(ctx, tx, p.Notification)
	if errors.Is(err, notify.ErrNotFound) {
		return nil // the user was deleted meanwhile
	}
	if err != nil {
		return err
	}
	if !n.Unread() {
		return nil // already seen in the portal
	}
	var rs []recipient
	if err := tx.NewRaw(`SELECT u.telegram_chat_id, u.language, u.quiet_from, u.quiet_to, coalesce(c.country, '') AS country
		FROM users u LEFT JOIN companies c ON c.id = u.company_id
		WHERE u.id = ? AND u.active AND u.telegram_chat_id IS NOT NULL`, n.UserID).Scan(ctx, &rs); err != nil {
		return fmt.Errorf("telegram: reminder recipient: %w", err)
	}
	if len(rs) == 0 {
		return nil // no linked chat: the portal shows it
	}
	r := rs[0]
	l := locales.NewLocalizer(bundle, r.Language)
	reply := chat.Reply{Text: notify.Text(l, n)}
	if n.Kind == notify.KindReorder && n.Params.Order != 0 {
		reply.Buttons = []chat.Button{{Label: l.T("bot_button_details"), Data: fmt.Sprintf("order:%d", n.Params.Order)}}
	}
	return EnqueueAt(ctx, tx, r.ChatID, reply, afterQuietHours(r.now(ctx, tx, zones), r.QuietFrom, r.QuietTo))
}
