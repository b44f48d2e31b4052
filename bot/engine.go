// Package bot is the conversation engine: a message or a pressed button
// comes in, replies with buttons go out. It knows no transport; Telegram and
// the portal's chat panel both call Handle. Everything it says comes from
// the domain, priced and scoped exactly as in the portal.
package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/uptrace/bun"

	"partnerdesk/bot/intent"
	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/event"
	"partnerdesk/domain/loyalty"
	"partnerdesk/locales"
)

// Engine answers customers.
type Engine struct {
	DB     *bun.DB
	Bundle *i18n.Bundle
	Credit credit.Policy
	// PickupSLA is how long a manager has to take a handoff.
	PickupSLA time.Duration
	// Zones gives the clock times are shown on: the customer's country's
	// (UTC when nil).
	Zones *company.Zones
	Now   func() time.Time
	// Photos keeps complaint photos; Files downloads what customers send
	// (Telegram's getFile). Without both, complaints are filed without photos.
	Photos *complaint.PhotoStore
	Files  FileFetcher
}

// Input and Reply are the conversation's messages (shared with the portal's chat panel).
type (
	Input = chat.Input
	Reply = chat.Reply
)

// Button data (ASCII, far below Telegram's 64 bytes).
const (
	dataHuman    = "human"
	dataHelp     = "help"
	dataOrders   = "orders"
	dataOrderPfx = "order:"
	// dataNotifyPfx + a product id: tell me when it is back in stock.
	dataNotifyPfx = "bis:"
)

// local is a time on the customer's clock: their country's business
// calendar's zone, as on their portal pages.
func (t *turn) local(at time.Time) time.Time {
	if t.comp == nil {
		return at.UTC()
	}
	return at.In(t.e.Zones.Of(t.ctx, t.tx, t.comp.Country)) // UTC when Zones is nil
}

// today is the customer's business day (their country's clock), as order
// placement counts it.
func (t *turn) today() time.Time {
	return t.e.Zones.Today(t.ctx, t.tx, t.comp.Country, t.e.now())
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// turn is one message being answered.
type turn struct {
	e    *Engine
	ctx  context.Context
	tx   bun.Tx
	conv *chat.Conversation
	user *company.User
	comp *company.Company
	loc  *locales.Localizer
	in   *chat.Message // the message being answered
}

// Handle answers one message of a customer user in a conversation. The
// incoming message, the replies and the conversation's new state are
// written in one transaction.
func (e *Engine) Handle(ctx context.Context, conv *chat.Conversation, user *company.User, in Input) ([]Reply, error) {
	var replies []Reply
	err := domain.RunInTx(ctx, e.DB, func(ctx context.Context, tx bun.Tx) error {
		var err error
		replies, err = e.HandleTx(ctx, tx, conv, user, in)
		return err
	})
	return replies, err
}

// HandleTx is Handle inside the caller's transaction (the Telegram poller's,
// so that an update, its answer and its dedupe record commit together).
func (e *Engine) HandleTx(ctx context.Context, tx bun.Tx, conv *chat.Conversation, user *company.User, in Input) ([]Reply, error) {
	if user == nil || user.CompanyID == nil || !user.Active {
		return nil, fmt.Errorf("bot: conversation without an active customer user")
	}
	comp, err := company.Get(ctx, tx, *user.CompanyID)
	if err != nil {
		return nil, err
	}
	t := &turn{e: e, ctx: ctx, tx: tx, conv: conv, user: user, comp: comp, loc: locales.NewLocalizer(e.Bundle, conv.Language)}
	body := in.Text
	switch {
	case body == "" && in.PhotoFileID != "":
		body = "📷"
	case body == "":
		label, err := chat.PressedLabel(ctx, tx, conv.ID, in.Data)
		if err != nil {
			return nil, err
		}
		body = "[" + in.Data + "]"
		if label != "" {
			body = "▸ " + label
		}
	}
	t.in = &chat.Message{ConversationID: conv.ID, Direction: "in", Author: "customer", AuthorID: &user.ID, Body: body}
	if in.PhotoFileID != "" {
		t.in.PhotoFileID = &in.PhotoFileID
	}
	if err := chat.Append(ctx, tx, t.in); err != nil {
		return nil, err
	}
	replies, err := t.answer(in)
	if err != nil {
		return nil, err
	}
	for _, r := range replies {
		if err := chat.Append(ctx, tx, &chat.Message{ConversationID: conv.ID, Direction: "out", Author: "bot", Body: r.Text, Buttons: r.Buttons}); err != nil {
			return nil, err
		}
	}
	return replies, chat.Save(ctx, tx, conv)
}

func (t *turn) answer(in Input) ([]Reply, error) {
	if replies, done, err := t.npsComment(in); done || err != nil {
		return replies, err
	}
	if t.conv.Mode == chat.ModeHuman {
		if replies, handled, err := t.handedOver(); handled || err != nil {
			return replies, err
		}
	}
	switch {
	case in.Data == dataComplaint:
		return t.complaintStart()
	case strings.HasPrefix(in.Data, "cp:h:"):
		return t.complaintHandoff(in.Data)
	}
	if replies, handled, err := t.complaintInput(in); handled || err != nil {
		return replies, err
	}
	if replies, handled, err := t.reorderQty(in); handled || err != nil {
		return replies, err
	}
	if number, score, ok := chat.ParseNPSData(in.Data); ok {
		return t.npsAnswer(number, score)
	}
	switch {
	case in.Data == dataHuman:
		return t.handoff(chat.ReasonAsked)
	case in.Data == dataHelp:
		return t.help(), nil
	case in.Data == dataOrders:
		return t.openOrders()
	case in.Data == "ro:again":
		return t.reorderSummary(false)
	case strings.HasPrefix(in.Data, "ro:"):
		return t.reorderAnswer(in.Data)
	case strings.HasPrefix(in.Data, dataNotifyPfx):
		return t.notifyBack(in.Data)
	case strings.HasPrefix(in.Data, dataOrderPfx):
		var n int64
		fmt.Sscan(strings.TrimPrefix(in.Data, dataOrderPfx), &n)
		return t.orderStatus(n)
	}
	res := intent.Detect(in.Text, string(t.conv.Language))
	if res.Kind != intent.Unknown {
		t.conv.Misunderstood = 0
	}
	switch res.Kind {
	case intent.Human:
		return t.handoff(chat.ReasonAsked)
	case intent.Stock:
		return t.stock(res.Query)
	case intent.Delivery:
		if res.OrderNumber != 0 {
			return t.orderStatus(res.OrderNumber)
		}
		return t.openOrders()
	case intent.Invoices:
		return t.balance()
	case intent.Reorder:
		return t.reorderSummary(res.Favourites)
	case intent.Complaint:
		return t.complaintStart()
	case intent.Greeting, intent.Help:
		return t.help(), nil
	case intent.Thanks:
		return []Reply{{Text: t.loc.T("bot_thanks")}}, nil
	case intent.Yes, intent.No, intent.Cancel:
		return []Reply{{Text: t.loc.T("bot_nothing_pending"), Buttons: t.menu()}}, nil
	}
	// Not understood: after the second time in a row, offer a human.
	t.conv.Misunderstood++
	if t.conv.Misunderstood >= 2 {
		return []Reply{{Text: t.loc.T("bot_not_understood_twice"), Buttons: []chat.Button{t.humanButton(), {Label: t.loc.T("bot_button_help"), Data: dataHelp}}}}, nil
	}
	return []Reply{{Text: t.loc.T("bot_not_understood"), Buttons: t.menu()}}, nil
}

func (t *turn) humanButton() chat.Button {
	return chat.Button{Label: t.loc.T("bot_button_human"), Data: dataHuman}
}

func (t *turn) menu() []chat.Button {
	return []chat.Button{{Label: t.loc.T("bot_button_orders"), Data: dataOrders}, t.humanButton()}
}

func (t *turn) help() []Reply {
	return []Reply{{Text: t.loc.T("bot_help", map[string]any{"Name": firstName(t.user.Name)}), Buttons: t.menu()}}
}

// newKey makes an idempotency key for a summary the customer may confirm.
func newKey() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func firstName(full string) string {
	if i := strings.IndexByte(full, ' '); i > 0 {
		return full[:i]
	}
	return full
}

func (t *turn) pickupSLA() time.Duration {
	if t.e.PickupSLA == 0 {
		return 30 * time.Minute
	}
	return t.e.PickupSLA
}

// handedOver passes a message of a handed-over conversation to the manager's
// desk. While nobody has taken it the bot acknowledges; once a manager
// answers, the bot keeps quiet. A conversation whose handoff was closed
// meanwhile is the bot's again (handled is false).
func (t *turn) handedOver() (replies []Reply, handled bool, err error) {
	h, err := chat.OpenHandoffOf(t.ctx, t.tx, t.conv.ID)
	if err != nil || h == nil {
		t.conv.Mode = chat.ModeBot
		return nil, false, err
	}
	err = event.Emit(t.ctx, t.tx, t.comp.ID, event.ChatMessage, chat.MessageEvent{Conversation: t.conv.ID, User: t.user.ID,
		Message: t.in.ID, Author: "customer", Text: t.in.Body, Handoff: h.ID, Private: true})
	if err != nil || h.Status != chat.HandoffWaiting {
		return nil, true, err
	}
	return []Reply{{Text: t.loc.T("bot_handed_over_wait")}}, true, nil
}

// handoff passes the conversation to the account manager.
func (t *turn) handoff(reason string) ([]Reply, error) {
	if _, err := chat.RequestHandoff(t.ctx, t.tx, t.conv, reason, t.pickupSLA(), t.e.now()); err != nil {
		return nil, err
	}
	manager, _, err := company.Managers(t.ctx, t.tx, t.comp)
	if err != nil {
		return nil, err
	}
	name := t.loc.T("bot_your_manager")
	if manager != nil {
		name = manager.Name
	}
	return []Reply{{Text: t.loc.T("bot_handed_over", map[string]any{"Manager": name})}}, nil
}

func (t *turn) balance() ([]Reply, error) {
	if !t.user.CanSeeFinance() {
		return []Reply{{Text: t.loc.T("bot_no_finance_access")}}, nil
	}
	b, err := credit.BalanceOf(t.ctx, t.tx, t.comp.ID, t.today(), t.e.Credit)
	if err != nil {
		return nil, err
	}
	text := t.loc.T("bot_balance", map[string]any{
		"Available": locales.FormatMoney(b.Available, b.Currency), "Limit": locales.FormatMoney(b.Limit, b.Currency),
		"Overdue": locales.FormatMoney(b.Overdue, b.Currency), "Unpaid": locales.FormatMoney(b.UnpaidInvoices, b.Currency)})
	if block := credit.Check(t.comp.Status, b, 0, t.e.Credit); block != nil {
		text += "\n" + t.loc.T("block_title_"+block.Reason)
	}
	acct, err := loyalty.AccountOf(t.ctx, t.tx, t.comp.ID)
	if err != nil {
		return nil, err
	}
	if acct.Balance > 0 {
		text += "\n" + t.loc.TN("bot_balance_points", acct.Balance, map[string]any{
			"Value": locales.FormatMoney(acct.Settings.ValueOf(acct.Balance), b.Currency)})
	}
	return []Reply{{Text: text}}, nil
}
