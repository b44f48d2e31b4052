package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Where a back-in-stock subscription was made.
const (
	SourceBot    = "bot"
	SourcePortal = "portal"
)

// Subscription is a user's wish to hear when a product is back in stock. It
// is removed once the user has been told.
type Subscription struct {
	ProductID int64     `bun:"product_id"`
	Source    string    `bun:"source"`
	CreatedAt time.Time `bun:"created_at"`
	SKU       string    `bun:"sku"`
	NamePL    string    `bun:"name_pl"`
	NameRU    string    `bun:"name_ru"`
	NameFI    string    `bun:"name_fi"`
}

// Name is the product's name in lang, with the catalog's fallback.
func (s *Subscription) Name(lang domain.Language) string {
	return domain.Texts{PL: s.NamePL, RU: s.NameRU, FI: s.NameFI}.In(lang)
}

// Subscribe asks for a back-in-stock notification about a product. Asking
// again changes nothing.
func Subscribe(ctx context.Context, db bun.IDB, userID, productID int64, source string) error {
	if source != SourceBot && source != SourcePortal {
		return fmt.Errorf("notify: subscribe: unknown source %q", source)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO stock_subscriptions (user_id, product_id, source) VALUES (?, ?, ?)
		ON CONFLICT (user_id, product_id) DO NOTHING`, userID, productID, source); err != nil {
		return fmt.Errorf("notify: subscribe user %d to product %d: %w", userID, productID, err)
	}
	return nil
}

// Unsubscribe withdraws a back-in-stock subscription, if there is one.
func Unsubscribe(ctx context.Context, db bun.IDB, userID, productID int64) error {
	if _, err := db.ExecContext(ctx, "DELETE FROM stock_subscriptions WHERE user_id = ? AND product_id = ?", userID, productID); err != nil {
		return fmt.Errorf("notify: unsubscribe user %d from product %d: %w", userID, productID, err)
	}
	return nil
}

// Subscriptions lists a user's waiting subscriptions, newest first.
func Subscriptions(ctx context.Context, db bun.IDB, userID int64) ([]Subscription, error) {
	var subs []Subscription
	err := db.NewRaw(`SELECT s.product_id, s.source, s.created_at, p.sku, p.name_pl, p.name_ru, p.name_fi
		FROM stock_subscriptions s JOIN products p ON p.id = s.product_id
		WHERE s.user_id = ? ORDER BY s.created_at DESC, s.product_id`, userID).Scan(ctx, &subs)
	if err != nil {
		return nil, fmt.Errorf("notify: subscriptions of user %d: %w", userID, err)
	}
	return subs, nil
}
