// Package orderfile reads order files uploaded by customers: CSV exported
// from Polish, Finnish or Russian Excel (any of the usual Windows code pages
// or UTF-8) and XLSX workbooks. It finds the SKU and quantity columns and
// returns every data row together with a per-row problem code, so that the
// portal can show the user exactly which lines need fixing.
//
// Detection is done from the content only; the file name and the declared
// content type are never consulted:
//
//   - Format: data starting with a zip signature ("PK\x03\x04") is read as
//     XLSX, anything else as delimited text.
//   - Encoding: a UTF-8 BOM gives "utf-8-bom", valid UTF-8 gives "utf-8";
//     otherwise every byte >= 0x80 is decoded with Windows-1250, -1251 and
//     -1252 and scored: letters of the matching alphabet (Polish, Russian,
//     Finnish/Swedish) in plausible words score up, foreign letters, odd
//     symbols, undefined bytes and mixed Latin/Cyrillic words score down.
//     The best score wins; ties go to 1250, then 1251, then 1252.
//   - Delimiter: ";", "," and tab are each tried on the first records; the
//     one whose most common field count is >= 2 and is shared by the largest
//     share of records wins; ties go to ";", then tab, then ",".
//   - Columns: the first non-empty row is a header when any cell matches a
//     known SKU or quantity name (see skuNames, eanNames, qtyNames; compared
//     case- and diacritics-insensitively, text in brackets ignored). Columns
//     not named by the header are guessed: SKU is the first column filled in
//     most rows that is not a running row number (1, 2, 3, ...), quantity is
//     the first column after it that holds a plausible number in most rows.
//   - Quantities: see parseNumber.
package orderfile

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits.
const (
	MaxBytes = 5 << 20 // larger uploads are refused
	MaxRows  = 10_000  // data rows
)

// MaxQty is the largest accepted quantity; larger values are ProblemBadQty.
const MaxQty = 1_000_000

// maxColumns caps the number of columns kept per row; cells further right
// are ignored (Excel 2003 had 256 columns, no order file needs more).
const maxColumns = 256

// Row is one data line of the file as the user sees it.
type Row struct {
	Line    int    // 1-based row number in the file as shown by Excel (header row counts)
	SKU     string // trimmed, upper-cased; "" when missing
	Qty     int    // 0 when Problem is set
	RawQty  string // the quantity cell as written, for the report
	Problem string // "" or one of ProblemNoSKU, ProblemBadQty, ProblemFractionQty, ProblemNonPositiveQty
}

// Row problems. They double as translation message ids.
const (
	ProblemNoSKU          = "no_sku"
	ProblemBadQty         = "bad_qty"
	ProblemFractionQty    = "fraction_qty"
	ProblemNonPositiveQty = "non_positive_qty"
)

// Result is a parsed order file.
type Result struct {
	Format    string // "csv" or "xlsx"
	Encoding  string // csv: "utf-8", "utf-8-bom", "windows-1250", "windows-1251", "windows-1252"; xlsx: "xlsx"
	Delimiter string // csv: ";", ",", "\t"; xlsx: ""
	HeaderRow bool   // the first row was recognised as a header and skipped
	Rows      []Row  // every non-empty data row, in file order
}

// kind is the type of the sentinel error kinds.
type kind struct {
	key string
	msg string
}

func (k *kind) Error() string { return k.msg }

// Key returns the translation message id of the kind.
func (k *kind) Key() string { return k.key }

// Error kinds, usable with errors.Is on any error returned by Parse.
var (
	ErrEmpty       error = &kind{key: "orderfile_empty", msg: "the file has no data rows"}
	ErrTooLarge    error = &kind{key: "orderfile_too_large", msg: "the file is too large"}
	ErrTooManyRows error = &kind{key: "orderfile_too_many_rows", msg: "the file has too many rows"}
	ErrUnreadable  error = &kind{key: "orderfile_unreadable", msg: "the file cannot be read"}
	ErrNoColumns   error = &kind{key: "orderfile_no_columns", msg: "no SKU and quantity columns found"}
)

// Error is a whole-file failure. Kind is one of ErrEmpty, ErrTooLarge,
// ErrTooManyRows, ErrUnreadable or ErrNoColumns; Detail is an English
// explanation for logs (not for translation).
type Error struct {
	Kind   error
	Detail string
}

// Error implements the error interface.
func (e *Error) Error() string {
	msg := "invalid order file"
	if e.Kind != nil {
		msg = e.Kind.Error()
	}
	if e.Detail == "" {
		return "orderfile: " + msg
	}
	return "orderfile: " + msg + ": " + e.Detail
}

// Unwrap returns Kind, so that errors.Is(err, ErrEmpty) etc. work.
func (e *Error) Unwrap() error { return e.Kind }

// Key returns the translation message id of the error, e.g.
// "orderfile_too_large". An Error with an unknown Kind reports
// "orderfile_unreadable".
func (e *Error) Key() string {
	if k, ok := e.Kind.(*kind); ok {
		return k.key
	}
	return "orderfile_unreadable"
}

func fail(k error, format string, args ...any) *Error {
	return &Error{Kind: k, Detail: fmt.Sprintf(format, args...)}
}

// Parse detects the format by content (an XLSX is a zip: "PK\x03\x04"),
// the text encoding and the delimiter, finds the SKU and quantity columns,
// and returns every non-empty data row. Whole-file failures are *Error.
// Parse never panics.
func Parse(data []byte) (res *Result, err error) {
	defer func() {
		// Belt and braces: a bug must not take the portal down.
		if p := recover(); p != nil {
			res, err = nil, fail(ErrUnreadable, "internal error: %v", p)
		}
	}()
	if len(data) > MaxBytes {
		return nil, fail(ErrTooLarge, "%d bytes, limit %d", len(data), MaxBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(ErrEmpty, "no content")
	}
	if isZip(data) {
		recs, err := readXLSX(data)
		if err != nil {
			return nil, err
		}
		return finish(&Result{Format: "xlsx", Encoding: "xlsx"}, recs)
	}
	if d := sniffBinary(data); d != "" {
		return nil, fail(ErrUnreadable, "%s", d)
	}
	res = &Result{Format: "csv"}
	text := decodeText(data, res)
	recs, err := readCSV(text, res)
	if err != nil {
		return nil, err
	}
	return finish(res, recs)
}

func finish(res *Result, recs []record) (*Result, error) {
	if err := res.fill(recs); err != nil {
		return nil, err
	}
	return res, nil
}

// cell is one trimmed, non-normalised cell value. num marks XLSX numeric
// cells, whose text uses "." as the decimal separator.
type cell struct {
	v   string
	num bool
}

// record is one non-empty row of the file.
type record struct {
	line  int
	cells []cell
}

func (r *record) at(col int) cell {
	if col < 0 || col >= len(r.cells) {
		return cell{}
	}
	return r.cells[col]
}

// fill recognises the header and the columns of recs (the non-empty rows)
// and fills r.HeaderRow and r.Rows. On failure r must not be returned.
func (r *Result) fill(recs []record) error {
	if len(recs) == 0 {
		return fail(ErrEmpty, "no non-empty rows")
	}
	cols := headerColumns(recs[0])
	data := recs
	if cols.header {
		r.HeaderRow = true
		data = recs[1:]
	}
	if len(data) == 0 {
		return fail(ErrEmpty, "only a header row")
	}
	if len(data) > MaxRows {
		return fail(ErrTooManyRows, "more than %d data rows", MaxRows)
	}
	if cols.sku < 0 {
		if cols.ean >= 0 {
			cols.sku, cols.ean = cols.ean, -1
		} else {
			cols.sku = guessSKUColumn(data, cols.qty)
		}
	}
	if cols.sku < 0 {
		return fail(ErrNoColumns, "no SKU column")
	}
	if cols.qty < 0 {
		cols.qty = guessQtyColumn(data, cols.sku, cols.ean)
	}
	if cols.qty < 0 {
		return fail(ErrNoColumns, "no quantity column")
	}
	rows := make([]Row, 0, len(data))
	found := false
	for i := range data {
		rec := &data[i]
		sku := skuText(rec.at(cols.sku))
		if sku == "" && cols.ean >= 0 {
			sku = skuText(rec.at(cols.ean))
		}
		qc := rec.at(cols.qty)
		row := Row{Line: rec.line, SKU: sku, RawQty: qc.v}
		if sku == "" {
			row.Problem = ProblemNoSKU
		} else {
			found = true
			row.Qty, row.Problem = quantity(qc)
		}
		rows = append(rows, row)
	}
	if !found {
		return fail(ErrNoColumns, "the SKU column is empty")
	}
	r.Rows = rows
	return nil
}

// columns are 0-based column indexes, -1 when unknown.
type columns struct {
	header        bool
	sku, ean, qty int
}

// Known header names, compared after normName. EAN columns count as SKU
// columns but a proper SKU column wins when both are present (the EAN is
// then used for rows whose SKU cell is empty).
var (
	skuNames = []string{
		"sku", "index", "indeks", "kod", "kod towaru", "symbol", "nr katalogowy",
		"артикул", "код", "код товара", "tuotekoodi", "tuotenumero", "koodi",
		// Extensions beyond the brief, all unambiguous:
		"item code", "product code", "part number", "code",
		"indeks towaru", "symbol towaru", "kod produktu", "numer katalogowy", "nr kat",
		"артикул товара", "код товара поставщика",
	}
	// weakSKUNames often label a description column; a strong name in the
	// same header wins over them.
	weakSKUNames = []string{"nimike", "item"}
	eanNames     = []string{"ean", "ean13", "ean-13", "kod ean", "gtin", "штрихкод", "штрих-код"}
	qtyNames     = []string{
		"qty", "quantity", "ilosc", "ilość", "szt", "liczba", "количество", "кол-во", "кол.",
		"määrä", "maara", "kpl", "lkm",
		// Extensions beyond the brief:
		"pcs", "ilosc sztuk", "liczba sztuk", "zamawiana ilosc", "ilosc zamawiana", "шт",
		"tilattava maara",
	}
	// qtyUnits may follow a quantity name: "Ilość szt.", "Кол-во, шт".
	qtyUnits = []string{"szt", "sztuk", "pcs", "kpl", "шт", "st"}
)

var headerIndex = func() map[string]byte {
	m := make(map[string]byte)
	for _, n := range skuNames {
		m[normName(n)] = 's'
	}
	for _, n := range weakSKUNames {
		m[normName(n)] = 'w'
	}
	for _, n := range eanNames {
		m[normName(n)] = 'e'
	}
	for _, n := range qtyNames {
		m[normName(n)] = 'q'
	}
	return m
}()

func headerKind(s string) byte {
	n := normName(s)
	if n == "" {
		return 0
	}
	if k, ok := headerIndex[n]; ok {
		return k
	}
	// "<quantity name> <unit>"
	if i := strings.LastIndexByte(n, ' '); i > 0 {
		for _, u := range qtyUnits {
			if n[i+1:] == u && headerIndex[n[:i]] == 'q' {
				return 'q'
			}
		}
	}
	return 0
}

// headerColumns reports whether rec is a header and which columns it names.
func headerColumns(rec record) columns {
	c := columns{sku: -1, ean: -1, qty: -1}
	weak := -1
	for i, cl := range rec.cells {
		if cl.num {
			continue
		}
		switch headerKind(cl.v) {
		case 's':
			if c.sku < 0 {
				c.sku = i
			}
		case 'w':
			if weak < 0 {
				weak = i
			}
		case 'e':
			if c.ean < 0 {
				c.ean = i
			}
		case 'q':
			if c.qty < 0 {
				c.qty = i
			}
		}
	}
	if c.sku < 0 {
		c.sku = weak
	}
	c.header = c.sku >= 0 || c.ean >= 0 || c.qty >= 0
	return c
}

// normName lower-cases s, folds diacritics, drops text in brackets, turns
// punctuation into spaces (keeping "-" inside words) and collapses spaces.
func normName(s string) string {
	var b strings.Builder
	depth := 0
	space := false
	for _, r := range s {
		switch r {
		case '(', '[', '{':
			depth++
			continue
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 {
			continue
		}
		r = foldRune(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '-' && b.Len() > 0) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// foldRune lower-cases r and removes the diacritics used in the supported
// languages (and their neighbours), so that "Ilość" matches "ilosc".
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0x80 {
		return r
	}
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã', 'å', 'ą', 'ă':
		return 'a'
	case 'ć', 'č', 'ç':
		return 'c'
	case 'ď', 'đ':
		return 'd'
	case 'é', 'è', 'ê', 'ë', 'ę', 'ě':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ł', 'ľ', 'ĺ':
		return 'l'
	case 'ń', 'ñ', 'ň':
		return 'n'
	case 'ó', 'ò', 'ô', 'ö', 'õ', 'ő', 'ø':
		return 'o'
	case 'ŕ', 'ř':
		return 'r'
	case 'ś', 'š', 'ş':
		return 's'
	case 'ť', 'ţ':
		return 't'
	case 'ú', 'ù', 'û', 'ü', 'ů', 'ű':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	case 'ź', 'ż', 'ž':
		return 'z'
	case 'ё':
		return 'е'
	case 'й':
		return 'и'
	}
	return r
}

// guessSKUColumn returns the first column, other than skip, that is filled
// in most data rows and is not a running row number; failing that the first
// column with any value; -1 if all are empty.
func guessSKUColumn(data []record, skip int) int {
	width := 0
	for i := range data {
		width = max(width, len(data[i].cells))
	}
	fallback := -1
	for c := 0; c < width; c++ {
		if c == skip {
			continue
		}
		filled := 0
		for i := range data {
			if data[i].at(c).v != "" {
				filled++
			}
		}
		if filled == 0 {
			continue
		}
		if fallback < 0 {
			fallback = c
		}
		if filled*2 > len(data) && !runningNumber(data, c) {
			return c
		}
	}
	return fallback
}

// runningNumber reports whether column c holds 1, 2, 3, ... in the data
// rows ("Lp." in Polish files).
func runningNumber(data []record, c int) bool {
	if len(data) < 2 {
		return false
	}
	for i := range data {
		v := strings.TrimSuffix(data[i].at(c).v, ".")
		n, err := strconv.Atoi(v)
		if err != nil || n != i+1 {
			return false
		}
	}
	return true
}

// guessQtyColumn returns the first column after sku (and not ean) holding
// a plausible quantity in most data rows, or -1.
func guessQtyColumn(data []record, sku, ean int) int {
	width := 0
	for i := range data {
		width = max(width, len(data[i].cells))
	}
	for c := sku + 1; c < width; c++ {
		if c == ean {
			continue
		}
		numeric := 0
		for i := range data {
			if looksLikeQty(data[i].at(c)) {
				numeric++
			}
		}
		if numeric*2 > len(data) {
			return c
		}
	}
	return -1
}

func looksLikeQty(c cell) bool {
	_, p := quantity(c)
	return p != ProblemBadQty
}

// unwrapExcel removes the ="..." wrapper some exports use to keep leading
// zeros, and surrounding white space (including no-break spaces).
func unwrapExcel(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = strings.TrimSpace(s[2 : len(s)-1])
	}
	return s
}

// skuText normalises a SKU cell: trimmed and upper-cased; XLSX numbers
// that are whole (EANs) are written out in full ("5.9e12" → "5900000000000").
func skuText(c cell) string {
	s := unwrapExcel(c.v)
	if c.num {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return strconv.FormatInt(int64(f), 10)
		}
	}
	return strings.ToUpper(s)
}

// quantity classifies a quantity cell: it returns the quantity and "" or
// the row problem (and then 0).
func quantity(c cell) (int, string) {
	s := unwrapExcel(c.v)
	if s == "" {
		return 0, ProblemBadQty
	}
	var n number
	if c.num {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, ProblemBadQty
		}
		n = number{neg: f < 0}
		f = math.Abs(f)
		if r := math.Round(f); math.Abs(f-r) < 1e-6 {
			f = r
		} else {
			n.frac = true
		}
		if f > MaxQty {
			n.big = true
		} else {
			n.whole = int(f)
		}
	} else {
		var ok bool
		if n, ok = parseNumber(s); !ok {
			return 0, ProblemBadQty
		}
	}
	switch {
	case n.neg || (n.whole == 0 && !n.frac && !n.big):
		return 0, ProblemNonPositiveQty
	case n.big:
		return 0, ProblemBadQty
	case n.frac:
		return 0, ProblemFractionQty
	}
	return n.whole, ""
}

// number is a parsed decimal number.
type number struct {
	whole int  // integer part, valid unless big
	frac  bool // a non-zero fractional part
	neg   bool // a minus sign
	big   bool // integer part > MaxQty
}

// parseNumber parses a quantity as people and Excel write it:
//
//   - an optional sign ("+", "-" or U+2212 minus);
//   - digits, optionally in groups of three separated by a space, a
//     no-break space (U+00A0) or a narrow no-break space (U+202F): "1 000";
//   - optionally one decimal separator, "," or ".", followed by 1 or 2
//     digits ("10,00", "2.5") or by 4 or more digits ("1,0000");
//
// A separator followed by exactly 3 digits ("1.000", "1,000") is ambiguous
// (one or a thousand) and is rejected, as are mixed separators ("1.000,00"),
// units ("10 szt") and exponents. ok is false when s is not such a number.
func parseNumber(s string) (n number, ok bool) {
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "-"):
		s, n.neg = s[1:], true
	case strings.HasPrefix(s, "\u2212"):
		s, n.neg = s[len("\u2212"):], true
	}
	intPart, fracPart, hasSep := s, "", false
	if i := strings.IndexAny(s, ",."); i >= 0 {
		intPart, fracPart, hasSep = s[:i], s[i+1:], true
	}
	if intPart == "" {
		return n, false
	}
	// Integer part with optional thousands groups.
	group, groups := 0, 0
	for i := 0; i < len(intPart); {
		r, size := utf8.DecodeRuneInString(intPart[i:])
		i += size
		switch {
		case r >= '0' && r <= '9':
			group++
			if n.whole <= MaxQty {
				n.whole = n.whole*10 + int(r-'0')
			}
		case r == ' ' || r == '\u00a0' || r == '\u202f':
			if group == 0 || (groups > 0 && group != 3) {
				return n, false
			}
			groups++
			group = 0
		default:
			return n, false
		}
	}
	if group == 0 || (groups > 0 && group != 3) {
		return n, false
	}
	if n.whole > MaxQty {
		n.big, n.whole = true, 0
	}
	if !hasSep {
		return n, true
	}
	if len(fracPart) == 0 || len(fracPart) == 3 {
		return n, false
	}
	for i := 0; i < len(fracPart); i++ {
		switch c := fracPart[i]; {
		case c == '0':
		case c >= '1' && c <= '9':
			n.frac = true
		default:
			return n, false
		}
	}
	return n, true
}
