package cart_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/domain/cart"
	"partnerdesk/domain/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// Add sums with what is there (and with a product named twice), keeps the
// first price the buyer saw until a new one comes, and adds nothing at all
// when the cart would pass MaxLines.
func TestAddSumsAndStopsAtMaxLines(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	user := dbtest.User(t, db, comp, "owner")
	a := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1000})
	b := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 2000})

	if err := cart.Add(ctx, db, user, []cart.Item{{ProductID: a, Qty: 2, SeenPrice: 1000}, {ProductID: b, Qty: 0}}); err != nil {
		t.Fatal(err)
	}
	if err := cart.Add(ctx, db, user, []cart.Item{{ProductID: a, Qty: 3}, {ProductID: b, Qty: 1}, {ProductID: a, Qty: 5}}); err != nil {
		t.Fatal(err)
	}
	lines, err := cart.Lines(ctx, db, user)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]cart.Line{}
	for _, l := range lines {
		got[l.ProductID] = l
	}
	if len(lines) != 2 || got[a].Qty != 10 || got[b].Qty != 1 {
		t.Fatalf("lines %+v, want a×10 and b×1", lines)
	}
	if got[a].SeenUnitPrice == nil || *got[a].SeenUnitPrice != 1000 || got[b].SeenUnitPrice != nil {
		t.Fatalf("seen prices a %v b %v, want 1000 and none", got[a].SeenUnitPrice, got[b].SeenUnitPrice)
	}

	// Fill the cart to MaxLines − 1, then ask for two new lines at once.
	dbtest.Exec(t, db, `INSERT INTO cart_lines (user_id, product_id, qty)
		SELECT ?, p.id, 1 FROM products p WHERE p.id NOT IN (?, ?) LIMIT ?`, user, a, b, cart.MaxLines-3)
	var more []int64
	for len(more) < cart.MaxLines { // enough products for the test
		var n int
		dbtest.Scan(t, db, &n, "SELECT count(*) FROM cart_lines WHERE user_id = ?", user)
		if n == cart.MaxLines-1 {
			break
		}
		p := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})
		dbtest.Exec(t, db, "INSERT INTO cart_lines (user_id, product_id, qty) VALUES (?, ?, 1)", user, p)
		more = append(more, p)
	}
	c := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})
	d := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 100})
	if err := cart.Add(ctx, db, user, []cart.Item{{ProductID: a, Qty: 1}, {ProductID: c, Qty: 1}, {ProductID: d, Qty: 1}}); !errors.Is(err, cart.ErrFull) {
		t.Fatalf("two new lines into a cart one short of full: %v, want ErrFull", err)
	}
	if n := count(t, db, user); n != cart.MaxLines-1 {
		t.Fatalf("after the refused add the cart has %d lines, want %d", n, cart.MaxLines-1)
	}
	lines, _ = cart.Lines(ctx, db, user)
	for _, l := range lines {
		if l.ProductID == a && l.Qty != 10 {
			t.Fatalf("the refused add changed a's quantity to %d", l.Qty)
		}
	}
	// One new line (and more of one already there) still fits.
	if err := cart.Add(ctx, db, user, []cart.Item{{ProductID: a, Qty: 1}, {ProductID: c, Qty: 1}}); err != nil {
		t.Fatalf("last line: %v", err)
	}
	if n := count(t, db, user); n != cart.MaxLines {
		t.Fatalf("cart has %d lines, want %d", n, cart.MaxLines)
	}
}

func count(t *testing.T, db bun.IDB, user int64) int {
	var n int
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM cart_lines WHERE user_id = ?", user)
	return n
}

// AddOne puts a line in exactly when catalog.Product.QtyProblem finds
// nothing wrong with an active product (the statement decides by
// catalog.OrderableSQL: the two must be one rule), and tells the caller the
// product so the buyer can be told what was wrong.
func TestAddOneAddsOnlyWhatCanBeOrdered(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	user := dbtest.User(t, db, comp, "owner")
	var products []int64
	for _, o := range []dbtest.ProductOpts{{Pack: 1, MinQty: 1}, {Pack: 5, MinQty: 5}, {Pack: 5, MinQty: 20}, {Pack: 1, MinQty: 4}} {
		o.ListPLN = 1000
		products = append(products, dbtest.Product(t, db, o))
	}
	inactive := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1000})
	dbtest.Exec(t, db, "UPDATE products SET active = false WHERE id = ?", inactive)
	products = append(products, inactive)

	for _, id := range products {
		for _, qty := range []int{-5, 0, 1, 2, 3, 5, 6, 10, 15, 20, 25, 999_999} {
			dbtest.Exec(t, db, "DELETE FROM cart_lines WHERE user_id = ?", user)
			p, err := cart.AddOne(ctx, db, user, cart.Item{ProductID: id, Qty: qty, SeenPrice: 1000})
			if err != nil || p == nil || p.ID != id {
				t.Fatalf("product %d × %d: %v, %v", id, qty, p, err)
			}
			want := p.Active && p.QtyProblem(qty) == ""
			if got := count(t, db, user) == 1; got != want {
				t.Errorf("product %d (pack %d, min %d, active %v) × %d: added %v, want %v", id, p.PackSize, p.MinOrderQty, p.Active, qty, got, want)
			}
		}
	}
	if p, err := cart.AddOne(ctx, db, user, cart.Item{ProductID: -1, Qty: 1}); p != nil || err != nil {
		t.Fatalf("unknown product: %v, %v", p, err)
	}
	// A tampered form: a negative seen price is none, a huge negative
	// quantity no quantity (not a database error).
	dbtest.Exec(t, db, "DELETE FROM cart_lines WHERE user_id = ?", user)
	if _, err := cart.AddOne(ctx, db, user, cart.Item{ProductID: products[0], Qty: 2, SeenPrice: -100}); err != nil {
		t.Fatalf("negative seen price: %v", err)
	}
	if _, err := cart.AddOne(ctx, db, user, cart.Item{ProductID: products[0], Qty: -1 << 40}); err != nil {
		t.Fatalf("huge negative quantity: %v", err)
	}
	if lines, _ := cart.Lines(ctx, db, user); len(lines) != 1 || lines[0].Qty != 2 || lines[0].SeenUnitPrice != nil {
		t.Fatalf("lines %+v, want one of 2 without a seen price", lines)
	}

	// Summing into a line already there; a full cart takes no new line.
	dbtest.Exec(t, db, "DELETE FROM cart_lines WHERE user_id = ?", user)
	for range 2 {
		if _, err := cart.AddOne(ctx, db, user, cart.Item{ProductID: products[1], Qty: 5}); err != nil {
			t.Fatal(err)
		}
	}
	lines, _ := cart.Lines(ctx, db, user)
	if len(lines) != 1 || lines[0].Qty != 10 {
		t.Fatalf("lines %+v, want one of 10", lines)
	}
	dbtest.Exec(t, db, `INSERT INTO cart_lines (user_id, product_id, qty)
		SELECT ?, p.id, 1 FROM products p WHERE p.id <> ? ORDER BY p.id LIMIT ?`, user, products[0], cart.MaxLines-1)
	if n := count(t, db, user); n < cart.MaxLines {
		t.Skipf("only %d products in the test database", n)
	}
	if _, err := cart.AddOne(ctx, db, user, cart.Item{ProductID: products[0], Qty: 1}); !errors.Is(err, cart.ErrFull) {
		t.Fatalf("a new line into a full cart: %v, want ErrFull", err)
	}
	if _, err := cart.AddOne(ctx, db, user, cart.Item{ProductID: products[1], Qty: 5}); err != nil {
		t.Fatalf("more of a line already there, cart full: %v", err)
	}
}
