package notify

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/pricing"
)

// A price change is told only when what the company itself pays changed:
// the net unit price at the product's minimum order quantity, after price
// group, company price and loyalty tier — the price its catalog shows. The
// ERP republishes prices that did not move, and a price.changed event does
// not carry the old price, so the last price seen per favourite is kept in
// watched_prices and compared. A favourite is watched from the first price
// event after it was added, or from the next Scan, whichever comes first;
// a change before that is not told.

// favourite is one product of one company's standard assortment.
type favourite struct {
	CompanyID int64 `bun:"company_id"`
	ProductID int64 `bun:"product_id"`
}

type watched struct {
	ProductID int64           `bun:"product_id"`
	Currency  domain.Currency `bun:"currency"`
	UnitPrice int64           `bun:"unit_price"`
}

// watchNewFavourites records the current price of favourites of active
// companies not watched yet, and forgets prices of products no longer
// favourites. It returns how many it started watching.
func watchNewFavourites(ctx context.Context, db *bun.DB, now time.Time) (int, error) {
	if _, err := db.ExecContext(ctx, `DELETE FROM watched_prices w WHERE NOT EXISTS
		(SELECT 1 FROM favourites f WHERE f.company_id = w.company_id AND f.product_id = w.product_id)`); err != nil {
		return 0, fmt.Errorf("notify: forget watched prices: %w", err)
	}
	var favs []favourite
	err := db.NewRaw(`SELECT f.company_id, f.product_id FROM favourites f
		JOIN companies c ON c.id = f.company_id AND c.status = 'active'
		JOIN products p ON p.id = f.product_id AND p.active
		WHERE NOT EXISTS (SELECT 1 FROM watched_prices w WHERE w.company_id = f.company_id AND w.product_id = f.product_id)
		ORDER BY f.company_id, f.product_id LIMIT 5000`).Scan(ctx, &favs)
	if err != nil || len(favs) == 0 {
		return 0, err
	}
	var n int
	err = domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		_, n, err = comparePrices(ctx, tx, favs, now)
		return err
	})
	return n, err
}

// comparePrices prices each favourite for its company, tells the company's
// owners and buyers of every price that differs from the watched one, and
// stores the new prices. It returns how many notifications it created and
// how many favourites it started watching.
func comparePrices(ctx context.Context, db bun.IDB, favs []favourite, now time.Time) (told, watchedNew int, err error) {
	ids := make([]int64, 0, len(favs))
	byCompany := map[int64][]int64{}
	for _, f := range favs {
		ids = append(ids, f.ProductID)
		byCompany[f.CompanyID] = append(byCompany[f.CompanyID], f.ProductID)
	}
	products, err := catalog.ProductsByID(ctx, db, ids)
	if err != nil {
		return 0, 0, err
	}
	companies := slices.Sorted(maps.Keys(byCompany))
	day := now.UTC().Format(time.DateOnly)
	for _, companyID := range companies {
		cust, err := pricing.CustomerOf(ctx, db, companyID)
		if err != nil {
			return told, watchedNew, err
		}
		var items []pricing.Item
		for _, id := range byCompany[companyID] {
			if p, ok := products[id]; ok && p.Active {
				items = append(items, pricing.Item{ProductID: id, Qty: p.MinOrderQty})
			}
		}
		quotes, err := pricing.UnitPrices(ctx, db, cust, items)
		if err != nil {
			return told, watchedNew, err
		}
		var ws []watched
		if err := db.NewRaw("SELECT product_id, currency, unit_price FROM watched_prices WHERE company_id = ? AND product_id IN (?)",
			companyID, bun.In(byCompany[companyID])).Scan(ctx, &ws); err != nil {
			return told, watchedNew, fmt.Errorf("notify: watched prices of company %d: %w", companyID, err)
		}
		before := make(map[int64]watched, len(ws))
		for _, w := range ws {
			before[w.ProductID] = w
		}
		var buyers []int64
		for _, it := range items {
			q := quotes[it.ProductID]
			if !q.Priced {
				continue
			}
			old, seen := before[it.ProductID]
			if seen && old.Currency == cust.Currency && old.UnitPrice == q.UnitPrice {
				continue
			}
			if _, err := db.ExecContext(ctx, `INSERT INTO watched_prices (company_id, product_id, currency, unit_price, seen_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (company_id, product_id)
				DO UPDATE SET currency = EXCLUDED.currency, unit_price = EXCLUDED.unit_price, seen_at = EXCLUDED.seen_at`,
				companyID, it.ProductID, cust.Currency, q.UnitPrice, now); err != nil {
				return told, watchedNew, fmt.Errorf("notify: watch price: %w", err)
			}
			if !seen || old.Currency != cust.Currency {
				watchedNew++
				continue
			}
			if buyers == nil {
				if buyers, err = orderingUsers(ctx, db, companyID); err != nil {
					return told, watchedNew, err
				}
			}
			p := products[it.ProductID]
			for _, u := range buyers {
				ok, err := Create(ctx, db, Notification{UserID: u, Kind: KindPriceChange,
					Ref:  fmt.Sprintf("%d:%s:%d", p.ID, day, q.UnitPrice),
					Link: productLink(p),
					Params: Params{Product: p.ID, SKU: p.SKU, Names: names(p), Currency: cust.Currency,
						OldPrice: old.UnitPrice, NewPrice: q.UnitPrice}})
				if err != nil {
					return told, watchedNew, err
				}
				if ok {
					told++
				}
			}
		}
	}
	return told, watchedNew, nil
}

// orderingUsers are a company's active owners and buyers: those who act on
// prices, stock and reorders.
func orderingUsers(ctx context.Context, db bun.IDB, companyID int64) ([]int64, error) {
	ids := []int64{}
	if err := db.NewRaw("SELECT id FROM users WHERE company_id = ? AND active AND role IN ('owner', 'buyer') ORDER BY id",
		companyID).Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("notify: ordering users of company %d: %w", companyID, err)
	}
	return ids, nil
}

func productLink(p *catalog.Product) string { return "/products/" + url.PathEscape(p.SKU) }

func names(p *catalog.Product) map[domain.Language]string {
	out := map[domain.Language]string{}
	for lang, s := range map[domain.Language]string{domain.Polish: p.NamePL, domain.Russian: p.NameRU, domain.Finnish: p.NameFI} {
		if s != "" {
			out[lang] = s
		}
	}
	return out
}

// subscriptionRef makes one back-in-stock notification per subscription:
// a user who subscribes again after being told is told again.
func subscriptionRef(productID int64, subscribed time.Time) string {
	return strconv.FormatInt(productID, 10) + ":" + strconv.FormatInt(subscribed.Unix(), 10)
}
