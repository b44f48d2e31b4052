package portal

import (
	"errors"
	"net/http"
	"strings"

	"partnerdesk/domain/cart"
	"partnerdesk/domain/catalog"
)

func (s *Server) showCartPage(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	v, err := cart.Build(r.Context(), s.dbFor(r), rc.company, rc.user.ID, s.cfg.Credit, s.todayOf(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	manager, backup, err := s.managers(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "cart", map[string]any{"Nav": "cart", "Cart": v, "Header": v.Header, "Manager": manager, "Backup": backup})
}

// addToCart adds one product (by id or SKU) at a quantity, checking minimum
// and pack size first so the buyer learns at once what is wrong.
func (s *Server) addToCart(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	ctx := r.Context()
	id, _ := formInt64(r.PostFormValue("product"))
	qty, ok := formInt(r.PostFormValue("qty"))
	if !ok {
		qty = 0
	}
	qty = min(qty, 1_000_000) // as a cart line holds at most
	seen, _ := formInt64(r.PostFormValue("seen_price"))
	// One statement: the line goes in only when nothing below is wrong.
	p, err := cart.AddOne(ctx, s.dbFor(r), rc.user.ID, cart.Item{ProductID: id, Qty: qty, SeenPrice: seen})
	if err != nil && !errors.Is(err, cart.ErrFull) {
		s.serverError(w, r, err)
		return
	}
	if p == nil || !p.Active {
		s.setFlash(w, "error", "problem_unknown")
		redirectBack(w, r, "/catalog")
		return
	}
	if problem := p.QtyProblem(qty); problem != "" {
		s.setFlash(w, "error", "problem_"+problem+"_short")
		redirectBack(w, r, "/catalog")
		return
	}
	if errors.Is(err, cart.ErrFull) {
		s.setFlash(w, "error", "cart_full")
		redirectBack(w, r, "/cart")
		return
	}
	s.setFlash(w, "ok", "cart_added")
	redirectBack(w, r, "/cart")
}

// addManyToCart takes the chosen lines of an upload report, a reorder or the
// favourites list: repeated "line" fields of "product:qty" or
// "product:qty:seen unit price" (checkboxes, so unchecked lines stay out).
func (s *Server) addManyToCart(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	if err := r.ParseForm(); err != nil {
		s.notFound(w, r)
		return
	}
	var items []cart.Item
	for _, v := range r.PostForm["line"] {
		parts := strings.Split(v, ":")
		if len(parts) < 2 || len(parts) > 3 {
			continue
		}
		id, ok1 := formInt64(parts[0])
		qty, ok2 := formInt(parts[1])
		if !ok1 || !ok2 || qty <= 0 {
			continue
		}
		it := cart.Item{ProductID: id, Qty: qty}
		if len(parts) == 3 {
			it.SeenPrice, _ = formInt64(parts[2])
		}
		items = append(items, it)
	}
	// Only real, active products reach the cart.
	known := make([]int64, len(items))
	for i, it := range items {
		known[i] = it.ProductID
	}
	ps, err := catalog.ProductsByID(r.Context(), s.dbFor(r), known)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	valid := items[:0]
	for _, it := range items {
		if p, ok := ps[it.ProductID]; ok && p.Active {
			valid = append(valid, it)
		}
	}
	if len(valid) == 0 {
		s.setFlash(w, "error", "cart_nothing_added")
		redirectBack(w, r, "/cart")
		return
	}
	if err := cart.Add(r.Context(), s.dbFor(r), rc.user.ID, valid); err != nil {
		if errors.Is(err, cart.ErrFull) {
			s.setFlash(w, "error", "cart_full")
			http.Redirect(w, r, "/cart", http.StatusSeeOther)
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.setFlash(w, "ok", "cart_added_many")
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}

// updateCart changes quantities (qty_<product id> fields), removes a line
// (remove=<id>) or accepts changed prices (accept=1).
func (s *Server) updateCart(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.notFound(w, r)
		return
	}
	if id, ok := formInt64(r.PostFormValue("remove")); ok {
		if err := cart.Set(ctx, s.dbFor(r), rc.user.ID, id, 0); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.setFlash(w, "ok", "cart_removed")
		http.Redirect(w, r, "/cart", http.StatusSeeOther)
		return
	}
	lines, err := cart.Lines(ctx, s.dbFor(r), rc.user.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, l := range lines {
		raw, present := r.PostForm["qty_"+itoa64(l.ProductID)]
		if !present || len(raw) == 0 {
			continue
		}
		if qty, ok := formInt(raw[0]); ok && qty != l.Qty {
			if err := cart.Set(ctx, s.dbFor(r), rc.user.ID, l.ProductID, qty); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
	}
	if r.PostFormValue("accept") == "1" {
		v, err := cart.Build(ctx, s.dbFor(r), rc.company, rc.user.ID, s.cfg.Credit, s.todayOf(r))
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		prices := map[int64]int64{}
		for _, l := range v.Lines {
			if l.Quote.Priced {
				prices[l.Product.ID] = l.Quote.UnitPrice
			}
		}
		if err := cart.AcknowledgePrices(ctx, s.dbFor(r), rc.user.ID, prices); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.setFlash(w, "ok", "cart_updated")
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}
