package complaint_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/dbtest"
)

func TestCreateStoresComplaintWithDeadlinesPhotosAndEvent(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "PL")
	o := newOrder(t, db, s.ID, "delivered", 10)
	store := &complaint.PhotoStore{Dir: t.TempDir()}
	var photos []complaint.StoredPhoto
	for range 2 {
		p, err := store.Save(jpegBytes(t, 32, 24))
		if err != nil {
			t.Fatal(err)
		}
		photos = append(photos, p)
	}
	photos[1].TelegramFileID = "AgACAgIAAxkBAAIB"
	// Friday 15:00 in Warsaw: one hour today, three on Monday.
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, mustLoc(t, "Europe/Warsaw"))
	c, err := complaint.Create(ctx, db, complaint.Draft{
		CompanyID: s.ID, UserID: s.Buyer, Channel: complaint.ChannelBot, OrderNumber: o.Number, LineID: o.Lines[0],
		Qty: 3, Reason: complaint.ReasonDamaged, Description: "  Karton zgnieciony, 3 szt. pęknięte.  ", Photos: photos,
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Number < 501 || c.Stage != complaint.StageSubmitted || c.Description != "Karton zgnieciony, 3 szt. pęknięte." ||
		c.OrderNumber != o.Number || c.Qty != 3 || *c.UserID != s.Buyer {
		t.Fatalf("complaint = %+v", c)
	}
	if want := time.Date(2026, 11, 23, 11, 0, 0, 0, now.Location()); !c.AckDueAt.Equal(want) {
		t.Errorf("ack due %s, want %s", c.AckDueAt, want)
	}
	if want := time.Date(2026, 11, 27, 15, 0, 0, 0, now.Location()); !c.DecisionDueAt.Equal(want) {
		t.Errorf("decision due %s, want %s", c.DecisionDueAt, want)
	}
	got, err := complaint.Get(ctx, db, s.ID, c.Number)
	if err != nil || got.ID != c.ID || got.SKU == "" || got.ProductName == "" || !got.AckDueAt.Equal(c.AckDueAt) {
		t.Fatalf("get = %+v, %v", got, err)
	}
	if byID, err := complaint.GetByID(ctx, db, c.ID); err != nil || byID.Number != c.Number {
		t.Fatalf("get by id = %+v, %v", byID, err)
	}
	stored, err := complaint.Photos(ctx, db, c.ID)
	if err != nil || len(stored) != 2 || stored[0] != photos[0] || stored[1] != photos[1] {
		t.Fatalf("photos = %+v, %v; saved %+v", stored, err, photos)
	}
	if stages := stageEvents(t, db, c.ID); len(stages) != 1 || stages[0] != complaint.StageSubmitted {
		t.Fatalf("stage events = %v", stages)
	}
	var number int64
	dbtest.Scan(t, db, &number, `SELECT (payload->>'number')::bigint FROM events WHERE kind = 'complaint.stage' AND company_id = ?`, s.ID)
	if number != c.Number {
		t.Fatalf("event number = %d, want %d", number, c.Number)
	}

	other := newShop(t, db, "PL")
	if _, err := complaint.Get(ctx, db, other.ID, c.Number); !errors.Is(err, complaint.ErrNotFound) {
		t.Fatalf("another company's complaint: err = %v, want ErrNotFound", err)
	}
}

func TestCreateValidates(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "PL")
	delivered := newOrder(t, db, s.ID, "delivered", 5)
	shipped := newOrder(t, db, s.ID, "shipped", 5)
	placed := newOrder(t, db, s.ID, "placed", 5)
	cancelled := newOrder(t, db, s.ID, "cancelled", 5)
	other := newShop(t, db, "PL")
	foreign := newOrder(t, db, other.ID, "delivered", 5)
	valid := complaint.Draft{CompanyID: s.ID, UserID: s.Buyer, Channel: complaint.ChannelPortal,
		OrderNumber: delivered.Number, LineID: delivered.Lines[0], Qty: 1, Reason: complaint.ReasonDefect}
	photo := complaint.StoredPhoto{FileName: "0123456789abcdef0123456789abcdef.jpg", ContentType: "image/jpeg", Size: 100}
	cases := []struct {
		name  string
		edit  func(d *complaint.Draft)
		code  string
		max   int
		found bool // errors.Is(err, ErrNotFound)
	}{
		{"another company's order", func(d *complaint.Draft) { d.OrderNumber, d.LineID = foreign.Number, foreign.Lines[0] }, complaint.CodeOrderNotFound, 0, true},
		{"own order, another company's line", func(d *complaint.Draft) { d.LineID = foreign.Lines[0] }, complaint.CodeLineNotFound, 0, true},
		{"another company claiming this order", func(d *complaint.Draft) { d.CompanyID = other.ID }, complaint.CodeOrderNotFound, 0, true},
		{"unknown order", func(d *complaint.Draft) { d.OrderNumber = 999_999_999 }, complaint.CodeOrderNotFound, 0, true},
		{"line of another order", func(d *complaint.Draft) { d.LineID = shipped.Lines[0] }, complaint.CodeLineNotFound, 0, true},
		{"placed order", func(d *complaint.Draft) { d.OrderNumber, d.LineID = placed.Number, placed.Lines[0] }, complaint.CodeOrderNotComplainable, 0, false},
		{"cancelled order", func(d *complaint.Draft) { d.OrderNumber, d.LineID = cancelled.Number, cancelled.Lines[0] }, complaint.CodeOrderNotComplainable, 0, false},
		{"zero quantity", func(d *complaint.Draft) { d.Qty = 0 }, complaint.CodeQtyInvalid, 5, false},
		{"more than delivered", func(d *complaint.Draft) { d.Qty = 6 }, complaint.CodeQtyInvalid, 5, false},
		{"unknown reason", func(d *complaint.Draft) { d.Reason = "bored" }, complaint.CodeReasonInvalid, 0, false},
		{"long description", func(d *complaint.Draft) { d.Description = strings.Repeat("x", 5001) }, complaint.CodeDescriptionTooLong, 5000, false},
		{"six photos", func(d *complaint.Draft) { d.Photos = make([]complaint.StoredPhoto, 6) }, complaint.CodeTooManyPhotos, complaint.MaxPhotos, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := valid
			c.edit(&d)
			_, err := complaint.Create(ctx, db, d, monday10(t))
			wantFieldError(t, err, c.code, c.max)
			if errors.Is(err, complaint.ErrNotFound) != c.found {
				t.Fatalf("errors.Is(%v, ErrNotFound) = %v", err, !c.found)
			}
		})
	}
	var n int
	dbtest.Scan(t, db, &n, "SELECT count(*) FROM complaints WHERE company_id IN (?, ?)", s.ID, other.ID)
	if n != 0 {
		t.Fatalf("%d complaints stored by invalid drafts", n)
	}

	// Limits count characters, not bytes; shipped orders qualify.
	d := valid
	d.OrderNumber, d.LineID, d.Reason = shipped.Number, shipped.Lines[0], complaint.ReasonMissing
	d.Description, d.Photos = strings.Repeat("ж", 5000), []complaint.StoredPhoto{photo, photo, photo, photo, photo}
	for i := range d.Photos {
		d.Photos[i].FileName = fmt.Sprintf("%032x.jpg", dbtest.Unique())
	}
	if _, err := complaint.Create(ctx, db, d, monday10(t)); err != nil {
		t.Fatalf("5000 Cyrillic characters and five photos: %v", err)
	}
	d.Channel = "fax"
	if _, err := complaint.Create(ctx, db, d, monday10(t)); err == nil {
		t.Fatal("unknown channel accepted")
	}
}

func TestCreateCountsQuantityClaimedByOtherComplaints(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "FI")
	o := newOrder(t, db, s.ID, "delivered", 10)
	draft := func(qty int) complaint.Draft {
		return complaint.Draft{CompanyID: s.ID, UserID: s.Buyer, Channel: complaint.ChannelPortal,
			OrderNumber: o.Number, LineID: o.Lines[0], Qty: qty, Reason: complaint.ReasonDamaged}
	}
	first, err := complaint.Create(ctx, db, draft(6), monday10(t))
	if err != nil {
		t.Fatal(err)
	}
	_, err = complaint.Create(ctx, db, draft(5), monday10(t))
	wantFieldError(t, err, complaint.CodeQtyInvalid, 4)
	if _, err := complaint.Create(ctx, db, draft(4), monday10(t)); err != nil {
		t.Fatal(err)
	}
	_, err = complaint.Create(ctx, db, draft(1), monday10(t))
	wantFieldError(t, err, complaint.CodeLineClaimed, 0)

	// A rejected complaint gives its units back.
	if err := complaint.Resolve(ctx, db, first.ID, complaint.ResolutionRejected, "Damage happened on site.", monday10(t)); err != nil {
		t.Fatal(err)
	}
	lines, err := complaint.ComplainableLines(ctx, db, s.ID, o.Number)
	if err != nil || len(lines) != 1 || lines[0].Claimable != 6 || lines[0].Qty != 10 {
		t.Fatalf("lines = %+v, %v", lines, err)
	}
	if _, err := complaint.Create(ctx, db, draft(6), monday10(t)); err != nil {
		t.Fatal(err)
	}
}

// Two customers claiming the last units at the same moment: one wins.
func TestCreateConcurrentClaimsDoNotOverclaim(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "PL")
	o := newOrder(t, db, s.ID, "delivered", 10)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = complaint.Create(ctx, db, complaint.Draft{CompanyID: s.ID, Channel: complaint.ChannelPortal,
				OrderNumber: o.Number, LineID: o.Lines[0], Qty: 6, Reason: complaint.ReasonMissing}, monday10(t))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var fe *complaint.FieldError
		switch {
		case err == nil:
			ok++
		case !errors.As(err, &fe) || fe.Code != complaint.CodeQtyInvalid || fe.Max != 4:
			t.Errorf("err = %v", err)
		}
	}
	var claimed int
	dbtest.Scan(t, db, &claimed, "SELECT sum(qty) FROM complaints WHERE order_line_id = ?", o.Lines[0])
	if ok != 1 || claimed != 6 {
		t.Fatalf("%d complaints accepted, %d units claimed; want 1 and 6", ok, claimed)
	}
}

// Create joins the caller's transaction: rolled back with it.
func TestCreateInCallersTransaction(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "RU")
	o := newOrder(t, db, s.ID, "delivered", 2)
	stop := errors.New("stop")
	var number int64
	err := domain.RunInTx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		c, err := complaint.Create(ctx, tx, complaint.Draft{CompanyID: s.ID, Channel: complaint.ChannelBot,
			OrderNumber: o.Number, LineID: o.Lines[0], Qty: 2, Reason: complaint.ReasonWrongItem}, monday10(t))
		if err != nil {
			return err
		}
		number = c.Number
		return stop
	})
	if !errors.Is(err, stop) || number == 0 {
		t.Fatalf("err = %v, number %d", err, number)
	}
	if _, err := complaint.Get(ctx, db, s.ID, number); !errors.Is(err, complaint.ErrNotFound) {
		t.Fatalf("rolled back complaint: err = %v", err)
	}
}

func TestComplainableOrdersAndLines(t *testing.T) {
	ctx := context.Background()
	db := dbtest.DB(t)
	s := newShop(t, db, "FI")
	older := newOrder(t, db, s.ID, "delivered", 1, 3)
	newer := newOrder(t, db, s.ID, "shipped", 2)
	placed := newOrder(t, db, s.ID, "placed", 4)
	claimed := newOrder(t, db, s.ID, "delivered", 1)
	dbtest.Exec(t, db, "UPDATE orders SET created_at = now() - interval '10 days' WHERE id = ?", older.ID)
	dbtest.Exec(t, db, "UPDATE orders SET created_at = now() - interval '20 days' WHERE id = ?", claimed.ID)
	other := newShop(t, db, "FI")
	newOrder(t, db, other.ID, "delivered", 5)
	for _, d := range []complaint.Draft{
		{OrderNumber: claimed.Number, LineID: claimed.Lines[0], Qty: 1},
		{OrderNumber: older.Number, LineID: older.Lines[0], Qty: 1},
		{OrderNumber: older.Number, LineID: older.Lines[1], Qty: 2},
	} {
		d.CompanyID, d.Channel, d.Reason = s.ID, complaint.ChannelPortal, complaint.ReasonDefect
		if _, err := complaint.Create(ctx, db, d, monday10(t)); err != nil {
			t.Fatal(err)
		}
	}

	refs, err := complaint.ComplainableOrders(ctx, db, s.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 2 || refs[0].Number != newer.Number || refs[1].Number != older.Number ||
		refs[0].Lines != 1 || refs[1].Lines != 1 || refs[0].Status != "shipped" {
		t.Fatalf("complainable orders = %+v (newer %d, older %d)", refs, newer.Number, older.Number)
	}

	lines, err := complaint.ComplainableLines(ctx, db, s.ID, older.Number)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].LineNo != 1 || lines[0].Claimable != 0 || lines[1].Qty != 3 || lines[1].Claimable != 1 ||
		lines[0].ID != older.Lines[0] || lines[0].SKU == "" {
		t.Fatalf("lines = %+v", lines)
	}
	if fi, pl := lines[0].Name(domain.Finnish), lines[0].Name(domain.Polish); !strings.HasPrefix(fi, "Testituote") || !strings.HasPrefix(pl, "Produkt testowy") ||
		!strings.HasPrefix(lines[0].Name(domain.Russian), "Produkt testowy") {
		t.Fatalf("names: fi %q, pl %q", fi, pl)
	}
	_, err = complaint.ComplainableLines(ctx, db, other.ID, older.Number)
	wantFieldError(t, err, complaint.CodeOrderNotFound, 0)
	if !errors.Is(err, complaint.ErrNotFound) {
		t.Fatalf("another company's order: %v is not ErrNotFound", err)
	}
	_, err = complaint.ComplainableLines(ctx, db, s.ID, placed.Number)
	wantFieldError(t, err, complaint.CodeOrderNotComplainable, 0)
}
