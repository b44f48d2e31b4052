package portal

import (
	"net/http"

	"partnerdesk/domain/catalog"
)

// showFavouritesPage lists the company's standard assortment with the usual
// quantities, ready to be added to the cart at once.
func (s *Server) showFavouritesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rc := reqCtx(r)
	favs, err := catalog.Favourites(ctx, s.db, rc.company.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ids := make([]int64, len(favs))
	qty := map[int64]int{}
	for i, f := range favs {
		ids[i] = f.ProductID
		qty[f.ProductID] = f.DefaultQty
	}
	byID, err := catalog.ProductsByID(ctx, s.db, ids)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	products := make([]*catalog.Product, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			products = append(products, p)
		}
	}
	cards, chips, err := s.cards(r, products)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "favourites", map[string]any{"Nav": "favourites", "Header": chips, "Cards": cards[0], "Qty": qty,
		"CanOrder": rc.user.CanOrder()})
}
