package locales

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzClip: texts cut for buttons and toasts are at most n characters, keep
// their beginning, and do not split a character.
func FuzzClip(f *testing.F) {
	for _, s := range []string{"", "Kabel", "Przewód YDY 3×2,5 mm² — 100 m", "Кабель ВВГнг-LS 3×2,5", "Äänieristetty kaapeli", "😀😀😀", "\xff\xfe"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 1000 {
			return // callers pass a fixed positive width
		}
		got := Clip(s, n)
		if utf8.RuneCountInString(got) > n {
			t.Fatalf("Clip(%q, %d) = %q: %d characters", s, n, got, utf8.RuneCountInString(got))
		}
		if got == s {
			return
		}
		rs := []rune(got)
		if rs[len(rs)-1] != '…' || !strings.HasPrefix(string([]rune(s)), string(rs[:len(rs)-1])) {
			t.Fatalf("Clip(%q, %d) = %q", s, n, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Clip(%q, %d) = %q: broke a character", s, n, got)
		}
	})
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"Kabel", 10, "Kabel"},
		{"Кабель", 3, "Каб"},
		{"żółw", 2, "żó"},
		{"😀😀😀", 0, ""},
	} {
		if got := Truncate(c.s, c.n); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
