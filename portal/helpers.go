package portal

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
)

// serverError logs err and shows the translated error page.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	s.renderError(w, r, http.StatusInternalServerError, "error_internal_title", "error_internal_text")
}

func (s *Server) now() time.Time {
	if s.cfg.Now != nil {
		return s.cfg.Now()
	}
	return time.Now()
}

// today is the current business day on the portal's clock (staff's, for work
// across companies), as a UTC date.
func (s *Server) today() time.Time {
	return domain.Day(s.now(), s.cfg.Location)
}

// todayOf is the current business day on the clock of the request's
// customer (their country's, as order placement counts it: an invoice's
// overdue days, the earliest delivery date); staff's day without a company.
func (s *Server) todayOf(r *http.Request) time.Time {
	if rc := reqCtx(r); rc != nil && rc.company != nil {
		return s.zones.Today(r.Context(), s.db, rc.company.Country, s.now())
	}
	return s.today()
}

// formInt reads a whole number from a form or query value; ok is false when
// it is missing or not a number.
func formInt(v string) (int, bool) {
	v = strings.TrimSpace(strings.NewReplacer(" ", "", "\u00a0", "").Replace(v))
	n, err := strconv.Atoi(v)
	return n, err == nil
}

func formInt64(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil
}

// redirectBack returns to the local page a form names in "back", or to def.
func redirectBack(w http.ResponseWriter, r *http.Request, def string) {
	back := r.PostFormValue("back")
	if back == "" {
		back = def
	}
	http.Redirect(w, r, localPath(back), http.StatusSeeOther)
}

// parseDate reads a yyyy-mm-dd date from a form (the HTML date input's format).
func parseDate(v string) (*time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return nil, false
	}
	return &t, true
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// managers returns the signed-in customer's account manager and backup.
func (s *Server) managers(r *http.Request) (manager, backup *company.User, err error) {
	return company.Managers(r.Context(), s.dbFor(r), reqCtx(r).company)
}

func (s *Server) assignedCompanies(ctx context.Context, managerID int64) (map[int64]bool, error) {
	ids, err := company.AssignedTo(ctx, s.db, managerID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// addPager adds the page number, page count and previous/next links (the
// current query with another page) to a list page's arguments.
// beyondLastPage sends a list asked for past its last page (an old link, a
// number typed in, a list that shrank) to its last page; true when it did,
// and the handler stops there.
func beyondLastPage(w http.ResponseWriter, r *http.Request, page, total, size int) bool {
	pages := (total + size - 1) / size
	if total == 0 || page <= pages {
		return false
	}
	v := r.URL.Query()
	v.Set("page", strconv.Itoa(pages))
	http.Redirect(w, r, r.URL.Path+"?"+v.Encode(), http.StatusSeeOther)
	return true
}

func addPager(data map[string]any, path string, query url.Values, page, total, size int) {
	pages := (total + size - 1) / size
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range query {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return path + "?" + v.Encode()
	}
	data["Page"], data["Pages"] = page, pages
	if page > 1 {
		data["PrevURL"] = link(page - 1)
	}
	if page < pages {
		data["NextURL"] = link(page + 1)
	}
}
