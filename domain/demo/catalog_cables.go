package demo

import "fmt"

// cableEntries: installation cables, flexible cords, single-core wires,
// data cables and HDMI cords.
func cableEntries() []entry {
	var es []entry
	es = append(es, ydyEntries()...)
	es = append(es, flexibleEntries()...)
	es = append(es, dataCableEntries()...)
	es = append(es, hdmiEntries()...)
	return es
}

// size is a cross-section ("3x2,5") with its SKU code and a base price
// per metre in grosze.
type size struct {
	label, code string
	pln         int64
}

func ydyEntries() []entry {
	ydy := []size{
		{"2x1,5", "2X15", 260}, {"3x1,5", "3X15", 340}, {"3x2,5", "3X25", 510}, {"4x1,5", "4X15", 440},
		{"5x1,5", "5X15", 550}, {"5x2,5", "5X25", 840}, {"5x4", "5X4", 1350}, {"5x6", "5X6", 1980},
	}
	ydyp := []size{
		{"2x1,5", "2X15", 240}, {"3x1,5", "3X15", 320}, {"3x2,5", "3X25", 490},
		{"4x1,5", "4X15", 420}, {"5x1,5", "5X15", 530}, {"5x2,5", "5X25", 810},
	}
	brands := []offer{{elkam, 100}, {severa, 96}}

	var es []entry
	for _, s := range ydy {
		for _, b := range brands {
			es = append(es, entry{
				sku: "KAB-YDY-" + s.code + "-" + b.b.code, cat: catCablesPower,
				unit: "m", pack: 100, moq: 100,
				name: tr{
					fmt.Sprintf("Przewód YDY %s mm² 450/750 V, krążek 100 m, %s", s.label, b.b.name),
					fmt.Sprintf("Кабель YDY %s мм² 450/750 В (аналог ВВГ), бухта 100 м, %s", s.label, b.b.name),
					fmt.Sprintf("Asennuskaapeli YDY %s mm² 450/750 V (vrt. MMJ), 100 m kela, %s", s.label, b.b.name),
				},
				desc: tr{
					fmt.Sprintf("Okrągły przewód instalacyjny %s mm² z jednodrutowymi żyłami miedzianymi w izolacji i powłoce PVC, do układania na stałe na tynku, pod tynkiem i w tynku. Sprzedawany w krążkach po 100 m, cena za metr.", s.label),
					fmt.Sprintf("Круглый монтажный кабель %s мм² с однопроволочными медными жилами в ПВХ-изоляции и оболочке для стационарной открытой и скрытой прокладки. Поставляется бухтами по 100 м, цена за метр.", s.label),
					fmt.Sprintf("Pyöreä asennuskaapeli %s mm², yksilankaiset kuparijohtimet, PVC-eriste ja -vaippa; kiinteään asennukseen pinnalle ja rappauksen alle. Toimitetaan 100 m keloissa, hinta metriltä.", s.label),
				},
				pln: pct(s.pln, b.p), sub: "ydy-" + s.code,
			})
		}
	}
	for _, s := range ydyp {
		for _, b := range brands {
			es = append(es, entry{
				sku: "KAB-YDYP-" + s.code + "-" + b.b.code, cat: catCablesPower,
				unit: "m", pack: 100, moq: 100,
				name: tr{
					fmt.Sprintf("Przewód YDYp %s mm² płaski 450/750 V, krążek 100 m, %s", s.label, b.b.name),
					fmt.Sprintf("Кабель YDYp плоский %s мм² 450/750 В (аналог ВВГ-П), бухта 100 м, %s", s.label, b.b.name),
					fmt.Sprintf("Litteä asennuskaapeli YDYp %s mm² 450/750 V, 100 m kela, %s", s.label, b.b.name),
				},
				desc: tr{
					"Płaski przewód instalacyjny z jednodrutowymi żyłami miedzianymi w izolacji PVC, przeznaczony do układania pod tynkiem i w bruzdach. Płaski kształt ułatwia prowadzenie pod płytami g-k i w listwach.",
					"Плоский монтажный кабель с однопроволочными медными жилами в ПВХ-изоляции для скрытой прокладки в штробах и под штукатуркой. Плоская форма упрощает укладку за гипсокартоном и в кабель-каналах.",
					"Litteä asennuskaapeli yksilankaisilla kuparijohtimilla ja PVC-eristeellä, upotettuun asennukseen uriin ja rappauksen alle. Litteä muoto helpottaa asennusta kipsilevyjen taakse ja johtokanaviin.",
				},
				pln: pct(s.pln, b.p), sub: "ydyp-" + s.code,
			})
		}
	}
	return es
}

func flexibleEntries() []entry {
	omy := []size{
		{"2x0,75", "2X075", 160}, {"2x1", "2X1", 195}, {"3x0,75", "3X075", 220},
		{"3x1", "3X1", 270}, {"3x1,5", "3X15", 360},
	}
	var es []entry
	for _, s := range omy {
		for _, b := range []offer{{elkam, 100}, {severa, 95}} {
			es = append(es, entry{
				sku: "KAB-OMY-" + s.code + "-" + b.b.code, cat: catCablesFlexible,
				unit: "m", pack: 100, moq: 100,
				name: tr{
					fmt.Sprintf("Przewód OMY %s mm² 300/300 V biały, krążek 100 m, %s", s.label, b.b.name),
					fmt.Sprintf("Провод OMY %s мм² 300/300 В белый (аналог ПВС), бухта 100 м, %s", s.label, b.b.name),
					fmt.Sprintf("Taipuisa johto OMY %s mm² 300/300 V valkoinen, 100 m kela, %s", s.label, b.b.name),
				},
				desc: tr{
					"Giętki przewód mieszkaniowy z wielodrutowymi żyłami miedzianymi klasy 5 w izolacji i powłoce PVC. Do zasilania lamp, sprzętu AGD i wykonywania przedłużaczy wewnątrz pomieszczeń.",
					"Гибкий провод с многопроволочными медными жилами класса 5 в ПВХ-изоляции и оболочке. Для подключения светильников, бытовой техники и изготовления удлинителей внутри помещений.",
					"Taipuisa johto, jossa luokan 5 monisäikeiset kuparijohtimet sekä PVC-eriste ja -vaippa. Valaisimien ja kodinkoneiden liitäntään sekä jatkojohtojen valmistukseen sisätiloissa.",
				},
				pln: pct(s.pln, b.p), sub: "omy-" + s.code,
			})
		}
	}

	h07 := []size{
		{"1,5", "15", 95}, {"2,5", "25", 145}, {"4", "4", 230}, {"6", "6", 340}, {"10", "10", 580},
	}
	cols := []colour{black, blue, yellowGreen, brown}
	for _, s := range h07 {
		for _, c := range cols {
			for _, b := range []offer{{elkam, 100}, {severa, 97}} {
				if b.b == severa && s.code != "15" && s.code != "25" {
					continue
				}
				es = append(es, entry{
					sku: "KAB-H07VK-" + s.code + "-" + c.code + "-" + b.b.code, cat: catCablesFlexible,
					unit: "m", pack: 100, moq: 100,
					name: tr{
						fmt.Sprintf("Przewód H07V-K (LgY) %s mm² %s, krążek 100 m, %s", s.label, c.plM, b.b.name),
						fmt.Sprintf("Провод H07V-K 1x%s мм² %s (аналог ПуГВ), бухта 100 м, %s", s.label, c.ruM, b.b.name),
						fmt.Sprintf("Asennusjohdin H07V-K %s mm² %s, 100 m kela, %s", s.label, c.fi, b.b.name),
					},
					desc: tr{
						"Jednożyłowy przewód giętki z linką miedzianą klasy 5 w izolacji PVC, do połączeń w rozdzielnicach i urządzeniach oraz do układania w rurkach. Napięcie znamionowe 450/750 V, temperatura pracy do 70 °C.",
						"Одножильный гибкий провод с медной жилой класса 5 в ПВХ-изоляции для монтажа щитов и аппаратов, а также для прокладки в трубах. Номинальное напряжение 450/750 В, рабочая температура до 70 °C.",
						"Yksijohtiminen taipuisa johdin, luokan 5 kuparisäie ja PVC-eriste, keskusten ja laitteiden sisäisiin kytkentöihin sekä putkiasennuksiin. Nimellisjännite 450/750 V, käyttölämpötila enintään 70 °C.",
					},
					pln: pct(s.pln, b.p), sub: "h07vk-" + s.code + "-" + c.code,
				})
			}
		}
	}
	return es
}

func dataCableEntries() []entry {
	type utp struct {
		code, shield, cat, awg string
		jacket                 tr
		note                   tr
		pln                    int64
	}
	indoor := tr{
		"Powłoka PVC do układania wewnątrz budynków.",
		"Оболочка из ПВХ для прокладки внутри зданий.",
		"PVC-vaippa sisäasennuksiin.",
	}
	utps := []utp{
		{"UTP5E-PVC", "U/UTP", "5e", "24", tr{"PVC szary", "ПВХ серый", "PVC harmaa"}, indoor, 115},
		{"UTP6-PVC", "U/UTP", "6", "23", tr{"PVC szary", "ПВХ серый", "PVC harmaa"}, indoor, 165},
		{"UTP6-LSZH", "U/UTP", "6", "23", tr{"LSZH pomarańczowy", "LSZH оранжевый", "LSZH oranssi"}, tr{
			"Bezhalogenowa powłoka LSZH, zalecana w budynkach użyteczności publicznej.",
			"Безгалогенная оболочка LSZH, рекомендуется для общественных зданий.",
			"Halogeeniton LSZH-vaippa, suositellaan julkisiin rakennuksiin.",
		}, 195},
		{"FTP6-PVC", "F/UTP", "6", "23", tr{"PVC szary", "ПВХ серый", "PVC harmaa"}, tr{
			"Ekran foliowy ogranicza zakłócenia; powłoka PVC do wnętrz.",
			"Фольгированный экран снижает помехи; оболочка ПВХ для помещений.",
			"Foliosuojaus vähentää häiriöitä; PVC-vaippa sisäkäyttöön.",
		}, 225},
		{"UTP6-PE", "U/UTP", "6", "23", tr{"PE czarny zewnętrzny", "PE чёрный уличный", "PE musta ulkokäyttöön"}, tr{
			"Powłoka PE odporna na UV i wilgoć, do układania na zewnątrz.",
			"Оболочка из ПЭ стойкая к УФ и влаге, для наружной прокладки.",
			"UV- ja kosteudenkestävä PE-vaippa ulkoasennuksiin.",
		}, 205},
	}
	var es []entry
	for _, u := range utps {
		perf := tr{"pasmo 100 MHz, transmisja do 1 Gb/s", "полоса 100 МГц, передача до 1 Гбит/с", "taajuus 100 MHz, siirtonopeus enintään 1 Gbit/s"}
		if u.cat == "6" {
			perf = tr{"pasmo 250 MHz, transmisja 1 Gb/s, a 10 Gb/s do 55 m", "полоса 250 МГц, 1 Гбит/с, а 10 Гбит/с до 55 м", "taajuus 250 MHz, 1 Gbit/s ja 10 Gbit/s enintään 55 m"}
		}
		for _, b := range []offer{{linkora, 100}, {elkam, 104}} {
			es = append(es, entry{
				sku: "KAB-" + u.code + "-" + b.b.code, cat: catCablesData,
				unit: "m", pack: 305, moq: 305,
				name: tr{
					fmt.Sprintf("Kabel %s kat. %s 4x2x%s AWG %s, karton 305 m, %s", u.shield, u.cat, u.awg, u.jacket.pl, b.b.name),
					fmt.Sprintf("Кабель витая пара %s кат. %s 4x2x%s AWG %s, коробка 305 м, %s", u.shield, u.cat, u.awg, u.jacket.ru, b.b.name),
					fmt.Sprintf("Parikaapeli %s Cat%s 4x2x%s AWG %s, 305 m laatikko, %s", u.shield, u.cat, u.awg, u.jacket.fi, b.b.name),
				},
				desc: tr{
					fmt.Sprintf("Skrętka miedziana do okablowania strukturalnego LAN, %s. %s", perf.pl, u.note.pl),
					fmt.Sprintf("Медная витая пара для структурированных кабельных сетей, %s. %s", perf.ru, u.note.ru),
					fmt.Sprintf("Kuparinen parikaapeli rakenteelliseen LAN-kaapelointiin, %s. %s", perf.fi, u.note.fi),
				},
				pln: pct(u.pln, b.p), sub: "utp-" + u.code,
			})
		}
	}

	type coax struct {
		code, label, ruLabel string
		col                  tr
		note                 tr
		pln                  int64
	}
	coaxes := []coax{
		{"RG6-PVC", "RG6", "RG-6", tr{"biały", "белый", "valkoinen"}, tr{
			"Do instalacji RTV/SAT wewnątrz budynków.", "Для телевизионных и спутниковых сетей внутри зданий.", "TV- ja satelliittiasennuksiin sisätiloissa.",
		}, 130},
		{"RG6-PE", "RG6", "RG-6", tr{"czarny zewnętrzny", "чёрный уличный", "musta ulkokäyttöön"}, tr{
			"Powłoka PE odporna na UV, do prowadzenia od anteny lub czaszy.", "Оболочка из ПЭ стойкая к УФ, для прокладки от антенны.", "UV-kestävä PE-vaippa antennilta tulevaan kaapelointiin.",
		}, 160},
		{"RG59", "RG59", "RG-59", tr{"biały", "белый", "valkoinen"}, tr{
			"Cieńszy kabel do monitoringu CCTV i krótkich połączeń.", "Более тонкий кабель для видеонаблюдения и коротких линий.", "Ohuempi kaapeli valvontakameroille ja lyhyille yhteyksille.",
		}, 110},
		{"RG11", "RG11", "RG-11", tr{"czarny", "чёрный", "musta"}, tr{
			"Niskie tłumienie, do długich tras i magistral w instalacjach zbiorczych.", "Низкое затухание, для длинных магистралей коллективных антенн.", "Pieni vaimennus, pitkille runkoyhteyksille yhteisantenniverkoissa.",
		}, 260},
	}
	for _, c := range coaxes {
		for _, b := range []offer{{elkam, 100}, {linkora, 103}} {
			es = append(es, entry{
				sku: "KAB-" + c.code + "-" + b.b.code, cat: catCablesData,
				unit: "m", pack: 100, moq: 100,
				name: tr{
					fmt.Sprintf("Kabel koncentryczny %s 75 Ω %s, krążek 100 m, %s", c.label, c.col.pl, b.b.name),
					fmt.Sprintf("Кабель коаксиальный %s 75 Ом %s, бухта 100 м, %s", c.ruLabel, c.col.ru, b.b.name),
					fmt.Sprintf("Koaksiaalikaapeli %s 75 Ω %s, 100 m kela, %s", c.label, c.col.fi, b.b.name),
				},
				desc: tr{
					"Kabel antenowy 75 Ω z miedzianą żyłą i podwójnym ekranem (folia + oplot). " + c.note.pl,
					"Антенный кабель 75 Ом с медной жилой и двойным экраном (фольга + оплётка). " + c.note.ru,
					"75 Ω antennikaapeli kuparijohtimella ja kaksoissuojauksella (folio + punos). " + c.note.fi,
				},
				pln: pct(c.pln, b.p), sub: "coax-" + c.code,
			})
		}
	}

	patch := []struct {
		label, code string
		pln         int64
	}{{"0,5", "0M5", 490}, {"1", "1M", 590}, {"2", "2M", 790}, {"3", "3M", 990}, {"5", "5M", 1390}}
	for _, p := range patch {
		es = append(es, entry{
			sku: "PC6-UTP-" + p.code + "-" + linkora.code, cat: catCablesData,
			unit: "pcs", pack: 1, moq: 1,
			name: tr{
				fmt.Sprintf("Patchcord U/UTP kat. 6 %s m szary, %s", p.label, linkora.name),
				fmt.Sprintf("Патч-корд U/UTP кат. 6 %s м серый, %s", p.label, linkora.name),
				fmt.Sprintf("Verkkokaapeli U/UTP Cat6 %s m harmaa, %s", p.label, linkora.name),
			},
			desc: tr{
				"Fabrycznie zarobiony kabel krosowy z wtykami RJ45 i osłonami przeciwzaczepowymi, linka miedziana 26 AWG. Do połączeń w szafach rack i podłączania urządzeń sieciowych.",
				"Готовый коммутационный шнур с разъёмами RJ45 и защитными колпачками, многопроволочная медная жила 26 AWG. Для коммутации в шкафах и подключения сетевого оборудования.",
				"Valmiiksi kytketty verkkokaapeli RJ45-liittimillä ja katkeamissuojilla, monisäikeinen kupari 26 AWG. Ristikytkentöihin ja verkkolaitteiden liittämiseen.",
			},
			pln: p.pln,
		})
	}
	return es
}

func hdmiEntries() []entry {
	type cord struct {
		label, code string
		pln         int64
	}
	v20 := []cord{
		{"1", "1M", 1990}, {"1,5", "1M5", 2290}, {"2", "2M", 2690},
		{"3", "3M", 3290}, {"5", "5M", 4590}, {"10", "10M", 8990},
	}
	v21 := []cord{{"1", "1M", 4990}, {"2", "2M", 5990}, {"3", "3M", 7490}}
	desc20 := tr{
		"Przewód HDMI High Speed z Ethernetem, wtyki pozłacane; obsługuje 4K przy 60 Hz, HDR i ARC. Do telewizorów, projektorów, dekoderów i konsol.",
		"Кабель HDMI High Speed с Ethernet, позолоченные разъёмы; поддерживает 4K 60 Гц, HDR и ARC. Для телевизоров, проекторов, приставок и консолей.",
		"High Speed HDMI -kaapeli Ethernetillä, kullatut liittimet; tukee 4K 60 Hz, HDR ja ARC. Televisioihin, projektoreihin, digibokseihin ja pelikonsoleihin.",
	}
	desc21 := tr{
		"Przewód Ultra High Speed 48 Gb/s; obsługuje 8K przy 60 Hz, 4K przy 120 Hz, VRR i eARC. Zalecany do konsol nowej generacji i kart graficznych.",
		"Кабель Ultra High Speed 48 Гбит/с; поддерживает 8K 60 Гц, 4K 120 Гц, VRR и eARC. Рекомендуется для игровых консолей и видеокарт последнего поколения.",
		"Ultra High Speed -kaapeli 48 Gbit/s; tukee 8K 60 Hz, 4K 120 Hz, VRR ja eARC. Suositellaan uusille pelikonsoleille ja näytönohjaimille.",
	}
	var es []entry
	for _, c := range v20 {
		for _, b := range []offer{{linkora, 100}, {elkam, 92}} {
			es = append(es, entry{
				sku: "HDMI-20-" + c.code + "-" + b.b.code, cat: catCablesAV,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Kabel HDMI %s m, HDMI 2.0 4K 60 Hz, %s", c.label, b.b.name),
					fmt.Sprintf("Кабель HDMI %s м, HDMI 2.0 4K 60 Гц, %s", c.label, b.b.name),
					fmt.Sprintf("HDMI-kaapeli %s m, HDMI 2.0 4K 60 Hz, %s", c.label, b.b.name),
				},
				desc: desc20,
				pln:  nice(c.pln, b.p), sub: "hdmi20-" + c.code,
			})
		}
	}
	for _, c := range v21 {
		es = append(es, entry{
			sku: "HDMI-21-" + c.code + "-" + linkora.code, cat: catCablesAV,
			unit: "pcs", pack: 1, moq: 1,
			name: tr{
				fmt.Sprintf("Kabel HDMI %s m, HDMI 2.1 8K 60 Hz, %s", c.label, linkora.name),
				fmt.Sprintf("Кабель HDMI %s м, HDMI 2.1 8K 60 Гц, %s", c.label, linkora.name),
				fmt.Sprintf("HDMI-kaapeli %s m, HDMI 2.1 8K 60 Hz, %s", c.label, linkora.name),
			},
			desc: desc21,
			pln:  c.pln,
		})
	}
	return es
}
