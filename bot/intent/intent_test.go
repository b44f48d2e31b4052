package intent

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

type detectCase struct {
	text string
	conv string // conversation language passed to Detect
	want Result
}

func stock(lang, q string) Result { return Result{Kind: Stock, Lang: lang, Query: q} }
func delivery(lang string, n int64) Result {
	return Result{Kind: Delivery, Lang: lang, OrderNumber: n}
}
func kind(k Kind, lang string) Result { return Result{Kind: k, Lang: lang} }

var polishCases = []detectCase{
	// required phrases
	{"macie kabel HDMI 2m?", "pl", stock("pl", "kabel HDMI 2m")},
	{"gdzie jest zamówienie 1042?", "pl", delivery("pl", 1042)},
	{"gdzie moje zamowienie 1042", "pl", delivery("pl", 1042)},
	{"chcę rozmawiać z człowiekiem", "pl", kind(Human, "pl")},
	{"zamów to samo co ostatnio", "pl", kind(Reorder, "pl")},
	{"przyszedł uszkodzony towar", "pl", kind(Complaint, "pl")},
	// stock
	{"Czy jest na stanie przewód YDY 3x2,5?", "pl", stock("pl", "przewód YDY 3x2,5")},
	{"ile kosztuje kabel hdmi 5m, proszę?", "pl", stock("pl", "kabel hdmi 5m")},
	{"kabel hdmi 2m", "pl", stock("pl", "kabel hdmi 2m")},
	{"czy kabla HDMI jest dostępny?", "pl", stock("pl", "kabla HDMI")},
	{"Dzień dobry, szukam gniazdka podwójnego", "pl", stock("pl", "gniazdka podwójnego")},
	{"kiedy będzie dostępny kabel hdmi?", "pl", stock("pl", "kabel hdmi")},
	{"Legrand 049481", "pl", stock("pl", "Legrand 049481")},
	{"żarówka e27 10 szt", "pl", stock("pl", "żarówka e27")}, // how many is not what it is called
	{"ile punktów mam", "pl", kind(Invoices, "pl")},
	{"punkty", "pl", kind(Invoices, "pl")},
	{"ile mam do zapłaty?", "pl", kind(Invoices, "pl")},
	// delivery
	{"gdzie jest moje zamowienie", "pl", delivery("pl", 0)},
	{"kiedy dostawa?", "pl", delivery("pl", 0)},
	{"Status zamówienia nr 55213?", "pl", delivery("pl", 55213)},
	{"zamówienie 1042", "pl", delivery("pl", 1042)},
	{"gdzie jest 1042?", "pl", delivery("pl", 1042)},
	{"anuluj zamówienie 1042", "pl", delivery("pl", 1042)}, // an order number outranks Cancel
	// reorder
	{"Powtórz ostatnie zamówienie", "pl", kind(Reorder, "pl")},
	{"zamów z ulubionych", "pl", Result{Kind: Reorder, Lang: "pl", Favourites: true}},
	// complaint
	{"reklamacja zamówienia 1042 - brakuje 2 sztuk", "pl", Result{Kind: Complaint, Lang: "pl", OrderNumber: 1042}},
	{"chcę złożyć reklamację", "pl", kind(Complaint, "pl")},
	{"wyłącznik nie działa", "pl", kind(Complaint, "pl")},
	// human
	{"proszę o kontakt z handlowcem", "pl", kind(Human, "pl")},
	{"reklamacja, połącz mnie z konsultantem", "pl", kind(Human, "pl")},
	// invoices
	{"pokaż nieopłacone faktury", "pl", kind(Invoices, "pl")},
	{"ile jestem winien?", "pl", kind(Invoices, "pl")},
	{"ile mam dostępnego limitu?", "pl", kind(Invoices, "pl")},
	{"ile mam punktów lojalnościowych?", "pl", kind(Invoices, "pl")},
	{"faktura do zamówienia 1042", "pl", kind(Invoices, "pl")},
	// help, greeting, thanks, cancel, yes, no
	{"co umiesz?", "pl", kind(Help, "pl")},
	{"pomocy", "pl", kind(Help, "pl")},
	{"Dzień dobry!", "pl", kind(Greeting, "pl")},
	{"cześć", "pl", kind(Greeting, "pl")},
	{"dziękuję bardzo", "pl", kind(Thanks, "pl")},
	{"anuluj", "pl", kind(Cancel, "pl")},
	{"nieważne", "pl", kind(Cancel, "pl")},
	{"tak", "pl", kind(Yes, "pl")},
	{"Tak, poproszę", "pl", kind(Yes, "pl")},
	{"nie", "pl", kind(No, "pl")},
	{"nie, dziękuję", "pl", kind(No, "pl")},
	{"ok", "pl", kind(Yes, "pl")},
	// unknown
	{"qwerty asdf", "pl", kind(Unknown, "pl")},
}

var russianCases = []detectCase{
	// required phrases
	{"есть ли в наличии автомат 16А?", "ru", stock("ru", "автомат 16А")},
	{"когда доставка?", "ru", delivery("ru", 0)},
	{"где мой заказ №1042", "ru", delivery("ru", 1042)},
	{"позовите менеджера", "ru", kind(Human, "ru")},
	{"повторить последний заказ", "ru", kind(Reorder, "ru")},
	{"пришёл брак", "ru", kind(Complaint, "ru")},
	// stock
	{"Сколько стоит кабель ВВГ 3х2.5?", "ru", stock("ru", "кабель ВВГ 3х2.5")},
	{"у вас есть розетки Legrand?", "ru", stock("ru", "розетки Legrand")},
	{"автомат 16А", "ru", stock("ru", "автомат 16А")},
	{"нужен удлинитель 5 м, пожалуйста", "ru", stock("ru", "удлинитель 5 м")},
	// delivery
	{"Где заказ 77812?", "ru", delivery("ru", 77812)},
	{"трек-номер заказа N 5531", "ru", delivery("ru", 5531)},
	{"мой заказ 1042", "ru", delivery("ru", 1042)},
	{"когда привезут заказ на 500 штук?", "ru", delivery("ru", 0)},
	{"оплатил счёт 1042, где заказ?", "ru", delivery("ru", 0)},
	// reorder
	{"закажите то же самое, что в прошлый раз", "ru", kind(Reorder, "ru")},
	{"заказать из избранного", "ru", Result{Kind: Reorder, Lang: "ru", Favourites: true}},
	// complaint
	{"претензия по заказу 1042", "ru", Result{Kind: Complaint, Lang: "ru", OrderNumber: 1042}},
	{"в заказе №1042 не хватает двух автоматов", "ru", Result{Kind: Complaint, Lang: "ru", OrderNumber: 1042}},
	{"прислали не тот кабель, хочу вернуть", "ru", kind(Complaint, "ru")},
	{"коробка повреждена", "ru", kind(Complaint, "ru")},
	// human
	{"соедините с живым человеком", "ru", kind(Human, "ru")},
	{"хочу поговорить с оператором о браке", "ru", kind(Human, "ru")},
	// invoices
	{"сколько я должен?", "ru", kind(Invoices, "ru")},
	{"неоплаченные счета", "ru", kind(Invoices, "ru")},
	{"мой баланс", "ru", kind(Invoices, "ru")},
	{"какой у нас лимит?", "ru", kind(Invoices, "ru")},
	{"сколько у меня баллов?", "ru", kind(Invoices, "ru")},
	// help, greeting, thanks, cancel, yes, no
	{"что ты умеешь?", "ru", kind(Help, "ru")},
	{"Привет!", "ru", kind(Greeting, "ru")},
	{"Добрый день", "ru", kind(Greeting, "ru")},
	{"спасибо большое", "ru", kind(Thanks, "ru")},
	{"отмена", "ru", kind(Cancel, "ru")},
	{"нет, не надо", "ru", kind(Cancel, "ru")},
	{"да", "ru", kind(Yes, "ru")},
	{"Да, конечно", "ru", kind(Yes, "ru")},
	{"нет", "ru", kind(No, "ru")},
	{"нет, спасибо", "ru", kind(No, "ru")},
	// unknown
	{"фывапролд", "ru", kind(Unknown, "ru")},
}

var finnishCases = []detectCase{
	// required phrases
	{"onko johtoa varastossa?", "fi", stock("fi", "johtoa")},
	{"lamppu e27 10 kpl", "fi", stock("fi", "lamppu e27")},
	{"missä tilaukseni 1042 on?", "fi", delivery("fi", 1042)},
	{"haluan puhua ihmisen kanssa", "fi", kind(Human, "fi")},
	{"tilaa sama uudelleen", "fi", kind(Reorder, "fi")},
	{"tuote tuli rikki", "fi", kind(Complaint, "fi")},
	// stock
	{"löytyykö MCB-1P-C16-VT?", "fi", stock("fi", "MCB-1P-C16-VT")},
	{"Onko teillä kaapelia MMJ 3x1,5 saatavilla?", "fi", stock("fi", "kaapelia MMJ 3x1,5")},
	{"paljonko maksaa jatkojohto 10m", "fi", stock("fi", "jatkojohto 10m")},
	{"pistorasia IP44 kiitos", "fi", stock("fi", "pistorasia IP44")},
	// delivery
	{"milloin toimitus tulee?", "fi", delivery("fi", 0)},
	{"tilaus 1042", "fi", delivery("fi", 1042)},
	{"onko tilaus nro 88123 jo lähtenyt?", "fi", delivery("fi", 88123)},
	{"#1042", "fi", Result{Kind: Delivery, OrderNumber: 1042}},
	// reorder
	{"toista edellinen tilaus", "fi", kind(Reorder, "fi")},
	{"tilaa suosikeista", "fi", Result{Kind: Reorder, Lang: "fi", Favourites: true}},
	// complaint
	{"tilauksesta 1042 puuttuu tuote", "fi", Result{Kind: Complaint, Lang: "fi", OrderNumber: 1042}},
	{"haluan tehdä reklamaation", "fi", kind(Complaint, "fi")},
	{"väärä tuote tuli", "fi", kind(Complaint, "fi")},
	// human
	{"voinko puhua myyjän kanssa?", "fi", kind(Human, "fi")},
	{"asiakaspalvelu kiitos", "fi", kind(Human, "fi")},
	// invoices
	{"avoimet laskut", "fi", kind(Invoices, "fi")},
	{"paljonko olen velkaa?", "fi", kind(Invoices, "fi")},
	{"paljonko luottoa on jäljellä?", "fi", kind(Invoices, "fi")},
	{"paljonko minulla on bonuspisteitä?", "fi", kind(Invoices, "fi")},
	// help, greeting, thanks, cancel, yes, no
	{"mitä osaat?", "fi", kind(Help, "fi")},
	{"apua", "fi", kind(Help, "fi")},
	{"moi", "fi", kind(Greeting, "fi")},
	{"Hyvää päivää", "fi", kind(Greeting, "fi")},
	{"kiitos", "fi", kind(Thanks, "fi")},
	{"peruuta", "fi", kind(Cancel, "fi")},
	{"ei mitään", "fi", kind(Cancel, "fi")},
	{"kyllä", "fi", kind(Yes, "fi")},
	{"joo", "fi", kind(Yes, "fi")},
	{"ei", "fi", kind(No, "fi")},
	{"ei kiitos", "fi", kind(No, "fi")},
	// unknown
	{"hmph", "fi", kind(Unknown, "fi")},
}

// Texts written in another language than the conversation's.
var mixedCases = []detectCase{
	{"где мой заказ 1042", "pl", delivery("ru", 1042)},
	{"gdzie jest moje zamówienie 1042", "fi", delivery("pl", 1042)},
	{"missä tilaukseni on", "ru", delivery("fi", 0)},
	{"kiitos", "pl", kind(Thanks, "fi")},
	{"dziękuję", "fi", kind(Thanks, "pl")},
	{"спасибо", "fi", kind(Thanks, "ru")},
	{"MCB-1P-C16-VT", "ru", stock("ru", "MCB-1P-C16-VT")},
	{"MCB-1P-C16-VT", "", stock("", "MCB-1P-C16-VT")},
	{"ok", "fi", kind(Yes, "fi")},
	{"OK", "PL-pl", kind(Yes, "pl")},
}

// Inputs that must be Unknown.
var unknownCases = []detectCase{
	{"", "pl", kind(Unknown, "")},
	{"   ", "ru", kind(Unknown, "")},
	{"?!...", "fi", kind(Unknown, "")},
	{"🙂🙂🙂", "pl", kind(Unknown, "")},
	{"👍", "ru", kind(Unknown, "")},
	{"12345", "fi", kind(Unknown, "")},
	{"\xff\xfe\xfd", "pl", kind(Unknown, "")},
	{"lorem ipsum", "", kind(Unknown, "")},
}

func runCases(t *testing.T, cases []detectCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got := Detect(c.text, c.conv)
			if got != c.want {
				t.Errorf("Detect(%q, %q) = %+v, want %+v", c.text, c.conv, got, c.want)
			}
		})
	}
}

func TestDetectPolish(t *testing.T)  { runCases(t, polishCases) }
func TestDetectRussian(t *testing.T) { runCases(t, russianCases) }
func TestDetectFinnish(t *testing.T) { runCases(t, finnishCases) }
func TestDetectMixed(t *testing.T)   { runCases(t, mixedCases) }
func TestDetectUnknown(t *testing.T) { runCases(t, unknownCases) }

// Every Kind must be covered by the tables of every language.
func TestEveryKindPerLanguage(t *testing.T) {
	all := []Kind{Unknown, Greeting, Help, Stock, Delivery, Reorder, Complaint, Human, Invoices, Thanks, Cancel, Yes, No}
	for name, cases := range map[string][]detectCase{"pl": polishCases, "ru": russianCases, "fi": finnishCases} {
		if len(cases) < 15 {
			t.Errorf("%s: %d cases, want at least 15", name, len(cases))
		}
		seen := map[Kind]bool{}
		for _, c := range cases {
			seen[c.want.Kind] = true
		}
		for _, k := range all {
			if !seen[k] {
				t.Errorf("%s: no case for kind %q", name, k)
			}
		}
	}
}

func TestDiacriticsFolding(t *testing.T) {
	pairs := [][2]string{
		{"gdzie jest moje zamówienie 1042", "gdzie jest moje zamowienie 1042"},
		{"GDZIE JEST ZAMÓWIENIE 1042", "gdzie jest zamowienie 1042"},
		{"przyszedł uszkodzony towar", "przyszedl uszkodzony towar"},
		{"chcę rozmawiać z człowiekiem", "chce rozmawiac z czlowiekiem"},
		{"пришёл брак", "пришел брак"},
		{"счёт", "счет"},
		{"löytyykö johtoa", "loytyyko johtoa"},
		{"väärä tuote", "vaara tuote"},
		// decomposed: z + combining dot above, o + combining acute
		{"chcę rozmawiać z człowiekiem", "chce\u0328 rozmawiac\u0301 z cz\u0142owiekiem"},
	}
	for _, p := range pairs {
		a, b := Detect(p[0], "pl"), Detect(p[1], "pl")
		if a.Kind != b.Kind || a.OrderNumber != b.OrderNumber || a.Kind == Unknown {
			t.Errorf("%q → %+v but %q → %+v", p[0], a, p[1], b)
		}
	}
}

func TestInflection(t *testing.T) {
	cases := []struct {
		text string
		kind Kind
	}{
		{"gdzie są moje zamówienia?", Delivery},
		{"pytanie o zamówieniu 1042", Delivery},
		{"kiedy dostawy?", Delivery},
		{"reklamację chcę złożyć", Complaint},
		{"faktury", Invoices},
		{"macie kable?", Stock},
		{"заказа 1042 нет, где он?", Delivery},
		{"что с заказом 1042?", Delivery},
		{"доставку когда ждать?", Delivery},
		{"рекламация", Complaint},
		{"выставьте счёт", Invoices},
		{"tilauksen 1042 tila?", Delivery},
		{"toimituksen seuranta", Delivery},
		{"laskuja maksamatta", Invoices},
		{"viallinen kytkin", Complaint},
	}
	for _, c := range cases {
		if got := Detect(c.text, ""); got.Kind != c.kind {
			t.Errorf("Detect(%q) = %+v, want kind %q", c.text, got, c.kind)
		}
	}
}

func TestOrderNumberIsNotQuantity(t *testing.T) {
	for _, text := range []string{
		"zamówienie na 100 szt kabla",
		"заказ на 500 штук",
		"tilaus 200 kpl johtoa",
	} {
		if got := Detect(text, ""); got.OrderNumber != 0 {
			t.Errorf("Detect(%q).OrderNumber = %d, want 0", text, got.OrderNumber)
		}
	}
	for text, want := range map[string]int64{
		"zamówienie 12":                0, // too short
		"zamówienie 1234567890":        0, // too long
		"zamówienie 123456789":         123456789,
		"gdzie jest zamówienie #0042?": 42,
	} {
		if got := Detect(text, "pl"); got.OrderNumber != want {
			t.Errorf("Detect(%q).OrderNumber = %d, want %d", text, got.OrderNumber, want)
		}
	}
}

func TestInputCap(t *testing.T) {
	long := strings.Repeat("ä", MaxInput) + " gdzie jest zamówienie 1042"
	if got := Detect(long, "pl"); got.Kind != Unknown {
		t.Errorf("text past %d characters was used: %+v", MaxInput, got)
	}
	huge := strings.Repeat("kabel HDMI 2m ", 10000)
	got := Detect(huge, "pl")
	if got.Kind != Stock || utf8.RuneCountInString(got.Query) > MaxInput {
		t.Errorf("huge input: %+v", got)
	}
}

func checkInvariants(t *testing.T, text, lang string, r Result) {
	t.Helper()
	switch r.Kind {
	case Unknown, Greeting, Help, Stock, Delivery, Reorder, Complaint, Human, Invoices, Thanks, Cancel, Yes, No:
	default:
		t.Fatalf("Detect(%q, %q): bad kind %q", text, lang, r.Kind)
	}
	switch r.Lang {
	case "", "pl", "ru", "fi":
	default:
		t.Fatalf("Detect(%q, %q): bad lang %q", text, lang, r.Lang)
	}
	if r.Query != "" && r.Kind != Stock {
		t.Fatalf("Detect(%q, %q): query %q for kind %q", text, lang, r.Query, r.Kind)
	}
	if !utf8.ValidString(r.Query) || strings.TrimSpace(r.Query) != r.Query {
		t.Fatalf("Detect(%q, %q): bad query %q", text, lang, r.Query)
	}
	for _, w := range strings.Fields(r.Query) {
		if !strings.Contains(text, w) {
			t.Fatalf("Detect(%q, %q): query word %q not in input", text, lang, w)
		}
	}
	if r.OrderNumber != 0 {
		if r.Kind != Delivery && r.Kind != Complaint {
			t.Fatalf("Detect(%q, %q): order number %d for kind %q", text, lang, r.OrderNumber, r.Kind)
		}
		if r.OrderNumber < 0 || r.OrderNumber > 999999999 || !strings.Contains(text, strconv.FormatInt(r.OrderNumber, 10)) {
			t.Fatalf("Detect(%q, %q): bad order number %d", text, lang, r.OrderNumber)
		}
	}
	if r.Favourites && r.Kind != Reorder {
		t.Fatalf("Detect(%q, %q): favourites for kind %q", text, lang, r.Kind)
	}
}

func TestInvariantsOnTables(t *testing.T) {
	for _, cases := range [][]detectCase{polishCases, russianCases, finnishCases, mixedCases, unknownCases} {
		for _, c := range cases {
			checkInvariants(t, c.text, c.conv, Detect(c.text, c.conv))
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, cases := range [][]detectCase{polishCases, russianCases, finnishCases, mixedCases, unknownCases} {
		for _, c := range cases {
			f.Add(c.text, c.conv)
		}
	}
	f.Add("zamówienie #", "pl")
	f.Add("№", "ru")
	f.Add("a-", "fi")
	f.Add("-1-", "fi")
	f.Add("1,", "pl")
	f.Add("z\u0307", "pl")
	f.Fuzz(func(t *testing.T, text, lang string) {
		checkInvariants(t, text, lang, Detect(text, lang))
	})
}

func BenchmarkDetect(b *testing.B) {
	texts := []string{"macie kabel HDMI 2m?", "где мой заказ №1042", "onko johtoa varastossa?", strings.Repeat("kabel ", 200)}
	for i := 0; b.Loop(); i++ {
		Detect(texts[i%len(texts)], "pl")
	}
}
