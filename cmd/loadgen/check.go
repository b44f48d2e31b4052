package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/credit"
	"partnerdesk/locales"
)

// The invariants that must hold after any run, whatever the load or the
// faults. Each check reads the database only; the state checks read one
// snapshot (REPEATABLE READ), so they see a single moment even when traffic
// is still arriving.

const (
	statusPass = "PASS"
	statusFail = "FAIL"
	statusNA   = "N/A"
)

type checkResult struct {
	Name    string           `json:"name"`
	Status  string           `json:"status"`
	Detail  string           `json:"detail"`
	Numbers map[string]int64 `json:"numbers,omitempty"`
}

type checkOpts struct {
	// drain is how long to wait for the durable consumers to catch up.
	drain time.Duration
	// consumers to check; empty means every row of event_cursors.
	consumers []string
	// since: the run's start, to tell whether the bot queued anything during
	// it; zero in -check mode (then any row counts).
	since time.Time
	// botTraffic: a sender was meant to empty the Telegram queue.
	botTraffic bool
}

func result(name string, fail bool, numbers map[string]int64, format string, args ...any) checkResult {
	r := checkResult{Name: name, Status: statusPass, Detail: fmt.Sprintf(format, args...), Numbers: numbers}
	if fail {
		r.Status = statusFail
	}
	return r
}

// runChecks runs every check; an error means a check could not run at all.
func runChecks(ctx context.Context, db *bun.DB, o checkOpts) ([]checkResult, error) {
	var out []checkResult
	// The outbox first: its drain wait also lets the last transactions settle.
	r, err := checkOutbox(ctx, db, o)
	if err != nil {
		return nil, err
	}
	out = append(out, r)
	err = db.RunInTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}, func(ctx context.Context, tx bun.Tx) error {
		for _, check := range []func(context.Context, bun.Tx) (checkResult, error){
			checkStockNonNegative, checkReservedMatches, checkReservationsOpen, checkCredit, checkCreditLimit, checkTotals, checkIdempotency,
		} {
			r, err := check(ctx, tx)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		r, err := checkTelegram(ctx, tx, o)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func checkStockNonNegative(ctx context.Context, tx bun.Tx) (checkResult, error) {
	var n struct {
		Rows       int64 `bun:"rows"`
		NegOnHand  int64 `bun:"neg_on_hand"`
		NegReserve int64 `bun:"neg_reserved"`
		Over       int64 `bun:"over"`
	}
	err := tx.NewRaw(`SELECT count(*) AS rows, count(*) FILTER (WHERE on_hand < 0) AS neg_on_hand,
		count(*) FILTER (WHERE reserved < 0) AS neg_reserved, count(*) FILTER (WHERE reserved > on_hand) AS over FROM stock`).Scan(ctx, &n)
	if err != nil {
		return checkResult{}, fmt.Errorf("check stock: %w", err)
	}
	return result("stock never negative", n.NegOnHand+n.NegReserve+n.Over > 0,
		map[string]int64{"rows": n.Rows, "on_hand_below_0": n.NegOnHand, "reserved_below_0": n.NegReserve, "reserved_above_on_hand": n.Over},
		"%d stock rows: on_hand<0 %d, reserved<0 %d, reserved>on_hand %d", n.Rows, n.NegOnHand, n.NegReserve, n.Over), nil
}

// checkReservedMatches: a stock row's reserved is exactly what open
// reservations (released_at IS NULL) hold in that warehouse. order.Place
// adds both in one transaction; ChangeStatus releases both on shipped,
// delivered or cancelled.
func checkReservedMatches(ctx context.Context, tx bun.Tx) (checkResult, error) {
	var n struct {
		Rows       int64 `bun:"rows"`
		Reserved   int64 `bun:"reserved"`
		Held       int64 `bun:"held"`
		Mismatches int64 `bun:"mismatches"`
		Sample     string
	}
	err := tx.NewRaw(`WITH held AS (
			SELECT product_id, warehouse_id, sum(qty) AS qty FROM stock_reservations WHERE released_at IS NULL GROUP BY 1, 2),
		cmp AS (
			SELECT product_id, warehouse_id, coalesce(s.reserved, 0) AS reserved, coalesce(h.qty, 0) AS held
			FROM stock s FULL JOIN held h USING (product_id, warehouse_id))
		SELECT count(*) AS rows, coalesce(sum(reserved), 0) AS reserved, coalesce(sum(held), 0) AS held,
		  count(*) FILTER (WHERE reserved <> held) AS mismatches,
		  coalesce(string_agg(format('product %s warehouse %s: reserved %s, held %s', product_id, warehouse_id, reserved, held), '; ')
		    FILTER (WHERE reserved <> held), '') AS sample
		FROM cmp`).Scan(ctx, &n)
	if err != nil {
		return checkResult{}, fmt.Errorf("check reserved: %w", err)
	}
	detail := fmt.Sprintf("%d stock rows: reserved in total %d, held by open reservations %d; %d rows differ", n.Rows, n.Reserved, n.Held, n.Mismatches)
	if n.Mismatches > 0 {
		detail += " (" + locales.Clip(n.Sample, 300) + ")"
	}
	return result("reserved equals open reservations", n.Mismatches > 0,
		map[string]int64{"rows": n.Rows, "reserved": n.Reserved, "held": n.Held, "mismatches": n.Mismatches}, "%s", detail), nil
}

// checkReservationsOpen: an order holds stock exactly while it is open
// (placed, confirmed, picking): each of its lines fully, and once it has
// shipped, been delivered or been cancelled, not at all.
func checkReservationsOpen(ctx context.Context, tx bun.Tx) (checkResult, error) {
	var n struct {
		OpenLines    int64 `bun:"open_lines"`
		NotHeld      int64 `bun:"not_held"`
		ClosedHeld   int64 `bun:"closed_held"`
		ClosedOrders int64 `bun:"closed_orders"`
	}
	err := tx.NewRaw(`SELECT count(*) FILTER (WHERE o.status IN ('placed', 'confirmed', 'picking')) AS open_lines,
		  count(*) FILTER (WHERE o.status IN ('placed', 'confirmed', 'picking') AND r.held <> l.qty) AS not_held,
		  count(*) FILTER (WHERE o.status IN ('shipped', 'delivered', 'cancelled') AND r.held > 0) AS closed_held,
		  count(DISTINCT o.id) FILTER (WHERE o.status IN ('shipped', 'delivered', 'cancelled')) AS closed_orders
		FROM order_lines l JOIN orders o ON o.id = l.order_id
		CROSS JOIN LATERAL (SELECT coalesce(sum(qty), 0) AS held FROM stock_reservations r
		                    WHERE r.order_line_id = l.id AND r.released_at IS NULL) r`).Scan(ctx, &n)
	if err != nil {
		return checkResult{}, fmt.Errorf("check reservations: %w", err)
	}
	return result("open orders hold their stock, closed ones none", n.NotHeld+n.ClosedHeld > 0,
		map[string]int64{"open_lines": n.OpenLines, "open_lines_not_fully_held": n.NotHeld, "closed_orders": n.ClosedOrders, "closed_lines_still_holding": n.ClosedHeld},
		"%d lines of open orders, %d not fully held; %d closed orders, %d lines still holding stock", n.OpenLines, n.NotHeld, n.ClosedOrders, n.ClosedHeld), nil
}

// companyCredit is a company's credit recomputed from the facts rather than
// from the columns domain/credit reads: what is left to pay on an invoice is
// its gross less the payments booked against it (not invoices.paid, the
// running total UpsertPayment keeps), and an order is cancelled when its
// timeline says so (not orders.status). A payment applied twice, a status
// changed without its history, or a formula in domain/credit that drifted
// shows up as a difference.
type companyCredit struct {
	ID     int64  `bun:"id"`
	Name   string `bun:"name"`
	Limit  int64  `bun:"credit_limit"`
	Unpaid int64  `bun:"unpaid"`
	Open   int64  `bun:"open_orders"`
}

const companyCreditSQL = `SELECT c.id, c.name, c.credit_limit,
	  coalesce((SELECT sum(i.gross_total - p.amount) FROM invoices i
	            CROSS JOIN LATERAL (SELECT coalesce(sum(amount), 0) AS amount FROM payments WHERE invoice_id = i.id) p
	            WHERE i.company_id = c.id AND i.kind = 'invoice' AND p.amount < i.gross_total), 0) AS unpaid,
	  coalesce((SELECT sum(o.gross_total) FROM orders o
	            WHERE o.company_id = c.id
	              AND NOT EXISTS (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id AND h.status = 'cancelled')
	              AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id)), 0) AS open_orders
	FROM companies c ORDER BY c.id`

func checkCredit(ctx context.Context, tx bun.Tx) (checkResult, error) {
	var cs []companyCredit
	if err := tx.NewRaw(companyCreditSQL).Scan(ctx, &cs); err != nil {
		return checkResult{}, fmt.Errorf("check credit: %w", err)
	}
	var bad []string
	var used int64
	for _, c := range cs {
		b, err := credit.BalanceOf(ctx, tx, c.ID, time.Now(), credit.DefaultPolicy)
		if err != nil {
			return checkResult{}, err
		}
		used += c.Unpaid + c.Open
		if b.UnpaidInvoices != c.Unpaid || b.OpenOrders != c.Open || b.Used != c.Unpaid+c.Open {
			bad = append(bad, fmt.Sprintf("%s: domain %d+%d=%d, recomputed %d+%d=%d", c.Name, b.UnpaidInvoices, b.OpenOrders, b.Used,
				c.Unpaid, c.Open, c.Unpaid+c.Open))
		}
	}
	var paidDrift int64
	if err := tx.NewRaw(`SELECT count(*) FROM invoices i
		WHERE i.paid <> (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.invoice_id = i.id)`).Scan(ctx, &paidDrift); err != nil {
		return checkResult{}, fmt.Errorf("check credit: %w", err)
	}
	detail := fmt.Sprintf("%d companies: credit.BalanceOf agrees with the recomputation from payments and timelines for %d (used in total %d minor units); invoices whose paid differs from their payments: %d",
		len(cs), len(cs)-len(bad), used, paidDrift)
	if len(bad) > 0 {
		detail += "; differ: " + locales.Clip(strings.Join(bad, "; "), 300)
	}
	return result("credit used = open orders + unpaid invoices", len(bad) > 0 || paidDrift > 0,
		map[string]int64{"companies": int64(len(cs)), "mismatches": int64(len(bad)), "invoices_paid_drift": paidDrift}, "%s", detail), nil
}

// checkCreditLimit: no load company's orders took it over its limit. (The
// demo's companies may be over theirs by design: a lowered limit, say.)
func checkCreditLimit(ctx context.Context, tx bun.Tx) (checkResult, error) {
	var cs []companyCredit
	if err := tx.NewRaw(`SELECT * FROM (`+companyCreditSQL+`) x WHERE name LIKE ?`, lgNamePrefix+"%").Scan(ctx, &cs); err != nil {
		return checkResult{}, fmt.Errorf("check credit limit: %w", err)
	}
	if len(cs) == 0 {
		return checkResult{Name: "credit limit held", Status: statusNA, Detail: "no load companies in this database"}, nil
	}
	over := 0
	for _, c := range cs {
		if c.Unpaid+c.Open > c.Limit {
			over++
		}
	}
	return result("credit limit held", over > 0, map[string]int64{"companies": int64(len(cs)), "over_limit": int64(over)},
		"%d load companies, %d over their limit", len(cs), over), nil
}

// checkTotals: every company's running totals (open orders, loyalty points)
// equal the sums of its orders and loyalty ledger (credit.CheckTotals).
func checkTotals(ctx context.Context, tx bun.Tx) (checkResult, error) {
	drifts, err := credit.CheckTotals(ctx, tx)
	if err != nil {
		return checkResult{}, err
	}
	var bad []string
	for _, d := range drifts {
		bad = append(bad, fmt.Sprintf("%s: open orders kept %d, history %d; points kept %d, history %d", d.Name, d.KeptOpen, d.OpenOrders, d.KeptPoints, d.Points))
	}
	detail := "every company's kept open orders and loyalty points equal the sums of its history"
	if len(bad) > 0 {
		detail = fmt.Sprintf("companies that differ, %d: %s", len(bad), locales.Clip(strings.Join(bad, "; "), 300))
	}
	return result("running totals = history", len(bad) > 0, map[string]int64{"drifts": int64(len(bad))}, "%s", detail), nil
}

// checkIdempotency: one order per idempotency key (the UNIQUE key guards it;
// this says so with numbers), and one order per checkout form. The load
// generator writes "LG-<form key>" as the PO number of every form it posts,
// so two orders with one such PO number mean one form made two orders.
func checkIdempotency(ctx context.Context, tx bun.Tx) (checkResult, error) {
	var n struct {
		Orders      int64 `bun:"orders"`
		DupKeys     int64 `bun:"dup_keys"`
		Forms       int64 `bun:"forms"`
		DupForms    int64 `bun:"dup_forms"`
		KeyMismatch int64 `bun:"key_mismatch"`
		StuckAPI    int64 `bun:"stuck_api"`
	}
	err := tx.NewRaw(`SELECT (SELECT count(*) FROM orders) AS orders,
		(SELECT count(*) FROM (SELECT 1 FROM orders GROUP BY company_id, idempotency_key HAVING count(*) > 1) d) AS dup_keys,
		(SELECT count(DISTINCT (company_id, po_number)) FROM orders WHERE po_number LIKE 'LG-%') AS forms,
		(SELECT count(*) FROM (SELECT 1 FROM orders WHERE po_number LIKE 'LG-%' GROUP BY company_id, po_number HAVING count(*) > 1) d) AS dup_forms,
		(SELECT count(*) FROM orders WHERE po_number LIKE 'LG-%' AND idempotency_key <> 'portal-' || substr(po_number, 4)) AS key_mismatch,
		(SELECT count(*) FROM idempotency_keys WHERE status_code IS NULL AND created_at < now() - interval '1 minute') AS stuck_api`).Scan(ctx, &n)
	if err != nil {
		return checkResult{}, fmt.Errorf("check idempotency: %w", err)
	}
	detail := fmt.Sprintf("%d orders, %d keys with two orders; %d checkout forms, %d with two orders, %d orders not made by their form's key",
		n.Orders, n.DupKeys, n.Forms, n.DupForms, n.KeyMismatch)
	if n.StuckAPI > 0 {
		detail += fmt.Sprintf("; note: %d API idempotency keys still in progress after a minute (their replays answer 409)", n.StuckAPI)
	}
	return result("one order per idempotency key and per checkout form", n.DupKeys+n.DupForms+n.KeyMismatch > 0,
		map[string]int64{"orders": n.Orders, "duplicate_keys": n.DupKeys, "forms": n.Forms, "forms_with_two_orders": n.DupForms,
			"key_mismatch": n.KeyMismatch, "api_keys_in_progress": n.StuckAPI}, "%s", detail), nil
}

// writeChecks prints each result on one line; it reports whether all passed.
func writeChecks(w io.Writer, rs []checkResult) bool {
	ok := true
	for _, r := range rs {
		fmt.Fprintf(w, "  %-4s %s: %s\n", r.Status, r.Name, r.Detail)
		ok = ok && r.Status != statusFail
	}
	return ok
}
