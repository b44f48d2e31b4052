package domain

import (
	"sort"
	"strings"
)

// FieldErrors maps a form field to the reason it was refused: a short code
// (required, email, too_long, ...) that the portal translates. Each area
// documents its own fields and codes.
type FieldErrors map[string]string

func (e FieldErrors) Error() string {
	parts := make([]string, 0, len(e))
	for f, r := range e {
		parts = append(parts, f+": "+r)
	}
	sort.Strings(parts)
	return "invalid " + strings.Join(parts, ", ")
}
