package orderfile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Zip-bomb and sanity guards for XLSX files.
const (
	maxZipEntries   = 10_000
	maxXLSXBytes    = 50 << 20 // total uncompressed size of the parts read
	maxXMLDepth     = 64
	maxExcelRow     = 1 << 20 // 1,048,576 rows
	maxSharedString = 32 << 10
)

var errNoPart = errors.New("part not found")

// workbook reads the parts of one XLSX file within a shared size budget.
type workbook struct {
	files map[string]*zip.File // by lower-cased name
	left  int64                // uncompressed bytes still allowed
	sst   []string
}

// readXLSX returns the non-empty rows of the first worksheet.
func readXLSX(data []byte) ([]record, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return nil, fail(ErrUnreadable, "not a valid zip archive: %v", err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fail(ErrUnreadable, "zip has %d entries, limit %d", len(zr.File), maxZipEntries)
	}
	wb := &workbook{files: make(map[string]*zip.File, len(zr.File)), left: maxXLSXBytes}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := wb.files[name]; !dup {
			wb.files[name] = f
		}
	}
	sheet, err := wb.firstSheet()
	if err != nil {
		return nil, err
	}
	if err := wb.read("xl/sharedStrings.xml", wb.readSharedStrings); err != nil && !errors.Is(err, errNoPart) {
		return nil, unreadable("xl/sharedStrings.xml", err)
	}
	var recs []record
	err = wb.read(sheet, func(r io.Reader) (err error) {
		recs, err = wb.readSheet(r)
		return err
	})
	if err != nil {
		return nil, unreadable(sheet, err)
	}
	return recs, nil
}

func unreadable(part string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return fail(ErrUnreadable, "%s: %v", part, err)
}

// read opens the named part and passes it to fn, then checks that the part
// had exactly its declared size and that the size budget is not exceeded.
func (wb *workbook) read(name string, fn func(io.Reader) error) error {
	f := wb.files[strings.ToLower(name)]
	if f == nil {
		return errNoPart
	}
	if f.UncompressedSize64 > uint64(wb.left) {
		return fmt.Errorf("uncompressed size %d exceeds the limit", f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	size := int64(f.UncompressedSize64)
	cr := &countingReader{r: io.LimitReader(rc, size+1)}
	if err := fn(cr); err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return err
	}
	if cr.n != size {
		return fmt.Errorf("declared size %d, actual size differs", size)
	}
	wb.left -= cr.n
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// xmlTokens calls fn for every token of the XML document in r, enforcing
// the depth limit. fn returns done=true to stop early.
func xmlTokens(r io.Reader, fn func(xml.Token) (done bool, err error)) error {
	// Refuse early what cannot be XML (e.g. a bomb of zeros) instead of
	// letting the decoder scan it as text.
	br := bufio.NewReader(r)
	head, _ := br.Peek(512)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(head) == 0 || head[0] != '<' {
		return errors.New("not an XML document")
	}
	d := xml.NewDecoder(br)
	// RawToken is much cheaper than Token; element nesting is checked here
	// instead. Namespace prefixes are kept, callers match local names only.
	var open []xml.Name
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			if len(open) > 0 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(open) == maxXMLDepth {
				return errors.New("XML nested too deeply")
			}
			open = append(open, t.Name)
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return fmt.Errorf("unexpected </%s>", t.Name.Local)
			}
			open = open[:len(open)-1]
		}
		done, err := fn(tok)
		if err != nil || done {
			return err
		}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// firstSheet returns the part name of the first visible worksheet,
// following xl/workbook.xml and its relationships, with fallbacks to
// xl/worksheets/sheet1.xml and to the first xl/worksheets/*.xml.
func (wb *workbook) firstSheet() (string, error) {
	type sheet struct{ rid, state string }
	var sheets []sheet
	err := wb.read("xl/workbook.xml", func(r io.Reader) error {
		return xmlTokens(r, func(tok xml.Token) (bool, error) {
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
				s := sheet{state: attr(se, "state")}
				for _, a := range se.Attr {
					if a.Name.Local == "id" && a.Name.Space != "" {
						s.rid = a.Value
					}
				}
				sheets = append(sheets, s)
			}
			return false, nil
		})
	})
	if err != nil && !errors.Is(err, errNoPart) {
		return "", unreadable("xl/workbook.xml", err)
	}
	targets := make(map[string]string)
	err = wb.read("xl/_rels/workbook.xml.rels", func(r io.Reader) error {
		return xmlTokens(r, func(tok xml.Token) (bool, error) {
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" &&
				!strings.EqualFold(attr(se, "TargetMode"), "External") {
				targets[attr(se, "Id")] = attr(se, "Target")
			}
			return false, nil
		})
	})
	if err != nil && !errors.Is(err, errNoPart) {
		return "", unreadable("xl/_rels/workbook.xml.rels", err)
	}
	// Visible sheets first, then hidden ones.
	visible := func(s sheet) bool { return s.state == "" || s.state == "visible" }
	sort.SliceStable(sheets, func(i, j int) bool {
		return visible(sheets[i]) && !visible(sheets[j])
	})
	for _, s := range sheets {
		t, ok := targets[s.rid]
		if !ok || t == "" {
			continue
		}
		var name string
		if strings.HasPrefix(t, "/") {
			name = path.Clean(t[1:])
		} else {
			name = path.Join("xl", t)
		}
		if wb.files[strings.ToLower(name)] != nil {
			return name, nil
		}
	}
	if wb.files["xl/worksheets/sheet1.xml"] != nil {
		return "xl/worksheets/sheet1.xml", nil
	}
	var names []string
	for n := range wb.files {
		if strings.HasPrefix(n, "xl/worksheets/") && strings.HasSuffix(n, ".xml") &&
			!strings.Contains(n[len("xl/worksheets/"):], "/") {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "", fail(ErrUnreadable, "zip archive without a worksheet (not an XLSX file)")
	}
	sort.Strings(names)
	return names[0], nil
}

// readSharedStrings reads the shared string table: the text of every <si>,
// rich text runs concatenated, phonetic hints (<rPh>) left out.
func (wb *workbook) readSharedStrings(r io.Reader) error {
	var b strings.Builder
	inSI, inT, rph := false, false, 0
	return xmlTokens(r, func(tok xml.Token) (bool, error) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				b.Reset()
			case "rPh":
				rph++
			case "t":
				inT = inSI && rph == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				wb.sst = append(wb.sst, unescapeOOXML(b.String()))
				inSI = false
			case "rPh":
				rph--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT && b.Len() < maxSharedString {
				b.Write(t)
			}
		}
		return false, nil
	})
}

// readSheet streams a worksheet and returns its non-empty rows.
func (wb *workbook) readSheet(r io.Reader) ([]record, error) {
	var (
		recs           []record
		cur            []cell
		line           int // Excel row number of the current/last row
		inRow          bool
		col, nextCol   int
		typ            string
		v, is          strings.Builder
		inV, inIS, inT bool
		rph            int
	)
	endRow := func() error {
		n := len(cur)
		for n > 0 && cur[n-1].v == "" {
			n--
		}
		if n > 0 {
			recs = append(recs, record{line: line, cells: cur[:n:n]})
			if len(recs) > MaxRows+1 {
				return fail(ErrTooManyRows, "more than %d data rows", MaxRows)
			}
		}
		cur = nil
		return nil
	}
	err := xmlTokens(r, func(tok xml.Token) (bool, error) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				if inRow {
					if err := endRow(); err != nil {
						return true, err
					}
				}
				inRow, nextCol = true, 0
				n, err := strconv.Atoi(attr(t, "r"))
				if err != nil || n <= line || n > maxExcelRow {
					n = line + 1
				}
				line = n
			case "c":
				col = nextCol
				if c, ok := columnOf(attr(t, "r")); ok {
					col = c
				}
				nextCol = col + 1
				typ = attr(t, "t")
				v.Reset()
				is.Reset()
			case "v":
				inV = true
			case "is":
				inIS = true
			case "rPh":
				rph++
			case "t":
				inT = inIS && rph == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "is":
				inIS = false
			case "rPh":
				rph--
			case "t":
				inT = false
			case "c":
				if !inRow || col >= maxColumns {
					break
				}
				c := wb.cellValue(typ, v.String(), is.String())
				if c.v == "" {
					break
				}
				for len(cur) <= col {
					cur = append(cur, cell{})
				}
				cur[col] = c
			case "row":
				if inRow {
					inRow = false
					if err := endRow(); err != nil {
						return true, err
					}
				}
			case "sheetData":
				return true, nil
			}
		case xml.CharData:
			switch {
			case inV && v.Len() < maxSharedString:
				v.Write(t)
			case inT && is.Len() < maxSharedString:
				is.Write(t)
			}
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if inRow {
		if err := endRow(); err != nil {
			return nil, err
		}
	}
	return recs, nil
}

// cellValue converts a cell of type typ with <v> text v and inline string
// text is.
func (wb *workbook) cellValue(typ, v, is string) cell {
	v = strings.TrimSpace(v)
	switch typ {
	case "s":
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(wb.sst) {
			return cell{}
		}
		return cell{v: strings.TrimSpace(wb.sst[i])}
	case "inlineStr":
		if is == "" {
			is = v
		}
		return cell{v: strings.TrimSpace(unescapeOOXML(is))}
	case "str", "e", "d":
		return cell{v: strings.TrimSpace(unescapeOOXML(v))}
	case "b":
		switch v {
		case "1":
			return cell{v: "TRUE"}
		case "0":
			return cell{v: "FALSE"}
		}
		return cell{v: v}
	}
	// "n" or no type: a number, always with "." as the decimal separator.
	if _, err := strconv.ParseFloat(v, 64); err != nil {
		return cell{v: v}
	}
	return cell{v: v, num: true}
}

// columnOf returns the 0-based column of a cell reference like "C7".
func columnOf(ref string) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > 16384 {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	return col - 1, true
}

// unescapeOOXML decodes the _xHHHH_ escapes OOXML uses for characters XML
// cannot carry (e.g. "_x000D_" for a carriage return).
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(n))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
