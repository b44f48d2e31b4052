package locales

import "unicode/utf8"

// Texts shown in a limited space (a button, a toast, a Telegram notice) are
// cut by characters, never by bytes, so that no letter of Polish, Russian or
// Finnish is split.

// Truncate returns the first n characters of s (an invalid byte counts as one).
func Truncate(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}

// Clip shortens s to at most n characters, the last of them "…" when
// anything was cut.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return Truncate(s, n-1) + "…"
}
