package complaint_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
)

func TestThread(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "PL")
	c := newComplaint(t, s, monday10(t))
	manager := staff(t, db, "manager")

	m, err := complaint.AddMessage(ctx, db, c.ID, s.Buyer, "  Zdjęcia w załączniku.\n")
	if err != nil {
		t.Fatal(err)
	}
	if m.ID == 0 || m.Body != "Zdjęcia w załączniku." || m.AuthorStaff || m.AuthorName == "" || m.CreatedAt.IsZero() {
		t.Fatalf("message = %+v", m)
	}
	if _, err := complaint.AddMessage(ctx, db, c.ID, manager, "Dziękujemy, sprawdzamy."); err != nil {
		t.Fatal(err)
	}
	if _, err := complaint.AddMessage(ctx, db, c.ID, 0, "Reklamacja przyjęta."); err != nil {
		t.Fatal(err)
	}

	_, err = complaint.AddMessage(ctx, db, c.ID, s.Buyer, " \n\t ")
	wantFieldError(t, err, complaint.CodeMessageEmpty, 0)
	_, err = complaint.AddMessage(ctx, db, c.ID, s.Buyer, strings.Repeat("ą", 5001))
	wantFieldError(t, err, complaint.CodeMessageTooLong, 5000)
	stranger := newShop(t, db, "PL")
	if _, err := complaint.AddMessage(ctx, db, c.ID, stranger.Buyer, "Hello?"); !errors.Is(err, complaint.ErrNotFound) {
		t.Fatalf("another company's user: err = %v", err)
	}
	if _, err := complaint.AddMessage(ctx, db, 999_999_999, s.Buyer, "Hello?"); !errors.Is(err, complaint.ErrNotFound) {
		t.Fatalf("unknown complaint: err = %v", err)
	}

	ms, err := complaint.Messages(ctx, db, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].ID != m.ID || ms[0].AuthorStaff || !ms[1].AuthorStaff || !strings.HasPrefix(ms[1].AuthorName, "Manager") ||
		ms[2].AuthorID != nil || ms[2].AuthorName != "" || ms[2].AuthorStaff {
		t.Fatalf("messages = %+v", ms)
	}
	var staffFlags []bool
	dbtest.Scan(t, db, &staffFlags, `SELECT (payload->>'staff')::boolean FROM events
		WHERE kind = 'complaint.message' AND company_id = ? ORDER BY id`, s.ID)
	if len(staffFlags) != 3 || staffFlags[0] || !staffFlags[1] {
		t.Fatalf("message events: staff = %v", staffFlags)
	}
}
