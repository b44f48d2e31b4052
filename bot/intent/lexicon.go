package intent

// Word lists used by Detect.
//
// Every entry is a pattern of one or more space-separated words. A word that
// ends with "*" is a stem and matches any token that starts with it; any other
// word must match the token exactly. Words of a multi-word pattern must occur
// in order, with at most maxGap other tokens between neighbours.
//
// Entries are written in their normal spelling; they are lower-cased and
// folded (ż→z, ä→a, ё→е, ...) at start-up exactly like the user's text, so
// "zamówienie" also matches "zamowienie".
//
// The language key ("pl", "ru", "fi") is used as evidence for the language
// guess; entries under "" (English and international words) give no evidence.

// category is an internal class of words; several categories map onto one
// Kind, others only help with order numbers, queries and language.
type category uint8

const (
	catGreeting     category = iota
	catHelp                  // what can you do
	catStockStrong           // "na stanie", "в наличии", "varastossa", prices: a stock question on its own
	catStockWeak             // "jest", "есть", "onko": a stock question only when product words remain
	catDelivery              // delivery/shipping/tracking words
	catDeliveryWeak          // "my order" without a question word
	catWhere                 // where/when/status: delivery when combined with an order word or number
	catOrderWord             // order nouns; a number right after them is an order number
	catNumMark               // "nr", "№", "номер" between an order word and its number
	catUnit                  // "szt", "шт", "kpl", "m": a number before them is a quantity
	catPieces                // "szt", "шт", "kpl": units that count pieces, left out of a product query with their number
	catReorder               // repeat an order
	catFavourites            // favourites / standard assortment
	catComplaint             // damaged, missing, wrong item, complaint, return
	catHuman                 // person, manager, operator
	catInvoices              // invoices, balance, debt
	catThanks                // thank you
	catCancel                // stop, cancel, never mind
	catYes                   // short confirmation
	catNo                    // short refusal
	catPoliteness            // please: dropped anywhere from a Query
	catStop                  // function words dropped from the edges of a Query
	catProduct               // product nouns, for recognising a bare product query
	numCategories
)

var lexicon = map[category]map[string][]string{
	catGreeting: {
		"pl": {"cześć", "czesc", "dzień dobry", "dobry wieczór", "witam", "witaj", "witajcie", "hej", "siema", "siemka", "elo", "halo"},
		"ru": {"привет*", "здравствуй*", "здрасте", "здрасьте", "добрый день", "доброе утро", "добрый вечер", "доброго дня", "доброго времени", "приветствую", "салют", "хай", "алло"},
		"fi": {"moi", "moikka", "moro", "morjens", "morjesta", "hei", "heippa", "terve", "päivää", "hyvää päivää", "huomenta", "iltaa", "hyvää iltaa"},
		"":   {"hi", "hello", "hey"},
	},
	catHelp: {
		"pl": {"pomoc*", "pomóż", "pomoz", "pomóżcie", "co umiesz", "co potrafisz", "co możesz", "co robisz", "jak działa*", "jak to działa", "komendy", "instrukcj*"},
		"ru": {"помощь", "помощи", "помоги*", "что умеешь", "что ты умеешь", "что можешь", "что ты можешь", "что вы умеете", "как пользоваться", "как работает*", "команды", "меню", "справка"},
		"fi": {"apua", "apu", "auta", "auttaa", "autatko", "ohje*", "mitä osaat", "mitä voit", "mitä pystyt", "miten toimii", "miten tämä toimii", "valikko", "komennot"},
		"":   {"help", "menu", "start"},
	},
	catStockStrong: {
		"pl": {"macie", "masz", "mają", "na stanie", "na magazynie", "stan magazyn*", "stany magazyn*", "dostępn*", "ile kosztuj*", "cena", "ceny", "cenę", "cenie", "cennik*", "sprzedajecie", "oferujecie"},
		"ru": {"наличи*", "на складе", "есть ли", "сколько стоит", "сколько стоят", "стоимост*", "цена", "цены", "цену", "цене", "ценник*", "почем", "прайс*", "продаете", "продаёте"},
		"fi": {"varastossa", "varastosta", "varasto", "varastotilanne", "saatavilla", "saatavana", "saatavuus", "saatavuutta", "löytyykö", "löytyisikö", "löytyy", "onko teillä", "hinta", "hintaa", "hinnat", "hinnan", "hintoja", "hinnasto*", "paljonko maksa*", "mitä maksa*", "myyttekö"},
		"":   {"in stock", "price", "available", "availability"},
	},
	catStockWeak: {
		"pl": {"jest", "są", "czy są", "prowadzicie", "szukam", "szukamy", "poszukuję", "potrzebuj*", "potrzebny", "potrzebna", "potrzebne", "kupić", "zamówić", "zamów", "poproszę"},
		"ru": {"есть", "имеется", "имеются", "нужен", "нужна", "нужны", "ищу", "ищем", "купить", "заказать", "бывает", "бывают"},
		"fi": {"onko", "onks", "onkos", "olisiko", "oisko", "tarvitsen", "tarvitsisin", "tarvitaan", "etsin", "etsimme", "ostaa", "tilata", "saako", "saisiko"},
		"":   {"do you have", "have you got"},
	},
	catDelivery: {
		"pl": {"dostaw*", "dostarcz*", "wysyłk*", "wysłan*", "wysłal*", "przesyłk*", "paczk*", "kurier*", "śledz*", "śledzeni*", "list przewozow*", "przyjdzie", "dojdzie", "dotrze", "dotarł*", "doszł*", "nie przyszł*", "nie przyszedł", "odbiór", "odbioru", "transport*"},
		"ru": {"доставк*", "доставят", "доставлен*", "доставит*", "доставите", "довез*", "привез*", "отправлен*", "отправили", "отправят", "отправк*", "отгруз*", "трек*", "курьер*", "посылк*", "придет", "прийдет", "приедет", "не пришел", "не пришла", "не пришло", "самовывоз*", "транспортн*"},
		"fi": {"toimit*", "lähetys*", "lähetetty", "lähetetään", "lähtenyt", "lähti", "lähtee", "lähteekö", "seuranta*", "seurata", "kuriiri*", "paket*", "saapu*", "milloin tulee", "nouto*", "kuljetus*"},
		"":   {"delivery", "shipping", "tracking", "shipment"},
	},
	catDeliveryWeak: {
		"pl": {"moje zamówien*", "mojego zamówien*", "moim zamówien*", "nasze zamówien*", "naszego zamówien*", "naszym zamówien*"},
		"ru": {"мой заказ*", "моего заказ*", "моим заказ*", "моем заказ*", "наш заказ*", "нашего заказ*", "нашем заказ*"},
		"fi": {"tilaukseni", "tilauksemme", "tilaukseeni", "tilauksestani", "minun tilau*", "meidän tilau*"},
		"":   {"my order*"},
	},
	catWhere: {
		"pl": {"gdzie", "kiedy", "status*", "gotowe", "gotowy", "gotowa", "etap*"},
		"ru": {"где", "когда", "статус*", "готов*", "этап*"},
		"fi": {"missä", "milloin", "koska", "tila", "tilanne*", "valmi*", "vaihe*"},
		"":   {"where", "when", "status"},
	},
	catOrderWord: {
		"pl": {"zamówien*", "zamówion*", "zlecen*", "zam"},
		"ru": {"заказ*", "заявк*"},
		"fi": {"tilau*"},
		"":   {"order*"},
	},
	catNumMark: {
		"pl": {"nr", "numer", "numerze", "numerem", "o numerze"},
		"ru": {"номер", "номером", "номеру", "под номером", "n"},
		"fi": {"nro", "numero", "numerolla", "numeroa"},
		"":   {"number", "no"},
	},
	catUnit: {
		"pl": {"szt", "sztuk*", "sztuki", "m", "mb", "metr*", "mm", "cm", "km", "kg", "opak*", "rolk*", "zł", "zl"},
		"ru": {"шт", "штук*", "штуки", "м", "метр*", "мм", "см", "кг", "упак*", "рулон*", "бухт*", "руб*", "р"},
		"fi": {"kpl", "kappale*", "metri*", "rulla*", "pakkaus*", "euroa", "e"},
		"":   {"pcs", "pc", "x", "eur", "€"},
	},
	catPieces: {
		"pl": {"szt", "sztuk*", "sztuki", "opak*"},
		"ru": {"шт", "штук*", "штуки", "упак*"},
		"fi": {"kpl", "kappale*", "pakkaus*"},
		"":   {"pcs", "pc"},
	},
	catReorder: {
		"pl": {"to samo", "tak samo", "te same", "tego samego", "jak ostatnio", "co ostatnio", "jak poprzednio", "co poprzednio", "jak zwykle", "powtórz* zamówien*", "powtórz* ostatni*", "powtórz* poprzedni*", "ponów* zamówien*", "ponów* ostatni*", "ponownie zamów*", "zamów* ponownie", "zamów* jeszcze raz", "jeszcze raz to samo", "poprzednie zamówienie jeszcze raz", "poprzednie zamówienie ponownie"},
		"ru": {"то же самое", "тоже самое", "то же", "как в прошлый раз", "как прошлый раз", "как в прошлый", "как обычно", "как всегда", "повтор* заказ*", "повтор* последн*", "повтор* прошл*", "заказ* снова", "заказ* ещё раз", "заказ* еще раз", "снова заказ*", "ещё раз заказ*", "еще раз заказ*"},
		"fi": {"sama uudelleen", "samat uudelleen", "samaa uudelleen", "sama kuin viimeksi", "samat kuin viimeksi", "samaa kuin viimeksi", "kuten viimeksi", "niin kuin viimeksi", "toista tilau*", "toista edelli*", "tilaa uudelleen", "tilaa sama*", "tilataan sama*", "tilaus uudelleen", "tilauksen uudelleen", "edelli* tilau* uudelleen", "uusi sama tilaus"},
		"":   {"reorder", "same again", "repeat order", "repeat last order"},
	},
	catFavourites: {
		"pl": {"ulubion*", "standardow* zamówien*", "standardow* asortyment*", "standardow* zestaw*", "zamów* standardow*", "stał* asortyment*", "stał* pozycj*", "stałe zamówienie"},
		"ru": {"избранн*", "любим*", "стандартн* заказ*", "стандартн* набор*", "стандартн* ассортимент*", "обычн* набор*", "постоянн* ассортимент*", "постоянн* позици*"},
		"fi": {"suosik*", "suosikkituot*", "vakiotilau*", "vakiovalikoim*", "vakiotuot*", "vakiotuotteet", "vakiosetti*"},
		"":   {"favourite*", "favorite*"},
	},
	catComplaint: {
		"pl": {"reklamac*", "reklamow*", "reklamuj*", "uszkodz*", "zepsu*", "popsu*", "rozbit*", "pęknięt*", "pękł*", "brakuj*", "brak w dostawie", "brak w paczce", "niekompletn*", "wadliw*", "wada", "wady", "wadę", "nie działa", "nie działają", "nie działało", "nie ten towar", "nie ten produkt", "nie to zamawiał*", "nie to co zamawiał*", "zły towar", "zły produkt", "złe towary", "zła ilość", "zły rozmiar", "pomyłk*", "pomylil*", "pomylił*", "zwrot*", "zwrócić", "zwrocic", "oddać towar", "skarg*", "uszkodzon*"},
		"ru": {"претензи*", "рекламаци*", "брак*", "сломан*", "сломал*", "поломк*", "повреж*", "разбит*", "треснут*", "не работает", "не работают", "не включается", "не тот", "не те", "не то", "неправильн*", "перепута*", "недостач*", "недовлож*", "не хватает", "не доложили", "недоложили", "нехватк*", "возврат*", "вернуть", "жалоб*", "пожаловат*", "дефект*", "неисправ*", "испорчен*"},
		"fi": {"reklamaat*", "reklamoi*", "rikki", "rikkinäi*", "rikkoutu*", "viallin*", "viallis*", "vika", "vikaa", "vikainen", "puuttu*", "väärä tuote", "väärä* tuott*", "väärä määrä", "väärä* määr*", "palautu*", "palautt*", "palautus*", "palauta*", "valitu*", "valitta*", "ei toimi", "eivät toimi", "ei toiminut", "vaurio*", "vahingoittu*", "särky*", "särkyn*", "hajon*", "hajos*", "hajalla"},
		"":   {"complaint", "broken", "damaged", "defective", "refund"},
	},
	catHuman: {
		"pl": {"człowiek*", "ludz*", "konsultant*", "operator*", "menedżer*", "menadżer*", "manager*", "handlowc*", "handlowiec*", "doradc*", "opiekun*", "pracownik*", "żywy", "żywa", "żywym", "żywego", "żywej", "prawdziw* osob*", "ktoś", "połącz mnie", "połączcie mnie", "przełącz mnie", "przełączcie", "zadzwoń*", "zadzwon*", "oddzwoń*", "infolini*", "biuro obsługi", "obsług* klient*"},
		"ru": {"менеджер*", "оператор*", "человек*", "живой", "живому", "живым", "живого", "консультант*", "сотрудник*", "специалист*", "позов*", "соедините", "соедини", "переключите", "позвоните", "перезвоните", "позвонить", "перезвонить", "кто-нибудь", "кто нибудь", "поддержк*"},
		"fi": {"ihmi*", "myyjä*", "asiakaspalvelu*", "asiakasvastaava*", "asiakkuuspäällik*", "oikea* henkilö*", "henkilö*", "konsultti*", "operaattori*", "yhteyshenkilö*", "soittakaa", "soita", "soittaa", "joku"},
		"":   {"human", "person", "agent", "manager", "operator", "someone", "support"},
	},
	catInvoices: {
		"pl": {"faktur*", "saldo", "salda", "saldzie", "zaległ*", "należnoś*", "nieopłacon*", "niezapłacon*", "nie zapłacon*", "ile winien", "ile winn*", "ile jestem winien", "ile jesteśmy winni", "ile zapłac*", "do zapłaty", "do zapłacenia", "dług", "długu", "długi", "długów", "rozrachun*", "płatnoś*", "limit*", "kredyt*", "punkty lojalnościowe", "punktów lojalnościowych", "punkty", "punktów", "punktach", "lojalnoś*", "program lojalnościow*"},
		"ru": {"счет", "счета", "счетов", "счету", "счетом", "счете", "счетам", "счет-фактур*", "счета-фактур*", "баланс*", "задолженност*", "долг", "долга", "долги", "долгов", "долгу", "неоплачен*", "не оплачен*", "не оплатили", "сверк*", "сколько долж*", "дебиторск*", "кредитн* лимит*", "лимит*", "балл*", "бонусн* балл*", "лояльност*"},
		"fi": {"lasku*", "saldo*", "velka*", "velat", "velkamme", "maksamat*", "avoimet laskut", "reskontra*", "luottoraja*", "luott*", "erääntyn*", "maksuhistoria", "bonuspist*", "pistesaldo*", "kanta-asiak*", "etupist*", "pisteet", "pisteitä", "pisteeni", "pisteemme"},
		"":   {"invoice*", "balance", "unpaid", "owe"},
	},
	catThanks: {
		"pl": {"dzięk*", "dziekuje", "dzięks", "podziękowani*"},
		"ru": {"спасибо", "спс", "благодар*", "сенкс"},
		"fi": {"kiitos", "kiitti", "kiitoksia", "kiitokset", "kiitos paljon", "kiitti paljon"},
		"":   {"thanks", "thank*", "thx"},
	},
	catCancel: {
		"pl": {"anuluj*", "koniec", "nieważne", "nie ważne", "zapomnij", "rezygnuj*", "rezygnuję", "przerwij", "wyjdź", "nie trzeba", "daj spokój"},
		"ru": {"отмен*", "стоп", "хватит", "неважно", "не важно", "не надо", "не нужно", "забудь*", "отбой", "прекрат*", "выход", "выйти"},
		"fi": {"peru", "peruuta", "peruuttaa", "peruutus*", "peruta", "perutaan", "peruutetaan", "lopeta", "lopetetaan", "keskeytä", "keskeyt*", "unohda", "unohda se", "ei mitään", "ei se mitään", "anna olla", "antaa olla", "seis"},
		"":   {"stop", "cancel", "nevermind", "never mind", "quit", "exit", "abort"},
	},
	catYes: {
		"pl": {"tak", "okej", "okey", "dobrze", "jasne", "zgoda", "potwierdzam", "pewnie", "oczywiście", "tak jest", "zgadza się", "poproszę"},
		"ru": {"да", "ага", "угу", "конечно", "хорошо", "ладно", "давай", "давайте", "верно", "согласен", "согласна", "подтверждаю", "ок", "окей", "да-да"},
		"fi": {"kyllä", "joo", "juu", "jep", "joo-o", "selvä", "sopii", "käy", "okei", "vahvistan", "kyl", "kylla"},
		"":   {"ok", "okay", "yes", "yep", "yeah", "sure"},
	},
	catNo: {
		"pl": {"nie", "nie chcę", "nie dziękuję", "niet"},
		"ru": {"нет", "не", "неа", "не хочу", "нет спасибо"},
		"fi": {"ei", "en", "eipä", "ei kiitos", "en halua"},
		"":   {"nope", "nah"},
	},
	catPoliteness: {
		"pl": {"proszę", "prosze", "poproszę", "uprzejmie"},
		"ru": {"пожалуйста", "пожалуйсто", "пжл", "пж", "плиз", "будьте добры"},
		"fi": {"kiitos", "ole hyvä", "olkaa hyvä", "ystävällisesti"},
		"":   {"please", "pls", "plz"},
	},
	catStop: {
		"pl": {
			"czy", "a", "i", "oraz", "lub", "albo", "w", "we", "z", "ze", "u", "o", "na", "do", "od", "dla", "po", "przy", "za",
			"mi", "mnie", "nam", "nas", "ja", "my", "wy", "was", "wam", "pan", "pani", "państwo", "panie",
			"tu", "tam", "ten", "ta", "to", "te", "tego", "tej", "tych", "jakiś", "jakieś", "jakiegoś", "jakaś", "jakiś",
			"jaki", "jaka", "jakie", "jakiego", "może", "można", "mam", "mamy", "pytanie", "chcę", "chce", "chciałbym", "chciałabym",
			"chcielibyśmy", "chcemy", "dostać", "jeszcze", "też", "również", "teraz", "obecnie", "aktualnie", "już", "się", "bo",
			"ile", "kosztuje", "kosztują", "stanie", "stan", "magazynie", "magazyn", "towar", "towaru", "produkt", "produktu", "ma",
			"znaleźć", "interesuje", "hmm", "no", "będzie", "będą", "byłby", "była", "było",
		},
		"ru": {
			"есть", "ли", "в", "во", "на", "у", "вас", "тебя", "вы", "ты", "я", "мне", "нам", "мы", "а", "и", "или", "же", "бы",
			"ну", "вот", "это", "этот", "эта", "эти", "какой", "какая", "какие", "какого", "сколько", "стоит", "стоят", "хочу",
			"хотим", "хотел", "хотела", "хотелось", "можно", "подскажите", "скажите", "ещё", "еще", "тоже", "также", "сейчас",
			"уже", "складе", "склад", "наличии", "наличие", "товар", "товара", "найти", "по", "с", "для", "из", "нужно", "будет",
		},
		"fi": {
			"teillä", "teiltä", "teil", "sinulla", "sulla", "meillä", "minulla", "mulla", "on", "ja", "tai", "myös", "vielä", "nyt",
			"tällä", "hetkellä", "mitä", "mikä", "kuinka", "paljon", "paljonko", "maksaa", "haluan", "haluaisin", "tuote", "tuotetta",
			"tuotteita", "se", "sitä", "niitä", "voisinko", "voinko", "saada", "minun", "minä", "me", "te", "olisi", "mulle", "meille",
		},
		"": {"do", "you", "have", "is", "are", "there", "any", "in", "stock", "the", "an", "need", "want", "of", "for", "i", "a"},
	},
	catProduct: {
		"pl": {
			"kabel*", "kabl*", "przewód", "przewod*", "gniazd*", "wtycz*", "wyłącznik*", "włącznik*", "bezpiecznik*", "żarów*", "żarówk*",
			"lamp*", "opraw*", "świetlówk*", "listw*", "przedłużacz*", "taśm*", "peszel*", "korytk*", "złącz*", "kostk*", "zacisk*",
			"stycznik*", "przekaźnik*", "transformator*", "zasilacz*", "licznik*", "różnicówk*", "ogranicznik*", "rozdzielnic*",
			"puszk*", "drut*", "linka", "linki", "ściemniacz*", "czujnik*", "dzwonek", "dzwonk*", "bateri*", "akumulator*",
			"miernik*", "multimetr*", "opask*", "skrętk*", "światłowód*", "latark*", "reflektor*", "halogen*", "rozgałęźnik*",
		},
		"ru": {
			"кабел*", "провод*", "автомат*", "розетк*", "вилк*", "выключател*", "ламп*", "светильник*", "светодиод*", "щит*",
			"удлинител*", "изолент*", "гофр*", "клемм*", "колодк*", "реле", "контактор*", "трансформатор*", "блок* питания",
			"счетчик*", "узо", "дифавтомат*", "предохранител*", "патрон*", "стяжк*", "кабель-канал*", "короб*", "датчик*",
			"мультиметр*", "батаре*", "аккумулятор*", "прожектор*", "фонар*", "ввг*", "пвс*", "шввп*", "рубильник*", "пускател*",
			"диммер*", "переходник*", "разветвител*", "тройник*", "наконечник*", "гильз*", "термоусадк*",
		},
		"fi": {
			"johto*", "johdo*", "johdin*", "johtim*", "kaapel*", "pistorasi*", "pistoke*", "pistokk*", "kytkin*", "kytkim*",
			"katkaisi*", "johdonsuoja*", "vikavirtasuoja*", "sulake*", "sulakk*", "lamppu*", "lampu*", "valaisi*", "sähkökeskus*",
			"ryhmäkeskus*", "jatkojoh*", "teippi*", "teipp*", "putki*", "suojaputk*", "liitin*", "liittim*", "rele*", "kontaktori*",
			"muuntaja*", "virtalähde*", "mittari*", "anturi*", "paristo*", "akku*", "kaapelikanava*", "rasia*", "asennusrasia*",
			"nippuside*", "jatkojohto*", "valonsäädin*", "himmenn*",
		},
		"": {
			"cable*", "hdmi", "usb", "usb-c", "led", "rj45", "utp", "ftp", "mcb", "rcd", "rcbo", "vga", "dvi", "displayport", "ip44",
			"ip54", "ip65", "ip67", "lan", "cat5*", "cat6*", "cat7*", "socket*", "plug*", "fuse*", "breaker*", "bulb*", "nym", "ydy",
			"ydyp", "omy", "yky", "mmj", "mcmk",
		},
	},
}
