package portal

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/finance"
)

func (s *Server) apiPutInvoice(c *apiCall) (int, any) {
	var in struct {
		Country     string `json:"company_country"`
		TaxID       string `json:"company_tax_id"`
		OrderNumber int64  `json:"order_number"`
		Currency    string `json:"currency"`
		IssuedOn    string `json:"issued_on"`
		DueOn       string `json:"due_on"`
		Net         *int64 `json:"net"`
		VAT         *int64 `json:"vat"`
		Kind        string `json:"kind"`
	}
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	number := c.r.PathValue("number")
	if number == "" || len(number) > 64 {
		f.add("number", "invalid", "api_field_required")
	}
	companyID, _ := s.apiCompanyID(c, f, "company", strings.ToUpper(in.Country), in.TaxID)
	if !domain.Currency(in.Currency).Valid() {
		f.add("currency", "invalid", "api_field_one_of", "Values", "PLN, EUR, RUB")
	}
	issued, err1 := time.Parse(time.DateOnly, in.IssuedOn)
	if err1 != nil {
		f.add("issued_on", "invalid", "api_field_date")
	}
	due, err2 := time.Parse(time.DateOnly, in.DueOn)
	if err2 != nil {
		f.add("due_on", "invalid", "api_field_date")
	} else if err1 == nil && due.Before(issued) {
		f.add("due_on", "before_issued", "api_field_due_before_issued")
	}
	if in.Net == nil || *in.Net < 0 {
		f.add("net", "out_of_range", "api_field_range", "Min", 0, "Max", "∞")
	}
	if in.VAT == nil || *in.VAT < 0 {
		f.add("vat", "out_of_range", "api_field_range", "Min", 0, "Max", "∞")
	}
	if in.Kind != "" && in.Kind != "invoice" && in.Kind != "credit_note" {
		f.add("kind", "invalid", "api_field_one_of", "Values", "invoice, credit_note")
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	err := domain.RunInTx(c.ctx(), s.db, func(ctx context.Context, tx bun.Tx) error {
		_, err := finance.UpsertInvoice(ctx, tx, finance.InvoiceUpdate{Number: number, CompanyID: companyID, OrderNumber: in.OrderNumber,
			Currency: domain.Currency(in.Currency), IssuedOn: issued, DueOn: due, Net: *in.Net, VAT: *in.VAT, Kind: in.Kind})
		return err
	})
	switch {
	case errors.Is(err, finance.ErrOtherCompany):
		f.add("order_number", "other_company", "api_field_other_company")
		return f.answer()
	case errors.Is(err, domain.ErrNoRows):
		f.add("order_number", "unknown", "api_field_unknown_ref")
		return f.answer()
	case err != nil:
		return 0, err
	}
	s.events.Wake()
	return http.StatusOK, map[string]any{"number": number}
}

func (s *Server) apiPutPayment(c *apiCall) (int, any) {
	var in struct {
		Country       string `json:"company_country"`
		TaxID         string `json:"company_tax_id"`
		InvoiceNumber string `json:"invoice_number"`
		Currency      string `json:"currency"`
		Amount        *int64 `json:"amount"`
		PaidOn        string `json:"paid_on"`
		Method        string `json:"method"`
	}
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	ref := c.r.PathValue("ref")
	if ref == "" || len(ref) > 64 {
		f.add("ref", "invalid", "api_field_required")
	}
	companyID, _ := s.apiCompanyID(c, f, "company", strings.ToUpper(in.Country), in.TaxID)
	if !domain.Currency(in.Currency).Valid() {
		f.add("currency", "invalid", "api_field_one_of", "Values", "PLN, EUR, RUB")
	}
	if in.Amount == nil || *in.Amount <= 0 {
		f.add("amount", "out_of_range", "api_field_range", "Min", 1, "Max", "∞")
	}
	paid, err := time.Parse(time.DateOnly, in.PaidOn)
	if err != nil {
		f.add("paid_on", "invalid", "api_field_date")
	}
	switch in.Method {
	case "", "transfer", "card", "cash", "offset":
	default:
		f.add("method", "invalid", "api_field_one_of", "Values", "transfer, card, cash, offset")
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	var recorded bool
	err = domain.RunInTx(c.ctx(), s.db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		recorded, err = finance.UpsertPayment(ctx, tx, finance.PaymentUpdate{Ref: ref, CompanyID: companyID, InvoiceNumber: in.InvoiceNumber,
			Currency: domain.Currency(in.Currency), Amount: *in.Amount, PaidOn: paid, Method: in.Method})
		return err
	})
	switch {
	case errors.Is(err, finance.ErrOtherCompany):
		f.add("invoice_number", "other_company", "api_field_other_company")
		return f.answer()
	case errors.Is(err, domain.ErrNoRows):
		f.add("invoice_number", "unknown", "api_field_unknown_ref")
		return f.answer()
	case err != nil:
		return 0, err
	}
	if recorded {
		s.events.Wake()
	}
	return http.StatusOK, map[string]any{"ref": ref, "recorded": recorded, "already_recorded": !recorded}
}
