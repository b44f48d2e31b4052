package demo

import "fmt"

// boxEntries: flush-mounting boxes, IP65 junction boxes and modular
// distribution boards.
func boxEntries() []entry {
	var es []entry
	es = append(es, flushBoxEntries()...)
	es = append(es, junctionBoxEntries()...)
	es = append(es, boardEntries()...)
	return es
}

func flushBoxEntries() []entry {
	solid := tr{
		"Puszka z PVC do osadzania w murze lub betonie pod gniazda i łączniki, z wyłamywanymi przepustami na rury i przewody. Rozstaw otworów montażowych 60 mm.",
		"Подрозетник из ПВХ для установки в кирпич или бетон под розетки и выключатели, с выламываемыми вводами для труб и кабелей. Межосевое расстояние крепёжных отверстий 60 мм.",
		"PVC-kojerasia muuratuille ja betoniseinille pistorasioille ja kytkimille, avattavat läpiviennit putkille ja johdoille. Kiinnitysreikien väli 60 mm.",
	}
	hollow := tr{
		"Puszka z łapkami rozporowymi do ścian z płyt gipsowo-kartonowych, otwór montażowy Ø68 mm. Rozstaw otworów montażowych 60 mm.",
		"Подрозетник с распорными лапками для стен из гипсокартона, монтажное отверстие Ø68 мм. Межосевое расстояние крепёжных отверстий 60 мм.",
		"Ontelokojerasia levitettävillä kynsillä kipsilevyseiniin, asennusreikä Ø68 mm. Kiinnitysreikien väli 60 mm.",
	}
	type box struct {
		code   string
		name   tr
		desc   tr
		elkam  bool
		pln    int64
		packed int
	}
	boxes := []box{
		{"PK60-45", tr{"Puszka podtynkowa Ø60 mm, głęb. 45 mm, do ścian pełnych", "Подрозетник Ø60 мм, глубина 45 мм, для сплошных стен", "Kojerasia Ø60 mm, syvyys 45 mm, kiviseiniin"}, solid, true, 69, 20},
		{"PK60-60", tr{"Puszka podtynkowa głęboka Ø60 mm, głęb. 60 mm, do ścian pełnych", "Подрозетник глубокий Ø60 мм, глубина 60 мм, для сплошных стен", "Syvä kojerasia Ø60 mm, syvyys 60 mm, kiviseiniin"}, solid, true, 99, 20},
		{"PK60-2X", tr{"Puszka podtynkowa podwójna 2xØ60 mm, do ścian pełnych", "Подрозетник двухместный 2xØ60 мм, для сплошных стен", "Kojerasia 2-osainen 2xØ60 mm, kiviseiniin"}, solid, false, 249, 10},
		{"PKGK-45", tr{"Puszka podtynkowa Ø60 mm, głęb. 45 mm, do płyt g-k", "Подрозетник Ø60 мм, глубина 45 мм, для гипсокартона", "Ontelokojerasia Ø60 mm, syvyys 45 mm, levyseiniin"}, hollow, true, 129, 20},
		{"PKGK-60", tr{"Puszka podtynkowa głęboka Ø60 mm, głęb. 60 mm, do płyt g-k", "Подрозетник глубокий Ø60 мм, глубина 60 мм, для гипсокартона", "Syvä ontelokojerasia Ø60 mm, syvyys 60 mm, levyseiniin"}, hollow, false, 169, 20},
		{"PKGK-2X", tr{"Puszka podtynkowa podwójna 2xØ60 mm, do płyt g-k", "Подрозетник двухместный 2xØ60 мм, для гипсокартона", "Ontelokojerasia 2-osainen 2xØ60 mm, levyseiniin"}, hollow, false, 349, 10},
	}
	var es []entry
	for _, bx := range boxes {
		offers := []offer{{severa, 100}}
		if bx.elkam {
			offers = append(offers, offer{elkam, 97})
		}
		for _, b := range offers {
			es = append(es, entry{
				sku: fmt.Sprintf("BOX-%s-%s", bx.code, b.b.code), cat: catFlushBoxes,
				unit: "pcs", pack: bx.packed, moq: bx.packed,
				name: tr{bx.name.pl + ", " + b.b.name, bx.name.ru + ", " + b.b.name, bx.name.fi + ", " + b.b.name},
				desc: bx.desc,
				pln:  pct(bx.pln, b.p), sub: "box-" + bx.code,
			})
		}
	}
	return es
}

func junctionBoxEntries() []entry {
	type jb struct {
		dims string
		pln  int64
	}
	var es []entry
	for _, j := range []jb{{"85x85x50", 790}, {"100x100x50", 990}, {"150x110x70", 1690}, {"200x155x80", 2990}, {"240x190x90", 4290}} {
		for _, b := range []offer{{severa, 100}, {ampero, 95}} {
			code := fmt.Sprintf("JB-%s-%s", upperX(j.dims), b.b.code)
			es = append(es, entry{
				sku: code, cat: catJunctionBoxes,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Puszka natynkowa hermetyczna %s mm IP65, %s, %s", j.dims, grey.plF, b.b.name),
					fmt.Sprintf("Коробка распределительная открытой установки %s мм IP65, %s, %s", j.dims, grey.ruF, b.b.name),
					fmt.Sprintf("Jakorasia %s mm IP65, %s, %s", j.dims, grey.fi, b.b.name),
				},
				desc: tr{
					"Obudowa z tworzywa odpornego na UV z przepustami membranowymi, pokrywa mocowana wkrętami, z uszczelką. Do łączenia przewodów na zewnątrz i w pomieszczeniach wilgotnych.",
					"Корпус из УФ-стойкого пластика с мембранными вводами, крышка на винтах с уплотнителем. Для соединения проводов на улице и во влажных помещениях.",
					"UV-kestävä muovirasia kalvoläpivienneillä, ruuvikiinnitteinen kansi tiivisteellä. Johtimien jatkamiseen ulkona ja kosteissa tiloissa.",
				},
				pln: nice(j.pln, b.p), sub: "jb-" + j.dims,
			})
		}
	}
	return es
}

// upperX turns "100x100x50" into "100X100X50" for SKUs.
func upperX(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == 'x' {
			b[i] = 'X'
		}
	}
	return string(b)
}

func boardEntries() []entry {
	type variant struct {
		code  string
		label tr // mounting as written after the size
		door  tr
		desc  tr
		price map[int]int64
		brand []offer
	}
	common := tr{
		"Szyny TH35, listwy zaciskowe N i PE oraz zaślepki w komplecie.",
		"В комплекте DIN-рейки, нулевая и заземляющая шины, заглушки.",
		"Mukana DIN-kiskot, N- ja PE-liitinrimat sekä peitelevyt.",
	}
	variants := []variant{
		{"N", tr{"natynkowa", "навесной", "pinta-asennus"}, tr{"drzwi białe", "белая дверца", "valkoinen ovi"},
			tr{"Obudowa z tworzywa do montażu na ścianie, wyłamywane przepusty kablowe u góry i u dołu.",
				"Пластиковый корпус для настенного монтажа, выламываемые кабельные вводы сверху и снизу.",
				"Muovinen kotelo seinäasennukseen, avattavat kaapeliläpiviennit ylhäällä ja alhaalla."},
			map[int]int64{12: 4990, 24: 8990, 36: 12990}, []offer{{severa, 100}, {ampero, 92}}},
		{"P", tr{"podtynkowa", "встраиваемый", "uppoasennus"}, tr{"drzwi białe", "белая дверца", "valkoinen ovi"},
			tr{"Obudowa do wnęki w murze lub ścianie g-k, z regulacją głębokości osadzenia ramy.",
				"Корпус для установки в нишу в кирпичной стене или гипсокартоне, с регулировкой глубины рамки.",
				"Kotelo upotettavaksi muuriin tai kipsilevyseinään, kehyksen syvyys säädettävä."},
			map[int]int64{12: 5990, 24: 9990, 36: 14990}, []offer{{severa, 100}}},
		{"H", tr{"natynkowa hermetyczna", "навесной пылевлагозащищённый", "pinta-asennus, kosteussuojattu"}, tr{"drzwi transparentne", "прозрачная дверца", "läpinäkyvä ovi"},
			tr{"Szczelna obudowa z uszczelką drzwi do garaży, piwnic i obiektów gospodarczych.",
				"Герметичный корпус с уплотнителем дверцы для гаражей, подвалов и хозяйственных построек.",
				"Tiivis kotelo ovitiivisteellä autotalleihin, kellareihin ja ulkorakennuksiin."},
			map[int]int64{12: 8990, 24: 15990, 36: 22990}, []offer{{severa, 100}}},
	}
	ip := map[string]string{"N": "IP40", "P": "IP40", "H": "IP65"}
	var es []entry
	for _, v := range variants {
		for _, mods := range []int{12, 24, 36} {
			rows := mods / 12
			for _, b := range v.brand {
				es = append(es, entry{
					sku: fmt.Sprintf("DB-%s%d-%s-%s", v.code, mods, ip[v.code], b.b.code), cat: catBoards,
					unit: "pcs", pack: 1, moq: 1,
					name: tr{
						fmt.Sprintf("Rozdzielnica %s %d %s (%dx12) %s, %s, %s", v.label.pl, mods, plPlural(mods, "moduł", "moduły", "modułów"), rows, ip[v.code], v.door.pl, b.b.name),
						fmt.Sprintf("Щит распределительный %s на %d %s (%dx12) %s, %s, %s", v.label.ru, mods, ruPlural(mods, "модуль", "модуля", "модулей"), rows, ip[v.code], v.door.ru, b.b.name),
						fmt.Sprintf("Ryhmäkeskus %d moduulia (%dx12), %s, %s, %s, %s", mods, rows, v.label.fi, ip[v.code], v.door.fi, b.b.name),
					},
					desc: tr{v.desc.pl + " " + common.pl, v.desc.ru + " " + common.ru, v.desc.fi + " " + common.fi},
					pln:  nice(v.price[mods], b.p), sub: fmt.Sprintf("db-%s%d", v.code, mods),
				})
			}
		}
	}
	return es
}
