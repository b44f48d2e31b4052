package demo

import "fmt"

// cableMgmtEntries: conduits, trunking, cable ties and cable glands.
func cableMgmtEntries() []entry {
	var es []entry
	es = append(es, conduitEntries()...)
	es = append(es, trunkingEntries()...)
	es = append(es, tieEntries()...)
	es = append(es, glandEntries()...)
	return es
}

func conduitEntries() []entry {
	type dia struct {
		mm              int
		flexPLN, rigPLN int64
	}
	dias := []dia{{16, 59, 129}, {20, 69, 159}, {25, 99, 219}, {32, 149, 329}}
	var es []entry
	for _, d := range dias {
		for _, b := range []offer{{elkam, 100}, {korvo, 95}} {
			es = append(es, entry{
				sku: fmt.Sprintf("CND-FLEX-%d-%s", d.mm, b.b.code), cat: catConduits,
				unit: "m", pack: 50, moq: 50,
				name: tr{
					fmt.Sprintf("Rura karbowana PVC %d mm szara z pilotem, krąg 50 m, %s", d.mm, b.b.name),
					fmt.Sprintf("Труба гофрированная ПВХ %d мм серая с протяжкой, бухта 50 м, %s", d.mm, b.b.name),
					fmt.Sprintf("Taipuisa asennusputki PVC %d mm harmaa vetolangalla, 50 m kela, %s", d.mm, b.b.name),
				},
				desc: tr{
					"Giętka rura elektroinstalacyjna do układania przewodów pod tynkiem, w ścianach i stropach, odporność na ściskanie 320 N. Cena za metr, sprzedaż w pełnych krążkach.",
					"Гибкая электромонтажная труба для скрытой прокладки проводов в стенах и перекрытиях, стойкость к сжатию 320 Н. Цена за метр, продажа целыми бухтами.",
					"Taipuisa sähköasennusputki johtojen upotettuun asennukseen seiniin ja välipohjiin, puristuslujuus 320 N. Hinta metriltä, myydään kokonaisina keloina.",
				},
				pln: pct(d.flexPLN, b.p), sub: fmt.Sprintf("conduit-flex-%d", d.mm),
			})
		}
	}
	for _, d := range dias {
		es = append(es, entry{
			sku: fmt.Sprintf("CND-RIG-%d-%s", d.mm, elkam.code), cat: catConduits,
			unit: "m", pack: 3, moq: 30,
			name: tr{
				fmt.Sprintf("Rura sztywna PVC %d mm szara, odcinek 3 m, %s", d.mm, elkam.name),
				fmt.Sprintf("Труба жёсткая ПВХ %d мм серая, хлыст 3 м, %s", d.mm, elkam.name),
				fmt.Sprintf("Jäykkä asennusputki PVC %d mm harmaa, 3 m, %s", d.mm, elkam.name),
			},
			desc: tr{
				"Sztywna rura do instalacji natynkowych w piwnicach, garażach i halach, łączona złączkami wciskowymi i mocowana uchwytami. Cena za metr, sprzedaż w odcinkach 3 m, minimum 10 odcinków.",
				"Жёсткая труба для открытой прокладки в подвалах, гаражах и цехах, соединяется муфтами и крепится клипсами. Цена за метр, продажа хлыстами по 3 м, минимум 10 хлыстов.",
				"Jäykkä putki pinta-asennuksiin kellareihin, autotalleihin ja halleihin, liitetään jatkosmuhveilla ja kiinnitetään pidikkeillä. Hinta metriltä, myydään 3 m pituuksina, vähintään 10 kpl.",
			},
			pln: d.rigPLN,
		})
	}
	return es
}

func trunkingEntries() []entry {
	type duct struct {
		dims  string
		pln   int64
		elkam bool
	}
	ducts := []duct{
		{"12x12", 190, false}, {"16x16", 240, true}, {"25x16", 310, false},
		{"40x25", 590, true}, {"60x40", 1190, true}, {"100x60", 2490, false},
	}
	var es []entry
	for _, d := range ducts {
		offers := []offer{{korvo, 100}}
		if d.elkam {
			offers = append(offers, offer{elkam, 104})
		}
		for _, b := range offers {
			es = append(es, entry{
				sku: fmt.Sprintf("TRK-%s-%s", upperX(d.dims), b.b.code), cat: catTrunking,
				unit: "m", pack: 2, moq: 2,
				name: tr{
					fmt.Sprintf("Listwa instalacyjna PVC %s mm %s, 2 m, %s", d.dims, white.plF, b.b.name),
					fmt.Sprintf("Кабель-канал ПВХ %s мм %s, 2 м, %s", d.dims, white.ruM, b.b.name),
					fmt.Sprintf("Johtokanava PVC %s mm %s, 2 m, %s", d.dims, white.fi, b.b.name),
				},
				desc: tr{
					"Kanał z zatrzaskową pokrywą do prowadzenia przewodów po ścianach i sufitach, tworzywo samogasnące. Cena za metr, sprzedaż w odcinkach 2 m.",
					"Кабель-канал с защёлкивающейся крышкой для прокладки проводов по стенам и потолкам, самозатухающий ПВХ. Цена за метр, продажа отрезками по 2 м.",
					"Johtokanava napsautettavalla kannella johtojen asennukseen seinille ja kattoon, itsestään sammuvaa muovia. Hinta metriltä, myydään 2 m pituuksina.",
				},
				pln: pct(d.pln, b.p), sub: "trunking-" + d.dims,
			})
		}
	}
	return es
}

func tieEntries() []entry {
	type tie struct {
		dims, code string
		kg         int
		pln        int64
	}
	ties := []tie{
		{"100x2,5", "100X25", 8, 390}, {"150x3,6", "150X36", 18, 690}, {"200x3,6", "200X36", 18, 890},
		{"200x4,8", "200X48", 22, 1190}, {"300x4,8", "300X48", 22, 1690}, {"370x7,6", "370X76", 55, 3490},
	}
	type variant struct {
		code string
		col  tr
		note tr
		pct  int64
	}
	variants := []variant{
		{"NT", tr{"naturalna", "белая", "luonnonvalkoinen"}, tr{
			"Do stosowania wewnątrz pomieszczeń.", "Для применения внутри помещений.", "Sisäkäyttöön.",
		}, 100},
		{"BK", tr{"czarna, odporna na UV", "чёрная, УФ-стойкая", "musta, UV-kestävä"}, tr{
			"Wersja stabilizowana UV do stosowania na zewnątrz.", "УФ-стабилизированное исполнение для наружного применения.", "UV-stabiloitu versio ulkokäyttöön.",
		}, 110},
	}
	var es []entry
	for _, t := range ties {
		for _, v := range variants {
			es = append(es, entry{
				sku: fmt.Sprintf("TIE-%s-%s-%s", t.code, v.code, korvo.code), cat: catTies,
				unit: "pack", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Opaska kablowa %s mm %s, opak. 100 szt., %s", t.dims, v.col.pl, korvo.name),
					fmt.Sprintf("Стяжка кабельная %s мм %s, упак. 100 шт., %s", t.dims, v.col.ru, korvo.name),
					fmt.Sprintf("Nippuside %s mm %s, 100 kpl pakkaus, %s", t.dims, v.col.fi, korvo.name),
				},
				desc: tr{
					fmt.Sprintf("Opaski z poliamidu PA66 do wiązania i mocowania przewodów, wytrzymałość na zerwanie %d kg. %s", t.kg, v.note.pl),
					fmt.Sprintf("Стяжки из полиамида PA66 для связывания и крепления проводов, усилие на разрыв %d кг. %s", t.kg, v.note.ru),
					fmt.Sprintf("Polyamidi PA66 -nippusiteet johtojen niputtamiseen ja kiinnittämiseen, vetolujuus %d kg. %s", t.kg, v.note.fi),
				},
				pln: nice(t.pln, v.pct), sub: "tie-" + t.code,
			})
		}
	}
	return es
}

func glandEntries() []entry {
	type gland struct {
		thread string
		rng    string
		pln    int64
	}
	glands := []gland{{"M16", "5–10", 120}, {"M20", "6–12", 150}, {"M25", "10–17", 220}, {"M32", "15–22", 350}, {"M40", "19–28", 590}}
	var es []entry
	for _, g := range glands {
		for _, c := range []colour{grey, black} {
			es = append(es, entry{
				sku: fmt.Sprintf("GLD-%s-%s-%s", g.thread, c.code, korvo.code), cat: catGlands,
				unit: "pcs", pack: 10, moq: 10,
				name: tr{
					fmt.Sprintf("Dławnica kablowa %sx1,5 IP68 %s, z nakrętką, %s", g.thread, c.plF, korvo.name),
					fmt.Sprintf("Кабельный ввод %sx1,5 IP68 %s, с контргайкой, %s", g.thread, c.ruM, korvo.name),
					fmt.Sprintf("Kaapeliläpivienti %sx1,5 IP68 %s, vastamutterilla, %s", g.thread, c.fi, korvo.name),
				},
				desc: tr{
					fmt.Sprintf("Dławnica z poliamidu do szczelnego wprowadzenia przewodu o średnicy %s mm do obudowy. Sprzedawana w opakowaniach po 10 szt., cena za sztukę.", g.rng),
					fmt.Sprintf("Полиамидный ввод для герметичного ввода кабеля диаметром %s мм в корпус. Продаётся упаковками по 10 шт., цена за штуку.", g.rng),
					fmt.Sprintf("Polyamidinen läpivienti halkaisijaltaan %s mm kaapelin tiiviiseen viemiseen koteloon. Myydään 10 kpl pakkauksissa, hinta kappaleelta.", g.rng),
				},
				pln: g.pln, sub: "gland-" + g.thread,
			})
		}
	}
	return es
}
