package portal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/pricing"
)

var (
	skuRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._/-]{0,39}$`)
	eanRe = regexp.MustCompile(`^([0-9]{8}|[0-9]{12,14})$`)
)

type apiTexts struct {
	PL string `json:"pl"`
	RU string `json:"ru"`
	FI string `json:"fi"`
}

type apiProduct struct {
	EAN         string   `json:"ean"`
	Category    string   `json:"category"`
	Unit        string   `json:"unit"`
	PackSize    int      `json:"pack_size"`
	MinOrderQty int      `json:"min_order_qty"`
	VATClass    string   `json:"vat_class"`
	Name        apiTexts `json:"name"`
	Description apiTexts `json:"description"`
	Active      *bool    `json:"active"`
	Substitutes []string `json:"substitutes"`
}

func (s *Server) apiPutProduct(c *apiCall) (int, any) {
	sku := strings.ToUpper(c.r.PathValue("sku"))
	var in apiProduct
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	if !skuRe.MatchString(sku) {
		f.add("sku", "invalid", "api_field_sku")
	}
	if in.EAN != "" && !eanRe.MatchString(in.EAN) {
		f.add("ean", "invalid", "api_field_ean")
	}
	switch in.Unit {
	case "pcs", "m", "set", "pack", "kg":
	case "":
		in.Unit = "pcs"
	default:
		f.add("unit", "invalid", "api_field_one_of", "Values", "pcs, m, set, pack, kg")
	}
	if in.PackSize == 0 {
		in.PackSize = 1
	}
	if in.MinOrderQty == 0 {
		in.MinOrderQty = in.PackSize
	}
	if in.PackSize < 1 || in.PackSize > 100000 {
		f.add("pack_size", "out_of_range", "api_field_range", "Min", 1, "Max", 100000)
	} else if in.MinOrderQty < 1 || in.MinOrderQty%in.PackSize != 0 {
		f.add("min_order_qty", "not_pack_multiple", "api_field_pack_multiple")
	}
	switch in.VATClass {
	case "standard", "reduced", "zero":
	case "":
		in.VATClass = "standard"
	default:
		f.add("vat_class", "invalid", "api_field_one_of", "Values", "standard, reduced, zero")
	}
	if in.Name.PL == "" && in.Name.RU == "" && in.Name.FI == "" {
		f.add("name", "required", "api_field_name_required")
	}
	for i, sub := range in.Substitutes {
		if !skuRe.MatchString(strings.ToUpper(sub)) {
			f.add(fmt.Sprintf("substitutes[%d]", i), "invalid", "api_field_sku")
		}
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	active := in.Active == nil || *in.Active
	var id int64
	err := domain.RunInTx(c.ctx(), s.db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		id, err = catalog.UpsertProduct(ctx, tx, catalog.ProductUpdate{SKU: sku, EAN: in.EAN, CategoryCode: in.Category,
			Unit: in.Unit, PackSize: in.PackSize, MinOrderQty: in.MinOrderQty, VATClass: in.VATClass,
			Name:        domain.Texts{PL: in.Name.PL, RU: in.Name.RU, FI: in.Name.FI},
			Description: domain.Texts{PL: in.Description.PL, RU: in.Description.RU, FI: in.Description.FI},
			Active:      active, Substitutes: in.Substitutes})
		return err
	})
	switch {
	case errors.Is(err, domain.ErrNoRows):
		f.add("category", "unknown", "api_field_unknown_category")
		return f.answer()
	case domain.IsUniqueViolation(err, "products_ean_key"):
		f.add("ean", "taken", "api_field_ean_taken")
		return f.answer()
	case err != nil:
		return 0, err
	}
	s.events.Wake()
	return http.StatusOK, map[string]any{"sku": sku, "id": id}
}

type apiStockLevel struct {
	SKU       string  `json:"sku"`
	Warehouse string  `json:"warehouse"`
	OnHand    *int    `json:"on_hand"`
	RestockOn *string `json:"restock_on"`
}

func (s *Server) apiPutStock(c *apiCall) (int, any) {
	var in struct {
		Levels []apiStockLevel `json:"levels"`
	}
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	if len(in.Levels) == 0 || len(in.Levels) > 10000 {
		f.add("levels", "count", "api_field_count", "Min", 1, "Max", 10000)
	}
	levels := make([]catalog.StockLevel, 0, len(in.Levels))
	for i, l := range in.Levels {
		p := fmt.Sprintf("levels[%d]", i)
		lvl := catalog.StockLevel{SKU: strings.ToUpper(l.SKU), Warehouse: l.Warehouse}
		if !skuRe.MatchString(lvl.SKU) {
			f.add(p+".sku", "invalid", "api_field_sku")
		}
		if l.Warehouse == "" {
			f.add(p+".warehouse", "required", "api_field_required")
		}
		if l.OnHand == nil || *l.OnHand < 0 {
			f.add(p+".on_hand", "out_of_range", "api_field_range", "Min", 0, "Max", 1_000_000_000)
		} else {
			lvl.OnHand = *l.OnHand
		}
		if l.RestockOn != nil && *l.RestockOn != "" {
			d, err := time.Parse(time.DateOnly, *l.RestockOn)
			if err != nil {
				f.add(p+".restock_on", "invalid", "api_field_date")
			}
			lvl.RestockOn = &d
		}
		levels = append(levels, lvl)
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	err := domain.RunInTx(c.ctx(), s.db, func(ctx context.Context, tx bun.Tx) error { return catalog.SetStock(ctx, tx, levels) })
	var below *catalog.ErrReservedAboveStock
	switch {
	case errors.As(err, &below):
		f.add("levels", "below_reserved", "api_field_below_reserved", "SKU", below.SKU, "Warehouse", below.Warehouse, "Reserved", below.Reserved)
		return f.answer()
	case errors.Is(err, domain.ErrNoRows):
		f.add("levels", "unknown", "api_field_unknown_sku_or_warehouse")
		return f.answer()
	case err != nil:
		return 0, err
	}
	s.events.Wake()
	return http.StatusOK, map[string]any{"updated": len(levels)}
}

type apiPrices struct {
	List []struct {
		SKU       string `json:"sku"`
		Currency  string `json:"currency"`
		UnitPrice *int64 `json:"unit_price"`
	} `json:"list"`
	Group []struct {
		Group     string `json:"group"`
		SKU       string `json:"sku"`
		Currency  string `json:"currency"`
		UnitPrice *int64 `json:"unit_price"`
	} `json:"group"`
	Company []struct {
		Country   string `json:"country"`
		TaxID     string `json:"tax_id"`
		SKU       string `json:"sku"`
		UnitPrice *int64 `json:"unit_price"`
	} `json:"company"`
	Breaks []struct {
		SKU    string `json:"sku"`
		Group  string `json:"group"`
		Breaks []struct {
			MinQty     int `json:"min_qty"`
			DiscountBP int `json:"discount_bp"`
		} `json:"breaks"`
	} `json:"breaks"`
}

func (s *Server) apiPutPrices(c *apiCall) (int, any) {
	var in apiPrices
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	var u pricing.PriceUpdate
	price := func(path string, p *int64) int64 {
		if p == nil || *p < 0 || *p > 1_000_000_000_00 {
			f.add(path, "out_of_range", "api_field_range", "Min", 0, "Max", "100000000000")
			return 0
		}
		return *p
	}
	currency := func(path, cur string) domain.Currency {
		if !domain.Currency(cur).Valid() {
			f.add(path, "invalid", "api_field_one_of", "Values", "PLN, EUR, RUB")
		}
		return domain.Currency(cur)
	}
	for i, p := range in.List {
		path := fmt.Sprintf("list[%d]", i)
		u.List = append(u.List, pricing.ListPrice{SKU: p.SKU, Currency: currency(path+".currency", p.Currency), UnitPrice: price(path+".unit_price", p.UnitPrice)})
	}
	for i, p := range in.Group {
		path := fmt.Sprintf("group[%d]", i)
		u.Group = append(u.Group, pricing.GroupPrice{Group: p.Group, SKU: p.SKU, Currency: currency(path+".currency", p.Currency),
			UnitPrice: price(path+".unit_price", p.UnitPrice)})
	}
	for i, p := range in.Company {
		path := fmt.Sprintf("company[%d]", i)
		id, ok := s.apiCompanyID(c, f, path, p.Country, p.TaxID)
		if ok {
			u.Company = append(u.Company, pricing.CompanyPrice{CompanyID: id, SKU: p.SKU, UnitPrice: price(path+".unit_price", p.UnitPrice)})
		}
	}
	for i, b := range in.Breaks {
		path := fmt.Sprintf("breaks[%d]", i)
		set := pricing.BreakSet{SKU: b.SKU, Group: b.Group}
		for j, br := range b.Breaks {
			if br.MinQty < 2 || br.DiscountBP < 1 || br.DiscountBP > 9000 {
				f.add(fmt.Sprintf("%s.breaks[%d]", path, j), "out_of_range", "api_field_break")
			}
			set.Breaks = append(set.Breaks, pricing.Break{MinQty: br.MinQty, DiscountBP: br.DiscountBP})
		}
		u.Breaks = append(u.Breaks, set)
	}
	if len(u.List)+len(u.Group)+len(u.Company)+len(u.Breaks) == 0 {
		f.add("", "empty", "api_field_empty")
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	err := domain.RunInTx(c.ctx(), s.db, func(ctx context.Context, tx bun.Tx) error { return pricing.Apply(ctx, tx, u) })
	switch {
	case errors.Is(err, domain.ErrNoRows):
		f.add("", "unknown", "api_field_unknown_sku_or_group")
		return f.answer()
	case domain.IsUniqueViolation(err, ""):
		f.add("breaks", "duplicate", "api_field_break_duplicate")
		return f.answer()
	case err != nil:
		return 0, err
	}
	s.events.Wake()
	return http.StatusOK, map[string]any{"list": len(u.List), "group": len(u.Group), "company": len(u.Company), "breaks": len(u.Breaks)}
}
