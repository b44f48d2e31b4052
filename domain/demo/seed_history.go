package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/complaint"
	"partnerdesk/domain/loyalty"
	"partnerdesk/domain/order"
	"partnerdesk/domain/pricing"
)

var carriers = map[string][]struct{ name, url string }{
	"PL": {{"DPD Polska", "https://tracktrace.dpd.com.pl/parcelDetails?p1=%s"}, {"InPost Kurier", "https://inpost.pl/sledzenie-przesylek?number=%s"}},
	"FI": {{"Posti", "https://www.posti.fi/fi/seuranta#/lahetys/%s"}, {"Matkahuolto", "https://www.matkahuolto.fi/seuranta?parcelNumber=%s"}},
	"RU": {{"СДЭК", "https://www.cdek.ru/ru/tracking?order_id=%s"}, {"Деловые Линии", "https://www.dellin.ru/tracker/?mode=search&rwID=%s"}},
}

// plannedOrder is one historical order before it is written.
type plannedOrder struct {
	company *seedCompany
	at      time.Time
	items   []pricing.Item
}

// history writes twelve months of delivered orders with their timelines,
// shipments, invoices, payments, points, complaints and NPS answers. Orders
// of all companies are written in date order, so numbers grow with time.
func (s *seeder) history(ctx context.Context) error {
	var plan []plannedOrder
	start := s.today.AddDate(-1, 0, 0)
	for _, c := range s.companies {
		at := start.AddDate(0, 0, s.rnd.IntN(c.Cadence))
		for at.Before(s.today.AddDate(0, 0, -12)) {
			day := at
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, 1) // orders come in on working days
			}
			hour := 7 + s.rnd.IntN(9)
			plan = append(plan, plannedOrder{company: c, at: day.Add(time.Duration(hour)*time.Hour + time.Duration(s.rnd.IntN(60))*time.Minute),
				items: s.basket(c)})
			jitter := c.Cadence / 3
			at = at.AddDate(0, 0, c.Cadence-jitter+s.rnd.IntN(2*jitter+1))
		}
	}
	sort.SliceStable(plan, func(i, j int) bool { return plan[i].at.Before(plan[j].at) })
	invoiceSeq := map[string]int{}
	for _, po := range plan {
		if err := s.pastOrder(ctx, po, invoiceSeq); err != nil {
			return err
		}
	}
	// Tiers follow the year's spend, as the nightly job would set them.
	for _, c := range s.companies {
		if _, err := loyalty.RecomputeTier(ctx, s.tx, c.ID, s.today); err != nil {
			return err
		}
	}
	return nil
}

// basket picks lines mostly from the company's standard assortment.
func (s *seeder) basket(c *seedCompany) []pricing.Item {
	n := max(1, c.Basket-2+s.rnd.IntN(5))
	seen := map[int]bool{}
	var items []pricing.Item
	for len(items) < n {
		var i int
		if s.rnd.IntN(10) < 8 {
			i = c.Favourites[s.rnd.IntN(len(c.Favourites))]
		} else {
			i = s.rnd.IntN(len(s.products))
		}
		if seen[i] {
			if len(seen) >= len(c.Favourites) {
				break
			}
			continue
		}
		seen[i] = true
		p := s.products[i]
		items = append(items, pricing.Item{ProductID: p.ID, Qty: p.Seed.MinOrderQty * (1 + s.rnd.IntN(4))})
	}
	return items
}

func (s *seeder) pastOrder(ctx context.Context, po plannedOrder, invoiceSeq map[string]int) error {
	c := po.company
	cust, err := pricing.CustomerOf(ctx, s.tx, c.ID)
	if err != nil {
		return err
	}
	totals, err := pricing.Cart(ctx, s.tx, cust, po.items)
	if err != nil {
		return err
	}
	channels := []string{order.ChannelPortal, order.ChannelPortal, order.ChannelPortal, order.ChannelCSV, order.ChannelBot, order.ChannelAPI}
	channel := channels[s.rnd.IntN(len(channels))]
	buyer := c.Users["buyer"]
	if s.rnd.IntN(4) == 0 {
		buyer = c.Users["owner"]
	}
	var delivery string
	if err := s.tx.NewRaw("SELECT delivery_address FROM companies WHERE id = ?", c.ID).Scan(ctx, &delivery); err != nil {
		return err
	}
	o := &order.Order{
		CompanyID: c.ID, UserID: &buyer, Channel: channel, Status: order.StatusDelivered, Currency: c.Currency,
		DeliveryAddress: delivery, IdempotencyKey: fmt.Sprintf("demo-%d-%d", c.ID, po.at.Unix()),
		NetGoods: totals.NetGoods, Discount: totals.Discount, DeliveryFee: totals.Delivery,
		NetTotal: totals.Net, VATTotal: totals.VAT, GrossTotal: totals.Gross, CreatedAt: po.at, UpdatedAt: po.at,
	}
	if s.rnd.IntN(3) == 0 {
		o.PONumber = fmt.Sprintf("ZK/%s/%03d", po.at.Format("2006/01"), 1+s.rnd.IntN(400))
	}
	exp := po.at.AddDate(0, 0, 2)
	o.ExpectedOn = &exp
	if _, err := s.tx.NewInsert().Model(o).ExcludeColumn("id", "number").Returning("id, number").Exec(ctx); err != nil {
		return fmt.Errorf("order: %w", err)
	}
	s.orders++
	var lines []*order.Line
	var lineIDs []int64
	for i, q := range totals.Lines {
		p := s.products[s.indexOf(q.ProductID)]
		lines = append(lines, &order.Line{OrderID: o.ID, LineNo: i + 1, ProductID: p.ID, SKU: p.Seed.SKU, Name: p.Seed.Name[string(c.Language)],
			Qty: q.Qty, ListPrice: q.ListPrice, UnitPrice: q.UnitPrice, VATRateBP: q.VATRateBP, NetAmount: q.Net()})
	}
	if _, err := s.tx.NewInsert().Model(&lines).ExcludeColumn("id").Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("lines: %w", err)
	}
	for _, l := range lines {
		lineIDs = append(lineIDs, l.ID)
	}
	// Timeline: confirmed within hours, picked next working day, shipped, delivered in 1–3 days.
	confirmed := po.at.Add(time.Duration(30+s.rnd.IntN(150)) * time.Minute)
	picking := po.at.Add(time.Duration(18+s.rnd.IntN(6)) * time.Hour)
	shipped := picking.Add(time.Duration(3+s.rnd.IntN(4)) * time.Hour)
	late := s.rnd.IntN(12) == 0
	days := 1 + s.rnd.IntN(2)
	if late {
		days += 2 + s.rnd.IntN(3)
	}
	delivered := shipped.AddDate(0, 0, days).Add(time.Duration(s.rnd.IntN(5)) * time.Hour)
	for _, st := range []struct {
		status, source string
		at             time.Time
	}{
		{order.StatusPlaced, channel, po.at}, {order.StatusConfirmed, "erp", confirmed}, {order.StatusPicking, "erp", picking},
		{order.StatusShipped, "erp", shipped}, {order.StatusDelivered, "erp", delivered},
	} {
		if err := s.exec(ctx, `INSERT INTO order_status_history (order_id, status, source, at) VALUES (?, ?, ?, ?)`,
			o.ID, st.status, st.source, st.at); err != nil {
			return err
		}
	}
	if err := s.exec(ctx, "UPDATE orders SET updated_at = ? WHERE id = ?", delivered, o.ID); err != nil {
		return err
	}
	if err := s.shipment(ctx, c, o, lines, shipped, &delivered); err != nil {
		return err
	}
	if err := s.invoice(ctx, c, o, shipped, invoiceSeq); err != nil {
		return err
	}
	// Points as order.ChangeStatus credits them on delivery.
	if _, err := loyalty.CreditDelivered(ctx, s.tx, o.ID, delivered); err != nil {
		return err
	}
	return s.afterSales(ctx, c, o, lines, delivered)
}

func (s *seeder) indexOf(productID int64) int {
	// Products were inserted in one batch, so ids are consecutive.
	return int(productID - s.products[0].ID)
}

func (s *seeder) shipment(ctx context.Context, c *seedCompany, o *order.Order, lines []*order.Line, shipped time.Time, delivered *time.Time) error {
	cs := carriers[c.Country]
	cr := cs[s.rnd.IntN(len(cs))]
	tracking := fmt.Sprintf("%d%09d", 10+s.rnd.IntN(89), s.rnd.IntN(1_000_000_000))
	var shipID int64
	err := s.tx.NewRaw(`INSERT INTO shipments (order_id, erp_ref, carrier, tracking_number, tracking_url, shipped_at, delivered_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.ID, fmt.Sprintf("WZ-%d", o.Number), cr.name, tracking, fmt.Sprintf(cr.url, tracking), shipped, delivered).Scan(ctx, &shipID)
	if err != nil {
		return fmt.Errorf("shipment: %w", err)
	}
	for _, l := range lines {
		if err := s.exec(ctx, `INSERT INTO shipment_lines (shipment_id, order_line_id, qty) VALUES (?, ?, ?)`, shipID, l.ID, l.Qty); err != nil {
			return err
		}
	}
	return nil
}

var invoicePrefix = map[string]string{"PL": "FV/%d/%02d/%05d", "FI": "LASKU-%d%02d-%05d", "RU": "СФ-%d/%02d-%05d"}

func (s *seeder) invoice(ctx context.Context, c *seedCompany, o *order.Order, issued time.Time, seq map[string]int) error {
	seq[c.Country]++
	number := fmt.Sprintf(invoicePrefix[c.Country], issued.Year(), int(issued.Month()), seq[c.Country])
	var terms int
	if err := s.tx.NewRaw("SELECT payment_terms_days FROM companies WHERE id = ?", c.ID).Scan(ctx, &terms); err != nil {
		return err
	}
	issuedDay := issued.Truncate(24 * time.Hour)
	due := issuedDay.AddDate(0, 0, terms)
	paid := o.GrossTotal
	var paidOn time.Time
	switch {
	case due.After(s.today): // not due yet: usually unpaid
		if s.rnd.IntN(3) > 0 || c.NearLimit {
			paid = 0
		} else {
			paidOn = issuedDay.AddDate(0, 0, s.rnd.IntN(int(s.today.Sub(issuedDay).Hours()/24)+1))
		}
	case c.Overdue && s.today.Sub(due) < 60*24*time.Hour: // the slow payer's recent invoices
		paid = 0
		if s.rnd.IntN(3) == 0 {
			paid = o.GrossTotal / 3
			paidOn = due.AddDate(0, 0, 5)
		}
	default:
		lateBy := 0
		if s.rnd.IntN(6) == 0 {
			lateBy = 3 + s.rnd.IntN(15)
		}
		paidOn = due.AddDate(0, 0, lateBy-s.rnd.IntN(5))
		if paidOn.After(s.today) {
			paidOn = s.today
		}
	}
	var invID int64
	err := s.tx.NewRaw(`INSERT INTO invoices (company_id, number, order_id, currency, issued_on, due_on, net_total, vat_total, gross_total, paid, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ID, number, o.ID, c.Currency, issuedDay.Format(time.DateOnly), due.Format(time.DateOnly),
		o.NetTotal, o.VATTotal, o.GrossTotal, paid, issued).Scan(ctx, &invID)
	if err != nil {
		return fmt.Errorf("invoice: %w", err)
	}
	if paid > 0 {
		err := s.exec(ctx, `INSERT INTO payments (company_id, invoice_id, erp_ref, currency, amount, paid_on) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, invID, "PAY-"+number, c.Currency, paid, paidOn.Format(time.DateOnly))
		if err != nil {
			return fmt.Errorf("payment: %w", err)
		}
	}
	return nil
}

var complaintTexts = map[domain.Language][]string{
	domain.Polish: {
		"Opakowanie zbiorcze było rozerwane, część sztuk ma pęknięte obudowy.",
		"Przyszedł inny kolor niż zamówiony.",
		"Brakuje jednego kartonu względem dokumentu WZ.",
		"Dwie sztuki nie działają po montażu, sprawdzone miernikiem.",
	},
	domain.Finnish: {
		"Kuljetuspakkaus oli revennyt ja osa tuotteista on vaurioitunut.",
		"Toimitettiin väärä värivaihtoehto.",
		"Lähetyksestä puuttuu yksi laatikko lähetyslistaan verrattuna.",
		"Kaksi kappaletta ei toimi asennuksen jälkeen.",
	},
	domain.Russian: {
		"Транспортная упаковка повреждена, у части изделий треснул корпус.",
		"Пришёл не тот цвет, который заказывали.",
		"Не хватает одной коробки по сравнению с накладной.",
		"Две штуки не работают после монтажа, проверено мультиметром.",
	},
}

var npsComments = map[domain.Language][]string{
	domain.Polish:  {"Szybka dostawa, wszystko zgodne.", "Dobre ceny, ale kurier się spóźnił.", "Brakowało towaru, musieliśmy szukać gdzie indziej.", ""},
	domain.Finnish: {"Nopea toimitus, kaikki kunnossa.", "Hyvät hinnat, kuljetus myöhästyi.", "Tuotteita puuttui, jouduimme hankkimaan muualta.", ""},
	domain.Russian: {"Быстрая доставка, всё совпало.", "Хорошие цены, но курьер опоздал.", "Не хватило товара, пришлось искать в другом месте.", ""},
}

// afterSales adds NPS answers to some delivered orders and a complaint now and then.
func (s *seeder) afterSales(ctx context.Context, c *seedCompany, o *order.Order, lines []*order.Line, delivered time.Time) error {
	if s.rnd.IntN(10) < 4 {
		score := 7 + s.rnd.IntN(4)
		if c.Segment == "C" && s.rnd.IntN(3) == 0 {
			score = 3 + s.rnd.IntN(4)
		}
		comments := npsComments[c.Language]
		comment := comments[0]
		switch {
		case score <= 6:
			comment = comments[2]
		case score <= 8:
			comment = comments[1+s.rnd.IntN(3)%2*2] // sometimes empty
		}
		channel := "portal"
		if s.rnd.IntN(2) == 0 {
			channel = "bot"
		}
		err := s.exec(ctx, `INSERT INTO nps_responses (company_id, user_id, order_id, trigger, trigger_ref, channel, score, comment, created_at)
			VALUES (?, ?, ?, 'after_delivery', ?, ?, ?, ?, ?)`,
			c.ID, c.Users["buyer"], o.ID, fmt.Sprint(o.Number), channel, score, comment, delivered.Add(3*time.Hour))
		if err != nil {
			return fmt.Errorf("nps: %w", err)
		}
	}
	if s.rnd.IntN(14) != 0 {
		return nil
	}
	l := lines[s.rnd.IntN(len(lines))]
	reasons := []string{"damaged", "wrong_item", "missing", "defect"}
	ri := s.rnd.IntN(len(reasons))
	created := delivered.Add(time.Duration(2+s.rnd.IntN(20)) * time.Hour)
	cal, err := s.calendar(ctx, c.Country)
	if err != nil {
		return err
	}
	// Deadlines and the manager's answers in business hours, as
	// complaint.Create and the desk make them.
	ackDue, decideDue := cal.Deadlines(created)
	stage, resolution, note := "resolved", []string{"replacement", "credit_note", "rejected"}[s.rnd.IntN(3)], ""
	if resolution == "rejected" {
		note = map[domain.Language]string{
			domain.Polish:  "Uszkodzenie mechaniczne powstało podczas montażu, nie w transporcie.",
			domain.Finnish: "Vaurio on syntynyt asennuksen aikana, ei kuljetuksessa.",
			domain.Russian: "Механическое повреждение возникло при монтаже, а не при перевозке.",
		}[c.Language]
	}
	var acked, resolved any = cal.AddBusinessHours(created, 2*time.Hour), cal.AddBusinessHours(created, 24*time.Hour)
	var res any = resolution
	if s.today.Sub(created) < 40*24*time.Hour {
		stage, res, resolved, note = "in_review", nil, nil, ""
	}
	if ack := cal.AddBusinessHours(created, 2*time.Hour); ack.After(time.Now()) {
		stage, acked = "submitted", nil // filed over the weekend, say: not seen yet
	}
	qty := max(1, l.Qty/4)
	err = s.exec(ctx, `INSERT INTO complaints (company_id, order_id, order_line_id, user_id, channel, qty, reason, description, stage,
		resolution, resolution_note, ack_due_at, decision_due_at, acknowledged_at, resolved_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'portal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, o.ID, l.ID, c.Users["buyer"], qty, reasons[ri], complaintTexts[c.Language][ri], stage,
		res, note, ackDue, decideDue, acked, resolved, created, created)
	if err != nil {
		return fmt.Errorf("complaint: %w", err)
	}
	return nil
}

// calendar is the country's business calendar, read once.
func (s *seeder) calendar(ctx context.Context, country string) (*complaint.Calendar, error) {
	if cal, ok := s.calendars[country]; ok {
		return cal, nil
	}
	cal, err := complaint.LoadCalendar(ctx, s.tx, country)
	if err != nil {
		return nil, fmt.Errorf("calendar %s: %w", country, err)
	}
	if s.calendars == nil {
		s.calendars = map[string]*complaint.Calendar{}
	}
	s.calendars[country] = cal
	return cal, nil
}

// openOrders places the current orders through the real ordering path (so
// stock is reserved and credit used), then moves some along their timeline.
func (s *seeder) openOrders(ctx context.Context) error {
	svc := &order.Service{DB: s.tx, Credit: defaultCredit}
	for _, c := range s.companies {
		if c.Overdue {
			continue // blocked: the demo shows why
		}
		n := 1 + s.rnd.IntN(3)
		for k := 0; k < n; k++ {
			var lines []order.LineRequest
			for _, it := range s.basket(c) {
				p := s.products[s.indexOf(it.ProductID)]
				if p.OnHand < it.Qty*3 {
					continue
				}
				lines = append(lines, order.LineRequest{ProductID: it.ProductID, Qty: it.Qty})
			}
			if len(lines) == 0 {
				continue
			}
			res, err := svc.Place(ctx, order.PlaceRequest{CompanyID: c.ID, UserID: c.Users["buyer"], Channel: order.ChannelPortal,
				IdempotencyKey: fmt.Sprintf("demo-open-%d-%d", c.ID, k), Lines: lines})
			if err != nil {
				return fmt.Errorf("open order for %s: %w", c.Key, err)
			}
			s.orders++
			placed := s.today.Add(-time.Duration(k*30+2+s.rnd.IntN(20)) * time.Hour)
			if err := s.backdate(ctx, s.tx, res.Order.ID, placed); err != nil {
				return err
			}
			steps := []string{order.StatusConfirmed, order.StatusPicking, order.StatusShipped}[:s.rnd.IntN(4)]
			at := placed
			for _, st := range steps {
				at = at.Add(time.Duration(2+s.rnd.IntN(6)) * time.Hour)
				if _, err := svc.ChangeStatus(ctx, order.StatusRequest{OrderID: res.Order.ID, Status: st, Source: "erp"}); err != nil {
					return err
				}
				if err := s.exec(ctx, `UPDATE order_status_history SET at = ? WHERE order_id = ? AND status = ?`, at, res.Order.ID, st); err != nil {
					return err
				}
				if st == order.StatusShipped {
					if err := s.shipment(ctx, c, res.Order, res.Order.Lines, at, nil); err != nil {
						return err
					}
				}
			}
			exp := s.today.AddDate(0, 0, 1+s.rnd.IntN(3))
			if err := s.exec(ctx, "UPDATE orders SET expected_on = ? WHERE id = ?", exp.Format(time.DateOnly), res.Order.ID); err != nil {
				return err
			}
		}
		if c.NearLimit {
			// Leave the company a little room, so the demo shows a limit nearly reached.
			err := s.exec(ctx, `UPDATE companies SET credit_limit = (
				SELECT coalesce(sum(i.gross_total - i.paid), 0) FROM invoices i WHERE i.company_id = ?0 AND i.paid < i.gross_total) + (
				SELECT coalesce(sum(o.gross_total), 0) FROM orders o WHERE o.company_id = ?0 AND o.status <> 'cancelled'
				  AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id)) + 2500000 WHERE id = ?0`, c.ID)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *seeder) backdate(ctx context.Context, db bun.IDB, orderID int64, at time.Time) error {
	if _, err := db.ExecContext(ctx, "UPDATE orders SET created_at = ?, updated_at = ? WHERE id = ?", at, at, orderID); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "UPDATE order_status_history SET at = ? WHERE order_id = ? AND status = 'placed'", at, orderID)
	return err
}
