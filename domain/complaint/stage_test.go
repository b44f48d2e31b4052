package complaint_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
)

// newComplaint files a complaint about one unit of a fresh delivered order.
func newComplaint(t *testing.T, s shop, now time.Time) *complaint.Complaint {
	t.Helper()
	db := dbtest.DB(t)
	o := newOrder(t, db, s.ID, "delivered", 1)
	c, err := complaint.Create(context.Background(), db, complaint.Draft{CompanyID: s.ID, UserID: s.Buyer, Channel: complaint.ChannelPortal,
		OrderNumber: o.Number, LineID: o.Lines[0], Qty: 1, Reason: complaint.ReasonDamaged}, now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStagesMoveForwardOnly(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "PL")
	now := monday10(t)
	c := newComplaint(t, s, now)

	steps := []struct {
		name string
		move func() error
		want error
	}{
		{"acknowledge", func() error { return complaint.Acknowledge(ctx, db, c.ID, now.Add(time.Hour)) }, nil},
		{"acknowledge twice", func() error { return complaint.Acknowledge(ctx, db, c.ID, now.Add(2*time.Hour)) }, complaint.ErrStage},
		{"start review", func() error { return complaint.StartReview(ctx, db, c.ID, now.Add(3*time.Hour)) }, nil},
		{"start review twice", func() error { return complaint.StartReview(ctx, db, c.ID, now.Add(4*time.Hour)) }, complaint.ErrStage},
		{"acknowledge in review", func() error { return complaint.Acknowledge(ctx, db, c.ID, now.Add(4*time.Hour)) }, complaint.ErrStage},
		{"resolve", func() error {
			return complaint.Resolve(ctx, db, c.ID, complaint.ResolutionCreditNote, "", now.Add(5*time.Hour))
		}, nil},
		{"resolve twice", func() error {
			return complaint.Resolve(ctx, db, c.ID, complaint.ResolutionReplacement, "", now.Add(6*time.Hour))
		}, complaint.ErrStage},
		{"review after resolution", func() error { return complaint.StartReview(ctx, db, c.ID, now.Add(6*time.Hour)) }, complaint.ErrStage},
		{"acknowledge after resolution", func() error { return complaint.Acknowledge(ctx, db, c.ID, now.Add(6*time.Hour)) }, complaint.ErrStage},
	}
	for _, step := range steps {
		if err := step.move(); !errors.Is(err, step.want) || (step.want == nil && err != nil) {
			t.Fatalf("%s: err = %v, want %v", step.name, err, step.want)
		}
	}
	got, err := complaint.GetByID(ctx, db, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != complaint.StageResolved || got.Open() || *got.Resolution != complaint.ResolutionCreditNote ||
		!got.AcknowledgedAt.Equal(now.Add(time.Hour)) || !got.ResolvedAt.Equal(now.Add(5*time.Hour)) {
		t.Fatalf("complaint = %+v", got)
	}
	want := []string{"submitted", "acknowledged", "in_review", "resolved"}
	if stages := stageEvents(t, db, c.ID); strings.Join(stages, " ") != strings.Join(want, " ") {
		t.Fatalf("stage events = %v, want %v", stages, want)
	}
}

func TestStageShortcuts(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "PL")
	now := monday10(t)

	// Reviewing a submitted complaint acknowledges it.
	reviewed := newComplaint(t, s, now)
	if err := complaint.StartReview(ctx, db, reviewed.ID, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _ := complaint.GetByID(ctx, db, reviewed.ID)
	if got.Stage != complaint.StageInReview || got.AcknowledgedAt == nil || !got.AcknowledgedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("reviewed = %+v", got)
	}

	// A submitted complaint can be decided at once; deciding acknowledges it.
	decided := newComplaint(t, s, now)
	if err := complaint.Resolve(ctx, db, decided.ID, complaint.ResolutionReplacement, " sent today ", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, _ = complaint.GetByID(ctx, db, decided.ID)
	if got.Stage != complaint.StageResolved || got.ResolutionNote != "sent today" || got.AcknowledgedAt == nil {
		t.Fatalf("decided = %+v", got)
	}

	if err := complaint.Acknowledge(ctx, db, 999_999_999, now); !errors.Is(err, complaint.ErrNotFound) {
		t.Fatalf("unknown complaint: err = %v", err)
	}
}

func TestResolveValidates(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "RU")
	now := monday10(t)
	c := newComplaint(t, s, now)

	wantFieldError(t, complaint.Resolve(ctx, db, c.ID, "refund", "", now), complaint.CodeResolutionInvalid, 0)
	wantFieldError(t, complaint.Resolve(ctx, db, c.ID, complaint.ResolutionRejected, "   ", now), complaint.CodeNoteRequired, 0)
	wantFieldError(t, complaint.Resolve(ctx, db, c.ID, complaint.ResolutionCreditNote, strings.Repeat("я", 5001), now), complaint.CodeNoteTooLong, 5000)
	if got, _ := complaint.GetByID(ctx, db, c.ID); got.Stage != complaint.StageSubmitted {
		t.Fatalf("stage after refused resolutions = %s", got.Stage)
	}
	if err := complaint.Resolve(ctx, db, c.ID, complaint.ResolutionRejected, "Повреждение при монтаже.", now); err != nil {
		t.Fatal(err)
	}
	got, _ := complaint.GetByID(ctx, db, c.ID)
	if *got.Resolution != complaint.ResolutionRejected || got.ResolutionNote != "Повреждение при монтаже." {
		t.Fatalf("rejected = %+v", got)
	}
}
