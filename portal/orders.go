package portal

import (
	"errors"
	"net/http"

	"partnerdesk/domain/cart"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/order"
)

const ordersPageSize = 25

func (s *Server) showOrdersPage(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	qv := r.URL.Query()
	page, _ := formInt(qv.Get("page"))
	page = max(page, 1)
	f := order.Filter{Status: qv.Get("status"), Text: qv.Get("q"), Limit: ordersPageSize, Offset: (page - 1) * ordersPageSize,
		Zone: s.zoneOf(r)}
	valid := f.Status == "" || f.Status == "open"
	for _, st := range order.Statuses {
		valid = valid || st == f.Status
	}
	if !valid {
		f.Status = ""
	}
	from, okFrom := parseDate(qv.Get("from"))
	to, okTo := parseDate(qv.Get("to"))
	if okFrom {
		f.From = from
	}
	if okTo {
		f.To = to
	}
	orders, total, err := order.List(r.Context(), s.db, rc.company.ID, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data := map[string]any{"Nav": "orders", "Orders": orders, "Total": total, "Filter": f, "Statuses": order.Statuses,
		"From": qv.Get("from"), "To": qv.Get("to"), "DateError": !okFrom || !okTo,
		"Filtered": f.Status != "" || f.Text != "" || f.From != nil || f.To != nil}
	if beyondLastPage(w, r, page, total, ordersPageSize) {
		return
	}
	addPager(data, "/orders", qv, page, total, ordersPageSize)
	s.render(w, r, http.StatusOK, "orders", data)
}

// customerOrder loads the order named in the path, with its timeline and
// shipments, for the signed-in customer's company, answering 404 (and
// false) when it is not theirs. withHeader: for showing it, with the page
// header read in the same statement.
func (s *Server) customerOrder(w http.ResponseWriter, r *http.Request, withHeader bool) (order.Page, bool) {
	number, ok := formInt64(r.PathValue("number"))
	if !ok {
		s.notFound(w, r)
		return order.Page{}, false
	}
	rc := reqCtx(r)
	var p order.Page
	var err error
	if withHeader {
		p, err = order.PageWithHeader(r.Context(), s.dbFor(r), rc.company.ID, number, rc.user.ID, s.todayOf(r), s.cfg.Credit)
	} else {
		p, err = order.PageOf(r.Context(), s.dbFor(r), rc.company.ID, number)
	}
	if errors.Is(err, order.ErrNotFound) {
		s.notFound(w, r)
		return order.Page{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return order.Page{}, false
	}
	return p, true
}

// timelineStep is one status of the timeline: done with its time, or to come.
type timelineStep struct {
	Status string
	Change *order.StatusChange
}

func (s *Server) showOrderPage(w http.ResponseWriter, r *http.Request) {
	page, ok := s.customerOrder(w, r, true)
	if !ok {
		return
	}
	o, history, shipments := page.Order, page.Timeline, page.Shipments
	canOrder := reqCtx(r).user.CanOrder()
	claimable, err := s.claimableLines(r, o, canOrder)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var survey *npsCard
	if o.Status == order.StatusDelivered {
		if survey, err = s.orderSurvey(r, o.Number); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	data := map[string]any{"Nav": "orders", "Order": o, "Timeline": timeline(o, history),
		"Shipments": shipments, "CanOrder": canOrder, "Claimable": claimable, "Survey": survey}
	if page.Header != nil {
		data["Header"] = *page.Header
	}
	s.render(w, r, http.StatusOK, "order", data)
}

// claimableLines maps the lines of a shipped or delivered order to the units
// still open to a complaint, for the lines' "File a complaint" links; nil when
// the order cannot be complained about or the user may not file complaints.
func (s *Server) claimableLines(r *http.Request, o *order.Order, canFile bool) (map[int64]int, error) {
	if !canFile || (o.Status != order.StatusShipped && o.Status != order.StatusDelivered) {
		return nil, nil
	}
	lines, err := complaint.ComplainableLines(r.Context(), s.dbFor(r), o.CompanyID, o.Number)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, len(lines))
	for _, l := range lines {
		out[l.ID] = l.Claimable
	}
	return out, nil
}

// timeline lays the order's history over the normal sequence of statuses, so
// the customer sees what is done and what is still to come.
func timeline(o *order.Order, history []order.StatusChange) []timelineStep {
	last := map[string]*order.StatusChange{}
	for i := range history {
		last[history[i].Status] = &history[i]
	}
	var steps []timelineStep
	for _, st := range []string{order.StatusPlaced, order.StatusConfirmed, order.StatusPicking, order.StatusShipped, order.StatusDelivered} {
		if o.Status == order.StatusCancelled && last[st] == nil {
			continue
		}
		steps = append(steps, timelineStep{Status: st, Change: last[st]})
	}
	if c := last[order.StatusCancelled]; c != nil {
		steps = append(steps, timelineStep{Status: order.StatusCancelled, Change: c})
	}
	return steps
}

// reorder puts an earlier order's lines into the cart at today's prices. The
// old unit price goes along, so the cart marks every price that changed.
func (s *Server) reorder(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	page, ok := s.customerOrder(w, r, false)
	if !ok {
		return
	}
	o := page.Order
	ids := make([]int64, len(o.Lines))
	for i, l := range o.Lines {
		ids[i] = l.ProductID
	}
	products, err := catalog.ProductsByID(ctx, s.dbFor(r), ids)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var items []cart.Item
	skipped := 0
	for _, l := range o.Lines {
		if p, ok := products[l.ProductID]; ok && p.Active {
			items = append(items, cart.Item{ProductID: l.ProductID, Qty: l.Qty, SeenPrice: l.UnitPrice})
		} else {
			skipped++
		}
	}
	if err := cart.Add(ctx, s.dbFor(r), rc.user.ID, items); err != nil {
		s.serverError(w, r, err)
		return
	}
	if skipped > 0 {
		s.setFlash(w, "info", "reorder_some_withdrawn")
	} else {
		s.setFlash(w, "ok", "reorder_added")
	}
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}
