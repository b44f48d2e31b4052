package nps_test

import (
	"testing"

	"partnerdesk/domain/nps"
)

func TestCategoryBoundaries(t *testing.T) {
	want := []string{"detractor", "detractor", "detractor", "detractor", "detractor", "detractor", "detractor",
		"passive", "passive", "promoter", "promoter"}
	for score, w := range want {
		if got := nps.Category(score); got != w {
			t.Errorf("Category(%d) = %s, want %s", score, got, w)
		}
	}
}

func TestNPSArithmetic(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		scores                   []int
		nps, prom, pass, detr, n int
	}{
		{"no answers", nil, 0, 0, 0, 0, 0},
		{"all promoters", []int{9, 10, 10}, 100, 100, 0, 0, 3},
		{"all detractors", []int{0, 6, 3}, -100, 0, 0, 100, 3},
		{"passives count only in the total", []int{7, 8, 9, 6}, 0, 25, 50, 25, 4},
		{"a third rounds down", []int{10, 9, 2}, 33, 67, 0, 33, 3},
		{"two thirds round up", []int{10, 10, 8}, 67, 67, 33, 0, 3},
		{"half a point rounds away from zero", []int{9, 7, 7, 7, 7, 7, 7, 7}, 13, 13, 88, 0, 8},
		{"negative half rounds away from zero", []int{5, 7, 7, 7, 7, 7, 7, 7}, -13, 0, 88, 13, 8},
		{"computed from counts, not from rounded shares", []int{9, 9, 0, 7, 7, 7}, 17, 33, 50, 17, 6},
		{"boundaries 6, 7, 8, 9", []int{6, 7, 8, 9}, 0, 25, 50, 25, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s nps.Score
			for _, sc := range tc.scores {
				s.Add(sc)
			}
			if s.Total() != tc.n || s.Empty() != (tc.n == 0) {
				t.Fatalf("total %d, empty %v", s.Total(), s.Empty())
			}
			if s.NPS() != tc.nps {
				t.Errorf("NPS = %d, want %d", s.NPS(), tc.nps)
			}
			if s.PromoterPct() != tc.prom || s.PassivePct() != tc.pass || s.DetractorPct() != tc.detr {
				t.Errorf("shares %d/%d/%d, want %d/%d/%d", s.PromoterPct(), s.PassivePct(), s.DetractorPct(), tc.prom, tc.pass, tc.detr)
			}
		})
	}
}

func TestQuarters(t *testing.T) {
	for _, s := range []string{"2026Q1", "2026Q4"} {
		q, ok := nps.ParseQuarter(s)
		if !ok || q.String() != s {
			t.Errorf("%s: %v %v", s, q, ok)
		}
	}
	for _, s := range []string{"", "2026Q5", "2026Q0", "26Q1", "2026-Q1", "abcdQ1"} {
		if _, ok := nps.ParseQuarter(s); ok {
			t.Errorf("%q read as a quarter", s)
		}
	}
}
