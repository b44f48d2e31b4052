package portal

import (
	"net/http"
	"strings"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
)

// switchLanguage remembers the chosen language and returns to the page the
// visitor was on.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) {
	lang, ok := domain.ParseLanguage(r.PostFormValue("lang"))
	if !ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if u := reqCtx(r).user; u != nil {
		if err := account.SetLanguage(r.Context(), s.db, u.ID, lang); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.public.Scheme == "https", SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// localPath accepts only a path on this site, so a form cannot redirect elsewhere.
func localPath(p string) string {
	// Browsers drop tabs and line breaks from URLs ("/\t/evil" becomes
	// "//evil", another site): no control characters at all.
	if strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") {
		return "/"
	}
	return p
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "error_not_found_title", "error_not_found_text")
}

// renderError shows a translated error page with a way on: back home, and
// for a customer the account manager's name and phone.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, titleID, textID string) {
	data := map[string]any{"TitleID": titleID, "TextID": textID}
	if rc := reqCtx(r); rc.company != nil {
		if manager, _, err := company.Managers(r.Context(), s.db, rc.company); err == nil {
			data["Manager"] = manager
		}
	}
	s.render(w, r, status, "error", data)
}
