package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/event"
	"partnerdesk/locales"
)

// PortalNPSConsumer asks for the 0–10 score of a delivered order in the
// portal's chat panel: the user who placed the order gets the question with
// its buttons when they have no Telegram chat (which asks there instead),
// at most once per NPS interval. The answer comes back through the engine
// like any button.
func PortalNPSConsumer(bundle *i18n.Bundle) event.Consumer {
	return event.Consumer{
		Name: "portal-nps",
		Handle: func(ctx context.Context, tx bun.Tx, events []event.Event) error {
			for _, e := range events {
				if e.Kind != event.OrderStatus || e.CompanyID == nil {
					continue
				}
				var p struct {
					Order  int64  `json:"order"`
					Status string `json:"status"`
				}
				if err := json.Unmarshal(e.Payload, &p); err != nil {
					return fmt.Errorf("bot: nps payload: %w", err)
				}
				if p.Status != "delivered" {
					continue
				}
				if err := askNPSInPortal(ctx, tx, bundle, *e.CompanyID, p.Order); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func askNPSInPortal(ctx context.Context, tx bun.Tx, bundle *i18n.Bundle, companyID, number int64) error {
	var u struct {
		ID       int64           `bun:"id"`
		Language domain.Language `bun:"language"`
	}
	err := tx.NewRaw(`SELECT u.id, u.language FROM orders o JOIN users u ON u.id = o.user_id
		WHERE o.company_id = ? AND o.number = ? AND u.active AND u.company_id = o.company_id AND u.telegram_chat_id IS NULL
		  AND NOT EXISTS (SELECT 1 FROM nps_responses n WHERE n.order_id = o.id)`, companyID, number).Scan(ctx, &u)
	if errors.Is(err, domain.ErrNoRows) {
		return nil // placed by the ERP, the user is on Telegram, or it is rated already
	}
	if err != nil {
		return fmt.Errorf("bot: nps recipient: %w", err)
	}
	if ok, err := chat.ClaimNPSQuestion(ctx, tx, u.ID, time.Now()); err != nil || !ok {
		return err
	}
	conv, err := chat.ForPortalUser(ctx, tx, u.ID, companyID, u.Language)
	if err != nil {
		return err
	}
	l := locales.NewLocalizer(bundle, conv.Language)
	_, err = chat.Say(ctx, tx, chat.Notice{ConversationID: conv.ID, CompanyID: companyID, UserID: u.ID, Author: "bot",
		Text: l.T("bot_nps_question", map[string]any{"Number": number}), Buttons: chat.NPSButtons(number)})
	return err
}
