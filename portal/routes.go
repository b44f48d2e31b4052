package portal

import "net/http"

// route is one entry of the route table. The tenant isolation test walks this
// table, so a company-scoped page cannot be forgotten.
type route struct {
	pattern string
	handler http.HandlerFunc
	// access: "public", "customer", "staff", "signed-in" (any signed-in user).
	access string
}

func (s *Server) routeTable() []route {
	return []route{
		{"GET /healthz", s.healthz, "public"},
		{"GET /readyz", s.readyz, "public"},
		{"GET /static/{file}", s.static.serve, "public"},
		{"GET /favicon.ico", s.favicon, "public"},

		{"GET /{$}", s.showHome, "public"},
		{"GET /signin", s.showSignInPage, "public"},
		{"POST /language", s.switchLanguage, "public"},
	}
}

func (s *Server) routes(mux *http.ServeMux) {
	for _, rt := range s.routeTable() {
		mux.HandleFunc(rt.pattern, rt.handler)
	}
	mux.HandleFunc("/", s.notFound)
}
