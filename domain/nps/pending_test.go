package nps_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"partnerdesk/domain/chat"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/nps"
)

func TestPendingAfterDelivery(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	now := time.Now()
	s, other := newShop(t, db, "B"), newShop(t, db, "B")
	deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-40*24*time.Hour)) // too old to ask about
	older := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-5*24*time.Hour))
	latest := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-2*24*time.Hour))
	order(t, db, s.ID, s.Buyer, "shipped", now.Add(-time.Hour))
	deliveredOrder(t, db, other.ID, other.Buyer, now.Add(-time.Hour))

	pending := func(user int64) int64 {
		t.Helper()
		p, err := nps.PendingAfterDelivery(ctx, db, s.ID, user, now)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			return 0
		}
		if p.Trigger != nps.TriggerAfterDelivery || p.Ref != fmt.Sprint(p.OrderNumber) {
			t.Fatalf("pending: %+v", p)
		}
		return p.OrderNumber
	}
	if got := pending(s.Buyer); got != latest {
		t.Fatalf("buyer is offered %d, want the latest delivery %d", got, latest)
	}
	// Only the user who placed the order is asked, and never about another company's.
	if got := pending(s.Owner); got != 0 {
		t.Fatalf("owner is offered %d", got)
	}
	if p, _ := nps.PendingAfterDelivery(ctx, db, s.ID, other.Buyer, now); p != nil {
		t.Fatalf("another company's user is offered %+v", p)
	}
	if p, _ := nps.OrderSurvey(ctx, db, s.ID, s.Buyer, latest, now); p == nil || p.OrderNumber != latest {
		t.Fatalf("order page survey: %+v", p)
	}

	// A colleague rates the latest order in the bot: it is closed for everyone,
	// and the buyer is not asked again within the interval.
	answer(t, db, s.ID, s.Owner, "after_delivery", fmt.Sprint(latest), 9, "", now.Add(-time.Hour))
	if p, _ := nps.OrderSurvey(ctx, db, s.ID, s.Buyer, latest, now); p != nil {
		t.Fatalf("rated order still offered: %+v", p)
	}
	if got := pending(s.Buyer); got != older {
		t.Fatalf("after a colleague's answer the buyer is offered %d, want %d", got, older)
	}
	answer(t, db, s.ID, s.Buyer, "after_delivery", fmt.Sprint(older), 8, "", now.Add(-time.Hour))
	if got := pending(s.Buyer); got != 0 {
		t.Fatalf("offered %d after answering", got)
	}
}

func TestPendingRespectsTheNPSInterval(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	now := time.Now()
	s := newShop(t, db, "A")
	first := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-20*24*time.Hour))
	// The bot asked about the first delivery and claimed the interval then.
	if ok, err := chat.ClaimNPSQuestion(ctx, db, s.Buyer, now.Add(-20*24*time.Hour+time.Minute)); err != nil || !ok {
		t.Fatal(ok, err)
	}
	second := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-3*24*time.Hour))
	p, err := nps.PendingAfterDelivery(ctx, db, s.ID, s.Buyer, now)
	if err != nil || p == nil || p.OrderNumber != first {
		t.Fatalf("within the bot's interval the card offers %+v, want the question already asked (%d)", p, first)
	}
	// The second delivery's own page still asks: the user went looking.
	if p, _ := nps.OrderSurvey(ctx, db, s.ID, s.Buyer, second, now); p == nil {
		t.Fatal("the order page does not offer its survey")
	}
	// Once the interval has run out, the latest delivery is offered.
	old := chat.NPSInterval
	chat.NPSInterval = 10 * 24 * time.Hour
	defer func() { chat.NPSInterval = old }()
	if p, _ := nps.PendingAfterDelivery(ctx, db, s.ID, s.Buyer, now); p == nil || p.OrderNumber != second {
		t.Fatalf("after the interval: %+v, want %d", p, second)
	}
	// An answer to anything holds the dashboard back for an interval.
	answer(t, db, s.ID, s.Buyer, "quarterly", "2020Q1", 9, "", now.Add(-24*time.Hour))
	if p, _ := nps.PendingAfterDelivery(ctx, db, s.ID, s.Buyer, now); p != nil {
		t.Fatalf("offered %+v a day after an answer", p)
	}
}

func TestPendingQuarterly(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	s := newShop(t, db, "A")
	firstMonth := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
	secondMonth := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	pending := func(user int64, now time.Time) string {
		t.Helper()
		p, err := nps.PendingQuarterly(ctx, db, s.ID, user, now)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			return ""
		}
		return p.Ref
	}
	if got := pending(s.Owner, firstMonth); got != "" {
		t.Fatalf("offered in the quarter's first month: %s", got)
	}
	if got := pending(s.Owner, secondMonth); got != "2026Q4" {
		t.Fatalf("owner: %q", got)
	}
	if got := pending(s.Buyer, secondMonth); got != "2026Q4" {
		t.Fatalf("buyer: %q", got)
	}
	if got := pending(s.Accountant, secondMonth); got != "" {
		t.Fatalf("accountant: %q", got)
	}
	old := nps.QuarterlyFromMonth
	nps.QuarterlyFromMonth = 1
	if got := pending(s.Owner, firstMonth); got != "2026Q4" {
		t.Fatalf("from the first month when so configured: %q", got)
	}
	nps.QuarterlyFromMonth = old

	if _, created, err := nps.Record(ctx, db, nps.Answer{CompanyID: s.ID, UserID: s.Owner, Trigger: nps.TriggerQuarterly,
		Ref: "2026Q4", Channel: nps.ChannelPortal, Score: 9, Now: secondMonth}); err != nil || !created {
		t.Fatal(created, err)
	}
	if got := pending(s.Owner, secondMonth.AddDate(0, 1, 0)); got != "" {
		t.Fatalf("offered again in the same quarter: %q", got)
	}
	if got := pending(s.Buyer, secondMonth); got != "2026Q4" {
		t.Fatalf("the owner's answer closed the buyer's survey: %q", got)
	}
	if got := pending(s.Owner, time.Date(2027, 2, 10, 9, 0, 0, 0, time.UTC)); got != "2027Q1" {
		t.Fatalf("next quarter: %q", got)
	}
	// The dashboard offers one survey: the quarterly one first.
	number := deliveredOrder(t, db, s.ID, s.Buyer, time.Now().Add(-time.Hour))
	p, err := nps.Next(ctx, db, s.ID, s.Buyer, time.Now())
	if err != nil || p == nil {
		t.Fatal(p, err)
	}
	if nps.QuarterOf(time.Now()).String() == p.Ref {
		return // a month when the quarterly survey is open: it comes first
	}
	if p.OrderNumber != number {
		t.Fatalf("next: %+v", p)
	}
}
