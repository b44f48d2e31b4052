package complaint_test

import (
	"context"
	"testing"
	"time"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
)

func TestQueueOrdersBySLARiskAndScopesToManager(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	anna, boris := staff(t, db, "manager"), staff(t, db, "manager")
	admin := staff(t, db, "admin")
	a, b, c := newShop(t, db, "PL"), newShop(t, db, "PL"), newShop(t, db, "PL")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", anna, a.ID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ?, backup_manager_id = ? WHERE id = ?", boris, anna, b.ID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", boris, c.ID)

	mon := monday10(t)
	// Monday 10:00: ack due 14:00, decision due next Monday 10:00.
	acked := newComplaint(t, a, mon)
	if err := complaint.Acknowledge(ctx, db, acked.ID, mon.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	late := newComplaint(t, b, mon.Add(-72*time.Hour)) // Friday 10:00: ack was due 14:00 that day
	fresh := newComplaint(t, a, mon.Add(time.Hour))    // ack due 15:00
	done := newComplaint(t, a, mon.Add(-time.Hour))
	if err := complaint.Resolve(ctx, db, done.ID, complaint.ResolutionCreditNote, "", mon); err != nil {
		t.Fatal(err)
	}
	elsewhere := newComplaint(t, c, mon)

	ids := func(items []complaint.QueueItem) []int64 {
		var out []int64
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	q, err := complaint.Queue(ctx, db, anna, false, 50)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{late.ID, fresh.ID, acked.ID}
	if got := ids(q); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("anna's queue = %v, want %v (late, fresh, acknowledged)", got, want)
	}
	if q[0].DueKind != complaint.DueAck || !q[0].DueAt.Equal(late.AckDueAt) || q[0].CompanyName == "" || q[0].OrderNumber == 0 {
		t.Fatalf("first item = %+v", q[0])
	}
	if q[2].DueKind != complaint.DueDecision || !q[2].DueAt.Equal(acked.DecisionDueAt) {
		t.Fatalf("acknowledged item = %+v", q[2])
	}

	q, err = complaint.Queue(ctx, db, boris, false, 50)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(q); len(got) != 2 || got[0] != late.ID || got[1] != elsewhere.ID {
		t.Fatalf("boris's queue = %v, want [%d %d]", got, late.ID, elsewhere.ID)
	}

	// Admins see every company; other tests' complaints share the database.
	q, err = complaint.Queue(ctx, db, admin, true, 1000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for i, it := range q {
		seen[it.ID] = true
		if i > 0 && it.DueAt.Before(q[i-1].DueAt) {
			t.Fatalf("admin queue out of order at %d", i)
		}
	}
	if !seen[late.ID] || !seen[elsewhere.ID] || !seen[acked.ID] || seen[done.ID] {
		t.Fatalf("admin queue misses complaints or shows a resolved one")
	}
	if q, _ := complaint.Queue(ctx, db, admin, false, 50); len(q) != 0 {
		t.Fatalf("admin's own companies: %d complaints", len(q))
	}
}
