package notify_test

import (
	"strings"
	"testing"
	"time"

	"partnerdesk/domain"
	"partnerdesk/domain/notify"
	"partnerdesk/locales"
)

// Every kind reads as a sentence in each language, with money, dates and
// plural forms written as that language writes them.
func TestTextInEachLanguage(t *testing.T) {
	b, err := locales.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	locales.MissingMessages()
	due := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	names := map[domain.Language]string{domain.Polish: "Kabel HDMI 2 m", domain.Russian: "Кабель HDMI 2 м"}
	ns := map[string]notify.Notification{
		"due":     {Kind: notify.KindInvoiceDue, Params: notify.Params{Invoice: "FV/11/2026", Amount: 123456, Currency: "PLN", DueOn: due}},
		"late1":   {Kind: notify.KindInvoiceOverdue, Params: notify.Params{Invoice: "FV/11/2026", Amount: 123456, Currency: "EUR", DueOn: due, Days: 1}},
		"late7":   {Kind: notify.KindInvoiceOverdue, Params: notify.Params{Invoice: "FV/11/2026", Amount: 123456, Currency: "RUB", DueOn: due, Days: 7}},
		"stock":   {Kind: notify.KindBackInStock, Params: notify.Params{SKU: "HDMI-2", Names: names}},
		"up":      {Kind: notify.KindPriceChange, Params: notify.Params{SKU: "HDMI-2", Names: names, OldPrice: 2500, NewPrice: 2700, Currency: "PLN"}},
		"down":    {Kind: notify.KindPriceChange, Params: notify.Params{SKU: "HDMI-2", Names: names, OldPrice: 2500, NewPrice: 2400, Currency: "PLN"}},
		"reorder": {Kind: notify.KindReorder, Params: notify.Params{Order: 1042, OrderedOn: due, Cycle: 7}},
		"status":  {Kind: notify.KindOrderStatus, Params: notify.Params{Order: 1042, Status: "shipped"}},
	}
	want := map[domain.Language]map[string][]string{
		domain.Polish: {
			"due":     {"FV/11/2026", "1 234,56 zł", "25.11.2026", "mija"},
			"late1":   {"1 dzień po terminie", "1 234,56 €"},
			"late7":   {"7 dni po terminie", "1 234,56 ₽"},
			"stock":   {"Znów na stanie: Kabel HDMI 2 m (HDMI-2)"},
			"up":      {"Cena wzrosła", "27,00 zł", "25,00 zł"},
			"down":    {"Cena spadła", "24,00 zł"},
			"reorder": {"1042", "25.11.2026", "co 7 dni"},
			"status":  {"1042"},
		},
		domain.Russian: {
			"due":     {"Срок оплаты счёта FV/11/2026", "1 234,56 zł"},
			"late1":   {"просрочен на 1 день"},
			"late7":   {"просрочен на 7 дней"},
			"stock":   {"Снова в наличии: Кабель HDMI 2 м"},
			"up":      {"Цена выросла", "без НДС"},
			"down":    {"Цена снизилась"},
			"reorder": {"раз в 7 дней"},
			"status":  {"1042"},
		},
		domain.Finnish: {
			"due":     {"eräpäivä on 25.11.2026"},
			"late1":   {"1 päivän myöhässä"},
			"late7":   {"7 päivää myöhässä"},
			"stock":   {"Taas varastossa: Kabel HDMI 2 m"}, // no Finnish name: the Polish one
			"up":      {"Hinta nousi", "+ alv"},
			"down":    {"Hinta laski"},
			"reorder": {"7 päivän välein"},
			"status":  {"1042"},
		},
	}
	for lang, cases := range want {
		loc := locales.NewLocalizer(b, lang)
		for name, parts := range cases {
			n := ns[name]
			got := strings.ReplaceAll(notify.Text(loc, &n), "\u00a0", " ")
			for _, p := range parts {
				if !strings.Contains(got, p) {
					t.Errorf("%s %s: %q does not contain %q", lang, name, got, p)
				}
			}
		}
		for _, k := range notify.Kinds {
			if l := notify.KindLabel(loc, k); l == "" || strings.HasPrefix(l, "notify_") {
				t.Errorf("%s: no label for %s", lang, k)
			}
		}
	}
	if n := locales.MissingMessages(); n > 0 {
		t.Fatalf("%d messages missing", n)
	}
}
