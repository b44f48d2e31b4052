package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
)

// A page gets the stock and price changes of the products it shows, not
// those of the rest of the catalogue (which would be most of the traffic);
// company events still come.
func TestLiveSendsOnlyWatchedProducts(t *testing.T) {
	tn := newTenant(t, "pl")
	inst := startInstance(t)
	ws, _, err := dialLive(t, inst, signedInSession(t, tn.BuyerEmail), testOrigin, fmt.Sprintf("?products=%d", tn.Product))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	db := dbtest.DB(t)
	ctx := context.Background()
	emit := func(company int64, kind string, payload any) {
		t.Helper()
		if err := event.Emit(ctx, db, company, kind, payload); err != nil {
			t.Fatal(err)
		}
	}
	emit(0, event.StockChanged, map[string]any{"product": tn.Scarce}) // not shown: not sent
	emit(0, event.StockChanged, map[string]any{"product": tn.Product})
	emit(tn.CompanyID, event.BalanceChanged, map[string]any{})
	inst.notifier.Wake()
	var got []string
	waitFor(t, ws, func(m received) bool {
		got = append(got, fmt.Sprint(m.Kind, m.Keys))
		if m.Kind == event.StockChanged && contains(m.Keys, fmt.Sprintf("product:%d", tn.Scarce)) {
			t.Fatalf("a product the page does not show was sent: %v", got)
		}
		return m.Kind == event.BalanceChanged
	})
	if !contains(got, fmt.Sprint(event.StockChanged, []string{fmt.Sprintf("product:%d", tn.Product)})) {
		t.Fatalf("the shown product's change did not come: %v", got)
	}
}

// An event of a transaction that commits late can carry a lower id than one
// the browser already saw. Resuming by event id would miss it; resuming by
// the position in the outbox's order (txid, id) does not.
func TestLiveResumeFindsLateCommittedEvent(t *testing.T) {
	tn := newTenant(t, "pl")
	inst := startInstance(t)
	session := signedInSession(t, tn.BuyerEmail)
	ws, _, err := dialLive(t, inst, session, testOrigin, "")
	if err != nil {
		t.Fatal(err)
	}
	db := dbtest.DB(t)
	ctx := context.Background()
	// "early" takes its transaction id first, "late" second; late writes the
	// lower event id and commits last.
	early, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer early.Rollback()
	if _, err := early.ExecContext(ctx, "SELECT pg_current_xact_id()"); err != nil {
		t.Fatal(err)
	}
	late, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Rollback()
	if err := event.Emit(ctx, late, tn.CompanyID, event.InvoiceChanged, map[string]any{"late": true}); err != nil {
		t.Fatal(err)
	}
	if err := event.Emit(ctx, early, tn.CompanyID, event.BalanceChanged, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if err := early.Commit(); err != nil {
		t.Fatal(err)
	}
	inst.notifier.Wake()
	var cursor string
	var seenID int64
	ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		var m struct {
			ID     int64  `json:"id"`
			Kind   string `json:"kind"`
			Cursor string `json:"cursor"`
		}
		raw, err := nextLive(ws)
		if err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(raw, &m)
		if m.Kind == event.BalanceChanged {
			cursor, seenID = m.Cursor, m.ID
			break
		}
	}
	ws.Close() // the browser goes away...
	if err := late.Commit(); err != nil {
		t.Fatal(err)
	}
	inst.notifier.Wake()
	var lateID int64
	dbtest.Scan(t, db, &lateID, "SELECT id FROM events WHERE company_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", tn.CompanyID, event.InvoiceChanged)
	if lateID >= seenID {
		t.Fatalf("the test needs the late event to have the lower id: %d vs %d", lateID, seenID)
	}
	// ...and comes back with its position: the late event is replayed.
	back, _, err := dialLive(t, inst, session, testOrigin, "?cursor="+cursor)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	waitFor(t, back, func(m received) bool { return m.Kind == event.InvoiceChanged && m.ID == lateID })
}
