package order_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"partnerdesk/domain/credit"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/header"
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
	a, b := stocked(t, db, 1999, 100), stocked(t, db, 500, 100)
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

// PageWithHeader reads the same page and, in the same statement, the header
// header.Of reads: every figure of it non-zero here (cart lines, unread
// notifications, an open order, unpaid and overdue invoices past the grace).
func TestPageWithHeaderReadsTheHeaderOf(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	db := s.DB
	comp := dbtest.Company(t, db, dbtest.CompanyOpts{})
	buyer := dbtest.User(t, db, comp, "buyer")
	a := stocked(t, db, 1999, 100)
	res, err := s.Place(ctx, order.PlaceRequest{CompanyID: comp, UserID: buyer, Channel: order.ChannelPortal, IdempotencyKey: key(),
		Lines: []order.LineRequest{{ProductID: a, Qty: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Exec(t, db, "INSERT INTO cart_lines (user_id, product_id, qty) VALUES (?, ?, 2)", buyer, a)
	dbtest.Exec(t, db, "INSERT INTO notifications (user_id, company_id, kind, ref) VALUES (?, ?, 'order_status', 'a'), (?, ?, 'order_status', 'b')", buyer, comp, buyer, comp)
	n := dbtest.Unique()
	dbtest.Exec(t, db, `INSERT INTO invoices (company_id, number, currency, issued_on, due_on, net_total, vat_total, gross_total, paid)
		VALUES (?, ?, 'PLN', current_date - 60, current_date - 40, 1000, 230, 1230, 30), (?, ?, 'PLN', current_date, current_date + 14, 100, 23, 123, 0)`,
		comp, fmt.Sprintf("PH/%d/1", n), comp, fmt.Sprintf("PH/%d/2", n))

	today := time.Now()
	got, err := order.PageWithHeader(ctx, db, comp, res.Order.Number, buyer, today, credit.DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	want, err := header.Of(ctx, db, buyer, comp, today, credit.DefaultPolicy)
	if err != nil {
		t.Fatal(err)
	}
	b := want.Balance
	if want.CartLines != 1 || want.Unread != 2 || b.OpenOrders == 0 || b.UnpaidInvoices != 1200+123 || b.OverdueBlocking != 1200 ||
		b.OverdueCount != 1 || b.OldestOverdueDays != 40 || b.Limit == 0 || b.Currency == "" {
		t.Fatalf("the fixture should give every figure: %+v", want)
	}
	if got.Header == nil || *got.Header != want {
		t.Errorf("header:\n got %+v\nwant %+v", got.Header, want)
	}
	if got.Order.Number != res.Order.Number || len(got.Order.Lines) != 1 {
		t.Errorf("page: %+v", got.Order)
	}
	plain, err := order.PageOf(ctx, db, comp, res.Order.Number)
	if err != nil || plain.Header != nil {
		t.Errorf("PageOf reads no header: %+v, %v", plain.Header, err)
	}
	if _, err := order.PageWithHeader(ctx, db, dbtest.Company(t, db, dbtest.CompanyOpts{}), res.Order.Number, buyer, today, credit.DefaultPolicy); !errors.Is(err, order.ErrNotFound) {
		t.Fatalf("another company's order: %v, want ErrNotFound", err)
	}
}
