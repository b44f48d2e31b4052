package orderfile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// encode converts s to the named encoding ("utf-8", "utf-8-bom",
// "windows-125x"); the fixture must be representable.
func encode(tb testing.TB, enc, s string) []byte {
	tb.Helper()
	var cm *charmap.Charmap
	switch enc {
	case "utf-8":
		return []byte(s)
	case "utf-8-bom":
		return append([]byte("\xEF\xBB\xBF"), s...)
	case "windows-1250":
		cm = charmap.Windows1250
	case "windows-1251":
		cm = charmap.Windows1251
	case "windows-1252":
		cm = charmap.Windows1252
	default:
		tb.Fatalf("unknown encoding %q", enc)
	}
	b, err := cm.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatalf("encode %q as %s: %v", s, enc, err)
	}
	return b
}

// csvQuote quotes a field the way Excel does.
func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// csvJoin joins rows of fields with delim and eol; fields that contain the
// delimiter, a quote or a line break are quoted.
func csvJoin(rows [][]string, delim, eol string) string {
	var b strings.Builder
	for _, row := range rows {
		for i, f := range row {
			if i > 0 {
				b.WriteString(delim)
			}
			if strings.ContainsAny(f, delim+"\"\r\n") {
				f = csvQuote(f)
			}
			b.WriteString(f)
		}
		b.WriteString(eol)
	}
	return b.String()
}

// zipFile is one entry of a test zip archive.
type zipFile struct{ name, body string }

func buildZip(tb testing.TB, files ...zipFile) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

func contentTypes() zipFile {
	return zipFile{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`</Types>`}
}

func rootRels() zipFile {
	return zipFile{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`}
}

func worksheet(sheetData string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheetData>` + sheetData + `</sheetData></worksheet>`
}

func sharedStrings(sis []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, len(sis), len(sis))
	for _, si := range sis {
		b.WriteString("<si>" + si + "</si>")
	}
	b.WriteString("</sst>")
	return b.String()
}

// makeXLSX builds a one-sheet workbook. sis are the raw inner XML of the
// shared strings (<si> bodies); nil means no sharedStrings.xml part.
func makeXLSX(tb testing.TB, sheetData string, sis []string) []byte {
	tb.Helper()
	files := []zipFile{
		contentTypes(),
		rootRels(),
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` +
			`<sheet name="Arkusz1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + nsRel + `/sharedStrings" Target="sharedStrings.xml"/>` +
			`</Relationships>`},
		{"xl/worksheets/sheet1.xml", worksheet(sheetData)},
	}
	if sis != nil {
		files = append(files, zipFile{"xl/sharedStrings.xml", sharedStrings(sis)})
	}
	return buildZip(tb, files...)
}

// XLSX cell helpers: shared string, inline string, number.
func sCell(ref string, idx int) string { return fmt.Sprintf(`<c r="%s" t="s"><v>%d</v></c>`, ref, idx) }
func iCell(ref, text string) string {
	return fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, html.EscapeString(text))
}
func nCell(ref, v string) string { return fmt.Sprintf(`<c r="%s"><v>%s</v></c>`, ref, v) }
func tText(s string) string      { return "<t>" + html.EscapeString(s) + "</t>" }

// Language fixtures: a header and three data rows; the last field of each
// row is the quantity. want are the expected SKUs and quantities.
type langFixture struct {
	header []string
	rows   [][]string
	skus   []string
	qtys   []int
}

var langs = map[string]langFixture{
	"pl": {
		header: []string{"Lp.", "Indeks", "Nazwa towaru", "Ilość"},
		rows: [][]string{
			{"1", "KAB-YDY-3X25-EL", `Przewód YDY 3x2,5 "żółty"`, "100,00"},
			{"2", "zar-led-10w", "Żarówka LED, ilość; ciepła", "12"},
			{"3", "GN-230", "Gniazdo podwójne, łącznik", "1\u00a0000"},
		},
		skus: []string{"KAB-YDY-3X25-EL", "ZAR-LED-10W", "GN-230"},
		qtys: []int{100, 12, 1000},
	},
	"ru": {
		header: []string{"Артикул", "Наименование", "Кол-во"},
		rows: [][]string{
			{"ВВГ-3Х2.5", "Кабель ВВГнг 3х2,5; ГОСТ", "50,0"},
			{"лампа-10", `Лампа светодиодная "Свет"`, "7"},
			{"АВ-16", "Автоматический выключатель, 16А", "1 200"},
		},
		skus: []string{"ВВГ-3Х2.5", "ЛАМПА-10", "АВ-16"},
		qtys: []int{50, 7, 1200},
	},
	"fi": {
		header: []string{"Tuotekoodi", "Nimike", "Määrä"},
		rows: [][]string{
			{"jsk-16a", "Johdinsuojakatkaisija; 16 A", "5"},
			{"PR-2X", "Pistorasia, kaksoiskehys", "20,00"},
			{"kaapeli-mmj", `Kaapeli MMJ 3x1,5 "Määrä" Öljynkestävä`, "2 500"},
		},
		skus: []string{"JSK-16A", "PR-2X", "KAAPELI-MMJ"},
		qtys: []int{5, 20, 2500},
	},
}

// langCSV renders a language fixture: header, row 1, an empty line, a
// line of empty fields, rows 2 and 3. Data rows are on lines 2, 5, 6.
func langCSV(lang, delim, eol string) (string, []Row) {
	fx := langs[lang]
	empty := make([]string, len(fx.header))
	rows := [][]string{fx.header, fx.rows[0], nil, empty, fx.rows[1], fx.rows[2]}
	var b strings.Builder
	for _, r := range rows {
		if r == nil {
			b.WriteString(eol)
			continue
		}
		b.WriteString(csvJoin([][]string{r}, delim, eol))
	}
	lines := []int{2, 5, 6}
	want := make([]Row, 3)
	for i := range want {
		raw := fx.rows[i][len(fx.rows[i])-1]
		want[i] = Row{Line: lines[i], SKU: fx.skus[i], Qty: fx.qtys[i], RawQty: raw}
	}
	return b.String(), want
}
