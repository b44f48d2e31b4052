// Package registration is how a new business customer joins: the public form
// creates the company as pending, and a staff member approves it (terms,
// price group, managers, an owner invitation for the contact person) or
// rejects it with a reason.
//
// A pending company has no users, so nobody can see prices or the catalog on
// its behalf until it is approved and the contact person accepts the
// invitation.
package registration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/company"
	"partnerdesk/domain/event"
	"partnerdesk/domain/taxid"
)

// ErrAlreadyRegistered: a company with this country and tax ID exists (in any
// status). The applicant is told only that, never whose it is.
var ErrAlreadyRegistered = errors.New("registration: company already registered")

// FieldErrors: what was wrong in the registration form, by field: short
// codes (required, too_long, email, ...) or, for the tax ID, the taxid
// package's message key with dots as underscores (taxid_checksum, ...).
type FieldErrors = domain.FieldErrors

// Countries a company may register from, with the currency it buys in.
var Countries = []taxid.Country{taxid.PL, taxid.FI, taxid.RU}

// CurrencyOf is the currency a company of the country is invoiced in.
func CurrencyOf(c taxid.Country) domain.Currency {
	switch c {
	case taxid.FI:
		return domain.EUR
	case taxid.RU:
		return domain.RUB
	}
	return domain.PLN
}

// Form is what an applicant types into the public form.
type Form struct {
	Country         string
	TaxID           string
	Name            string
	BillingAddress  string
	DeliveryAddress string // "" = same as billing
	ContactName     string
	ContactEmail    string
	ContactPhone    string
	Language        string
}

// Field length limits (the schema's own limits where it has them).
const (
	maxName    = 300
	maxAddress = 1000
	maxPerson  = 200
	maxEmail   = 254
	maxPhone   = 40
)

// Check validates and normalises a form: trimmed texts, the tax ID in its
// canonical form, the e-mail in lower case, an empty delivery address taken
// from billing. It returns FieldErrors for what the applicant must fix.
func Check(f Form) (Form, error) {
	errs := FieldErrors{}
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	country := taxid.Country(f.Country)
	switch {
	case f.Country == "":
		errs["country"] = "required"
	case !slices.Contains(Countries, country):
		errs["country"] = "country"
	default:
		norm, err := taxid.Normalize(country, f.TaxID)
		var te *taxid.Error
		if errors.As(err, &te) {
			errs["tax_id"] = strings.ReplaceAll(te.Key(), ".", "_")
		} else if err != nil {
			return f, err
		} else {
			f.TaxID = norm
		}
	}
	text := func(field string, v *string, max int, required, multiline bool) {
		*v = clean(*v, multiline)
		switch n := utf8.RuneCountInString(*v); {
		case n == 0 && required:
			errs[field] = "required"
		case n > max:
			errs[field] = "too_long"
		}
	}
	text("name", &f.Name, maxName, true, false)
	text("billing_address", &f.BillingAddress, maxAddress, true, true)
	text("delivery_address", &f.DeliveryAddress, maxAddress, false, true)
	if f.DeliveryAddress == "" {
		f.DeliveryAddress = f.BillingAddress
	}
	text("contact_name", &f.ContactName, maxPerson, true, false)
	f.ContactEmail = company.NormalizeEmail(f.ContactEmail)
	switch {
	case f.ContactEmail == "":
		errs["contact_email"] = "required"
	case !LooksLikeEmail(f.ContactEmail):
		errs["contact_email"] = "email"
	}
	text("contact_phone", &f.ContactPhone, maxPhone, true, false)
	if _, ok := errs["contact_phone"]; !ok && !looksLikePhone(f.ContactPhone) {
		errs["contact_phone"] = "phone"
	}
	if _, ok := domain.ParseLanguage(strings.TrimSpace(f.Language)); !ok {
		errs["language"] = "language"
	}
	f.Language = strings.TrimSpace(f.Language)
	if len(errs) > 0 {
		return f, errs
	}
	return f, nil
}

// Submit records an application: after the per-address throttle it validates
// the form and creates the company as pending, in the currency of its country
// and the language the applicant chose. It returns the new company's id,
// *ThrottledError, FieldErrors or ErrAlreadyRegistered.
func Submit(ctx context.Context, db bun.IDB, f Form, ip string, now time.Time) (int64, error) {
	if err := throttle(ctx, db, ip, now); err != nil {
		return 0, err
	}
	f, err := Check(f)
	if err != nil {
		return 0, err
	}
	var id int64
	err = domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		if _, err := company.IDByTaxID(ctx, tx, f.Country, f.TaxID); err == nil {
			return ErrAlreadyRegistered
		} else if !errors.Is(err, company.ErrNotFound) {
			return err
		}
		err := tx.NewRaw(`INSERT INTO companies (country, tax_id, name, billing_address, delivery_address, currency, language,
			status, contact_name, contact_email, contact_phone, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) RETURNING id`,
			f.Country, f.TaxID, f.Name, f.BillingAddress, f.DeliveryAddress, CurrencyOf(taxid.Country(f.Country)), f.Language,
			f.ContactName, f.ContactEmail, f.ContactPhone, now).Scan(ctx, &id)
		if domain.IsUniqueViolation(err, "companies_country_tax_id_key") {
			return ErrAlreadyRegistered // a simultaneous application for the same tax ID
		}
		if err != nil {
			return fmt.Errorf("registration: create company: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO registrations (company_id, submitted_at) VALUES (?, ?)", id, now); err != nil {
			return fmt.Errorf("registration: record: %w", err)
		}
		return event.Emit(ctx, tx, id, event.CompanyChanged, map[string]any{"status": company.StatusPending})
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// clean trims a text and drops control characters; a multi-line text keeps
// its line breaks (normalised to \n) and loses empty lines at its ends.
func clean(s string, multiline bool) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' && multiline:
			return r
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	if !multiline {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// LooksLikeEmail is the same plausibility check invitations use.
func LooksLikeEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-3 && strings.Contains(s[at:], ".") && len(s) <= maxEmail && !strings.ContainsAny(s, " \t\r\n<>\"")
}

// looksLikePhone accepts what people write in a phone field: digits, spaces,
// +, -, ., parentheses and slashes, with at least six digits.
func looksLikePhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '-' || r == ' ' || r == '(' || r == ')' || r == '.' || r == '/':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 20
}
