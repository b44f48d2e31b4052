package nps_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/nps"
)

func TestReport(t *testing.T) {
	db := dbtest.DB(t)
	ctx := context.Background()
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(loc)
	month := func(back int, hour int) time.Time {
		return time.Date(now.Year(), now.Month()-time.Month(back), 2, hour, 0, 0, 0, loc)
	}
	mine := staff(t, db, "manager", "Zofia Raportowa")
	theirs := staff(t, db, "manager", "Ilmari Muu")
	a, b, c := newShop(t, db, "A"), newShop(t, db, "B"), newShop(t, db, "C")
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id IN (?, ?)", mine, a.ID, b.ID)
	dbtest.Exec(t, db, "UPDATE companies SET manager_id = ? WHERE id = ?", theirs, c.ID)

	delivered := func(s shop, score int, comment string, at time.Time) {
		n := deliveredOrder(t, db, s.ID, s.Buyer, at.Add(-time.Hour))
		answer(t, db, s.ID, s.Buyer, "after_delivery", fmt.Sprint(n), score, comment, at)
	}
	// This month: A 10, 9, 3 and a quarterly 9; B 7. C (another manager's) 0.
	delivered(a, 10, "", month(0, 8))
	delivered(a, 9, "Wszystko na czas.", month(0, 9))
	delivered(a, 3, "Brak towaru.", month(0, 10))
	answer(t, db, a.ID, a.Owner, "quarterly", nps.QuarterOf(month(0, 11)).String(), 9, "Dobra współpraca.", month(0, 11))
	delivered(b, 7, "", month(0, 8))
	delivered(c, 0, "Tajny komentarz innej firmy.", month(0, 12))
	// Last month: A 6. Three months ago: B 10 (with a comment).
	delivered(a, 6, "", month(1, 8))
	delivered(b, 10, "Super.", month(3, 8))
	// Thirteen months ago: outside any period.
	delivered(b, 0, "Dawno temu.", month(13, 8))

	f := nps.Filter{Months: 12, Now: now, Location: loc, StaffID: mine}
	rep, err := nps.BuildReport(ctx, db, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Months) != 12 || !rep.Months[11].Start.Equal(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)) {
		t.Fatalf("months: %d, last starts %v", len(rep.Months), rep.Months[len(rep.Months)-1].Start)
	}
	check := func(what string, s nps.Score, p, pa, d, score int) {
		t.Helper()
		if s.Promoters != p || s.Passives != pa || s.Detractors != d || s.NPS() != score {
			t.Errorf("%s: %+v NPS %d, want %d/%d/%d NPS %d", what, s, s.NPS(), p, pa, d, score)
		}
	}
	check("this month", rep.Months[11].Score, 3, 1, 1, 40)
	check("last month", rep.Months[10].Score, 0, 0, 1, -100)
	check("two months ago", rep.Months[9].Score, 0, 0, 0, 0)
	check("three months ago", rep.Months[8].Score, 1, 0, 0, 100)
	check("total", rep.Total, 4, 1, 2, 29)
	if len(rep.Segments) != 3 {
		t.Fatalf("segments: %+v", rep.Segments)
	}
	check("segment A", rep.Segments[0].Score, 3, 0, 2, 20)
	check("segment B", rep.Segments[1].Score, 1, 1, 0, 50)
	check("segment C", rep.Segments[2].Score, 0, 0, 0, 0)
	if len(rep.Managers) != 1 || rep.Managers[0].ID != mine || rep.Managers[0].Name != "Zofia Raportowa" {
		t.Fatalf("a manager sees other managers' companies: %+v", rep.Managers)
	}

	// Filters: one trigger, a shorter period.
	rep, err = nps.BuildReport(ctx, db, nps.Filter{Trigger: nps.TriggerAfterDelivery, Months: 12, Now: now, Location: loc, StaffID: mine})
	if err != nil {
		t.Fatal(err)
	}
	check("after delivery, this month", rep.Months[11].Score, 2, 1, 1, 25)
	rep, err = nps.BuildReport(ctx, db, nps.Filter{Months: 3, Now: now, Location: loc, StaffID: mine})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Months) != 3 {
		t.Fatalf("%d months", len(rep.Months))
	}
	check("three months", rep.Total, 3, 1, 2, 17)

	// The other manager sees only their company; an admin sees both managers.
	rep, err = nps.BuildReport(ctx, db, nps.Filter{Months: 12, Now: now, Location: loc, StaffID: theirs})
	if err != nil {
		t.Fatal(err)
	}
	check("other manager", rep.Total, 0, 0, 1, -100)
	rep, err = nps.BuildReport(ctx, db, nps.Filter{Months: 12, Now: now, Location: loc, All: true})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, m := range rep.Managers {
		names[m.Name] = true
	}
	if !names["Zofia Raportowa"] || !names["Ilmari Muu"] {
		t.Fatalf("admin's managers: %+v", rep.Managers)
	}

	// Comments: newest first, a page at a time, own companies only.
	cs, total, err := nps.Comments(ctx, db, f, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(cs) != 2 || cs[0].Text != "Dobra współpraca." || cs[1].Text != "Brak towaru." {
		t.Fatalf("first page (%d): %+v", total, cs)
	}
	if cs[0].Trigger != "quarterly" || cs[1].Category() != nps.Detractor || cs[1].CompanyID != a.ID || cs[1].Segment != "A" || cs[1].CompanyName == "" || cs[1].AuthorName == "" {
		t.Fatalf("comment fields: %+v", cs[1])
	}
	cs, _, err = nps.Comments(ctx, db, f, 2, 2)
	if err != nil || len(cs) != 2 || cs[0].Text != "Wszystko na czas." || cs[1].Text != "Super." {
		t.Fatalf("second page: %+v %v", cs, err)
	}
	f.Trigger = nps.TriggerQuarterly
	if cs, total, err = nps.Comments(ctx, db, f, 10, 0); err != nil || total != 1 {
		t.Fatalf("quarterly comments: %d %v", total, err)
	}
}
