package notify_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/event"
	"partnerdesk/domain/notify"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// firm is a customer company with one user of each role.
type firm struct {
	Company                          int64
	Owner, Buyer, Accountant, Viewer int64 // Viewer: a buyer allowed to see invoices
}

func newFirm(t *testing.T, db bun.IDB) firm {
	t.Helper()
	f := firm{Company: dbtest.Company(t, db, dbtest.CompanyOpts{})}
	f.Owner = dbtest.User(t, db, f.Company, "owner")
	f.Buyer = dbtest.User(t, db, f.Company, "buyer")
	f.Accountant = dbtest.User(t, db, f.Company, "accountant")
	f.Viewer = dbtest.User(t, db, f.Company, "buyer")
	dbtest.Exec(t, db, "UPDATE users SET can_see_invoices = true WHERE id = ?", f.Viewer)
	return f
}

// kinds returns the refs of a user's notifications of a kind, oldest first.
func refs(t *testing.T, db bun.IDB, userID int64, kind string) []string {
	t.Helper()
	out := []string{}
	dbtest.Scan(t, db, &out, "SELECT ref FROM notifications WHERE user_id = ? AND kind = ? ORDER BY id", userID, kind)
	return out
}

func switchOff(t *testing.T, db bun.IDB, userID int64, kind string) {
	t.Helper()
	dbtest.Exec(t, db, `INSERT INTO notification_preferences (user_id, kind, enabled) VALUES (?, ?, false)
		ON CONFLICT (user_id, kind) DO UPDATE SET enabled = false`, userID, kind)
}

func TestCreateOnceWithEventAndRespectingPreferences(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	f := newFirm(t, db)
	var staff int64
	dbtest.Scan(t, db, &staff, "INSERT INTO users (email, name, role) VALUES (?, 'Staff', 'manager') RETURNING id",
		fmt.Sprintf("staff%d@example.test", dbtest.Unique()))
	n := notify.Notification{Kind: notify.KindInvoiceDue, Ref: "FV/1:due", Link: "/invoices",
		Params: notify.Params{Invoice: "FV/1", Amount: 12300, Currency: "PLN", DueOn: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}}

	n.UserID = f.Owner
	for i, want := range []bool{true, false} {
		created, err := notify.Create(ctx, db, n)
		if err != nil || created != want {
			t.Fatalf("create #%d: %v, %v; want %v", i+1, created, err, want)
		}
	}
	var events []event.Event
	if err := db.NewSelect().Model(&events).Where("kind = ? AND (payload->>'user')::bigint = ?", event.Notification, f.Owner).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].CompanyID == nil || *events[0].CompanyID != f.Company {
		t.Fatalf("events: %+v, want one for company %d", events, f.Company)
	}
	got, err := notify.Get(ctx, db, f.Owner, mustID(t, db, f.Owner))
	if err != nil || got.CompanyID != f.Company || got.Params.Invoice != "FV/1" || got.Params.Amount != 12300 || !got.Params.DueOn.Equal(n.Params.DueOn) {
		t.Fatalf("stored %+v, %v", got, err)
	}

	switchOff(t, db, f.Accountant, notify.KindInvoiceDue)
	dbtest.Exec(t, db, "UPDATE users SET active = false WHERE id = ?", f.Viewer)
	for _, u := range []int64{f.Accountant, f.Viewer, staff} {
		n.UserID = u
		if created, err := notify.Create(ctx, db, n); err != nil || created {
			t.Errorf("user %d: created %v, %v; want nothing (kind off, inactive, staff)", u, created, err)
		}
	}
	// Another kind with the same ref is another notification.
	n.UserID, n.Kind = f.Owner, notify.KindInvoiceOverdue
	if created, err := notify.Create(ctx, db, n); err != nil || !created {
		t.Fatalf("other kind: %v, %v", created, err)
	}
	if _, err := notify.Create(ctx, db, notify.Notification{UserID: f.Owner, Kind: "newsletter", Ref: "x"}); err == nil {
		t.Fatal("an unknown kind was accepted")
	}
}

func mustID(t *testing.T, db bun.IDB, userID int64) int64 {
	t.Helper()
	var id int64
	dbtest.Scan(t, db, &id, "SELECT min(id) FROM notifications WHERE user_id = ?", userID)
	return id
}

func TestListAndMarkReadAreScopedByUser(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	a, b := newFirm(t, db), newFirm(t, db)
	for i := range 3 {
		for _, u := range []int64{a.Buyer, b.Buyer} {
			if _, err := notify.Create(ctx, db, notify.Notification{UserID: u, Kind: notify.KindBackInStock,
				Ref: fmt.Sprintf("p%d", i), Params: notify.Params{SKU: fmt.Sprintf("SKU-%d", i)}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	listA, err := notify.List(ctx, db, a.Buyer, 10)
	if err != nil || len(listA) != 3 || listA[0].Ref != "p2" || listA[2].Ref != "p0" {
		t.Fatalf("list of A: %v, %v (want p2, p1, p0)", listA, err)
	}
	listB, _ := notify.List(ctx, db, b.Buyer, 10)
	for _, n := range listA {
		if n.UserID != a.Buyer {
			t.Fatalf("A's list has %+v", n)
		}
	}

	// A cannot read, mark or see B's notifications.
	if _, err := notify.Get(ctx, db, a.Buyer, listB[0].ID); !errors.Is(err, notify.ErrNotFound) {
		t.Fatalf("A got B's notification: %v", err)
	}
	if n, err := notify.MarkRead(ctx, db, a.Buyer, []int64{listB[0].ID, listB[1].ID, listA[0].ID}); err != nil || n != 1 {
		t.Fatalf("mark read: %d, %v; want only A's own one", n, err)
	}
	if n, _ := notify.Unread(ctx, db, b.Buyer); n != 3 {
		t.Fatalf("B's unread: %d, want 3", n)
	}
	if n, _ := notify.Unread(ctx, db, a.Buyer); n != 2 {
		t.Fatalf("A's unread: %d, want 2", n)
	}
	if n, err := notify.MarkAllRead(ctx, db, a.Buyer); err != nil || n != 2 {
		t.Fatalf("mark all: %d, %v", n, err)
	}
	if n, _ := notify.Unread(ctx, db, b.Buyer); n != 3 {
		t.Fatalf("B's unread after A marked all: %d", n)
	}
	if n, _ := notify.Unread(ctx, db, a.Buyer); n != 0 {
		t.Fatalf("A's unread after mark all: %d", n)
	}
}

func TestPreferences(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	f := newFirm(t, db)
	p, err := notify.GetPrefs(ctx, db, f.Buyer)
	if err != nil || len(p.Enabled) != len(notify.Kinds) || p.QuietFrom != nil || p.QuietTo != nil {
		t.Fatalf("defaults: %+v, %v", p, err)
	}
	for k, on := range p.Enabled {
		if !on {
			t.Errorf("%s is off by default", k)
		}
	}
	h := func(n int) *int { return &n }
	bad := []struct {
		from, to    *int
		field, code string
	}{
		{h(24), h(7), "quiet_from", "hour"},
		{h(22), h(-1), "quiet_to", "hour"},
		{h(22), nil, "quiet_to", "quiet_both"},
		{nil, h(7), "quiet_from", "quiet_both"},
		{h(7), h(7), "quiet_to", "quiet_same"},
	}
	for _, c := range bad {
		err := notify.SetPrefs(ctx, db, f.Buyer, notify.Prefs{QuietFrom: c.from, QuietTo: c.to})
		var fe *notify.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || fe.Code != c.code {
			t.Errorf("%v–%v: %v, want %s %s", c.from, c.to, err, c.field, c.code)
		}
	}
	want := notify.Prefs{Enabled: map[string]bool{notify.KindPriceChange: false, notify.KindReorder: false}, QuietFrom: h(22), QuietTo: h(7)}
	if err := notify.SetPrefs(ctx, db, f.Buyer, want); err != nil {
		t.Fatal(err)
	}
	p, _ = notify.GetPrefs(ctx, db, f.Buyer)
	if *p.QuietFrom != 22 || *p.QuietTo != 7 || p.Enabled[notify.KindPriceChange] || p.Enabled[notify.KindReorder] || !p.Enabled[notify.KindInvoiceDue] {
		t.Fatalf("saved: %+v", p)
	}
	if on, _ := notify.Enabled(ctx, db, f.Buyer, notify.KindPriceChange); on {
		t.Fatal("price_change still enabled")
	}
	if on, _ := notify.Enabled(ctx, db, f.Owner, notify.KindPriceChange); !on {
		t.Fatal("another user's preference changed")
	}
	// Switching back on and quiet hours off.
	if err := notify.SetPrefs(ctx, db, f.Buyer, notify.Prefs{Enabled: map[string]bool{notify.KindPriceChange: true}}); err != nil {
		t.Fatal(err)
	}
	p, _ = notify.GetPrefs(ctx, db, f.Buyer)
	if p.QuietFrom != nil || p.QuietTo != nil || !p.Enabled[notify.KindPriceChange] || !p.Enabled[notify.KindReorder] {
		t.Fatalf("after reset: %+v", p)
	}
}

func TestSubscriptions(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	f := newFirm(t, db)
	p := dbtest.Product(t, db, dbtest.ProductOpts{NamePL: "Kabel testowy"})
	for range 2 {
		if err := notify.Subscribe(ctx, db, f.Buyer, p, notify.SourceBot); err != nil {
			t.Fatal(err)
		}
	}
	if err := notify.Subscribe(ctx, db, f.Buyer, p, "email"); err == nil {
		t.Fatal("unknown source accepted")
	}
	subs, err := notify.Subscriptions(ctx, db, f.Buyer)
	if err != nil || len(subs) != 1 || subs[0].ProductID != p || subs[0].Source != "bot" || subs[0].Name("ru") != "Kabel testowy" {
		t.Fatalf("subscriptions: %+v, %v", subs, err)
	}
	if others, _ := notify.Subscriptions(ctx, db, f.Owner); len(others) != 0 {
		t.Fatalf("owner sees %+v", others)
	}
	if err := notify.Unsubscribe(ctx, db, f.Buyer, p); err != nil {
		t.Fatal(err)
	}
	if subs, _ := notify.Subscriptions(ctx, db, f.Buyer); len(subs) != 0 {
		t.Fatalf("after unsubscribe: %+v", subs)
	}
}
