package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"partnerdesk/domain"
	"partnerdesk/domain/catalog"
	"partnerdesk/domain/dbtest"
	"partnerdesk/domain/demo"
	"partnerdesk/domain/pricing"
)

// benchProducts is how many products the benchmark catalogue has.
const benchProducts = 100_000

var (
	benchOnce sync.Once
	benchCat  *benchCatalog
	benchErr  error
)

type benchCatalog struct {
	cat      map[string]int64
	customer pricing.Customer
	sample   []benchSample // a few generated products, for code queries
	load     time.Duration
	phases   []string // how long the loading steps took
}

type benchSample struct {
	SKU string `bun:"sku"`
	EAN string `bun:"ean"`
}

// loadBench builds the benchmark catalogue once per process: 100,000 variants
// of the demo products (unique SKUs and EANs, names with a series suffix, about
// 3% inactive, 9% out of stock, in random order), list prices, quantity breaks,
// a price group and a company, then ANALYZE.
func loadBench(b *testing.B) *benchCatalog {
	b.Helper()
	benchOnce.Do(func() {
		start := time.Now()
		benchCat, benchErr = insertBench(context.Background(), b, dbtest.DB(b))
		if benchCat != nil {
			benchCat.load = time.Since(start)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchCat
}

func insertBench(ctx context.Context, b *testing.B, db *bun.DB) (*benchCatalog, error) {
	bc := &benchCatalog{}
	var err error
	if bc.cat, err = insertCategories(ctx, db); err != nil {
		return nil, err
	}
	seeds := demo.Products()
	cols := make([][]string, 10)
	packs, moqs := make([]int, len(seeds)), make([]int, len(seeds))
	pln := make([]int64, len(seeds))
	for i, s := range seeds {
		for k, v := range []string{s.SKU, s.Category, s.Unit, s.VATClass, s.Name["pl"], s.Name["ru"], s.Name["fi"],
			s.Description["pl"], s.Description["ru"], s.Description["fi"]} {
			cols[k] = append(cols[k], v)
		}
		packs[i], moqs[i], pln[i] = s.PackSize, s.MinOrderQty, s.ListPrice["PLN"]
	}
	var args []any
	for _, c := range cols {
		args = append(args, pgdialect.Array(c))
	}
	variants := (benchProducts + len(seeds) - 1) / len(seeds)
	args = append(args, pgdialect.Array(packs), pgdialect.Array(moqs), pgdialect.Array(pln), variants, benchProducts)

	// Two loaders, one per core, each on its own connection (a temporary
	// table, session settings) inserting batches of about 5,000 rows picked
	// at random: neighbours on disk are unrelated products, as in a catalogue
	// that grew over years, and each statement stays well within the
	// driver's timeout.
	const batches, workers = 20, 2
	start := time.Now()
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			errs <- func() error {
				conn, err := db.Conn(ctx)
				if err != nil {
					return err
				}
				defer conn.Close()
				exec := func(query string, args ...any) error {
					if _, err := conn.ExecContext(ctx, query, args...); err != nil {
						return fmt.Errorf("bench data: %w\n%s", err, query)
					}
					return nil
				}
				// Bulk loading: the trigram index of products collects new
				// entries in a pending list and merges them in big batches
				// (flushed below); product_search's has its own small limit.
				if err := exec("SET gin_pending_list_limit = '64MB'"); err != nil {
					return err
				}
				if err := exec(benchGenerateSQL, append(slices.Clone(args), batches, workers, w)...); err != nil {
					return err
				}
				for batch := w; batch < batches; batch += workers {
					if err := exec(benchInsertSQL, batch); err != nil {
						return err
					}
				}
				return nil
			}()
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			return nil, err
		}
	}
	bc.phases = append(bc.phases, fmt.Sprintf("products %.1fs", time.Since(start).Seconds()))
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	wh, err := warehouse(ctx, conn)
	if err != nil {
		return nil, err
	}
	var groupID int64
	err = conn.NewRaw(`INSERT INTO price_groups (code, name_pl, name_ru, name_fi, discount_bp)
		VALUES ('bench', 'Hurt', 'Опт', 'Tukku', 800) RETURNING id`).Scan(ctx, &groupID)
	if err != nil {
		return nil, err
	}
	company := dbtest.Company(b, conn, dbtest.CompanyOpts{PriceGroupID: groupID})
	for _, q := range []struct {
		name, sql string
		args      []any
	}{
		{"stock", `INSERT INTO stock (product_id, warehouse_id, on_hand)
		  SELECT id, ?, CASE WHEN id % 11 = 0 THEN 0 ELSE 100 * pack_size END FROM products
		  ON CONFLICT DO NOTHING`, []any{wh}},
		{"breaks", `INSERT INTO quantity_breaks (product_id, min_qty, discount_bp)
		  SELECT id, greatest(min_order_qty * 5, 2), 300 FROM products WHERE id % 3 = 0
		  ON CONFLICT DO NOTHING`, nil},
		{"company prices", `INSERT INTO company_prices (company_id, product_id, unit_price)
		  SELECT ?, product_id, unit_price * 85 / 100 FROM list_prices WHERE product_id % 50 = 0 AND currency = 'PLN'`, []any{company}},
		// Merge the pending index entries, as autovacuum would soon.
		{"index flush", `SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_am am ON am.oid = c.relam
		  WHERE c.relkind = 'i' AND am.amname = 'gin'`, nil},
		{"analyze", "ANALYZE", nil},
	} {
		start := time.Now()
		if _, err := conn.ExecContext(ctx, q.sql, q.args...); err != nil {
			return nil, fmt.Errorf("bench %s: %w", q.name, err)
		}
		bc.phases = append(bc.phases, fmt.Sprintf("%s %.1fs", q.name, time.Since(start).Seconds()))
	}
	if bc.customer, err = pricing.CustomerOf(ctx, conn, company); err != nil {
		return nil, err
	}
	err = conn.NewRaw(`SELECT sku, ean FROM products WHERE active AND sku ~ '-[0-9]{3}$' ORDER BY md5(sku) LIMIT 20`).Scan(ctx, &bc.sample)
	if err != nil {
		return nil, err
	}
	return bc, nil
}

// benchGenerateSQL builds the variants of the demo products in a temporary
// table, in random order, with their batch: the batches of one loader. Variant v of product n: SKU
// "<sku>-<v>", EAN "2<v><n>", names with ", seria <Word> <v>" (серия, sarja),
// inactive when v % 29 = 7.
const benchGenerateSQL = `
	CREATE TEMPORARY TABLE bench_variants AS
	WITH base AS (
		SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
		                     ?::int[], ?::int[], ?::bigint[])
		     WITH ORDINALITY AS b(sku, category, unit, vat_class, name_pl, name_ru, name_fi, description_pl, description_ru, description_fi,
		                          pack_size, min_order_qty, pln, n)
	), gen AS (
		SELECT b.*, v, s.word || ' ' || v AS series, b.sku || '-' || lpad(v::text, 3, '0') AS vsku
		FROM base b
		CROSS JOIN generate_series(1, ?) AS v
		CROSS JOIN LATERAL (SELECT initcap(
			(ARRAY['ka','lo','mi','ra','ve','to','nu','si','de','po'])[v % 10 + 1] ||
			(ARRAY['ri','sa','mo','te','la','vi','ko','pe','du','na'])[v / 10 % 10 + 1] ||
			(ARRAY['n','s','x','r','l','k','m','t'])[v / 100 % 8 + 1]) AS word) s
		ORDER BY v, b.n
		LIMIT ?
	)
	SELECT * FROM (SELECT g.*, abs(hashtext(g.vsku)) % ? AS batch FROM gen g) b
	WHERE batch % ? = ?
	ORDER BY md5(vsku)`

// benchInsertSQL inserts one batch of variants with their PLN list prices.
const benchInsertSQL = `
	WITH ins AS (
		INSERT INTO products (sku, ean, category_id, unit, pack_size, min_order_qty, vat_class,
		                      name_pl, name_ru, name_fi, description_pl, description_ru, description_fi, active)
		SELECT g.vsku, '2' || lpad(g.v::text, 3, '0') || lpad(g.n::text, 9, '0'),
		       c.id, g.unit, g.pack_size, g.min_order_qty, g.vat_class,
		       g.name_pl || ', seria ' || g.series, g.name_ru || ', серия ' || g.series, g.name_fi || ', sarja ' || g.series,
		       g.description_pl, g.description_ru, g.description_fi, g.v % 29 <> 7
		FROM bench_variants g JOIN categories c ON c.code = g.category
		WHERE g.batch = ?
		RETURNING id, sku
	)
	INSERT INTO list_prices (product_id, currency, unit_price)
	SELECT ins.id, 'PLN', g.pln * (90 + g.v % 20) / 100
	FROM ins JOIN bench_variants g ON g.vsku = ins.sku`

// benchQueries is a mix of what customers type: Polish, Russian and Finnish
// words, with and without diacritics, typos, SKUs and EANs, one and two words,
// with and without a category or the in-stock filter.
func benchQueries(bc *benchCatalog) []catalog.SearchQuery {
	pl, ru, fi := domain.Polish, domain.Russian, domain.Finnish
	qs := []catalog.SearchQuery{
		{Text: "żarówka", Lang: pl},
		{Text: "zarowka e27", Lang: pl},
		{Text: "żarówka led 9w", Lang: pl},
		{Text: "kabel hdmi 2m", Lang: pl},
		{Text: "wyłącznik nadprądowy", Lang: pl},
		{Text: "wylacznik roznicowopradowy", Lang: pl},
		{Text: "gniazdo podwójne", Lang: pl},
		{Text: "przedłużacz 5m", Lang: pl},
		{Text: "przewód ydy 3x2,5", Lang: pl},
		{Text: "puszka podtynkowa", Lang: pl},
		{Text: "opaski kablowe", Lang: pl},
		{Text: "taśma izolacyjna", Lang: pl},
		{Text: "led", Lang: pl},
		{Text: "kabel", Lang: pl},
		{Text: "zarowla", Lang: pl},
		{Text: "wyłacznk", Lang: pl},
		{Text: "przedluzasz", Lang: pl},
		{Text: "автомат 16А", Lang: ru},
		{Text: "кабель", Lang: ru},
		{Text: "лампа светодиодная", Lang: ru},
		{Text: "розетка", Lang: ru},
		{Text: "удлинитель 3 м", Lang: ru},
		{Text: "выключатель", Lang: ru},
		{Text: "светодиодая", Lang: ru},
		{Text: "удленитель", Lang: ru},
		{Text: "johto", Lang: fi},
		{Text: "jatkojohto", Lang: fi},
		{Text: "pistorasia", Lang: fi},
		{Text: "led-lamppu e27", Lang: fi},
		{Text: "kytkin", Lang: fi},
		{Text: "kaapeli", Lang: fi},
		{Text: "pistorasa", Lang: fi},
		{Text: "johdonsuojakatkasija", Lang: fi},
		{Text: "HDMI-20-2M", Lang: pl},
		{Text: "kabel", Lang: pl, CategoryID: bc.cat["cables"]},
		{Text: "led", Lang: pl, CategoryID: bc.cat["lighting"]},
		{Text: "16a", Lang: ru, CategoryID: bc.cat["protection"]},
		{Text: "zarowka", Lang: pl, InStockOnly: true},
		{Text: "kabel", Lang: ru, InStockOnly: true},
		{Lang: pl, CategoryID: bc.cat["protection-mcb"]},
		{Lang: ru, CategoryID: bc.cat["wiring"], InStockOnly: true},
		{Lang: fi},
	}
	for i, s := range bc.sample[:6] {
		switch i % 3 {
		case 0:
			qs = append(qs, catalog.SearchQuery{Text: s.SKU, Lang: pl})
		case 1:
			qs = append(qs, catalog.SearchQuery{Text: s.EAN, Lang: ru})
		default:
			qs = append(qs, catalog.SearchQuery{Text: strings.ToLower(s.SKU), Lang: fi})
		}
	}
	for i := range qs {
		qs[i].Limit = 24
	}
	return qs
}

// BenchmarkSearch runs the query mix over 100,000 products and reports each
// query's latency: p50 and p95 of the search alone, and p95 of the search
// plus pricing the page for a company (what the catalogue page does).
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db := dbtest.DB(b)
	bc := loadBench(b)
	qs := benchQueries(bc)
	// Warm the caches once, as a running server's are.
	for _, q := range qs {
		if _, err := catalog.Search(ctx, db, q); err != nil {
			b.Fatalf("%+v: %v", q, err)
		}
	}
	search := make([]time.Duration, 0, b.N)
	priced := make([]time.Duration, 0, b.N)
	type slow struct {
		d time.Duration
		q catalog.SearchQuery
		n int
	}
	var slowest []slow
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		start := time.Now()
		res, err := catalog.Search(ctx, db, q)
		if err != nil {
			b.Fatalf("%+v: %v", q, err)
		}
		took := time.Since(start)
		items := make([]pricing.Item, len(res.Products))
		for k, p := range res.Products {
			items[k] = pricing.Item{ProductID: p.ID, Qty: p.MinOrderQty}
		}
		if _, err := pricing.UnitPrices(ctx, db, bc.customer, items); err != nil {
			b.Fatal(err)
		}
		search = append(search, took)
		priced = append(priced, time.Since(start))
		slowest = append(slowest, slow{took, q, res.Total})
	}
	b.StopTimer()
	b.ReportMetric(percentile(search, 50), "p50-ms")
	b.ReportMetric(percentile(search, 95), "p95-ms")
	b.ReportMetric(percentile(priced, 50), "p50-priced-ms")
	b.ReportMetric(percentile(priced, 95), "p95-priced-ms")
	b.ReportMetric(bc.load.Seconds(), "load-s")
	if b.N >= len(qs) {
		sort.Slice(slowest, func(i, j int) bool { return slowest[i].d > slowest[j].d })
		for _, s := range slowest[:5] {
			b.Logf("slow: %6.2f ms  %q lang=%s cat=%d stock=%v total=%d", float64(s.d.Microseconds())/1000,
				s.q.Text, s.q.Lang, s.q.CategoryID, s.q.InStockOnly, s.n)
		}
		b.Logf("%d products loaded in %.1f s (%s)", benchProducts, bc.load.Seconds(), strings.Join(bc.phases, ", "))
	}
}

// percentile returns the p-th percentile of ds in milliseconds.
func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return float64(s[min(max(i-1, 0), len(s)-1)].Microseconds()) / 1000
}
