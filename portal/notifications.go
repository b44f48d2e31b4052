package portal

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"partnerdesk/domain/catalog"
	"partnerdesk/domain/notify"
)

// notificationsShown is how many of the latest notifications the page lists.
const notificationsShown = 100

type notificationItem struct {
	N    *notify.Notification
	Kind string // the kind's name in the reader's language
	Text string // rendered in the reader's language now, not when it was created
}

type watchedProduct struct {
	ProductID int64
	SKU, Name string
}

// showNotificationsPage lists the user's notifications, newest first, and the
// products the user waits for.
func (s *Server) showNotificationsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	ns, err := notify.List(ctx, s.db, rc.user.ID, notificationsShown)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	items := make([]notificationItem, len(ns))
	for i, n := range ns {
		items[i] = notificationItem{N: n, Kind: notify.KindLabel(rc.loc, n.Kind), Text: notify.Text(rc.loc, n)}
	}
	subs, err := notify.Subscriptions(ctx, s.db, rc.user.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	watched := make([]watchedProduct, len(subs))
	for i, sub := range subs {
		watched[i] = watchedProduct{ProductID: sub.ProductID, SKU: sub.SKU, Name: sub.Name(rc.loc.Lang)}
	}
	// The unread count comes with every customer page (view's "Unread", for
	// the header's bell); the page's badge and "mark all read" use it too.
	s.render(w, r, http.StatusOK, "notifications", map[string]any{"Nav": "notifications", "Items": items,
		"Watched": watched})
}

// openNotification marks one of the user's notifications read and goes to
// the page it is about. Another user's notification does not exist here.
func (s *Server) openNotification(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	n, err := notify.Get(ctx, s.db, rc.user.ID, id)
	if errors.Is(err, notify.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if _, err := notify.MarkRead(ctx, s.db, rc.user.ID, []int64{n.ID}); err != nil {
		s.serverError(w, r, err)
		return
	}
	target := "/notifications"
	if n.Link != "" {
		target = localPath(n.Link)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// markNotificationsRead marks all of the user's notifications read ("all"),
// or those named in "id".
func (s *Server) markNotificationsRead(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	if err := r.ParseForm(); err != nil {
		s.notFound(w, r)
		return
	}
	var err error
	if r.PostFormValue("all") == "1" {
		_, err = notify.MarkAllRead(ctx, s.db, rc.user.ID)
	} else {
		var ids []int64
		for _, v := range r.PostForm["id"] {
			if id, ok := formInt64(v); ok {
				ids = append(ids, id)
			}
		}
		_, err = notify.MarkRead(ctx, s.db, rc.user.ID, ids)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setFlash(w, "ok", "notify_marked_read")
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

// subscribeStock asks to be told when a product is back in stock (the
// product page's button posts here with "product" and "back").
func (s *Server) subscribeStock(w http.ResponseWriter, r *http.Request) {
	p, ok := s.formProduct(w, r)
	if !ok {
		return
	}
	if err := notify.Subscribe(r.Context(), s.db, reqCtx(r).user.ID, p.ID, notify.SourcePortal); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setFlash(w, "ok", "notify_subscribed")
	redirectBack(w, r, "/notifications")
}

// unsubscribeStock withdraws the user's wish; a product withdrawn from sale
// meanwhile can still be let go.
func (s *Server) unsubscribeStock(w http.ResponseWriter, r *http.Request) {
	id, ok := formInt64(r.PostFormValue("product"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := notify.Unsubscribe(r.Context(), s.db, reqCtx(r).user.ID, id); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setFlash(w, "ok", "notify_unsubscribed")
	redirectBack(w, r, "/notifications")
}

// formProduct is the product a form names in "product"; it answers 404 itself
// when there is no such product on sale.
func (s *Server) formProduct(w http.ResponseWriter, r *http.Request) (*catalog.Product, bool) {
	id, ok := formInt64(r.PostFormValue("product"))
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	ps, err := catalog.ProductsByID(r.Context(), s.db, []int64{id})
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	p, ok := ps[id]
	if !ok || !p.Active {
		s.notFound(w, r)
		return nil, false
	}
	return p, true
}

// Notification preferences, shown and saved on the account page.

type kindOption struct {
	Kind, Label string
	On          bool
}

type hourOption struct{ Value, Label string }

// prefsView is the preferences form: each kind with its checkbox, and the
// quiet hours as the select boxes' values ("" = off).
type prefsView struct {
	Kinds    []kindOption
	From, To string
	Hours    []hourOption
}

var hourOptions = func() []hourOption {
	hs := make([]hourOption, 24)
	for h := range hs {
		hs[h] = hourOption{Value: strconv.Itoa(h), Label: fmt.Sprintf("%02d:00", h)}
	}
	return hs
}()

func (s *Server) newPrefsView(r *http.Request, p notify.Prefs) *prefsView {
	loc := reqCtx(r).loc
	v := &prefsView{Hours: hourOptions}
	for _, k := range notify.Kinds {
		v.Kinds = append(v.Kinds, kindOption{Kind: k, Label: notify.KindLabel(loc, k), On: p.Enabled[k]})
	}
	hour := func(h *int) string {
		if h == nil {
			return ""
		}
		return strconv.Itoa(*h)
	}
	v.From, v.To = hour(p.QuietFrom), hour(p.QuietTo)
	return v
}

// notifyPrefsView loads the signed-in customer user's preferences for the
// account page; nil for staff.
func (s *Server) notifyPrefsView(r *http.Request) (*prefsView, error) {
	rc := reqCtx(r)
	if rc.company == nil {
		return nil, nil
	}
	p, err := notify.GetPrefs(r.Context(), s.db, rc.user.ID)
	if err != nil {
		return nil, err
	}
	return s.newPrefsView(r, p), nil
}

// saveNotificationPrefs stores the preferences form; a wrong field shows the
// form again, as submitted, with the error under that field.
func (s *Server) saveNotificationPrefs(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	if err := r.ParseForm(); err != nil {
		s.notFound(w, r)
		return
	}
	p := notify.Prefs{Enabled: map[string]bool{}}
	checked := map[string]bool{}
	for _, k := range r.PostForm["kind"] {
		checked[k] = true
	}
	for _, k := range notify.Kinds {
		p.Enabled[k] = checked[k]
	}
	errs := map[string]string{}
	for field, dst := range map[string]**int{"quiet_from": &p.QuietFrom, "quiet_to": &p.QuietTo} {
		v := r.PostFormValue(field)
		if v == "" {
			continue
		}
		h, ok := formInt(v)
		if !ok {
			errs[field] = "notify_error_hour"
			continue
		}
		*dst = &h
	}
	if len(errs) == 0 {
		err := notify.SetPrefs(r.Context(), s.db, rc.user.ID, p)
		var fe *notify.FieldError
		switch {
		case errors.As(err, &fe):
			errs[fe.Field] = "notify_error_" + fe.Code
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		v := s.newPrefsView(r, p)
		v.From, v.To = r.PostFormValue("quiet_from"), r.PostFormValue("quiet_to")
		s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]any{"Errors": errs, "NotifyPrefs": v})
		return
	}
	s.setFlash(w, "ok", "notify_prefs_saved")
	http.Redirect(w, r, "/account#notifications", http.StatusSeeOther)
}
