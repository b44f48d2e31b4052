package main

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"partnerdesk/domain/demo"
)

// searchTerms is what customers type into the catalogue search, built from the
// demo catalogue's product names in each language: common words and two-word
// phrases as written, without diacritics, with typos, and now and then a SKU
// or an EAN.
type searchTerms struct {
	words   map[string][]string // language → words seen in at least two product names
	phrases map[string][]string // language → two consecutive words of one name
	codes   []string            // SKUs (some in lower case) and EANs
}

func newSearchTerms() *searchTerms {
	st := &searchTerms{words: map[string][]string{}, phrases: map[string][]string{}}
	products := demo.Products()
	for _, lang := range []string{"pl", "ru", "fi"} {
		freq := map[string]int{}
		phrases := map[string]bool{}
		for _, p := range products {
			ws := nameWords(p.Name[lang])
			seen := map[string]bool{}
			for i, w := range ws {
				if len([]rune(w)) >= 4 && !seen[w] {
					seen[w] = true
					freq[w]++
				}
				if i > 0 && len([]rune(ws[i-1])) >= 3 && len([]rune(w)) >= 3 {
					phrases[ws[i-1]+" "+w] = true
				}
			}
		}
		for w, n := range freq {
			if n >= 2 {
				st.words[lang] = append(st.words[lang], w)
			}
		}
		for ph := range phrases {
			st.phrases[lang] = append(st.phrases[lang], ph)
		}
		sort.Strings(st.words[lang]) // map order is random; the run is repeatable by -seed
		sort.Strings(st.phrases[lang])
	}
	for i, p := range products {
		switch i % 7 {
		case 0:
			st.codes = append(st.codes, p.SKU)
		case 3:
			st.codes = append(st.codes, strings.ToLower(p.SKU))
		case 5:
			st.codes = append(st.codes, p.EAN)
		}
	}
	return st
}

// nameWords splits a product name into lower-case words of letters only.
func nameWords(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) })
}

// pick returns one search as a customer writing in lang might type it.
func (st *searchTerms) pick(rnd *rand.Rand, lang string) string {
	words, phrases := st.words[lang], st.phrases[lang]
	if len(words) == 0 {
		return "kabel"
	}
	switch r := rnd.IntN(100); {
	case r < 40:
		return words[rnd.IntN(len(words))]
	case r < 60:
		return phrases[rnd.IntN(len(phrases))]
	case r < 75:
		return typo(rnd, words[rnd.IntN(len(words))])
	case r < 88:
		return plain(phrases[rnd.IntN(len(phrases))])
	default:
		return st.codes[rnd.IntN(len(st.codes))]
	}
}

// typo drops, swaps or doubles one letter (never the first).
func typo(rnd *rand.Rand, w string) string {
	r := []rune(w)
	if len(r) < 4 {
		return w
	}
	i := 1 + rnd.IntN(len(r)-2)
	switch rnd.IntN(3) {
	case 0:
		r = append(r[:i], r[i+1:]...)
	case 1:
		r[i], r[i+1] = r[i+1], r[i]
	default:
		r = append(r[:i+1], r[i:]...)
	}
	return string(r)
}

// plain writes without diacritics, as people in a hurry do.
func plain(s string) string {
	return strings.Map(func(r rune) rune {
		if p, ok := plainLetters[r]; ok {
			return p
		}
		return r
	}, s)
}

var plainLetters = map[rune]rune{
	'ą': 'a', 'ć': 'c', 'ę': 'e', 'ł': 'l', 'ń': 'n', 'ó': 'o', 'ś': 's', 'ź': 'z', 'ż': 'z',
	'ä': 'a', 'ö': 'o', 'å': 'a', 'ё': 'е', 'й': 'и',
}
