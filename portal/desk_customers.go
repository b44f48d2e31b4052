package portal

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"partnerdesk/domain/company"
	"partnerdesk/domain/insight"
	"partnerdesk/locales"
)

// My customers: the staff start page. A manager sees the companies they look
// after (assigned and as backup), an admin every customer, with segment,
// 12-month measures, risk signals and the next planned contact. Sorting and
// filtering happen on the server from the query string, so every view is a
// link; the domain computes the list in one aggregate query.

const customersPageSize = 50

// customerRow is one line of the list, with what the template cannot compute.
type customerRow struct {
	*insight.Customer
	PerMonth       string // orders per month, one decimal
	DaysSince      int    // days since the last order; -1 without orders
	Gap            int    // the usual gap between orders in days; 0 when unknown
	ContactDue     bool
	ContactOverdue bool
	Backup         bool // the staff member is the backup manager
}

// sortLink is a column header's link and its current state.
type sortLink struct {
	URL  string
	Aria string // ascending, descending, or "" when the list is not sorted by it
}

func (s *Server) insightOptions() insight.Options {
	return insight.Options{Today: s.today(), Now: s.now(), GraceDays: s.cfg.Credit.OverdueGraceDays}
}

func (s *Server) showMyCustomersPage(w http.ResponseWriter, r *http.Request) {
	u := reqCtx(r).user
	all := u.Role == company.RoleAdmin
	cs, err := insight.Customers(r.Context(), s.db, insight.Scope{StaffID: u.ID, All: all}, s.insightOptions())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	qv := r.URL.Query()
	q := parseCustomerQuery(qv)
	today := s.today()
	shown := q.Apply(cs, today)
	page, _ := formInt(qv.Get("page"))
	pages := max((len(shown)+customersPageSize-1)/customersPageSize, 1)
	page = min(max(page, 1), pages)
	from := (page - 1) * customersPageSize
	rows := make([]customerRow, 0, customersPageSize)
	for _, c := range shown[from:min(from+customersPageSize, len(shown))] {
		rows = append(rows, newCustomerRow(c, u.ID, today))
	}
	var countries []string
	due := 0
	for _, c := range cs {
		if !slices.Contains(countries, c.Country) {
			countries = append(countries, c.Country)
		}
		if c.ContactDue(today) {
			due++
		}
	}
	slices.Sort(countries)
	data := map[string]any{"Nav": "desk", "Rows": rows, "Total": len(shown), "All": all, "Any": len(cs) > 0,
		"Query": q, "Filtered": q.Segment != "" || q.Signal != "" || q.Country != "" || q.ContactDue,
		"Segments": insight.Segments, "Signals": insight.SignalKinds, "Countries": countries, "DueCount": due,
		"Sorts": sortLinks(qv, q), "SortOrder": customerSortOrder}
	if beyondLastPage(w, r, page, len(shown), customersPageSize) {
		return
	}
	addPager(data, "/", qv, page, len(shown), customersPageSize)
	s.render(w, r, http.StatusOK, "staff_home", data)
}

func newCustomerRow(c *insight.Customer, staffID int64, today time.Time) customerRow {
	return customerRow{Customer: c, PerMonth: formatTenths(c.OrdersPerMonth()), DaysSince: c.Rhythm.DaysSince, Gap: int(math.Round(c.Rhythm.MedianGap)),
		ContactDue: c.ContactDue(today), ContactOverdue: c.ContactOverdue(today), Backup: c.AssignedAs(staffID) == "backup"}
}

// formatTenths writes a number with one decimal, the way the three languages
// do: 4,3.
func formatTenths(v float64) string {
	n := int64(math.Round(v * 10))
	return locales.FormatInt(n/10) + "," + strconv.FormatInt(n%10, 10)
}

// customerSortOrder is the order of the sort choices in the filter form
// (the one way to sort on a phone, where the column headers fold away).
var customerSortOrder = []string{insight.SortRisk, insight.SortNextContact, insight.SortRevenue, insight.SortFrequency,
	insight.SortLastOrder, insight.SortSegment, insight.SortName, insight.SortCountry}

// parseCustomerQuery reads the list's filters and sort order; anything
// unknown falls back to showing all, most urgent first.
func parseCustomerQuery(qv url.Values) insight.Query {
	q := insight.DefaultQuery
	if v := qv.Get("segment"); slices.Contains(insight.Segments, v) {
		q.Segment = v
	}
	if v := qv.Get("signal"); slices.Contains(insight.SignalKinds, v) {
		q.Signal = v
	}
	if v := qv.Get("country"); v == "PL" || v == "FI" || v == "RU" {
		q.Country = v
	}
	q.ContactDue = qv.Get("due") == "1"
	if v := qv.Get("sort"); v != "" {
		if desc, ok := insight.SortKeys[v]; ok {
			q.Sort, q.Desc = v, desc
			switch qv.Get("dir") {
			case "asc":
				q.Desc = false
			case "desc":
				q.Desc = true
			}
		}
	}
	return q
}

// sortLinks gives every column header the link that sorts by it (the other
// way round when it already does), keeping the filters.
func sortLinks(qv url.Values, q insight.Query) map[string]sortLink {
	out := map[string]sortLink{}
	for key, desc := range insight.SortKeys {
		v := url.Values{}
		for _, k := range []string{"segment", "signal", "country", "due"} {
			if x := qv.Get(k); x != "" {
				v.Set(k, x)
			}
		}
		link := sortLink{}
		if q.Sort == key {
			desc = !q.Desc
			link.Aria = "ascending"
			if q.Desc {
				link.Aria = "descending"
			}
		}
		v.Set("sort", key)
		v.Set("dir", map[bool]string{true: "desc", false: "asc"}[desc])
		link.URL = "/?" + v.Encode()
		out[key] = link
	}
	return out
}
