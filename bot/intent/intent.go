// Package intent classifies short chat messages of buyers (Polish, Russian or
// Finnish) into bot intents using stems and keyword patterns. It has no state,
// does no I/O and never calls an external service.
package intent

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the detected intent of a message.
type Kind string

// Kinds of intent. Unknown is the zero value.
const (
	Unknown   Kind = ""
	Greeting  Kind = "greeting"  // hi / dzień dobry / привет / moi
	Help      Kind = "help"      // what can you do
	Stock     Kind = "stock"     // is X in stock / do you have X / price of X
	Delivery  Kind = "delivery"  // where is my order (1042) / when will it arrive / tracking
	Reorder   Kind = "reorder"   // order the same again / repeat last order / from favourites
	Complaint Kind = "complaint" // broken, damaged, missing, wrong item, want to complain/return
	Human     Kind = "human"     // talk to a person / manager / operator / consultant
	Invoices  Kind = "invoices"  // my balance, unpaid invoices, how much do I owe
	Thanks    Kind = "thanks"
	Cancel    Kind = "cancel" // stop / cancel / nevermind
	Yes       Kind = "yes"
	No        Kind = "no"
)

// Result is the outcome of Detect.
type Result struct {
	Kind Kind
	// Lang is the best guess of the text's language: "pl", "ru", "fi" or ""
	// when the text has no letters (only digits, emoji, punctuation).
	Lang string
	// Query holds, for Stock, the product words left after removing question
	// words and fillers, as the user wrote them (original case, spelling and
	// digits), joined by single spaces. Every word of Query occurs in the text.
	Query string
	// OrderNumber is, for Delivery and Complaint, a 3–9 digit number mentioned
	// as an order ("zamówienie 1042", "заказ №1042", "tilaus 1042", "#1042"),
	// else 0.
	OrderNumber int64
	// Favourites is set for Reorder when the user asked for favourites or the
	// standard assortment rather than the last order.
	Favourites bool
}

// MaxInput is the number of characters (runes) of a message that Detect
// looks at; the rest is ignored.
const MaxInput = 1000

const (
	maxGap        = 2 // tokens allowed between the words of a pattern
	maxElems      = 8 // longest pattern, in words
	maxConfirm    = 4 // longest message that can be a bare yes/no
	minOrderDigit = 3
	maxOrderDigit = 9
)

var langs = [...]string{"pl", "ru", "fi"}

// Detect classifies a message. lang is the conversation's language ("pl",
// "ru", "fi"), used as a tie-breaker; the text may be in any of the three.
func Detect(text, lang string) Result {
	text = truncate(text, MaxInput)
	a := analyze(tokenize(text))
	res := Result{Lang: a.guessLang(convLang(lang))}

	orderNum := a.orderNumber()
	freeNum := a.freeNumber()
	has := func(c category) bool { return a.hits[c] > 0 }

	if has(catOrderWord) {
		// an order word without its own number: other numbers are not orders
		freeNum = 0
	}
	deliveryStrong := has(catDelivery) ||
		has(catWhere) && (has(catOrderWord) || orderNum > 0 || freeNum > 0)
	deliveryWeak := orderNum > 0 || has(catDeliveryWeak)
	query := a.query()

	switch {
	case has(catHuman):
		res.Kind = Human
	case has(catComplaint):
		res.Kind = Complaint
		res.OrderNumber = orderNum
	case deliveryStrong:
		res.Kind = Delivery
		res.OrderNumber = orderNum
		if res.OrderNumber == 0 {
			res.OrderNumber = freeNum
		}
	case has(catReorder) || has(catFavourites):
		res.Kind = Reorder
		res.Favourites = has(catFavourites)
	case has(catInvoices):
		res.Kind = Invoices
	case deliveryWeak:
		res.Kind = Delivery
		res.OrderNumber = orderNum
	case has(catStockStrong) || has(catStockWeak) && len(query) > 0 || a.productLooking(query):
		res.Kind = Stock
		res.Query = a.join(query)
	case has(catHelp):
		res.Kind = Help
	case has(catCancel):
		res.Kind = Cancel
	case a.confirmation():
		if has(catNo) {
			res.Kind = No
		} else {
			res.Kind = Yes
		}
	case has(catThanks):
		res.Kind = Thanks
	case has(catGreeting):
		res.Kind = Greeting
	}
	return res
}

// convLang normalises the conversation language ("PL", "pl-PL", "fi_FI").
func convLang(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	for _, l := range langs {
		if l == lang {
			return l
		}
	}
	return ""
}

// truncate returns the first n runes of s (invalid bytes count as one rune).
func truncate(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}

// ---- tokens ----

type token struct {
	orig    string // exactly as in the input
	norm    string // lower-cased, diacritics folded
	marker  bool   // '#' or '№'
	digits  bool   // only ASCII digits
	letters bool   // has at least one letter
	digit   bool   // has at least one digit
	cyr     bool   // has Cyrillic letters
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokenize splits s into words. A word is a run of letters, digits and
// combining marks; '-', '/', '_', '+' join letters/digits ("MCB-1P-C16-VT"),
// '.', ',' and '×' join digits ("2,5", "3×1.5"). '#' and '№' become marker
// tokens. Every token's orig is a substring of s.
func tokenize(s string) []token {
	var toks []token
	start := -1
	flush := func(end int) {
		if start >= 0 {
			toks = append(toks, newToken(s[start:end]))
			start = -1
		}
	}
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w <= 1:
			flush(i)
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && unicode.Is(unicode.Mn, r):
			// combining mark inside a word (decomposed "z" + U+0307)
		case start >= 0 && joins(s, i, w, r):
			// connector inside a word
		default:
			flush(i)
			if r == '#' || r == '№' {
				toks = append(toks, token{orig: s[i : i+w], norm: "#", marker: true})
			}
		}
		i += w
	}
	flush(len(s))
	return toks
}

// joins reports whether the connector r at s[i:i+w] sits inside a word.
func joins(s string, i, w int, r rune) bool {
	var digitsOnly bool
	switch r {
	case '-', '/', '_', '+', '\u2010', '\u2011':
	case '.', ',', '×':
		digitsOnly = true
	default:
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+w:])
	if digitsOnly {
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return isWordRune(prev) && isWordRune(next)
}

func newToken(orig string) token {
	t := token{orig: orig, norm: fold(orig), digits: true}
	for _, r := range orig {
		switch {
		case unicode.IsLetter(r):
			t.letters = true
			t.digits = false
			if unicode.Is(unicode.Cyrillic, r) {
				t.cyr = true
			}
		case r >= '0' && r <= '9':
			t.digit = true
		case unicode.IsDigit(r):
			t.digit = true
			t.digits = false
		default:
			t.digits = false
		}
	}
	return t
}

// foldMap folds letters with diacritics to their base letter.
var foldMap = map[rune]rune{
	'ą': 'a', 'á': 'a', 'à': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a',
	'ć': 'c', 'č': 'c', 'ç': 'c',
	'ď': 'd', 'đ': 'd',
	'ę': 'e', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'ě': 'e', 'ē': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ī': 'i',
	'ł': 'l', 'ľ': 'l', 'ĺ': 'l',
	'ń': 'n', 'ñ': 'n', 'ň': 'n',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o', 'ő': 'o',
	'ř': 'r', 'ŕ': 'r',
	'ś': 's', 'š': 's', 'ş': 's', 'ß': 's',
	'ť': 't', 'ţ': 't',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ů': 'u', 'ű': 'u', 'ū': 'u',
	'ý': 'y', 'ÿ': 'y',
	'ź': 'z', 'ż': 'z', 'ž': 'z',
	'ё': 'е',
}

// fold lower-cases s, folds diacritics (ż→z, ł→l, ä→a, ё→е) and drops
// combining marks.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := foldMap[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ---- patterns ----

type elem struct {
	s      string
	prefix bool
}

func (e elem) match(t token) bool {
	if t.marker {
		return false
	}
	if e.prefix {
		return strings.HasPrefix(t.norm, e.s)
	}
	return t.norm == e.s
}

type pattern struct {
	cat   category
	lang  int // index into langs, -1 for none
	elems []elem
}

// patterns holds the compiled lexicon; byFirst indexes it by the first
// rune of the pattern's first word.
var (
	patterns = compile()
	byFirst  = index(patterns)
)

func index(ps []pattern) map[rune][]int {
	m := make(map[rune][]int)
	for i, p := range ps {
		r, _ := utf8.DecodeRuneInString(p.elems[0].s)
		m[r] = append(m[r], i)
	}
	return m
}

func compile() []pattern {
	var out []pattern
	for cat := category(0); cat < numCategories; cat++ {
		byLang := lexicon[cat]
		for _, key := range [...]string{"pl", "ru", "fi", ""} {
			li := -1
			for i, l := range langs {
				if l == key {
					li = i
				}
			}
			for _, phrase := range byLang[key] {
				var p pattern
				p.cat, p.lang = cat, li
				for _, f := range strings.Fields(phrase) {
					e := elem{s: f}
					if strings.HasSuffix(f, "*") && len(f) > 1 {
						e = elem{s: strings.TrimSuffix(f, "*"), prefix: true}
					}
					e.s = fold(e.s)
					p.elems = append(p.elems, e)
				}
				if len(p.elems) == 0 || len(p.elems) > maxElems {
					panic("intent: bad lexicon entry " + strconv.Quote(phrase))
				}
				out = append(out, p)
			}
		}
	}
	return out
}

// matchAt reports whether p matches starting at toks[i] and stores the
// positions of the matched tokens in pos.
func (p *pattern) matchAt(toks []token, i int, pos *[maxElems]int) bool {
	if !p.elems[0].match(toks[i]) {
		return false
	}
	pos[0] = i
	last := i
	for k := 1; k < len(p.elems); k++ {
		found := -1
		for j := last + 1; j <= last+1+maxGap && j < len(toks); j++ {
			if p.elems[k].match(toks[j]) {
				found = j
				break
			}
		}
		if found < 0 {
			return false
		}
		pos[k] = found
		last = found
	}
	return true
}

// ---- analysis ----

type analysis struct {
	toks  []token
	cover []uint32 // per token: bit set of categories matched over it
	hits  [numCategories]int
	score [len(langs)]int // language evidence
}

func bit(c category) uint32 { return 1 << c }

func analyze(toks []token) *analysis {
	a := &analysis{toks: toks, cover: make([]uint32, len(toks))}
	var pos [maxElems]int
	for i, t := range toks {
		if t.marker {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.norm)
		for _, pi := range byFirst[r] {
			p := &patterns[pi]
			if !p.matchAt(toks, i, &pos) {
				continue
			}
			a.hits[p.cat]++
			if p.lang >= 0 {
				a.score[p.lang] += 2
			}
			for _, j := range pos[:len(p.elems)] {
				a.cover[j] |= bit(p.cat)
			}
		}
	}
	return a
}

func (a *analysis) is(i int, c category) bool { return a.cover[i]&bit(c) != 0 }

// orderNumber finds a 3–9 digit number mentioned as an order: right after an
// order word or '#'/'№', optionally with "nr"/"номер"/"nro" in between, and
// not followed by a unit ("zamówienie 1042" but not "zamówienie na 100 szt").
func (a *analysis) orderNumber() int64 {
	for i, t := range a.toks {
		if !t.marker && !a.is(i, catOrderWord) {
			continue
		}
		for j := i + 1; j < len(a.toks) && j <= i+3; j++ {
			u := a.toks[j]
			if u.digits {
				if n := a.number(j); n > 0 {
					return n
				}
				break
			}
			if !u.marker && !a.is(j, catNumMark) {
				break
			}
		}
	}
	return 0
}

// freeNumber returns the first 3–9 digit number in the text that is not a
// quantity; used only when the text asks where/when about a delivery.
func (a *analysis) freeNumber() int64 {
	for j, t := range a.toks {
		if t.digits {
			if n := a.number(j); n > 0 {
				return n
			}
		}
	}
	return 0
}

func (a *analysis) number(j int) int64 {
	t := a.toks[j]
	if !t.digits || len(t.orig) < minOrderDigit || len(t.orig) > maxOrderDigit {
		return 0
	}
	if j+1 < len(a.toks) && a.is(j+1, catUnit) {
		return 0
	}
	n, err := strconv.ParseInt(t.orig, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// query returns the indices of the tokens that make up a Stock query:
// politeness words and markers are dropped everywhere, question words and
// fillers are stripped from both ends.
func (a *analysis) query() []int {
	var idx []int
	for i, t := range a.toks {
		if t.marker || a.is(i, catPoliteness) && !a.is(i, catProduct) || a.pieces(i) || i > 0 && a.pieces(i-1) {
			continue
		}
		idx = append(idx, i)
	}
	const stop = 1<<catStop | 1<<catStockStrong | 1<<catStockWeak | 1<<catGreeting |
		1<<catThanks | 1<<catHelp | 1<<catYes | 1<<catNo | 1<<catWhere
	strip := func(i int) bool {
		return a.cover[i]&stop != 0 && !a.is(i, catProduct)
	}
	for len(idx) > 0 && strip(idx[0]) {
		idx = idx[1:]
	}
	for len(idx) > 0 && strip(idx[len(idx)-1]) {
		idx = idx[:len(idx)-1]
	}
	return idx
}

// pieces reports whether tokens j, j+1 are a count of pieces ("10 szt",
// "5 шт", "10 kpl"): how many the customer wants, not what the product is
// called, so a stock query leaves it out. Lengths ("100 m") may name a reel
// and stay.
func (a *analysis) pieces(j int) bool {
	return j+1 < len(a.toks) && a.toks[j].digits && a.is(j+1, catPieces)
}

func (a *analysis) join(idx []int) string {
	parts := make([]string, len(idx))
	for k, i := range idx {
		parts[k] = a.toks[i].orig
	}
	return strings.Join(parts, " ")
}

// productLooking reports whether the query looks like a product on its own:
// a known product noun, a size/SKU mixing letters and digits ("2m", "16А",
// "MCB-1P-C16-VT"), an upper-case code next to other words ("YDY 3x2,5"), or
// a word next to a catalogue number ("Legrand 049481").
func (a *analysis) productLooking(idx []int) bool {
	var words, numbers int
	for _, i := range idx {
		t := a.toks[i]
		switch {
		case a.is(i, catProduct):
			return true
		case t.letters && t.digit:
			return true
		case t.letters && len(idx) >= 2 && isCode(t.orig):
			return true
		case t.letters:
			words++
		case t.digits && len(t.orig) >= 3:
			numbers++
		}
	}
	return words > 0 && numbers > 0
}

// isCode reports whether s is an upper-case code of at least three letters.
func isCode(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 3
}

// confirmation reports whether the whole message is a short yes/no answer,
// possibly with please/thanks ("tak", "нет, спасибо", "ei kiitos", "ok").
func (a *analysis) confirmation() bool {
	if a.hits[catYes]+a.hits[catNo] == 0 {
		return false
	}
	const allowed = 1<<catYes | 1<<catNo | 1<<catPoliteness | 1<<catThanks
	n := 0
	for i, t := range a.toks {
		if t.marker {
			continue
		}
		n++
		if n > maxConfirm || a.cover[i]&allowed == 0 {
			return false
		}
	}
	return n > 0
}

// ---- language ----

// guessLang scores the three languages by script, lexicon hits and
// characteristic letters/letter groups. conv breaks ties and is the answer
// for letters without any evidence ("ok", "MCB-1P").
func (a *analysis) guessLang(conv string) string {
	score := a.score
	letters := false
	for _, t := range a.toks {
		if !t.letters {
			continue
		}
		letters = true
		if t.cyr {
			score[1] += 3
			continue
		}
		if t.digit || isCode(t.orig) {
			continue
		}
		pl, fi := latinCues(strings.ToLower(t.orig))
		score[0] += min(pl, 3)
		score[2] += min(fi, 3)
	}
	if !letters {
		return ""
	}
	best := 0
	for _, s := range score {
		best = max(best, s)
	}
	if best == 0 {
		return conv
	}
	for i, l := range langs {
		if l == conv && score[i] == best {
			return l
		}
	}
	for i, l := range langs {
		if score[i] == best {
			return l
		}
	}
	return conv
}

var (
	plLetters = "ąćęłńóśźż"
	fiLetters = "äöå"
	plGroups  = []string{"sz", "cz", "rz", "dz", "ch", "w", "ie", "ię"}
	plEnds    = []string{"ego", "emu", "ych", "ami", "ów", "ać", "ić", "eć", "ść", "cie", "ej"}
	fiGroups  = []string{"aa", "ee", "ii", "oo", "uu", "yy", "kk", "tt", "pp", "ll", "ss", "mm", "uo", "yö", "ei"}
	fiEnds    = []string{"ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "ko", "kö", "nen", "sen", "tta", "ttä"}
)

// latinCues counts Polish and Finnish features of a lower-case Latin word.
func latinCues(w string) (pl, fi int) {
	if strings.ContainsAny(w, plLetters) {
		pl += 3
	}
	if strings.ContainsAny(w, fiLetters) {
		fi += 3
	}
	for _, g := range plGroups {
		if strings.Contains(w, g) {
			pl++
		}
	}
	for _, e := range plEnds {
		if strings.HasSuffix(w, e) {
			pl++
		}
	}
	for _, g := range fiGroups {
		if strings.Contains(w, g) {
			fi++
		}
	}
	for _, e := range fiEnds {
		if strings.HasSuffix(w, e) {
			fi++
		}
	}
	return pl, fi
}
