package demo

import "fmt"

// extensionEntries: extension leads, cable reels and surge-protected
// power strips.
func extensionEntries() []entry {
	var es []entry
	es = append(es, leadEntries()...)
	es = append(es, reelEntries()...)
	es = append(es, surgeStripEntries()...)
	return es
}

// sockets returns "3 gniazda" / "3 розетки" / "3-osainen" style counts.
func sockets(n int) tr {
	return tr{
		fmt.Sprintf("%d %s", n, plPlural(n, "gniazdo", "gniazda", "gniazd")),
		fmt.Sprintf("%d %s", n, ruPlural(n, "розетка", "розетки", "розеток")),
		fmt.Sprintf("%d-osainen", n),
	}
}

func leadEntries() []entry {
	type lead struct {
		n          int
		length     string
		code       string
		withSwitch bool
		pln        int64
	}
	leads := []lead{
		{3, "1,5", "1M5", false, 2490}, {3, "3", "3M", false, 2990}, {3, "5", "5M", false, 3690},
		{5, "1,5", "1M5", true, 3490}, {5, "3", "3M", true, 3990}, {5, "5", "5M", true, 4690},
	}
	type line struct {
		o   offer
		col colour
	}
	var es []entry
	for _, l := range leads {
		sw, sku := tr{}, fmt.Sprintf("EXT-%dG-%s", l.n, l.code)
		desc := tr{
			"Przewód H05VV-F 3x1,5 mm², obciążalność 16 A / 3680 W, gniazda z przesłonami ochronnymi.",
			"Кабель H05VV-F 3x1,5 мм², нагрузка до 16 А / 3680 Вт, розетки с защитными шторками.",
			"Johto H05VV-F 3x1,5 mm², kuormitettavuus 16 A / 3680 W, pistorasioissa lapsisuojat.",
		}
		if l.withSwitch {
			sw, sku = tr{" i wyłącznikiem", " и выключателем", " kytkimellä"}, sku+"-SW"
			desc = tr{
				desc.pl + " Podświetlany wyłącznik dwubiegunowy odłącza wszystkie gniazda.",
				desc.ru + " Двухполюсный выключатель с подсветкой отключает все розетки.",
				desc.fi + " Valaistu 2-napainen kytkin katkaisee kaikki pistorasiat.",
			}
		}
		s := sockets(l.n)
		for _, ln := range []line{{offer{voltera, 100}, white}, {offer{elkam, 95}, black}} {
			es = append(es, entry{
				sku: sku + "-" + ln.o.b.code, cat: catLeads,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Przedłużacz %s z uziemieniem%s %s m, %s, %s", s.pl, sw.pl, l.length, ln.col.plM, ln.o.b.name),
					fmt.Sprintf("Удлинитель %s с заземлением%s %s м, %s, %s", s.ru, sw.ru, l.length, ln.col.ruM, ln.o.b.name),
					fmt.Sprintf("Jatkojohto %s maadoitettu%s %s m, %s, %s", s.fi, sw.fi, l.length, ln.col.fi, ln.o.b.name),
				},
				desc: desc,
				pln:  nice(l.pln, ln.o.p), sub: "lead-" + sku,
			})
		}
	}
	for _, m := range []struct {
		metres int
		pln    int64
	}{{10, 6990}, {20, 11990}, {30, 16990}} {
		es = append(es, entry{
			sku: fmt.Sprintf("EXT-1G-%dM-IP44-%s", m.metres, elkam.code), cat: catLeads,
			unit: "pcs", pack: 1, moq: 1,
			name: tr{
				fmt.Sprintf("Przedłużacz warsztatowy 1 gniazdo IP44 %d m, przewód gumowy H05RR-F 3x1,5 mm², %s", m.metres, elkam.name),
				fmt.Sprintf("Удлинитель силовой 1 розетка IP44 %d м, резиновый кабель H05RR-F 3x1,5 мм², %s", m.metres, elkam.name),
				fmt.Sprintf("Jatkojohto 1-osainen IP44 %d m, kumijohto H05RR-F 3x1,5 mm², %s", m.metres, elkam.name),
			},
			desc: tr{
				"Do pracy na budowie i w warsztacie: gniazdo z bryzgoszczelną klapką, przewód gumowy elastyczny także na mrozie. Obciążalność 16 A / 3680 W.",
				"Для стройки и мастерской: розетка с брызгозащищённой крышкой, резиновый кабель сохраняет гибкость на морозе. Нагрузка до 16 А / 3680 Вт.",
				"Työmaalle ja korjaamoon: roiskevesisuojattu kannellinen pistorasia, kumijohto pysyy taipuisana pakkasellakin. Kuormitettavuus 16 A / 3680 W.",
			},
			pln: m.pln,
		})
	}
	return es
}

func reelEntries() []entry {
	type reel struct {
		metres int
		cs     string // cross-section label
		code   string
		ip44   bool
		pln    int64
		offers []offer
	}
	reels := []reel{
		{25, "3x1,5", "3X15", false, 14990, []offer{{voltera, 100}, {elkam, 93}}},
		{40, "3x1,5", "3X15", false, 19990, []offer{{voltera, 100}}},
		{50, "3x1,5", "3X15", false, 22990, []offer{{voltera, 100}}},
		{25, "3x2,5", "3X25", true, 24990, []offer{{voltera, 100}}},
		{50, "3x2,5", "3X25", true, 38990, []offer{{voltera, 100}, {elkam, 95}}},
	}
	var es []entry
	for _, r := range reels {
		ip, ipCode := tr{}, ""
		if r.ip44 {
			ip, ipCode = tr{" IP44, przewód gumowy", " IP44, резиновый кабель", " IP44, kumijohto"}, "-IP44"
		}
		for _, b := range r.offers {
			es = append(es, entry{
				sku: fmt.Sprintf("REEL-%dM-%s%s-%s", r.metres, r.code, ipCode, b.b.code), cat: catReels,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Przedłużacz bębnowy 4 gniazda %d m %s mm²%s, %s", r.metres, r.cs, ip.pl, b.b.name),
					fmt.Sprintf("Удлинитель на катушке 4 розетки %d м %s мм²%s, %s", r.metres, r.cs, ip.ru, b.b.name),
					fmt.Sprintf("Johtokela 4 pistorasiaa %d m %s mm²%s, %s", r.metres, r.cs, ip.fi, b.b.name),
				},
				desc: tr{
					"Bęben na metalowym stelażu z czterema gniazdami z uziemieniem i wyłącznikiem termicznym chroniącym przed przegrzaniem. Przy obciążeniu powyżej 1000 W przewód należy rozwinąć w całości.",
					"Катушка на металлической раме с четырьмя розетками с заземлением и термовыключателем от перегрева. При нагрузке свыше 1000 Вт кабель необходимо размотать полностью.",
					"Metallirunkoinen kela, jossa neljä maadoitettua pistorasiaa ja ylikuumenemissuoja. Yli 1000 W kuormalla johto on kelattava kokonaan auki.",
				},
				pln: nice(r.pln, b.p), sub: fmt.Sprintf("reel-%d-%s%s", r.metres, r.code, ipCode),
			})
		}
	}
	return es
}

func surgeStripEntries() []entry {
	type strip struct {
		n      int
		usb    bool
		length string
		code   string
		pln    int64
		offers []offer
	}
	strips := []strip{
		{5, false, "1,5", "1M5", 4990, []offer{{voltera, 100}, {elkam, 92}}},
		{5, false, "3", "3M", 5490, []offer{{voltera, 100}, {elkam, 92}}},
		{5, false, "5", "5M", 6490, []offer{{voltera, 100}}},
		{6, true, "1,5", "1M5", 8990, []offer{{voltera, 100}}},
	}
	var es []entry
	for _, s := range strips {
		cnt := sockets(s.n)
		usb, code := "", fmt.Sprintf("STRIP-%dG-%s", s.n, s.code)
		if s.usb {
			usb, code = " + 2 USB", code+"-USB"
		}
		for _, b := range s.offers {
			es = append(es, entry{
				sku: code + "-" + b.b.code, cat: catSurgeStrips,
				unit: "pcs", pack: 1, moq: 1,
				name: tr{
					fmt.Sprintf("Listwa przeciwprzepięciowa %s%s %s m, %s", cnt.pl, usb, s.length, b.b.name),
					fmt.Sprintf("Сетевой фильтр %s%s %s м, %s", cnt.ru, usb, s.length, b.b.name),
					fmt.Sprintf("Ylijännitesuojattu jatkojohto %s%s %s m, %s", cnt.fi, usb, s.length, b.b.name),
				},
				desc: tr{
					"Listwa z ochroną przeciwprzepięciową (warystory, do 15 kA) i podświetlanym wyłącznikiem, do komputerów i sprzętu RTV. Przewód 3x1,0 mm², obciążalność 10 A.",
					"Сетевой фильтр с защитой от импульсных перенапряжений (варисторы, до 15 кА) и выключателем с подсветкой для компьютеров и аудио-видеотехники. Кабель 3x1,0 мм², нагрузка до 10 А.",
					"Ylijännitesuojattu jatkojohto (varistorit, enintään 15 kA) valaistulla kytkimellä tietokoneille ja viihde-elektroniikalle. Johto 3x1,0 mm², kuormitettavuus 10 A.",
				},
				pln: nice(s.pln, b.p), sub: code,
			})
		}
	}
	return es
}
