// Package cart keeps each buyer's cart and prices it through the one pricing
// function, with what is missing, what changed and whether the company may order.
package cart

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
)

// MaxLines is the most lines a cart holds.
const MaxLines = 500

// Line is a stored cart line.
type Line struct {
	bun.BaseModel `bun:"table:cart_lines"`

	UserID        int64     `bun:"user_id,pk"`
	ProductID     int64     `bun:"product_id,pk"`
	Qty           int       `bun:"qty"`
	AddedAt       time.Time `bun:"added_at,nullzero,default:now()"`
	SeenUnitPrice *int64    `bun:"seen_unit_price"`
}

// ErrFull: the cart already has MaxLines lines.
var ErrFull = fmt.Errorf("cart: more than %d lines", MaxLines)

// Lines returns a user's cart lines in the order they were added.
func Lines(ctx context.Context, db bun.IDB, userID int64) ([]Line, error) {
	var ls []Line
	if err := linesOf.Select(ctx, db, &ls, userID); err != nil {
		return nil, fmt.Errorf("cart: lines: %w", err)
	}
	return ls, nil
}

// linesOf is Lines' query, prepared: every checkout reads the cart.
var linesOf = domain.PrepareWith(func(db *bun.DB) string {
	return db.NewSelect().Model((*Line)(nil)).Where("user_id = $1").Order("added_at", "product_id").String()
})

// Item is a product and quantity to put in the cart, with the unit price the
// buyer saw (0 = none), so that a later change can be pointed out.
type Item struct {
	ProductID int64
	Qty       int
	SeenPrice int64
}

// Add adds quantities to the cart (summing with what is there). Nothing is
// added when the cart would then hold more than MaxLines lines (ErrFull).
// It is one statement: the header's add-to-cart is one of the commonest
// requests.
func Add(ctx context.Context, db bun.IDB, userID int64, items []Item) error {
	qty := map[int64]int{}
	seen := map[int64]int64{}
	var ids []int64
	for _, it := range items {
		if it.Qty <= 0 {
			continue
		}
		if _, ok := qty[it.ProductID]; !ok {
			ids = append(ids, it.ProductID)
		}
		qty[it.ProductID] = min(qty[it.ProductID]+min(it.Qty, 1_000_000), 1_000_000)
		if it.SeenPrice > 0 {
			seen[it.ProductID] = it.SeenPrice
		}
	}
	if len(ids) == 0 {
		return nil
	}
	qtys, seens := make([]int64, len(ids)), make([]int64, len(ids))
	for i, id := range ids {
		qtys[i], seens[i] = int64(qty[id]), seen[id]
	}
	var fits bool
	err := addStmt.Get(ctx, db, []any{&fits}, userID, domain.Int64Array(ids), domain.Int64Array(qtys), domain.Int64Array(seens), MaxLines)
	if err != nil {
		return fmt.Errorf("cart: add: %w", err)
	}
	if !fits {
		return ErrFull
	}
	return nil
}

// addStmt is Add's statement, prepared: $1 user, $2 products, $3 their
// quantities, $4 the unit prices seen (0 = none), $5 MaxLines.
var addStmt = domain.NewPrepared(`
	WITH v AS (SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS v (product_id, qty, seen)),
	room AS (
	  SELECT (SELECT count(*) FROM cart_lines WHERE user_id = $1::bigint)
	       + (SELECT count(*) FROM v WHERE NOT EXISTS (
	            SELECT 1 FROM cart_lines l WHERE l.user_id = $1::bigint AND l.product_id = v.product_id)) <= $5::int AS fits),
	ins AS (
	  INSERT INTO cart_lines (user_id, product_id, qty, seen_unit_price)
	  SELECT $1::bigint, v.product_id, v.qty, nullif(v.seen, 0) FROM v, room WHERE room.fits
	  ON CONFLICT (user_id, product_id) DO UPDATE SET qty = least(cart_lines.qty + EXCLUDED.qty, 1000000),
	    seen_unit_price = coalesce(EXCLUDED.seen_unit_price, cart_lines.seen_unit_price)
	  RETURNING 1)
	SELECT fits FROM room`)

// AddOne adds one product at a quantity, as a product's add-to-cart button
// does, in one statement: the product is read in it, and the line is added
// only when the product is on sale and the quantity is one it can be
// ordered in (catalog.OrderableSQL) and the cart has room. It returns the
// product (nil when there is none), for the caller to say what was wrong,
// and ErrFull when there was no room.
func AddOne(ctx context.Context, db bun.IDB, userID int64, it Item) (*catalog.Product, error) {
	var r struct {
		Fits    bool            `bun:"fits"`
		Found   bool            `bun:"found"`
		Product catalog.Product `bun:"embed:p__"`
	}
	// Within what a line holds; a negative quantity or price (a tampered
	// form) is no quantity or price at all.
	qty := max(min(it.Qty, 1_000_000), 0)
	if err := addOneStmt.Get(ctx, db, []any{&r}, userID, it.ProductID, qty, max(it.SeenPrice, 0), MaxLines); err != nil {
		return nil, fmt.Errorf("cart: add: %w", err)
	}
	if !r.Found {
		return nil, nil
	}
	if !r.Fits && r.Product.Active && r.Product.QtyProblem(qty) == "" {
		return &r.Product, ErrFull
	}
	return &r.Product, nil
}

// addOneStmt is AddOne's statement, prepared: $1 user, $2 product, $3
// quantity, $4 the unit price seen (0 = none), $5 MaxLines.
var addOneStmt = domain.PrepareWith(func(db *bun.DB) string {
	return `WITH p AS MATERIALIZED (SELECT ` + domain.Columns(db, (*catalog.Product)(nil), "p", "p__") + ` FROM products p WHERE p.id = $2::bigint),
	ok AS (SELECT ` + catalog.OrderableSQL("p", "$3::int") + ` AS orderable FROM products p WHERE p.id = $2::bigint),
	room AS (
	  SELECT (SELECT count(*) FROM cart_lines WHERE user_id = $1::bigint)
	       + (NOT EXISTS (SELECT 1 FROM cart_lines WHERE user_id = $1::bigint AND product_id = $2::bigint))::int <= $5::int AS fits),
	ins AS (
	  INSERT INTO cart_lines (user_id, product_id, qty, seen_unit_price)
	  SELECT $1::bigint, $2::bigint, $3::int, nullif($4::bigint, 0) FROM ok, room WHERE ok.orderable AND room.fits
	  ON CONFLICT (user_id, product_id) DO UPDATE SET qty = least(cart_lines.qty + EXCLUDED.qty, 1000000),
	    seen_unit_price = coalesce(EXCLUDED.seen_unit_price, cart_lines.seen_unit_price)
	  RETURNING 1)
	SELECT room.fits, p.p__id IS NOT NULL AS found, p.* FROM room LEFT JOIN p ON true`
})

// Set sets a line's quantity; 0 removes it.
func Set(ctx context.Context, db bun.IDB, userID, productID int64, qty int) error {
	var err error
	if qty <= 0 {
		_, err = db.ExecContext(ctx, "DELETE FROM cart_lines WHERE user_id = ? AND product_id = ?", userID, productID)
	} else {
		_, err = db.ExecContext(ctx, "UPDATE cart_lines SET qty = ? WHERE user_id = ? AND product_id = ?", min(qty, 1_000_000), userID, productID)
	}
	if err != nil {
		return fmt.Errorf("cart: set: %w", err)
	}
	return nil
}

// AcknowledgePrices records the current prices as seen, clearing change marks.
func AcknowledgePrices(ctx context.Context, db bun.IDB, userID int64, prices map[int64]int64) error {
	for id, p := range prices {
		if _, err := db.ExecContext(ctx, "UPDATE cart_lines SET seen_unit_price = ? WHERE user_id = ? AND product_id = ?", p, userID, id); err != nil {
			return fmt.Errorf("cart: acknowledge: %w", err)
		}
	}
	return nil
}
