package portal

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/insight"
)

// The complaint queue of the manager's desk: open complaints of the companies
// a manager looks after (as manager or backup; an admin sees all), the most
// urgent SLA deadline first, with the business time left. A manager
// acknowledges a complaint, reviews and decides it, and writes to the
// customer in its thread; the customer's page follows live.
//
// Staff pages name a complaint by its id, as the domain loads it for staff
// (complaint.GetByID); customers name it by its number within their company.

const complaintQueueLimit = 200

// queueRow is an open complaint in the queue with its running SLA clock.
type queueRow struct {
	complaint.QueueItem
	Clock slaClock
}

func (s *Server) showComplaintQueuePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := reqCtx(r).user
	items, err := complaint.Queue(ctx, s.db, u.ID, u.Role == company.RoleAdmin, complaintQueueLimit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cals := s.newCalendars()
	now := time.Now()
	rows := make([]queueRow, len(items))
	for i, it := range items {
		_, cal, err := cals.company(ctx, it.CompanyID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		rows[i] = queueRow{QueueItem: it, Clock: newSLAClock(cal, it.DueKind, it.DueAt, nil, now)}
	}
	s.render(w, r, http.StatusOK, "desk_complaints", map[string]any{"Nav": "desk_complaints", "Rows": rows,
		"All": u.Role == company.RoleAdmin})
}

// deskComplaint loads the path's complaint and its company if the staff
// member may see it: a manager only their own and backup companies'.
// Anything else does not exist (404). It reports false when it has answered.
func (s *Server) deskComplaint(w http.ResponseWriter, r *http.Request, db bun.IDB) (*complaint.Complaint, *company.Company, bool) {
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return nil, nil, false
	}
	c, err := complaint.GetByID(r.Context(), db, id)
	if errors.Is(err, complaint.ErrNotFound) {
		s.notFound(w, r)
		return nil, nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	comp, err := company.Get(r.Context(), db, c.CompanyID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	if !insight.Visible(comp, reqCtx(r).user) {
		s.notFound(w, r)
		return nil, nil, false
	}
	return c, comp, true
}

// deskComplaintForm is what the desk page's forms hold after a refused
// action: the decision and note as typed, the thread message as typed, and
// errors by field (resolution, note, body; "" for the page).
type deskComplaintForm struct {
	Resolution, Note, Body string
	Errors                 map[string]string
}

func (s *Server) showDeskComplaintPage(w http.ResponseWriter, r *http.Request) {
	s.renderDeskComplaint(w, r, http.StatusOK, deskComplaintForm{})
}

func (s *Server) renderDeskComplaint(w http.ResponseWriter, r *http.Request, status int, form deskComplaintForm) {
	ctx := r.Context()
	c, comp, ok := s.deskComplaint(w, r, s.db)
	if !ok {
		return
	}
	cal, err := s.newCalendars().country(ctx, comp.Country)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data, err := s.complaintDetail(ctx, cal, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var filer *company.User
	if c.UserID != nil {
		if filer, err = company.GetUser(ctx, s.db, *c.UserID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if form.Errors == nil {
		form.Errors = map[string]string{}
	}
	maps.Copy(data, map[string]any{"Nav": "desk_complaints", "CompanyName": comp.Name, "CompanyLang": comp.Language,
		"Filer": filer, "Resolutions": complaint.Resolutions, "Form": form, "Base": "/desk/complaints/" + itoa64(c.ID),
		"When": timeIn(cal.Location), "CustomerClock": s.onCustomersClock(r, comp.Country)})
	s.render(w, r, status, "desk_complaint", data)
}

// complaintAction runs a desk action on the path's complaint in one
// transaction, then shows the complaint again: at once on success, or with
// the refusal translated and the forms as typed.
func (s *Server) complaintAction(w http.ResponseWriter, r *http.Request, form deskComplaintForm, anchor string,
	act func(ctx context.Context, tx bun.Tx, c *complaint.Complaint) error) {
	var shown bool
	err := domain.RunInTx(r.Context(), s.db, func(ctx context.Context, tx bun.Tx) error {
		c, _, ok := s.deskComplaint(w, r, tx)
		if !ok {
			shown = true
			return nil
		}
		return act(ctx, tx, c)
	})
	if shown {
		return
	}
	loc := reqCtx(r).loc
	form.Errors = map[string]string{}
	var fe *complaint.FieldError
	switch {
	case err == nil:
		s.events.Wake()
		http.Redirect(w, r, "/desk/complaints/"+r.PathValue("id")+anchor, http.StatusSeeOther)
		return
	case errors.As(err, &fe):
		form.Errors[fe.Field] = fieldMessage(loc, fe)
		s.renderDeskComplaint(w, r, http.StatusUnprocessableEntity, form)
	case errors.Is(err, complaint.ErrStage):
		form.Errors[""] = loc.T("complaint_desk_error_stage")
		s.renderDeskComplaint(w, r, http.StatusConflict, form)
	default:
		s.serverError(w, r, err)
	}
}

func (s *Server) acknowledgeComplaint(w http.ResponseWriter, r *http.Request) {
	s.complaintAction(w, r, deskComplaintForm{}, "", func(ctx context.Context, tx bun.Tx, c *complaint.Complaint) error {
		return complaint.Acknowledge(ctx, tx, c.ID, time.Now())
	})
}

func (s *Server) reviewComplaint(w http.ResponseWriter, r *http.Request) {
	s.complaintAction(w, r, deskComplaintForm{}, "", func(ctx context.Context, tx bun.Tx, c *complaint.Complaint) error {
		return complaint.StartReview(ctx, tx, c.ID, time.Now())
	})
}

func (s *Server) resolveComplaint(w http.ResponseWriter, r *http.Request) {
	form := deskComplaintForm{Resolution: r.PostFormValue("resolution"), Note: r.PostFormValue("note")}
	s.complaintAction(w, r, form, "", func(ctx context.Context, tx bun.Tx, c *complaint.Complaint) error {
		return complaint.Resolve(ctx, tx, c.ID, form.Resolution, form.Note, time.Now())
	})
}

// answerComplaint adds the manager's message to the thread; the customer's
// page shows it live.
func (s *Server) answerComplaint(w http.ResponseWriter, r *http.Request) {
	me := reqCtx(r).user
	form := deskComplaintForm{Body: r.PostFormValue("body")}
	s.complaintAction(w, r, form, "#thread", func(ctx context.Context, tx bun.Tx, c *complaint.Complaint) error {
		_, err := complaint.AddMessage(ctx, tx, c.ID, me.ID, form.Body)
		return err
	})
}

func (s *Server) serveDeskComplaintPhoto(w http.ResponseWriter, r *http.Request) {
	if c, _, ok := s.deskComplaint(w, r, s.db); ok {
		s.serveComplaintFile(w, r, c)
	}
}
