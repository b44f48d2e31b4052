package demo

import (
	"context"
	"fmt"
	"strconv"

	"partnerdesk/domain"
	"partnerdesk/domain/account"
	"partnerdesk/domain/taxid"
)

type seedCompany struct {
	ID          int64
	Key         string
	Country     string
	Currency    domain.Currency
	Language    domain.Language
	Segment     string
	Cadence     int // days between orders, on average
	Basket      int // lines per order, on average
	Users       map[string]int64
	Favourites  []int // indexes into seeder.products
	Overdue     bool  // leave invoices unpaid past due
	NearLimit   bool
	CreditLimit int64
}

type staffSeed struct {
	key, email, name, phone, role string
	lang                          domain.Language
}

var staffSeeds = []staffSeed{
	{"anna", "anna.kowalczyk@voltmarket.example", "Anna Kowalczyk", "+48 22 315 40 11", "manager", domain.Polish},
	{"mikko", "mikko.virtanen@voltmarket.example", "Mikko Virtanen", "+358 9 4257 3310", "manager", domain.Finnish},
	{"olga", "olga.smirnova@voltmarket.example", "Ольга Смирнова", "+7 812 640 22 17", "manager", domain.Russian},
	{"admin", "admin@voltmarket.example", "Piotr Zieliński", "+48 22 315 40 00", "admin", domain.Polish},
}

func (s *seeder) seedStaff(ctx context.Context) error {
	s.staff = map[string]int64{}
	for _, st := range staffSeeds {
		id, err := s.user(ctx, nil, st.email, st.name, st.phone, st.role, st.lang)
		if err != nil {
			return err
		}
		s.staff[st.key] = id
	}
	return nil
}

func (s *seeder) user(ctx context.Context, companyID any, email, name, phone, role string, lang domain.Language) (int64, error) {
	hash, err := account.HashPassword(Password)
	if err != nil {
		return 0, err
	}
	return s.id(ctx, `INSERT INTO users (company_id, email, name, phone, role, language, password_hash, can_see_invoices)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, companyID, email, name, phone, role, lang, hash, role == "owner")
}

type companySeed struct {
	key, country, taxBase, name, city, billing, delivery string
	currency                                             domain.Currency
	lang                                                 domain.Language
	group, segment, tier, manager, backup                string
	terms                                                int
	limit                                                int64
	cadence, basket                                      int
	overdue, nearLimit                                   bool
	people                                               [3][3]string // owner, buyer, accountant: e-mail local part, name, phone
}

var companySeeds = []companySeed{
	{key: "elektromont", country: "PL", taxBase: "676240211", name: "Elektro-Mont Kraków Sp. z o.o.", city: "Kraków",
		billing: "ul. Wielicka 72, 30-552 Kraków", delivery: "ul. Półłanki 18 (magazyn), 30-740 Kraków",
		currency: domain.PLN, lang: domain.Polish, group: "wholesale", segment: "A", tier: "gold", manager: "anna", backup: "mikko",
		terms: 30, limit: 15000000, cadence: 4, basket: 9,
		people: [3][3]string{{"tomasz.nowak", "Tomasz Nowak", "+48 601 220 431"}, {"karolina.wisniewska", "Karolina Wiśniewska", "+48 602 118 907"}, {"ewa.mazur", "Ewa Mazur", "+48 12 655 20 14"}}},
	{key: "watt", country: "PL", taxBase: "725182301", name: "Sklep Elektryczny WATT s.c.", city: "Łódź",
		billing: "ul. Piotrkowska 211, 90-451 Łódź", delivery: "ul. Piotrkowska 211, 90-451 Łódź",
		currency: domain.PLN, lang: domain.Polish, group: "semi", segment: "C", tier: "", manager: "anna", backup: "olga",
		terms: 14, limit: 2000000, cadence: 14, basket: 5, overdue: true,
		people: [3][3]string{{"marek.zajac", "Marek Zając", "+48 603 771 045"}, {"joanna.krol", "Joanna Król", "+48 604 302 118"}, {"barbara.lis", "Barbara Lis", "+48 42 636 11 20"}}},
	{key: "sahkovirta", country: "FI", taxBase: "2318411", name: "Sähkö-Virta Oy", city: "Tampere",
		billing: "Hatanpään valtatie 34, 33100 Tampere", delivery: "Nekalantie 17, 33560 Tampere",
		currency: domain.EUR, lang: domain.Finnish, group: "wholesale", segment: "B", tier: "silver", manager: "mikko", backup: "anna",
		terms: 21, limit: 4000000, cadence: 7, basket: 7,
		people: [3][3]string{{"jari.laine", "Jari Laine", "+358 40 512 3367"}, {"sanna.heikkinen", "Sanna Heikkinen", "+358 50 448 2019"}, {"paivi.koskinen", "Päivi Koskinen", "+358 3 212 4410"}}},
	{key: "nieminen", country: "FI", taxBase: "2840133", name: "Rakennussähkö Nieminen Oy", city: "Oulu",
		billing: "Kauppurienkatu 12, 90100 Oulu", delivery: "Teollisuustie 4, 90460 Oulunsalo",
		currency: domain.EUR, lang: domain.Finnish, group: "semi", segment: "C", tier: "", manager: "mikko", backup: "olga",
		terms: 14, limit: 1500000, cadence: 16, basket: 4,
		people: [3][3]string{{"timo.nieminen", "Timo Nieminen", "+358 44 301 7720"}, {"ville.makinen", "Ville Mäkinen", "+358 40 877 1904"}, {"riitta.nieminen", "Riitta Nieminen", "+358 8 554 3021"}}},
	{key: "elektromontazh", country: "RU", taxBase: "781420553", name: "ООО «ЭлектроМонтаж-Сервис»", city: "Санкт-Петербург",
		billing: "Санкт-Петербург, Лиговский пр., 50, корп. 3", delivery: "Санкт-Петербург, ул. Салова, 61, склад 4",
		currency: domain.RUB, lang: domain.Russian, group: "vip", segment: "A", tier: "platinum", manager: "olga", backup: "anna",
		terms: 30, limit: 600000000, cadence: 3, basket: 10,
		people: [3][3]string{{"dmitry.sokolov", "Дмитрий Соколов", "+7 921 405 18 33"}, {"irina.volkova", "Ирина Волкова", "+7 911 287 40 56"}, {"elena.morozova", "Елена Морозова", "+7 812 336 71 09"}}},
	{key: "voltsnab", country: "RU", taxBase: "165712390", name: "ООО «Вольт-Снаб»", city: "Казань",
		billing: "Казань, ул. Баумана, 44", delivery: "Казань, ул. Техническая, 25",
		currency: domain.RUB, lang: domain.Russian, group: "wholesale", segment: "B", tier: "silver", manager: "olga", backup: "mikko",
		terms: 21, limit: 90000000, cadence: 8, basket: 6, nearLimit: true,
		people: [3][3]string{{"ruslan.khabibullin", "Руслан Хабибуллин", "+7 917 254 66 10"}, {"alexey.petrov", "Алексей Петров", "+7 987 113 02 45"}, {"gulnara.safina", "Гульнара Сафина", "+7 843 240 57 18"}}},
}

var emailDomains = map[string]string{
	"elektromont": "elektro-mont.example", "watt": "sklep-watt.example", "sahkovirta": "sahkovirta.example",
	"nieminen": "rsnieminen.example", "elektromontazh": "elmontservis.example", "voltsnab": "voltsnab.example",
}

func (s *seeder) seedCompanies(ctx context.Context) error {
	for _, cs := range companySeeds {
		tax, err := fictionalTaxID(cs.country, cs.taxBase)
		if err != nil {
			return err
		}
		var tier any
		if cs.tier != "" {
			tier = cs.tier
		}
		local := cs.people[0]
		id, err := s.id(ctx, `INSERT INTO companies (country, tax_id, name, billing_address, delivery_address, currency, language,
			price_group_id, payment_terms_days, credit_limit, segment, loyalty_tier, manager_id, backup_manager_id, status,
			contact_name, contact_email, contact_phone, approved_at, created_at, next_contact_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?) RETURNING id`,
			cs.country, tax, cs.name, cs.billing, cs.delivery, cs.currency, cs.lang,
			s.priceGroups[cs.group], cs.terms, cs.limit, cs.segment, tier, s.staff[cs.manager], s.staff[cs.backup],
			local[1], local[0]+"@"+emailDomains[cs.key], local[2], s.today.AddDate(-2, 0, 0), s.today.AddDate(-2, 0, -3),
			s.today.AddDate(0, 0, 3+len(s.companies)*4))
		if err != nil {
			return fmt.Errorf("company %s: %w", cs.key, err)
		}
		c := &seedCompany{ID: id, Key: cs.key, Country: cs.country, Currency: cs.currency, Language: cs.lang, Segment: cs.segment,
			Cadence: cs.cadence, Basket: cs.basket, Users: map[string]int64{}, Overdue: cs.overdue, NearLimit: cs.nearLimit, CreditLimit: cs.limit}
		for i, role := range []string{"owner", "buyer", "accountant"} {
			p := cs.people[i]
			uid, err := s.user(ctx, id, p[0]+"@"+emailDomains[cs.key], p[1], p[2], role, cs.lang)
			if err != nil {
				return fmt.Errorf("user %s: %w", p[0], err)
			}
			c.Users[role] = uid
		}
		if err := s.assortment(ctx, c); err != nil {
			return err
		}
		s.companies = append(s.companies, c)
	}
	return nil
}

// assortment picks the company's standard assortment (favourites) and a few
// contract prices.
func (s *seeder) assortment(ctx context.Context, c *seedCompany) error {
	n := 14 + s.rnd.IntN(10)
	seen := map[int]bool{}
	for len(c.Favourites) < n {
		i := s.rnd.IntN(len(s.products))
		if seen[i] || s.products[i].OnHand == 0 && len(c.Favourites) > 2 {
			continue
		}
		seen[i] = true
		c.Favourites = append(c.Favourites, i)
		p := s.products[i]
		if err := s.exec(ctx, `INSERT INTO favourites (company_id, product_id, default_qty, sort) VALUES (?, ?, ?, ?)`,
			c.ID, p.ID, p.Seed.MinOrderQty*(1+s.rnd.IntN(3)), len(c.Favourites)); err != nil {
			return fmt.Errorf("favourites: %w", err)
		}
	}
	// Contract prices on a few favourites: 15 % under list.
	for _, i := range c.Favourites[:4] {
		p := s.products[i]
		price := domain.ApplyBP(p.Seed.ListPrice[string(c.Currency)], 1500)
		if err := s.exec(ctx, `INSERT INTO company_prices (company_id, product_id, unit_price) VALUES (?, ?, ?)`,
			c.ID, p.ID, price); err != nil {
			return fmt.Errorf("company prices: %w", err)
		}
	}
	return nil
}

// fictionalTaxID completes a made-up number with its check digit(s), so the
// demo companies pass validation without borrowing a real firm's number.
func fictionalTaxID(country, base string) (string, error) {
	digits := func(s string) []int {
		out := make([]int, len(s))
		for i, r := range s {
			out[i] = int(r - '0')
		}
		return out
	}
	check := func(d []int, w []int) int {
		sum := 0
		for i := range w {
			sum += d[i] * w[i]
		}
		return sum % 11
	}
	var id string
	switch country {
	case "PL":
		c := check(digits(base), []int{6, 5, 7, 2, 3, 4, 5, 6, 7})
		id = base + strconv.Itoa(c%10)
	case "FI":
		r := check(digits(base), []int{7, 9, 10, 5, 8, 4, 2})
		c := 0
		if r > 1 {
			c = 11 - r
		}
		id = base + "-" + strconv.Itoa(c)
	case "RU":
		c := check(digits(base), []int{2, 4, 10, 3, 5, 9, 4, 6, 8}) % 10
		id = base + strconv.Itoa(c)
	}
	norm, err := taxid.Normalize(taxid.Country(country), id)
	if err != nil {
		return "", fmt.Errorf("demo tax id %s %s: %w", country, id, err)
	}
	return norm, nil
}
