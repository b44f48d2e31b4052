package portal

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"partnerdesk/domain/admin"
	"partnerdesk/domain/company"
)

const adminCompaniesPage = 50

// companyRow is one company of the list with its form's values: as stored,
// or as typed when the save was refused.
type companyRow struct {
	*company.Company
	Manager, Backup, PriceGroup string
	Errors                      map[string]string
}

// assignForm is one company row's form as typed, shown again when refused.
type assignForm struct {
	Company                     int64
	Manager, Backup, PriceGroup string
	Errors                      map[string]string
}

func (s *Server) showAdminCompaniesPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdminCompanies(w, r, http.StatusOK, r.URL.Query(), assignForm{})
}

// renderAdminCompanies lists the companies the query asks for: manager=<id>
// (managed or backed up by), manager=none (no account manager), group=<id>
// (price group), q (name or tax ID), page.
func (s *Server) renderAdminCompanies(w http.ResponseWriter, r *http.Request, status int, query url.Values, form assignForm) {
	ctx := r.Context()
	f := admin.CompanyFilter{Query: query.Get("q"), Limit: adminCompaniesPage}
	filter := query.Get("manager")
	if filter == "none" {
		f.NoStaff = true
	} else if id, ok := formInt64(filter); ok {
		f.StaffID = id
	} else {
		filter = ""
	}
	group := query.Get("group")
	if id, ok := formInt64(group); ok {
		f.GroupID = id
	} else {
		group = ""
	}
	page, ok := formInt(query.Get("page"))
	if !ok || page < 1 {
		page = 1
	}
	f.Offset = (page - 1) * adminCompaniesPage
	cs, total, err := admin.Companies(ctx, s.db, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]companyRow, len(cs))
	for i, c := range cs {
		rows[i] = companyRow{Company: c, Manager: idText(c.ManagerID), Backup: idText(c.BackupManagerID), PriceGroup: idText(c.PriceGroupID)}
		if c.ID == form.Company {
			rows[i].Manager, rows[i].Backup, rows[i].PriceGroup, rows[i].Errors = form.Manager, form.Backup, form.PriceGroup, form.Errors
		}
	}
	staff, err := admin.ListStaff(ctx, s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	groups, err := admin.PriceGroups(ctx, s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	back := url.Values{}
	for _, k := range []string{"manager", "group", "q", "page"} {
		if v := query.Get(k); v != "" {
			back.Set(k, v)
		}
	}
	self := "/desk/admin/companies"
	if len(back) > 0 {
		self += "?" + back.Encode()
	}
	data := map[string]any{"Companies": rows, "Total": total, "Staff": staff, "PriceGroups": groups,
		"Filter": filter, "Group": group, "Query": f.Query, "Back": self}
	if beyondLastPage(w, r, page, total, adminCompaniesPage) {
		return
	}
	addPager(data, "/desk/admin/companies", back, page, total, adminCompaniesPage)
	s.renderAdmin(w, r, status, "admin_companies", "companies", data)
}

// assignCompany sets one company's manager, backup and price group, then
// returns to the list as it was filtered.
func (s *Server) assignCompany(w http.ResponseWriter, r *http.Request) {
	id, ok := formInt64(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	form := assignForm{Company: id, Manager: r.PostFormValue("manager"), Backup: r.PostFormValue("backup"),
		PriceGroup: r.PostFormValue("price_group"), Errors: map[string]string{}}
	var a admin.Assignment
	a.ManagerID, _ = formInt64(form.Manager) // "" = none: required
	a.BackupManagerID, _ = formInt64(form.Backup)
	a.PriceGroupID, _ = formInt64(form.PriceGroup)
	back := localPath(r.PostFormValue("back"))
	err := admin.Assign(r.Context(), s.db, reqCtx(r).user.ID, id, a)
	var fe admin.FieldErrors
	if errors.As(err, &fe) {
		form.Errors = adminMessages(fe)
		u, _ := url.Parse(back)
		var query url.Values
		if u != nil {
			query = u.Query()
		}
		s.renderAdminCompanies(w, r, http.StatusUnprocessableEntity, query, form)
		return
	}
	if s.adminFailed(w, r, err) {
		return
	}
	s.events.Wake()
	s.setFlash(w, "ok", "admin_company_saved")
	if back == "/" {
		back = "/desk/admin/companies"
	}
	http.Redirect(w, r, back+"#company-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// idText is a nullable reference as a form value: "" for none.
func idText(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}
