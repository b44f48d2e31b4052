package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/event"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

// DeskConsumer is the outbox consumer between the manager's desk and
// Telegram:
//   - what a manager (or the desk on the bot's behalf) says to a customer
//     whose conversation is on Telegram is queued to that chat;
//   - a new handoff is told to the company's account manager, and one nobody
//     took within the pickup time to the backup manager (admins when there is
//     none), with its context: company, customer, reason, last messages,
//     open orders and a link to the desk.
//
// Messages are queued in the consumer's transaction with its cursor, so each
// event is told once.
func DeskConsumer(bundle *i18n.Bundle, loc *time.Location, publicURL string) event.Consumer {
	if loc == nil {
		loc = time.UTC
	}
	d := &desk{bundle: bundle, loc: loc, publicURL: strings.TrimRight(publicURL, "/")}
	return event.Consumer{
		Name: "telegram-desk",
		Handle: func(ctx context.Context, tx bun.Tx, events []event.Event) error {
			for _, e := range events {
				var err error
				switch e.Kind {
				case event.ChatMessage:
					err = d.relay(ctx, tx, e)
				case event.HandoffChanged:
					err = d.tellStaff(ctx, tx, e)
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
}

type desk struct {
	bundle    *i18n.Bundle
	loc       *time.Location
	publicURL string
}

// relay queues a desk message to the customer's Telegram chat.
func (d *desk) relay(ctx context.Context, tx bun.Tx, e event.Event) error {
	var m chat.MessageEvent
	if err := json.Unmarshal(e.Payload, &m); err != nil {
		return fmt.Errorf("telegram: chat event: %w", err)
	}
	if m.Author == "customer" {
		return nil
	}
	var chatID *int64
	err := tx.NewRaw("SELECT telegram_chat_id FROM conversations WHERE id = ? AND channel = 'telegram' AND user_id IS NOT NULL", m.Conversation).Scan(ctx, &chatID)
	if errors.Is(err, domain.ErrNoRows) || err == nil && chatID == nil {
		return nil // a portal conversation (the live socket shows it), or unlinked meanwhile
	}
	if err != nil {
		return fmt.Errorf("telegram: relay: %w", err)
	}
	return Enqueue(ctx, tx, *chatID, chat.Reply{Text: m.Text, Buttons: m.Buttons})
}

// staffRecipient is a manager with a linked Telegram chat.
type staffRecipient struct {
	ChatID   int64           `bun:"telegram_chat_id"`
	Language domain.Language `bun:"language"`
}

func (d *desk) tellStaff(ctx context.Context, tx bun.Tx, e event.Event) error {
	var p struct {
		Handoff int64  `json:"handoff"`
		Status  string `json:"status"`
	}
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return fmt.Errorf("telegram: handoff event: %w", err)
	}
	if p.Status != chat.HandoffWaiting && p.Status != "escalated" {
		return nil
	}
	h, err := chat.GetHandoff(ctx, tx, p.Handoff, 0, true)
	if errors.Is(err, chat.ErrHandoffNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if h.Status != chat.HandoffWaiting {
		return nil // taken or closed before this was told
	}
	var who *int64
	escalated := p.Status == "escalated"
	if escalated {
		who = h.BackupID
	} else {
		who = h.AssignedID
	}
	var rs []staffRecipient
	q := tx.NewSelect().Table("users").Column("telegram_chat_id", "language").
		Where("active AND telegram_chat_id IS NOT NULL AND role IN ('manager', 'admin')")
	if who != nil {
		q = q.Where("id = ?", *who)
	} else {
		q = q.Where("role = 'admin'") // nobody assigned: the admins
	}
	if err := q.Scan(ctx, &rs); err != nil {
		return fmt.Errorf("telegram: staff recipients: %w", err)
	}
	if len(rs) == 0 {
		return nil // the desk shows it live
	}
	msgs, err := chat.History(ctx, tx, h.ConversationID, 5)
	if err != nil {
		return err
	}
	var open []*order.Order
	if h.CompanyID != nil {
		if open, _, err = order.List(ctx, tx, *h.CompanyID, order.Filter{Status: "open", Limit: 3}); err != nil {
			return err
		}
	}
	for _, r := range rs {
		text := d.handoffText(locales.NewLocalizer(d.bundle, r.Language), h, escalated, msgs, open)
		if err := Enqueue(ctx, tx, r.ChatID, chat.Reply{Text: text}); err != nil {
			return err
		}
	}
	return nil
}

func (d *desk) handoffText(l *locales.Localizer, h *chat.Handoff, escalated bool, msgs []chat.Message, open []*order.Order) string {
	data := map[string]any{"Company": h.CompanyName, "Customer": h.CustomerName, "Channel": l.T("handoff_channel_" + h.Channel),
		"Reason": l.T("handoff_reason_" + h.Reason), "Due": locales.FormatDateTime(h.PickupDueAt.In(d.loc)),
		"Since": locales.FormatDateTime(h.CreatedAt.In(d.loc))}
	key := "staff_handoff_notice"
	if escalated {
		key = "staff_handoff_escalated"
	}
	parts := []string{l.T(key, data)}
	if h.NPSScore != nil {
		line := fmt.Sprintf("NPS: %d", *h.NPSScore)
		if h.NPSComment != "" {
			line += " — " + h.NPSComment
		}
		parts = append(parts, line)
	}
	if len(msgs) > 0 {
		lines := []string{l.T("staff_handoff_last")}
		for _, m := range msgs {
			who := h.CustomerName
			if m.Author != "customer" {
				who = l.T("chat_" + m.Author)
			}
			lines = append(lines, fmt.Sprintf("%s: %s", who, locales.Clip(m.Body, 200)))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	if len(open) > 0 {
		lines := []string{l.T("staff_handoff_orders")}
		for _, o := range open {
			lines = append(lines, fmt.Sprintf("• %d — %s — %s", o.Number, l.T("status_"+o.Status), locales.FormatMoney(o.GrossTotal, o.Currency)))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	if d.publicURL != "" {
		parts = append(parts, l.T("staff_handoff_open", map[string]any{"Link": fmt.Sprintf("%s/desk/handoffs/%d", d.publicURL, h.ID)}))
	}
	return strings.Join(parts, "\n\n")
}
