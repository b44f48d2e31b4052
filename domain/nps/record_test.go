package nps_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"partnerdesk/domain/chat"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/nps"
)

func TestOneAnswerPerOrder(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	now := time.Now()
	s := newShop(t, db, "B")
	number := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-48*time.Hour))

	a := nps.Answer{CompanyID: s.ID, UserID: s.Buyer, Trigger: nps.TriggerAfterDelivery, Ref: fmt.Sprint(number),
		Channel: nps.ChannelPortal, Score: 9, Comment: "  Szybko i bez błędów.  ", Now: now}
	id, created, err := nps.Record(ctx, db, a)
	if err != nil || !created || id == 0 {
		t.Fatalf("first answer: %d %v %v", id, created, err)
	}
	// The same form sent again, and a colleague answering for the same order.
	again, created, err := nps.Record(ctx, db, a)
	if err != nil || created || again != id {
		t.Fatalf("second answer: %d %v %v, want %d false", again, created, err, id)
	}
	a.UserID, a.Score = s.Owner, 2
	if other, created, err := nps.Record(ctx, db, a); err != nil || created || other != id {
		t.Fatalf("colleague's answer: %d %v %v", other, created, err)
	}
	r, err := nps.Get(ctx, db, s.ID, s.Buyer, id)
	if err != nil || r.Score != 9 || r.Comment != "Szybko i bez błędów." || r.Channel != "portal" || r.TriggerRef != fmt.Sprint(number) {
		t.Fatalf("stored: %+v %v", r, err)
	}
	if n := count(t, db, "SELECT count(*) FROM nps_responses WHERE company_id = ?", s.ID); n != 1 {
		t.Fatalf("%d responses, want 1", n)
	}
	// Answering claims the user's NPS interval, so the bot does not ask again soon.
	if ok, err := chat.ClaimNPSQuestion(ctx, db, s.Buyer, time.Now()); err != nil || ok {
		t.Fatalf("the bot may ask right after an answer: %v %v", ok, err)
	}
}

// A double click sends two requests at once: one row, one "created".
func TestConcurrentDoubleSubmit(t *testing.T) {
	db := dbtest.DB(t)
	now := time.Now()
	s := newShop(t, db, "A")
	number := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-time.Hour))
	var wg sync.WaitGroup
	var mu sync.Mutex
	createdN, ids := 0, map[int64]bool{}
	for range 4 {
		wg.Go(func() {
			id, created, err := nps.Record(context.Background(), db, nps.Answer{CompanyID: s.ID, UserID: s.Buyer,
				Trigger: nps.TriggerAfterDelivery, OrderNumber: number, Channel: nps.ChannelPortal, Score: 4, Now: now})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			ids[id] = true
			if created {
				createdN++
			}
		})
	}
	wg.Wait()
	if createdN != 1 || len(ids) != 1 {
		t.Fatalf("created %d times, ids %v", createdN, ids)
	}
	if n := count(t, db, "SELECT count(*) FROM nps_responses WHERE company_id = ?", s.ID); n != 1 {
		t.Fatalf("%d responses", n)
	}
	if n := count(t, db, "SELECT count(*) FROM handoffs WHERE company_id = ? AND reason = 'detractor'", s.ID); n != 1 {
		t.Fatalf("%d handoffs", n)
	}
}

func TestRecordRefusesWhatIsNotOpen(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	s, other := newShop(t, db, "C"), newShop(t, db, "C")
	mine := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-time.Hour))
	theirs := deliveredOrder(t, db, other.ID, other.Buyer, now.Add(-time.Hour))
	old := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-31*24*time.Hour))
	shipped := order(t, db, s.ID, s.Buyer, "shipped", now.Add(-time.Hour))
	ad := func(user, number int64, score int) nps.Answer {
		return nps.Answer{CompanyID: s.ID, UserID: user, Trigger: nps.TriggerAfterDelivery, OrderNumber: number,
			Channel: nps.ChannelPortal, Score: score, Now: now}
	}
	qa := func(user int64, ref string) nps.Answer {
		return nps.Answer{CompanyID: s.ID, UserID: user, Trigger: nps.TriggerQuarterly, Ref: ref, Channel: nps.ChannelPortal, Score: 8, Now: now}
	}
	for _, tc := range []struct {
		name string
		a    nps.Answer
		want error
	}{
		{"another company's order", ad(s.Buyer, theirs, 9), nps.ErrNotEligible},
		{"a user of another company", ad(other.Buyer, mine, 9), nps.ErrNotEligible},
		{"delivered too long ago", ad(s.Buyer, old, 9), nps.ErrNotEligible},
		{"not delivered", ad(s.Buyer, shipped, 9), nps.ErrNotEligible},
		{"score above 10", ad(s.Buyer, mine, 11), nps.ErrInvalid},
		{"negative score", ad(s.Buyer, mine, -1), nps.ErrInvalid},
		{"no order", nps.Answer{CompanyID: s.ID, UserID: s.Buyer, Trigger: nps.TriggerAfterDelivery, Ref: "x", Channel: "portal", Score: 5, Now: now}, nps.ErrInvalid},
		{"unknown trigger", nps.Answer{CompanyID: s.ID, UserID: s.Buyer, Trigger: "yearly", Ref: "2026", Channel: "portal", Score: 5, Now: now}, nps.ErrInvalid},
		{"unknown channel", nps.Answer{CompanyID: s.ID, UserID: s.Buyer, Trigger: nps.TriggerQuarterly, Ref: "2026Q4", Channel: "fax", Score: 5, Now: now}, nps.ErrInvalid},
		{"an accountant on the quarterly survey", qa(s.Accountant, "2026Q4"), nps.ErrNotEligible},
		{"a past quarter", qa(s.Owner, "2026Q3"), nps.ErrNotEligible},
		{"a quarter that is not one", qa(s.Owner, "2026Q9"), nps.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := nps.Record(ctx, db, tc.a); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if n := count(t, db, "SELECT count(*) FROM nps_responses WHERE company_id IN (?, ?)", s.ID, other.ID); n != 0 {
		t.Fatalf("%d responses stored", n)
	}
}

func TestQuarterlyOncePerUserAndQuarter(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	s := newShop(t, db, "A")
	q := nps.Answer{CompanyID: s.ID, UserID: s.Owner, Trigger: nps.TriggerQuarterly, Ref: "2026Q4", Channel: nps.ChannelPortal, Score: 10, Now: now}
	id, created, err := nps.Record(ctx, db, q)
	if err != nil || !created {
		t.Fatalf("owner: %v %v", created, err)
	}
	if again, created, err := nps.Record(ctx, db, q); err != nil || created || again != id {
		t.Fatalf("owner again: %d %v %v", again, created, err)
	}
	// Each owner and buyer has their own say about the relationship.
	q.UserID = s.Buyer
	if _, created, err := nps.Record(ctx, db, q); err != nil || !created {
		t.Fatalf("buyer: %v %v", created, err)
	}
	if n := count(t, db, "SELECT count(*) FROM nps_responses WHERE company_id = ? AND trigger = 'quarterly' AND order_id IS NULL", s.ID); n != 2 {
		t.Fatalf("%d quarterly responses", n)
	}
}

// A detractor's answer opens a handoff on the user's portal conversation
// with the response on it, as the bot does; others do not.
func TestDetractorIsHandedToTheManager(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	now := time.Now()
	s := newShop(t, db, "C")
	bad := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-time.Hour))
	good := deliveredOrder(t, db, s.ID, s.Owner, now.Add(-time.Hour))

	if _, _, err := nps.Record(ctx, db, nps.Answer{CompanyID: s.ID, UserID: s.Owner, Trigger: nps.TriggerAfterDelivery,
		OrderNumber: good, Channel: nps.ChannelPortal, Score: 8, Now: now}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM handoffs WHERE company_id = ?", s.ID); n != 0 {
		t.Fatalf("a passive opened %d handoffs", n)
	}

	id, _, err := nps.Record(ctx, db, nps.Answer{CompanyID: s.ID, UserID: s.Buyer, Trigger: nps.TriggerAfterDelivery,
		OrderNumber: bad, Channel: nps.ChannelPortal, Score: 6, Comment: "Brak dwóch kartonów.", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Reason   string `bun:"reason"`
		Status   string `bun:"status"`
		Response int64  `bun:"nps_response_id"`
		Channel  string `bun:"channel"`
		User     int64  `bun:"user_id"`
		Mode     string `bun:"mode"`
		Due      time.Time
	}
	dbtest.Scan(t, db, &h, `SELECT h.reason, h.status, h.nps_response_id, h.pickup_due_at AS due, cv.channel, cv.user_id, cv.mode
		FROM handoffs h JOIN conversations cv ON cv.id = h.conversation_id WHERE h.company_id = ?`, s.ID)
	if h.Reason != "detractor" || h.Status != "waiting" || h.Response != id || h.Channel != "portal" || h.User != s.Buyer || h.Mode != "human" {
		t.Fatalf("handoff: %+v", h)
	}
	// The desk reads it with the score and the comment, and was told by an event.
	inbox, err := chat.Inbox(ctx, db, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ho := range inbox {
		if ho.CompanyID != nil && *ho.CompanyID == s.ID {
			found = ho.NPSScore != nil && *ho.NPSScore == 6 && ho.NPSComment == "Brak dwóch kartonów."
		}
	}
	if !found {
		t.Fatal("the desk's inbox does not show the detractor's score and comment")
	}
	if n := count(t, db, "SELECT count(*) FROM events WHERE company_id = ? AND kind = 'handoff.changed'", s.ID); n != 1 {
		t.Fatalf("%d handoff events", n)
	}
}

func TestCommentOnceOnOwnResponse(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	now := time.Now()
	s := newShop(t, db, "B")
	number := deliveredOrder(t, db, s.ID, s.Buyer, now.Add(-time.Hour))
	id, _, err := nps.Record(ctx, db, nps.Answer{CompanyID: s.ID, UserID: s.Buyer, Trigger: nps.TriggerAfterDelivery,
		OrderNumber: number, Channel: nps.ChannelPortal, Score: 7, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := nps.AddComment(ctx, db, s.ID, s.Owner, id, "Nie moja odpowiedź", now); !errors.Is(err, nps.ErrNotFound) {
		t.Fatalf("a colleague commented: %v", err)
	}
	if err := nps.AddComment(ctx, db, s.ID, s.Buyer, id, "Za późno", now.Add(25*time.Hour)); !errors.Is(err, nps.ErrNotFound) {
		t.Fatalf("commented a day later: %v", err)
	}
	long := strings.Repeat("ż", nps.MaxComment+50)
	if err := nps.AddComment(ctx, db, s.ID, s.Buyer, id, long, now); err != nil {
		t.Fatal(err)
	}
	if err := nps.AddComment(ctx, db, s.ID, s.Buyer, id, "Jeszcze raz", now); !errors.Is(err, nps.ErrNotFound) {
		t.Fatalf("commented twice: %v", err)
	}
	r, err := nps.Get(ctx, db, s.ID, s.Buyer, id)
	if err != nil || utf8.RuneCountInString(r.Comment) != nps.MaxComment {
		t.Fatalf("comment of %d characters, %v", utf8.RuneCountInString(r.Comment), err)
	}
	if _, err := nps.Get(ctx, db, s.ID, s.Owner, id); !errors.Is(err, nps.ErrNotFound) {
		t.Fatalf("another user reads the response: %v", err)
	}
}
