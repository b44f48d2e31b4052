package insight

import (
	"context"
	"testing"
	"time"

	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
)

// The demo's twelve months give the desk something to show: the segments the
// demo meant, a spread of signals, OTIF and NPS that differ between customers.
func TestDemoDataGivesVariedResults(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo")
	}
	ctx := context.Background()
	db := dbtest.DB(t)
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	dbtest.Scan(t, db, &ids, "SELECT id FROM companies WHERE contact_email LIKE '%.example' ORDER BY id")
	now := time.Now()
	opts := Options{Today: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), Now: now, GraceDays: 7}
	// What the demo companies were made to be.
	var rows []struct {
		Name    string `bun:"name"`
		Segment string `bun:"segment"`
	}
	dbtest.Scan(t, db, &rows, "SELECT name, segment FROM companies WHERE contact_email LIKE '%.example'")
	meant := map[string]string{}
	for _, r := range rows {
		meant[r.Name] = r.Segment
	}
	segments, kinds, otifs := map[string]int{}, map[string]int{}, map[int]bool{}
	for _, id := range ids {
		p, err := ProfileOf(ctx, db, id, opts)
		if err != nil {
			t.Fatal(err)
		}
		otif, _ := p.OTIF.PercentBP()
		nps, _ := p.NPSScore()
		rate, _ := p.ComplaintRateBP()
		t.Logf("%-32s %s %4d orders %12d %s  gap %.1f d, %d d since  OTIF %d %%  complaints %d bp  NPS %d  signals %v",
			p.Name, p.Segment, p.Orders, p.Revenue, p.Currency, p.Rhythm.MedianGap, p.Rhythm.DaysSince, otif/100, rate, nps, p.Signals)
		if p.Segment != meant[p.Name] {
			t.Errorf("%s: segment %s, the demo meant %s", p.Name, p.Segment, meant[p.Name])
		}
		segments[p.Segment]++
		for _, s := range p.Signals {
			kinds[s.Kind]++
		}
		otifs[otif] = true
		if p.OTIF.Judged < 10 || len(p.NPS) == 0 {
			t.Errorf("%s: %d orders judged for OTIF, %d NPS answers", p.Name, p.OTIF.Judged, len(p.NPS))
		}
	}
	if len(segments) != 3 || len(otifs) < 3 {
		t.Errorf("segments %v, OTIF values %v: not varied", segments, otifs)
	}
	for _, k := range []string{SignalOverdue, SignalComplaintSLA, SignalDetractor} {
		if kinds[k] == 0 {
			t.Errorf("no demo customer shows %s (%v)", k, kinds)
		}
	}
}
