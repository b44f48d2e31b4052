package portal

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"partnerdesk/domain"
	"partnerdesk/locales"
)

const (
	sessionCookie = "pd_session"
	langCookie    = "pd_lang"
	csrfCookie    = "pd_csrf"
	flashCookie   = "pd_flash"
)

// withVisitor settles who is asking (the session's user and company), the
// language and the form token. The language is the signed-in user's, else the
// one the visitor chose, else the browser's.
func (s *Server) withVisitor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := &requestContext{}
		if err := s.loadSession(r, rc); err != nil {
			slog.Error("session", "err", err)
			http.Error(w, "service unavailable", http.StatusServiceUnavailable)
			return
		}
		var lang domain.Language
		if rc.user != nil {
			lang = rc.user.Language
		} else {
			lang = visitorLanguage(r)
		}
		rc.csrf = s.csrfToken(w, r)
		rc.loc = locales.NewLocalizer(s.bundle, lang)
		next.ServeHTTP(w, withReqCtx(r, rc))
	})
}

// csrfToken returns the visitor's form token, issuing one when there is none.
// Forms carry it in a hidden field; checkCSRF compares the two.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	tok := randomToken(24)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: s.public.Scheme == "https", SameSite: http.SameSiteLaxMode})
	// The cookie reaches the checker on this same request too (a first POST).
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// checkCSRF refuses unsafe form posts whose token does not match the cookie.
// Go's CrossOriginProtection runs first and stops cross-site requests by their
// Sec-Fetch-Site/Origin headers; this token also covers old browsers. (The
// API and the Telegram webhook are served outside this chain.)
// Request bodies of the portal's forms are capped before anything reads
// them, whatever carries the form token: a multipart form (files) at
// maxFormBytes — the largest is a complaint with five photos of at most
// 8 MiB — and any other body at maxPlainFormBytes. Handlers cap lower.
const (
	maxFormBytes      = 48 << 20
	maxPlainFormBytes = 1 << 20
	formMemory        = 8 << 20 // multipart parts beyond this go to temporary files
)

func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		multipart := strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
		limit := int64(maxPlainFormBytes)
		if multipart {
			limit = maxFormBytes
		}
		tooLarge := func() {
			s.renderError(w, s.ensureVisitor(r), http.StatusRequestEntityTooLarge, "error_too_large_title", "error_too_large")
		}
		if r.ContentLength > limit {
			tooLarge() // declared too large: not a byte of it is read
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		c, err := r.Cookie(csrfCookie)
		sent := r.Header.Get("X-CSRF-Token")
		if sent == "" {
			var perr error
			if multipart {
				perr = r.ParseMultipartForm(formMemory)
			} else {
				perr = r.ParseForm()
			}
			var tooBig *http.MaxBytesError
			if errors.As(perr, &tooBig) {
				tooLarge()
				return
			}
			sent = r.PostFormValue("csrf")
		}
		if err != nil || sent == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(sent)) != 1 {
			s.csrfFailed(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) csrfFailed(w http.ResponseWriter, r *http.Request) {
	r = s.ensureVisitor(r)
	s.renderError(w, r, http.StatusForbidden, "error_forbidden_title", "error_csrf")
}

// ensureVisitor gives a request that bypassed withVisitor (a refusal by an
// outer middleware) a language, so its error page is translated.
func (s *Server) ensureVisitor(r *http.Request) *http.Request {
	if _, ok := r.Context().Value(ctxKey{}).(*requestContext); ok {
		return r
	}
	return withReqCtx(r, &requestContext{loc: locales.NewLocalizer(s.bundle, visitorLanguage(r))})
}

// visitorLanguage is the language of someone not signed in: the one they
// chose, else their browser's.
func visitorLanguage(r *http.Request) domain.Language {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := domain.ParseLanguage(c.Value); ok {
			return l
		}
	}
	return languageFromBrowser(r)
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// setFlash leaves a message (a message id) for the next page the user sees.
func (s *Server) setFlash(w http.ResponseWriter, kind, messageID string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: kind + ":" + messageID, Path: "/", HttpOnly: true,
		Secure: s.public.Scheme == "https", SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// Flash is a one-time message shown at the top of a page.
type Flash struct {
	Kind string // ok, error, info
	Text string
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) *Flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
	kind, id, ok := strings.Cut(c.Value, ":")
	if !ok || (kind != "ok" && kind != "error" && kind != "info") || !validMessageID(id) {
		return nil
	}
	return &Flash{Kind: kind, Text: reqCtx(r).loc.T(id)}
}

func validMessageID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
