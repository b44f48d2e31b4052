package taxid

import (
	"errors"
	"testing"
)

var validCases = []struct {
	c    Country
	in   string
	want string
}{
	{PL, "7740001454", "7740001454"},
	{PL, "5260251049", "5260251049"},
	{PL, "8567346215", "8567346215"},
	{PL, "PL 774-000-14-54", "7740001454"},
	{PL, "pl7740001454", "7740001454"},
	{PL, " 774.000.14.54 ", "7740001454"},
	{PL, "Pl-774 000 14 54", "7740001454"},
	{FI, "0112038-9", "0112038-9"},
	{FI, "2077474-0", "2077474-0"},
	{FI, "1572860-0", "1572860-0"},
	{FI, "FI01120389", "0112038-9"},
	{FI, "fi 0112038-9", "0112038-9"},
	{FI, "01120389", "0112038-9"},
	{RU, "7707083893", "7707083893"},
	{RU, "1234567894", "1234567894"},
	{RU, "123456789047", "123456789047"},
	{RU, " 7707 083 893 ", "7707083893"},
}

func TestNormalizeValid(t *testing.T) {
	for _, tc := range validCases {
		got, err := Normalize(tc.c, tc.in)
		if err != nil {
			t.Errorf("Normalize(%s, %q) error: %v", tc.c, tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Normalize(%s, %q) = %q, want %q", tc.c, tc.in, got, tc.want)
		}
		again, err := Normalize(tc.c, got)
		if err != nil || again != got {
			t.Errorf("Normalize(%s, %q) not idempotent: %q, %v", tc.c, got, again, err)
		}
		if err := Validate(tc.c, tc.in); err != nil {
			t.Errorf("Validate(%s, %q) = %v, want nil", tc.c, tc.in, err)
		}
	}
}

func TestNormalizeInvalid(t *testing.T) {
	tests := []struct {
		c    Country
		in   string
		kind error
		key  string
	}{
		{PL, "7740001455", ErrChecksum, "taxid.checksum"},
		{PL, "1234567890", ErrChecksum, "taxid.checksum"},
		{PL, "123456321", ErrFormat, "taxid.format.pl"},
		{PL, "77400014540", ErrFormat, "taxid.format.pl"},
		{PL, "774000145A", ErrFormat, "taxid.format.pl"},
		{PL, "abcdefghij", ErrFormat, "taxid.format.pl"},
		{PL, "PL", ErrFormat, "taxid.format.pl"},
		{PL, "FI7740001454", ErrFormat, "taxid.format.pl"},
		{PL, "774000145４", ErrFormat, "taxid.format.pl"}, // fullwidth digit
		{PL, "", ErrEmpty, "taxid.empty"},
		{PL, "   ", ErrEmpty, "taxid.empty"},
		{PL, " - . ", ErrEmpty, "taxid.empty"},
		{FI, "0112038-8", ErrChecksum, "taxid.checksum"},
		{FI, "2077474-1", ErrChecksum, "taxid.checksum"},
		{FI, "112038-9", ErrFormat, "taxid.format.fi"},
		{FI, "00112038-9", ErrFormat, "taxid.format.fi"},
		{FI, "0112038-X", ErrFormat, "taxid.format.fi"},
		{FI, "PL01120389", ErrFormat, "taxid.format.fi"},
		{FI, "", ErrEmpty, "taxid.empty"},
		{RU, "7707083894", ErrChecksum, "taxid.checksum"},
		{RU, "123456789037", ErrChecksum, "taxid.checksum"},
		{RU, "123456789048", ErrChecksum, "taxid.checksum"},
		{RU, "77070838", ErrFormat, "taxid.format.ru"},
		{RU, "77070838931", ErrFormat, "taxid.format.ru"},
		{RU, "RU7707083893", ErrFormat, "taxid.format.ru"},
		{RU, "", ErrEmpty, "taxid.empty"},
		{"DE", "7740001454", ErrCountry, "taxid.country"},
		{"DE", "", ErrCountry, "taxid.country"},
		{"pl", "7740001454", ErrCountry, "taxid.country"},
		{"", "7740001454", ErrCountry, "taxid.country"},
	}
	kinds := []error{ErrEmpty, ErrCountry, ErrFormat, ErrChecksum}
	for _, tc := range tests {
		got, err := Normalize(tc.c, tc.in)
		if err == nil {
			t.Errorf("Normalize(%s, %q) = %q, want error", tc.c, tc.in, got)
			continue
		}
		if got != "" {
			t.Errorf("Normalize(%s, %q) returned %q with error", tc.c, tc.in, got)
		}
		for _, k := range kinds {
			if errors.Is(err, k) != (k == tc.kind) {
				t.Errorf("Normalize(%s, %q): errors.Is(%v, %v) = %v", tc.c, tc.in, err, k, !(k == tc.kind))
			}
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Normalize(%s, %q): error %T is not *Error", tc.c, tc.in, err)
			continue
		}
		if e.Country != tc.c || e.Kind != tc.kind {
			t.Errorf("Normalize(%s, %q): Error{%q, %v}, want {%q, %v}", tc.c, tc.in, e.Country, e.Kind, tc.c, tc.kind)
		}
		if k := e.Key(); k != tc.key {
			t.Errorf("Normalize(%s, %q): Key() = %q, want %q", tc.c, tc.in, k, tc.key)
		}
		if e.Error() == "" {
			t.Errorf("Normalize(%s, %q): empty error message", tc.c, tc.in)
		}
		if verr := Validate(tc.c, tc.in); !errors.Is(verr, tc.kind) {
			t.Errorf("Validate(%s, %q) = %v, want %v", tc.c, tc.in, verr, tc.kind)
		}
	}
}

func TestKindKeys(t *testing.T) {
	for _, tc := range []struct {
		err error
		key string
	}{
		{ErrEmpty, "taxid.empty"},
		{ErrCountry, "taxid.country"},
		{ErrFormat, "taxid.format"},
		{ErrChecksum, "taxid.checksum"},
	} {
		k, ok := tc.err.(interface{ Key() string })
		if !ok {
			t.Errorf("%v has no Key method", tc.err)
			continue
		}
		if got := k.Key(); got != tc.key {
			t.Errorf("%v.Key() = %q, want %q", tc.err, got, tc.key)
		}
	}
}

func TestVATNumber(t *testing.T) {
	tests := []struct {
		c    Country
		in   string
		want string
		kind error
	}{
		{PL, "7740001454", "PL7740001454", nil},
		{PL, "PL 774-000-14-54", "PL7740001454", nil},
		{PL, "pl7740001454", "PL7740001454", nil},
		{FI, "0112038-9", "FI01120389", nil},
		{FI, "FI01120389", "FI01120389", nil},
		{FI, "2077474-0", "FI20774740", nil},
		{PL, "7740001455", "", ErrChecksum},
		{FI, "", "", ErrEmpty},
		{FI, "0112038", "", ErrFormat},
		{RU, "7707083893", "", ErrCountry},
		{RU, "", "", ErrCountry},
		{"DE", "123456789", "", ErrCountry},
	}
	for _, tc := range tests {
		got, err := VATNumber(tc.c, tc.in)
		if tc.kind == nil {
			if err != nil || got != tc.want {
				t.Errorf("VATNumber(%s, %q) = %q, %v; want %q", tc.c, tc.in, got, err, tc.want)
			}
			continue
		}
		var e *Error
		if !errors.Is(err, tc.kind) || !errors.As(err, &e) || got != "" {
			t.Errorf("VATNumber(%s, %q) = %q, %v; want *Error of kind %v", tc.c, tc.in, got, err, tc.kind)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		c    Country
		in   string
		want string
	}{
		{PL, "7740001454", "774-000-14-54"},
		{PL, "5260251049", "526-025-10-49"},
		{FI, "0112038-9", "0112038-9"},
		{FI, "01120389", "0112038-9"},
		{RU, "7707083893", "7707083893"},
		{RU, "123456789047", "123456789047"},
		{PL, "garbage", "garbage"},
		{"DE", "DE123", "DE123"},
	}
	for _, tc := range tests {
		if got := Format(tc.c, tc.in); got != tc.want {
			t.Errorf("Format(%s, %q) = %q, want %q", tc.c, tc.in, got, tc.want)
		}
	}
	// The display form is itself accepted input.
	for _, tc := range validCases {
		n, _ := Normalize(tc.c, tc.in)
		if got, err := Normalize(tc.c, Format(tc.c, n)); err != nil || got != n {
			t.Errorf("Normalize(%s, Format(%q)) = %q, %v; want %q", tc.c, n, got, err, n)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	seeds := []struct {
		c  Country
		in string
	}{
		{PL, "7740001455"}, {PL, "1234567890"}, {PL, "123456321"},
		{FI, "0112038-8"}, {FI, "2077474-1"},
		{RU, "7707083894"}, {RU, "123456789037"},
		{PL, ""}, {PL, "abc"}, {"DE", "7740001454"},
	}
	for _, tc := range validCases {
		seeds = append(seeds, struct {
			c  Country
			in string
		}{tc.c, tc.in})
	}
	for _, s := range seeds {
		f.Add(string(s.c), s.in)
	}
	f.Fuzz(func(t *testing.T, country, in string) {
		c := Country(country)
		out, err := Normalize(c, in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Key() == "" {
				t.Fatalf("Normalize(%q, %q): bad error %#v", c, in, err)
			}
			return
		}
		again, err := Normalize(c, out)
		if err != nil || again != out {
			t.Fatalf("Normalize(%q, %q) = %q; re-normalized: %q, %v", c, in, out, again, err)
		}
		if err := Validate(c, out); err != nil {
			t.Fatalf("Validate(%q, %q) = %v", c, out, err)
		}
		if got, err := Normalize(c, Format(c, out)); err != nil || got != out {
			t.Fatalf("Normalize(%q, Format(%q)) = %q, %v", c, out, got, err)
		}
	})
}
