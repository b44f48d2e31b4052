package order

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/uptrace/bun"

	"partnerdesk/domain/catalog"
	"partnerdesk/domain/company"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/pricing"
)

// underLock is everything Place reads once it holds the company lock, read
// in one statement whose parts are the owning packages' own queries: whether
// the idempotency key was used, who is ordering, the loyalty account (points
// are debited only under the lock, so the balance cannot shrink before
// commit), the credit amounts (orders are added only under the lock), the
// products, and the tier discount, terms and prices pricing needs.
//
// It must be a statement of its own after the lock: a statement sees what
// was committed when it began, and the lock may have been waited for while
// another order of the company committed. (Read in the locking statement,
// the balances would be those from before the wait.)
type underLock struct {
	PrevOrderID   int64           `bun:"prev_order_id"`
	UserFound     bool            `bun:"user_found"`
	UserCompanyID *int64          `bun:"user_company_id"`
	UserRole      string          `bun:"user_role"`
	UserActive    bool            `bun:"user_active"`
	Products      json.RawMessage `bun:"products"`
	loyalty.AccountRow
	credit.Balance
	pricing.CartRow
}

// readUnderLock reads for the locked company comp. The company's own fields
// (currency, country, price group, tier, limit) come from the locked row and
// are passed in as values rather than read again.
func (s *Service) readUnderLock(ctx context.Context, tx bun.Tx, comp *company.Company, req PlaceRequest, items []pricing.Item) (underLock, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	var u underLock
	// Each part is planned on its own (MATERIALIZED): as joined subqueries
	// they made one join problem that cost several times more to plan than
	// the whole statement costs to run.
	err := tx.NewRaw(`WITH a AS MATERIALIZED (?4), b AS MATERIALIZED (?5), c AS MATERIALIZED (?6)
		SELECT
		  coalesce((SELECT o.id FROM orders o WHERE o.company_id = ?0 AND o.idempotency_key = ?1), 0) AS prev_order_id,
		  u.id IS NOT NULL AS user_found, u.company_id AS user_company_id, coalesce(u.role, '') AS user_role,
		  coalesce(u.active, false) AS user_active,
		  (SELECT coalesce(json_agg(json_build_object('ID', p.id, 'SKU', p.sku, 'Active', p.active,
		            'PackSize', p.pack_size, 'MinOrderQty', p.min_order_qty,
		            'NamePL', p.name_pl, 'NameRU', p.name_ru, 'NameFI', p.name_fi)), '[]')
		   FROM products p WHERE p.id IN (?3)) AS products,
		  a.*, b.*, c.*
		FROM a CROSS JOIN b CROSS JOIN c LEFT JOIN users u ON u.id = ?2`,
		comp.ID, req.IdempotencyKey, req.UserID, bun.In(ids),
		loyalty.AccountQuery(comp.ID, comp.Currency, comp.LoyaltyTier),
		credit.AmountsQuery(comp.ID, s.now(), s.Credit),
		pricing.CartQuery(customerOf(comp), comp.LoyaltyTier, items)).Scan(ctx, &u)
	if err != nil {
		return u, fmt.Errorf("order: read under lock: %w", err)
	}
	return u, nil
}

// customerOf is the pricing view of the locked company row, but for its
// tier's discount, which pricing.CartQuery reads.
func customerOf(c *company.Company) pricing.Customer {
	cust := pricing.Customer{CompanyID: c.ID, Currency: c.Currency, Country: c.Country}
	if c.PriceGroupID != nil {
		cust.PriceGroupID = *c.PriceGroupID
	}
	return cust
}

// products are the products asked for that exist, with the fields Place
// uses (what catalog.ProductsByID would load, without its round trip).
func (u underLock) products() (map[int64]*catalog.Product, error) {
	var ps []*catalog.Product
	if err := json.Unmarshal(u.Products, &ps); err != nil {
		return nil, fmt.Errorf("order: products: %w", err)
	}
	out := make(map[int64]*catalog.Product, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// userMayOrder: the user exists, is active, belongs to the company and has a
// role that orders (company.User.CanOrder).
func (u underLock) userMayOrder(companyID int64) bool {
	user := company.User{CompanyID: u.UserCompanyID, Role: u.UserRole, Active: u.UserActive}
	return u.UserFound && user.Active && user.CompanyID != nil && *user.CompanyID == companyID && user.CanOrder()
}

// account is the company's loyalty account as read under the lock.
func (u underLock) account(comp *company.Company) (loyalty.Account, error) {
	tier := ""
	if comp.LoyaltyTier != nil {
		tier = *comp.LoyaltyTier
	}
	acct, err := u.AccountRow.Account(comp.Currency, tier)
	if err != nil {
		return acct, fmt.Errorf("order: %w", err)
	}
	return acct, nil
}
