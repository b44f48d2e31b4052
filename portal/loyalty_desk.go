package portal

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"partnerdesk/domain"
	"partnerdesk/domain/loyalty"
	"partnerdesk/locales"
)

// programField is one input of the loyalty admin form, as typed.
type programField struct {
	Name, Value string
	Error       string // a message id, or ""
}

// programTierRow is a tier's row of the form: benefits, then a threshold per currency.
type programTierRow struct {
	Code           string
	Discount, Rate programField
	PriorityName   string
	Priority       bool
	Thresholds     []programField // in domain.Currencies order
}

// programCurrencyRow is a currency's row: what points are worth there.
type programCurrencyRow struct {
	Currency         domain.Currency
	Earn, Value, Cap programField
}

// programForm is the whole loyalty admin form.
type programForm struct {
	Tiers      []programTierRow
	Currencies []programCurrencyRow
	Errors     int    // how many fields were refused
	FormError  string // a message id for the form as a whole
}

// showLoyaltyProgramPage lets an admin edit the tiers, thresholds, benefits
// and what points are worth. The route is admins only (404 for managers).
func (s *Server) showLoyaltyProgramPage(w http.ResponseWriter, r *http.Request) {
	p, err := loyalty.ProgramOf(r.Context(), s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderLoyaltyProgram(w, r, http.StatusOK, formOfProgram(p), "")
}

func (s *Server) renderLoyaltyProgram(w http.ResponseWriter, r *http.Request, status int, form programForm, notice string) {
	s.render(w, r, status, "desk_loyalty", map[string]any{"Nav": "admin", "Form": form, "Notice": notice,
		"Currencies": domain.Currencies})
}

// saveLoyaltyProgram checks the whole form and saves it in one transaction.
func (s *Server) saveLoyaltyProgram(w http.ResponseWriter, r *http.Request) {
	form, p := parseProgramForm(r)
	errs := map[string]string{}
	for _, row := range form.Tiers {
		for _, f := range append([]programField{row.Discount, row.Rate}, row.Thresholds...) {
			if f.Error != "" {
				errs[f.Name] = f.Error
			}
		}
	}
	for _, row := range form.Currencies {
		for _, f := range []programField{row.Earn, row.Value, row.Cap} {
			if f.Error != "" {
				errs[f.Name] = f.Error
			}
		}
	}
	// Range and order checks for what could be read; a field that could not
	// be read keeps its own message.
	for f, reason := range p.Validate() {
		if _, ok := errs[f]; !ok {
			errs[f] = "loyalty_admin_err_" + reason
		}
	}
	if len(errs) == 0 {
		err := loyalty.SaveProgram(r.Context(), s.db, reqCtx(r).user.ID, p)
		var fe loyalty.FieldErrors
		switch {
		case errors.As(err, &fe):
			for f, reason := range fe {
				errs[f] = "loyalty_admin_err_" + reason
			}
		case errors.Is(err, loyalty.ErrNotAdmin):
			s.notFound(w, r)
			return
		case err != nil:
			s.serverError(w, r, err)
			return
		default:
			s.setFlash(w, "ok", "loyalty_admin_saved")
			http.Redirect(w, r, "/desk/loyalty", http.StatusSeeOther)
			return
		}
	}
	form.setErrors(errs)
	s.renderLoyaltyProgram(w, r, http.StatusUnprocessableEntity, form, "")
}

// recomputeLoyaltyTiers runs the nightly tier recompute now.
func (s *Server) recomputeLoyaltyTiers(w http.ResponseWriter, r *http.Request) {
	n, err := loyalty.RecomputeAll(r.Context(), s.db, s.today())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p, err := loyalty.ProgramOf(r.Context(), s.db)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderLoyaltyProgram(w, r, http.StatusOK, formOfProgram(p), reqCtx(r).loc.TN("loyalty_admin_recomputed", n))
}

// formOfProgram fills the form with the stored programme.
func formOfProgram(p loyalty.Program) programForm {
	var f programForm
	for _, t := range p.Tiers {
		row := programTierRow{Code: t.Code,
			Discount:     programField{Name: loyalty.TierField(t.Code, "discount"), Value: percentInput(t.DiscountBP)},
			Rate:         programField{Name: loyalty.TierField(t.Code, "rate"), Value: strconv.Itoa(t.PointsPerUnit)},
			PriorityName: loyalty.TierField(t.Code, "priority"), Priority: t.Priority,
		}
		for _, cur := range domain.Currencies {
			fl := programField{Name: loyalty.ThresholdField(t.Code, cur)}
			if v, ok := t.MinSpend[cur]; ok {
				fl.Value = locales.FormatAmount(v)
			}
			row.Thresholds = append(row.Thresholds, fl)
		}
		f.Tiers = append(f.Tiers, row)
	}
	for _, st := range p.Settings {
		f.Currencies = append(f.Currencies, programCurrencyRow{Currency: st.Currency,
			Earn:  programField{Name: loyalty.SettingsField(st.Currency, "earn"), Value: locales.FormatAmount(st.EarnUnit)},
			Value: programField{Name: loyalty.SettingsField(st.Currency, "value"), Value: locales.FormatAmount(st.PointValue)},
			Cap:   programField{Name: loyalty.SettingsField(st.Currency, "cap"), Value: percentInput(st.RedeemCapBP)},
		})
	}
	return f
}

// parseProgramForm reads the posted form: the form as typed (with a message
// id on each field that could not be read) and the programme it describes.
func parseProgramForm(r *http.Request) (programForm, loyalty.Program) {
	var f programForm
	var p loyalty.Program
	read := func(name string) programField {
		return programField{Name: name, Value: strings.TrimSpace(r.PostFormValue(name))}
	}
	for i, code := range loyalty.TierCodes {
		t := loyalty.Tier{Code: code, Rank: i + 1, MinSpend: map[domain.Currency]int64{}}
		row := programTierRow{Code: code, Discount: read(loyalty.TierField(code, "discount")), Rate: read(loyalty.TierField(code, "rate")),
			PriorityName: loyalty.TierField(code, "priority")}
		if bp, ok := parsePercent(row.Discount.Value); ok {
			t.DiscountBP = bp
		} else {
			row.Discount.Error = "loyalty_admin_err_percent"
		}
		if n, ok := formInt(row.Rate.Value); ok {
			t.PointsPerUnit = n
		} else {
			row.Rate.Error = "loyalty_admin_err_number"
		}
		row.Priority = r.PostFormValue(row.PriorityName) != ""
		t.Priority = row.Priority
		for _, cur := range domain.Currencies {
			fl := read(loyalty.ThresholdField(code, cur))
			if fl.Value != "" {
				if v, ok := parseAmount(fl.Value); ok {
					t.MinSpend[cur] = v
				} else {
					fl.Error = "loyalty_admin_err_amount"
				}
			}
			row.Thresholds = append(row.Thresholds, fl)
		}
		f.Tiers = append(f.Tiers, row)
		p.Tiers = append(p.Tiers, t)
	}
	for _, cur := range domain.Currencies {
		st := loyalty.Settings{Currency: cur}
		row := programCurrencyRow{Currency: cur, Earn: read(loyalty.SettingsField(cur, "earn")), Value: read(loyalty.SettingsField(cur, "value")),
			Cap: read(loyalty.SettingsField(cur, "cap"))}
		if v, ok := parseAmount(row.Earn.Value); ok {
			st.EarnUnit = v
		} else {
			row.Earn.Error = "loyalty_admin_err_amount"
		}
		if v, ok := parseAmount(row.Value.Value); ok {
			st.PointValue = v
		} else {
			row.Value.Error = "loyalty_admin_err_amount"
		}
		if bp, ok := parsePercent(row.Cap.Value); ok {
			st.RedeemCapBP = bp
		} else {
			row.Cap.Error = "loyalty_admin_err_percent"
		}
		f.Currencies = append(f.Currencies, row)
		p.Settings = append(p.Settings, st)
	}
	return f, p
}

// setErrors puts a message id on each named field.
func (f *programForm) setErrors(errs map[string]string) {
	set := func(fl *programField) {
		if e, ok := errs[fl.Name]; ok {
			fl.Error = e
		}
	}
	for i := range f.Tiers {
		set(&f.Tiers[i].Discount)
		set(&f.Tiers[i].Rate)
		for j := range f.Tiers[i].Thresholds {
			set(&f.Tiers[i].Thresholds[j])
		}
	}
	for i := range f.Currencies {
		set(&f.Currencies[i].Earn)
		set(&f.Currencies[i].Value)
		set(&f.Currencies[i].Cap)
	}
	f.Errors = len(errs)
	f.FormError = errs["form"]
}

// parsePercent reads a percentage as typed ("1,5", "20 %") into basis points.
func parsePercent(s string) (int, bool) {
	v, ok := parseAmount(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if !ok || v > 1_000_000 {
		return 0, false
	}
	return int(v), true
}

// percentInput writes basis points for a form field: 150 → "1,5", 2000 → "20".
func percentInput(bp int) string {
	s := strconv.Itoa(bp / 100)
	if frac := bp % 100; frac != 0 {
		s += "," + strings.TrimRight(strconv.Itoa(100 + frac)[1:], "0")
	}
	return s
}
