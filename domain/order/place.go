package order

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/company"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/event"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/pricing"
)

// Service places and changes orders.
type Service struct {
	DB     bun.IDB
	Events *event.Notifier // woken after commits with events; may be nil
	Credit credit.Policy
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Zones gives each country's clock: the business day an invoice is
	// overdue on is the customer's. nil: UTC.
	Zones *company.Zones
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// LineRequest asks for a quantity of a product.
type LineRequest struct {
	ProductID int64
	Qty       int
}

// PlaceRequest is everything needed to place an order.
type PlaceRequest struct {
	CompanyID       int64
	UserID          int64 // 0 for orders from the API
	Channel         string
	IdempotencyKey  string // the same key always yields the same order
	Lines           []LineRequest
	PONumber        string
	DeliveryAddress string // empty: the company's delivery address
	RequestedOn     *time.Time
	// PointsToRedeem is how many loyalty points the customer spends on this
	// order as a discount (0 = none); RedeemAllPoints spends as many as the
	// balance and the cap allow instead.
	PointsToRedeem  int
	RedeemAllPoints bool
	// FromCart: the lines are the user's cart; the ordered products leave
	// it in the order's own statement, so an order and a cart still holding
	// its lines never both exist (a crash in between invited a second order),
	// and the cart must still hold them as asked when the company is locked
	// (ErrCartChanged).
	FromCart bool
}

// LineProblem is a line that cannot be ordered as asked.
type LineProblem struct {
	ProductID int64
	SKU       string
	Problem   string // one of catalog.Problem*
	Qty       int
	MinQty    int
	PackSize  int
	Available int
	RestockOn *time.Time
}

// LinesError lists the lines that stop an order; nothing was placed.
type LinesError struct{ Lines []LineProblem }

func (e *LinesError) Error() string {
	parts := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		parts[i] = fmt.Sprintf("%d:%s", l.ProductID, l.Problem)
	}
	return "order: lines cannot be ordered: " + strings.Join(parts, ", ")
}

// Errors of a request as a whole.
var (
	ErrNoLines        = errors.New("order: no lines")
	ErrBadKey         = errors.New("order: idempotency key must be 8 to 128 characters")
	ErrBadChannel     = errors.New("order: unknown channel")
	ErrNotAllowed     = errors.New("order: this user may not order for this company")
	ErrPONumberTooBig = errors.New("order: PO number longer than 64 characters")
	ErrBadPoints      = errors.New("order: points to redeem must not be negative")
	// ErrCartChanged: with FromCart, the cart no longer holds the lines
	// asked for, as asked (another tab's checkout ordered them, or they were
	// changed meanwhile); nothing was placed.
	ErrCartChanged = errors.New("order: the cart changed since the checkout read it")
)

// Placed is the answer to a place request.
type Placed struct {
	Order *Order
	// Duplicate: the idempotency key had been used; this is the order it made.
	Duplicate bool
}

// Place places an order in one transaction: it locks the company (so credit
// decisions for one company happen one at a time), returns the earlier order
// for a repeated idempotency key, checks every line, prices through pricing
// (CartQuery: the rules of pricing.Cart), takes the loyalty points asked for
// off the total (checking the balance under the lock, so two checkouts cannot
// spend the same points), checks credit, reserves stock, and writes the
// order, its points debit, its first timeline entry and outbox events. The
// order gets the priority flag when the company's tier has that benefit. It
// fails with *LinesError, *credit.Block, *loyalty.RedeemError or one of the
// Err* values, and then nothing is written.
//
// Round trips, for they are most of its cost: begin, the company lock, one
// statement for everything read under it, the stock rows locked too
// (place_read.go), one for everything written, the stock reservation
// included (place_write.go), commit.
func (s *Service) Place(ctx context.Context, req PlaceRequest) (Placed, error) {
	if err := validate(&req); err != nil {
		return Placed{}, err
	}
	var res Placed
	err := domain.RunInTx(ctx, s.DB, func(ctx context.Context, tx bun.Tx) error {
		var err error
		res, err = s.place(ctx, tx, req)
		return err
	})
	if domain.IsUniqueViolation(err, "orders_company_id_idempotency_key_key") {
		// The company lock makes this unreachable; if it ever happens the other
		// transaction won, and its order is the answer.
		prev, gerr := ByKey(ctx, s.DB, req.CompanyID, req.IdempotencyKey)
		if gerr != nil {
			return Placed{}, gerr
		}
		return Placed{Order: prev, Duplicate: true}, nil
	}
	if err != nil {
		return Placed{}, err
	}
	if !res.Duplicate {
		s.Events.Wake()
	}
	return res, nil
}

func validate(req *PlaceRequest) error {
	if n := len(req.IdempotencyKey); n < 8 || n > 128 {
		return ErrBadKey
	}
	switch req.Channel {
	case ChannelPortal, ChannelBot, ChannelCSV, ChannelAPI:
	default:
		return ErrBadChannel
	}
	if len(req.PONumber) > 64 {
		return ErrPONumberTooBig
	}
	if req.PointsToRedeem < 0 {
		return ErrBadPoints
	}
	// The same product twice becomes one line.
	merged := map[int64]int{}
	var order []int64
	for _, l := range req.Lines {
		if _, seen := merged[l.ProductID]; !seen {
			order = append(order, l.ProductID)
		}
		merged[l.ProductID] += l.Qty
	}
	req.Lines = req.Lines[:0:0]
	for _, id := range order {
		req.Lines = append(req.Lines, LineRequest{ProductID: id, Qty: merged[id]})
	}
	if len(req.Lines) == 0 {
		return ErrNoLines
	}
	return nil
}

func (s *Service) place(ctx context.Context, tx bun.Tx, req PlaceRequest) (Placed, error) {
	comp, err := company.GetForUpdate(ctx, tx, req.CompanyID)
	if err != nil {
		return Placed{}, fmt.Errorf("order: %w", err)
	}
	items := make([]pricing.Item, len(req.Lines))
	for i, l := range req.Lines {
		items[i] = pricing.Item{ProductID: l.ProductID, Qty: l.Qty}
	}
	seen, err := s.readUnderLock(ctx, tx, comp, req, items)
	if err != nil {
		return Placed{}, err
	}
	if seen.PrevOrderID != 0 {
		prev, err := ByKey(ctx, tx, req.CompanyID, req.IdempotencyKey)
		if err != nil {
			return Placed{}, err
		}
		return Placed{Order: prev, Duplicate: true}, nil
	}
	if req.UserID != 0 && !seen.userMayOrder(comp.ID) {
		return Placed{}, ErrNotAllowed
	}
	if req.FromCart {
		// Read under the lock: two checkouts of one cart from two tabs at
		// the same instant (different form keys) make one order, not two.
		held, err := seen.cartHeld()
		if err != nil {
			return Placed{}, err
		}
		for _, l := range req.Lines {
			if held[l.ProductID] != l.Qty {
				return Placed{}, ErrCartChanged
			}
		}
	}

	products, err := seen.products()
	if err != nil {
		return Placed{}, err
	}
	_, totals, err := seen.CartRow.Totals(pricing.CustomerFor(comp), items)
	if err != nil {
		return Placed{}, fmt.Errorf("order: %w", err)
	}
	if problems := lineProblems(req.Lines, products, totals); len(problems) > 0 {
		return Placed{}, &LinesError{Lines: problems}
	}
	acct, err := seen.account(comp)
	if err != nil {
		return Placed{}, err
	}
	red, err := acct.Plan(totals, req.PointsToRedeem, req.RedeemAllPoints)
	if err != nil {
		return Placed{}, err
	}
	totals = loyalty.ApplyPoints(totals, red.Value)
	bal := seen.Balance.WithLimit(comp.Currency, comp.CreditLimit)
	if block := credit.Check(comp.Status, bal, totals.Gross, s.Credit); block != nil {
		return Placed{}, block
	}

	wants := make([]catalog.Want, len(req.Lines))
	for i, l := range req.Lines {
		wants[i] = catalog.Want{ProductID: l.ProductID, Qty: l.Qty}
	}
	sort.Slice(wants, func(i, j int) bool { return wants[i].ProductID < wants[j].ProductID })
	allocs, short, err := catalog.Allocate(seen.Stock, comp.Country, wants)
	if err != nil {
		return Placed{}, fmt.Errorf("order: %w", err)
	}
	if len(short) > 0 {
		return Placed{}, shortageError(short, products)
	}

	o := newOrder(comp, req, products, totals, red, acct.Priority)
	w := writes{order: o, allocs: allocs, stock: stockChanges(req.Lines, allocs, products)}
	if req.FromCart {
		w.cartOf = req.UserID
	}
	if err := s.insert(ctx, tx, w); err != nil {
		return Placed{}, err
	}
	return Placed{Order: o}, nil
}

// stockChanges is, for each ordered product, its availability after the
// order and whether pages show the difference (catalog.StateChanged).
func stockChanges(lines []LineRequest, allocs []catalog.Allocation, products map[int64]*catalog.Product) []stockChange {
	before := map[int64]int{}
	for _, a := range allocs {
		before[a.ProductID] = a.Before
	}
	out := make([]stockChange, len(lines))
	for i, l := range lines {
		after := before[l.ProductID] - l.Qty
		out[i] = stockChange{ProductID: l.ProductID, Available: after,
			Shown: catalog.StateChanged(before[l.ProductID], after, products[l.ProductID].MinOrderQty)}
	}
	return out
}

func lineProblems(lines []LineRequest, products map[int64]*catalog.Product, totals pricing.Totals) []LineProblem {
	priced := map[int64]bool{}
	for _, q := range totals.Lines {
		priced[q.ProductID] = true
	}
	var out []LineProblem
	for _, l := range lines {
		p, ok := products[l.ProductID]
		lp := LineProblem{ProductID: l.ProductID, Qty: l.Qty}
		switch {
		case !ok:
			lp.Problem = catalog.ProblemUnknown
		case !p.Active:
			lp.Problem, lp.SKU = catalog.ProblemInactive, p.SKU
		case p.QtyProblem(l.Qty) != "":
			lp.Problem, lp.SKU, lp.MinQty, lp.PackSize = p.QtyProblem(l.Qty), p.SKU, p.MinOrderQty, p.PackSize
		case !priced[l.ProductID]:
			lp.Problem, lp.SKU = catalog.ProblemNotPriced, p.SKU
		default:
			continue
		}
		out = append(out, lp)
	}
	return out
}

func shortageError(short []catalog.Shortage, products map[int64]*catalog.Product) *LinesError {
	e := &LinesError{}
	for _, s := range short {
		e.Lines = append(e.Lines, LineProblem{
			ProductID: s.ProductID, SKU: products[s.ProductID].SKU, Problem: catalog.ProblemOutOfStock,
			Qty: s.Wanted, Available: s.Available, RestockOn: s.RestockOn,
		})
	}
	return e
}

// ByKey returns a company's order made with an idempotency key.
func ByKey(ctx context.Context, db bun.IDB, companyID int64, key string) (*Order, error) {
	o := new(Order)
	err := db.NewSelect().Model(o).Relation("Lines", func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Order("line_no")
	}).Where("company_id = ? AND idempotency_key = ?", companyID, key).Scan(ctx)
	if errors.Is(err, domain.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("order: by key: %w", err)
	}
	return o, nil
}
