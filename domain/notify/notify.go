// Package notify holds the operational notifications a customer user gets —
// order status, invoices due and overdue, back in stock, reorder reminders,
// price changes of the standard assortment — never marketing. Each one is
// stored once per user (deduplicated by kind and a reference to what fired
// it), listed in the portal and, through an outbox event, sent to Telegram.
//
// A notification stores what its text needs (Params), not the text: it is
// rendered with Text in the reader's language when shown.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/event"
)

// Kinds of notification; a user can switch each off.
const (
	KindOrderStatus    = "order_status"
	KindInvoiceDue     = "invoice_due"
	KindInvoiceOverdue = "invoice_overdue"
	KindBackInStock    = "back_in_stock"
	KindReorder        = "reorder_reminder"
	KindPriceChange    = "price_change"
)

// Kinds lists every kind in the order the preferences show them.
var Kinds = []string{KindOrderStatus, KindInvoiceDue, KindInvoiceOverdue, KindBackInStock, KindReorder, KindPriceChange}

// ValidKind tells whether kind is one of Kinds.
func ValidKind(kind string) bool { return slices.Contains(Kinds, kind) }

// ErrNotFound: no such notification for this user.
var ErrNotFound = errors.New("notify: notification not found")

// Notification is one message to one user.
type Notification struct {
	bun.BaseModel `bun:"table:notifications,alias:n"`

	ID        int64      `bun:"id,pk,autoincrement"`
	UserID    int64      `bun:"user_id"`
	CompanyID int64      `bun:"company_id"`
	Kind      string     `bun:"kind"`
	Ref       string     `bun:"ref"`               // what fired it; one notification per (user, kind, ref)
	Params    Params     `bun:"params,type:jsonb"` // what the text needs
	Link      string     `bun:"link"`              // the portal page it is about
	CreatedAt time.Time  `bun:"created_at,nullzero,default:now()"`
	ReadAt    *time.Time `bun:"read_at"`
}

// Unread tells whether the user has not opened or dismissed it yet.
func (n *Notification) Unread() bool { return n.ReadAt == nil }

// Params is what a notification's text needs; each kind fills its own fields.
// Product names are kept in every language, so the text can be rendered in
// whichever language the reader uses when reading it.
type Params struct {
	Invoice   string                     `json:"invoice,omitempty"`
	DueOn     time.Time                  `json:"due_on,omitzero"`
	Amount    int64                      `json:"amount,omitempty"` // outstanding, minor units
	Currency  domain.Currency            `json:"currency,omitempty"`
	Days      int                        `json:"days,omitempty"`      // invoice: days overdue (the step reached); reorder: days since the last order
	Order     int64                      `json:"order,omitempty"`     // order number
	Status    string                     `json:"status,omitempty"`    // order status
	OrderedOn time.Time                  `json:"ordered_on,omitzero"` // the last order's day
	Cycle     int                        `json:"cycle,omitempty"`     // the company's usual days between orders
	Product   int64                      `json:"product,omitempty"`   // product id
	SKU       string                     `json:"sku,omitempty"`
	Names     map[domain.Language]string `json:"names,omitempty"`     // product name per language
	OldPrice  int64                      `json:"old_price,omitempty"` // unit price net, minor units
	NewPrice  int64                      `json:"new_price,omitempty"`
	Available int                        `json:"available,omitempty"` // units free when it came back
}

// ProductName is the product's name in lang, or in another language when
// that one is missing.
func (p Params) ProductName(lang domain.Language) string {
	return domain.Texts{PL: p.Names[domain.Polish], RU: p.Names[domain.Russian], FI: p.Names[domain.Finnish]}.In(lang)
}

// Create stores a notification for n.UserID, of n.Kind, about n.Ref, unless
// the user switched the kind off, is inactive or not a customer's user, or
// already has one of the same kind and ref. When it is stored, an outbox
// event (event.Notification) announces it to delivery consumers in the same
// transaction. The company is always the user's own; n.CompanyID is ignored.
func Create(ctx context.Context, db bun.IDB, n Notification) (created bool, err error) {
	if !ValidKind(n.Kind) {
		return false, fmt.Errorf("notify: unknown kind %q", n.Kind)
	}
	if n.Ref == "" || len(n.Ref) > 200 {
		return false, fmt.Errorf("notify: %s: ref must be 1-200 bytes", n.Kind)
	}
	params, err := json.Marshal(n.Params)
	if err != nil {
		return false, fmt.Errorf("notify: %s params: %w", n.Kind, err)
	}
	var row struct {
		ID        int64 `bun:"id"`
		CompanyID int64 `bun:"company_id"`
	}
	err = db.NewRaw(`INSERT INTO notifications (user_id, company_id, kind, ref, params, link)
		SELECT u.id, u.company_id, ?1, ?2, ?3::jsonb, ?4 FROM users u
		WHERE u.id = ?0 AND u.active AND u.company_id IS NOT NULL
		  AND coalesce((SELECT p.enabled FROM notification_preferences p WHERE p.user_id = u.id AND p.kind = ?1), true)
		ON CONFLICT (user_id, kind, ref) DO NOTHING
		RETURNING id, company_id`, n.UserID, n.Kind, n.Ref, string(params), n.Link).Scan(ctx, &row)
	if errors.Is(err, domain.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("notify: create %s for user %d: %w", n.Kind, n.UserID, err)
	}
	payload := map[string]any{"notification": row.ID, "user": n.UserID, "kind": n.Kind}
	if err := event.Emit(ctx, db, row.CompanyID, event.Notification, payload); err != nil {
		return false, err
	}
	return true, nil
}

// List returns a user's latest notifications, newest first.
func List(ctx context.Context, db bun.IDB, userID int64, limit int) ([]*Notification, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	var ns []*Notification
	if err := db.NewSelect().Model(&ns).Where("user_id = ?", userID).Order("id DESC").Limit(limit).Scan(ctx); err != nil {
		return nil, fmt.Errorf("notify: list for user %d: %w", userID, err)
	}
	return ns, nil
}

// Get loads one of the user's notifications; another user's is ErrNotFound.
func Get(ctx context.Context, db bun.IDB, userID, id int64) (*Notification, error) {
	n := new(Notification)
	err := db.NewSelect().Model(n).Where("id = ? AND user_id = ?", id, userID).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("notify: get %d: %w", id, err)
	}
	return n, nil
}

// Load loads a notification by id whoever it is for: for delivery consumers,
// which learn the id from the outbox. Pages use Get.
func Load(ctx context.Context, db bun.IDB, id int64) (*Notification, error) {
	n := new(Notification)
	err := db.NewSelect().Model(n).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("notify: load %d: %w", id, err)
	}
	return n, nil
}

// Unread counts a user's unread notifications.
func Unread(ctx context.Context, db bun.IDB, userID int64) (int, error) {
	var n int
	if err := db.NewRaw("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID).Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("notify: unread for user %d: %w", userID, err)
	}
	return n, nil
}

// MarkRead marks the given notifications of the user as read (ids of other
// users' notifications are ignored) and returns how many changed.
func MarkRead(ctx context.Context, db bun.IDB, userID int64, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	return markRead(ctx, db, userID, db.NewUpdate().Model((*Notification)(nil)).Where("id IN (?)", bun.In(ids)))
}

// MarkAllRead marks every notification of the user as read.
func MarkAllRead(ctx context.Context, db bun.IDB, userID int64) (int, error) {
	return markRead(ctx, db, userID, db.NewUpdate().Model((*Notification)(nil)))
}

func markRead(ctx context.Context, db bun.IDB, userID int64, q *bun.UpdateQuery) (int, error) {
	res, err := q.Set("read_at = now()").Where("user_id = ? AND read_at IS NULL", userID).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("notify: mark read for user %d: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
