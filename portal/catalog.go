package portal

import (
	"errors"
	"net/http"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/cart"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/header"
	"partnerdesk/domain/pricing"
)

// productCard is a product as a customer sees it in a list: own price at the
// minimum quantity, quantity breaks, stock state.
type productCard struct {
	Product   *catalog.Product
	Name      string
	Quote     pricing.Quote
	Available int
	State     string
	RestockOn *time.Time
	Favourite bool
}

// cards prices and stocks lists of products for the signed-in company, in
// one round trip for all the lists, which also reads the page header's
// figures (render them by passing the chips as "Header").
func (s *Server) cards(r *http.Request, lists ...[]*catalog.Product) ([][]productCard, header.Chips, error) {
	rc := reqCtx(r)
	var all []*catalog.Product
	for _, l := range lists {
		all = append(all, l...)
	}
	v, err := cart.Shelf(r.Context(), s.db, rc.company, rc.user.ID, all, s.cfg.Credit, s.todayOf(r))
	if err != nil {
		return nil, header.Chips{}, err
	}
	byID := make(map[int64]cart.ViewLine, len(v.Lines))
	for _, l := range v.Lines {
		byID[l.Product.ID] = l
	}
	out := make([][]productCard, len(lists))
	for i, l := range lists {
		out[i] = make([]productCard, len(l))
		for j, p := range l {
			vl := byID[p.ID]
			out[i][j] = productCard{Product: p, Name: p.Name(rc.loc.Lang), Quote: vl.Quote, Available: vl.Available,
				State: catalog.StockState(vl.Available, p.MinOrderQty), RestockOn: vl.RestockOn, Favourite: vl.Favourite}
		}
	}
	return out, v.Header, nil
}

const catalogPageSize = 24

func (s *Server) showCatalogPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	qv := r.URL.Query()
	page, _ := formInt(qv.Get("page"))
	page = max(page, 1)
	catID, _ := formInt64(qv.Get("category"))
	q := catalog.SearchQuery{Text: qv.Get("q"), CategoryID: catID, Lang: rc.loc.Lang, InStockOnly: qv.Get("instock") == "1",
		Limit: catalogPageSize, Offset: (page - 1) * catalogPageSize}
	res, err := catalog.Search(ctx, s.db, q)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cards, chips, err := s.cards(r, res.Products)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cats, err := catalog.Categories(ctx, s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	data := map[string]any{
		"Nav": "catalog", "Header": chips, "Query": q, "Cards": cards[0], "Total": res.Total, "Categories": categoryTree(cats, rc.loc.Lang, catID),
		"CanOrder": rc.user.CanOrder(),
	}
	if beyondLastPage(w, r, page, res.Total, catalogPageSize) {
		return
	}
	addPager(data, "/catalog", qv, page, res.Total, catalogPageSize)
	s.render(w, r, http.StatusOK, "catalog", data)
}

// categoryItem is one entry of the category navigation.
type categoryItem struct {
	ID       int64
	Name     string
	Current  bool
	Children []categoryItem
}

func categoryTree(cats []*catalog.Category, lang domain.Language, current int64) []categoryItem {
	var roots []categoryItem
	index := map[int64]int{}
	for _, c := range cats {
		if c.ParentID == nil {
			index[c.ID] = len(roots)
			roots = append(roots, categoryItem{ID: c.ID, Name: c.Name(lang), Current: c.ID == current})
		}
	}
	for _, c := range cats {
		if c.ParentID != nil {
			if i, ok := index[*c.ParentID]; ok {
				roots[i].Children = append(roots[i].Children, categoryItem{ID: c.ID, Name: c.Name(lang), Current: c.ID == current})
				if c.ID == current {
					roots[i].Current = true
				}
			}
		}
	}
	return roots
}

func (s *Server) showProductPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	p, err := catalog.ProductBySKU(ctx, s.db, r.PathValue("sku"))
	if errors.Is(err, domain.ErrNoRows) || err == nil && !p.Active {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	subs, err := catalog.Substitutes(ctx, s.db, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cards, chips, err := s.cards(r, []*catalog.Product{p}, subs)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var watching bool
	if err := s.db.NewRaw("SELECT EXISTS (SELECT 1 FROM stock_subscriptions WHERE user_id = ? AND product_id = ?)", rc.user.ID, p.ID).Scan(ctx, &watching); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "product", map[string]any{
		"Nav": "catalog", "Header": chips, "Card": cards[0][0], "Description": p.Description(rc.loc.Lang), "Substitutes": cards[1],
		"CanOrder": rc.user.CanOrder(), "Watching": watching,
	})
}

// toggleFavourite adds a product to the company's standard assortment or removes it.
func (s *Server) toggleFavourite(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	id, ok := formInt64(r.PostFormValue("product"))
	if !ok {
		s.notFound(w, r)
		return
	}
	ps, err := catalog.ProductsByID(r.Context(), s.db, []int64{id})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p, ok := ps[id]
	if !ok || !p.Active {
		s.notFound(w, r)
		return
	}
	qty := 0
	if r.PostFormValue("on") == "1" {
		qty = p.MinOrderQty
	}
	if err := catalog.SetFavourite(r.Context(), s.db, rc.company.ID, id, qty); err != nil {
		s.serverError(w, r, err)
		return
	}
	if qty > 0 {
		s.setFlash(w, "ok", "favourite_added")
	} else {
		s.setFlash(w, "ok", "favourite_removed")
	}
	redirectBack(w, r, "/favourites")
}
