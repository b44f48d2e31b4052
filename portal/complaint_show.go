package portal

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"partnerdesk/domain/complaint"
)

// One complaint as its company sees it: the stages, the SLA deadlines, the
// order line, the photos and the thread with the account manager. Every user
// of the company may read it and write in the thread; the page refreshes live
// when the manager writes or moves the complaint on.

// customerComplaint loads the complaint named in the path for the signed-in
// customer's company, answering 404 (and false) when it is not theirs.
func (s *Server) customerComplaint(w http.ResponseWriter, r *http.Request) (*complaint.Complaint, bool) {
	number, ok := formInt64(r.PathValue("number"))
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	c, err := complaint.Get(r.Context(), s.db, reqCtx(r).company.ID, number)
	if errors.Is(err, complaint.ErrNotFound) {
		s.notFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return c, true
}

func (s *Server) showComplaintPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.customerComplaint(w, r)
	if !ok {
		return
	}
	s.renderComplaint(w, r, http.StatusOK, c, threadForm{})
}

// threadForm is the thread's message form as typed, with its error.
type threadForm struct {
	Body, Error string
}

func (s *Server) renderComplaint(w http.ResponseWriter, r *http.Request, status int, c *complaint.Complaint, form threadForm) {
	ctx := r.Context()
	rc := reqCtx(r)
	cal, err := s.newCalendars().country(ctx, rc.company.Country)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data, err := s.complaintDetail(ctx, cal, c)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	maps.Copy(data, map[string]any{"Nav": "complaints", "Base": "/complaints/" + itoa64(c.Number), "Form": form,
		"When": timeIn(cal.Location)})
	s.render(w, r, status, "complaint", data)
}

// complaintDetail is what the customer's and the desk's complaint pages both
// show: the complaint, its timeline, its SLA clocks on the company's business
// calendar, its photos and its thread.
func (s *Server) complaintDetail(ctx context.Context, cal *complaint.Calendar, c *complaint.Complaint) (map[string]any, error) {
	photos, err := complaint.Photos(ctx, s.db, c.ID)
	if err != nil {
		return nil, err
	}
	msgs, err := complaint.Messages(ctx, s.db, c.ID)
	if err != nil {
		return nil, err
	}
	ack, decision := complaintClocks(cal, c, time.Now())
	return map[string]any{"Complaint": complaintView{c}, "Steps": complaintTimeline(c), "Ack": ack, "Decision": decision,
		"Photos": photos, "Messages": msgs}, nil
}

// addComplaintMessage adds the customer's message to the thread.
func (s *Server) addComplaintMessage(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	c, ok := s.customerComplaint(w, r)
	if !ok {
		return
	}
	body := r.PostFormValue("body")
	_, err := complaint.AddMessage(r.Context(), s.db, c.ID, rc.user.ID, body)
	var fe *complaint.FieldError
	switch {
	case errors.As(err, &fe):
		s.renderComplaint(w, r, http.StatusUnprocessableEntity, c, threadForm{Body: body, Error: fieldMessage(rc.loc, fe)})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.events.Wake()
	http.Redirect(w, r, "/complaints/"+itoa64(c.Number)+"#thread", http.StatusSeeOther)
}

func (s *Server) serveComplaintPhoto(w http.ResponseWriter, r *http.Request) {
	if c, ok := s.customerComplaint(w, r); ok {
		s.serveComplaintFile(w, r, c)
	}
}

// serveComplaintFile sends one of the complaint's photos, named in the path.
// A name that is not one of this complaint's photos does not exist (404),
// whatever the store holds. The caller has checked that the user may see the
// complaint.
func (s *Server) serveComplaintFile(w http.ResponseWriter, r *http.Request, c *complaint.Complaint) {
	name := r.PathValue("file")
	photos, err := complaint.Photos(r.Context(), s.db, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !slices.ContainsFunc(photos, func(p complaint.StoredPhoto) bool { return p.FileName == name }) {
		s.notFound(w, r)
		return
	}
	f, contentType, err := s.photos.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		slog.Warn("complaint photo missing from the store", "complaint", c.Number, "file", name)
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", "inline; filename="+strconv.Quote(name))
	// Stored photos never change (a new photo gets a new name), but they are
	// the customer's: browsers may keep them, shared caches may not.
	h.Set("Cache-Control", "private, max-age=86400")
	http.ServeContent(w, r, "", st.ModTime(), f)
}
