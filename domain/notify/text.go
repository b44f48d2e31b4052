package notify

import (
	"strconv"

	"partnerdesk/locales"
)

// Text renders a notification in the localizer's language: the portal's
// list and the Telegram message say the same thing.
func Text(loc *locales.Localizer, n *Notification) string {
	p := n.Params
	switch n.Kind {
	case KindInvoiceDue:
		return loc.T("notify_invoice_due", map[string]any{"Invoice": p.Invoice,
			"Amount": locales.FormatMoney(p.Amount, p.Currency), "Date": locales.FormatDate(p.DueOn)})
	case KindInvoiceOverdue:
		return loc.TN("notify_invoice_overdue", p.Days, map[string]any{"Invoice": p.Invoice,
			"Amount": locales.FormatMoney(p.Amount, p.Currency), "Date": locales.FormatDate(p.DueOn)})
	case KindBackInStock:
		return loc.T("notify_back_in_stock", map[string]any{"Name": p.ProductName(loc.Lang), "SKU": p.SKU})
	case KindPriceChange:
		key := "notify_price_up"
		if p.NewPrice < p.OldPrice {
			key = "notify_price_down"
		}
		return loc.T(key, map[string]any{"Name": p.ProductName(loc.Lang), "SKU": p.SKU,
			"Old": locales.FormatMoney(p.OldPrice, p.Currency), "New": locales.FormatMoney(p.NewPrice, p.Currency)})
	case KindReorder:
		return loc.T("notify_reorder", map[string]any{"Order": strconv.FormatInt(p.Order, 10),
			"Date": locales.FormatDate(p.OrderedOn), "Cycle": loc.TN("notify_cycle", p.Cycle)})
	case KindOrderStatus:
		return loc.T("live_order_status", map[string]any{"Number": strconv.FormatInt(p.Order, 10), "Status": loc.T("status_" + p.Status)})
	}
	return loc.T("notify_kind_" + n.Kind)
}

// KindLabel names a kind of notification in the localizer's language, as the
// preferences and the list show it.
func KindLabel(loc *locales.Localizer, kind string) string {
	return loc.T("notify_kind_" + kind)
}
