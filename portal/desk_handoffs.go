package portal

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

// The handoff inbox: conversations the bot passed to a human, for the
// managers of the customer's company (assigned or backup) and admins. A
// manager takes one, answers (the answer reaches the customer's Telegram
// chat or portal panel through the outbox), and closes it, which gives the
// conversation back to the bot. The pages refresh live.

const handoffHistory = 40

func (s *Server) showHandoffsPage(w http.ResponseWriter, r *http.Request) {
	u := reqCtx(r).user
	hs, err := chat.Inbox(r.Context(), s.db, u.ID, u.Role == "admin")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "desk_handoffs", map[string]any{"Nav": "handoffs", "Handoffs": hs, "Now": time.Now()})
}

// handoffFor loads the handoff of the path if the staff member may see it.
func (s *Server) handoffFor(w http.ResponseWriter, r *http.Request, db bun.IDB) (*chat.Handoff, bool) {
	u := reqCtx(r).user
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	h, err := chat.GetHandoff(r.Context(), db, id, u.ID, u.Role == "admin")
	if errors.Is(err, chat.ErrHandoffNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return h, true
}

func (s *Server) showHandoffPage(w http.ResponseWriter, r *http.Request) {
	s.renderHandoff(w, r, http.StatusOK, "")
}

func (s *Server) renderHandoff(w http.ResponseWriter, r *http.Request, status int, errMsg string) {
	h, ok := s.handoffFor(w, r, s.db)
	if !ok {
		return
	}
	msgs, err := chat.History(r.Context(), s.db, h.ConversationID, handoffHistory)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var open []*order.Order
	if h.CompanyID != nil {
		if open, _, err = order.List(r.Context(), s.db, *h.CompanyID, order.Filter{Status: "open", Limit: 5}); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	var clock string
	if h.CompanyCountry != "" {
		clock = s.onCustomersClock(r, h.CompanyCountry)
	}
	s.render(w, r, status, "desk_handoff", map[string]any{"Nav": "handoffs", "Handoff": h, "Messages": msgs, "OpenOrders": open,
		"Now": time.Now(), "Error": errMsg, "Mine": h.ManagerID != nil && *h.ManagerID == reqCtx(r).user.ID, "CustomerClock": clock})
}

// handoffAction runs a desk action on the path's handoff in a transaction,
// then shows the handoff again (or the error, translated).
func (s *Server) handoffAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, tx bun.Tx, h *chat.Handoff) error) {
	var shown bool
	err := domain.RunInTx(r.Context(), s.db, func(ctx context.Context, tx bun.Tx) error {
		h, ok := s.handoffFor(w, r, tx)
		if !ok {
			shown = true
			return nil
		}
		return act(ctx, tx, h)
	})
	if shown {
		return
	}
	if err == nil {
		s.events.Wake()
	}
	var key string
	switch {
	case errors.Is(err, chat.ErrHandoffTaken):
		key = "handoff_error_taken"
	case errors.Is(err, chat.ErrHandoffClosed):
		key = "handoff_error_closed"
	case errors.Is(err, chat.ErrReplyEmpty):
		key = "handoff_error_reply"
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if key != "" {
		s.renderHandoff(w, r, http.StatusConflict, key)
		return
	}
	http.Redirect(w, r, "/desk/handoffs/"+r.PathValue("id")+"#reply", http.StatusSeeOther)
}

func (s *Server) takeHandoff(w http.ResponseWriter, r *http.Request) {
	me := reqCtx(r).user
	s.handoffAction(w, r, func(ctx context.Context, tx bun.Tx, h *chat.Handoff) error {
		if err := chat.Take(ctx, tx, h, me.ID, time.Now()); err != nil {
			return err
		}
		_, err := chat.Say(ctx, tx, h.Notice("bot", nil, s.customerLoc(h).T("bot_manager_joined", map[string]any{"Manager": me.Name})))
		return err
	})
}

func (s *Server) replyHandoff(w http.ResponseWriter, r *http.Request) {
	me := reqCtx(r).user
	text := r.PostFormValue("text")
	s.handoffAction(w, r, func(ctx context.Context, tx bun.Tx, h *chat.Handoff) error {
		_, err := chat.Answer(ctx, tx, h, me.ID, text, time.Now())
		return err
	})
}

func (s *Server) closeHandoff(w http.ResponseWriter, r *http.Request) {
	me := reqCtx(r).user
	s.handoffAction(w, r, func(ctx context.Context, tx bun.Tx, h *chat.Handoff) error {
		return chat.Close(ctx, tx, h, me.ID, s.customerLoc(h).T("bot_handoff_closed"), time.Now())
	})
}

// customerLoc speaks the customer's language (the conversation's).
func (s *Server) customerLoc(h *chat.Handoff) *locales.Localizer {
	return locales.NewLocalizer(s.bundle, h.Language)
}
