package order_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/order"
)

// PageOf reads in one statement what Get, Timeline and Shipments read in
// three, the same values (times as the same instants).
func TestPageOfEqualsItsParts(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	buyer := dbtest.User(t, db, comp, "buyer")
	wh := dbtest.Warehouse(t, db, "WAW", "PL")
	a := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 1999})
	b := dbtest.Product(t, db, dbtest.ProductOpts{ListPLN: 500})
	dbtest.Stock(t, db, a, wh, 100)
	dbtest.Stock(t, db, b, wh, 100)
	res, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, UserID: buyer, Channel: order.ChannelPortal, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: a, Qty: 3}, {ProductID: b, Qty: 7}}})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Order.ID
	dbtest.Exec(t, db, "INSERT INTO order_status_history (order_id, status, note, source, at) VALUES (?, 'confirmed', 'ok', 'erp', now() + interval '1 hour')", id)
	dbtest.Exec(t, db, `INSERT INTO shipments (order_id, erp_ref, carrier, tracking_number, tracking_url, shipped_at, delivered_at)
		VALUES (?, 'S-2', 'DPD', '123', 'https://t.example/123', now() + interval '3 hours', NULL),
		       (?, 'S-1', 'InPost', '456', '', now() + interval '2 hours', now() + interval '5 hours')`, id, id)

	got, err := order.PageOf(ctx, db, comp, res.Order.Number)
	if err != nil {
		t.Fatal(err)
	}
	want, err := order.Get(ctx, db, comp, res.Order.Number)
	if err != nil {
		t.Fatal(err)
	}
	gotOrder, wantOrder := *got.Order, *want
	gotOrder.Lines, wantOrder.Lines = nil, nil
	if !reflect.DeepEqual(gotOrder, wantOrder) {
		t.Errorf("order:\n got %+v\nwant %+v", gotOrder, wantOrder)
	}
	if len(got.Order.Lines) != 2 || !reflect.DeepEqual(*got.Order.Lines[0], *want.Lines[0]) || !reflect.DeepEqual(*got.Order.Lines[1], *want.Lines[1]) {
		t.Errorf("lines: got %+v, want %+v", got.Order.Lines, want.Lines)
	}
	timeline, _ := order.Timeline(ctx, db, id)
	if len(got.Timeline) != 2 || len(timeline) != 2 {
		t.Fatalf("timeline: got %+v, want %+v", got.Timeline, timeline)
	}
	for i := range timeline {
		g, w := got.Timeline[i], timeline[i]
		if !g.At.Equal(w.At) || g.Status != w.Status || g.Note != w.Note || g.Source != w.Source || g.ID != w.ID {
			t.Errorf("timeline %d: got %+v, want %+v", i, g, w)
		}
	}
	ships, _ := order.Shipments(ctx, db, id)
	if len(got.Shipments) != 2 || got.Shipments[0].ERPRef != "S-1" {
		t.Fatalf("shipments: got %+v, want %+v", got.Shipments, ships)
	}
	for i := range ships {
		g, w := got.Shipments[i], ships[i]
		same := g.ID == w.ID && g.ERPRef == w.ERPRef && g.Carrier == w.Carrier && g.TrackingNumber == w.TrackingNumber &&
			g.TrackingURL == w.TrackingURL && g.ShippedAt.Equal(w.ShippedAt) && (g.DeliveredAt == nil) == (w.DeliveredAt == nil) &&
			(g.DeliveredAt == nil || g.DeliveredAt.Equal(*w.DeliveredAt))
		if !same {
			t.Errorf("shipment %d: got %+v, want %+v", i, g, w)
		}
	}
	other := dbtest.Company(t, db, dbtest.CompanyOpts{})
	if _, err := order.PageOf(ctx, db, other, res.Order.Number); !errors.Is(err, order.ErrNotFound) {
		t.Fatalf("another company's order: %v, want ErrNotFound", err)
	}
}
