package portal

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
)

// loadSession fills in the signed-in user and company, if any.
func (s *Server) loadSession(r *http.Request, rc *requestContext) error {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	u, comp, _, err := s.sessions.LookupVisitor(r.Context(), c.Value)
	if errors.Is(err, account.ErrNoSession) {
		return nil
	}
	if err != nil {
		return err
	}
	if comp != nil {
		if comp.Status == "pending" || comp.Status == "rejected" {
			return nil // not a customer (yet): nothing, and no prices, for them
		}
		rc.company = comp
	}
	rc.user, rc.session = u, c.Value
	return nil
}

// Access levels of routes.
const (
	accessPublic   = "public"
	accessSignedIn = "signed-in"
	accessCustomer = "customer"         // any user of a customer company
	accessOrder    = "customer:order"   // owner or buyer
	accessFinance  = "customer:finance" // owner, accountant, or a buyer allowed to see invoices
	accessOwner    = "customer:owner"
	accessStaff    = "staff"
	accessAdmin    = "staff:admin" // administration: admins only, 404 for everyone else
)

// guard lets a request through only with the access its route needs. Signed-out
// visitors are sent to sign in; signed-in users without the right get 403,
// except staff-only pages, which do not exist for customers (404).
func (s *Server) guard(access string, h http.HandlerFunc) http.HandlerFunc {
	if access == accessPublic {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		rc := reqCtx(r)
		u := rc.user
		if u == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			} else {
				http.Redirect(w, r, "/signin", http.StatusSeeOther)
			}
			return
		}
		allowed := true
		switch access {
		case accessStaff:
			if !u.IsStaff() {
				s.notFound(w, r)
				return
			}
		case accessAdmin:
			if u.Role != company.RoleAdmin {
				s.notFound(w, r)
				return
			}
		case accessCustomer:
			allowed = rc.company != nil
		case accessOrder:
			allowed = rc.company != nil && u.CanOrder()
		case accessFinance:
			allowed = rc.company != nil && u.CanSeeFinance()
		case accessOwner:
			allowed = rc.company != nil && u.Role == company.RoleOwner
		}
		if !allowed {
			if rc.company == nil {
				s.notFound(w, r) // staff on a customer page
				return
			}
			s.renderError(w, r, http.StatusForbidden, "error_forbidden_title", "error_forbidden_text")
			return
		}
		h(w, r)
	}
}

func (s *Server) showSignInPage(w http.ResponseWriter, r *http.Request) {
	if reqCtx(r).user != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin", map[string]any{"Email": r.URL.Query().Get("email"), "Next": localPath(r.URL.Query().Get("next"))})
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	loc := reqCtx(r).loc
	u, err := account.SignIn(r.Context(), s.db, email, password, clientIP(r), time.Now())
	var th *account.ThrottledError
	switch {
	case errors.As(err, &th):
		s.render(w, r, http.StatusTooManyRequests, "signin", map[string]any{"Email": email, "Next": next,
			"Error": loc.TN("signin_throttled", th.Minutes())})
		return
	case errors.Is(err, account.ErrBadCredentials):
		s.render(w, r, http.StatusUnauthorized, "signin", map[string]any{"Email": email, "Next": next, "Error": loc.T("signin_failed")})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	token, err := s.sessions.Create(r.Context(), u.ID, clientIP(r), r.UserAgent())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setSessionCookie(w, token)
	// A fresh form token too: nothing planted before sign-in survives it.
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: randomToken(24), Path: "/", HttpOnly: true,
		Secure: s.public.Scheme == "https", SameSite: http.SameSiteLaxMode})
	if next == "/" || next == "/signin" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.public.Scheme == "https", SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionMax / time.Second)})
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if tok := reqCtx(r).session; tok != "" {
		if err := s.sessions.Revoke(r.Context(), tok); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1})
	s.setFlash(w, "ok", "signed_out")
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// clientIP is the peer's address. Behind a proxy, set it to pass the real one
// in X-Forwarded-For from a trusted hop only; we do not trust the header here.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return strings.TrimSpace(host)
}
