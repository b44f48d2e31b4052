package locales

import (
	"testing"
	"time"

	"partnerdesk/domain"
)

func TestFormats(t *testing.T) {
	cases := []struct{ got, want string }{
		{FormatMoney(123456, domain.PLN), "1 234,56 zł"},
		{FormatMoney(123456, domain.EUR), "1 234,56 €"},
		{FormatMoney(123456, domain.RUB), "1 234,56 ₽"},
		{FormatMoney(5, domain.PLN), "0,05 zł"},
		{FormatMoney(-1234567890, domain.PLN), "−12 345 678,90 zł"},
		{FormatUnitPrice(123400, domain.PLN), "12,34 zł"},
		{FormatUnitPrice(1860, domain.EUR), "0,186 €"},
		{FormatUnitPrice(1864, domain.EUR), "0,1864 €"},
		{FormatUnitPrice(5, domain.RUB), "0,0005 ₽"},
		{FormatUnitPrice(12345678, domain.RUB), "1 234,5678 ₽"},
		{FormatInt(100000), "100 000"},
		{FormatInt(999), "999"},
		{FormatPercent(2300), "23 %"},
		{FormatPercent(2550), "25,5 %"},
		{FormatPercent(125), "1,25 %"},
		{FormatDate(time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC)), "07.03.2026"},
	}
	for _, c := range cases {
		want := replaceSpaces(c.want)
		if c.got != want {
			t.Errorf("got %q, want %q", c.got, want)
		}
	}
}

// replaceSpaces writes the expected strings with ordinary spaces for
// readability; the formatter uses no-break spaces.
func replaceSpaces(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == ' ' {
			r = '\u00a0'
		}
		out = append(out, r)
	}
	return string(out)
}
