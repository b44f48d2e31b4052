package portal

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"partnerdesk/domain"
)

// healthz answers while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"status":"ok"}` + "\n"))
}

// readyz answers 200 when the database is reachable and fully migrated, so a
// load balancer sends traffic only to instances that can serve it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	status, code := map[string]any{"status": "ok"}, http.StatusOK
	if err := domain.Ping(ctx, s.db); err != nil {
		status, code = map[string]any{"status": "unavailable", "database": "unreachable"}, http.StatusServiceUnavailable
	} else if pending, err := domain.PendingMigrations(ctx, s.db); err != nil || len(pending) > 0 {
		status, code = map[string]any{"status": "unavailable", "pending_migrations": pending}, http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(status)
}

func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	u, _ := s.static.url("favicon.svg")
	http.Redirect(w, r, u, http.StatusMovedPermanently)
}
