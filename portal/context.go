package portal

import (
	"context"
	"net/http"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
	"partnerdesk/locales"
)

// requestContext is what the middleware learns about a request.
type requestContext struct {
	loc     *locales.Localizer
	user    *company.User    // nil when signed out
	company *company.Company // nil for staff and signed-out visitors
	session string           // session token hash, hex; "" when signed out
	csrf    string           // the session's (or visitor's) form token
}

type ctxKey struct{}

func reqCtx(r *http.Request) *requestContext {
	if rc, ok := r.Context().Value(ctxKey{}).(*requestContext); ok {
		return rc
	}
	return &requestContext{loc: &locales.Localizer{Lang: domain.Polish}}
}

func withReqCtx(r *http.Request, rc *requestContext) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxKey{}, rc))
}
