package account

import (
	"encoding/hex"
	"testing"
	"time"
)

func TestVisitorsKeepOnlyWhatNoChangeOvertook(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	cid := int64(7)
	row := visitorRow{}
	row.User.ID, row.User.CompanyID = 3, &cid
	v := NewVisitors()

	// Not listening: nothing is kept.
	v.put("a", row, v.begin(), now)
	if _, ok := v.get("a", now); ok {
		t.Fatal("kept while not listening")
	}
	v.setLive(true)

	// A read that a change overtook (it may predate it) is not kept.
	gen := v.begin()
	v.forget("u:99")
	v.put("a", row, gen, now)
	if _, ok := v.get("a", now); ok {
		t.Fatal("kept a read older than a change")
	}

	for _, change := range []string{"s:" + hex.EncodeToString([]byte("a")), "u:3", "c:7", "nonsense"} {
		v.put("a", row, v.begin(), now)
		if _, ok := v.get("a", now.Add(time.Second)); !ok {
			t.Fatal("not kept")
		}
		v.forget("u:4") // someone else
		v.forget("c:8")
		v.forget("ping:x")
		if _, ok := v.get("a", now); !ok {
			t.Fatalf("dropped by another visitor's change (before %s)", change)
		}
		v.forget(change)
		if _, ok := v.get("a", now); ok {
			t.Fatalf("%s did not drop it", change)
		}
	}

	v.put("a", row, v.begin(), now)
	if _, ok := v.get("a", now.Add(2*time.Minute)); ok {
		t.Fatal("kept past MaxAge")
	}
	v.setLive(false)
	if _, ok := v.get("a", now); ok {
		t.Fatal("used after the connection was lost")
	}
}
