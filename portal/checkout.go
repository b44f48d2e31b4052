package portal

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/cart"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

// checkoutForm is what the buyer fills in at checkout.
type checkoutForm struct {
	PONumber        string
	DeliveryAddress string
	RequestedOn     string
	Key             string
	Points          string            // loyalty points to spend, as typed
	PointsAll       bool              // spend as many as allowed
	Errors          map[string]string // field → message id
}

// points reads the points field: 0 when empty, false when it is not a whole
// number of points (the form then says so under the field).
func (f *checkoutForm) points() (int, bool) {
	if f.Points == "" || f.PointsAll {
		return 0, true
	}
	n, ok := formInt(f.Points)
	return n, ok && n >= 0
}

func (s *Server) showCheckoutPage(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	form := checkoutForm{DeliveryAddress: rc.company.DeliveryAddress, Key: account.NewToken(18)}
	s.renderCheckout(w, r, http.StatusOK, form, nil)
}

func (s *Server) renderCheckout(w http.ResponseWriter, r *http.Request, status int, form checkoutForm, problem error) {
	rc := reqCtx(r)
	today := s.todayOf(r)
	v, err := cart.Build(r.Context(), s.dbFor(r), rc.company, rc.user.ID, s.cfg.Credit, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(v.Lines) == 0 {
		http.Redirect(w, r, "/cart", http.StatusSeeOther)
		return
	}
	manager, backup, err := s.managers(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The points asked for, priced by the rule order.Place applies: the
	// totals, the credit check and the button show what the order will cost.
	acct := v.Loyalty
	var red loyalty.Redemption
	var redeemErr *loyalty.RedeemError
	if want, ok := form.points(); ok && !errors.As(problem, &redeemErr) {
		red, err = acct.Plan(v.Totals, want, form.PointsAll)
		errors.As(err, &redeemErr)
	}
	if form.PointsAll {
		form.Points = strconv.Itoa(red.Points)
	}
	totals := loyalty.ApplyPoints(v.Totals, red.Value)
	v.Block = credit.Check(rc.company.Status, v.Balance, totals.Gross, s.cfg.Credit)
	data := map[string]any{"Nav": "cart", "Cart": v, "Form": form, "Manager": manager, "Backup": backup,
		"MinDate": today.AddDate(0, 0, 1).Format("2006-01-02"),
		"Totals":  totals, "Redemption": red, "Loyalty": acct, "Header": v.Header,
		"MaxPoints": acct.Settings.MaxPoints(v.Totals.NetGoods, v.Totals.Discount, acct.Balance)}
	if redeemErr != nil {
		data["PointsError"] = redeemMessage(rc.loc, redeemErr, rc.company.Currency)
	}
	var block *credit.Block
	var lines *order.LinesError
	switch {
	case errors.As(problem, &block):
		data["Block"] = block
	case errors.As(problem, &lines):
		data["LinesError"] = true
	}
	s.render(w, r, status, "checkout", data)
}

// placeOrder turns the cart into an order. The form carries an idempotency key
// made when the checkout page was shown, so a double click, a resubmit after
// Back or a retried request all return the one order.
func (s *Server) placeOrder(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	form := checkoutForm{
		PONumber:        strings.TrimSpace(r.PostFormValue("po_number")),
		DeliveryAddress: strings.TrimSpace(r.PostFormValue("delivery_address")),
		RequestedOn:     strings.TrimSpace(r.PostFormValue("requested_on")),
		Key:             r.PostFormValue("key"),
		Points:          strings.TrimSpace(r.PostFormValue("points")),
		PointsAll:       r.PostFormValue("points_all") != "",
		Errors:          map[string]string{},
	}
	points, pointsOK := form.points()
	if !pointsOK {
		form.Errors["points"] = "loyalty_err_number"
	}
	if r.PostFormValue("apply_points") != "" {
		// "Recalculate": show the totals with these points; nothing is placed.
		if len(form.Key) < 16 || len(form.Key) > 64 {
			form.Key = account.NewToken(18)
		}
		s.renderCheckout(w, r, http.StatusOK, form, nil)
		return
	}
	if len(form.Key) < 16 || len(form.Key) > 64 {
		form.Key = account.NewToken(18)
		form.Errors["form"] = "checkout_expired"
	}
	if len([]rune(form.PONumber)) > 64 {
		form.Errors["po_number"] = "checkout_po_too_long"
	}
	if form.DeliveryAddress == "" {
		form.Errors["delivery_address"] = "checkout_address_required"
	} else if len([]rune(form.DeliveryAddress)) > 500 {
		form.Errors["delivery_address"] = "checkout_address_too_long"
	}
	requested, ok := parseDate(form.RequestedOn)
	if !ok || requested != nil && !requested.After(s.todayOf(r)) {
		form.Errors["requested_on"] = "checkout_date_invalid"
	}
	if len(form.Errors) > 0 {
		s.renderCheckout(w, r, http.StatusUnprocessableEntity, form, nil)
		return
	}
	lines, err := cart.Lines(ctx, s.dbFor(r), rc.user.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	req := order.PlaceRequest{CompanyID: rc.company.ID, UserID: rc.user.ID, Channel: order.ChannelPortal,
		IdempotencyKey: "portal-" + form.Key, PONumber: form.PONumber, DeliveryAddress: form.DeliveryAddress, RequestedOn: requested,
		PointsToRedeem: points, RedeemAllPoints: form.PointsAll, FromCart: true}
	for _, l := range lines {
		req.Lines = append(req.Lines, order.LineRequest{ProductID: l.ProductID, Qty: l.Qty})
	}
	if len(req.Lines) == 0 {
		// A repeat of a checkout that already emptied the cart: show its order.
		if prev, err := order.ByKey(ctx, s.dbFor(r), rc.company.ID, req.IdempotencyKey); err == nil {
			http.Redirect(w, r, "/orders/"+itoa64(prev.Number), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/cart", http.StatusSeeOther)
		return
	}
	res, err := s.ordering(r).Place(ctx, req)
	var block *credit.Block
	var le *order.LinesError
	var re *loyalty.RedeemError
	switch {
	case errors.As(err, &block), errors.As(err, &le), errors.As(err, &re):
		s.renderCheckout(w, r, http.StatusConflict, form, err)
		return
	case errors.Is(err, order.ErrCartChanged):
		// Another tab ordered (some of) these lines a moment ago.
		s.setFlash(w, "error", "checkout_cart_changed")
		http.Redirect(w, r, "/cart", http.StatusSeeOther)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if !res.Duplicate {
		s.setFlash(w, "ok", "order_placed")
	}
	http.Redirect(w, r, "/orders/"+itoa64(res.Order.Number), http.StatusSeeOther)
}

// redeemMessage says in the user's language why points cannot be spent.
func redeemMessage(loc *locales.Localizer, e *loyalty.RedeemError, cur domain.Currency) string {
	switch e.Reason {
	case loyalty.ReasonBalance:
		return loc.TN("loyalty_err_balance", e.Balance)
	case loyalty.ReasonCap:
		return loc.TN("loyalty_err_cap", e.Max)
	default:
		return loc.T("loyalty_err_too_few", map[string]any{"Amount": locales.FormatMoney(1, cur)})
	}
}
