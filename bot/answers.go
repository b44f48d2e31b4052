package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"partnerdesk/domain/catalog"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/notify"
	"partnerdesk/domain/order"
	"partnerdesk/domain/pricing"
	"partnerdesk/locales"
)

const stockMatches = 3

// stock answers "do you have X": the best matches with the name in the
// user's language, own price, stock state, restock date and a substitute.
func (t *turn) stock(query string) ([]Reply, error) {
	if strings.TrimSpace(query) == "" {
		return []Reply{{Text: t.loc.T("bot_stock_what")}}, nil
	}
	res, err := catalog.Search(t.ctx, t.tx, catalog.SearchQuery{Text: query, Lang: t.conv.Language, Limit: stockMatches})
	if err != nil {
		return nil, err
	}
	if len(res.Products) == 0 {
		return []Reply{{Text: t.loc.T("bot_stock_none", map[string]any{"Query": query}), Buttons: []chat.Button{t.humanButton()}}}, nil
	}
	cust, err := pricing.CustomerOf(t.ctx, t.tx, t.comp.ID)
	if err != nil {
		return nil, err
	}
	items := make([]pricing.Item, len(res.Products))
	ids := make([]int64, len(res.Products))
	for i, p := range res.Products {
		items[i] = pricing.Item{ProductID: p.ID, Qty: p.MinOrderQty}
		ids[i] = p.ID
	}
	quotes, err := pricing.UnitPrices(t.ctx, t.tx, cust, items)
	if err != nil {
		return nil, err
	}
	avail, err := catalog.AvailabilityOf(t.ctx, t.tx, ids)
	if err != nil {
		return nil, err
	}
	var lines []string
	var buttons []chat.Button
	for _, p := range res.Products {
		a := avail[p.ID]
		line := fmt.Sprintf("• %s (%s)", p.Name(t.conv.Language), p.SKU)
		if q := quotes[p.ID]; q.Priced {
			line += " — " + t.loc.T("bot_price_per_unit", map[string]any{
				"Price": locales.FormatUnitPrice(q.UnitPriceX, t.comp.Currency), "Unit": t.loc.T("unit_" + p.Unit)})
		}
		state := catalog.StockState(a.Available, p.MinOrderQty)
		line += "\n  " + t.loc.T("stock_"+state)
		if state != catalog.StockOut {
			line += " " + t.loc.T("bot_stock_available", map[string]any{"Qty": locales.FormatInt(int64(a.Available)), "Unit": t.loc.T("unit_" + p.Unit)})
		} else {
			if a.RestockOn != nil {
				line += ", " + t.loc.T("stock_restock", map[string]any{"Date": locales.FormatDate(*a.RestockOn)})
			}
			sub, err := t.substituteInStock(p.ID)
			if err != nil {
				return nil, err
			}
			if sub != nil {
				line += "\n  " + t.loc.T("bot_stock_substitute", map[string]any{"Name": sub.Name(t.conv.Language), "SKU": sub.SKU})
			}
			// Telling when it is back is offered, not done unasked: a
			// question about "lamps" is no wish to hear of each one.
			buttons = append(buttons, chat.Button{Label: t.loc.T("bot_button_notify_back", map[string]any{"SKU": p.SKU}),
				Data: dataNotifyPfx + strconv.FormatInt(p.ID, 10)})
		}
		lines = append(lines, line)
	}
	head := t.loc.TN("bot_stock_found", len(res.Products))
	return []Reply{{Text: head + "\n" + strings.Join(lines, "\n"), Buttons: buttons}}, nil
}

// substituteInStock is the first of a product's substitutes that can be
// ordered now, or nil: a substitute as short as the product helps no one.
func (t *turn) substituteInStock(productID int64) (*catalog.Product, error) {
	subs, err := catalog.Substitutes(t.ctx, t.tx, productID)
	if err != nil || len(subs) == 0 {
		return nil, err
	}
	ids := make([]int64, len(subs))
	for i, s := range subs {
		ids[i] = s.ID
	}
	avail, err := catalog.AvailabilityOf(t.ctx, t.tx, ids)
	if err != nil {
		return nil, err
	}
	for _, s := range subs {
		if catalog.StockState(avail[s.ID].Available, s.MinOrderQty) != catalog.StockOut {
			return s, nil
		}
	}
	return nil, nil
}

// notifyBack subscribes the customer to a product's return to stock, after
// they pressed the offer's button (data "bis:<product id>").
func (t *turn) notifyBack(data string) ([]Reply, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(data, dataNotifyPfx), 10, 64)
	if err != nil {
		return t.help(), nil
	}
	ps, err := catalog.ProductsByID(t.ctx, t.tx, []int64{id})
	if err != nil {
		return nil, err
	}
	p := ps[id]
	if p == nil || !p.Active {
		return t.help(), nil
	}
	if err := notify.Subscribe(t.ctx, t.tx, t.user.ID, p.ID, notify.SourceBot); err != nil {
		return nil, err
	}
	return []Reply{{Text: t.loc.T("bot_stock_subscribed", map[string]any{"Name": p.Name(t.conv.Language)})}}, nil
}

// openOrders lists the company's orders still on their way.
func (t *turn) openOrders() ([]Reply, error) {
	os, total, err := order.List(t.ctx, t.tx, t.comp.ID, order.Filter{Status: "open", Limit: 5})
	if err != nil {
		return nil, err
	}
	if total == 0 {
		return []Reply{{Text: t.loc.T("bot_no_open_orders")}}, nil
	}
	var lines []string
	var buttons []chat.Button
	for _, o := range os {
		line := fmt.Sprintf("• %d — %s", o.Number, t.loc.T("status_"+o.Status))
		if o.ExpectedOn != nil {
			line += " · " + t.loc.T("order_expected", map[string]any{"Date": locales.FormatDate(*o.ExpectedOn)})
		}
		lines = append(lines, line)
		buttons = append(buttons, chat.Button{Label: fmt.Sprint(o.Number), Data: fmt.Sprintf("%s%d", dataOrderPfx, o.Number)})
	}
	return []Reply{{Text: t.loc.TN("bot_open_orders", total) + "\n" + strings.Join(lines, "\n"), Buttons: buttons}}, nil
}

// orderStatus tells one order's status, timeline and tracking; only the
// user's company's orders exist here.
func (t *turn) orderStatus(number int64) ([]Reply, error) {
	o, err := order.Get(t.ctx, t.tx, t.comp.ID, number)
	if errors.Is(err, order.ErrNotFound) {
		return []Reply{{Text: t.loc.T("bot_order_unknown", map[string]any{"Number": number}), Buttons: []chat.Button{{Label: t.loc.T("bot_button_orders"), Data: dataOrders}}}}, nil
	}
	if err != nil {
		return nil, err
	}
	history, err := order.Timeline(t.ctx, t.tx, o.ID)
	if err != nil {
		return nil, err
	}
	shipments, err := order.Shipments(t.ctx, t.tx, o.ID)
	if err != nil {
		return nil, err
	}
	lines := []string{t.loc.T("bot_order_head", map[string]any{"Number": o.Number, "Status": t.loc.T("status_" + o.Status),
		"Gross": locales.FormatMoney(o.GrossTotal, o.Currency)})}
	for _, h := range history {
		lines = append(lines, fmt.Sprintf("• %s — %s", t.loc.T("status_"+h.Status), locales.FormatDateTime(t.local(h.At))))
	}
	if o.ExpectedOn != nil && o.Open() {
		lines = append(lines, t.loc.T("order_expected", map[string]any{"Date": locales.FormatDate(*o.ExpectedOn)}))
	}
	for _, s := range shipments {
		line := t.loc.T("bot_order_tracking", map[string]any{"Carrier": s.Carrier, "Tracking": s.TrackingNumber})
		if s.TrackingURL != "" {
			line += "\n" + s.TrackingURL
		}
		lines = append(lines, line)
	}
	return []Reply{{Text: strings.Join(lines, "\n")}}, nil
}
