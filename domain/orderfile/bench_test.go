package orderfile

import (
	"fmt"
	"strings"
	"testing"
)

func BenchmarkParse5000Lines(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Lp.;Indeks;Nazwa towaru;Ilość;J.m.\r\n")
	for i := 1; i < 5000; i++ {
		fmt.Fprintf(&sb, "%d;KAB-YDY-%d-EL;\"Przewód YDY 3x2,5; żółty, łącznik\";%d,00;szt\r\n", i, i, i%500+1)
	}
	data := encode(b, "windows-1250", sb.String())
	if res, err := Parse(data); err != nil || res.Encoding != "windows-1250" || len(res.Rows) != 4999 {
		b.Fatalf("Parse: %v", err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseXLSX5000Rows(b *testing.B) {
	sis := []string{tText("Indeks"), tText("Nazwa"), tText("Ilość")}
	var sheet strings.Builder
	sheet.WriteString(`<row r="1">` + sCell("A1", 0) + sCell("B1", 1) + sCell("C1", 2) + `</row>`)
	for i := 2; i <= 5000; i++ {
		sis = append(sis, tText(fmt.Sprintf("KAB-YDY-%d-EL", i)))
		fmt.Fprintf(&sheet, `<row r="%d">%s%s%s</row>`, i,
			sCell(fmt.Sprint("A", i), len(sis)-1),
			iCell(fmt.Sprint("B", i), "Przewód YDY 3x2,5 żółty"),
			nCell(fmt.Sprint("C", i), fmt.Sprint(i%500+1)))
	}
	data := makeXLSX(b, sheet.String(), sis)
	if res, err := Parse(data); err != nil || len(res.Rows) != 4999 {
		b.Fatalf("Parse: %v", err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
