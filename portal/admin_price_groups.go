package portal

import (
	"errors"
	"net/http"

	"partnerdesk/domain"
	"partnerdesk/domain/admin"
)

// priceGroupForm is a price group as typed.
type priceGroupForm struct {
	Code, NamePL, NameRU, NameFI string
	Errors                       map[string]string
}

func readPriceGroupForm(r *http.Request) (priceGroupForm, admin.PriceGroupInput) {
	f := priceGroupForm{Code: r.PostFormValue("code"), NamePL: r.PostFormValue("name_pl"), NameRU: r.PostFormValue("name_ru"),
		NameFI: r.PostFormValue("name_fi"), Errors: map[string]string{}}
	return f, admin.PriceGroupInput{Code: f.Code, Names: domain.Texts{PL: f.NamePL, RU: f.NameRU, FI: f.NameFI}}
}

func (s *Server) showPriceGroupsPage(w http.ResponseWriter, r *http.Request) {
	s.renderPriceGroups(w, r, http.StatusOK, priceGroupForm{Errors: map[string]string{}}, "")
}

func (s *Server) renderPriceGroups(w http.ResponseWriter, r *http.Request, status int, form priceGroupForm, alert string) {
	groups, err := admin.PriceGroups(r.Context(), s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderAdmin(w, r, status, "admin_price_groups", "price_groups", map[string]any{"Groups": groups, "Form": form, "Alert": alert})
}

// createPriceGroup adds a group; its prices arrive from the ERP by its code.
func (s *Server) createPriceGroup(w http.ResponseWriter, r *http.Request) {
	form, in := readPriceGroupForm(r)
	_, err := admin.CreatePriceGroup(r.Context(), s.db, reqCtx(r).user.ID, in)
	var fe admin.FieldErrors
	if errors.As(err, &fe) {
		form.Errors = adminMessages(fe)
		s.renderPriceGroups(w, r, http.StatusUnprocessableEntity, form, "")
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.setFlash(w, "ok", "admin_group_created")
	http.Redirect(w, r, "/desk/admin/price-groups", http.StatusSeeOther)
}

// priceGroup loads the path's price group; false when it answered.
func (s *Server) priceGroup(w http.ResponseWriter, r *http.Request) (*admin.PriceGroup, bool) {
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	g, err := admin.GetPriceGroup(r.Context(), s.db, id)
	if s.adminFailed(w, r, err) {
		return nil, false
	}
	return g, true
}

func (s *Server) showPriceGroupPage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.priceGroup(w, r)
	if !ok {
		return
	}
	form := priceGroupForm{Code: g.Code, NamePL: g.Names.PL, NameRU: g.Names.RU, NameFI: g.Names.FI, Errors: map[string]string{}}
	s.renderPriceGroup(w, r, http.StatusOK, g, form, "")
}

func (s *Server) renderPriceGroup(w http.ResponseWriter, r *http.Request, status int, g *admin.PriceGroup, form priceGroupForm, alert string) {
	s.renderAdmin(w, r, status, "admin_price_group", "price_groups", map[string]any{"Group": g, "Form": form, "Alert": alert})
}

// updatePriceGroup renames a group or changes its code.
func (s *Server) updatePriceGroup(w http.ResponseWriter, r *http.Request) {
	g, ok := s.priceGroup(w, r)
	if !ok {
		return
	}
	form, in := readPriceGroupForm(r)
	err := admin.UpdatePriceGroup(r.Context(), s.db, reqCtx(r).user.ID, g.ID, in)
	var fe admin.FieldErrors
	if errors.As(err, &fe) {
		form.Errors = adminMessages(fe)
		s.renderPriceGroup(w, r, http.StatusUnprocessableEntity, g, form, "")
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.setFlash(w, "ok", "admin_group_saved")
	http.Redirect(w, r, "/desk/admin/price-groups", http.StatusSeeOther)
}

// deletePriceGroup removes a group no company buys in.
func (s *Server) deletePriceGroup(w http.ResponseWriter, r *http.Request) {
	g, ok := s.priceGroup(w, r)
	if !ok {
		return
	}
	err := admin.DeletePriceGroup(r.Context(), s.db, reqCtx(r).user.ID, g.ID)
	var inUse *admin.InUseError
	if errors.As(err, &inUse) {
		alert := reqCtx(r).loc.TN("admin_group_in_use", inUse.Companies, map[string]any{"Code": g.Code})
		s.renderPriceGroups(w, r, http.StatusConflict, priceGroupForm{Errors: map[string]string{}}, alert)
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.setFlash(w, "ok", "admin_group_deleted")
	http.Redirect(w, r, "/desk/admin/price-groups", http.StatusSeeOther)
}
