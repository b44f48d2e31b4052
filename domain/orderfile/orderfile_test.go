package orderfile

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"archive/zip"
)

func mustParse(t *testing.T, data []byte) *Result {
	t.Helper()
	res, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return res
}

func checkRows(t *testing.T, got, want []Row) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", got, want)
	}
}

// TestEncodingsAndDelimiters runs every language fixture through every
// encoding that can carry it, every delimiter and both line ends.
func TestEncodingsAndDelimiters(t *testing.T) {
	type combo struct{ enc, lang string }
	combos := []combo{
		{"utf-8", "pl"}, {"utf-8", "ru"}, {"utf-8", "fi"},
		{"utf-8-bom", "pl"}, {"utf-8-bom", "ru"}, {"utf-8-bom", "fi"},
		{"windows-1250", "pl"}, {"windows-1251", "ru"}, {"windows-1252", "fi"},
	}
	for _, c := range combos {
		for _, delim := range []string{";", ",", "\t"} {
			for _, eol := range []string{"\n", "\r\n"} {
				name := fmt.Sprintf("%s/%s/%q/%q", c.enc, c.lang, delim, eol)
				t.Run(name, func(t *testing.T) {
					text, want := langCSV(c.lang, delim, eol)
					res := mustParse(t, encode(t, c.enc, text))
					if res.Format != "csv" || res.Encoding != c.enc || res.Delimiter != delim || !res.HeaderRow {
						t.Errorf("got format=%q encoding=%q delimiter=%q header=%v", res.Format, res.Encoding, res.Delimiter, res.HeaderRow)
					}
					checkRows(t, res.Rows, want)
				})
			}
		}
	}
}

func TestDetectCodepage(t *testing.T) {
	tests := []struct{ enc, text string }{
		{"windows-1250", "Żarówka LED, ilość"},
		{"windows-1250", "ZAR-1;Żarówka LED;10\nŁĄCZNIK-2;Łącznik świecznikowy;5\n"},
		{"windows-1250", "Indeks;Ilość\nKAB;źdźbło\n"},
		{"windows-1251", "Артикул;Наименование;Количество\nВВГ-3;Кабель медный;10\n"},
		{"windows-1251", "Лампа"},
		{"windows-1252", "Määrä, Johdinsuojakatkaisija, Pistorasia"},
		{"windows-1252", "Tuote;Määrä\nJSK;Öljy 5 mm²\nÅbo;1\n"},
	}
	for _, tt := range tests {
		data := encode(t, tt.enc, tt.text)
		var r Result
		decodeText(data, &r)
		if r.Encoding != tt.enc {
			t.Errorf("%q in %s: detected %s", tt.text, tt.enc, r.Encoding)
		}
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		header bool
		want   []Row
	}{
		{"en", "SKU,Qty\nabc-1,10\n", true, []Row{{Line: 2, SKU: "ABC-1", Qty: 10, RawQty: "10"}}},
		{"en quantity first", "Quantity;Product code\n3;X-1\n", true, []Row{{Line: 2, SKU: "X-1", Qty: 3, RawQty: "3"}}},
		{"pl units in brackets", "Kod towaru;Ilość (szt.)\nA-1;2\n", true, []Row{{Line: 2, SKU: "A-1", Qty: 2, RawQty: "2"}}},
		{"pl unit suffix", "SYMBOL;ILOŚĆ SZT.\nA-1;2\n", true, []Row{{Line: 2, SKU: "A-1", Qty: 2, RawQty: "2"}}},
		{"pl szt", "Nr katalogowy;Nazwa;Szt\nA-1;Kabel;4\n", true, []Row{{Line: 2, SKU: "A-1", Qty: 4, RawQty: "4"}}},
		{"ru", "Код товара;Кол.\nа-1;3\n", true, []Row{{Line: 2, SKU: "А-1", Qty: 3, RawQty: "3"}}},
		{"ru количество", "код;количество, шт\nа-1;3\n", true, []Row{{Line: 2, SKU: "А-1", Qty: 3, RawQty: "3"}}},
		{"fi", "Koodi;Kpl\nA-1;3\n", true, []Row{{Line: 2, SKU: "A-1", Qty: 3, RawQty: "3"}}},
		{"fi lkm no diacritics", "tuotenumero;maara;lkm\nA-1;3;9\n", true, []Row{{Line: 2, SKU: "A-1", Qty: 3, RawQty: "3"}}},
		{"fi nimike is weak", "Nimike;Tuotenumero;Määrä\nKaapeli;K-1;3\n", true, []Row{{Line: 2, SKU: "K-1", Qty: 3, RawQty: "3"}}},
		{"only nimike", "Nimike;Määrä\nK-1;3\n", true, []Row{{Line: 2, SKU: "K-1", Qty: 3, RawQty: "3"}}},
		{"qty header only", "Lp;Towar;Ilość\n1;A-1;2\n2;A-2;3\n", true, []Row{
			{Line: 2, SKU: "A-1", Qty: 2, RawQty: "2"}, {Line: 3, SKU: "A-2", Qty: 3, RawQty: "3"}}},
		{"sku header only", "Indeks;Opis;Zamówienie\nA-1;kabel;2\n", true, []Row{{Line: 2, SKU: "A-1", Qty: 2, RawQty: "2"}}},
		{"no header", "KAB-1;10\nkab-2;5,00\n", false, []Row{
			{Line: 1, SKU: "KAB-1", Qty: 10, RawQty: "10"}, {Line: 2, SKU: "KAB-2", Qty: 5, RawQty: "5,00"}}},
		{"no header with description", "KAB-1;Kabel 3x2,5;10\nKAB-2;Kabel;20\nKAB-3;Kabel;x\n", false, []Row{
			{Line: 1, SKU: "KAB-1", Qty: 10, RawQty: "10"}, {Line: 2, SKU: "KAB-2", Qty: 20, RawQty: "20"},
			{Line: 3, SKU: "KAB-3", RawQty: "x", Problem: ProblemBadQty}}},
		{"no header leading empty column", ";KAB-1;10\n;KAB-2;5\n", false, []Row{
			{Line: 1, SKU: "KAB-1", Qty: 10, RawQty: "10"}, {Line: 2, SKU: "KAB-2", Qty: 5, RawQty: "5"}}},
		{"no header running number", "1;KAB-1;10\n2;KAB-2;5\n", false, []Row{
			{Line: 1, SKU: "KAB-1", Qty: 10, RawQty: "10"}, {Line: 2, SKU: "KAB-2", Qty: 5, RawQty: "5"}}},
		{"ean", "EAN;Ilość\n5901234123457;3\n", true, []Row{{Line: 2, SKU: "5901234123457", Qty: 3, RawQty: "3"}}},
		{"ean fallback", "Indeks;EAN;Ilość\nA-1;5901234123457;3\n;5901234123464;4\n", true, []Row{
			{Line: 2, SKU: "A-1", Qty: 3, RawQty: "3"}, {Line: 3, SKU: "5901234123464", Qty: 4, RawQty: "4"}}},
		{"no header ean not qty", "A-1;5901234123457;3\nA-2;5901234123464;4\n", false, []Row{
			{Line: 1, SKU: "A-1", Qty: 3, RawQty: "3"}, {Line: 2, SKU: "A-2", Qty: 4, RawQty: "4"}}},
		{"excel text wrapper", "Indeks;Ilość\n=\"0012\";=\"3\"\n", true, []Row{{Line: 2, SKU: "0012", Qty: 3, RawQty: `="3"`}}},
		{"header after empty lines", "\n\nIndeks;Ilość\nA;1\n", true, []Row{{Line: 4, SKU: "A", Qty: 1, RawQty: "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustParse(t, []byte(tt.in))
			if res.HeaderRow != tt.header {
				t.Errorf("HeaderRow = %v, want %v", res.HeaderRow, tt.header)
			}
			checkRows(t, res.Rows, tt.want)
		})
	}
}

func TestQuantities(t *testing.T) {
	tests := []struct {
		raw     string
		qty     int
		problem string
	}{
		{"10", 10, ""},
		{"10,0", 10, ""},
		{"10.00", 10, ""},
		{"+5", 5, ""},
		{"007", 7, ""},
		{"1 000", 1000, ""},
		{"1\u00a0000", 1000, ""},
		{"1\u202f000", 1000, ""},
		{"1 000 000", 1000000, ""},
		{"1 000,00", 1000, ""},
		{"1,0000", 1, ""},
		{"2,5", 0, ProblemFractionQty},
		{"2.50", 0, ProblemFractionQty},
		{"0,5", 0, ProblemFractionQty},
		{"1 000,5", 0, ProblemFractionQty},
		{"0", 0, ProblemNonPositiveQty},
		{"0,00", 0, ProblemNonPositiveQty},
		{"-3", 0, ProblemNonPositiveQty},
		{"\u22123", 0, ProblemNonPositiveQty},
		{"-2,5", 0, ProblemNonPositiveQty},
		{"", 0, ProblemBadQty},
		{"dużo", 0, ProblemBadQty},
		{"10 szt", 0, ProblemBadQty},
		{"1.000", 0, ProblemBadQty},
		{"1,000", 0, ProblemBadQty},
		{"1.000,00", 0, ProblemBadQty},
		{"1,5,5", 0, ProblemBadQty},
		{"10 00", 0, ProblemBadQty},
		{"1  000", 0, ProblemBadQty},
		{"1e3", 0, ProblemBadQty},
		{"2,", 0, ProblemBadQty},
		{",5", 0, ProblemBadQty},
		{"1000001", 0, ProblemBadQty},
		{"99999999999999999999999", 0, ProblemBadQty},
		{"#N/D!", 0, ProblemBadQty},
	}
	for _, tt := range tests {
		qty, problem := quantity(cell{v: tt.raw})
		if qty != tt.qty || problem != tt.problem {
			t.Errorf("quantity(%q) = %d, %q; want %d, %q", tt.raw, qty, problem, tt.qty, tt.problem)
		}
	}
	// XLSX numbers always use "." and may carry binary float noise.
	nums := []struct {
		v       string
		qty     int
		problem string
	}{
		{"10", 10, ""}, {"10.0", 10, ""}, {"9.9999999999999982", 10, ""}, {"1E+3", 1000, ""},
		{"2.5", 0, ProblemFractionQty}, {"0.001", 0, ProblemFractionQty},
		{"0", 0, ProblemNonPositiveQty}, {"-1", 0, ProblemNonPositiveQty},
		{"1E+20", 0, ProblemBadQty}, {"NaN", 0, ProblemBadQty},
	}
	for _, tt := range nums {
		qty, problem := quantity(cell{v: tt.v, num: true})
		if qty != tt.qty || problem != tt.problem {
			t.Errorf("quantity(number %q) = %d, %q; want %d, %q", tt.v, qty, problem, tt.qty, tt.problem)
		}
	}
}

func TestRowProblemsAndLines(t *testing.T) {
	in := "Indeks;Nazwa;Ilość\r\n" + // 1
		"A-1;ok;3\r\n" + // 2
		"A-2;fraction;2,5\r\n" + // 3
		"\r\n" + // 4 empty
		"A-3;zero;0\r\n" + // 5
		"A-4;negative;-4\r\n" + // 6
		" ; ; \r\n" + // 7 blank cells
		"A-5;text;dużo\r\n" + // 8
		"A-6;empty;\r\n" + // 9
		";no sku;5\r\n" + // 10
		"A-7;\"multi\r\nline\";6\r\n" + // 11 (one Excel row over two lines)
		"A-8;after;7" // 12, no final line end
	res := mustParse(t, []byte(in))
	want := []Row{
		{Line: 2, SKU: "A-1", Qty: 3, RawQty: "3"},
		{Line: 3, SKU: "A-2", RawQty: "2,5", Problem: ProblemFractionQty},
		{Line: 5, SKU: "A-3", RawQty: "0", Problem: ProblemNonPositiveQty},
		{Line: 6, SKU: "A-4", RawQty: "-4", Problem: ProblemNonPositiveQty},
		{Line: 8, SKU: "A-5", RawQty: "dużo", Problem: ProblemBadQty},
		{Line: 9, SKU: "A-6", RawQty: "", Problem: ProblemBadQty},
		{Line: 10, SKU: "", RawQty: "5", Problem: ProblemNoSKU},
		{Line: 11, SKU: "A-7", Qty: 6, RawQty: "6"},
		{Line: 12, SKU: "A-8", Qty: 7, RawQty: "7"},
	}
	checkRows(t, res.Rows, want)
}

func TestOldMacLineEnds(t *testing.T) {
	res := mustParse(t, []byte("Indeks;Ilość\rA;1\r\rB;2\r"))
	checkRows(t, res.Rows, []Row{{Line: 2, SKU: "A", Qty: 1, RawQty: "1"}, {Line: 4, SKU: "B", Qty: 2, RawQty: "2"}})
}

func TestDelimiterChoice(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KAB-YDY-3X25-EL;100,00\nKAB-2;5,50\n", ";"},
		{"A,1\nB,2\n", ","},
		{"A\t1,5\nB\t2,5\n", "\t"},
		{"sku,name,qty\nA,\"x; y\",1\nB,z,2\n", ","},
		{"A;\"x, y, z\";1\nB;\"p,q\";2\n", ";"},
		{"A\t\t1\nB\tx\t2\n", "\t"},
	}
	for _, tt := range tests {
		var r Result
		if _, err := readCSV(tt.in, &r); err != nil {
			t.Fatal(err)
		}
		if r.Delimiter != tt.want {
			t.Errorf("%q: delimiter %q, want %q", tt.in, r.Delimiter, tt.want)
		}
	}
	// Tab-delimited empty cells keep their column.
	res := mustParse(t, []byte("Indeks\tNazwa\tIlość\nA\t\t3\n"))
	checkRows(t, res.Rows, []Row{{Line: 2, SKU: "A", Qty: 3, RawQty: "3"}})
}

func TestXLSX(t *testing.T) {
	sis := []string{
		tText("Indeks"),
		tText("Ilość"),
		`<r><t>KAB-</t></r><r><rPr><b/></rPr><t xml:space="preserve">ydy </t></r><rPh sb="0" eb="1"><t>ignored</t></rPh>`,
		tText("dużo"),
		tText("Nazwa"),
		tText("12,00"),
	}
	sheet := `<row r="1" spans="1:3">` + sCell("A1", 0) + sCell("B1", 4) + sCell("C1", 1) + `</row>` +
		`<row r="2">` + sCell("A2", 2) + iCell("B2", "Przewód") + nCell("C2", "100") + `</row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><r><t>ŻAR</t></r><r><t>-1</t></r></is></c>` + nCell("C3", "2.5") + `</row>` +
		`<row r="5">` + iCell("A5", "gn-1") + `<c r="C5" t="str"><f>1+1</f><v>2</v></c></row>` + // row 4 missing
		`<row r="6">` + iCell("A6", "GN-2") + sCell("C6", 3) + `</row>` +
		`<row r="7"><c r="A7" t="s"><v>99</v></c>` + nCell("C7", "1") + `</row>` + // bad shared index → no SKU
		`<row r="8">` + nCell("A8", "5901234123457") + nCell("C8", "9.9999999999999982") + `</row>` +
		`<row r="9"><c r="A9"/><c r="B9" t="s"/></row>` + // empty row
		`<row r="10">` + iCell("A10", "GN-3") + sCell("C10", 5) + `</row>` +
		`<row>` + iCell("A11", "GN-4") + `<c t="b"><v>1</v></c><c><v>0</v></c></row>` // no r attributes: row 11, cells A, B, C
	res := mustParse(t, makeXLSX(t, sheet, sis))
	if res.Format != "xlsx" || res.Encoding != "xlsx" || res.Delimiter != "" || !res.HeaderRow {
		t.Errorf("got %+v", res)
	}
	want := []Row{
		{Line: 2, SKU: "KAB-YDY", Qty: 100, RawQty: "100"},
		{Line: 3, SKU: "ŻAR-1", RawQty: "2.5", Problem: ProblemFractionQty},
		{Line: 5, SKU: "GN-1", Qty: 2, RawQty: "2"},
		{Line: 6, SKU: "GN-2", RawQty: "dużo", Problem: ProblemBadQty},
		{Line: 7, SKU: "", RawQty: "1", Problem: ProblemNoSKU},
		{Line: 8, SKU: "5901234123457", Qty: 10, RawQty: "9.9999999999999982"},
		{Line: 10, SKU: "GN-3", Qty: 12, RawQty: "12,00"},
		{Line: 11, SKU: "GN-4", RawQty: "0", Problem: ProblemNonPositiveQty},
	}
	checkRows(t, res.Rows, want)
}

func TestXLSXNoHeaderNoSharedStrings(t *testing.T) {
	sheet := `<row r="3">` + iCell("B3", "A-1") + nCell("D3", "4") + `</row>` +
		`<row r="4">` + iCell("B4", "A-2") + nCell("D4", "5.0") + `</row>`
	res := mustParse(t, makeXLSX(t, sheet, nil))
	if res.HeaderRow {
		t.Error("HeaderRow = true")
	}
	checkRows(t, res.Rows, []Row{{Line: 3, SKU: "A-1", Qty: 4, RawQty: "4"}, {Line: 4, SKU: "A-2", Qty: 5, RawQty: "5.0"}})
}

// TestXLSXFirstSheet follows workbook.xml and its relationships: the first
// visible sheet is sheet3.xml (a hidden sheet comes first in the workbook).
func TestXLSXFirstSheet(t *testing.T) {
	data := buildZip(t,
		contentTypes(), rootRels(),
		zipFile{"xl/workbook.xml", `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` +
			`<sheet name="Ukryty" sheetId="1" state="hidden" r:id="rId7"/>` +
			`<sheet name="Zamówienie" sheetId="2" r:id="rId3"/></sheets></workbook>`},
		zipFile{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId7" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId3" Type="` + nsRel + `/worksheet" Target="/xl/worksheets/sheet3.xml"/></Relationships>`},
		zipFile{"xl/worksheets/sheet1.xml", worksheet(`<row r="1">` + iCell("A1", "WRONG") + nCell("B1", "1") + `</row>`)},
		zipFile{"xl/worksheets/sheet3.xml", worksheet(`<row r="1">` + iCell("A1", "RIGHT") + nCell("B1", "2") + `</row>`)},
	)
	res := mustParse(t, data)
	checkRows(t, res.Rows, []Row{{Line: 1, SKU: "RIGHT", Qty: 2, RawQty: "2"}})

	// Without workbook.xml the reader falls back to sheet1.xml.
	data = buildZip(t, zipFile{"xl/worksheets/sheet1.xml", worksheet(`<row r="1">` + iCell("A1", "S1") + nCell("B1", "3") + `</row>`)})
	res = mustParse(t, data)
	checkRows(t, res.Rows, []Row{{Line: 1, SKU: "S1", Qty: 3, RawQty: "3"}})
}

// TestMislabelled: Parse judges by content only, so an XLSX uploaded as
// .csv is read as XLSX and a CSV uploaded as .xlsx is read as CSV.
func TestMislabelled(t *testing.T) {
	xlsx := makeXLSX(t, `<row r="1">`+iCell("A1", "A-1")+nCell("B1", "2")+`</row>`, nil)
	if res := mustParse(t, xlsx); res.Format != "xlsx" {
		t.Errorf("zip content: format %q", res.Format)
	}
	if res := mustParse(t, []byte("Indeks;Ilość\nA-1;2\n")); res.Format != "csv" {
		t.Errorf("text content: format %q", res.Format)
	}
}

func TestErrors(t *testing.T) {
	xlsx := makeXLSX(t, `<row r="1">`+iCell("A1", "Indeks")+iCell("B1", "Ilość")+`</row><row r="2">`+iCell("A2", "A")+nCell("B2", "1")+`</row>`, []string{})
	var manyRows strings.Builder
	manyRows.WriteString("Indeks;Ilość\n")
	for i := 0; i <= MaxRows; i++ {
		fmt.Fprintf(&manyRows, "A-%d;1\n", i)
	}
	var manyXLSXRows strings.Builder
	for i := 1; i <= MaxRows+2; i++ {
		fmt.Fprintf(&manyXLSXRows, `<row r="%d">%s%s</row>`, i, iCell(fmt.Sprint("A", i), "A"), nCell(fmt.Sprint("B", i), "1"))
	}
	deep := strings.Repeat("<x>", 100) + strings.Repeat("</x>", 100)
	tests := []struct {
		name string
		data []byte
		kind error
	}{
		{"nil", nil, ErrEmpty},
		{"blank", []byte(" \r\n\t\n"), ErrEmpty},
		{"empty cells only", []byte(";;;\n;;\n"), ErrEmpty},
		{"header only", []byte("Indeks;Ilość\n\n"), ErrEmpty},
		{"xlsx header only", makeXLSX(t, `<row r="1">`+iCell("A1", "SKU")+iCell("B1", "Qty")+`</row>`, nil), ErrEmpty},
		{"xlsx empty sheet", makeXLSX(t, ``, nil), ErrEmpty},
		{"too large", make([]byte, MaxBytes+1), ErrTooLarge},
		{"too many rows", []byte(manyRows.String()), ErrTooManyRows},
		{"xlsx too many rows", makeXLSX(t, manyXLSXRows.String(), nil), ErrTooManyRows},
		{"text", []byte("Dzień dobry,\nproszę o ofertę.\n"), ErrNoColumns},
		{"php", []byte("<?php\necho 'hello';\n$x = array(1, 2);\n?>\n"), ErrNoColumns},
		{"empty sku column", []byte("Indeks;Ilość\n;5\n;6\n"), ErrNoColumns},
		{"no quantity column", []byte("Indeks;Nazwa\nA;kabel\nB;lampa\n"), ErrNoColumns},
		{"truncated xlsx", xlsx[:len(xlsx)/2], ErrUnreadable},
		{"zip without sheet", buildZip(t, zipFile{"word/document.xml", "<w/>"}), ErrUnreadable},
		{"empty zip", buildZip(t), ErrUnreadable},
		{"legacy xls", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...), ErrUnreadable},
		{"utf-16", []byte("\xFF\xFEI\x00n\x00d\x00"), ErrUnreadable},
		{"binary", []byte("\x01\x02\x03abc\x04\x05;1\n"), ErrUnreadable},
		{"broken sheet xml", makeXLSX(t, `<row r="1"><c r="A1"><v>1</c></row>`, nil), ErrUnreadable},
		{"deep xml", makeXLSX(t, deep, nil), ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse(tt.data)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("Parse = %v, %v; want %v", res, err, tt.kind)
			}
			var e *Error
			if !errors.As(err, &e) || res != nil {
				t.Fatalf("error %T %v, result %v", err, err, res)
			}
		})
	}
	// Exactly MaxRows data rows are fine.
	lines := strings.SplitAfter(manyRows.String(), "\n")
	if _, err := Parse([]byte(strings.Join(lines[:MaxRows+1], ""))); err != nil {
		t.Errorf("MaxRows rows: %v", err)
	}
}

func TestErrorKeys(t *testing.T) {
	keys := map[error]string{
		ErrEmpty:       "orderfile_empty",
		ErrTooLarge:    "orderfile_too_large",
		ErrTooManyRows: "orderfile_too_many_rows",
		ErrUnreadable:  "orderfile_unreadable",
		ErrNoColumns:   "orderfile_no_columns",
	}
	for kind, key := range keys {
		e := &Error{Kind: kind, Detail: "detail"}
		if e.Key() != key {
			t.Errorf("Key() = %q, want %q", e.Key(), key)
		}
		if !errors.Is(e, kind) || e.Unwrap() != kind {
			t.Errorf("%q: errors.Is failed", key)
		}
		if !strings.HasPrefix(e.Error(), "orderfile: ") || !strings.HasSuffix(e.Error(), ": detail") {
			t.Errorf("Error() = %q", e.Error())
		}
	}
	if k := (&Error{}).Key(); k != "orderfile_unreadable" {
		t.Errorf("zero Error Key() = %q", k)
	}
	_, err := Parse(nil)
	var e *Error
	if !errors.As(err, &e) || e.Key() != "orderfile_empty" {
		t.Errorf("Parse(nil) = %v", err)
	}
}

// deflateZeros returns n zero bytes compressed with deflate, and their CRC.
func deflateZeros(t testing.TB, n int) ([]byte, uint32) {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zeros := make([]byte, 1<<20)
	crc := crc32.NewIEEE()
	for left := n; left > 0; left -= len(zeros) {
		chunk := zeros[:min(left, len(zeros))]
		fw.Write(chunk)
		crc.Write(chunk)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), crc.Sum32()
}

// bombXLSX returns an XLSX whose sheet1.xml is n zero bytes, declaring
// uncompressed size declared.
func bombXLSX(t testing.TB, n int, declared uint64) []byte {
	comp, crc := deflateZeros(t, n)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(comp)), UncompressedSize64: declared,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp)
	zw.Close()
	return buf.Bytes()
}

func TestZipBomb(t *testing.T) {
	const n = 200 << 20 // 200 MB of zeros, about 200 KB compressed
	tests := []struct {
		name     string
		declared uint64
	}{
		{"honest size", n},
		{"lying size", 1000},
		{"lying size near the limit", maxXLSXBytes - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bombXLSX(t, n, tt.declared)
			if len(data) > MaxBytes {
				t.Fatalf("bomb is %d bytes", len(data))
			}
			start := time.Now()
			_, err := Parse(data)
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("Parse = %v, want ErrUnreadable", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	t.Run("too many entries", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i := 0; i <= maxZipEntries; i++ {
			if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprint("f", i), Method: zip.Store}); err != nil {
				t.Fatal(err)
			}
		}
		zw.Close()
		if _, err := Parse(buf.Bytes()); !errors.Is(err, ErrUnreadable) {
			t.Fatalf("Parse = %v, want ErrUnreadable", err)
		}
	})
}

func TestRandomBytesNeverPanic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	valid := makeXLSX(t, `<row r="1">`+iCell("A1", "A")+nCell("B1", "1")+`</row>`, []string{tText("x")})
	for i := 0; i < 300; i++ {
		data := make([]byte, 1+rng.IntN(4096))
		for j := range data {
			data[j] = byte(rng.UintN(256))
		}
		if _, err := Parse(data); err == nil {
			t.Errorf("random bytes %d parsed without error", i)
		}
		// Corrupted and truncated XLSX.
		bad := bytes.Clone(valid)
		for k := 0; k < 4; k++ {
			bad[rng.IntN(len(bad))] ^= byte(1 + rng.UintN(255))
		}
		for _, in := range [][]byte{data, bad, valid[:rng.IntN(len(valid))]} {
			var e *Error
			if _, err := Parse(in); errors.As(err, &e) && strings.HasPrefix(e.Detail, "internal error") {
				t.Fatalf("recovered panic: %v", err)
			}
		}
	}
}
