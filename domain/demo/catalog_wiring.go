package demo

import "fmt"

// wiringEntries: flush-mounted sockets, switches and frames in two
// design series and several colours.
func wiringEntries() []entry {
	type series struct {
		name, code string
		b          brand
		colours    []colour
		pricePct   []int64 // per colour
	}
	lines := []series{
		{"Aria", "ARIA", voltera, []colour{white, black, anthracite}, []int64{100, 115, 120}},
		{"Linea", "LINEA", elkam, []colour{white, cream}, []int64{90, 95}},
	}

	// fitting is one mechanism or frame; plG/ruG give the grammatical
	// gender of the head noun for colour agreement.
	type fitting struct {
		code     string
		cat      string
		plG, ruG byte
		name     tr
		desc     tr
		pln      int64
	}
	fittings := []fitting{
		{"GN1E", catSockets, 'n', 'f',
			tr{"Gniazdo pojedyncze 2P+Z (typ E)", "Розетка одинарная с заземлением, тип E", "Pistorasia 1-osainen maadoitettu, tyyppi E"},
			tr{"Gniazdo 16 A 250 V z bolcem uziemiającym i przesłonami torów prądowych, zaciski śrubowe.",
				"Розетка 16 А 250 В с заземляющим штырём и защитными шторками, винтовые клеммы.",
				"Pistorasia 16 A 250 V maadoitustapilla ja lapsisuojalla, ruuviliittimet."},
			1490},
		{"GN1F", catSockets, 'n', 'f',
			tr{"Gniazdo pojedyncze Schuko (typ F)", "Розетка одинарная с заземлением, тип F (Schuko)", "Pistorasia 1-osainen maadoitettu, tyyppi F (Schuko)"},
			tr{"Gniazdo 16 A 250 V ze stykami ochronnymi Schuko i przesłonami torów prądowych, zaciski bezśrubowe.",
				"Розетка 16 А 250 В с боковыми заземляющими контактами Schuko и защитными шторками, безвинтовые клеммы.",
				"Pistorasia 16 A 250 V Schuko-maadoituskoskettimilla ja lapsisuojalla, ruuvittomat liittimet."},
			1490},
		{"GN2F", catSockets, 'n', 'f',
			tr{"Gniazdo podwójne Schuko (typ F)", "Розетка двойная с заземлением, тип F (Schuko)", "Pistorasia 2-osainen maadoitettu, tyyppi F (Schuko)"},
			tr{"Podwójne gniazdo Schuko 16 A 250 V w jednym mechanizmie, z przesłonami torów prądowych.",
				"Двойная розетка Schuko 16 А 250 В в одном механизме, с защитными шторками.",
				"Kaksoispistorasia Schuko 16 A 250 V yhdessä kalusteessa, lapsisuojalla."},
			2490},
		{"GUSB", catSockets, 'n', 'f',
			tr{"Gniazdo ładowarki USB A+C 3,1 A", "Розетка USB A+C 3,1 А", "USB-latauspistorasia A+C 3,1 A"},
			tr{"Podwójna ładowarka USB typu A i C, łącznie 3,1 A (15 W), montowana zamiast zwykłego gniazda.",
				"Двойное зарядное устройство USB типа A и C, суммарно 3,1 А (15 Вт), устанавливается вместо обычной розетки.",
				"Kaksoislaturi USB A ja C, yhteensä 3,1 A (15 W), asennetaan tavallisen pistorasian tilalle."},
			6990},
		{"GN44", catSockets, 'n', 'f',
			tr{"Gniazdo pojedyncze 2P+Z z klapką IP44", "Розетка одинарная с заземлением и крышкой IP44", "Pistorasia 1-osainen maadoitettu, kannellinen IP44"},
			tr{"Gniazdo 16 A 250 V z uziemieniem i samozamykającą się klapką, stopień ochrony IP44 do łazienek i pomieszczeń wilgotnych.",
				"Розетка 16 А 250 В с заземлением и откидной крышкой, степень защиты IP44 для ванных и влажных помещений.",
				"Maadoitettu pistorasia 16 A 250 V itsestään sulkeutuvalla kannella, IP44 kylpyhuoneisiin ja kosteisiin tiloihin."},
			2290},

		{"LJ1", catSwitches, 'm', 'm',
			tr{"Łącznik jednobiegunowy", "Выключатель одноклавишный", "Kytkin 1-napainen"},
			tr{"Łącznik 10 AX 250 V do sterowania jednym obwodem oświetlenia.",
				"Выключатель 10 А 250 В для управления одной группой освещения.",
				"Kytkin 10 AX 250 V yhden valaistusryhmän ohjaukseen."},
			1290},
		{"LJ2", catSwitches, 'm', 'm',
			tr{"Łącznik świecznikowy", "Выключатель двухклавишный", "Sarjakytkin"},
			tr{"Łącznik dwuklawiszowy 10 AX 250 V do sterowania dwoma obwodami, np. żyrandolem.",
				"Двухклавишный выключатель 10 А 250 В для управления двумя группами освещения, например люстрой.",
				"Sarjakytkin 10 AX 250 V kahden valaistusryhmän ohjaukseen, esim. kattokruunulle."},
			1690},
		{"LSCH", catSwitches, 'm', 'm',
			tr{"Łącznik schodowy", "Переключатель одноклавишный проходной", "Vaihtokytkin"},
			tr{"Łącznik 10 AX 250 V do sterowania oświetleniem z dwóch miejsc, np. na klatce schodowej.",
				"Проходной переключатель 10 А 250 В для управления светом из двух мест, например на лестнице.",
				"Vaihtokytkin 10 AX 250 V valaistuksen ohjaukseen kahdesta paikasta, esim. portaikossa."},
			1590},
		{"LKRZ", catSwitches, 'm', 'm',
			tr{"Łącznik krzyżowy", "Переключатель перекрёстный", "Ristikytkin"},
			tr{"Łącznik 10 AX 250 V współpracujący z dwoma łącznikami schodowymi, do sterowania oświetleniem z trzech i więcej miejsc.",
				"Перекрёстный переключатель 10 А 250 В; вместе с двумя проходными позволяет управлять светом из трёх и более мест.",
				"Ristikytkin 10 AX 250 V, käytetään kahden vaihtokytkimen kanssa ohjaukseen kolmesta tai useammasta paikasta."},
			2490},
		{"PDZW", catSwitches, 'm', 'f',
			tr{"Przycisk dzwonkowy", "Кнопка звонка", "Ovikellopainike"},
			tr{"Przycisk zwierny 10 A 250 V do dzwonka lub przekaźnika bistabilnego, z symbolem dzwonka.",
				"Кнопочный выключатель 10 А 250 В для звонка или импульсного реле, с символом звонка.",
				"Sulkeutuva painike 10 A 250 V ovikellolle tai impulssireleelle, kellosymbolilla."},
			1490},

		{"R1", catFrames, 'f', 'f',
			tr{"Ramka pojedyncza", "Рамка одноместная", "Peitekehys 1-osainen"},
			tr{"Ramka z tworzywa odpornego na zarysowania do jednego mechanizmu.",
				"Рамка из ударопрочного пластика на один пост.",
				"Naarmuuntumaton muovinen peitekehys yhdelle kalusteelle."},
			590},
		{"R2", catFrames, 'f', 'f',
			tr{"Ramka podwójna", "Рамка двухместная", "Peitekehys 2-osainen"},
			tr{"Ramka z tworzywa odpornego na zarysowania do dwóch mechanizmów.",
				"Рамка из ударопрочного пластика на два поста.",
				"Naarmuuntumaton muovinen peitekehys kahdelle kalusteelle."},
			1090},
		{"R3", catFrames, 'f', 'f',
			tr{"Ramka potrójna", "Рамка трёхместная", "Peitekehys 3-osainen"},
			tr{"Ramka z tworzywa odpornego na zarysowania do trzech mechanizmów.",
				"Рамка из ударопрочного пластика на три поста.",
				"Naarmuuntumaton muovinen peitekehys kolmelle kalusteelle."},
			1590},
	}

	var es []entry
	for _, f := range fittings {
		for _, l := range lines {
			mount := tr{
				fmt.Sprintf("Mechanizm do puszki Ø60 mm, mocowanie pazurkami lub wkrętami; ramkę serii %s należy zamówić osobno.", l.name),
				fmt.Sprintf("Механизм для подрозетника Ø60 мм, крепление лапками или винтами; рамку серии %s заказывайте отдельно.", l.name),
				fmt.Sprintf("Asennus Ø60 mm kojerasiaan kynsillä tai ruuveilla; %s-sarjan peitekehys tilataan erikseen.", l.name),
			}
			if f.cat == catFrames {
				mount = tr{
					fmt.Sprintf("Pasuje do wszystkich mechanizmów serii %s, montaż w poziomie lub w pionie.", l.name),
					fmt.Sprintf("Подходит ко всем механизмам серии %s, горизонтальная или вертикальная установка.", l.name),
					fmt.Sprintf("Sopii kaikkiin %s-sarjan kalusteisiin, vaaka- tai pystyasennus.", l.name),
				}
			}
			for i, c := range l.colours {
				es = append(es, entry{
					sku: l.code + "-" + f.code + "-" + c.code, cat: f.cat,
					unit: "pcs", pack: 1, moq: 1,
					name: tr{
						fmt.Sprintf("%s, %s, seria %s, %s", f.name.pl, c.pl(f.plG), l.name, l.b.name),
						fmt.Sprintf("%s, %s, серия %s, %s", f.name.ru, c.ru(f.ruG), l.name, l.b.name),
						fmt.Sprintf("%s, %s, %s-sarja, %s", f.name.fi, c.fi, l.name, l.b.name),
					},
					desc: tr{f.desc.pl + " " + mount.pl, f.desc.ru + " " + mount.ru, f.desc.fi + " " + mount.fi},
					pln:  nice(f.pln, l.pricePct[i]), sub: "fitting-" + f.code,
				})
			}
		}
	}
	return es
}
