package orderfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// isZip reports whether data starts with a zip signature.
func isZip(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) ||
		bytes.HasPrefix(data, []byte("PK\x05\x06")) || // empty archive
		bytes.HasPrefix(data, []byte("PK\x07\x08")) // spanned archive marker
}

// sniffBinary returns a description of data when it is clearly not a text
// file, or "".
func sniffBinary(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "legacy Excel 97-2003 (.xls) file, save it as .xlsx or .csv"
	case bytes.HasPrefix(data, []byte("\xFF\xFE")), bytes.HasPrefix(data, []byte("\xFE\xFF")):
		return "UTF-16 text, save it as CSV"
	}
	control := 0
	for _, b := range data {
		switch {
		case b == 0:
			return "binary data"
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A, b == 0x7F:
			control++
		}
	}
	if control*50 > len(data) {
		return "binary data"
	}
	return ""
}

// codepage is a candidate single-byte encoding.
type codepage struct {
	name string
	cm   *charmap.Charmap
	lang byte // 'p' Polish, 'r' Russian, 'f' Finnish
}

// codepages in tie-break order.
var codepages = [...]codepage{
	{"windows-1250", charmap.Windows1250, 'p'},
	{"windows-1251", charmap.Windows1251, 'r'},
	{"windows-1252", charmap.Windows1252, 'f'},
}

// decodeText detects the encoding of data, records it in r.Encoding and
// returns the text as UTF-8.
func decodeText(data []byte, r *Result) string {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		r.Encoding = "utf-8-bom"
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD")
	}
	if utf8.Valid(data) {
		r.Encoding = "utf-8"
		return string(data)
	}
	cp := detectCodepage(data)
	r.Encoding = cp.name
	var b strings.Builder
	b.Grow(len(data) + len(data)/4)
	for _, c := range data {
		if c < utf8.RuneSelf {
			b.WriteByte(c)
		} else {
			b.WriteRune(cp.cm.DecodeByte(c))
		}
	}
	return b.String()
}

// detectCodepage scores data decoded with each codepage. Words are runs of
// ASCII letters and bytes >= 0x80 (except the no-break space 0xA0). Every
// byte >= 0x80 scores, for the codepage's language:
//
//	+2 a letter of the language's alphabet in a plausible word: for Polish
//	   and Finnish a word that also has ASCII letters (or is one letter
//	   long), for Russian a word without ASCII letters;
//	-1 the same letter in an implausible word, or any other letter;
//	 0 a common symbol (°, ², €, dashes, quotes, №, ...);
//	-2 any other symbol;
//	-5 an undefined byte or a control character.
func detectCodepage(data []byte) *codepage {
	var scores [len(codepages)]int
	for i := 0; i < len(data); {
		if !wordByte(data[i]) {
			i++
			continue
		}
		j, ascii, high := i, false, false
		for ; j < len(data) && wordByte(data[j]); j++ {
			if data[j] < utf8.RuneSelf {
				ascii = true
			} else {
				high = true
			}
		}
		if high {
			word := data[i:j]
			for k := range codepages {
				scores[k] += scoreWord(&codepages[k], word, ascii)
			}
		}
		i = j
	}
	best := 0
	for k := 1; k < len(codepages); k++ {
		if scores[k] > scores[best] {
			best = k
		}
	}
	return &codepages[best]
}

func wordByte(b byte) bool {
	return (b|0x20 >= 'a' && b|0x20 <= 'z') || (b >= 0x80 && b != 0xA0)
}

func scoreWord(cp *codepage, word []byte, ascii bool) int {
	score := 0
	for _, b := range word {
		if b < utf8.RuneSelf {
			continue
		}
		r := cp.cm.DecodeByte(b)
		switch {
		case r == utf8.RuneError || unicode.IsControl(r):
			score -= 5
		case nativeLetter(cp.lang, r):
			plausible := ascii || len(word) == 1
			if cp.lang == 'r' {
				plausible = !ascii
			}
			if plausible {
				score += 2
			} else {
				score--
			}
		case unicode.IsLetter(r):
			score--
		case strings.ContainsRune("°±×÷µ²€–—„“”‘’«»·•…§©®™¼½¾№", r):
		default:
			score -= 2
		}
	}
	return score
}

func nativeLetter(lang byte, r rune) bool {
	switch lang {
	case 'p':
		return strings.ContainsRune("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", r)
	case 'f':
		return strings.ContainsRune("äöåÄÖÅ", r)
	case 'r':
		return (r >= 'А' && r <= 'я') || r == 'ё' || r == 'Ё'
	}
	return false
}

// Delimiters in tie-break order.
var delimiters = [...]rune{';', '\t', ','}

// sampleRecords is how many non-empty records decide the delimiter.
const sampleRecords = 50

func newCSVReader(text string, comma rune) *csv.Reader {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	// With a tab delimiter TrimLeadingSpace would swallow empty fields.
	cr.TrimLeadingSpace = comma != '\t'
	cr.ReuseRecord = true
	return cr
}

// detectDelimiter returns the delimiter whose most common field count
// (at least 2) is shared by the largest share of the first records.
func detectDelimiter(text string) rune {
	best, bestHit, bestTotal := ';', 0, 1
	for _, d := range delimiters {
		cr := newCSVReader(text, d)
		counts := make(map[int]int)
		total := 0
		for total < sampleRecords {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			if blank(rec) {
				continue
			}
			counts[len(rec)]++
			total++
		}
		mode, hit := 0, 0
		for n, c := range counts {
			if c > hit || (c == hit && n > mode) {
				mode, hit = n, c
			}
		}
		if mode < 2 {
			continue
		}
		if hit*bestTotal > bestHit*total {
			best, bestHit, bestTotal = d, hit, total
		}
	}
	return best
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// readCSV detects the delimiter, records it in r.Delimiter and returns the
// non-empty records with their Excel row numbers.
func readCSV(text string, r *Result) ([]record, error) {
	if !strings.Contains(text, "\n") {
		// Classic Mac line ends.
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	d := detectDelimiter(text)
	r.Delimiter = string(d)
	cr := newCSVReader(text, d)
	var recs []record
	line := 0     // Excel row number of the last record
	consumed := 0 // physical lines consumed by the reader so far
	offset := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fail(ErrUnreadable, "%v", err)
		}
		start, _ := cr.FieldPos(0)
		// Empty lines skipped by encoding/csv still count as rows.
		line += max(start-consumed, 1)
		next := int(cr.InputOffset())
		if next > offset && next <= len(text) {
			consumed += strings.Count(text[offset:next], "\n")
			offset = next
		}
		n := len(rec)
		for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
			n--
		}
		if n == 0 {
			continue
		}
		n = min(n, maxColumns)
		cells := make([]cell, n)
		for i := range cells {
			cells[i].v = strings.TrimSpace(rec[i])
		}
		recs = append(recs, record{line: line, cells: cells})
		if len(recs) > MaxRows+1 {
			return nil, fail(ErrTooManyRows, "more than %d data rows", MaxRows)
		}
	}
	return recs, nil
}
