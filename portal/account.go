package portal

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"partnerdesk/domain/account"
	"partnerdesk/domain/chat"
	"partnerdesk/locales"
)

func (s *Server) showAccountPage(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, map[string]any{})
}

// renderAccount shows the account page with data over what every version of
// it shows: the Telegram link state and, for customers, the notification
// preferences.
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, data map[string]any) {
	page := map[string]any{"Nav": "account", "Errors": map[string]string{}, "TelegramBot": s.cfg.TelegramBot}
	if _, ok := data["NotifyPrefs"]; !ok {
		prefs, err := s.notifyPrefsView(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		page["NotifyPrefs"] = prefs
	}
	for k, v := range data {
		page[k] = v
	}
	s.render(w, r, status, "account", page)
}

// connectTelegram makes a one-time deep link that ties a Telegram chat to
// the signed-in customer user.
func (s *Server) connectTelegram(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	if s.cfg.TelegramBot == "" {
		s.notFound(w, r)
		return
	}
	token, err := chat.NewLinkToken(r.Context(), s.db, rc.user.ID, time.Now())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	link := "https://t.me/" + url.PathEscape(s.cfg.TelegramBot) + "?start=" + token
	s.renderAccount(w, r, http.StatusOK, map[string]any{"TelegramLink": link})
}

// changePassword checks the current password, sets the new one and ends the
// user's other sessions.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	current, next, repeat := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("repeat")
	errs := map[string]string{}
	if next != repeat {
		errs["repeat"] = "password_error_repeat"
	} else {
		err := account.ChangePassword(r.Context(), s.db, rc.user.ID, current, next, rc.session)
		switch {
		case errors.Is(err, account.ErrWrongPassword):
			errs["current"] = "password_error_current"
		case errors.Is(err, account.ErrPasswordShort):
			errs["new"] = "password_error_short"
		case errors.Is(err, account.ErrPasswordLong):
			errs["new"] = "password_error_long"
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]any{"Errors": errs})
		return
	}
	s.setFlash(w, "ok", "password_changed")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

func (s *Server) showInvitationPage(w http.ResponseWriter, r *http.Request) {
	inv, err := account.PendingInvitation(r.Context(), s.db, r.PathValue("token"), time.Now())
	if errors.Is(err, account.ErrInvitationInvalid) {
		s.renderError(w, r, http.StatusNotFound, "invite_invalid_title", "invite_invalid_text")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The invitation's language, unless the visitor has chosen one.
	if _, err := r.Cookie(langCookie); err != nil {
		reqCtx(r).loc = locales.NewLocalizer(s.bundle, inv.Language)
	}
	s.render(w, r, http.StatusOK, "invite", map[string]any{"Invitation": inv, "Token": r.PathValue("token"), "Name": inv.Name,
		"Errors": map[string]string{}})
}

// acceptInvitation creates the account and signs the new user in.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := r.PathValue("token")
	inv, err := account.PendingInvitation(ctx, s.db, token, time.Now())
	if errors.Is(err, account.ErrInvitationInvalid) {
		s.renderError(w, r, http.StatusNotFound, "invite_invalid_title", "invite_invalid_text")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	name, pw, repeat := r.PostFormValue("name"), r.PostFormValue("password"), r.PostFormValue("repeat")
	errs := map[string]string{}
	if pw != repeat {
		errs["repeat"] = "password_error_repeat"
	}
	if len(errs) == 0 {
		user, err := account.AcceptInvitation(ctx, s.db, token, name, pw, time.Now())
		switch {
		case errors.Is(err, account.ErrBadName):
			errs["name"] = "invite_error_name"
		case errors.Is(err, account.ErrPasswordShort):
			errs["password"] = "password_error_short"
		case errors.Is(err, account.ErrPasswordLong):
			errs["password"] = "password_error_long"
		case errors.Is(err, account.ErrEmailTaken), errors.Is(err, account.ErrInvitationInvalid):
			s.renderError(w, r, http.StatusConflict, "invite_invalid_title", "invite_invalid_text")
			return
		case err != nil:
			s.serverError(w, r, err)
			return
		default:
			tok, err := s.sessions.Create(ctx, user.ID, clientIP(r), r.UserAgent())
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			s.setSessionCookie(w, tok)
			s.setFlash(w, "ok", "invite_welcome")
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "invite", map[string]any{"Invitation": inv, "Token": token, "Name": name, "Errors": errs})
}
