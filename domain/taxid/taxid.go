// Package taxid normalizes, validates and formats national tax
// identification numbers: Polish NIP, Finnish Y-tunnus and Russian INN.
//
// Input is accepted the way people type it: surrounding and inner spaces,
// dashes and dots are ignored, and a leading EU VAT prefix ("PL", "FI",
// case-insensitive) is stripped for the matching country. Every function
// reports failures as *Error, whose Kind can be matched with errors.Is
// against ErrEmpty, ErrCountry, ErrFormat and ErrChecksum.
package taxid

import (
	"fmt"
	"strings"
	"unicode"
)

// Country is an ISO 3166-1 alpha-2 country code.
type Country string

// Supported countries.
const (
	PL Country = "PL" // Poland: NIP
	FI Country = "FI" // Finland: Y-tunnus (business ID)
	RU Country = "RU" // Russia: INN
)

// kind is the type of the sentinel error kinds. Its Key is the base
// translation message id of the kind.
type kind struct {
	key string
	msg string
}

func (k *kind) Error() string { return k.msg }

// Key returns the translation message id of the kind, e.g. "taxid.checksum".
// For ErrFormat it is the country-independent "taxid.format"; use
// (*Error).Key for the country-specific id.
func (k *kind) Key() string { return k.key }

// Error kinds, usable with errors.Is on any error returned by this package.
var (
	ErrEmpty    error = &kind{key: "taxid.empty", msg: "tax id is empty"}
	ErrCountry  error = &kind{key: "taxid.country", msg: "unsupported country"}
	ErrFormat   error = &kind{key: "taxid.format", msg: "invalid tax id format"}
	ErrChecksum error = &kind{key: "taxid.checksum", msg: "invalid tax id checksum"}
)

// Error is the error returned by this package. Kind is one of ErrEmpty,
// ErrCountry, ErrFormat or ErrChecksum.
type Error struct {
	Country Country
	Kind    error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Kind == ErrCountry {
		return fmt.Sprintf("taxid: %s: %q", e.Kind, string(e.Country))
	}
	if e.Kind == nil {
		return fmt.Sprintf("taxid: %s: invalid tax id", e.Country)
	}
	return fmt.Sprintf("taxid: %s: %s", e.Country, e.Kind)
}

// Unwrap returns Kind, so that errors.Is(err, ErrChecksum) etc. work.
func (e *Error) Unwrap() error { return e.Kind }

// Key returns the translation message id for the error: "taxid.empty",
// "taxid.country", "taxid.format.pl", "taxid.format.fi", "taxid.format.ru"
// or "taxid.checksum".
func (e *Error) Key() string {
	k, ok := e.Kind.(*kind)
	if !ok {
		return "taxid.invalid"
	}
	if k == ErrFormat {
		return k.key + "." + strings.ToLower(string(e.Country))
	}
	return k.key
}

func fail(c Country, k error) error { return &Error{Country: c, Kind: k} }

func supported(c Country) bool { return c == PL || c == FI || c == RU }

// Normalize validates s as a tax id of country c and returns its canonical
// national form:
//
//	PL: 10 digits, "7740001454"
//	FI: "NNNNNNN-C", "0112038-9" (also accepts "01120389" and "FI01120389")
//	RU: 10 or 12 digits
//
// On failure it returns a *Error.
func Normalize(c Country, s string) (string, error) {
	if !supported(c) {
		return "", fail(c, ErrCountry)
	}
	d := strip(s)
	if d == "" {
		return "", fail(c, ErrEmpty)
	}
	if c == PL || c == FI {
		if len(d) >= 2 && strings.EqualFold(d[:2], string(c)) {
			d = d[2:]
		}
	}
	if !allDigits(d) {
		return "", fail(c, ErrFormat)
	}
	switch c {
	case PL:
		if len(d) != 10 {
			return "", fail(c, ErrFormat)
		}
		if !checkPL(d) {
			return "", fail(c, ErrChecksum)
		}
		return d, nil
	case FI:
		if len(d) != 8 {
			return "", fail(c, ErrFormat)
		}
		if !checkFI(d) {
			return "", fail(c, ErrChecksum)
		}
		return d[:7] + "-" + d[7:], nil
	default: // RU
		if len(d) != 10 && len(d) != 12 {
			return "", fail(c, ErrFormat)
		}
		if !checkRU(d) {
			return "", fail(c, ErrChecksum)
		}
		return d, nil
	}
}

// Validate reports whether s is a valid tax id of country c; it returns
// nil or a *Error.
func Validate(c Country, s string) error {
	_, err := Normalize(c, s)
	return err
}

// VATNumber returns the EU VAT number for the tax id s of country c, e.g.
// "PL7740001454" or "FI01120389". Countries outside the EU VAT system
// (RU) yield a *Error with Kind ErrCountry.
func VATNumber(c Country, s string) (string, error) {
	if c != PL && c != FI {
		return "", fail(c, ErrCountry)
	}
	n, err := Normalize(c, s)
	if err != nil {
		return "", err
	}
	return string(c) + strings.ReplaceAll(n, "-", ""), nil
}

// Format returns the display form of a tax id: PL "774-000-14-54",
// FI "0112038-9", RU unchanged. Input that does not validate is returned
// unchanged.
func Format(c Country, canonical string) string {
	n, err := Normalize(c, canonical)
	if err != nil {
		return canonical
	}
	if c == PL {
		return n[:3] + "-" + n[3:6] + "-" + n[6:8] + "-" + n[8:]
	}
	return n
}

// strip removes whitespace, dashes and dots.
func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '.' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// weighted returns the sum of the digits of s multiplied by w, pairwise.
// s must hold at least len(w) ASCII digits.
func weighted(s string, w []int) int {
	sum := 0
	for i, x := range w {
		sum += int(s[i]-'0') * x
	}
	return sum
}

func digit(s string, i int) int { return int(s[i] - '0') }

func checkPL(d string) bool {
	r := weighted(d, []int{6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11
	return r != 10 && r == digit(d, 9)
}

func checkFI(d string) bool {
	r := weighted(d, []int{7, 9, 10, 5, 8, 4, 2}) % 11
	switch r {
	case 0:
		return digit(d, 7) == 0
	case 1:
		return false
	default:
		return digit(d, 7) == 11-r
	}
}

func checkRU(d string) bool {
	if len(d) == 10 {
		return weighted(d, []int{2, 4, 10, 3, 5, 9, 4, 6, 8})%11%10 == digit(d, 9)
	}
	return weighted(d, []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8})%11%10 == digit(d, 10) &&
		weighted(d, []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8})%11%10 == digit(d, 11)
}
