package bot

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
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
