package portal

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/order"
)

type apiOrderLine struct {
	LineNo    int    `json:"line_no"`
	SKU       string `json:"sku"`
	Name      string `json:"name"`
	Qty       int    `json:"qty"`
	UnitPrice int64  `json:"unit_price"`
	// UnitPriceX100 is the unit price in hundredths of the minor unit:
	// four decimals for prices under 1.00, which whole cents would round.
	UnitPriceX100 int64 `json:"unit_price_x100"`
	VATRateBP     int   `json:"vat_rate_bp"`
	Net           int64 `json:"net"`
}

type apiOrder struct {
	ID              int64          `json:"id"`
	Number          int64          `json:"number"`
	CompanyCountry  string         `json:"company_country"`
	CompanyTaxID    string         `json:"company_tax_id"`
	Channel         string         `json:"channel"`
	Status          string         `json:"status"`
	Currency        string         `json:"currency"`
	PONumber        string         `json:"po_number"`
	DeliveryAddress string         `json:"delivery_address"`
	RequestedOn     *string        `json:"requested_on"`
	NetGoods        int64          `json:"net_goods"`
	Discount        int64          `json:"discount"`
	PointsDiscount  int64          `json:"points_discount"`
	PointsRedeemed  int            `json:"points_redeemed"`
	DeliveryFee     int64          `json:"delivery_fee"`
	Net             int64          `json:"net"`
	VAT             int64          `json:"vat"`
	Gross           int64          `json:"gross"`
	Priority        bool           `json:"priority"`
	CreatedAt       time.Time      `json:"created_at"`
	Lines           []apiOrderLine `json:"lines"`
}

// apiOrderFeed returns orders the ERP has not acknowledged, oldest first,
// after the id given (a cursor: the last id of the previous page).
func (s *Server) apiOrderFeed(c *apiCall) (int, any) {
	q := c.r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	limit, err := strconv.Atoi(q.Get("limit"))
	switch {
	case err != nil || limit <= 0:
		limit = 100
	case limit > 500:
		limit = 500
	}
	feed, err := order.Feed(c.ctx(), s.db, after, limit)
	if err != nil {
		return 0, err
	}
	out := make([]apiOrder, 0, len(feed))
	next := after
	for _, f := range feed {
		o := f.Order
		a := apiOrder{ID: o.ID, Number: o.Number, CompanyCountry: f.Country, CompanyTaxID: f.TaxID, Channel: o.Channel,
			Status: o.Status, Currency: string(o.Currency), PONumber: o.PONumber, DeliveryAddress: o.DeliveryAddress,
			NetGoods: o.NetGoods, Discount: o.Discount, PointsDiscount: o.PointsDiscount, PointsRedeemed: o.PointsRedeemed, DeliveryFee: o.DeliveryFee, Net: o.NetTotal, VAT: o.VATTotal,
			Gross: o.GrossTotal, Priority: o.Priority, CreatedAt: o.CreatedAt}
		if o.RequestedOn != nil {
			d := o.RequestedOn.Format(time.DateOnly)
			a.RequestedOn = &d
		}
		for _, l := range o.Lines {
			a.Lines = append(a.Lines, apiOrderLine{LineNo: l.LineNo, SKU: l.SKU, Name: l.Name, Qty: l.Qty, UnitPrice: l.UnitPrice,
				UnitPriceX100: l.UnitPriceX(), VATRateBP: l.VATRateBP, Net: l.NetAmount})
		}
		out = append(out, a)
		next = o.ID
	}
	return http.StatusOK, map[string]any{"orders": out, "next_after": next}
}

func (s *Server) apiOrderByNumber(c *apiCall) (*order.Order, *apiError) {
	number, err := strconv.ParseInt(c.r.PathValue("number"), 10, 64)
	if err != nil {
		e := c.fail("not_found", "api_error_not_found")
		return nil, &e
	}
	o, err := order.ByNumber(c.ctx(), s.db, number)
	if errors.Is(err, order.ErrNotFound) {
		e := c.fail("not_found", "api_error_not_found")
		return nil, &e
	}
	if err != nil {
		slog.Error("api: order lookup", "err", err)
		e := c.fail("unavailable", "api_error_unavailable")
		return nil, &e
	}
	return o, nil
}

func (s *Server) apiAckOrder(c *apiCall) (int, any) {
	o, e := s.apiOrderByNumber(c)
	if e != nil {
		return e.status(), e
	}
	var in struct {
		ERPRef string `json:"erp_ref"`
	}
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	if in.ERPRef = strings.TrimSpace(in.ERPRef); in.ERPRef == "" {
		f.add("erp_ref", "required", "api_field_required")
		return f.answer()
	} else if len(in.ERPRef) > 64 {
		f.add("erp_ref", "too_long", "api_field_too_long", "Max", 64)
		return f.answer()
	}
	err := order.Acknowledge(c.ctx(), s.db, o.ID, in.ERPRef)
	switch {
	case errors.Is(err, order.ErrAcknowledgedOtherwise):
		f.add("erp_ref", "already_acknowledged", "api_field_already_acknowledged")
		_, v := f.answer()
		return http.StatusConflict, v
	case domain.IsUniqueViolation(err, ""):
		f.add("erp_ref", "taken", "api_field_erp_ref_taken")
		return f.answer()
	case err != nil:
		return 0, err
	}
	return http.StatusOK, map[string]any{"number": o.Number, "erp_ref": in.ERPRef}
}

func (s *Server) apiOrderStatus(c *apiCall) (int, any) {
	o, e := s.apiOrderByNumber(c)
	if e != nil {
		return e.status(), e
	}
	var in struct {
		Status     string `json:"status"`
		Note       string `json:"note"`
		ExpectedOn string `json:"expected_on"`
	}
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	valid := false
	for _, st := range order.Statuses {
		valid = valid || st == in.Status
	}
	if !valid {
		f.add("status", "invalid", "api_field_one_of", "Values", strings.Join(order.Statuses, ", "))
	}
	var expected *time.Time
	if in.ExpectedOn != "" {
		d, err := time.Parse(time.DateOnly, in.ExpectedOn)
		if err != nil {
			f.add("expected_on", "invalid", "api_field_date")
		}
		expected = &d
	}
	if len(in.Note) > 500 {
		f.add("note", "too_long", "api_field_too_long", "Max", 500)
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	updated, err := s.orders.ChangeStatus(c.ctx(), order.StatusRequest{OrderID: o.ID, Status: in.Status, Note: in.Note, Source: "erp",
		ExpectedOn: expected})
	if errors.Is(err, order.ErrTransition) {
		e := c.fail("invalid_transition", "api_field_transition", "From", o.Status, "To", in.Status)
		return http.StatusConflict, e
	}
	if err != nil {
		return 0, err
	}
	return http.StatusOK, map[string]any{"number": updated.Number, "status": updated.Status}
}

func (s *Server) apiPutShipment(c *apiCall) (int, any) {
	o, e := s.apiOrderByNumber(c)
	if e != nil {
		return e.status(), e
	}
	var in struct {
		Carrier        string         `json:"carrier"`
		TrackingNumber string         `json:"tracking_number"`
		TrackingURL    string         `json:"tracking_url"`
		ShippedAt      *time.Time     `json:"shipped_at"`
		DeliveredAt    *time.Time     `json:"delivered_at"`
		Lines          map[string]int `json:"lines"`
	}
	if e := c.decode(&in); e != nil {
		return http.StatusBadRequest, e
	}
	f := &fields{c: c}
	ref := c.r.PathValue("ref")
	if ref == "" || len(ref) > 64 {
		f.add("ref", "invalid", "api_field_required")
	}
	if in.Carrier == "" || len(in.Carrier) > 100 {
		f.add("carrier", "required", "api_field_required")
	}
	if in.TrackingURL != "" && !strings.HasPrefix(in.TrackingURL, "https://") && !strings.HasPrefix(in.TrackingURL, "http://") {
		f.add("tracking_url", "invalid", "api_field_url")
	}
	if in.DeliveredAt != nil && in.ShippedAt != nil && in.DeliveredAt.Before(*in.ShippedAt) {
		f.add("delivered_at", "before_shipped", "api_field_delivered_before_shipped")
	}
	for sku, q := range in.Lines {
		if q <= 0 {
			f.add("lines."+sku, "out_of_range", "api_field_range", "Min", 1, "Max", 1000000)
		}
	}
	if len(f.list) > 0 {
		return f.answer()
	}
	err := domain.RunInTx(c.ctx(), s.db, func(ctx context.Context, tx bun.Tx) error {
		return order.UpsertShipment(ctx, tx, order.ShipmentUpdate{OrderID: o.ID, Ref: ref, Carrier: in.Carrier,
			TrackingNumber: in.TrackingNumber, TrackingURL: in.TrackingURL, ShippedAt: in.ShippedAt, DeliveredAt: in.DeliveredAt,
			Lines: in.Lines})
	})
	switch {
	case errors.Is(err, order.ErrShipmentOtherOrder):
		f.add("ref", "taken", "api_field_erp_ref_taken")
		return f.answer()
	case errors.Is(err, order.ErrDeliveredBeforeShipped):
		f.add("delivered_at", "before_shipped", "api_field_delivered_before_shipped")
		return f.answer()
	case errors.Is(err, order.ErrNotFound):
		f.add("lines", "unknown", "api_field_sku_not_in_order")
		return f.answer()
	case err != nil:
		return 0, err
	}
	s.events.Wake()
	return http.StatusOK, map[string]any{"number": o.Number, "ref": ref}
}
