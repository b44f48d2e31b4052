package portal

import (
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"

	"partnerdesk/domain/complaint"
	"partnerdesk/locales"
)

// Filing a complaint: the customer picks a shipped or delivered order (unless
// the order page's link named one), then the line, quantity, reason, a
// description and up to complaint.MaxPhotos photos. Photos are checked and
// stored by the domain's PhotoStore before the complaint is created, and
// removed again when anything in the form is refused, so nothing is left of
// a complaint that was not filed.

const (
	// complaintMaxBody bounds the whole form: five photos at the store's
	// largest size, with room for the fields and multipart framing.
	complaintMaxBody = 45 << 20
	// complaintFormMemory is how much of the form is held in memory; the rest
	// of the photos wait in temporary files.
	complaintFormMemory = 8 << 20
	// complaintPickerOrders is how many complainable orders the picker offers.
	complaintPickerOrders = 50
)

// complaintForm is the complaint form as typed, with what is wrong with it:
// Errors maps a field (order, line, qty, reason, description, photos) to a
// translated message; PhotoErrors says which photo was refused and why.
type complaintForm struct {
	Order       int64
	Line        int64
	Qty         string
	Reason      string
	Description string
	Errors      map[string]string
	PhotoErrors []string
	PhotosAgain bool // photos were chosen but not kept: the browser must send them again
	Submitted   bool // the form was sent (and refused), not just opened
}

func (s *Server) showNewComplaintPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var form complaintForm
	if v := q.Get("order"); v != "" {
		n, ok := formInt64(v)
		if !ok {
			s.notFound(w, r)
			return
		}
		form.Order = n
	}
	form.Line, _ = formInt64(q.Get("line"))
	s.renderComplaintForm(w, r, http.StatusOK, form)
}

// renderComplaintForm shows the order picker when no order is chosen, else
// the form for that order's lines. Another company's order does not exist.
func (s *Server) renderComplaintForm(w http.ResponseWriter, r *http.Request, status int, form complaintForm) {
	ctx := r.Context()
	rc := reqCtx(r)
	if form.Errors == nil {
		form.Errors = map[string]string{}
	}
	data := map[string]any{"Nav": "complaints", "Reasons": complaint.Reasons, "MaxPhotos": complaint.MaxPhotos,
		"MaxPhotoMB": s.maxPhotoBytes() >> 20}
	if form.Order != 0 {
		lines, err := complaint.ComplainableLines(ctx, s.db, rc.company.ID, form.Order)
		var fe *complaint.FieldError
		switch {
		case errors.Is(err, complaint.ErrNotFound):
			s.notFound(w, r)
			return
		case errors.As(err, &fe): // not shipped yet, or cancelled: pick another
			form.Errors["order"] = fieldMessage(rc.loc, fe)
			form.Order = 0
		case err != nil:
			s.serverError(w, r, err)
			return
		}
		data["Lines"] = lines
		if form.Line == 0 {
			form.Line = onlyClaimableLine(lines)
		}
		if i := slices.IndexFunc(lines, func(l complaint.Line) bool { return l.ID == form.Line }); i >= 0 {
			if lines[i].Claimable > 0 {
				data["MaxQty"] = lines[i].Claimable
			} else { // a stale link: say so rather than preselect what cannot be chosen
				form.Line = 0
				if form.Errors["line"] == "" {
					form.Errors["line"] = fieldMessage(rc.loc, &complaint.FieldError{Code: complaint.CodeLineClaimed})
				}
			}
		}
	}
	if form.Order == 0 {
		orders, err := complaint.ComplainableOrders(ctx, s.db, rc.company.ID, complaintPickerOrders)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		data["Orders"] = orders
	}
	cal, err := s.newCalendars().country(ctx, rc.company.Country)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data["AckHours"], data["DecideHours"], data["Form"] = cal.AckHours, cal.DecideHours, form
	s.render(w, r, status, "complaint_new", data)
}

// onlyClaimableLine preselects the line when just one is left to claim.
func onlyClaimableLine(lines []complaint.Line) int64 {
	var id int64
	for _, l := range lines {
		if l.Claimable > 0 {
			if id != 0 {
				return 0
			}
			id = l.ID
		}
	}
	return id
}

func (s *Server) maxPhotoBytes() int64 {
	if s.photos.MaxBytes > 0 {
		return s.photos.MaxBytes
	}
	return complaint.DefaultPhotoMaxBytes
}

// fileComplaint checks the form, stores the photos and files the complaint,
// or shows the form again with every problem found and the typed values.
func (s *Server) fileComplaint(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	form, files, ok := s.readComplaintForm(w, r)
	if !ok {
		return
	}
	if form.Order == 0 {
		form.Errors["order"] = rc.loc.T("complaint_form_choose_order")
		s.renderComplaintForm(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	qty, ok := s.checkComplaintForm(w, r, &form)
	if !ok {
		return
	}
	saved, ok := s.savePhotos(w, r, &form, files)
	if !ok {
		return
	}
	if len(form.Errors) == 0 && len(form.PhotoErrors) == 0 {
		c, err := complaint.Create(r.Context(), s.db, complaint.Draft{CompanyID: rc.company.ID, UserID: rc.user.ID,
			Channel: complaint.ChannelPortal, OrderNumber: form.Order, LineID: form.Line, Qty: qty, Reason: form.Reason,
			Description: form.Description, Photos: saved}, time.Now())
		var fe *complaint.FieldError
		switch {
		case errors.As(err, &fe):
			form.Errors[formField(fe.Field)] = fieldMessage(rc.loc, fe)
		case err != nil:
			s.removePhotos(saved)
			s.serverError(w, r, err)
			return
		default:
			s.events.Wake()
			s.setFlash(w, "ok", "complaint_filed")
			http.Redirect(w, r, "/complaints/"+itoa64(c.Number), http.StatusSeeOther)
			return
		}
	}
	s.removePhotos(saved)
	form.PhotosAgain = len(files) > 0
	s.renderComplaintForm(w, r, http.StatusUnprocessableEntity, form)
}

// readComplaintForm reads the multipart form within complaintMaxBody: the
// typed values and the photo files. It reports false when it has answered
// the request (a body too large or unreadable).
func (s *Server) readComplaintForm(w http.ResponseWriter, r *http.Request) (complaintForm, []*multipart.FileHeader, bool) {
	loc := reqCtx(r).loc
	form := complaintForm{Errors: map[string]string{}, Submitted: true}
	// The order is in the form's address too, so a body too large to read
	// still shows the form for the same order.
	form.Order, _ = formInt64(r.URL.Query().Get("order"))
	refuse := func(status int, msg string) (complaintForm, []*multipart.FileHeader, bool) {
		form.Errors["photos"] = msg
		s.renderComplaintForm(w, r, status, form)
		return form, nil, false
	}
	tooLarge := loc.T("complaint_form_too_large", map[string]any{"Max": complaintMaxBody >> 20})
	if r.ContentLength > complaintMaxBody {
		return refuse(http.StatusRequestEntityTooLarge, tooLarge)
	}
	r.Body = http.MaxBytesReader(w, r.Body, complaintMaxBody)
	if err := r.ParseMultipartForm(complaintFormMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return refuse(http.StatusRequestEntityTooLarge, tooLarge)
		}
		slog.Info("complaint form unreadable", "err", err)
		return refuse(http.StatusBadRequest, loc.T("complaint_form_unreadable"))
	}
	if v := r.PostFormValue("order"); v != "" {
		form.Order, _ = formInt64(v)
	}
	form.Line, _ = formInt64(r.PostFormValue("line"))
	form.Qty, form.Reason = strings.TrimSpace(r.PostFormValue("qty")), r.PostFormValue("reason")
	form.Description = r.PostFormValue("description")
	if r.MultipartForm == nil {
		return form, nil, true
	}
	return form, r.MultipartForm.File["photos"], true
}

// checkComplaintForm checks the line, quantity and reason against the order,
// so the form can name every problem at once; complaint.Create checks them
// again under a lock. It reports false when it has answered the request.
func (s *Server) checkComplaintForm(w http.ResponseWriter, r *http.Request, form *complaintForm) (int, bool) {
	loc := reqCtx(r).loc
	lines, err := complaint.ComplainableLines(r.Context(), s.db, reqCtx(r).company.ID, form.Order)
	var fe *complaint.FieldError
	switch {
	case errors.Is(err, complaint.ErrNotFound):
		s.notFound(w, r)
		return 0, false
	case errors.As(err, &fe):
		form.Errors["order"] = fieldMessage(loc, fe)
		return 0, true
	case err != nil:
		s.serverError(w, r, err)
		return 0, false
	}
	qty, qtyOK := formInt(form.Qty)
	i := slices.IndexFunc(lines, func(l complaint.Line) bool { return l.ID == form.Line })
	switch {
	case i < 0:
		form.Errors["line"] = loc.T("complaint_form_choose_line")
	case lines[i].Claimable <= 0:
		form.Errors["line"] = fieldMessage(loc, &complaint.FieldError{Code: complaint.CodeLineClaimed})
	case !qtyOK || qty < 1 || qty > lines[i].Claimable:
		form.Errors["qty"] = fieldMessage(loc, &complaint.FieldError{Code: complaint.CodeQtyInvalid, Max: lines[i].Claimable})
	}
	if !slices.Contains(complaint.Reasons, form.Reason) {
		form.Errors["reason"] = fieldMessage(loc, &complaint.FieldError{Code: complaint.CodeReasonInvalid})
	}
	return qty, true
}

// savePhotos stores each uploaded photo, noting every refused one. Too many
// photos are refused before any is stored. It reports false when it has
// answered the request (a server error); the caller removes what was saved
// when the complaint is not filed.
func (s *Server) savePhotos(w http.ResponseWriter, r *http.Request, form *complaintForm, files []*multipart.FileHeader) ([]complaint.StoredPhoto, bool) {
	loc := reqCtx(r).loc
	if len(files) > complaint.MaxPhotos {
		form.Errors["photos"] = fieldMessage(loc, &complaint.FieldError{Code: complaint.CodeTooManyPhotos, Max: complaint.MaxPhotos})
		return nil, true
	}
	var saved []complaint.StoredPhoto
	for _, fh := range files {
		data, err := readUpload(fh, s.maxPhotoBytes()+1)
		if err != nil {
			s.removePhotos(saved)
			s.serverError(w, r, err)
			return nil, false
		}
		p, err := s.photos.Save(data)
		var fe *complaint.FieldError
		switch {
		case errors.As(err, &fe):
			form.PhotoErrors = append(form.PhotoErrors, loc.T("complaint_photo_refused",
				map[string]any{"Name": locales.Clip(fh.Filename, 60), "Reason": fieldMessage(loc, fe)}))
		case err != nil:
			s.removePhotos(saved)
			s.serverError(w, r, err)
			return nil, false
		default:
			saved = append(saved, p)
		}
	}
	return saved, true
}

// readUpload reads at most limit bytes of an uploaded file: enough for the
// store to tell that a larger one is too big.
func readUpload(fh *multipart.FileHeader, limit int64) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

func (s *Server) removePhotos(photos []complaint.StoredPhoto) {
	names := make([]string, len(photos))
	for i, p := range photos {
		names[i] = p.FileName
	}
	s.photos.Remove(names...)
}

// formField is the form field a domain validation failure belongs to.
func formField(field string) string {
	if field == "photo" {
		return "photos"
	}
	return field
}
