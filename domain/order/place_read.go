package order

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
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
// products, the tier discount, terms and prices pricing needs, and the
// products' stock rows, locked (catalog.LockStockSQL: after the company
// lock, in product order, as every order takes them). They are locked
// before Place knows whether it will refuse the order (a repeated key, a
// credit block): a refused order holds them for a moment longer, and in
// exchange every order makes one round trip fewer under the lock.
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
	Stock         json.RawMessage `bun:"locked_stock"` // catalog.LockStockSQL
	CartHeld      json.RawMessage `bun:"cart_held"`    // {"product id": qty} of the user's cart lines asked for
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
	cust := pricing.CustomerFor(comp)
	err := underLockStmt.Get(ctx, tx, []any{&u}, comp.ID, req.IdempotencyKey, req.UserID, domain.Int64Array(ids),
		comp.Currency, comp.LoyaltyTier, s.Zones.Today(ctx, tx, comp.Country, s.now()).Format(time.DateOnly), s.Credit.OverdueGraceDays, comp.Country, cust.PriceGroupID)
	if err != nil {
		return u, fmt.Errorf("order: read under lock: %w", err)
	}
	return u, nil
}

// underLockStmt is readUnderLock's statement, prepared: planning it took
// several times longer than running it. Each part is planned on its own
// (MATERIALIZED): as joined subqueries they made one join problem. $1
// company, $2 idempotency key, $3 user, $4 product ids, $5 currency, $6
// tier, $7 the business day, $8 days of grace, $9 country, $10 price group.
var underLockStmt = domain.NewPrepared(`WITH a AS MATERIALIZED (` + loyalty.AccountSQL("$1::bigint", "$5::char(3)", "$6::text") + `),
	b AS MATERIALIZED (` + credit.AmountsSQL("$1::bigint", "$7::date", "$8::int") + `),
	c AS MATERIALIZED (` + pricing.CartSQL("$6::text", "$4::bigint[]", "$9::char(2)", "$5::char(3)", "$1::bigint", "$10::bigint") + `),
	st AS MATERIALIZED (` + catalog.LockStockSQL("$4::bigint[]") + `)
	SELECT
	  coalesce((SELECT o.id FROM orders o WHERE o.company_id = $1::bigint AND o.idempotency_key = $2::text), 0) AS prev_order_id,
	  u.id IS NOT NULL AS user_found, u.company_id AS user_company_id, coalesce(u.role, '') AS user_role,
	  coalesce(u.active, false) AS user_active,
	  (SELECT coalesce(json_agg(json_build_object('ID', p.id, 'SKU', p.sku, 'Active', p.active,
	            'PackSize', p.pack_size, 'MinOrderQty', p.min_order_qty,
	            'NamePL', p.name_pl, 'NameRU', p.name_ru, 'NameFI', p.name_fi)), '[]')
	   FROM products p WHERE p.id = ANY($4::bigint[])) AS products,
	  (SELECT * FROM st) AS locked_stock,
	  (SELECT coalesce(json_object_agg(cl.product_id, cl.qty), '{}') FROM cart_lines cl
	   WHERE cl.user_id = $3::bigint AND cl.product_id = ANY($4::bigint[])) AS cart_held,
	  a.*, b.*, c.*
	FROM a CROSS JOIN b CROSS JOIN c LEFT JOIN users u ON u.id = $3::bigint`)

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

// cartHeld is how much of each product asked for the user's cart holds.
func (u underLock) cartHeld() (map[int64]int, error) {
	held := map[int64]int{}
	if err := json.Unmarshal(u.CartHeld, &held); err != nil {
		return nil, fmt.Errorf("order: cart lines: %w", err)
	}
	return held, nil
}

// userMayOrder: the user exists, is active, belongs to the company and has a
// role that orders (company.User.CanOrder).
func (u underLock) userMayOrder(companyID int64) bool {
	user := company.User{CompanyID: u.UserCompanyID, Role: u.UserRole, Active: u.UserActive}
	return u.UserFound && user.Active && user.CompanyID != nil && *user.CompanyID == companyID && user.CanOrder()
}

// account is the company's loyalty account as read under the lock.
func (u underLock) account(comp *company.Company) (loyalty.Account, error) {
	acct, err := u.AccountRow.Account(comp.Currency, comp.Tier())
	if err != nil {
		return acct, fmt.Errorf("order: %w", err)
	}
	return acct, nil
}
