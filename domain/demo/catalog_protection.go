package demo

import "fmt"

// protectionEntries: MCBs, RCDs, RCBOs, surge arresters, fuse holders
// and fuse links.
func protectionEntries() []entry {
	var es []entry
	es = append(es, mcbEntries()...)
	es = append(es, rcdEntries()...)
	es = append(es, rcboEntries()...)
	es = append(es, surgeEntries()...)
	es = append(es, fuseEntries()...)
	return es
}

// pole describes a pole configuration as written in each language.
type pole struct {
	code  string // for SKUs
	label string // "1P", "3P+N" (same in pl and ru)
	fi    string // "1-napainen", "3+N"
}

var (
	pole1P  = pole{"1P", "1P", "1-napainen"}
	pole1PN = pole{"1PN", "1P+N", "1+N"}
	pole2P  = pole{"2P", "2P", "2-napainen"}
	pole3P  = pole{"3P", "3P", "3-napainen"}
	pole3PN = pole{"3PN", "3P+N", "3+N"}
	pole4P  = pole{"4P", "4P", "4-napainen"}
)

// mcbBase is the 1P B-curve price in grosze by rated current.
var mcbBase = map[int]int64{
	6: 1690, 10: 1590, 13: 1590, 16: 1590, 20: 1690,
	25: 1790, 32: 1890, 40: 2990, 50: 3690, 63: 3990,
}

// curve holds the tripping-curve wording of MCB descriptions.
var curveUse = map[string]tr{
	"B": {
		"do ochrony obwodów gniazd i oświetlenia",
		"для защиты розеточных и осветительных линий",
		"pistorasia- ja valaistusryhmille",
	},
	"C": {
		"do obwodów z odbiornikami o dużym prądzie rozruchu, np. silników i pomp",
		"для цепей с высокими пусковыми токами (двигатели, насосы)",
		"ryhmille, joissa on suuri käynnistysvirta (moottorit, pumput)",
	},
}

func mcbEntries() []entry {
	currents := []int{6, 10, 13, 16, 20, 25, 32, 40, 50, 63}
	var es []entry
	add := func(b offer, p pole, curve string, amps int) {
		base := mcbBase[amps]
		if curve == "C" {
			base += 100
		}
		width := tr{"szerokość 1 modułu", "ширина 1 модуль", "leveys 1 moduuli"}
		if p == pole3P {
			base = 3*base + 900
			width = tr{"szerokość 3 modułów", "ширина 3 модуля", "leveys 3 moduulia"}
		}
		use := curveUse[curve]
		es = append(es, entry{
			sku: fmt.Sprintf("MCB-%s-%s%d-%s", p.code, curve, amps, b.b.code), cat: catMCB,
			unit: "pcs", pack: 1, moq: 1,
			name: tr{
				fmt.Sprintf("Wyłącznik nadprądowy %s %s%d 6 kA, %s", p.label, curve, amps, b.b.name),
				fmt.Sprintf("Автоматический выключатель %s %d А, характеристика %s, 6 кА, %s", p.label, amps, curve, b.b.name),
				fmt.Sprintf("Johdonsuojakatkaisija %s %s%d 6 kA, %s", p.fi, curve, amps, b.b.name),
			},
			desc: tr{
				fmt.Sprintf("Modułowy wyłącznik nadprądowy o charakterystyce %s %s, zdolność zwarciowa 6 kA. Montaż na szynie TH35, %s.", curve, use.pl, width.pl),
				fmt.Sprintf("Модульный автоматический выключатель с характеристикой %s %s, отключающая способность 6 кА. Монтаж на DIN-рейку 35 мм, %s.", curve, use.ru, width.ru),
				fmt.Sprintf("Modulaarinen johdonsuojakatkaisija, %s-käyrä %s, katkaisukyky 6 kA. Asennus DIN-kiskoon, %s.", curve, use.fi, width.fi),
			},
			pln: nice(base, b.p), sub: fmt.Sprintf("mcb-%s-%s%d", p.code, curve, amps),
		})
	}
	vt := offer{voltera, 100}
	for _, p := range []pole{pole1P, pole3P} {
		for _, curve := range []string{"B", "C"} {
			for _, a := range currents {
				add(vt, p, curve, a)
			}
		}
	}
	am := offer{ampero, 92}
	for _, curve := range []string{"B", "C"} {
		for _, a := range []int{10, 13, 16, 20, 25, 32} {
			add(am, pole1P, curve, a)
		}
	}
	return es
}

func rcdEntries() []entry {
	typeNote := map[string]tr{
		"AC": {
			"Typ AC wykrywa sinusoidalne prądy różnicowe; do prostych obwodów oświetlenia i gniazd.",
			"Тип AC реагирует на синусоидальный дифференциальный ток; для простых осветительных и розеточных цепей.",
			"Tyyppi AC tunnistaa siniaaltoiset vikavirrat; yksinkertaisiin valaistus- ja pistorasiaryhmiin.",
		},
		"A": {
			"Typ A wykrywa także prądy pulsujące, zalecany do obwodów z elektroniką (pralki, płyty indukcyjne, falowniki).",
			"Тип A реагирует также на пульсирующий ток, рекомендуется для цепей с электроникой (стиральные машины, индукционные плиты).",
			"Tyyppi A tunnistaa myös sykkivät vikavirrat, suositellaan elektroniikkaa sisältäville ryhmille (pesukoneet, induktiotasot).",
		},
	}
	price := map[pole]map[int]int64{
		pole2P: {25: 6990, 40: 7490, 63: 9990},
		pole4P: {25: 9990, 40: 10990, 63: 13990},
	}
	var es []entry
	add := func(b offer, p pole, amps int, typ string) {
		base := price[p][amps]
		if typ == "A" {
			if p == pole2P {
				base += 3000
			} else {
				base += 5000
			}
		}
		note := typeNote[typ]
		es = append(es, entry{
			sku: fmt.Sprintf("RCD-%s-%d-%s-%s", p.code, amps, typ, b.b.code), cat: catRCD,
			unit: "pcs", pack: 1, moq: 1,
			name: tr{
				fmt.Sprintf("Wyłącznik różnicowoprądowy %s %d A 30 mA typ %s, %s", p.label, amps, typ, b.b.name),
				fmt.Sprintf("Выключатель дифференциального тока (УЗО) %s %d А 30 мА тип %s, %s", p.label, amps, typ, b.b.name),
				fmt.Sprintf("Vikavirtasuojakytkin %s %d A 30 mA tyyppi %s, %s", p.fi, amps, typ, b.b.name),
			},
			desc: tr{
				"Chroni przed porażeniem, wyłączając obwód przy prądzie upływu 30 mA; nie zastępuje zabezpieczenia nadprądowego. " + note.pl,
				"Защищает от поражения током, отключая цепь при токе утечки 30 мА; не заменяет защиту от перегрузки. " + note.ru,
				"Suojaa sähköiskulta katkaisemalla piirin 30 mA vikavirralla; ei korvaa ylivirtasuojausta. " + note.fi,
			},
			pln: nice(base, b.p), sub: fmt.Sprintf("rcd-%s-%d-%s", p.code, amps, typ),
		})
	}
	for _, p := range []pole{pole2P, pole4P} {
		for _, a := range []int{25, 40, 63} {
			for _, t := range []string{"AC", "A"} {
				add(offer{voltera, 100}, p, a, t)
				if a != 63 {
					add(offer{ampero, 93}, p, a, t)
				}
			}
		}
	}
	return es
}

func rcboEntries() []entry {
	base := map[int]int64{10: 12490, 16: 12490, 20: 12990, 25: 13490, 32: 13990}
	var es []entry
	add := func(b offer, curve string, amps int) {
		pln := base[amps]
		if curve == "C" {
			pln += 500
		}
		es = append(es, entry{
			sku: fmt.Sprintf("RCBO-%s%d-A-%s", curve, amps, b.b.code), cat: catRCBO,
			unit: "pcs", pack: 1, moq: 1,
			name: tr{
				fmt.Sprintf("Wyłącznik różnicowo-nadprądowy 1P+N %s%d 30 mA typ A, %s", curve, amps, b.b.name),
				fmt.Sprintf("Дифференциальный автомат 1P+N %d А, характеристика %s, 30 мА, тип A, %s", amps, curve, b.b.name),
				fmt.Sprintf("Vikavirtajohdonsuojakatkaisija 1+N %s%d 30 mA tyyppi A, %s", curve, amps, b.b.name),
			},
			desc: tr{
				"Łączy funkcje wyłącznika nadprądowego i różnicowoprądowego w jednym aparacie o szerokości 2 modułów. Pozwala zabezpieczyć każdy obwód osobno, więc upływ w jednym nie wyłącza całej instalacji.",
				"Объединяет функции автоматического выключателя и УЗО в одном аппарате шириной 2 модуля. Позволяет защитить каждую линию отдельно, чтобы утечка в одной не отключала всю установку.",
				"Yhdistää johdonsuojakatkaisijan ja vikavirtasuojan yhteen 2 moduulin laitteeseen. Jokainen ryhmä suojataan erikseen, joten yhden ryhmän vika ei katkaise koko asennusta.",
			},
			pln: nice(pln, b.p), sub: fmt.Sprintf("rcbo-%s%d", curve, amps),
		})
	}
	for _, curve := range []string{"B", "C"} {
		for _, a := range []int{10, 16, 20, 25, 32} {
			add(offer{voltera, 100}, curve, a)
		}
	}
	for _, a := range []int{10, 16, 20} {
		add(offer{ampero, 94}, "C", a)
	}
	return es
}

func surgeEntries() []entry {
	t2 := tr{
		"Ogranicznik klasy II do rozdzielnic mieszkaniowych i podrozdzielnic, chroni odbiorniki przed przepięciami w sieci zasilającej. Wymienne wkładki ze wskaźnikiem zużycia, napięcie trwałej pracy 275 V.",
		"УЗИП класса II для квартирных и этажных щитов, защищает оборудование от импульсных перенапряжений в сети. Сменные модули с индикатором состояния, длительное рабочее напряжение 275 В.",
		"Luokan II ylijännitesuoja asuntojen ryhmä- ja alakeskuksiin, suojaa laitteita verkon ylijännitteiltä. Vaihdettavat moduulit kuntoilmaisimella, jatkuva käyttöjännite 275 V.",
	}
	t12 := tr{
		"Ogranicznik kombinowany klasy I+II do złącza lub rozdzielnicy głównej budynku z instalacją odgromową. Prąd udarowy 12,5 kA (10/350 µs) na biegun.",
		"Комбинированный УЗИП класса I+II для вводно-распределительных устройств зданий с молниезащитой. Импульсный ток 12,5 кА (10/350 мкс) на полюс.",
		"Yhdistetty luokan I+II ylijännitesuoja pääkeskukseen rakennuksissa, joissa on ukkossuojaus. Syöksyvirta 12,5 kA (10/350 µs) napaa kohden.",
	}
	type spd struct {
		code     string
		clsPL    string
		cls      string
		p        pole
		kA, kARU string
		desc     tr
		pln      int64
	}
	spds := []spd{
		{"T2", "T2 (C)", "T2", pole1P, "40 kA", "40 кА", t2, 5990},
		{"T2", "T2 (C)", "T2", pole1PN, "40 kA", "40 кА", t2, 11990},
		{"T2", "T2 (C)", "T2", pole3P, "40 kA", "40 кА", t2, 16990},
		{"T2", "T2 (C)", "T2", pole3PN, "40 kA", "40 кА", t2, 21990},
		{"T12", "T1+T2 (B+C)", "T1+T2", pole3P, "12,5 kA", "12,5 кА", t12, 54990},
		{"T12", "T1+T2 (B+C)", "T1+T2", pole3PN, "12,5 kA", "12,5 кА", t12, 69990},
	}
	var es []entry
	for _, s := range spds {
		for _, b := range []offer{{voltera, 100}, {ampero, 94}} {
			es = append(es, entry{
				sku: fmt.Sprintf("SPD-%s-%s-%s", s.code, s.p.code, b.b.code), cat: catSurge,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Ogranicznik przepięć %s %s %s 275 V, %s", s.clsPL, s.p.label, s.kA, b.b.name),
					fmt.Sprintf("Ограничитель перенапряжений УЗИП %s %s %s 275 В, %s", s.cls, s.p.label, s.kARU, b.b.name),
					fmt.Sprintf("Ylijännitesuoja %s %s %s 275 V, %s", s.cls, s.p.fi, s.kA, b.b.name),
				},
				desc: s.desc,
				pln:  nice(s.pln, b.p), sub: "spd-" + s.code + "-" + s.p.code,
			})
		}
	}
	return es
}

func fuseEntries() []entry {
	type holder struct {
		size string
		p    pole
		max  int
		pln  int64
	}
	holders := []holder{
		{"10x38", pole1P, 32, 2490}, {"10x38", pole1PN, 32, 4490}, {"10x38", pole2P, 32, 4690},
		{"10x38", pole3P, 32, 6990}, {"10x38", pole3PN, 32, 8990},
		{"14x51", pole1P, 50, 3990}, {"14x51", pole3P, 50, 10990},
	}
	var es []entry
	for _, h := range holders {
		offers := []offer{{ampero, 100}}
		if h.size == "10x38" && (h.p == pole1P || h.p == pole3P) {
			offers = append(offers, offer{voltera, 108})
		}
		code := map[string]string{"10x38": "10X38", "14x51": "14X51"}[h.size]
		for _, b := range offers {
			es = append(es, entry{
				sku: fmt.Sprintf("FH-%s-%s-%s", code, h.p.code, b.b.code), cat: catFuses,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Rozłącznik bezpiecznikowy %s %s do %d A, %s", h.size, h.p.label, h.max, b.b.name),
					fmt.Sprintf("Держатель предохранителя модульный %s %s до %d А, %s", h.size, h.p.label, h.max, b.b.name),
					fmt.Sprintf("Sulakekytkin %s %s enintään %d A, %s", h.size, h.p.fi, h.max, b.b.name),
				},
				desc: tr{
					fmt.Sprintf("Modułowa podstawa z funkcją rozłączania do cylindrycznych wkładek topikowych %s, montaż na szynie TH35. Wkładki sprzedawane osobno.", h.size),
					fmt.Sprintf("Модульный держатель с функцией разъединения для цилиндрических плавких вставок %s, монтаж на DIN-рейку. Вставки продаются отдельно.", h.size),
					fmt.Sprintf("Modulaarinen sulakekytkin %s-lieriösulakkeille, asennus DIN-kiskoon. Sulakkeet myydään erikseen.", h.size),
				},
				pln: nice(h.pln, b.p), sub: "fh-" + code + "-" + h.p.code,
			})
		}
	}
	for _, a := range []int{2, 4, 6, 10, 16, 20, 25, 32} {
		pln := int64(290)
		if a == 32 {
			pln = 320
		}
		es = append(es, entry{
			sku: fmt.Sprintf("FUSE-10X38-GG%d-%s", a, ampero.code), cat: catFuses,
			unit: "pcs", pack: 10, moq: 10,
			name: tr{
				fmt.Sprintf("Wkładka topikowa cylindryczna 10x38 gG %d A, %s", a, ampero.name),
				fmt.Sprintf("Плавкая вставка цилиндрическая 10x38 gG %d А, %s", a, ampero.name),
				fmt.Sprintf("Lieriösulake 10x38 gG %d A, %s", a, ampero.name),
			},
			desc: tr{
				"Wkładka o charakterystyce gG do ochrony przewodów przed przeciążeniem i zwarciem, zdolność wyłączania 100 kA przy 400 V AC. Sprzedawana w opakowaniach po 10 szt., cena za sztukę.",
				"Вставка с характеристикой gG для защиты проводников от перегрузки и короткого замыкания, отключающая способность 100 кА при 400 В AC. Продаётся упаковками по 10 шт., цена за штуку.",
				"gG-sulake johtimien ylikuormitus- ja oikosulkusuojaukseen, katkaisukyky 100 kA / 400 V AC. Myydään 10 kpl pakkauksissa, hinta kappaleelta.",
			},
			pln: pln,
		})
	}
	return es
}
