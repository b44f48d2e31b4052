package portal

import (
	"encoding/json"
	"net/http"
	"strings"

	"partnerdesk/domain/cart"
	"partnerdesk/domain/catalog"
	"partnerdesk/locales"
)

// quickRow is one row of the quick order form, with what is wrong with it.
type quickRow struct {
	SKU     string
	Qty     string
	Name    string
	Problem string // message id, "" when fine
	Args    map[string]any
}

// QtyWrong tells whether the problem is the quantity's (the code is fine):
// that field is the one marked.
func (r quickRow) QtyWrong() bool {
	return r.Problem != "" && r.Problem != "problem_no_sku" && r.Problem != "problem_unknown"
}

const quickRows = 10

func (s *Server) showQuickOrderPage(w http.ResponseWriter, r *http.Request) {
	rows := make([]quickRow, quickRows)
	s.render(w, r, http.StatusOK, "quickorder", map[string]any{"Nav": "quick", "Rows": rows})
}

// addQuickOrder checks every row (SKU or EAN, quantity against minimum and
// pack) and adds all of them to the cart only when every filled row is right;
// otherwise the form comes back with the problems next to the rows.
func (s *Server) addQuickOrder(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.notFound(w, r)
		return
	}
	skus, qtys := r.PostForm["sku"], r.PostForm["qty"]
	var rows []quickRow
	var codes []string
	for i := range skus {
		row := quickRow{SKU: strings.ToUpper(strings.TrimSpace(skus[i]))}
		if i < len(qtys) {
			row.Qty = strings.TrimSpace(qtys[i])
		}
		if row.SKU == "" && row.Qty == "" {
			continue
		}
		rows = append(rows, row)
		codes = append(codes, row.SKU)
	}
	if len(rows) > 200 {
		rows = rows[:200]
	}
	products, err := catalog.ProductsByCode(ctx, s.dbFor(r), codes)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var items []cart.Item
	bad := 0
	for i := range rows {
		row := &rows[i]
		p := products[row.SKU]
		qty, qtyOK := formInt(row.Qty)
		switch {
		case row.SKU == "":
			row.Problem = "problem_no_sku"
		case p == nil || !p.Active:
			row.Problem = "problem_unknown"
		case !qtyOK:
			row.Problem = "problem_bad_qty"
		case p.QtyProblem(qty) != "":
			row.Problem = "problem_" + p.QtyProblem(qty)
			row.Args = map[string]any{"Min": locales.FormatInt(int64(p.MinOrderQty)), "Pack": locales.FormatInt(int64(p.PackSize))}
		}
		if p != nil {
			row.Name = p.Name(rc.loc.Lang)
		}
		if row.Problem != "" {
			bad++
			continue
		}
		items = append(items, cart.Item{ProductID: p.ID, Qty: qty})
	}
	if bad > 0 || len(items) == 0 {
		for len(rows) < quickRows {
			rows = append(rows, quickRow{})
		}
		s.render(w, r, http.StatusUnprocessableEntity, "quickorder", map[string]any{"Nav": "quick", "Rows": rows, "Bad": bad,
			"Empty": len(items) == 0 && bad == 0})
		return
	}
	if err := cart.Add(ctx, s.dbFor(r), rc.user.ID, items); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setFlash(w, "ok", "cart_added_many")
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}

// lookupProduct answers the quick order form's live lookup with the product's
// name, own price, minimum, pack and stock, as JSON.
func (s *Server) lookupProduct(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	code := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("sku")))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	ps, err := catalog.ProductsByCode(r.Context(), s.db, []string{code})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := ps[code]
	if code == "" || p == nil || !p.Active {
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"error": rc.loc.T("problem_unknown")})
		return
	}
	cards, _, err := s.cards(r, []*catalog.Product{p})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c := cards[0][0]
	json.NewEncoder(w).Encode(map[string]any{
		"sku": p.SKU, "name": c.Name, "price": locales.FormatUnitPrice(c.Quote.UnitPriceX, rc.company.Currency),
		"min": p.MinOrderQty, "pack": p.PackSize, "stock": c.State, "stock_text": rc.loc.T("stock_" + c.State),
		"unit": rc.loc.T("unit_" + p.Unit),
	})
}
