package bot

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for the engine-free parts of the bot that read what customers
// type (bot/intent has its own). They run without a database.

// FuzzParseQtyPairs: "line quantity" pairs typed while a reorder's lines are
// listed. What is accepted stays within the listed lines and the quantity
// range, and reads back the same when written out plainly.
func FuzzParseQtyPairs(f *testing.F) {
	for _, s := range []string{"2 10", "1 0; 3 24", "1×5, 2x6\n3: 7", "1=2", "", " ; ,\n", "0 1", "4 1", "1 100001", "1 -1",
		"1 2 3", "1", "１ ２", "1 1e3", "99999999999999999999 1", "1 ٣", "2 10;2 11", "x 1", "1\t2", "1 +5"} {
		f.Add(s, 3)
	}
	f.Add("1 1", 0)
	f.Add("1 1", -1)
	f.Fuzz(func(t *testing.T, text string, lines int) {
		pairs, ok := parseQtyPairs(text, lines)
		if !ok {
			return
		}
		if len(pairs) == 0 {
			t.Fatalf("accepted %q with no pairs", text)
		}
		for line, qty := range pairs {
			if line < 1 || line > lines || qty < 0 || qty > 100000 {
				t.Fatalf("%q (%d lines): accepted line %d qty %d", text, lines, line, qty)
			}
		}
		var plain []string
		for _, line := range slices.Sorted(maps.Keys(pairs)) {
			plain = append(plain, fmt.Sprintf("%d %d", line, pairs[line]))
		}
		again, ok := parseQtyPairs(strings.Join(plain, "; "), lines)
		if !ok || !maps.Equal(again, pairs) {
			t.Fatalf("%q → %v, written out and read again → %v, %v", text, pairs, again, ok)
		}
	})
}

// FuzzShorten: names cut for buttons are at most n characters, keep their
// beginning, and do not split a character.
func FuzzShorten(f *testing.F) {
	for _, s := range []string{"", "Kabel", "Przewód YDY 3×2,5 mm² — 100 m", "Кабель ВВГнг-LS 3×2,5", "Äänieristetty kaapeli", "😀😀😀", "\xff\xfe"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 {
			return // callers pass a fixed positive width
		}
		got := shorten(s, n)
		if utf8.RuneCountInString(got) > n {
			t.Fatalf("shorten(%q, %d) = %q: %d characters", s, n, got, utf8.RuneCountInString(got))
		}
		if got == s {
			return
		}
		rs := []rune(got)
		if rs[len(rs)-1] != '…' || !strings.HasPrefix(string([]rune(s)), string(rs[:len(rs)-1])) {
			t.Fatalf("shorten(%q, %d) = %q", s, n, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("shorten(%q, %d) = %q: broke a character", s, n, got)
		}
	})
}
