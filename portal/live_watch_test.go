package portal

import (
	"context"
	"fmt"
	"testing"

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
