// Package demo holds deterministic seed data for demo installations and
// tests: a trilingual (pl/ru/fi) catalogue of electrical installation
// supplies with net list prices in PLN, EUR and RUB.
//
// The catalogue is assembled from product families defined in the
// catalog_*.go files. Every family yields entries with a SKU, names,
// descriptions and a PLN price; Products turns them into ProductSeeds,
// assigning EAN codes, converting prices and linking substitutes.
package demo

// CategorySeed is one node of the category tree. Name is keyed by
// language: "pl", "ru", "fi".
type CategorySeed struct {
	Code   string            // e.g. "cables", "cables-power"; lowercase ascii with dashes
	Parent string            // parent Code, "" for top level
	Name   map[string]string // "pl","ru","fi" -> name
}

// ProductSeed is one catalogue item. Name and Description are keyed by
// language ("pl", "ru", "fi"); ListPrice is keyed by currency.
type ProductSeed struct {
	SKU         string            // unique, ascii uppercase letters, digits, dashes, <= 24 chars
	EAN         string            // valid EAN-13 with correct check digit, unique
	Category    string            // a leaf CategorySeed.Code
	Unit        string            // one of "pcs", "m", "set", "pack"
	PackSize    int               // >= 1; order quantities are multiples of it
	MinOrderQty int               // >= PackSize and a multiple of PackSize
	VATClass    string            // "standard" or "reduced"
	Name        map[string]string // keys "pl","ru","fi"
	Description map[string]string // keys "pl","ru","fi"; a few products lack one language
	ListPrice   map[string]int64  // net list price per Unit in minor units for "PLN","EUR","RUB"
	Substitutes []string          // SKUs of interchangeable products; may be empty
}

// Leaf category codes used by the product families.
const (
	catCablesPower    = "cables-power"
	catCablesFlexible = "cables-flexible"
	catCablesData     = "cables-data"
	catCablesAV       = "cables-av"
	catMCB            = "protection-mcb"
	catRCD            = "protection-rcd"
	catRCBO           = "protection-rcbo"
	catSurge          = "protection-surge"
	catFuses          = "protection-fuses"
	catSockets        = "wiring-sockets"
	catSwitches       = "wiring-switches"
	catFrames         = "wiring-frames"
	catBulbs          = "lighting-bulbs"
	catPanels         = "lighting-panels"
	catFloodlights    = "lighting-floodlights"
	catBattens        = "lighting-battens"
	catFlushBoxes     = "boxes-flush"
	catJunctionBoxes  = "boxes-junction"
	catBoards         = "boxes-boards"
	catConduits       = "cable-mgmt-conduits"
	catTrunking       = "cable-mgmt-trunking"
	catTies           = "cable-mgmt-ties"
	catGlands         = "cable-mgmt-glands"
	catMeters         = "tools-meters"
	catHandTools      = "tools-hand"
	catTapes          = "tools-tapes"
	catLeads          = "extension-leads"
	catReels          = "extension-reels"
	catSurgeStrips    = "extension-surge"
)

// Categories returns the category tree, parents before children.
func Categories() []CategorySeed {
	return []CategorySeed{
		category("cables", "", tr{"Kable i przewody", "Кабели и провода", "Kaapelit ja johdot"}),
		category(catCablesPower, "cables", tr{"Przewody instalacyjne", "Силовые и монтажные кабели", "Asennuskaapelit"}),
		category(catCablesFlexible, "cables", tr{"Przewody giętkie i jednożyłowe", "Гибкие и одножильные провода", "Taipuisat johdot ja johtimet"}),
		category(catCablesData, "cables", tr{"Kable teleinformatyczne", "Кабели связи и витая пара", "Tietoliikennekaapelit"}),
		category(catCablesAV, "cables", tr{"Przewody HDMI i audio-wideo", "Кабели HDMI и аудио-видео", "HDMI- ja AV-kaapelit"}),

		category("protection", "", tr{"Aparatura zabezpieczająca", "Защитная аппаратура", "Suojalaitteet"}),
		category(catMCB, "protection", tr{"Wyłączniki nadprądowe", "Автоматические выключатели", "Johdonsuojakatkaisijat"}),
		category(catRCD, "protection", tr{"Wyłączniki różnicowoprądowe", "Устройства защитного отключения (УЗО)", "Vikavirtasuojakytkimet"}),
		category(catRCBO, "protection", tr{"Wyłączniki różnicowo-nadprądowe", "Дифференциальные автоматы", "Vikavirtajohdonsuojakatkaisijat"}),
		category(catSurge, "protection", tr{"Ograniczniki przepięć", "Ограничители перенапряжений (УЗИП)", "Ylijännitesuojat"}),
		category(catFuses, "protection", tr{"Rozłączniki i wkładki bezpiecznikowe", "Предохранители и держатели", "Sulakekytkimet ja sulakkeet"}),

		category("wiring", "", tr{"Osprzęt elektroinstalacyjny", "Электроустановочные изделия", "Kytkimet ja pistorasiat"}),
		category(catSockets, "wiring", tr{"Gniazda", "Розетки", "Pistorasiat"}),
		category(catSwitches, "wiring", tr{"Łączniki i przyciski", "Выключатели и кнопки", "Kytkimet ja painikkeet"}),
		category(catFrames, "wiring", tr{"Ramki", "Рамки", "Peitekehykset"}),

		category("lighting", "", tr{"Oświetlenie", "Освещение", "Valaistus"}),
		category(catBulbs, "lighting", tr{"Żarówki LED", "Светодиодные лампы", "LED-lamput"}),
		category(catPanels, "lighting", tr{"Panele LED", "Светодиодные панели", "LED-paneelit"}),
		category(catFloodlights, "lighting", tr{"Naświetlacze LED", "Светодиодные прожекторы", "LED-valonheittimet"}),
		category(catBattens, "lighting", tr{"Oprawy hermetyczne", "Пылевлагозащищённые светильники", "Kosteussuojatut valaisimet"}),

		category("boxes", "", tr{"Puszki i rozdzielnice", "Коробки и щиты", "Rasiat ja keskukset"}),
		category(catFlushBoxes, "boxes", tr{"Puszki podtynkowe", "Подрозетники", "Kojerasiat"}),
		category(catJunctionBoxes, "boxes", tr{"Puszki natynkowe hermetyczne", "Распределительные коробки", "Jakorasiat"}),
		category(catBoards, "boxes", tr{"Rozdzielnice modułowe", "Распределительные щиты", "Ryhmäkeskukset"}),

		category("cable-mgmt", "", tr{"Systemy prowadzenia przewodów", "Кабеленесущие системы", "Kaapelointitarvikkeet"}),
		category(catConduits, "cable-mgmt", tr{"Rury instalacyjne", "Трубы электромонтажные", "Asennusputket"}),
		category(catTrunking, "cable-mgmt", tr{"Listwy instalacyjne", "Кабель-каналы", "Johtokanavat"}),
		category(catTies, "cable-mgmt", tr{"Opaski kablowe", "Кабельные стяжки", "Nippusiteet"}),
		category(catGlands, "cable-mgmt", tr{"Dławnice kablowe", "Кабельные вводы", "Kaapeliläpiviennit"}),

		category("tools", "", tr{"Narzędzia i mierniki", "Инструмент и измерительные приборы", "Työkalut ja mittarit"}),
		category(catMeters, "tools", tr{"Mierniki i próbniki", "Измерительные приборы и индикаторы", "Mittarit ja koettimet"}),
		category(catHandTools, "tools", tr{"Narzędzia ręczne", "Ручной инструмент", "Käsityökalut"}),
		category(catTapes, "tools", tr{"Taśmy izolacyjne", "Изоляционные ленты", "Eristysteipit"}),

		category("extension", "", tr{"Przedłużacze i listwy zasilające", "Удлинители и сетевые фильтры", "Jatkojohdot ja johtokelat"}),
		category(catLeads, "extension", tr{"Przedłużacze", "Удлинители", "Jatkojohdot"}),
		category(catReels, "extension", tr{"Przedłużacze bębnowe", "Удлинители на катушке", "Johtokelat"}),
		category(catSurgeStrips, "extension", tr{"Listwy przeciwprzepięciowe", "Сетевые фильтры", "Ylijännitesuojatut jatkojohdot"}),
	}
}

func category(code, parent string, name tr) CategorySeed {
	return CategorySeed{Code: code, Parent: parent, Name: name.m()}
}

// families lists the product family builders in catalogue order.
var families = []func() []entry{
	cableEntries,
	protectionEntries,
	wiringEntries,
	lightingEntries,
	boxEntries,
	cableMgmtEntries,
	toolEntries,
	extensionEntries,
}

// eanPrefix is the (invented) GS1 Poland company prefix of the
// distributor's own labels; the item reference follows as 5 digits.
const eanPrefix = "5907412"

// Products returns the full demo catalogue. The result is freshly built on
// every call (callers may modify it) and is identical between calls.
func Products() []ProductSeed {
	var entries []entry
	for _, f := range families {
		entries = append(entries, f()...)
	}

	groups := make(map[string][]string)
	for _, e := range entries {
		if e.sub != "" {
			groups[e.sub] = append(groups[e.sub], e.sku)
		}
	}

	out := make([]ProductSeed, len(entries))
	for i, e := range entries {
		var subs []string
		for _, sku := range groups[e.sub] {
			if sku != e.sku {
				subs = append(subs, sku)
			}
		}
		vat := e.vat
		if vat == "" {
			vat = "standard"
		}
		out[i] = ProductSeed{
			SKU:         e.sku,
			EAN:         ean(i + 1),
			Category:    e.cat,
			Unit:        e.unit,
			PackSize:    e.pack,
			MinOrderQty: e.moq,
			VATClass:    vat,
			Name:        e.name.m(),
			Description: e.desc.m(),
			ListPrice:   listPrice(e.pln),
			Substitutes: subs,
		}
	}
	dropSomeDescriptions(out)
	return out
}

// dropSomeDescriptions removes one description language from ten products
// spread over the catalogue, so that language fallback can be exercised.
func dropSomeDescriptions(ps []ProductSeed) {
	const n = 10
	langs := [...]string{"fi", "ru", "pl"}
	step := len(ps) / n
	if step == 0 {
		return
	}
	for k := 0; k < n; k++ {
		delete(ps[7+k*step].Description, langs[k%len(langs)])
	}
}

// EANCheckDigit returns the EAN-13 check digit (as an ASCII digit) for the
// first 12 digits of a code. It returns 0 if first12 is not exactly 12
// ASCII digits.
func EANCheckDigit(first12 string) byte {
	if len(first12) != 12 {
		return 0
	}
	sum := 0
	for i := 0; i < 12; i++ {
		c := first12[i]
		if c < '0' || c > '9' {
			return 0
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

func ean(item int) string {
	s := eanPrefix + pad5(item)
	return s + string(EANCheckDigit(s))
}

func pad5(n int) string {
	b := []byte("00000")
	for i := len(b) - 1; i >= 0 && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

// listPrice converts a net PLN price in grosze into the three list
// currencies. EUR uses 4.30 PLN/EUR and RUB 21 RUB/PLN, rounded the way a
// price list would be: small amounts to the cent/50 kopecks, larger ones
// to 5 or 10 cents and to whole (or tens of) roubles.
func listPrice(pln int64) map[string]int64 {
	eur := roundDiv(pln*10, 43)
	switch {
	case eur >= 10000:
		eur = roundTo(eur, 10)
	case eur >= 1000:
		eur = roundTo(eur, 5)
	}
	rub := pln * 21
	switch {
	case rub >= 100000:
		rub = roundTo(rub, 1000)
	case rub >= 10000:
		rub = roundTo(rub, 100)
	default:
		rub = roundTo(rub, 50)
	}
	return map[string]int64{"PLN": pln, "EUR": max(eur, 1), "RUB": max(rub, 1)}
}

func roundDiv(a, b int64) int64 { return (a + b/2) / b }

func roundTo(x, step int64) int64 { return roundDiv(x, step) * step }

// pct scales a price by p percent, keeping grosze precision (used for
// per-metre prices).
func pct(gr, p int64) int64 { return roundDiv(gr*p, 100) }

// nice scales a price by p percent and rounds it like a shelf price:
// to the nearest x,90 zł from 10 zł up, to 10 grosze below.
func nice(gr, p int64) int64 {
	v := pct(gr, p)
	if v < 1000 {
		return max(roundTo(v, 10), 10)
	}
	return roundTo(v+10, 100) - 10
}

// tr is a text in the three catalogue languages.
type tr struct{ pl, ru, fi string }

func (t tr) m() map[string]string {
	return map[string]string{"pl": t.pl, "ru": t.ru, "fi": t.fi}
}

// entry is one product as produced by a family builder.
type entry struct {
	sku  string
	cat  string
	unit string
	pack int
	moq  int
	vat  string // "" means "standard"
	name tr
	desc tr
	pln  int64  // net list price per unit in grosze
	sub  string // substitution group; entries with the same key substitute each other
}

// brand is an invented manufacturer; code is used in SKUs.
type brand struct{ name, code string }

// offer is a brand carrying a product family, priced at p percent of the
// family's base price.
type offer struct {
	b brand
	p int64
}

var (
	elkam   = brand{"Elkam", "EL"}
	severa  = brand{"Severa", "SV"}
	voltera = brand{"Voltera", "VT"}
	ampero  = brand{"Ampero", "AM"}
	lumio   = brand{"Lumio", "LU"}
	korvo   = brand{"Korvo", "KO"}
	tekra   = brand{"Tekra", "TK"}
	linkora = brand{"Linkora", "LK"}
)

// colour holds the grammatical forms needed by the names: Polish
// masculine/feminine/neuter and Russian masculine/feminine agreement.
type colour struct {
	code          string
	plM, plF, plN string
	ruM, ruF      string
	fi            string
}

var (
	white       = colour{"WH", "biały", "biała", "białe", "белый", "белая", "valkoinen"}
	black       = colour{"BK", "czarny", "czarna", "czarne", "чёрный", "чёрная", "musta"}
	blue        = colour{"BU", "niebieski", "niebieska", "niebieskie", "синий", "синяя", "sininen"}
	yellowGreen = colour{"YG", "żółto-zielony", "żółto-zielona", "żółto-zielone", "жёлто-зелёный", "жёлто-зелёная", "keltavihreä"}
	brown       = colour{"BN", "brązowy", "brązowa", "brązowe", "коричневый", "коричневая", "ruskea"}
	grey        = colour{"GY", "szary", "szara", "szare", "серый", "серая", "harmaa"}
	red         = colour{"RD", "czerwony", "czerwona", "czerwone", "красный", "красная", "punainen"}
	anthracite  = colour{"AN", "antracytowy", "antracytowa", "antracytowe", "антрацитовый", "антрацитовая", "antrasiitti"}
	cream       = colour{"CR", "kremowy", "kremowa", "kremowe", "кремовый", "кремовая", "kermanvalkoinen"}
)

// pl returns the Polish adjective agreeing with gender g ('m', 'f', 'n').
func (c colour) pl(g byte) string {
	switch g {
	case 'f':
		return c.plF
	case 'n':
		return c.plN
	}
	return c.plM
}

// ru returns the Russian adjective agreeing with gender g ('m', 'f').
func (c colour) ru(g byte) string {
	if g == 'f' {
		return c.ruF
	}
	return c.ruM
}

// plPlural picks the Polish noun form for n: one (1), few (2–4, 22–24, …)
// or many (0, 5–21, 25–31, …).
func plPlural(n int, one, few, many string) string {
	switch {
	case n == 1:
		return one
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return few
	}
	return many
}

// ruPlural picks the Russian noun form for n: one (1, 21, …), few (2–4,
// 22–24, …) or many (0, 5–20, 25–30, …).
func ruPlural(n int, one, few, many string) string {
	switch {
	case n%10 == 1 && n%100 != 11:
		return one
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return few
	}
	return many
}
