package telegram

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/locales"
)

// Engine is the conversation engine as the transport sees it.
type Engine interface {
	HandleTx(ctx context.Context, tx bun.Tx, conv *chat.Conversation, user *company.User, in chat.Input) ([]chat.Reply, error)
}

// Handler turns Telegram updates into conversations: linking a chat to a
// portal user with /start <token>, /unlink, /lang, and every other message
// through the engine. A chat that is not linked gets instructions and no
// data. Replies go to the outbound queue in the update's transaction.
type Handler struct {
	Engine Engine
	Bundle *i18n.Bundle
	Client *Client // answers callback queries (so buttons stop spinning)
	Now    func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// HandleTx is the poller's handler.
func (h *Handler) HandleTx(ctx context.Context, tx bun.Tx, u Update) error {
	chatID := u.ChatID()
	if chatID == 0 {
		return nil // nothing we answer (edits, channel posts, ...)
	}
	if u.CallbackQuery != nil && h.Client != nil {
		// Best effort: an unanswered button only keeps spinning.
		h.Client.AnswerCallbackQuery(ctx, u.CallbackQuery.ID, "")
	}
	in := u.Input()
	text := strings.TrimSpace(in.Text)
	guess := guessLanguage(u)
	switch {
	case strings.HasPrefix(text, "/start"):
		token := strings.TrimSpace(strings.TrimPrefix(text, "/start"))
		if token == "" {
			return h.instructions(ctx, tx, chatID, guess)
		}
		userID, err := chat.Link(ctx, tx, token, chatID, u.UserID(), h.now())
		if errors.Is(err, chat.ErrLinkInvalid) {
			return h.say(ctx, tx, chatID, guess, "bot_link_invalid")
		}
		if err != nil {
			return err
		}
		user, err := company.GetUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if _, err := chat.ForTelegramChat(ctx, tx, chatID, user.Language); err != nil {
			return err
		}
		// The conversation may have existed before the link: bind it now.
		if err := chat.Bind(ctx, tx, chatID, user); err != nil {
			return err
		}
		return h.say(ctx, tx, chatID, user.Language, "bot_linked", "Name", user.Name)
	case text == "/unlink":
		user, err := company.UserByTelegramChat(ctx, tx, chatID)
		if err != nil {
			return h.instructions(ctx, tx, chatID, guess)
		}
		if err := chat.Unlink(ctx, tx, chatID); err != nil {
			return err
		}
		return h.say(ctx, tx, chatID, user.Language, "bot_unlinked")
	}
	user, err := company.UserByTelegramChat(ctx, tx, chatID)
	if err == nil && user.IsStaff() {
		return h.say(ctx, tx, chatID, user.Language, "bot_staff_linked_info")
	}
	if errors.Is(err, company.ErrNotFound) || err == nil && user.CompanyID == nil {
		return h.instructions(ctx, tx, chatID, guess)
	}
	if err != nil {
		return err
	}
	conv, err := chat.ForTelegramChat(ctx, tx, chatID, user.Language)
	if err != nil {
		return err
	}
	if lang, ok := strings.CutPrefix(text, "/lang"); ok {
		l, valid := domain.ParseLanguage(strings.TrimSpace(lang))
		if !valid {
			return h.say(ctx, tx, chatID, conv.Language, "bot_lang_usage")
		}
		conv.Language = l
		if err := chat.Save(ctx, tx, conv); err != nil {
			return err
		}
		return h.say(ctx, tx, chatID, l, "bot_lang_set")
	}
	if text == "/help" {
		in = chat.Input{Data: "help"}
	}
	replies, err := h.Engine.HandleTx(ctx, tx, conv, user, in)
	if err != nil {
		return err
	}
	for _, r := range replies {
		if err := Enqueue(ctx, tx, chatID, r); err != nil {
			return err
		}
	}
	return nil
}

func (h *Handler) say(ctx context.Context, tx bun.Tx, chatID int64, lang domain.Language, id string, kv ...any) error {
	loc := locales.NewLocalizer(h.Bundle, lang)
	data := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		data[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return Enqueue(ctx, tx, chatID, chat.Reply{Text: loc.T(id, data)})
}

// instructions tell an unknown chat how to connect, in all three languages
// (nothing tells us yet which one the person reads), the guessed one first.
func (h *Handler) instructions(ctx context.Context, tx bun.Tx, chatID int64, first domain.Language) error {
	order := []domain.Language{first}
	for _, l := range domain.Languages {
		if l != first {
			order = append(order, l)
		}
	}
	var parts []string
	for _, l := range order {
		parts = append(parts, locales.NewLocalizer(h.Bundle, l).T("bot_unlinked_instructions"))
	}
	return Enqueue(ctx, tx, chatID, chat.Reply{Text: strings.Join(parts, "\n\n")})
}

func guessLanguage(u Update) domain.Language {
	var code string
	switch {
	case u.Message != nil && u.Message.From != nil:
		code = u.Message.From.LanguageCode
	case u.CallbackQuery != nil:
		code = u.CallbackQuery.From.LanguageCode
	}
	if l, ok := domain.ParseLanguage(strings.ToLower(strings.SplitN(code, "-", 2)[0])); ok {
		return l
	}
	return domain.Polish
}
