// Package order places orders and follows them through their status timeline.
package order

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
)

// Statuses in their normal sequence; cancelled can end any open order.
const (
	StatusPlaced    = "placed"
	StatusConfirmed = "confirmed"
	StatusPicking   = "picking"
	StatusShipped   = "shipped"
	StatusDelivered = "delivered"
	StatusCancelled = "cancelled"
)

// Statuses lists every status in timeline order.
var Statuses = []string{StatusPlaced, StatusConfirmed, StatusPicking, StatusShipped, StatusDelivered, StatusCancelled}

// Channels an order can come through.
const (
	ChannelPortal = "portal"
	ChannelBot    = "bot"
	ChannelCSV    = "csv"
	ChannelAPI    = "api"
)

// ErrNotFound: no such order for this company.
var ErrNotFound = errors.New("order: not found")

// Order is a placed order with its totals in the company's currency.
type Order struct {
	bun.BaseModel `bun:"table:orders"`

	ID              int64           `bun:"id,pk,autoincrement"`
	Number          int64           `bun:"number,nullzero,default:nextval('order_number_seq')"`
	CompanyID       int64           `bun:"company_id"`
	UserID          *int64          `bun:"user_id"`
	Channel         string          `bun:"channel"`
	Status          string          `bun:"status"`
	Currency        domain.Currency `bun:"currency"`
	PONumber        string          `bun:"po_number"`
	DeliveryAddress string          `bun:"delivery_address"`
	RequestedOn     *time.Time      `bun:"requested_on,type:date"`
	ExpectedOn      *time.Time      `bun:"expected_on,type:date"`
	NetGoods        int64           `bun:"net_goods"`
	Discount        int64           `bun:"discount"`
	PointsDiscount  int64           `bun:"points_discount"`
	PointsRedeemed  int             `bun:"points_redeemed"`
	DeliveryFee     int64           `bun:"delivery_fee"`
	NetTotal        int64           `bun:"net_total"`
	VATTotal        int64           `bun:"vat_total"`
	GrossTotal      int64           `bun:"gross_total"`
	Priority        bool            `bun:"priority"`
	IdempotencyKey  string          `bun:"idempotency_key"`
	ERPRef          *string         `bun:"erp_ref"`
	ERPAckedAt      *time.Time      `bun:"erp_acked_at"`
	CreatedAt       time.Time       `bun:"created_at,nullzero,default:now()"`
	UpdatedAt       time.Time       `bun:"updated_at,nullzero,default:now()"`

	Lines []*Line `bun:"rel:has-many,join:id=order_id"`
}

// Open tells whether the order still awaits delivery.
func (o *Order) Open() bool { return o.Status != StatusDelivered && o.Status != StatusCancelled }

// Line is one product of an order, priced when the order was placed.
type Line struct {
	bun.BaseModel `bun:"table:order_lines"`

	ID        int64  `bun:"id,pk,autoincrement"`
	OrderID   int64  `bun:"order_id"`
	LineNo    int    `bun:"line_no"`
	ProductID int64  `bun:"product_id"`
	SKU       string `bun:"sku"`
	Name      string `bun:"name"`
	Qty       int    `bun:"qty"`
	ListPrice int64  `bun:"list_price"`
	UnitPrice int64  `bun:"unit_price"`
	VATRateBP int    `bun:"vat_rate_bp"`
	NetAmount int64  `bun:"net_amount"`
}

// UnitPriceX is the line's unit price in hundredths of the minor unit, as
// it was priced (pricing.Quote.UnitPriceX): the whole-cent UnitPrice when
// the net amount is that times the quantity, else the net amount over the
// quantity (a unit price under 1.00 kept to four decimals).
func (l *Line) UnitPriceX() int64 {
	if l.Qty == 0 || l.NetAmount == l.UnitPrice*int64(l.Qty) {
		return l.UnitPrice * 100
	}
	return domain.DivRound(l.NetAmount*100, int64(l.Qty))
}

// StatusChange is one entry of an order's timeline.
type StatusChange struct {
	bun.BaseModel `bun:"table:order_status_history"`

	ID      int64     `bun:"id,pk,autoincrement"`
	OrderID int64     `bun:"order_id"`
	Status  string    `bun:"status"`
	Note    string    `bun:"note"`
	Source  string    `bun:"source"`
	At      time.Time `bun:"at,nullzero,default:now()"`
}

// Get loads a company's order by number with its lines. Another company's
// order is ErrNotFound.
func Get(ctx context.Context, db bun.IDB, companyID, number int64) (*Order, error) {
	o := new(Order)
	err := db.NewSelect().Model(o).Relation("Lines", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Order("line_no")
	}).Where("company_id = ? AND number = ?", companyID, number).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("order: get %d: %w", number, err)
	}
	return o, nil
}

// Timeline returns the order's status changes, oldest first.
func Timeline(ctx context.Context, db bun.IDB, orderID int64) ([]StatusChange, error) {
	var h []StatusChange
	if err := db.NewSelect().Model(&h).Where("order_id = ?", orderID).Order("at", "id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("order: timeline %d: %w", orderID, err)
	}
	return h, nil
}
