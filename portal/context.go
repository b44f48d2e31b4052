package portal

import (
	"context"
	"net/http"
	"time"

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
	// zone, when set, is the clock a staff page about one customer shows
	// times on: that customer's (see onCustomersClock).
	zone *time.Location
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
