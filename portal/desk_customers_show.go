package portal

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"partnerdesk/domain/account"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/finance"
	"partnerdesk/domain/insight"
	"partnerdesk/domain/order"
)

// The customer 360: one company on one page for its account manager — who
// they are, how the year went (KPIs and charts), the people, everything open
// right now, the notes, the next contact, and the invitation of a new user.
// A manager who does not look after the company gets 404, for the page and
// for every form on it.

const (
	customerNotes    = 50
	customerOpenRows = 10
)

// customerForms is what the page's forms hold after a post that was refused
// (what was typed and the message id of what was wrong) or, for the
// invitation, the link just made.
type customerForms struct {
	InviteLink   string
	InviteErrors map[string]string
	Note         string
	NoteError    string
	NextContact  string
	ContactError string
}

// openComplaint is an open complaint with the clock of its next deadline.
type openComplaint struct {
	*complaint.Complaint
	Clock slaClock
}

// deskCompany loads the company of the path if the staff member looks after
// it: its manager or backup, or an admin. Anything else does not exist (404).
func (s *Server) deskCompany(w http.ResponseWriter, r *http.Request) (*company.Company, bool) {
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	c, err := company.Get(r.Context(), s.db, id)
	if errors.Is(err, company.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	if !insight.Visible(c, reqCtx(r).user) {
		s.notFound(w, r)
		return nil, false
	}
	return c, true
}

func (s *Server) showCustomerPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.deskCompany(w, r)
	if !ok {
		return
	}
	s.renderCustomer(w, r, c, http.StatusOK, customerForms{})
}

func (s *Server) renderCustomer(w http.ResponseWriter, r *http.Request, c *company.Company, status int, forms customerForms) {
	ctx := r.Context()
	rc := reqCtx(r)
	today := s.today()
	p, err := insight.ProfileOf(ctx, s.db, c.ID, s.insightOptions())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	manager, backup, err := company.Managers(ctx, s.db, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	users, err := account.CompanyUsers(ctx, s.db, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	orders, orderCount, err := order.List(ctx, s.db, c.ID, order.Filter{Status: "open", Limit: customerOpenRows})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	invoices, invoiceCount, err := finance.Invoices(ctx, s.db, c.ID, finance.InvoiceFilter{State: finance.StateUnpaid, Limit: customerOpenRows}, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	complaints, err := s.openComplaints(r, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	handoffs, err := insight.OpenHandoffs(ctx, s.db, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	notes, err := insight.Notes(ctx, s.db, c.ID, customerNotes)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if forms.NextContact == "" && c.NextContactOn != nil && forms.ContactError == "" {
		forms.NextContact = c.NextContactOn.Format(time.DateOnly)
	}
	bal, err := credit.BalanceOf(ctx, s.db, c.ID, s.zones.Today(ctx, s.db, c.Country, s.now()), s.cfg.Credit) // as the customer sees it
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	otif, hasOTIF := p.OTIF.PercentBP()
	rate, hasRate := p.ComplaintRateBP()
	nps, hasNPS := p.NPSScore()
	loc := rc.loc
	clock := s.onCustomersClock(r, c.Country)
	s.render(w, r, status, "desk_customer", map[string]any{
		"Nav": "desk", "Customer": c, "Profile": p, "Tier": deref(c.LoyaltyTier), "Row": newCustomerRow(p.Customer, rc.user.ID, today),
		"Manager": manager, "Backup": backup, "Users": users,
		"OpenOrders": orders, "OpenOrderCount": orderCount, "OrderMore": orderCount - len(orders),
		"Invoices": invoices, "InvoiceMore": invoiceCount - len(invoices), "Balance": bal,
		"Complaints": complaints, "Handoffs": handoffs, "Notes": notes, "Today": today, "Now": time.Now(),
		"OTIF": otif, "HasOTIF": hasOTIF, "ComplaintRate": rate, "HasComplaintRate": hasRate,
		"NPS": signed(nps), "HasNPS": hasNPS, "NPSBad": hasNPS && nps < 0,
		"RevenueChart": custRevenueChart(loc, p), "OrdersChart": custOrdersChart(loc, p), "NPSChart": custNpsChart(loc, p, s.zoneOf(r)),
		"Forms": forms, "Roles": account.CompanyRoles, "CanInvite": c.Status == company.StatusActive || c.Status == company.StatusBlocked,
		"NoteMax": insight.NoteMaxChars, "MinContact": today.Format(time.DateOnly), "CustomerClock": clock,
	})
}

// openComplaints returns the company's open complaints with the clock of
// the deadline each waits for.
func (s *Server) openComplaints(r *http.Request, c *company.Company) ([]openComplaint, error) {
	cs, err := complaint.List(r.Context(), s.db, c.ID, true, customerOpenRows)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	cal, err := s.newCalendars().country(r.Context(), c.Country)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make([]openComplaint, len(cs))
	for i, k := range cs {
		kind, due := complaint.DueDecision, k.DecisionDueAt
		if k.AcknowledgedAt == nil {
			kind, due = complaint.DueAck, k.AckDueAt
		}
		out[i] = openComplaint{Complaint: k, Clock: newSLAClock(cal, kind, due, nil, now)}
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func customerURL(c *company.Company, anchor string) string {
	return "/desk/companies/" + strconv.FormatInt(c.ID, 10) + anchor
}

// addCustomerNote records a note about the customer.
func (s *Server) addCustomerNote(w http.ResponseWriter, r *http.Request) {
	c, ok := s.deskCompany(w, r)
	if !ok {
		return
	}
	body := r.PostFormValue("body")
	_, err := insight.AddNote(r.Context(), s.db, c.ID, reqCtx(r).user.ID, body)
	var msg string
	switch {
	case errors.Is(err, insight.ErrNoteEmpty):
		msg = "cust_note_error_empty"
	case errors.Is(err, insight.ErrNoteTooLong):
		msg = "cust_note_error_long"
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if msg != "" {
		s.renderCustomer(w, r, c, http.StatusUnprocessableEntity, customerForms{Note: body, NoteError: msg})
		return
	}
	s.setFlash(w, "ok", "cust_note_saved")
	http.Redirect(w, r, customerURL(c, "#notes"), http.StatusSeeOther)
}

// setCustomerNextContact plans (or, with an empty date, clears) the next contact.
func (s *Server) setCustomerNextContact(w http.ResponseWriter, r *http.Request) {
	c, ok := s.deskCompany(w, r)
	if !ok {
		return
	}
	raw := strings.TrimSpace(r.PostFormValue("next_contact"))
	day, valid := parseDate(raw)
	var msg string
	if !valid {
		msg = "cust_contact_error_invalid"
	} else {
		err := insight.SetNextContact(r.Context(), s.db, c.ID, day, s.today())
		switch {
		case errors.Is(err, insight.ErrContactPast):
			msg = "cust_contact_error_past"
		case errors.Is(err, insight.ErrContactFar):
			msg = "cust_contact_error_far"
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if msg != "" {
		s.renderCustomer(w, r, c, http.StatusUnprocessableEntity, customerForms{NextContact: raw, ContactError: msg})
		return
	}
	if day == nil {
		s.setFlash(w, "ok", "cust_contact_cleared")
	} else {
		s.setFlash(w, "ok", "cust_contact_saved")
	}
	http.Redirect(w, r, customerURL(c, "#contact"), http.StatusSeeOther)
}
