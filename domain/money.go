package domain

import "fmt"

// Currency is an ISO 4217 code. Every amount is an int64 of the currency's minor
// unit (grosz, cent, kopeck); all three have two decimals.
type Currency string

const (
	PLN Currency = "PLN"
	EUR Currency = "EUR"
	RUB Currency = "RUB"
)

// Currencies lists the currencies Partnerdesk sells in.
var Currencies = []Currency{PLN, EUR, RUB}

// Valid tells whether c is one of Currencies.
func (c Currency) Valid() bool {
	for _, x := range Currencies {
		if x == c {
			return true
		}
	}
	return false
}

// MinorDigits is the number of decimals of the currency's minor unit.
func (c Currency) MinorDigits() int { return 2 }

// ApplyBP returns amount reduced by bp basis points (1 bp = 0.01 %), rounded
// half away from zero to the minor unit.
func ApplyBP(amount int64, discountBP int) int64 {
	return amount - PartBP(amount, discountBP)
}

// PartBP returns bp basis points of amount, rounded half away from zero.
func PartBP(amount int64, bp int) int64 {
	return divRound(amount*int64(bp), 10_000)
}

// DivRound divides, rounding half away from zero.
func DivRound(n, d int64) int64 { return divRound(n, d) }

func divRound(n, d int64) int64 {
	if (n < 0) != (d < 0) {
		return -((-n + d/2) / d)
	}
	return (n + d/2) / d
}

// FormatPlain renders a minor-unit amount as "1234.56" (for logs and the API;
// the portal formats per locale).
func FormatPlain(amount int64) string {
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	return fmt.Sprintf("%s%d.%02d", sign, amount/100, amount%100)
}
