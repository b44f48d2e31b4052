package demo

import "fmt"

// toolEntries: meters and testers, hand tools and insulating tapes.
func toolEntries() []entry {
	var es []entry
	es = append(es, simpleEntries(catMeters, "TST", meters)...)
	es = append(es, simpleEntries(catHandTools, "TL", handTools)...)
	es = append(es, tapeEntries()...)
	return es
}

// simpleItem is a product without spec variants, carried by one or more
// brands (offers); all offers of an item substitute each other.
type simpleItem struct {
	code   string
	unit   string
	name   tr
	desc   tr
	pln    int64
	offers []offer
}

func simpleEntries(cat, prefix string, items []simpleItem) []entry {
	var es []entry
	for _, it := range items {
		unit := it.unit
		if unit == "" {
			unit = "pcs"
		}
		for _, b := range it.offers {
			es = append(es, entry{
				sku: fmt.Sprintf("%s-%s-%s", prefix, it.code, b.b.code), cat: cat,
				unit: unit, pack: 1, moq: 1,
				name: tr{it.name.pl + ", " + b.b.name, it.name.ru + ", " + b.b.name, it.name.fi + ", " + b.b.name},
				desc: it.desc,
				pln:  nice(it.pln, b.p), sub: prefix + "-" + it.code,
			})
		}
	}
	return es
}

var meters = []simpleItem{
	{"MM-BASIC", "", tr{"Multimetr cyfrowy CAT III 600 V", "Мультиметр цифровой CAT III 600 В", "Digitaalinen yleismittari CAT III 600 V"},
		tr{"Pomiar napięcia AC/DC, prądu do 10 A, rezystancji i ciągłości obwodu z sygnalizacją dźwiękową. Przewody pomiarowe i bateria w zestawie.",
			"Измерение переменного и постоянного напряжения, тока до 10 А, сопротивления и прозвонка цепи со звуковым сигналом. Щупы и батарейка в комплекте.",
			"Mittaa AC/DC-jännitteen, virran 10 A asti, resistanssin ja jatkuvuuden äänimerkillä. Mittajohdot ja paristo mukana."},
		5990, []offer{{korvo, 100}, {tekra, 92}}},
	{"MM-TRMS", "", tr{"Multimetr cyfrowy True RMS CAT IV 600 V", "Мультиметр цифровой True RMS CAT IV 600 В", "Digitaalinen yleismittari True RMS CAT IV 600 V"},
		tr{"Pomiar wartości skutecznej prawdziwej, także przy przebiegach odkształconych, oraz pojemności, częstotliwości i temperatury. Podświetlany wyświetlacz 6000 cyfr.",
			"Измерение истинного среднеквадратичного значения, в том числе при искажённой форме сигнала, а также ёмкости, частоты и температуры. Дисплей 6000 отсчётов с подсветкой.",
			"Todellisen tehollisarvon mittaus myös säröytyneillä käyrämuodoilla sekä kapasitanssin, taajuuden ja lämpötilan mittaus. Taustavalaistu 6000 lukeman näyttö."},
		18990, []offer{{korvo, 100}}},
	{"CLAMP-400", "", tr{"Miernik cęgowy AC 400 A", "Токоизмерительные клещи AC 400 А", "Pihtivirtamittari AC 400 A"},
		tr{"Bezdotykowy pomiar prądu przemiennego do 400 A bez rozłączania obwodu, szczęki do przewodów Ø30 mm. Funkcje multimetru: napięcie, rezystancja, ciągłość.",
			"Измерение переменного тока до 400 А без разрыва цепи, раскрытие губок до Ø30 мм. Функции мультиметра: напряжение, сопротивление, прозвонка.",
			"Vaihtovirran mittaus 400 A asti piiriä katkaisematta, pihtien aukeama Ø30 mm. Yleismittaritoiminnot: jännite, resistanssi, jatkuvuus."},
		11990, []offer{{korvo, 100}}},
	{"CLAMP-600", "", tr{"Miernik cęgowy True RMS AC/DC 600 A", "Токоизмерительные клещи True RMS AC/DC 600 А", "Pihtivirtamittari True RMS AC/DC 600 A"},
		tr{"Pomiar prądu przemiennego i stałego do 600 A, także w instalacjach fotowoltaicznych. Funkcja prądu rozruchowego i zapamiętywania wyniku.",
			"Измерение переменного и постоянного тока до 600 А, в том числе в солнечных электростанциях. Режим пускового тока и удержание показаний.",
			"Vaihto- ja tasavirran mittaus 600 A asti, myös aurinkosähköjärjestelmissä. Käynnistysvirtatoiminto ja lukeman pito."},
		28990, []offer{{korvo, 100}}},
	{"VT2P", "", tr{"Próbnik napięcia dwubiegunowy 12–690 V z wyświetlaczem LCD", "Указатель напряжения двухполюсный 12–690 В с ЖК-дисплеем", "Jännitteenkoetin 2-napainen 12–690 V, LCD-näyttö"},
		tr{"Sprawdzanie obecności napięcia AC/DC, kolejności faz i ciągłości obwodu, test jednobiegunowy fazy. Kategoria CAT III 690 V / CAT IV 600 V.",
			"Проверка наличия переменного и постоянного напряжения, чередования фаз и целостности цепи, однополюсный поиск фазы. Категория CAT III 690 В / CAT IV 600 В.",
			"AC/DC-jännitteen, vaihejärjestyksen ja jatkuvuuden tarkistus sekä yksinapainen vaiheen tunnistus. Luokitus CAT III 690 V / CAT IV 600 V."},
		8990, []offer{{korvo, 100}, {tekra, 94}}},
	{"SD-TEST", "", tr{"Wkrętak wskaźnikowy 100–250 V", "Отвёртка-индикатор 100–250 В", "Koetinruuvimeisseli 100–250 V"},
		tr{"Wkrętak płaski 3 mm z neonową lampką sygnalizującą obecność fazy. Do szybkiego sprawdzania gniazd i zacisków.",
			"Плоская отвёртка 3 мм с неоновой лампой, сигнализирующей о наличии фазы. Для быстрой проверки розеток и клемм.",
			"Tasapäinen 3 mm ruuvimeisseli, jonka hohtolamppu ilmaisee vaiheen. Pistorasioiden ja liittimien nopeaan tarkistukseen."},
		790, []offer{{korvo, 100}}},
	{"NCV", "", tr{"Bezdotykowy wykrywacz napięcia 12–1000 V", "Бесконтактный детектор напряжения 12–1000 В", "Kosketukseton jännitteenilmaisin 12–1000 V"},
		tr{"Wykrywa napięcie przemienne w przewodach, gniazdach i puszkach bez kontaktu z żyłą, sygnalizacja dźwiękowa i świetlna. Latarka w zestawie.",
			"Обнаруживает переменное напряжение в проводах, розетках и коробках без контакта с жилой, звуковая и световая индикация. Встроенный фонарик.",
			"Tunnistaa vaihtojännitteen johdoista, pistorasioista ja rasioista koskematta johtimeen, ääni- ja valomerkki. Sisäänrakennettu taskulamppu."},
		4990, []offer{{korvo, 100}, {tekra, 90}}},
	{"SOCKET", "", tr{"Tester gniazd z testem RCD 30 mA", "Тестер розеток с проверкой УЗО 30 мА", "Pistorasiatesteri vikavirtasuojan testillä 30 mA"},
		tr{"Sprawdza poprawność podłączenia fazy, neutralnego i ochronnego oraz zadziałanie wyłącznika różnicowoprądowego 30 mA.",
			"Проверяет правильность подключения фазы, нуля и заземления, а также срабатывание УЗО 30 мА.",
			"Tarkistaa vaihe-, nolla- ja suojajohtimen kytkennän sekä 30 mA vikavirtasuojan laukeamisen."},
		3990, []offer{{korvo, 100}}},
	{"INS-1000", "", tr{"Miernik rezystancji izolacji 250/500/1000 V", "Мегаомметр 250/500/1000 В", "Eristysvastusmittari 250/500/1000 V"},
		tr{"Pomiar rezystancji izolacji do 2 GΩ napięciem 250, 500 lub 1000 V oraz ciągłości przewodów ochronnych prądem 200 mA. Do pomiarów odbiorczych i okresowych instalacji.",
			"Измерение сопротивления изоляции до 2 ГОм напряжением 250, 500 или 1000 В и непрерывности защитных проводников током 200 мА. Для приёмо-сдаточных и периодических испытаний.",
			"Eristysresistanssin mittaus 2 GΩ asti 250, 500 tai 1000 V jännitteellä sekä suojajohtimien jatkuvuus 200 mA virralla. Käyttöönotto- ja määräaikaistarkastuksiin."},
		64990, []offer{{korvo, 100}}},
}

var handTools = []simpleItem{
	{"STRIP-AUTO", "", tr{"Ściągacz izolacji automatyczny 0,2–6 mm²", "Стриппер автоматический 0,2–6 мм²", "Automaattinen kuorintapihti 0,2–6 mm²"},
		tr{"Samonastawny ściągacz do przewodów jedno- i wielodrutowych z nożem do cięcia przewodów miedzianych do 2,5 mm².",
			"Самонастраивающийся инструмент для снятия изоляции с одно- и многопроволочных проводов, с ножом для резки медных проводов до 2,5 мм².",
			"Itsesäätyvä kuorintapihti yksi- ja monisäikeisille johtimille, leikkuri kuparijohtimille 2,5 mm² asti."},
		5990, []offer{{korvo, 100}, {tekra, 92}}},
	{"KNIFE-28", "", tr{"Nóż do ściągania powłoki z kabli okrągłych 8–28 mm", "Нож для снятия оболочки с круглого кабеля 8–28 мм", "Vaipanpoistotyökalu pyöreille kaapeleille 8–28 mm"},
		tr{"Obrotowy nóż z regulacją głębokości cięcia, umożliwia cięcie wzdłużne i obwodowe bez uszkodzenia izolacji żył.",
			"Поворотный нож с регулировкой глубины реза для продольного и кругового надреза оболочки без повреждения изоляции жил.",
			"Kääntyvä terä säädettävällä leikkuusyvyydellä pitkittäis- ja kehäleikkaukseen vahingoittamatta johdineristeitä."},
		3490, []offer{{korvo, 100}}},
	{"CRIMP-FERR", "", tr{"Praska do tulejek kablowych 0,25–6 mm²", "Пресс-клещи для наконечников-гильз 0,25–6 мм²", "Puristuspihdit pääteholkeille 0,25–6 mm²"},
		tr{"Zaciska tulejki izolowane i nieizolowane w profilu czworokątnym, mechanizm zapadkowy gwarantuje pełne zaciśnięcie.",
			"Опрессовка изолированных и неизолированных гильз квадратным профилем, храповой механизм гарантирует полный обжим.",
			"Puristaa eristetyt ja eristämättömät pääteholkit nelikulmaiseksi, räikkämekanismi varmistaa täyden puristuksen."},
		7990, []offer{{korvo, 100}}},
	{"CRIMP-INS", "", tr{"Praska do końcówek izolowanych 0,5–6 mm²", "Пресс-клещи для изолированных наконечников 0,5–6 мм²", "Puristuspihdit eristetyille liittimille 0,5–6 mm²"},
		tr{"Do końcówek oczkowych, widełkowych i złączek izolowanych w kolorach czerwonym, niebieskim i żółtym, z mechanizmem zapadkowym.",
			"Для изолированных кольцевых, вилочных наконечников и гильз красного, синего и жёлтого цвета, с храповым механизмом.",
			"Punaisille, sinisille ja keltaisille eristetyille rengas-, haarukka- ja jatkoliittimille, räikkämekanismilla."},
		6990, []offer{{korvo, 100}}},
	{"CRIMP-RJ", "", tr{"Zaciskarka do wtyków RJ45/RJ12/RJ11", "Кримпер для коннекторов RJ45/RJ12/RJ11", "Puristuspihdit RJ45/RJ12/RJ11-liittimille"},
		tr{"Zaciskanie wtyków modularnych 8P8C, 6P6C i 6P4C z nożem do cięcia i ściągania izolacji skrętki.",
			"Обжим модульных коннекторов 8P8C, 6P6C и 6P4C, встроенные ножи для резки и зачистки витой пары.",
			"Modulaaristen 8P8C-, 6P6C- ja 6P4C-liittimien puristus, terät parikaapelin katkaisuun ja kuorintaan."},
		4990, []offer{{korvo, 100}}},
	{"CUTTER-160", "", tr{"Nożyce do kabli 160 mm", "Кабелерез 160 мм", "Kaapelisakset 160 mm"},
		tr{"Do cięcia kabli miedzianych i aluminiowych o średnicy do 12 mm (do 35 mm²), ostrza hartowane indukcyjnie.",
			"Для резки медных и алюминиевых кабелей диаметром до 12 мм (до 35 мм²), индукционно закалённые лезвия.",
			"Kupari- ja alumiinikaapeleiden katkaisuun halkaisijaltaan 12 mm asti (35 mm²), induktiokarkaistut terät."},
		5990, []offer{{korvo, 100}, {tekra, 92}}},
	{"SIDE-VDE", "", tr{"Szczypce tnące boczne izolowane 1000 V 160 mm", "Бокорезы диэлектрические 1000 В 160 мм", "Eristetyt sivuleikkurit 1000 V 160 mm"},
		tr{"Szczypce z izolacją dwuskładnikową testowaną napięciem 10 000 V, do prac pod napięciem do 1000 V AC.",
			"Бокорезы с двухкомпонентной изоляцией, испытанной напряжением 10 000 В, для работ под напряжением до 1000 В AC.",
			"Kaksikomponenttieristeiset pihdit, testattu 10 000 V jännitteellä, jännitetöihin 1000 V AC asti."},
		4490, []offer{{korvo, 100}}},
	{"COMBI-VDE", "", tr{"Szczypce uniwersalne izolowane 1000 V 180 mm", "Пассатижи диэлектрические 1000 В 180 мм", "Eristetyt yhdistelmäpihdit 1000 V 180 mm"},
		tr{"Szczypce do chwytania, gięcia i cięcia przewodów, izolacja testowana napięciem 10 000 V, do prac pod napięciem do 1000 V AC.",
			"Пассатижи для захвата, гибки и резки проводов, изоляция испытана напряжением 10 000 В, для работ под напряжением до 1000 В AC.",
			"Pihdit johtimien tarttumiseen, taivutukseen ja katkaisuun, eriste testattu 10 000 V jännitteellä, jännitetöihin 1000 V AC asti."},
		4990, []offer{{korvo, 100}}},
	{"SD-SET6", "set", tr{"Zestaw wkrętaków izolowanych 1000 V, 6 szt.", "Набор диэлектрических отвёрток 1000 В, 6 шт.", "Eristetty ruuvimeisselisarja 1000 V, 6 kpl"},
		tr{"Wkrętaki płaskie 2,5/4/5,5 mm i krzyżowe PH1/PH2 oraz próbnik napięcia, każdy z izolacją testowaną napięciem 10 000 V.",
			"Шлицевые отвёртки 2,5/4/5,5 мм, крестовые PH1/PH2 и индикатор напряжения, изоляция каждой испытана напряжением 10 000 В.",
			"Talttapäät 2,5/4/5,5 mm, ristipäät PH1/PH2 ja koetinruuvimeisseli, kaikkien eriste testattu 10 000 V jännitteellä."},
		6990, []offer{{korvo, 100}, {tekra, 93}}},
	{"KIT-12", "set", tr{"Zestaw narzędzi elektryka 1000 V w walizce, 12 el.", "Набор инструментов электрика 1000 В в чемодане, 12 предметов", "Sähköasentajan eristetty työkalusarja 1000 V salkussa, 12 osaa"},
		tr{"Komplet izolowanych szczypiec, wkrętaków, noża i próbnika napięcia w walizce z wyprofilowaną wkładką.",
			"Комплект диэлектрических пассатижей, отвёрток, ножа и индикатора напряжения в чемодане с ложементом.",
			"Eristetyt pihdit, ruuvimeisselit, veitsi ja jännitteenkoetin salkussa, jossa on muotoiltu sisäosa."},
		24990, []offer{{korvo, 100}}},
}

func tapeEntries() []entry {
	pvcDesc := tr{
		"Elastyczna taśma PVC do izolowania i oznaczania przewodów, wytrzymałość elektryczna 8 kV, temperatura pracy od −10 do +80 °C. Sprzedawana w opakowaniach po 10 rolek, cena za rolkę.",
		"Эластичная ПВХ-лента для изоляции и маркировки проводов, электрическая прочность 8 кВ, рабочая температура от −10 до +80 °C. Продаётся упаковками по 10 рулонов, цена за рулон.",
		"Joustava PVC-teippi johtimien eristykseen ja merkintään, läpilyöntilujuus 8 kV, käyttölämpötila −10…+80 °C. Myydään 10 rullan pakkauksissa, hinta rullalta.",
	}
	type tape struct {
		w, l int
		cols []colour
		pln  int64
	}
	tapes := []tape{
		{19, 20, []colour{black, blue, yellowGreen, red, white, brown, grey}, 490},
		{15, 10, []colour{black, blue, yellowGreen}, 290},
	}
	var es []entry
	for _, t := range tapes {
		for _, c := range t.cols {
			es = append(es, entry{
				sku: fmt.Sprintf("TAPE-%dX%d-%s-%s", t.w, t.l, c.code, korvo.code), cat: catTapes,
				unit: "pcs", pack: 10, moq: 10,
				name: tr{
					fmt.Sprintf("Taśma izolacyjna PVC %d mm x %d m %s, %s", t.w, t.l, c.plF, korvo.name),
					fmt.Sprintf("Изолента ПВХ %d мм x %d м %s, %s", t.w, t.l, c.ruF, korvo.name),
					fmt.Sprintf("Eristysteippi PVC %d mm x %d m %s, %s", t.w, t.l, c.fi, korvo.name),
				},
				desc: pvcDesc,
				pln:  t.pln,
			})
		}
	}
	es = append(es, entry{
		sku: "TAPE-SELF-19X10-" + korvo.code, cat: catTapes,
		unit: "pcs", pack: 1, moq: 1,
		name: tr{
			"Taśma samowulkanizująca 19 mm x 10 m, " + korvo.name,
			"Лента самовулканизирующаяся 19 мм x 10 м, " + korvo.name,
			"Itsevulkanoituva teippi 19 mm x 10 m, " + korvo.name,
		},
		desc: tr{
			"Taśma z kauczuku EPR, która po naciągnięciu stapia się w jednolitą, wodoszczelną warstwę. Do uszczelniania połączeń kabli i naprawy powłok, także na zewnątrz.",
			"Лента из EPR-каучука, при растяжении сплавляется в монолитный водонепроницаемый слой. Для герметизации соединений кабелей и ремонта оболочек, в том числе на улице.",
			"EPR-kumiteippi, joka venytettynä sulautuu yhtenäiseksi vesitiiviiksi kerrokseksi. Kaapeliliitosten tiivistykseen ja vaippojen korjaukseen myös ulkona.",
		},
		pln: 2490,
	})
	return es
}
