package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/catalog"
	"partnerdesk/domain/event"
)

// Consumer is the outbox consumer that turns catalog events into
// notifications: stock.changed tells the subscribers of a product that is
// available again (and ends their subscriptions); price.changed tells the
// owners and buyers of companies that have the product among their
// favourites, when what they pay changed. It works in the consumer's
// transaction, so each event is acted on once.
func Consumer() event.Consumer {
	return event.Consumer{
		Name: "notify",
		Handle: func(ctx context.Context, tx bun.Tx, events []event.Event) error {
			stock := map[int64]bool{}
			prices := priceEvents{everyone: map[int64]bool{}, company: map[int64]map[int64]bool{}}
			for _, e := range events {
				if e.Kind != event.StockChanged && e.Kind != event.PriceChanged {
					continue
				}
				var p struct {
					Product int64 `json:"product"`
				}
				if err := json.Unmarshal(e.Payload, &p); err != nil || p.Product == 0 {
					continue // nothing to act on; a bad payload must not stop the consumer
				}
				if e.Kind == event.StockChanged {
					stock[p.Product] = true
				} else {
					prices.add(p.Product, e.CompanyID)
				}
			}
			now := time.Now()
			if err := tellBackInStock(ctx, tx, keys(stock)); err != nil {
				return err
			}
			return tellPriceChanges(ctx, tx, prices, now)
		},
	}
}

type subscriber struct {
	UserID    int64     `bun:"user_id"`
	ProductID int64     `bun:"product_id"`
	CreatedAt time.Time `bun:"created_at"`
}

// tellBackInStock notifies the subscribers of those products that can be
// ordered again (stock state not "out": at least one minimum order free)
// and removes their subscriptions.
func tellBackInStock(ctx context.Context, tx bun.Tx, productIDs []int64) error {
	if len(productIDs) == 0 {
		return nil
	}
	var subs []subscriber
	if err := tx.NewRaw(`SELECT user_id, product_id, created_at FROM stock_subscriptions WHERE product_id IN (?)
		ORDER BY product_id, user_id`, bun.In(productIDs)).Scan(ctx, &subs); err != nil {
		return fmt.Errorf("notify: stock subscribers: %w", err)
	}
	if len(subs) == 0 {
		return nil
	}
	ids := map[int64]bool{}
	for _, s := range subs {
		ids[s.ProductID] = true
	}
	products, err := catalog.ProductsByID(ctx, tx, keys(ids))
	if err != nil {
		return err
	}
	avail, err := catalog.AvailabilityOf(ctx, tx, keys(ids))
	if err != nil {
		return err
	}
	for _, s := range subs {
		p, ok := products[s.ProductID]
		if !ok || !p.Active {
			continue
		}
		free := avail[s.ProductID].Available
		if catalog.StockState(free, p.MinOrderQty) == catalog.StockOut {
			continue
		}
		if _, err := Create(ctx, tx, Notification{UserID: s.UserID, Kind: KindBackInStock, Ref: subscriptionRef(p.ID, s.CreatedAt),
			Link: productLink(p), Params: Params{Product: p.ID, SKU: p.SKU, Names: names(p), Available: free}}); err != nil {
			return err
		}
		if err := Unsubscribe(ctx, tx, s.UserID, s.ProductID); err != nil {
			return err
		}
	}
	return nil
}

// priceEvents are the products whose prices changed: for everyone (list,
// group prices, breaks) or for single companies (company prices).
type priceEvents struct {
	everyone map[int64]bool
	company  map[int64]map[int64]bool // product → companies
}

func (p priceEvents) add(productID int64, companyID *int64) {
	if companyID == nil {
		p.everyone[productID] = true
		return
	}
	if p.company[productID] == nil {
		p.company[productID] = map[int64]bool{}
	}
	p.company[productID][*companyID] = true
}

func (p priceEvents) concerns(f favourite) bool {
	return p.everyone[f.ProductID] || p.company[f.ProductID][f.CompanyID]
}

func tellPriceChanges(ctx context.Context, tx bun.Tx, p priceEvents, now time.Time) error {
	ids := map[int64]bool{}
	for id := range p.everyone {
		ids[id] = true
	}
	for id := range p.company {
		ids[id] = true
	}
	if len(ids) == 0 {
		return nil
	}
	var all []favourite
	if err := tx.NewRaw(`SELECT f.company_id, f.product_id FROM favourites f
		JOIN companies c ON c.id = f.company_id AND c.status = 'active'
		WHERE f.product_id IN (?) ORDER BY f.company_id, f.product_id`, bun.In(keys(ids))).Scan(ctx, &all); err != nil {
		return fmt.Errorf("notify: favourites with new prices: %w", err)
	}
	favs := all[:0]
	for _, f := range all {
		if p.concerns(f) {
			favs = append(favs, f)
		}
	}
	if len(favs) == 0 {
		return nil
	}
	_, _, err := comparePrices(ctx, tx, favs, now)
	return err
}

func keys(m map[int64]bool) []int64 { return slices.Sorted(maps.Keys(m)) }
