package portal

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"partnerdesk/domain/chat"
	"partnerdesk/domain/company"
	"partnerdesk/locales"
)

// ChatBot answers a customer's chat message. cmd hands the bot engine to the
// portal through this interface, so that portal and bot never import each other.
type ChatBot interface {
	Handle(ctx context.Context, conv *chat.Conversation, user *company.User, in chat.Input) ([]chat.Reply, error)
}

// SetChatBot connects the chat panel to the bot.
func (s *Server) SetChatBot(b ChatBot) { s.bot = b }

const chatHistory = 100

// conversation returns the signed-in customer's portal conversation.
func (s *Server) conversation(r *http.Request) (*chat.Conversation, error) {
	rc := reqCtx(r)
	return chat.ForPortalUser(r.Context(), s.db, rc.user.ID, rc.company.ID, rc.user.Language)
}

// showChatPage is the chat as a page: the whole history and a form. The
// drawer on every page loads its log from here and then talks over /live.
func (s *Server) showChatPage(w http.ResponseWriter, r *http.Request) {
	conv, err := s.conversation(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msgs, err := chat.History(r.Context(), s.db, conv.ID, chatHistory)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "chat", map[string]any{"Nav": "chat", "Messages": msgs, "Available": s.bot != nil})
}

// sendChat takes a message from the chat form (works without JavaScript).
func (s *Server) sendChat(w http.ResponseWriter, r *http.Request) {
	in := chat.Input{Text: strings.TrimSpace(r.PostFormValue("text")), Data: r.PostFormValue("data")}
	if _, err := s.chatTurn(r.Context(), r, in); err != nil {
		if errors.Is(err, errChatEmpty) {
			http.Redirect(w, r, "/chat", http.StatusSeeOther)
			return
		}
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/chat#end", http.StatusSeeOther)
}

var errChatEmpty = errors.New("chat: empty message")

// chatTurn hands one message to the bot, retrying once if another instance
// changed the conversation at the same moment.
func (s *Server) chatTurn(ctx context.Context, r *http.Request, in chat.Input) ([]chat.Reply, error) {
	if s.bot == nil {
		return nil, errors.New("chat: no bot configured")
	}
	if in.Text == "" && in.Data == "" {
		return nil, errChatEmpty
	}
	in.Text = locales.Truncate(in.Text, 2000) // by characters: a byte cut could split a letter
	rc := reqCtx(r)
	for attempt := 0; ; attempt++ {
		conv, err := chat.ForPortalUser(ctx, s.db, rc.user.ID, rc.company.ID, rc.user.Language)
		if err != nil {
			return nil, err
		}
		conv.Language = rc.loc.Lang
		replies, err := s.bot.Handle(ctx, conv, rc.user, in)
		if errors.Is(err, chat.ErrConflict) && attempt == 0 {
			continue
		}
		if err == nil {
			s.events.Wake() // a handoff, a complaint or an order may have been made
		}
		return replies, err
	}
}

// liveChat answers a chat message that came over the page's websocket; the
// replies go back on the same socket.
func (s *Server) liveChat(c *liveConn, r *http.Request, raw []byte) {
	var msg struct {
		Chat *chat.Input `json:"chat"`
	}
	if json.Unmarshal(raw, &msg) != nil || msg.Chat == nil || c.companyID == 0 {
		return
	}
	replies, err := s.chatTurn(context.Background(), r, *msg.Chat)
	if err != nil {
		if !errors.Is(err, errChatEmpty) {
			slog.Error("chat over websocket", "err", err)
			replies = []chat.Reply{{Text: c.loc.T("chat_error")}}
		}
	}
	frame := make([]liveOut, len(replies))
	for i, rep := range replies {
		b, _ := json.Marshal(map[string]any{"kind": "chat.reply", "data": rep})
		frame[i] = liveOut{b, &liveMessage{Kind: "chat.reply"}}
	}
	if len(frame) > 0 {
		c.enqueue(frame)
	}
}
