package locales

import (
	"strconv"
	"strings"
	"time"

	"partnerdesk/domain"
)

// Numbers, money and dates are written the way each language writes them:
// thousands grouped with a no-break space, a decimal comma, the currency sign
// after the amount ("1 234,56 zł", "1 234,56 €", "1 234,56 ₽"), and dates as
// day.month.year. All three languages agree on these, so one formatter serves.

const nbsp = "\u00a0"

var currencySign = map[domain.Currency]string{domain.PLN: "zł", domain.EUR: "€", domain.RUB: "₽"}

// FormatInt writes an integer with grouped thousands: 12 345.
func FormatInt(n int64) string {
	sign := ""
	if n < 0 {
		sign, n = "−", -n
	}
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return sign + s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteString(nbsp)
		}
		b.WriteString(s[i : i+3])
	}
	return sign + b.String()
}

// FormatAmount writes a minor-unit amount without currency: 1 234,56.
func FormatAmount(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "−", -minor
	}
	frac := minor % 100
	return sign + FormatInt(minor/100) + "," + strconv.FormatInt(100+frac, 10)[1:]
}

// FormatMoney writes a minor-unit amount with its currency: 1 234,56 zł.
func FormatMoney(minor int64, cur domain.Currency) string {
	sign, ok := currencySign[cur]
	if !ok {
		sign = string(cur)
	}
	return FormatAmount(minor) + nbsp + sign
}

// FormatUnitPrice writes a unit price given in hundredths of the minor unit
// with its currency: two decimals as FormatMoney when it is whole cents
// (12,34 zł), else three or four (0,186 €, 0,1864 €) — a cheap item's price
// after a discount, which whole cents would round away.
func FormatUnitPrice(hundredths int64, cur domain.Currency) string {
	if hundredths%100 == 0 {
		return FormatMoney(hundredths/100, cur)
	}
	sign, ok := currencySign[cur]
	if !ok {
		sign = string(cur)
	}
	neg := ""
	if hundredths < 0 {
		neg, hundredths = "−", -hundredths
	}
	frac := strings.TrimRight(strconv.FormatInt(10_000+hundredths%10_000, 10)[1:], "0")
	return neg + FormatInt(hundredths/10_000) + "," + frac + nbsp + sign
}

// FormatPercent writes basis points as a percentage: 2,5 %, 23 %.
func FormatPercent(bp int) string {
	whole := strconv.Itoa(bp / 100)
	if frac := bp % 100; frac != 0 {
		f := strings.TrimRight(strconv.Itoa(100 + frac)[1:], "0")
		whole += "," + f
	}
	return whole + nbsp + "%"
}

// FormatDate writes a date as 22.11.2026.
func FormatDate(t time.Time) string {
	return t.Format("02.01.2006")
}

// FormatDateTime writes a date and time as 22.11.2026 14:05.
func FormatDateTime(t time.Time) string {
	return t.Format("02.01.2006 15:04")
}
