package portal

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
	"partnerdesk/domain/taxid"
)

// apiCompanyID finds a company by country and tax ID (any usual spelling).
// Field names: path+"_tax_id" for invoice and payment bodies ("company" →
// "company_tax_id"), path+".tax_id" for items of a list.
func (s *Server) apiCompanyID(c *apiCall, f *fields, path, country, tax string) (int64, bool) {
	field := path + ".tax_id"
	if path == "company" {
		field = "company_tax_id"
	}
	country = strings.ToUpper(country)
	norm, err := taxid.Normalize(taxid.Country(country), tax)
	if err != nil {
		f.add(field, "invalid", "api_field_tax_id")
		return 0, false
	}
	id, err := company.IDByTaxID(c.ctx(), s.db, country, norm)
	if err != nil {
		f.add(field, "unknown", "api_field_unknown_company")
		return 0, false
	}
	return id, true
}

type apiCompany struct {
	Name             string `json:"name"`
	BillingAddress   string `json:"billing_address"`
	DeliveryAddress  string `json:"delivery_address"`
	Currency         string `json:"currency"`
	Language         string `json:"language"`
	PriceGroup       string `json:"price_group"`
	PaymentTermsDays *int   `json:"payment_terms_days"`
	CreditLimit      *int64 `json:"credit_limit"`
	Segment          string `json:"segment"`
	Status           string `json:"status"`
	ManagerEmail     string `json:"manager_email"`
	BackupEmail      string `json:"backup_manager_email"`
	ContactName      string `json:"contact_name"`
	ContactEmail     string `json:"contact_email"`
	ContactPhone     string `json:"contact_phone"`
}

func (s *Server) apiPutCompany(c *apiCall) (int, any) {
	country := strings.ToUpper(c.r.PathValue("country"))
	var in apiCompany
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	tax, err := taxid.Normalize(taxid.Country(country), c.r.PathValue("taxid"))
	var te *taxid.Error
	if errors.As(err, &te) {
		f.add("tax_id", "invalid", strings.ReplaceAll(te.Key(), ".", "_"))
	}
	u := company.Update{Country: country, TaxID: tax, Name: strings.TrimSpace(in.Name), BillingAddress: in.BillingAddress,
		DeliveryAddress: in.DeliveryAddress, Currency: domain.Currency(in.Currency), Language: domain.Language(in.Language),
		PriceGroup: in.PriceGroup, Segment: in.Segment, Status: in.Status, ManagerEmail: in.ManagerEmail, BackupEmail: in.BackupEmail,
		ContactName: in.ContactName, ContactEmail: in.ContactEmail, ContactPhone: in.ContactPhone}
	if u.Name == "" || len(u.Name) > 300 {
		f.add("name", "required", "api_field_required")
	}
	if !u.Currency.Valid() {
		f.add("currency", "invalid", "api_field_one_of", "Values", "PLN, EUR, RUB")
	}
	if _, ok := domain.ParseLanguage(in.Language); !ok {
		f.add("language", "invalid", "api_field_one_of", "Values", "pl, ru, fi")
	}
	if in.PaymentTermsDays == nil || *in.PaymentTermsDays < 0 || *in.PaymentTermsDays > 180 {
		f.add("payment_terms_days", "out_of_range", "api_field_range", "Min", 0, "Max", 180)
	} else {
		u.PaymentTermsDays = *in.PaymentTermsDays
	}
	if in.CreditLimit == nil || *in.CreditLimit < 0 {
		f.add("credit_limit", "out_of_range", "api_field_range", "Min", 0, "Max", "∞")
	} else {
		u.CreditLimit = *in.CreditLimit
	}
	switch in.Segment {
	case "A", "B", "C":
	case "":
		u.Segment = "C"
	default:
		f.add("segment", "invalid", "api_field_one_of", "Values", "A, B, C")
	}
	switch in.Status {
	case company.StatusActive, company.StatusBlocked, company.StatusPending, "":
		// "" keeps an existing company's status; a new one starts active.
	default:
		f.add("status", "invalid", "api_field_one_of", "Values", "active, blocked, pending")
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	var id int64
	var created bool
	err = domain.RunInTx(c.ctx(), s.db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		id, created, err = company.Upsert(ctx, tx, u)
		return err
	})
	var unknown *company.UnknownRefError
	switch {
	case errors.As(err, &unknown):
		f.add(unknown.Field, "unknown", "api_field_unknown_ref")
		return f.answer()
	case err != nil:
		return 0, err
	}
	s.events.Wake()
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return status, map[string]any{"id": id, "country": country, "tax_id": tax, "created": created}
}
