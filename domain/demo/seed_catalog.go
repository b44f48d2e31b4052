package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// reference loads price groups, loyalty tiers, order-value discounts, delivery
// terms, public holidays and warehouses.
func (s *seeder) reference(ctx context.Context) error {
	s.priceGroups = map[string]int64{}
	for _, g := range []struct {
		code, pl, ru, fi string
		bp               int
	}{
		{"semi", "Półhurt", "Мелкий опт", "Pientukku", 400},
		{"wholesale", "Hurt", "Опт", "Tukku", 800},
		{"vip", "VIP", "VIP", "VIP", 1200},
	} {
		id, err := s.id(ctx, `INSERT INTO price_groups (code, name_pl, name_ru, name_fi, discount_bp) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			g.code, g.pl, g.ru, g.fi, g.bp)
		if err != nil {
			return err
		}
		s.priceGroups[g.code] = id
	}
	err := s.exec(ctx, `INSERT INTO loyalty_tiers (code, rank, discount_bp, priority, points_per_unit) VALUES
		('silver', 1, 0, false, 1), ('gold', 2, 100, false, 1), ('platinum', 3, 200, true, 2)`)
	if err != nil {
		return err
	}
	// Rolling 12-month net spend, in minor units.
	err = s.exec(ctx, `INSERT INTO loyalty_tier_thresholds (tier, currency, min_spend) VALUES
		('silver', 'PLN', 2000000), ('gold', 'PLN', 8000000), ('platinum', 'PLN', 20000000),
		('silver', 'EUR', 500000), ('gold', 'EUR', 2000000), ('platinum', 'EUR', 5000000),
		('silver', 'RUB', 40000000), ('gold', 'RUB', 160000000), ('platinum', 'RUB', 400000000)`)
	if err != nil {
		return err
	}
	err = s.exec(ctx, `INSERT INTO order_discount_thresholds (currency, min_net, discount_bp) VALUES
		('PLN', 200000, 200), ('PLN', 500000, 300), ('PLN', 1000000, 500),
		('EUR', 50000, 200), ('EUR', 120000, 300), ('EUR', 250000, 500),
		('RUB', 4000000, 200), ('RUB', 10000000, 300), ('RUB', 20000000, 500)`)
	if err != nil {
		return err
	}
	err = s.exec(ctx, `INSERT INTO delivery_terms (currency, free_from_net, fee) VALUES
		('PLN', 100000, 3900), ('EUR', 25000, 1200), ('RUB', 2000000, 90000)`)
	if err != nil {
		return err
	}
	if err := s.holidays(ctx); err != nil {
		return err
	}
	s.warehouses = map[string]int64{}
	for _, w := range []struct{ code, name, country string }{
		{"PL-WAW", "Magazyn centralny Warszawa-Okęcie", "PL"},
		{"FI-VAN", "Varasto Vantaa", "FI"},
		{"RU-SPB", "Склад Санкт-Петербург", "RU"},
	} {
		id, err := s.id(ctx, `INSERT INTO warehouses (code, name, country) VALUES (?, ?, ?) RETURNING id`, w.code, w.name, w.country)
		if err != nil {
			return err
		}
		s.warehouses[w.country] = id
	}
	return nil
}

// holidays loads the public holidays that stop SLA clocks, this year and next.
func (s *seeder) holidays(ctx context.Context) error {
	type h struct {
		country, name string
		month, day    int
	}
	fixed := []h{
		{"PL", "Nowy Rok", 1, 1}, {"PL", "Trzech Króli", 1, 6}, {"PL", "Święto Pracy", 5, 1},
		{"PL", "Święto Konstytucji 3 Maja", 5, 3}, {"PL", "Wniebowzięcie NMP", 8, 15}, {"PL", "Wszystkich Świętych", 11, 1},
		{"PL", "Narodowe Święto Niepodległości", 11, 11}, {"PL", "Wigilia", 12, 24}, {"PL", "Boże Narodzenie", 12, 25},
		{"PL", "Drugi dzień Bożego Narodzenia", 12, 26},
		{"FI", "Uudenvuodenpäivä", 1, 1}, {"FI", "Loppiainen", 1, 6}, {"FI", "Vappu", 5, 1},
		{"FI", "Itsenäisyyspäivä", 12, 6}, {"FI", "Jouluaatto", 12, 24}, {"FI", "Joulupäivä", 12, 25}, {"FI", "Tapaninpäivä", 12, 26},
		{"RU", "Новогодние каникулы", 1, 1}, {"RU", "Новогодние каникулы", 1, 2}, {"RU", "Новогодние каникулы", 1, 3},
		{"RU", "Новогодние каникулы", 1, 4}, {"RU", "Новогодние каникулы", 1, 5}, {"RU", "Новогодние каникулы", 1, 6},
		{"RU", "Рождество Христово", 1, 7}, {"RU", "Новогодние каникулы", 1, 8}, {"RU", "День защитника Отечества", 2, 23},
		{"RU", "Международный женский день", 3, 8}, {"RU", "Праздник Весны и Труда", 5, 1}, {"RU", "День Победы", 5, 9},
		{"RU", "День России", 6, 12}, {"RU", "День народного единства", 11, 4},
	}
	for _, year := range []int{s.today.Year(), s.today.Year() + 1} {
		for _, x := range fixed {
			day := time.Date(year, time.Month(x.month), x.day, 0, 0, 0, 0, time.UTC)
			if err := s.exec(ctx, `INSERT INTO public_holidays (country, day, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
				x.country, day.Format(time.DateOnly), x.name); err != nil {
				return err
			}
		}
		// Easter-dependent days in Poland and Finland.
		e := easter(year)
		for _, x := range []struct {
			country, name string
			offset        int
		}{
			{"PL", "Poniedziałek Wielkanocny", 1}, {"PL", "Boże Ciało", 60},
			{"FI", "Pitkäperjantai", -2}, {"FI", "2. pääsiäispäivä", 1}, {"FI", "Helatorstai", 39},
		} {
			if err := s.exec(ctx, `INSERT INTO public_holidays (country, day, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
				x.country, e.AddDate(0, 0, x.offset).Format(time.DateOnly), x.name); err != nil {
				return err
			}
		}
	}
	return nil
}

// easter returns Western Easter Sunday (the anonymous Gregorian algorithm).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

type productRow struct {
	bun.BaseModel `bun:"table:products"`
	ID            int64  `bun:"id,pk,autoincrement"`
	SKU           string `bun:"sku"`
	EAN           string `bun:"ean"`
	CategoryID    int64  `bun:"category_id"`
	Unit          string `bun:"unit"`
	PackSize      int    `bun:"pack_size"`
	MinOrderQty   int    `bun:"min_order_qty"`
	VATClass      string `bun:"vat_class"`
	NamePL        string `bun:"name_pl"`
	NameRU        string `bun:"name_ru"`
	NameFI        string `bun:"name_fi"`
	DescriptionPL string `bun:"description_pl"`
	DescriptionRU string `bun:"description_ru"`
	DescriptionFI string `bun:"description_fi"`
}

// catalog loads categories, products, list prices, substitutes and quantity breaks.
func (s *seeder) catalog(ctx context.Context) error {
	catIDs := map[string]int64{}
	for i, c := range Categories() {
		var parent any
		if c.Parent != "" {
			parent = catIDs[c.Parent]
		}
		id, err := s.id(ctx, `INSERT INTO categories (code, parent_id, name_pl, name_ru, name_fi, sort) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			c.Code, parent, c.Name["pl"], c.Name["ru"], c.Name["fi"], i)
		if err != nil {
			return err
		}
		catIDs[c.Code] = id
	}
	seeds := Products()
	rows := make([]productRow, len(seeds))
	for i, p := range seeds {
		rows[i] = productRow{SKU: p.SKU, EAN: p.EAN, CategoryID: catIDs[p.Category], Unit: p.Unit, PackSize: p.PackSize,
			MinOrderQty: p.MinOrderQty, VATClass: p.VATClass,
			NamePL: p.Name["pl"], NameRU: p.Name["ru"], NameFI: p.Name["fi"],
			DescriptionPL: p.Description["pl"], DescriptionRU: p.Description["ru"], DescriptionFI: p.Description["fi"]}
	}
	if _, err := s.tx.NewInsert().Model(&rows).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("products: %w", err)
	}
	s.bySKU = map[string]int{}
	s.products = make([]seedProduct, len(seeds))
	for i, p := range seeds {
		s.products[i] = seedProduct{ID: rows[i].ID, Seed: p, Category: p.Category}
		s.bySKU[p.SKU] = i
	}
	type listPrice struct {
		bun.BaseModel `bun:"table:list_prices"`
		ProductID     int64  `bun:"product_id"`
		Currency      string `bun:"currency"`
		UnitPrice     int64  `bun:"unit_price"`
	}
	var prices []listPrice
	for _, p := range s.products {
		for _, cur := range []string{"PLN", "EUR", "RUB"} {
			prices = append(prices, listPrice{ProductID: p.ID, Currency: cur, UnitPrice: p.Seed.ListPrice[cur]})
		}
	}
	if _, err := s.tx.NewInsert().Model(&prices).Exec(ctx); err != nil {
		return fmt.Errorf("list prices: %w", err)
	}
	for _, p := range s.products {
		for rank, sub := range p.Seed.Substitutes {
			if err := s.exec(ctx, `INSERT INTO product_substitutes (product_id, substitute_id, rank) VALUES (?, ?, ?)`,
				p.ID, s.products[s.bySKU[sub]].ID, rank); err != nil {
				return fmt.Errorf("substitutes: %w", err)
			}
		}
	}
	// Quantity breaks on every third product: at 5× and 20× the minimum.
	for i, p := range s.products {
		if i%3 != 0 {
			continue
		}
		moq := p.Seed.MinOrderQty
		if err := s.exec(ctx, `INSERT INTO quantity_breaks (product_id, min_qty, discount_bp) VALUES (?, ?, 300), (?, ?, 700)`,
			p.ID, max(moq*5, 2), p.ID, max(moq*20, 3)); err != nil {
			return fmt.Errorf("breaks: %w", err)
		}
	}
	// The wholesale group gets a better break on cables bought by the coil.
	for _, p := range s.products {
		if p.Seed.Unit == "m" && p.Seed.PackSize >= 100 {
			if err := s.exec(ctx, `INSERT INTO quantity_breaks (product_id, price_group_id, min_qty, discount_bp) VALUES (?, ?, ?, 500)`,
				p.ID, s.priceGroups["wholesale"], p.Seed.PackSize*5); err != nil {
				return fmt.Errorf("group breaks: %w", err)
			}
		}
	}
	return nil
}

// stock puts goods in the three warehouses. About one product in twelve is
// out of stock everywhere with a restock date; some are low.
func (s *seeder) stock(ctx context.Context) error {
	type stockRow struct {
		bun.BaseModel `bun:"table:stock"`
		ProductID     int64   `bun:"product_id"`
		WarehouseID   int64   `bun:"warehouse_id"`
		OnHand        int     `bun:"on_hand"`
		RestockOn     *string `bun:"restock_on"`
	}
	var rows []stockRow
	for i := range s.products {
		p := &s.products[i]
		pack := p.Seed.PackSize
		base := p.Seed.MinOrderQty * (20 + s.rnd.IntN(200))
		var restock *string
		switch r := s.rnd.IntN(100); {
		case r < 8: // out of stock
			base = 0
			d := s.today.AddDate(0, 0, 5+s.rnd.IntN(30)).Format(time.DateOnly)
			restock = &d
		case r < 18: // low
			base = p.Seed.MinOrderQty * (1 + s.rnd.IntN(3))
		}
		// Keep on-hand quantities whole packs.
		base = (base / pack) * pack
		for _, country := range []string{"PL", "FI", "RU"} {
			qty := base
			if country != "PL" {
				qty = (base / 3 / pack) * pack
			}
			rows = append(rows, stockRow{ProductID: p.ID, WarehouseID: s.warehouses[country], OnHand: qty, RestockOn: restock})
			p.OnHand += qty
		}
	}
	if _, err := s.tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("stock: %w", err)
	}
	return nil
}
