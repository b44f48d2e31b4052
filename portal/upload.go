package portal

import (
	"errors"
	"io"
	"net/http"

	"partnerdesk/domain/catalog"
	"partnerdesk/domain/orderfile"
	"partnerdesk/locales"
)

// reportLine is one line of an upload report.
type reportLine struct {
	orderfile.Row
	Product    *catalog.Product
	Name       string
	Problem    string // message id, "" when the line can be added
	Args       map[string]any
	Substitute *catalog.Product
	SubName    string
	OK         bool
}

func (s *Server) showUploadPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "upload", map[string]any{"Nav": "quick"})
}

// uploadOrderFile parses an order file and shows a line-by-line report. It
// adds nothing: the report's confirm button does (addManyToCart).
func (s *Server) uploadOrderFile(w http.ResponseWriter, r *http.Request) {
	rc := reqCtx(r)
	r.Body = http.MaxBytesReader(w, r.Body, orderfile.MaxBytes+64<<10)
	fail := func(status int, msg string) {
		s.render(w, r, status, "upload", map[string]any{"Nav": "quick", "Error": rc.loc.T(msg)})
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, "orderfile_too_large")
			return
		}
		fail(http.StatusBadRequest, "upload_choose_file")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, orderfile.MaxBytes+1))
	if err != nil {
		fail(http.StatusBadRequest, "orderfile_unreadable")
		return
	}
	res, err := orderfile.Parse(data)
	if err != nil {
		var fe *orderfile.Error
		if errors.As(err, &fe) {
			fail(http.StatusUnprocessableEntity, fe.Key())
			return
		}
		fail(http.StatusUnprocessableEntity, "orderfile_unreadable")
		return
	}
	lines, err := s.reportLines(r, res.Rows)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ok := 0
	for _, l := range lines {
		if l.OK {
			ok++
		}
	}
	s.render(w, r, http.StatusOK, "upload_report", map[string]any{"Nav": "quick", "Result": res, "Lines": lines, "OKCount": ok,
		"BadCount": len(lines) - ok})
}

// reportLines checks each row against the catalog: unknown SKU, below the
// minimum, not a pack multiple, out of stock (with a substitute offered).
func (s *Server) reportLines(r *http.Request, rows []orderfile.Row) ([]reportLine, error) {
	ctx := r.Context()
	rc := reqCtx(r)
	codes := make([]string, len(rows))
	for i, row := range rows {
		codes[i] = row.SKU
	}
	products, err := catalog.ProductsByCode(ctx, s.dbFor(r), codes)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, p := range products {
		ids = append(ids, p.ID)
	}
	avail, err := catalog.AvailabilityOf(ctx, s.dbFor(r), ids)
	if err != nil {
		return nil, err
	}
	// Quantities per product over the whole file, for the stock check.
	wanted := map[int64]int{}
	for _, row := range rows {
		if p := products[row.SKU]; p != nil && row.Problem == "" {
			wanted[p.ID] += row.Qty
		}
	}
	out := make([]reportLine, len(rows))
	for i, row := range rows {
		l := reportLine{Row: row}
		p := products[row.SKU]
		if p != nil {
			l.Product, l.Name = p, p.Name(rc.loc.Lang)
		}
		switch {
		case row.Problem != "":
			l.Problem = "problem_" + row.Problem
		case p == nil || !p.Active:
			l.Problem = "problem_unknown"
		case p.QtyProblem(row.Qty) != "":
			l.Problem = "problem_" + p.QtyProblem(row.Qty)
			l.Args = map[string]any{"Min": locales.FormatInt(int64(p.MinOrderQty)), "Pack": locales.FormatInt(int64(p.PackSize))}
		case avail[p.ID].Available < wanted[p.ID]:
			l.Problem = "problem_out_of_stock"
			l.Args = map[string]any{"Available": locales.FormatInt(int64(max(avail[p.ID].Available, 0)))}
			subs, err := catalog.Substitutes(ctx, s.dbFor(r), p.ID)
			if err != nil {
				return nil, err
			}
			subAvail, err := catalog.AvailabilityOf(ctx, s.dbFor(r), productIDs(subs))
			if err != nil {
				return nil, err
			}
			for _, sub := range subs {
				if subAvail[sub.ID].Available >= row.Qty && sub.QtyProblem(row.Qty) == "" {
					l.Substitute, l.SubName = sub, sub.Name(rc.loc.Lang)
					break
				}
			}
		}
		l.OK = l.Problem == ""
		out[i] = l
	}
	return out, nil
}

func productIDs(ps []*catalog.Product) []int64 {
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}
