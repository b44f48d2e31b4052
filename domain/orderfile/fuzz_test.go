package orderfile

import (
	"errors"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, lang := range []string{"pl", "ru", "fi"} {
		text, _ := langCSV(lang, ";", "\r\n")
		f.Add([]byte(text))
	}
	text, _ := langCSV("pl", "\t", "\n")
	f.Add(encode(f, "windows-1250", text))
	text, _ = langCSV("ru", ",", "\n")
	f.Add(encode(f, "windows-1251", text))
	text, _ = langCSV("fi", ";", "\n")
	f.Add(encode(f, "utf-8-bom", text))
	f.Add([]byte("KAB-1;10\n\nkab-2;\"2,5\"\n;3\nX;-1\nY;1 000\n"))
	f.Add([]byte("EAN,Qty\n5901234123457,3\n"))
	f.Add(makeXLSX(f, `<row r="1">`+sCell("A1", 0)+sCell("B1", 1)+`</row>`+
		`<row r="3">`+iCell("A3", "A-1")+nCell("B3", "2.5")+`</row>`+
		`<row>`+sCell("A4", 2)+nCell("C4", "7")+`</row>`,
		[]string{tText("Indeks"), tText("Ilość"), `<r><t>B-</t></r><r><t>2</t></r>`}))
	f.Add(makeXLSX(f, `<row r="1">`+iCell("A1", "X")+nCell("B1", "1")+`</row>`, nil))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte{})

	valid := map[string]bool{"": true, ProblemNoSKU: true, ProblemBadQty: true, ProblemFractionQty: true, ProblemNonPositiveQty: true}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Parse(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || res != nil {
				t.Fatalf("error %T %v with result %v", err, err, res)
			}
			if strings.HasPrefix(e.Detail, "internal error") {
				t.Fatalf("recovered panic: %v", err) // Parse's safety net must never be needed
			}
			if !strings.HasPrefix(e.Key(), "orderfile_") {
				t.Fatalf("key %q", e.Key())
			}
			return
		}
		if len(res.Rows) == 0 || len(res.Rows) > MaxRows {
			t.Fatalf("%d rows", len(res.Rows))
		}
		prev := 0
		for _, r := range res.Rows {
			if r.Line < 1 || r.Line <= prev {
				t.Fatalf("line %d after %d", r.Line, prev)
			}
			prev = r.Line
			if !valid[r.Problem] {
				t.Fatalf("problem %q", r.Problem)
			}
			if (r.Problem == "" && r.Qty <= 0) || (r.Problem != "" && r.Qty != 0) || r.Qty > MaxQty {
				t.Fatalf("row %+v", r)
			}
			if r.Problem != ProblemNoSKU && r.SKU == "" {
				t.Fatalf("row without SKU: %+v", r)
			}
		}
	})
}
