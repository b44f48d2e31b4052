package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"partnerdesk/domain/cart"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/chat"
	"partnerdesk/domain/credit"
	"partnerdesk/domain/order"
	"partnerdesk/locales"
)

// Reorder: the last order or the favourites → a summary priced exactly as
// the cart would price it → Confirm / Change in the cart / Cancel → placed
// through order.Place with a key made for this summary, so a double tap
// places one order.
const (
	stateReorder  = "reorder"
	dataReorderOK = "ro:ok"
	dataReorderCh = "ro:cart"
	dataReorderNo = "ro:no"
	// Change quantities: the lines are listed with numbers and the customer
	// answers "2 10" (line 2 to 10 units; 0 removes it).
	stateReorderQty = "reorder_qty"
	dataReorderQty  = "ro:qty"
)

type reorderState struct {
	Items []cart.Item `json:"items"`
	Key   string      `json:"key"`
}

func (t *turn) reorderSummary(favourites bool) ([]Reply, error) {
	if !t.user.CanOrder() {
		return []Reply{{Text: t.loc.T("bot_no_order_access")}}, nil
	}
	var items []cart.Item
	if favourites {
		favs, err := catalog.Favourites(t.ctx, t.tx, t.comp.ID)
		if err != nil {
			return nil, err
		}
		for _, f := range favs {
			items = append(items, cart.Item{ProductID: f.ProductID, Qty: f.DefaultQty})
		}
	} else {
		last, _, err := order.List(t.ctx, t.tx, t.comp.ID, order.Filter{Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(last) > 0 {
			o, err := order.Get(t.ctx, t.tx, t.comp.ID, last[0].Number)
			if err != nil {
				return nil, err
			}
			for _, l := range o.Lines {
				items = append(items, cart.Item{ProductID: l.ProductID, Qty: l.Qty, SeenPrice: l.UnitPrice})
			}
		}
	}
	return t.reorderOf(items)
}

// reorderOf prices items as the cart would and offers them for confirmation.
func (t *turn) reorderOf(items []cart.Item) ([]Reply, error) {
	if len(items) == 0 {
		return []Reply{{Text: t.loc.T("bot_reorder_nothing")}}, nil
	}
	v, err := cart.Price(t.ctx, t.tx, t.comp, items, t.e.Credit, t.today())
	if err != nil {
		return nil, err
	}
	cur := t.comp.Currency
	var lines []string
	var ok []cart.Item
	for _, l := range v.Lines {
		line := fmt.Sprintf("• %s × %s — %s", locales.FormatInt(int64(l.Qty)), l.Product.Name(t.conv.Language), locales.FormatMoney(l.Quote.Net(), cur))
		if l.Problem != "" {
			line += " — " + t.loc.T("cart_problem_"+l.Problem, map[string]any{"Min": locales.FormatInt(int64(l.Product.MinOrderQty)), "Pack": locales.FormatInt(int64(l.Product.PackSize)),
				"Available": locales.FormatInt(int64(l.Available))})
			lines = append(lines, line)
			continue
		}
		if l.PriceChanged {
			line += " " + t.loc.T("cart_was", map[string]any{"Price": locales.FormatMoney(l.SeenPrice, cur)})
		}
		lines = append(lines, line)
		ok = append(ok, cart.Item{ProductID: l.Product.ID, Qty: l.Qty})
	}
	if len(ok) == 0 {
		return []Reply{{Text: t.loc.T("bot_reorder_nothing")}}, nil
	}
	okView, err := cart.Price(t.ctx, t.tx, t.comp, ok, t.e.Credit, t.today())
	if err != nil {
		return nil, err
	}
	text := t.loc.T("bot_reorder_summary") + "\n" + strings.Join(lines, "\n") + "\n" + t.loc.T("bot_reorder_total", map[string]any{
		"Net": locales.FormatMoney(okView.Totals.Net, cur), "Gross": locales.FormatMoney(okView.Totals.Gross, cur)})
	if b := okView.Block; b != nil {
		text += "\n\n" + t.blockText(b)
		return []Reply{{Text: text, Buttons: []chat.Button{t.humanButton()}}}, nil
	}
	state, _ := json.Marshal(reorderState{Items: ok, Key: newKey()})
	t.conv.State, t.conv.StateData = stateReorder, state
	return []Reply{{Text: text, Buttons: []chat.Button{
		{Label: t.loc.T("bot_button_confirm"), Data: dataReorderOK},
		{Label: t.loc.T("bot_button_change_qty"), Data: dataReorderQty},
		{Label: t.loc.T("bot_button_in_cart"), Data: dataReorderCh},
		{Label: t.loc.T("bot_button_cancel"), Data: dataReorderNo},
	}}}, nil
}

func (t *turn) blockText(b *credit.Block) string {
	cur := b.Balance.Currency
	switch b.Reason {
	case credit.ReasonOverdue:
		return t.loc.T("block_title_overdue") + " " + t.loc.T("block_text_overdue", map[string]any{"Amount": locales.FormatMoney(b.Shortfall, cur)})
	case credit.ReasonLimit:
		return t.loc.T("block_title_limit") + " " + t.loc.T("block_text_limit", map[string]any{"Order": locales.FormatMoney(b.Order, cur),
			"Available": locales.FormatMoney(b.Balance.Available, cur), "Limit": locales.FormatMoney(b.Balance.Limit, cur),
			"Missing": locales.FormatMoney(b.Shortfall, cur)})
	}
	return t.loc.T("block_title_inactive")
}

// reorderAnswer handles the summary's buttons.
func (t *turn) reorderAnswer(data string) ([]Reply, error) {
	var st reorderState
	if t.conv.State != stateReorder && t.conv.State != stateReorderQty || json.Unmarshal(t.conv.StateData, &st) != nil || len(st.Items) == 0 {
		// A late tap on an old summary: if it was confirmed, say which order it made.
		return []Reply{{Text: t.loc.T("bot_reorder_expired"), Buttons: t.menu()}}, nil
	}
	switch data {
	case dataReorderQty:
		return t.reorderAskQty(st)
	case dataReorderNo:
		t.conv.State, t.conv.StateData = "", nil
		return []Reply{{Text: t.loc.T("bot_reorder_cancelled")}}, nil
	case dataReorderCh:
		if err := cart.Add(t.ctx, t.tx, t.user.ID, st.Items); err != nil {
			return nil, err
		}
		t.conv.State, t.conv.StateData = "", nil
		return []Reply{{Text: t.loc.T("bot_reorder_in_cart")}}, nil
	}
	svc := &order.Service{DB: t.tx, Credit: t.e.Credit, Zones: t.e.Zones, Now: t.e.Now}
	req := order.PlaceRequest{CompanyID: t.comp.ID, UserID: t.user.ID, Channel: order.ChannelBot, IdempotencyKey: "bot-" + st.Key}
	for _, it := range st.Items {
		req.Lines = append(req.Lines, order.LineRequest{ProductID: it.ProductID, Qty: it.Qty})
	}
	res, err := svc.Place(t.ctx, req)
	var block *credit.Block
	var le *order.LinesError
	switch {
	case errors.As(err, &block):
		t.conv.State, t.conv.StateData = "", nil
		return []Reply{{Text: t.blockText(block), Buttons: []chat.Button{t.humanButton()}}}, nil
	case errors.As(err, &le):
		t.conv.State, t.conv.StateData = "", nil
		return []Reply{{Text: t.loc.T("checkout_lines_changed"), Buttons: []chat.Button{{Label: t.loc.T("bot_button_reorder_again"), Data: "ro:again"}}}}, nil
	case err != nil:
		return nil, err
	}
	// The state stays, so that a second tap on Confirm answers with the same order.
	return []Reply{{Text: t.loc.T("bot_reorder_placed", map[string]any{"Number": res.Order.Number,
		"Gross": locales.FormatMoney(res.Order.GrossTotal, res.Order.Currency)})}}, nil
}

// reorderAskQty lists the summary's lines with numbers for changing.
func (t *turn) reorderAskQty(st reorderState) ([]Reply, error) {
	ids := make([]int64, len(st.Items))
	for i, it := range st.Items {
		ids[i] = it.ProductID
	}
	products, err := catalog.ProductsByID(t.ctx, t.tx, ids)
	if err != nil {
		return nil, err
	}
	lines := []string{t.loc.T("bot_reorder_qty_how")}
	for i, it := range st.Items {
		name := ""
		if p := products[it.ProductID]; p != nil {
			name = p.Name(t.conv.Language)
		}
		lines = append(lines, fmt.Sprintf("%d. %s × %s", i+1, name, locales.FormatInt(int64(it.Qty))))
	}
	t.conv.State = stateReorderQty
	return []Reply{{Text: strings.Join(lines, "\n"), Buttons: []chat.Button{{Label: t.loc.T("bot_button_cancel"), Data: dataReorderNo}}}}, nil
}

// reorderQty takes "line quantity" pairs ("2 10", "1 0; 3 24") while the
// lines are listed, and shows the summary again at the new quantities (with
// a new key: the changed summary is a different order).
func (t *turn) reorderQty(in Input) ([]Reply, bool, error) {
	if t.conv.State != stateReorderQty || in.Text == "" {
		return nil, false, nil
	}
	var st reorderState
	if json.Unmarshal(t.conv.StateData, &st) != nil || len(st.Items) == 0 {
		return nil, false, nil
	}
	pairs, ok := parseQtyPairs(in.Text, len(st.Items))
	if !ok {
		return []Reply{{Text: t.loc.T("bot_reorder_qty_invalid", map[string]any{"Lines": len(st.Items)}),
			Buttons: []chat.Button{{Label: t.loc.T("bot_button_cancel"), Data: dataReorderNo}}}}, true, nil
	}
	for line, qty := range pairs {
		st.Items[line-1].Qty = qty
	}
	var items []cart.Item
	for _, it := range st.Items {
		if it.Qty > 0 {
			items = append(items, cart.Item{ProductID: it.ProductID, Qty: it.Qty})
		}
	}
	t.conv.State, t.conv.StateData = "", nil
	replies, err := t.reorderOf(items)
	return replies, true, err
}

// parseQtyPairs reads "line qty" pairs separated by commas, semicolons or
// new lines; line numbers 1..lines, quantities 0..100000.
func parseQtyPairs(text string, lines int) (map[int]int, bool) {
	out := map[int]int{}
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		f := strings.Fields(strings.NewReplacer("×", " ", "x", " ", ":", " ", "=", " ").Replace(part))
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, false
		}
		line, err1 := strconv.Atoi(f[0])
		qty, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || line < 1 || line > lines || qty < 0 || qty > 100000 {
			return nil, false
		}
		out[line] = qty
	}
	return out, len(out) > 0
}
