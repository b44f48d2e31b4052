package telegram

import (
	"testing"
	"time"
)

func TestAfterQuietHours(t *testing.T) {
	h := func(n int) *int { return &n }
	day := func(hour int) time.Time { return time.Date(2026, 11, 22, hour, 30, 0, 0, time.UTC) }
	cases := []struct {
		now      time.Time
		from, to *int
		want     time.Time
	}{
		{day(12), nil, nil, time.Time{}},
		{day(12), h(22), h(7), time.Time{}},
		{day(23), h(22), h(7), time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)},
		{day(3), h(22), h(7), time.Date(2026, 11, 22, 7, 0, 0, 0, time.UTC)},
		{day(13), h(12), h(14), time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)},
		{day(14), h(12), h(14), time.Time{}},
	}
	for _, c := range cases {
		if got := afterQuietHours(c.now, c.from, c.to); !got.Equal(c.want) {
			t.Errorf("%s with %v–%v: got %s, want %s", c.now, c.from, c.to, got, c.want)
		}
	}
}
