package demo

import "fmt"

// lightingEntries: LED bulbs, LED panels, floodlights and IP65 battens.
func lightingEntries() []entry {
	var es []entry
	es = append(es, bulbEntries()...)
	es = append(es, panelEntries()...)
	es = append(es, floodlightEntries()...)
	es = append(es, battenEntries()...)
	return es
}

// cct is a colour temperature with its customary description.
type cct struct {
	kelvin int
	code   string
	label  tr
}

var (
	warm    = cct{3000, "3K", tr{"barwa ciepła", "тёплый свет", "lämmin valkoinen"}}
	neutral = cct{4000, "4K", tr{"barwa neutralna", "нейтральный свет", "neutraali valkoinen"}}
)

func bulbEntries() []entry {
	type bulb struct {
		code    string
		base    string // lamp base for descriptions
		shape   tr     // base and shape as written in names
		watts   int
		lumens  int
		equiv   int // wattage of the replaced lamp
		angle   int
		replace tr // kind of lamp replaced, with %d for wattage
		pln     int64
	}
	incandescent := tr{"Zamiennik tradycyjnej żarówki %d W", "Замена лампы накаливания %d Вт", "Korvaa %d W hehkulampun"}
	halogen := tr{"Zamiennik żarówki halogenowej %d W", "Замена галогенной лампы %d Вт", "Korvaa %d W halogeenilampun"}
	a60 := tr{"E27 A60", "E27 A60", "E27 A60"}
	c37 := tr{"E14 świeczka C37", "E14 свеча C37", "E14 kynttilä C37"}
	gu10 := tr{"GU10", "GU10", "GU10"}
	bulbs := []bulb{
		{"E27-7W", "E27", a60, 7, 600, 50, 200, incandescent, 890},
		{"E27-9W", "E27", a60, 9, 806, 60, 200, incandescent, 990},
		{"E27-11W", "E27", a60, 11, 1055, 75, 200, incandescent, 1290},
		{"E27-13W", "E27", a60, 13, 1521, 100, 200, incandescent, 1590},
		{"E27-15W", "E27", a60, 15, 1900, 120, 200, incandescent, 1890},
		{"E14C-4W", "E14", c37, 4, 250, 25, 180, incandescent, 850},
		{"E14C-6W", "E14", c37, 6, 470, 40, 180, incandescent, 1090},
		{"GU10-3W", "GU10", gu10, 3, 230, 35, 36, halogen, 890},
		{"GU10-5W", "GU10", gu10, 5, 350, 50, 36, halogen, 1090},
		{"GU10-7W", "GU10", gu10, 7, 560, 75, 36, halogen, 1390},
	}
	severaCodes := map[string]bool{"E27-9W": true, "E27-11W": true, "E27-13W": true, "GU10-5W": true}

	var es []entry
	for _, bl := range bulbs {
		offers := []offer{{lumio, 100}}
		if severaCodes[bl.code] {
			offers = append(offers, offer{severa, 95})
		}
		for _, t := range []cct{warm, neutral} {
			for _, b := range offers {
				es = append(es, entry{
					sku: fmt.Sprintf("LED-%s-%s-%s", bl.code, t.code, b.b.code), cat: catBulbs,
					unit: "pcs", pack: 1, moq: 10,
					name: tr{
						fmt.Sprintf("Żarówka LED %s %d W %d lm %d K, %s, %s", bl.shape.pl, bl.watts, bl.lumens, t.kelvin, t.label.pl, b.b.name),
						fmt.Sprintf("Лампа светодиодная %s %d Вт %d лм %d К, %s, %s", bl.shape.ru, bl.watts, bl.lumens, t.kelvin, t.label.ru, b.b.name),
						fmt.Sprintf("LED-lamppu %s %d W %d lm %d K, %s, %s", bl.shape.fi, bl.watts, bl.lumens, t.kelvin, t.label.fi, b.b.name),
					},
					desc: tr{
						fmt.Sprintf(bl.replace.pl+", trzonek %s, kąt świecenia %d°, CRI > 80, trwałość 15 000 h. Nie współpracuje ze ściemniaczami.", bl.equiv, bl.base, bl.angle),
						fmt.Sprintf(bl.replace.ru+", цоколь %s, угол свечения %d°, CRI > 80, срок службы 15 000 ч. Не предназначена для работы с диммерами.", bl.equiv, bl.base, bl.angle),
						fmt.Sprintf(bl.replace.fi+", kanta %s, valokulma %d°, CRI > 80, käyttöikä 15 000 h. Ei himmennettävä.", bl.equiv, bl.base, bl.angle),
					},
					pln: nice(bl.pln, b.p), sub: "bulb-" + bl.code + "-" + t.code,
				})
			}
		}
	}
	return es
}

func panelEntries() []entry {
	recessed := struct{ label, desc tr }{
		tr{"podtynkowy", "встраиваемая", "uppoasennus"},
		tr{
			"Do montażu w suficie podwieszanym lub w otworze w płycie g-k; zasilacz w zestawie. CRI > 80, trwałość 30 000 h.",
			"Для установки в подвесной потолок или в проём в гипсокартоне; драйвер в комплекте. CRI > 80, срок службы 30 000 ч.",
			"Asennetaan alakattoon tai kipsilevyyn tehtyyn aukkoon; liitäntälaite mukana. CRI > 80, käyttöikä 30 000 h.",
		},
	}
	surface := struct{ label, desc tr }{
		tr{"natynkowy", "накладная", "pinta-asennus"},
		tr{
			"Do montażu natynkowego na suficie lub ścianie, zasilacz wbudowany. CRI > 80, trwałość 30 000 h.",
			"Для накладного монтажа на потолок или стену, драйвер встроенный. CRI > 80, срок службы 30 000 ч.",
			"Pinta-asennukseen kattoon tai seinään, sisäänrakennettu liitäntälaite. CRI > 80, käyttöikä 30 000 h.",
		},
	}
	type panel struct {
		code   string
		shape  tr
		watts  int
		lumens int
		t      cct
		mount  struct{ label, desc tr }
		ugr    bool
		severa bool
		pln    int64
	}
	sq := func(s string) tr {
		return tr{"Panel LED " + s, "Светодиодная панель " + s, "LED-paneeli " + s}
	}
	round := func(d string) tr {
		return tr{"Panel LED okrągły Ø" + d + " mm", "Светодиодная панель круглая Ø" + d + " мм", "Pyöreä LED-paneeli Ø" + d + " mm"}
	}
	panels := []panel{
		{"600-36W", sq("600x600"), 36, 3600, neutral, recessed, false, true, 8990},
		{"600-40W", sq("600x600"), 40, 4000, neutral, recessed, true, true, 12990},
		{"600-40W", sq("600x600"), 40, 4000, warm, recessed, true, false, 12990},
		{"1200-40W", sq("1200x300"), 40, 4000, neutral, recessed, false, false, 13990},
		{"300-18W", sq("300x300"), 18, 1800, neutral, recessed, false, false, 5990},
		{"R170-12W", round("170"), 12, 1100, neutral, recessed, false, false, 2990},
		{"R220-18W", round("220"), 18, 1650, neutral, recessed, false, true, 3990},
		{"R225N-18W", round("225"), 18, 1650, neutral, surface, false, false, 4490},
		{"R300N-24W", round("300"), 24, 2200, neutral, surface, false, false, 5990},
	}
	var es []entry
	for _, p := range panels {
		offers := []offer{{lumio, 100}}
		if p.severa {
			offers = append(offers, offer{severa, 94})
		}
		ugr := ""
		if p.ugr {
			ugr = ", UGR<19"
		}
		for _, b := range offers {
			es = append(es, entry{
				sku: fmt.Sprintf("PNL-%s-%s-%s", p.code, p.t.code, b.b.code), cat: catPanels,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("%s %d W %d lm %d K, %s%s, %s", p.shape.pl, p.watts, p.lumens, p.t.kelvin, p.mount.label.pl, ugr, b.b.name),
					fmt.Sprintf("%s %d Вт %d лм %d К, %s%s, %s", p.shape.ru, p.watts, p.lumens, p.t.kelvin, p.mount.label.ru, ugr, b.b.name),
					fmt.Sprintf("%s %d W %d lm %d K, %s%s, %s", p.shape.fi, p.watts, p.lumens, p.t.kelvin, p.mount.label.fi, ugr, b.b.name),
				},
				desc: p.mount.desc,
				pln:  nice(p.pln, b.p), sub: "panel-" + p.code + "-" + p.t.code,
			})
		}
	}
	return es
}

func floodlightEntries() []entry {
	plain := tr{
		"Aluminiowa obudowa z hartowaną szybą i uchwytem z regulacją kąta, do oświetlenia elewacji, parkingów i placów. Przewód przyłączeniowy 0,5 m.",
		"Алюминиевый корпус с закалённым стеклом и поворотным кронштейном для освещения фасадов, парковок и площадок. Присоединительный кабель 0,5 м.",
		"Alumiinirunko, karkaistu lasi ja säädettävä kiinnike; julkisivujen, pysäköintialueiden ja pihojen valaistukseen. Liitäntäjohto 0,5 m.",
	}
	pir := tr{
		"Czujnik PIR o zasięgu 12 m i kącie 120°, regulacja czasu świecenia i progu zmierzchowego. Do oświetlenia wejść, podjazdów i ogrodów.",
		"ИК-датчик движения с дальностью 12 м и углом 120°, регулировка времени работы и порога освещённости. Для освещения входов, подъездов и участков.",
		"PIR-liiketunnistin, kantama 12 m ja kulma 120°, säädettävä päälläoloaika ja hämäräraja. Sisäänkäyntien, pihateiden ja puutarhojen valaistukseen.",
	}
	price := map[int]int64{10: 2490, 20: 3490, 30: 4490, 50: 6490, 100: 12990, 150: 19990}
	var es []entry
	add := func(b offer, watts int, sensor bool) {
		kind := tr{"Naświetlacz LED", "Прожектор светодиодный", "LED-valonheitin"}
		ip, code, desc, pln := "IP65", fmt.Sprintf("%dW", watts), plain, price[watts]
		if sensor {
			kind = tr{"Naświetlacz LED z czujnikiem ruchu", "Прожектор светодиодный с датчиком движения", "LED-valonheitin liiketunnistimella"}
			ip, code, desc, pln = "IP44", code+"-PIR", pir, pln+2500
		}
		lm := lumens(watts * 100)
		es = append(es, entry{
			sku: fmt.Sprintf("FLD-%s-%s", code, b.b.code), cat: catFloodlights,
			unit: "pcs", pack: 1, moq: 1,
			name: tr{
				fmt.Sprintf("%s %d W %s lm 4000 K %s, %s, %s", kind.pl, watts, lm, ip, black.plM, b.b.name),
				fmt.Sprintf("%s %d Вт %s лм 4000 К %s, %s, %s", kind.ru, watts, lm, ip, black.ruM, b.b.name),
				fmt.Sprintf("%s %d W %s lm 4000 K %s, %s, %s", kind.fi, watts, lm, ip, black.fi, b.b.name),
			},
			desc: desc,
			pln:  nice(pln, b.p), sub: "flood-" + code,
		})
	}
	for _, w := range []int{10, 20, 30, 50, 100, 150} {
		add(offer{lumio, 100}, w, false)
		if w == 20 || w == 50 || w == 100 {
			add(offer{severa, 93}, w, false)
		}
	}
	for _, w := range []int{20, 50} {
		add(offer{lumio, 100}, w, true)
	}
	return es
}

// lumens formats a luminous flux the way all three locales print it:
// four-digit values as is, larger ones with a space as thousands separator.
func lumens(n int) string {
	if n < 10000 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d %03d", n/1000, n%1000)
}

func battenEntries() []entry {
	type batten struct {
		cm, watts, lumens int
		pln               int64
	}
	var es []entry
	for _, bt := range []batten{{60, 18, 2000, 4990}, {120, 36, 4000, 7990}, {150, 48, 5200, 9990}} {
		for _, b := range []offer{{lumio, 100}, {severa, 95}} {
			es = append(es, entry{
				sku: fmt.Sprintf("BAT-%d-%dW-%s", bt.cm, bt.watts, b.b.code), cat: catBattens,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Oprawa hermetyczna LED %d cm %d W %d lm 4000 K IP65, %s", bt.cm, bt.watts, bt.lumens, b.b.name),
					fmt.Sprintf("Светильник светодиодный пылевлагозащищённый %d см %d Вт %d лм 4000 К IP65, %s", bt.cm, bt.watts, bt.lumens, b.b.name),
					fmt.Sprintf("Kosteussuojattu LED-valaisin %d cm %d W %d lm 4000 K IP65, %s", bt.cm, bt.watts, bt.lumens, b.b.name),
				},
				desc: tr{
					"Oprawa ze zintegrowanym modułem LED i kloszem z poliwęglanu, do garaży, magazynów, piwnic i warsztatów. Możliwe łączenie przelotowe kilku opraw.",
					"Светильник со встроенным светодиодным модулем и поликарбонатным рассеивателем для гаражей, складов, подвалов и мастерских. Возможно сквозное подключение нескольких светильников.",
					"Valaisin integroidulla LED-moduulilla ja polykarbonaattikuvulla autotalleihin, varastoihin, kellareihin ja korjaamoihin. Useita valaisimia voi kytkeä peräkkäin läpikytkennällä.",
				},
				pln: nice(bt.pln, b.p), sub: fmt.Sprintf("batten-%d", bt.cm),
			})
		}
	}
	return es
}
