package company

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// Update is a company as the ERP keeps it; country and tax ID identify it.
type Update struct {
	Country, TaxID, Name                    string
	BillingAddress, DeliveryAddress         string
	Currency                                domain.Currency
	Language                                domain.Language
	PriceGroup                              string // code; "" = none
	PaymentTermsDays                        int
	CreditLimit                             int64
	Segment, Status                         string
	ManagerEmail, BackupEmail               string
	ContactName, ContactEmail, ContactPhone string
}

// UnknownRefError names a field that refers to something that does not exist.
type UnknownRefError struct{ Field string }

func (e *UnknownRefError) Error() string { return "company: unknown " + e.Field }

// Upsert creates or updates a company and emits company.changed and
// balance.changed (the limit may have moved).
func Upsert(ctx context.Context, tx bun.Tx, u Update) (int64, bool, error) {
	ref := func(field, q string, arg string) (any, error) {
		if arg == "" {
			return nil, nil
		}
		var id int64
		if err := tx.NewRaw(q, arg).Scan(ctx, &id); err != nil {
			if errors.Is(err, domain.ErrNoRows) {
				return nil, &UnknownRefError{Field: field}
			}
			return nil, err
		}
		return id, nil
	}
	group, err := ref("price_group", "SELECT id FROM price_groups WHERE code = ?", u.PriceGroup)
	if err != nil {
		return 0, false, err
	}
	manager, err := ref("manager_email", "SELECT id FROM users WHERE email = lower(?) AND role IN ('manager', 'admin')", u.ManagerEmail)
	if err != nil {
		return 0, false, err
	}
	backup, err := ref("backup_manager_email", "SELECT id FROM users WHERE email = lower(?) AND role IN ('manager', 'admin')", u.BackupEmail)
	if err != nil {
		return 0, false, err
	}
	var id int64
	var created bool
	err = tx.NewRaw(`INSERT INTO companies (country, tax_id, name, billing_address, delivery_address, currency, language,
		price_group_id, payment_terms_days, credit_limit, segment, status, manager_id, backup_manager_id,
		contact_name, contact_email, contact_phone, approved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(nullif(?, ''), 'active'), ?, ?, ?, ?, ?, CASE WHEN coalesce(nullif(?, ''), 'active') = 'active' THEN now() END)
		ON CONFLICT (country, tax_id) DO UPDATE SET name = EXCLUDED.name, billing_address = EXCLUDED.billing_address,
		  delivery_address = EXCLUDED.delivery_address, currency = EXCLUDED.currency, language = EXCLUDED.language,
		  price_group_id = EXCLUDED.price_group_id, payment_terms_days = EXCLUDED.payment_terms_days,
		  credit_limit = EXCLUDED.credit_limit, segment = EXCLUDED.segment,
		  status = CASE WHEN ? = '' THEN companies.status ELSE EXCLUDED.status END,
		  manager_id = coalesce(EXCLUDED.manager_id, companies.manager_id),
		  backup_manager_id = coalesce(EXCLUDED.backup_manager_id, companies.backup_manager_id),
		  contact_name = EXCLUDED.contact_name, contact_email = EXCLUDED.contact_email, contact_phone = EXCLUDED.contact_phone,
		  approved_at = coalesce(companies.approved_at, EXCLUDED.approved_at)
		RETURNING id, (xmax = 0) AS created`,
		u.Country, u.TaxID, u.Name, u.BillingAddress, u.DeliveryAddress, u.Currency, u.Language, group, u.PaymentTermsDays,
		u.CreditLimit, u.Segment, u.Status, manager, backup, u.ContactName, u.ContactEmail, u.ContactPhone, u.Status, u.Status).Scan(ctx, &id, &created)
	if err != nil {
		return 0, false, fmt.Errorf("company: upsert %s %s: %w", u.Country, u.TaxID, err)
	}
	if err := event.Emit(ctx, tx, id, event.CompanyChanged, map[string]any{"status": u.Status}); err != nil {
		return 0, false, err
	}
	return id, created, event.Emit(ctx, tx, id, event.BalanceChanged, map[string]any{"limit": u.CreditLimit})
}
