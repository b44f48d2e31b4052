package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"partnerdesk/domain/taxid"
)

// exactPercentile is the nearest-rank percentile of sorted values.
func exactPercentile(sorted []time.Duration, q float64) time.Duration {
	rank := int(math.Ceil(q * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func TestHistogramPercentilesWithinOnePercent(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name string
		gen  func() time.Duration
		n    int
	}{
		{"uniform 1-1000 ms", func() time.Duration { return time.Duration(1+rnd.IntN(1000)) * time.Millisecond }, 10000},
		{"exponential, mean 20 ms", func() time.Duration { return time.Duration(rnd.ExpFloat64() * float64(20*time.Millisecond)) }, 50000},
		{"two modes: 2 ms and 800 ms", func() time.Duration {
			if rnd.IntN(20) == 0 {
				return 800*time.Millisecond + time.Duration(rnd.IntN(1000))*time.Microsecond
			}
			return 2*time.Millisecond + time.Duration(rnd.IntN(100))*time.Microsecond
		}, 20000},
		{"one value", func() time.Duration { return 42 * time.Millisecond }, 1},
		{"sub-microsecond", func() time.Duration { return time.Duration(rnd.IntN(1000)) }, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h histogram
			vals := make([]time.Duration, tt.n)
			for i := range vals {
				vals[i] = tt.gen()
				h.add(vals[i])
			}
			slices.Sort(vals)
			for _, q := range []float64{0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1} {
				got, want := h.percentile(q), exactPercentile(vals, q)
				// Values up to 1 µs share the first bucket.
				if diff := math.Abs(float64(got - want)); diff > 0.01*float64(want) && diff > float64(time.Microsecond) {
					t.Errorf("p%g = %v, exact %v (off by %.2f %%)", q*100, got, want, 100*diff/float64(want))
				}
			}
			if h.n != int64(tt.n) || h.min != vals[0] || h.max != vals[len(vals)-1] {
				t.Errorf("n %d min %v max %v; want %d %v %v", h.n, h.min, h.max, tt.n, vals[0], vals[len(vals)-1])
			}
		})
	}
}

func TestHistogramEmpty(t *testing.T) {
	var h histogram
	if h.percentile(0.99) != 0 || h.mean() != 0 {
		t.Fatal("an empty histogram should report zeros")
	}
}

func TestRecorderSummary(t *testing.T) {
	r := newRecorder()
	for i := range 100 {
		r.done("search", time.Duration(i+1)*time.Millisecond, "")
	}
	r.done("search", 0, "503")
	r.done("search", 0, "503")
	r.done("search", 0, "timeout")
	r.done("api:stock", 5*time.Millisecond, "")
	r.done("checkout", 30*time.Millisecond, "")
	rows := r.summary(10 * time.Second)
	var names []string
	for _, row := range rows {
		names = append(names, row.Action)
	}
	if want := []string{"search", "checkout", "api:stock"}; !slices.Equal(names, want) {
		t.Fatalf("order %v, want %v (the customer's pages first, then the ERP's)", names, want)
	}
	s := rows[0]
	if s.Count != 100 || s.PerSec != 10 || s.ErrorsN != 3 || s.Errors["503"] != 2 || s.Errors["timeout"] != 1 {
		t.Fatalf("search summary %+v", s)
	}
	if s.P50ms < 49.5 || s.P50ms > 50.5 || s.P99ms < 98.5 || s.P99ms > 99.99 || s.MaxMs != 100 {
		t.Fatalf("search percentiles p50 %v p99 %v max %v", s.P50ms, s.P99ms, s.MaxMs)
	}
	if got := formatErrors(s.Errors); got != "503×2 timeout×1" {
		t.Fatalf("errors shown as %q", got)
	}
}

func TestParseMix(t *testing.T) {
	m, err := parseMix("browse=1,order=3")
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	counts := map[string]int{}
	for range 4000 {
		counts[m.pick(rnd)]++
	}
	if counts["order"] < 2800 || counts["order"] > 3200 || counts["browse"]+counts["order"] != 4000 {
		t.Fatalf("picks %v, want about 1:3", counts)
	}
	for _, bad := range []string{"", "browse", "browse=x", "shop=1", "browse=0,order=0", "browse=-1"} {
		if _, err := parseMix(bad); err == nil {
			t.Errorf("parseMix(%q) accepted", bad)
		}
	}
}

func TestLoadTaxIDsAreValidAndDistinct(t *testing.T) {
	seen := map[string]bool{}
	for i := range 600 {
		c := lgCountries[i%3].country
		id, err := lgTaxID(c, i)
		if err != nil {
			t.Fatal(err)
		}
		if err := taxid.Validate(taxid.Country(c), id); err != nil {
			t.Fatalf("%s %s: %v", c, id, err)
		}
		if seen[c+id] {
			t.Fatalf("%s %s made twice", c, id)
		}
		seen[c+id] = true
	}
}

func TestSearchTerms(t *testing.T) {
	st := newSearchTerms()
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, lang := range []string{"pl", "ru", "fi"} {
		if len(st.words[lang]) < 20 || len(st.phrases[lang]) < 20 {
			t.Fatalf("%s: %d words, %d phrases", lang, len(st.words[lang]), len(st.phrases[lang]))
		}
		for range 200 {
			if q := st.pick(rnd, lang); q == "" {
				t.Fatalf("%s: empty search", lang)
			}
		}
	}
	if typo(rnd, "przewód") == "przewód" {
		t.Error("typo left the word as it was")
	}
	if plain("żarówka łazienkowa") != "zarowka lazienkowa" {
		t.Errorf("plain: %q", plain("żarówka łazienkowa"))
	}
}

func TestCursorAfterFollowsTheOutboxOrder(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"10.5", "", true},
		{"10.5", "10.4", true},
		{"10.4", "10.5", false},
		{"11.1", "10.9", true}, // a later transaction, whatever its ids
		{"9.99", "10.1", false},
		{"10.5", "10.5", false},
		{"", "10.5", false},
		{"x.1", "", false},
	}
	for _, c := range cases {
		if got := cursorAfter(c.a, c.b); got != c.want {
			t.Errorf("cursorAfter(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
