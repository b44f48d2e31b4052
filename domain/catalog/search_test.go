package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// demoCatalog is the demo catalogue as loaded into the test database.
type demoCatalog struct {
	cat        map[string]int64 // category code -> id
	id         map[string]int64 // SKU -> product id
	outOfStock map[int64]bool   // products with nothing available
	active     int              // number of active products
	retired    string           // SKU of a demo product deactivated after loading
	adapter    string           // SKU of a product whose name quotes another's SKU and EAN
}

var (
	demoOnce sync.Once
	demoData *demoCatalog
	demoErr  error
)

// loadDemo inserts the demo categories and products once per test process,
// with stock (every fourth product has none), one withdrawn product and one
// product deactivated after loading.
func loadDemo(t testing.TB) *demoCatalog {
	t.Helper()
	demoOnce.Do(func() { demoData, demoErr = insertDemo(context.Background(), dbtest.DB(t)) })
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoData
}

func insertDemo(ctx context.Context, db *bun.DB) (*demoCatalog, error) {
	d := &demoCatalog{id: map[string]int64{}, outOfStock: map[int64]bool{}}
	var err error
	if d.cat, err = insertCategories(ctx, db); err != nil {
		return nil, err
	}
	seeds := demo.Products()
	ps := make([]*catalog.Product, 0, len(seeds)+2)
	for _, s := range seeds {
		ean, cat := s.EAN, d.cat[s.Category]
		ps = append(ps, &catalog.Product{SKU: s.SKU, EAN: &ean, CategoryID: &cat, Unit: s.Unit, PackSize: s.PackSize,
			MinOrderQty: s.MinOrderQty, VATClass: s.VATClass, NamePL: s.Name["pl"], NameRU: s.Name["ru"], NameFI: s.Name["fi"],
			DescriptionPL: s.Description["pl"], DescriptionRU: s.Description["ru"], DescriptionFI: s.Description["fi"], Active: true})
	}
	lighting, mcb := d.cat["lighting-bulbs"], d.cat["protection-mcb"]
	// Withdrawn from sale: must never be found.
	ps = append(ps, &catalog.Product{SKU: "OLD-ZAR-60W", CategoryID: &lighting, Unit: "pcs", PackSize: 1, MinOrderQty: 1,
		VATClass: "standard", NamePL: "Żarówka tradycyjna 60 W (wycofana)", NameRU: "Лампа накаливания 60 Вт",
		NameFI: "Hehkulamppu 60 W", Active: false})
	// Quotes the SKU and EAN of MCB-1P-B16-VT in its name, so it matches
	// those codes as text, in the name, at a word start.
	d.adapter = "ADP-MCB-B16"
	ps = append(ps, &catalog.Product{SKU: d.adapter, CategoryID: &mcb, Unit: "pcs", PackSize: 1, MinOrderQty: 1,
		VATClass: "standard", NamePL: "Adapter szynowy do MCB-1P-B16-VT (EAN 5907412001081)",
		NameRU: "Адаптер для MCB-1P-B16-VT (EAN 5907412001081)", NameFI: "Sovitin MCB-1P-B16-VT (EAN 5907412001081)", Active: true})
	if _, err := db.NewInsert().Model(&ps).Exec(ctx); err != nil {
		return nil, fmt.Errorf("insert products: %w", err)
	}
	wh, err := warehouse(ctx, db)
	if err != nil {
		return nil, err
	}
	type stockRow struct {
		bun.BaseModel `bun:"table:stock"`
		ProductID     int64 `bun:"product_id"`
		WarehouseID   int64 `bun:"warehouse_id"`
		OnHand        int   `bun:"on_hand"`
	}
	var stock []stockRow
	for i, p := range ps {
		d.id[p.SKU] = p.ID
		if p.Active {
			d.active++
		}
		onHand := 50 * p.PackSize
		if i%4 == 0 {
			onHand = 0
			d.outOfStock[p.ID] = true
		}
		stock = append(stock, stockRow{ProductID: p.ID, WarehouseID: wh, OnHand: onHand})
	}
	if _, err := db.NewInsert().Model(&stock).Exec(ctx); err != nil {
		return nil, fmt.Errorf("insert stock: %w", err)
	}
	// Withdrawn after loading: the search index must follow the update.
	d.retired = "LED-E27-9W-4K-LU"
	if _, err := db.ExecContext(ctx, "UPDATE products SET active = false WHERE sku = ?", d.retired); err != nil {
		return nil, err
	}
	d.active--
	return d, nil
}

// insertCategories inserts the demo category tree (or finds it) and returns
// the ids by code.
func insertCategories(ctx context.Context, db bun.IDB) (map[string]int64, error) {
	ids := map[string]int64{}
	for i, c := range demo.Categories() {
		var parent any
		if c.Parent != "" {
			parent = ids[c.Parent]
		}
		var id int64
		err := db.NewRaw(`INSERT INTO categories (code, parent_id, name_pl, name_ru, name_fi, sort) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
			c.Code, parent, c.Name["pl"], c.Name["ru"], c.Name["fi"], i).Scan(ctx, &id)
		if err != nil {
			return nil, fmt.Errorf("insert category %s: %w", c.Code, err)
		}
		ids[c.Code] = id
	}
	return ids, nil
}

func warehouse(ctx context.Context, db bun.IDB) (int64, error) {
	var id int64
	err := db.NewRaw(`INSERT INTO warehouses (code, name, country) VALUES ('PL-WAW', 'Magazyn Warszawa', 'PL')
		ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`).Scan(ctx, &id)
	return id, err
}

func search(t *testing.T, q catalog.SearchQuery) catalog.SearchResult {
	t.Helper()
	res, err := catalog.Search(context.Background(), dbtest.DB(t), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	if res.Total < len(res.Products) {
		t.Fatalf("Search(%+v): Total %d < %d products", q, res.Total, len(res.Products))
	}
	return res
}

// searchAll returns every page of q's results.
func searchAll(t *testing.T, q catalog.SearchQuery) []*catalog.Product {
	t.Helper()
	var all []*catalog.Product
	for q.Limit, q.Offset = 100, 0; ; q.Offset += 100 {
		res := search(t, q)
		all = append(all, res.Products...)
		if len(res.Products) < 100 {
			if len(all) != res.Total {
				t.Fatalf("%+v: %d products in all pages, total %d", q, len(all), res.Total)
			}
			return all
		}
	}
}

func skus(ps []*catalog.Product) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.SKU
	}
	return out
}

// categoryOf returns the category code of p.
func (d *demoCatalog) categoryOf(p *catalog.Product) string {
	for code, id := range d.cat {
		if p.CategoryID != nil && *p.CategoryID == id {
			return code
		}
	}
	return ""
}

func TestSearchPolishWithAndWithoutDiacritics(t *testing.T) {
	d := loadDemo(t)
	plain := search(t, catalog.SearchQuery{Text: "zarowka", Lang: domain.Polish, Limit: 100})
	if len(plain.Products) == 0 {
		t.Fatal(`"zarowka" found nothing`)
	}
	for _, p := range plain.Products {
		if d.categoryOf(p) != "lighting-bulbs" || !strings.HasPrefix(p.NamePL, "Żarówka LED") {
			t.Errorf(`"zarowka" found %s %q`, p.SKU, p.NamePL)
		}
	}
	for _, text := range []string{"żarówka", "ŻARÓWKA", "Żarówka"} {
		got := search(t, catalog.SearchQuery{Text: text, Lang: domain.Polish, Limit: 100})
		if !slices.Equal(skus(got.Products), skus(plain.Products)) || got.Total != plain.Total {
			t.Errorf("%q found %v (total %d), %q found %v (total %d)", text, skus(got.Products), got.Total,
				"zarowka", skus(plain.Products), plain.Total)
		}
	}
	// Other words and case.
	res := search(t, catalog.SearchQuery{Text: "LED żarówka e27", Lang: domain.Polish})
	if len(res.Products) == 0 {
		t.Fatal(`"LED żarówka e27" found nothing`)
	}
	for _, p := range res.Products {
		if !strings.Contains(p.NamePL, "E27") || !strings.Contains(p.NamePL, "LED") {
			t.Errorf(`"LED żarówka e27" found %q`, p.NamePL)
		}
	}
}

func TestSearchHDMICable(t *testing.T) {
	loadDemo(t)
	res := search(t, catalog.SearchQuery{Text: "kabel hdmi 2m", Lang: domain.Polish})
	if len(res.Products) == 0 {
		t.Fatal(`"kabel hdmi 2m" found nothing`)
	}
	for _, p := range res.Products {
		if !strings.HasPrefix(p.NamePL, "Kabel HDMI 2 m,") {
			t.Errorf(`"kabel hdmi 2m" found %s %q`, p.SKU, p.NamePL)
		}
	}
	// The same with the length written apart, and in Russian letters.
	for _, text := range []string{"kabel hdmi 2 m", "кабель hdmi 2м"} {
		got := search(t, catalog.SearchQuery{Text: text, Lang: domain.Polish})
		if !slices.Equal(skus(got.Products), skus(res.Products)) {
			t.Errorf("%q found %v, want %v", text, skus(got.Products), skus(res.Products))
		}
	}
}

func TestSearchRussianBreaker16A(t *testing.T) {
	d := loadDemo(t)
	for _, text := range []string{"автомат 16А", "автомат 16 А", "Автомат 16a", "АВТОМАТ 16A"} {
		res := search(t, catalog.SearchQuery{Text: text, Lang: domain.Russian})
		if len(res.Products) == 0 {
			t.Errorf("%q found nothing", text)
			continue
		}
		first := res.Products[0]
		if d.categoryOf(first) != "protection-mcb" || !strings.HasPrefix(first.NameRU, "Автоматический выключатель") {
			t.Errorf("%q: first is %s %q, want a circuit breaker", text, first.SKU, first.NameRU)
		}
		for _, p := range res.Products {
			if !strings.Contains(p.NameRU, " 16 А") || !strings.Contains(strings.ToLower(p.NameRU), "автомат") {
				t.Errorf("%q found %s %q", text, p.SKU, p.NameRU)
			}
		}
	}
	// A Polish-speaking user asking the same gets the same products.
	ru := search(t, catalog.SearchQuery{Text: "автомат 16А", Lang: domain.Russian, Limit: 100})
	pl := search(t, catalog.SearchQuery{Text: "автомат 16А", Lang: domain.Polish, Limit: 100})
	if a, b := slices.Sorted(slices.Values(skus(ru.Products))), slices.Sorted(slices.Values(skus(pl.Products))); !slices.Equal(a, b) {
		t.Errorf("ru found %v, pl found %v", a, b)
	}
	// "16" is the number 16, not 160 or 2016; "B16" has it.
	res := search(t, catalog.SearchQuery{Text: "wyłącznik 16", Lang: domain.Polish, Limit: 100})
	if len(res.Products) == 0 {
		t.Fatal(`"wyłącznik 16" found nothing`)
	}
	for _, p := range res.Products {
		if !strings.Contains(p.NamePL, "16") {
			t.Errorf(`"wyłącznik 16" found %q`, p.NamePL)
		}
	}
}

// A Russian keyboard types the cross of "3x2,5" as the Cyrillic "х"; a
// typeset one as "×". All find the cable the names write with a Latin x.
func TestSearchCrossSectionWithCyrillicX(t *testing.T) {
	loadDemo(t)
	for _, text := range []string{"кабель 3x2,5", "кабель 3х2,5", "КАБЕЛЬ 3 Х 2,5", "кабель 3×2,5"} {
		res := search(t, catalog.SearchQuery{Text: text, Lang: domain.Russian, Limit: 100})
		if len(res.Products) == 0 {
			t.Errorf("%q found nothing", text)
			continue
		}
		for _, p := range res.Products {
			if !strings.Contains(p.NameRU, "3x2,5") {
				t.Errorf("%q found %s %q", text, p.SKU, p.NameRU)
			}
		}
	}
}

func TestSearchFinnish(t *testing.T) {
	d := loadDemo(t)
	res := search(t, catalog.SearchQuery{Text: "johto", Lang: domain.Finnish, Limit: 100})
	if len(res.Products) == 0 {
		t.Fatal(`"johto" found nothing`)
	}
	cables := 0
	for _, p := range res.Products {
		if !strings.Contains(strings.ToLower(p.NameFI), "johto") {
			t.Errorf(`"johto" found %s %q`, p.SKU, p.NameFI)
		}
		if strings.HasPrefix(d.categoryOf(p), "cables-") {
			cables++
		}
	}
	if cables == 0 {
		t.Errorf(`"johto" found no cables: %v`, skus(res.Products))
	}
	// A compound names the thing by its last part: cords ("Jatkojohto ...")
	// before reels and ducts ("Johtokela ...", "Johtokanava ...").
	seenPrefix := false
	for _, p := range searchAll(t, catalog.SearchQuery{Text: "johto", Lang: domain.Finnish}) {
		firstWord := strings.ToLower(strings.Fields(p.NameFI)[0])
		switch {
		case strings.HasPrefix(firstWord, "johto") && firstWord != "johto":
			seenPrefix = true
		case strings.HasSuffix(firstWord, "johto") && seenPrefix:
			t.Errorf("johto: %q after a product named by another thing", p.NameFI)
		}
	}
	if !seenPrefix {
		t.Error(`"johto" found no reels or ducts to rank`)
	}
	// Finnish letters without their dots.
	a := search(t, catalog.SearchQuery{Text: "jatkojohto 5 m", Lang: domain.Finnish, Limit: 100})
	b := search(t, catalog.SearchQuery{Text: "Jatkojohto 5m", Lang: domain.Finnish, Limit: 100})
	if len(a.Products) == 0 || !slices.Equal(skus(a.Products), skus(b.Products)) {
		t.Errorf("jatkojohto: %v vs %v", skus(a.Products), skus(b.Products))
	}
	c := search(t, catalog.SearchQuery{Text: "kosteussuojattu", Lang: domain.Finnish})
	if len(c.Products) == 0 {
		t.Error(`"kosteussuojattu" found nothing`)
	}
	// Goods are asked for in the partitive ("onko kaapelia", "jatkojohtoa"),
	// and the Finnish trade name of the installation cable is MMJ.
	for q, want := range map[string]string{"kaapelia mmj 3x2,5": "KAB-YDY-3X25-", "jatkojohtoa": "", "lamppua e27": ""} {
		res := search(t, catalog.SearchQuery{Text: q, Lang: domain.Finnish, Limit: 10})
		if len(res.Products) == 0 || !strings.HasPrefix(res.Products[0].SKU, want) {
			t.Errorf("%q found %v", q, skus(res.Products))
		}
	}
}

func TestSearchTypos(t *testing.T) {
	d := loadDemo(t)
	breaker := func(p *catalog.Product) bool {
		c := d.categoryOf(p)
		return c == "protection-mcb" || c == "protection-rcd" || c == "protection-rcbo"
	}
	// No diacritics: exact after folding.
	res := search(t, catalog.SearchQuery{Text: "wylacznik nadpradowy", Lang: domain.Polish, Limit: 100})
	if len(res.Products) == 0 {
		t.Fatal(`"wylacznik nadpradowy" found nothing`)
	}
	if first := res.Products[0]; d.categoryOf(first) != "protection-mcb" || !strings.HasPrefix(first.NamePL, "Wyłącznik nadprądowy") {
		t.Errorf(`"wylacznik nadpradowy": first is %q`, first.NamePL)
	}
	for _, p := range res.Products {
		if !breaker(p) {
			t.Errorf(`"wylacznik nadpradowy" found %q`, p.NamePL)
		}
	}
	// Typos.
	for _, text := range []string{"wyłacznk", "wylacznk nadpradowy", "wyłącznik nadprądowi"} {
		res := search(t, catalog.SearchQuery{Text: text, Lang: domain.Polish})
		if len(res.Products) == 0 {
			t.Errorf("%q found nothing", text)
			continue
		}
		for _, p := range res.Products[:min(10, len(res.Products))] {
			if !breaker(p) || !strings.HasPrefix(p.NamePL, "Wyłącznik") {
				t.Errorf("%q found %q among the first", text, p.NamePL)
			}
		}
	}
	// A short word one letter off: few shared trigrams, one edit.
	res = search(t, catalog.SearchQuery{Text: "kabl hdmi", Lang: domain.Polish})
	if len(res.Products) == 0 || !strings.HasPrefix(res.Products[0].NamePL, "Kabel HDMI") {
		t.Errorf(`"kabl hdmi" found %v`, skus(res.Products))
	}
	res = search(t, catalog.SearchQuery{Text: "zarowla", Lang: domain.Polish})
	if len(res.Products) == 0 || d.categoryOf(res.Products[0]) != "lighting-bulbs" {
		t.Errorf(`"zarowla" found %v`, skus(res.Products))
	}
	res = search(t, catalog.SearchQuery{Text: "светодиодая лампа", Lang: domain.Russian})
	if len(res.Products) == 0 || d.categoryOf(res.Products[0]) != "lighting-bulbs" {
		t.Errorf(`"светодиодая лампа" found %v`, skus(res.Products))
	}
	// A word that matches nothing, not even approximately.
	res = search(t, catalog.SearchQuery{Text: "zarowka xyzzyq"})
	if res.Total != 0 || len(res.Products) != 0 {
		t.Errorf(`"zarowka xyzzyq" found %v`, skus(res.Products))
	}
}

func TestSearchExactCodeFirst(t *testing.T) {
	d := loadDemo(t)
	for _, text := range []string{"MCB-1P-B16-VT", "mcb-1p-b16-vt", " 5907412001081 "} {
		res := search(t, catalog.SearchQuery{Text: text, Lang: domain.Polish})
		got := skus(res.Products)
		// The adapter's name quotes the code at a word start; the breaker's
		// names do not contain it at all, only its code does.
		if len(got) != 2 || got[0] != "MCB-1P-B16-VT" || got[1] != d.adapter {
			t.Errorf("%q found %v, want [MCB-1P-B16-VT %s]", text, got, d.adapter)
		}
	}
	// A part of a SKU finds the products with it.
	res := search(t, catalog.SearchQuery{Text: "MCB-1P-B16", Lang: domain.Polish, Limit: 100})
	for _, p := range res.Products {
		if !strings.HasPrefix(p.SKU, "MCB-1P-B16") && p.SKU != d.adapter {
			t.Errorf(`"MCB-1P-B16" found %s`, p.SKU)
		}
	}
	if len(res.Products) < 2 {
		t.Errorf(`"MCB-1P-B16" found %v`, skus(res.Products))
	}
}

func TestSearchRanksTheUsersLanguage(t *testing.T) {
	loadDemo(t)
	// "kabel" is in some Polish names and, transliterated, in more Russian
	// ones ("кабель"); "kab" also in SKUs (KAB-...) and Polish "kablowe".
	for _, tc := range []struct {
		text string
		lang domain.Language
		has  func(*catalog.Product) bool
	}{
		{"kabel", domain.Polish, func(p *catalog.Product) bool { return strings.Contains(strings.ToLower(p.NamePL), "kabel") }},
		{"kab", domain.Russian, func(p *catalog.Product) bool { return strings.Contains(strings.ToLower(p.NameRU), "каб") }},
	} {
		in, out := 0, 0
		for _, p := range searchAll(t, catalog.SearchQuery{Text: tc.text, Lang: tc.lang}) {
			if tc.has(p) {
				if out > 0 {
					t.Errorf("%s %q: %s %q ranks after names without the word", tc.lang, tc.text, p.SKU, p.Name(tc.lang))
				}
				in++
			} else {
				out++
			}
		}
		if in == 0 || out == 0 {
			t.Errorf("%s %q: %d names with the word, %d without; want both", tc.lang, tc.text, in, out)
		}
	}
}

func TestSearchRanksWholeWordsAndFirstWords(t *testing.T) {
	loadDemo(t)
	// "Кабель ..." before "Кабелерез ...", which sorts first by name.
	res := search(t, catalog.SearchQuery{Text: "кабель", Lang: domain.Russian})
	if len(res.Products) == 0 || !strings.HasPrefix(res.Products[0].NameRU, "Кабель ") {
		t.Errorf("кабель: first is %v", skus(res.Products))
	}
	// The thing itself ("Gniazdo ...") before things with it ("Przedłużacz 3
	// gniazda ...", "Tester gniazd ...").
	all := searchAll(t, catalog.SearchQuery{Text: "gniazd", Lang: domain.Polish})
	seenOther := false
	for _, p := range all {
		if strings.HasPrefix(p.NamePL, "Gniazd") {
			if seenOther {
				t.Errorf("gniazd: %q after other products", p.NamePL)
				break
			}
		} else {
			seenOther = true
		}
	}
	if !seenOther || !strings.HasPrefix(all[0].NamePL, "Gniazd") {
		t.Errorf("gniazd: found %v", skus(all))
	}
}

func TestSearchCategory(t *testing.T) {
	d := loadDemo(t)
	av := search(t, catalog.SearchQuery{Text: "kabel", CategoryID: d.cat["cables-av"], Limit: 100})
	if len(av.Products) == 0 {
		t.Fatal("no cables in cables-av")
	}
	for _, p := range av.Products {
		if d.categoryOf(p) != "cables-av" {
			t.Errorf("cables-av search found %s in %s", p.SKU, d.categoryOf(p))
		}
	}
	// A parent category covers its subcategories.
	all := search(t, catalog.SearchQuery{Text: "kabel", Limit: 100})
	cables := search(t, catalog.SearchQuery{Text: "kabel", CategoryID: d.cat["cables"], Limit: 100})
	if cables.Total <= av.Total || cables.Total > all.Total {
		t.Errorf("kabel: %d in cables-av, %d in cables, %d in all", av.Total, cables.Total, all.Total)
	}
	for _, p := range cables.Products {
		if !strings.HasPrefix(d.categoryOf(p), "cables-") {
			t.Errorf("cables search found %s in %s", p.SKU, d.categoryOf(p))
		}
	}
	none := search(t, catalog.SearchQuery{Text: "zarowka", CategoryID: d.cat["cables"]})
	if none.Total != 0 || len(none.Products) != 0 {
		t.Errorf("zarowka in cables: %v", skus(none.Products))
	}
	browse := search(t, catalog.SearchQuery{CategoryID: d.cat["protection-mcb"], Limit: 100})
	if browse.Total != 53 { // 52 breakers and the adapter
		t.Errorf("protection-mcb lists %d products, want 53", browse.Total)
	}
}

func TestSearchInStockOnly(t *testing.T) {
	d := loadDemo(t)
	all := search(t, catalog.SearchQuery{Text: "zarowka", Limit: 100})
	inStock := search(t, catalog.SearchQuery{Text: "zarowka", InStockOnly: true, Limit: 100})
	want := 0
	for _, p := range all.Products {
		if !d.outOfStock[p.ID] {
			want++
		}
	}
	if inStock.Total != want || len(inStock.Products) != want || want == 0 || want == all.Total {
		t.Errorf("in stock: %d of %d, want %d", inStock.Total, all.Total, want)
	}
	for _, p := range inStock.Products {
		if d.outOfStock[p.ID] {
			t.Errorf("InStockOnly found %s with no stock", p.SKU)
		}
	}
	// Same order as without the filter.
	var filtered []string
	for _, p := range all.Products {
		if !d.outOfStock[p.ID] {
			filtered = append(filtered, p.SKU)
		}
	}
	if !slices.Equal(filtered, skus(inStock.Products)) {
		t.Errorf("InStockOnly order %v, want %v", skus(inStock.Products), filtered)
	}
	// Stock that is all reserved is not available.
	p := inStock.Products[0]
	dbtest.Exec(t, dbtest.DB(t), "UPDATE stock SET reserved = on_hand WHERE product_id = ?", p.ID)
	defer dbtest.Exec(t, dbtest.DB(t), "UPDATE stock SET reserved = 0 WHERE product_id = ?", p.ID)
	again := search(t, catalog.SearchQuery{Text: "zarowka", InStockOnly: true, Limit: 100})
	if slices.Contains(skus(again.Products), p.SKU) {
		t.Errorf("InStockOnly found %s with everything reserved", p.SKU)
	}
}

func TestSearchPagingAndBrowse(t *testing.T) {
	d := loadDemo(t)
	first := search(t, catalog.SearchQuery{Lang: domain.Polish})
	if len(first.Products) != 24 || first.Total != d.active {
		t.Fatalf("browse: %d products, total %d; want 24 of %d", len(first.Products), first.Total, d.active)
	}
	big := search(t, catalog.SearchQuery{Lang: domain.Polish, Limit: 1000})
	if len(big.Products) != 100 {
		t.Errorf("Limit 1000 gave %d products, want 100", len(big.Products))
	}
	// Walking the pages gives every active product once, in name order.
	var seen []string
	for off := 0; ; off += 50 {
		page := search(t, catalog.SearchQuery{Lang: domain.Polish, Limit: 50, Offset: off})
		if page.Total != d.active {
			t.Fatalf("offset %d: total %d, want %d", off, page.Total, d.active)
		}
		if len(page.Products) == 0 {
			break
		}
		for _, p := range page.Products {
			seen = append(seen, p.SKU)
			if !p.Active {
				t.Errorf("browse lists inactive %s", p.SKU)
			}
		}
	}
	if len(seen) != d.active || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != d.active {
		t.Errorf("pages gave %d products (%d distinct), want %d", len(seen), len(slices.Compact(slices.Sorted(slices.Values(seen)))), d.active)
	}
	if !slices.Equal(seen[:24], skus(first.Products)) {
		t.Errorf("first page differs from the walk")
	}
	// Name order in the user's language.
	for _, lang := range domain.Languages {
		res := search(t, catalog.SearchQuery{Lang: lang, CategoryID: d.cat["wiring"], Limit: 100})
		for i := 1; i < len(res.Products); i++ {
			a, b := nameKey(res.Products[i-1].Name(lang)), nameKey(res.Products[i].Name(lang))
			if a > b {
				t.Errorf("%s: %q listed before %q", lang, res.Products[i-1].Name(lang), res.Products[i].Name(lang))
			}
		}
	}
	// Search results page the same way; past the end there is nothing.
	all := search(t, catalog.SearchQuery{Text: "wyłącznik", Limit: 100})
	p2 := search(t, catalog.SearchQuery{Text: "wyłącznik", Limit: 10, Offset: 10})
	if !slices.Equal(skus(p2.Products), skus(all.Products[10:20])) || p2.Total != all.Total {
		t.Errorf("page 2: %v (total %d), want %v (total %d)", skus(p2.Products), p2.Total, skus(all.Products[10:20]), all.Total)
	}
	past := search(t, catalog.SearchQuery{Text: "wyłącznik", Offset: all.Total + 5})
	if len(past.Products) != 0 || past.Total != all.Total {
		t.Errorf("past the end: %d products, total %d; want 0, %d", len(past.Products), past.Total, all.Total)
	}
	neg := search(t, catalog.SearchQuery{Text: "wyłącznik", Limit: -1, Offset: -5})
	if len(neg.Products) != 24 || neg.Products[0].SKU != all.Products[0].SKU {
		t.Errorf("negative limit/offset: %d products", len(neg.Products))
	}
}

// nameKey mirrors how names sort: folded, lower case, punctuation as spaces,
// letters and digits apart (Polish and Finnish); Russian keeps its letters.
func nameKey(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
		"ä", "a", "ö", "o", "å", "a", "ё", "е").Replace(s)
	if strings.ContainsFunc(s, func(r rune) bool { return r >= 'а' && r <= 'я' }) {
		return s // Russian: the folded name itself
	}
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		isLetter, isDigit := r >= 'a' && r <= 'z', r >= '0' && r <= '9'
		switch {
		case !isLetter && !isDigit:
			r = ' '
		case isLetter && prev >= '0' && prev <= '9', isDigit && prev >= 'a' && prev <= 'z':
			b.WriteRune(' ')
		}
		if r == ' ' && prev == ' ' {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	return strings.TrimSpace(b.String())
}

func TestSearchNeverShowsInactive(t *testing.T) {
	d := loadDemo(t)
	for _, q := range []catalog.SearchQuery{
		{Text: "OLD-ZAR-60W"},
		{Text: "wycofana"},
		{Text: "żarówka tradycyjna"},
		{Text: "hehkulamppu"},
		{Text: d.retired},
		{Text: "5907412002866"}, // the retired product's EAN
		{Text: "zarowka", Limit: 100},
		{CategoryID: d.cat["lighting-bulbs"], Limit: 100},
		{Limit: 100, Offset: 0},
	} {
		res := search(t, q)
		for _, p := range res.Products {
			if !p.Active || p.SKU == d.retired || p.SKU == "OLD-ZAR-60W" {
				t.Errorf("%+v found inactive %s", q, p.SKU)
			}
		}
	}
	// Reactivated, it is found again.
	dbtest.Exec(t, dbtest.DB(t), "UPDATE products SET active = true WHERE sku = ?", d.retired)
	defer dbtest.Exec(t, dbtest.DB(t), "UPDATE products SET active = false WHERE sku = ?", d.retired)
	res := search(t, catalog.SearchQuery{Text: d.retired})
	if len(res.Products) == 0 || res.Products[0].SKU != d.retired {
		t.Errorf("reactivated %s not found first: %v", d.retired, skus(res.Products))
	}
}

func TestSearchFollowsProductChanges(t *testing.T) {
	d := loadDemo(t)
	db := dbtest.DB(t)
	id := d.id["HDMI-20-1M-LK"]
	var before struct {
		NamePL string `bun:"name_pl"`
		NameFI string `bun:"name_fi"`
	}
	dbtest.Scan(t, db, &before, "SELECT name_pl, name_fi FROM products WHERE id = ?", id)
	t.Cleanup(func() {
		dbtest.Exec(t, db, "UPDATE products SET name_pl = ?, name_fi = ? WHERE id = ?", before.NamePL, before.NameFI, id)
	})
	dbtest.Exec(t, db, "UPDATE products SET name_fi = 'HDMI-kaapeli 1 m, Kvarkkimalli' WHERE id = ?", id)
	res := search(t, catalog.SearchQuery{Text: "kvarkkimalli", Lang: domain.Finnish})
	if len(res.Products) != 1 || res.Products[0].ID != id {
		t.Errorf("renamed product: found %v", skus(res.Products))
	}
	// An upsert, as the ERP import writes products.
	dbtest.Exec(t, db, `INSERT INTO products (sku, name_pl, name_ru, name_fi) VALUES ('HDMI-20-1M-LK', 'Kabel HDMI Kwarkowy', '', '')
		ON CONFLICT (sku) DO UPDATE SET name_pl = EXCLUDED.name_pl`)
	dbtest.Exec(t, db, `INSERT INTO products (sku, name_pl, name_ru, name_fi) VALUES ('NEW-KWARK-1', 'Kwarkowy rozgałęźnik', 'Кварковый разветвитель', '')
		ON CONFLICT (sku) DO UPDATE SET name_pl = EXCLUDED.name_pl`)
	t.Cleanup(func() { dbtest.Exec(t, db, "DELETE FROM products WHERE sku = 'NEW-KWARK-1'") })
	res = search(t, catalog.SearchQuery{Text: "kwarkowy", Lang: domain.Polish})
	if got := skus(res.Products); !slices.Equal(got, []string{"NEW-KWARK-1", "HDMI-20-1M-LK"}) { // first word first
		t.Errorf("upserted products: found %v", got)
	}
	// The Russian name of the new one; its empty Finnish name falls back to Polish.
	for _, q := range []catalog.SearchQuery{{Text: "кварковый", Lang: domain.Russian}, {Text: "rozgałęźnik", Lang: domain.Finnish}} {
		if res := search(t, q); len(res.Products) != 1 || res.Products[0].SKU != "NEW-KWARK-1" {
			t.Errorf("%q: found %v", q.Text, skus(res.Products))
		}
	}
	// Deleted, it is gone from search.
	dbtest.Exec(t, db, "DELETE FROM products WHERE sku = 'NEW-KWARK-1'")
	if res := search(t, catalog.SearchQuery{Text: "kwarkowy"}); len(res.Products) != 1 {
		t.Errorf("after delete: found %v", skus(res.Products))
	}
}

func TestSearchTotalIsCapped(t *testing.T) {
	loadDemo(t)
	db := dbtest.DB(t)
	var cat int64
	dbtest.Scan(t, db, &cat, `INSERT INTO categories (code, name_pl, name_ru, name_fi) VALUES ('test-screws', 'Wkręty', 'Шурупы', 'Ruuvit') RETURNING id`)
	dbtest.Exec(t, db, `INSERT INTO products (sku, category_id, name_pl, name_ru, name_fi)
		SELECT 'SCREW-' || n, ?, 'Wkręt testowy ' || n, 'Шуруп ' || n, 'Ruuvi ' || n FROM generate_series(1, 1100) n`, cat)
	t.Cleanup(func() {
		dbtest.Exec(t, db, "DELETE FROM products WHERE category_id = ?", cat)
		dbtest.Exec(t, db, "DELETE FROM categories WHERE id = ?", cat)
	})
	for _, q := range []catalog.SearchQuery{{Text: "wkręt"}, {Text: "шуруп", Lang: domain.Russian}, {CategoryID: cat}} {
		first := search(t, q)
		if first.Total != catalog.MaxSearchTotal || len(first.Products) != 24 {
			t.Errorf("%+v: total %d, %d products; want %d, 24", q, first.Total, len(first.Products), catalog.MaxSearchTotal)
		}
		q.Offset, q.Limit = catalog.MaxSearchTotal-10, 100
		if last := search(t, q); len(last.Products) != 10 || last.Total != catalog.MaxSearchTotal {
			t.Errorf("%+v: %d products, total %d; want 10, %d", q, len(last.Products), last.Total, catalog.MaxSearchTotal)
		}
		q.Offset = catalog.MaxSearchTotal + 50
		if past := search(t, q); len(past.Products) != 0 || past.Total != catalog.MaxSearchTotal {
			t.Errorf("%+v: %d products, total %d", q, len(past.Products), past.Total)
		}
	}
	// Exact codes are found among them.
	if res := search(t, catalog.SearchQuery{Text: "screw-1050"}); len(res.Products) == 0 || res.Products[0].SKU != "SCREW-1050" {
		t.Errorf("screw-1050: found %v", skus(res.Products))
	}
}

func TestSearchSpecialCharacters(t *testing.T) {
	d := loadDemo(t)
	for _, text := range []string{"%", "_", "'", `\`, "%%", "_%_", `\%`, "''", `"`, ";", "|", "*", "?", "$1", "%'; DROP TABLE products; --"} {
		res := search(t, catalog.SearchQuery{Text: text})
		if res.Total != 0 && res.Total >= d.active {
			t.Errorf("%q matched everything (%d)", text, res.Total)
		}
		if strings.Trim(text, `%_'\"|;*?$`) == "" && res.Total != 0 {
			t.Errorf("%q found %v", text, skus(res.Products))
		}
	}
	// Special characters around real words do not get in the way.
	for _, text := range []string{"żarówka%", "'żarówka'", `żarówka\`, "żarówka_", "(żarówka)"} {
		res := search(t, catalog.SearchQuery{Text: text})
		if len(res.Products) == 0 || d.categoryOf(res.Products[0]) != "lighting-bulbs" {
			t.Errorf("%q found %v", text, skus(res.Products))
		}
	}
	// Very long input is cut, not an error.
	search(t, catalog.SearchQuery{Text: strings.Repeat("żarówka ", 500)})
}

func TestCategories(t *testing.T) {
	d := loadDemo(t)
	cs, err := catalog.Categories(context.Background(), dbtest.DB(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != len(demo.Categories()) {
		t.Fatalf("%d categories, want %d", len(cs), len(demo.Categories()))
	}
	for i, c := range cs {
		if i > 0 && cs[i-1].Sort > c.Sort {
			t.Errorf("%s listed before %s", cs[i-1].Code, c.Code)
		}
		if c.Code == "lighting-bulbs" {
			if c.ParentID == nil || *c.ParentID != d.cat["lighting"] {
				t.Errorf("lighting-bulbs parent %v", c.ParentID)
			}
			if c.Name(domain.Polish) != "Żarówki LED" || c.Name(domain.Russian) != "Светодиодные лампы" || c.Name(domain.Finnish) != "LED-lamput" {
				t.Errorf("names %q %q %q", c.Name(domain.Polish), c.Name(domain.Russian), c.Name(domain.Finnish))
			}
		}
	}
	c := catalog.Category{NamePL: "Kable", NameFI: "Kaapelit"}
	if c.Name(domain.Russian) != "Kable" || c.Name(domain.Finnish) != "Kaapelit" {
		t.Errorf("fallback: %q %q", c.Name(domain.Russian), c.Name(domain.Finnish))
	}
}
