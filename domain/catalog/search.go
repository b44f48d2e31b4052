package catalog

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"partnerdesk/domain"
)

// Catalog search.
//
// What matches: the query is cut into words at white space; each word is
// normalized in SQL by pd_search_norm (migration 20261122110000_search):
// pd_fold (lower case, unaccent: "Żarówka" -> "zarowka", "ё" -> "е"), then
// Cyrillic lowercased and transliterated ("Автомат" -> "avtomat"), then
// anything but a-z and 0-9 turned into spaces and letters split from digits
// ("16А", "16a" and "16 А" all become "16 a"; "B16" becomes "b 16"). Product
// names (pl, ru, fi), SKU and EAN are stored normalized the same way in
// product_search.doc. Every query word must match:
//
//   - as a substring of the document (LIKE); a word that starts or ends with
//     a number matches the whole number ("16" finds "B16" and "16 A", not
//     "160"), a word of 1-2 letters matches at the start of a word only; a
//     number followed by a unit written apart is one word ("2 m" = "2m");
//   - a word of 4+ letters that is no whole word of any product name (a
//     typo: "zarowla", "wyłacznk", "kabl") matches also the words of the
//     names one edit away from it or most similar to it (pg_trgm similarity
//     at least 0.4 and within 0.1 of the best; at most 5), as whole words;
//     the likelier correction ranks higher.
//
// Ranking: an exact SKU (any case) or EAN match first; then the products whose
// name in the user's language has every word; then by how well the words
// match that name (whole word, start of a word, inside a word, typo correction,
// only elsewhere; a match of the name's first word counts extra); then by that
// name; then by id. An empty query lists (browses) by name.
//
// Limits, for speed: Total counts at most MaxSearchTotal (1000) matches, so
// 1000 means "1000 or more", and paging ends there. A query matching more
// products than that ranks the first 1000 it finds (in index order, that is
// about at random) and those only: its first page shows the best of them, not
// necessarily of all matches. Such queries are too broad to read through
// anyway; the user narrows them.

// MaxSearchTotal caps SearchResult.Total and how far paging reaches.
const MaxSearchTotal = 1000

const (
	defaultSearchLimit = 24
	maxSearchLimit     = 100
	maxSearchRunes     = 200            // longer input is cut
	maxSearchWords     = 8              // further words are ignored
	typoSimilarity     = 0.4            // pg_trgm similarity of a typo to a catalogue word
	maxTypoFixes       = 5              // catalogue words tried per misspelt word
	typoSpread         = 0.1            // ... those at most this much less similar than the best
	minTypoLetters     = 4              // shorter words are never corrected
	searchScanCap      = MaxSearchTotal // matches read and ranked at most
)

// SearchQuery is what a user asks the catalogue.
type SearchQuery struct {
	Text        string          // what the user typed: words in pl/ru/fi, with or without diacritics, typos, an SKU or an EAN
	CategoryID  int64           // 0 = all; otherwise this category and its subcategories
	Lang        domain.Language // ranking prefers names in this language
	InStockOnly bool
	Limit       int // default 24, max 100
	Offset      int
}

// SearchResult is one page of matches.
type SearchResult struct {
	Products []*Product // in rank order
	Total    int        // number of matches, at most MaxSearchTotal
}

// Category is a node of the catalogue tree.
type Category struct {
	ID       int64  `bun:"id"`
	ParentID *int64 `bun:"parent_id"`
	Code     string `bun:"code"`
	NamePL   string `bun:"name_pl"`
	NameRU   string `bun:"name_ru"`
	NameFI   string `bun:"name_fi"`
	Sort     int    `bun:"sort"`
}

// Name is the category's name in lang, or in another language when missing.
func (c *Category) Name(lang domain.Language) string {
	return domain.Texts{PL: c.NamePL, RU: c.NameRU, FI: c.NameFI}.In(lang)
}

// Categories returns the category tree for navigation, ordered by sort.
func Categories(ctx context.Context, db bun.IDB) ([]*Category, error) {
	var cs []*Category
	err := db.NewRaw(`SELECT id, parent_id, code, name_pl, name_ru, name_fi, sort
		FROM categories ORDER BY sort, id`).Scan(ctx, &cs)
	if err != nil {
		return nil, fmt.Errorf("catalog: categories: %w", err)
	}
	return cs, nil
}

// searchTerm is one query word as LIKE patterns over product_search.doc.
type searchTerm struct {
	match    string    // anywhere (numbers whole)
	start    string    // at the start of a word
	whole    string    // a whole word
	first    string    // the first word of a name
	index    []string  // its words of 3+ characters, for the trigram index
	word     string    // the normalized word
	fixes    []string  // typo corrections, as patterns of whole words
	fixWords []string  // the corrections themselves
	sims     []float64 // their similarity to the word

	// Finnish compounds name the thing by their last part ("jatkojohto" is
	// a johto, "johtokela" a reel): a word ending in the term, and a first
	// word ending in it (a regular expression). Empty for a term of several
	// words or a number.
	end, headFirst string
}

// errReadDone ends the transaction a search runs in: rolling it back undoes
// its planner settings, also inside a caller's transaction.
var errReadDone = errors.New("catalog: search done")

// Search finds active products for q, best first.
func Search(ctx context.Context, db bun.IDB, q SearchQuery) (SearchResult, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	limit = min(limit, maxSearchLimit)
	offset := min(max(q.Offset, 0), MaxSearchTotal)
	limit = min(limit, MaxSearchTotal-offset) // paging ends where Total does
	text := strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(text) > maxSearchRunes {
		text = string([]rune(text)[:maxSearchRunes])
	}
	s := &searcher{q: q, text: text, offset: offset, limit: limit}
	switch q.Lang {
	case domain.Russian:
		// The segment is transliterated; key_ru sorts in Cyrillic.
		s.name, s.sortKey = "split_part(ps.doc, '|', 3)", "ps.key_ru"
	case domain.Finnish:
		s.name, s.sortKey = "split_part(ps.doc, '|', 4)", "split_part(ps.doc, '|', 4)"
	default:
		s.name, s.sortKey = "split_part(ps.doc, '|', 2)", "split_part(ps.doc, '|', 2)"
	}

	// A search wants the trigram index, always: with a common word the
	// planner expects many matches and picks a sequential scan, which then
	// tests every product. So it runs with enable_seqscan off, in a
	// transaction (or a savepoint) that is rolled back. (JIT compiling,
	// which costs more than it saves on queries this short, is off on all
	// our connections: domain.Open.) Browsing a category needs neither.
	var page []pageRow
	var err error
	if text == "" {
		page, err = s.browse(ctx, db)
	} else {
		err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.ExecContext(ctx, "SELECT set_config('enable_seqscan', 'off', true)"); err != nil {
				return fmt.Errorf("catalog: search settings: %w", err)
			}
			var err error
			if page, err = s.search(ctx, tx); err != nil {
				return err
			}
			return errReadDone
		})
		if errors.Is(err, errReadDone) {
			err = nil
		}
	}
	if err != nil {
		return SearchResult{}, err
	}

	res := SearchResult{Products: make([]*Product, 0, len(page))}
	var ids []int64
	for _, r := range page {
		res.Total = r.Total
		if r.ProductID != nil {
			ids = append(ids, *r.ProductID)
		}
	}
	if len(ids) == 0 {
		return res, nil
	}
	byID, err := ProductsByID(ctx, db, ids)
	if err != nil {
		return SearchResult{}, err
	}
	for _, id := range ids {
		if p, ok := byID[id]; ok && p.Active {
			res.Products = append(res.Products, p)
		}
	}
	return res, nil
}

// pageRow is a product of the page, in rank order, with the total; a page
// past the end is one row without a product.
type pageRow struct {
	ProductID *int64 `bun:"product_id"`
	Total     int    `bun:"total"`
}

// searcher builds the SQL of one search.
type searcher struct {
	q             SearchQuery
	text          string
	offset, limit int
	name          string  // the name segment in the user's language
	sortKey       string  // how that name sorts
	categories    []int64 // the category and its subcategories, if asked
}

// query collects SQL text and its arguments.
type query struct {
	strings.Builder
	args []any
}

func (b *query) add(sql string, args ...any) {
	b.WriteString(sql)
	b.args = append(b.args, args...)
}

// subtree loads the ids of the category and its subcategories.
func (s *searcher) subtree(ctx context.Context, db bun.IDB) error {
	if s.q.CategoryID == 0 {
		return nil
	}
	err := db.NewRaw(`WITH RECURSIVE tree AS (
			SELECT id FROM categories WHERE id = ?
			UNION
			SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id)
		SELECT id FROM tree ORDER BY id`, s.q.CategoryID).Scan(ctx, &s.categories)
	if err != nil {
		return fmt.Errorf("catalog: category %d: %w", s.q.CategoryID, err)
	}
	return nil
}

// filters adds the category and stock conditions.
func (s *searcher) filters(b *query) {
	if s.q.CategoryID != 0 {
		b.add(" AND ps.category_id = ANY(?)", pgdialect.Array(s.categories))
	}
	if s.q.InStockOnly {
		b.add(inStock)
	}
}

// inStock: something available in some warehouse. OFFSET 0 keeps it a check
// of each row as it comes; made a join, it would read the stock of every match.
const inStock = " AND EXISTS (SELECT 1 FROM stock st WHERE st.product_id = ps.product_id AND st.on_hand > st.reserved OFFSET 0)"

// browse lists active products by name. In a category it reads each
// subcategory's products in name order (an index per language) and merges.
func (s *searcher) browse(ctx context.Context, db bun.IDB) ([]pageRow, error) {
	if err := s.subtree(ctx, db); err != nil {
		return nil, err
	}
	if s.q.CategoryID != 0 && len(s.categories) == 0 {
		return nil, nil // no such category
	}
	var b query
	b.add("SELECT p.product_id, t.total FROM (SELECT count(*) AS total FROM (SELECT 1 FROM product_search ps WHERE ps.active")
	s.filters(&b)
	b.add(" LIMIT ?) m) t LEFT JOIN LATERAL (", MaxSearchTotal)
	if s.q.CategoryID == 0 {
		b.add("SELECT ps.product_id, " + s.sortKey + " AS sort_key FROM product_search ps WHERE ps.active")
		s.filters(&b)
	} else {
		b.add("SELECT * FROM (")
		for i, id := range s.categories {
			if i > 0 {
				b.add(" UNION ALL ")
			}
			b.add("(SELECT ps.product_id, "+s.sortKey+" AS sort_key FROM product_search ps WHERE ps.category_id = ? AND ps.active", id)
			if s.q.InStockOnly {
				b.add(inStock)
			}
			b.add(" ORDER BY sort_key, ps.product_id LIMIT ?)", s.offset+s.limit)
		}
		b.add(") u")
	}
	b.add(" ORDER BY sort_key, product_id OFFSET ? LIMIT ?) p ON true ORDER BY p.sort_key, p.product_id", s.offset, s.limit)
	var page []pageRow
	if err := db.NewRaw(b.String(), b.args...).Scan(ctx, &page); err != nil {
		return nil, fmt.Errorf("catalog: browse: %w", err)
	}
	return page, nil
}

// search ranks the products matching every word of the query. It reads at
// most searchScanCap matches, in index order, ranks them and keeps the first
// MaxSearchTotal.
func (s *searcher) search(ctx context.Context, db bun.IDB) ([]pageRow, error) {
	text := s.text
	if s.q.Lang == domain.Finnish {
		text = finnishBaseForms(text)
	}
	terms, err := searchTerms(ctx, db, text)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 {
		return nil, nil // only punctuation: it matches nothing (and must not list everything)
	}
	if err := s.subtree(ctx, db); err != nil {
		return nil, err
	}
	if s.q.CategoryID != 0 && len(s.categories) == 0 {
		return nil, nil
	}

	// exact and found read rows; ranked scores them (the name segment is
	// cut out once per row, below found's LIMIT).
	from := "SELECT ps.product_id, " + s.name + " AS seg, " + s.sortKey + " AS sort_key FROM product_search ps WHERE ps.active"
	var b query
	b.add("WITH exact AS (")
	if !strings.ContainsFunc(s.text, unicode.IsSpace) {
		b.add(from+" AND ps.product_id IN (SELECT id FROM products WHERE sku = ? OR ean = ?)", strings.ToUpper(s.text), s.text)
		s.filters(&b)
	} else {
		b.add("SELECT NULL::bigint AS product_id, NULL::text AS seg, NULL::text AS sort_key WHERE false")
	}
	b.add("), found AS (" + from)
	s.matches(&b, terms)
	s.filters(&b)
	b.add(" AND ps.product_id NOT IN (SELECT product_id FROM exact) LIMIT ?), ranked AS (SELECT product_id, CASE WHEN exact THEN 2 WHEN ", searchScanCap)
	for i, t := range terms {
		if i > 0 {
			b.add(" AND ")
		}
		s.anyLike(&b, "seg", t)
	}
	b.add(" THEN 1 ELSE 0 END AS grp, ")
	s.score(&b, terms)
	b.add(` AS score, sort_key
			FROM (SELECT true AS exact, * FROM exact UNION ALL SELECT false, * FROM found) c
			ORDER BY grp DESC, score DESC, sort_key, product_id LIMIT ?)
		SELECT p.product_id, t.total FROM (SELECT count(*) AS total FROM ranked) t
		LEFT JOIN LATERAL (SELECT * FROM ranked ORDER BY grp DESC, score DESC, sort_key, product_id OFFSET ? LIMIT ?) p ON true
		ORDER BY p.grp DESC, p.score DESC, p.sort_key, p.product_id`,
		MaxSearchTotal, s.offset, s.limit)
	var page []pageRow
	if err := db.NewRaw(b.String(), b.args...).Scan(ctx, &page); err != nil {
		return nil, fmt.Errorf("catalog: search: %w", err)
	}
	return page, nil
}

// score adds how well the terms match seg, the name in the user's language.
// Per term: a whole word 4, the start of a word 3, inside a word 2, a typo
// correction 1 to 2 by similarity, elsewhere 0; plus 1 when it is the name's
// first word, which says what the product is ("Кабель ...", "Żarówka ...").
//
// In Finnish a compound names the thing by its last part, so there a word
// ending in the term counts as the word itself, and the first-word point
// goes to a first word ending in it ("Jatkojohto ..." for "johto"), not to
// one starting with it ("Johtokela ...", a reel).
func (s *searcher) score(b *query, terms []searchTerm) {
	for i, t := range terms {
		if i > 0 {
			b.add(" + ")
		}
		heads := s.q.Lang == domain.Finnish && t.end != ""
		b.add("CASE WHEN seg LIKE ? THEN 4", t.whole)
		if heads {
			b.add(" WHEN seg LIKE ? THEN 4", t.end)
		}
		b.add(" WHEN seg LIKE ? THEN 3 WHEN seg LIKE ? THEN 2", t.start, t.match)
		for k, f := range t.fixes {
			b.add(fmt.Sprintf(" WHEN seg LIKE ? THEN %.3f::float8", 1+t.sims[k]*0.99), f)
		}
		if heads {
			b.add(" ELSE 0 END + CASE WHEN seg ~ ?", t.headFirst)
		} else {
			b.add(" ELSE 0 END + CASE WHEN seg LIKE ?", t.first)
		}
		for _, f := range t.fixes {
			b.add(" OR seg LIKE ?", strings.TrimPrefix(f, "%"))
		}
		b.add(" THEN 1 ELSE 0 END")
	}
}

// anyLike adds "(expr LIKE match OR expr LIKE fix ...)".
func (s *searcher) anyLike(b *query, expr string, t searchTerm) {
	b.add("("+expr+" LIKE ?", t.match)
	for _, f := range t.fixes {
		b.add(" OR "+expr+" LIKE ?", f)
	}
	b.add(")")
}

// matches adds the conditions that every term is somewhere in the document.
// The trigram index is asked for the longer words of a term, without
// boundaries ("%kabel%", "%017%"): a term like an SKU ("mcb 1 p b 16 vt 017")
// has many trigrams of short words and word boundaries (" 1 ", "  p") that
// are in nearly every product, and reading their index entries costs more
// than checking rows. The exact patterns are then checked on the rows:
// written with COLLATE "C", which the index (default collation) does not
// serve, so that the planner keeps them out of it.
func (s *searcher) matches(b *query, terms []searchTerm) {
	for _, t := range terms {
		b.add(" AND ")
		if len(t.index) == 0 && len(t.fixes) == 0 {
			// Only short words ("9 w", "a"): the index takes the pattern as
			// it is, a handful of common trigrams, still cheaper than
			// checking every row the other terms leave.
			s.anyLike(b, "ps.doc", t)
			continue
		}
		if len(t.fixes) > 0 {
			// The word itself (found in a SKU, maybe) or one of its
			// corrections; a correction containing another adds no rows.
			var alts []string
			for _, f := range slices.Concat([]string{t.word}, t.fixWords) {
				if !slices.ContainsFunc(alts, func(a string) bool { return strings.Contains(f, a) }) {
					alts = append(alts, f)
				}
			}
			b.add("(")
			for k, f := range alts {
				if k > 0 {
					b.add(" OR ")
				}
				b.add("(")
				for i, p := range indexPatterns(f) {
					if i > 0 {
						b.add(" AND ")
					}
					b.add("ps.doc LIKE ?", p)
				}
				b.add(")")
			}
			b.add(") AND ")
		} else {
			for k, p := range t.index {
				if k > 0 {
					b.add(" AND ")
				}
				b.add("ps.doc LIKE ?", p)
			}
			if slices.Contains(t.index, t.match) {
				continue // the index condition is the whole check
			}
			if len(t.index) > 0 {
				b.add(" AND ")
			}
		}
		b.add("(ps.doc LIKE ? COLLATE \"C\"", t.match)
		for _, f := range t.fixes {
			b.add(" OR ps.doc LIKE ? COLLATE \"C\"", f)
		}
		b.add(")")
	}
}

// crossSign is the "x" of a cross-section or size written with the Cyrillic
// letter, as a Russian keyboard types it ("3х2,5", "3 Х 1,5"), or with the
// multiplication sign: it means the Latin x the names use, not the letter
// "kh" transliteration would make of it.
var crossSign = regexp.MustCompile(`([0-9])\s*[хХ×]\s*([0-9])`)

// correctable is what a word correctable as a typo looks like.
var correctable = fmt.Sprintf("^[a-z]{%d,}$", minTypoLetters)

// termsStmt is searchTerms' statement, prepared (every search runs it): $1
// the words, $2 what a word correctable as a typo looks like, $3 the
// similarity a correction needs, $4 the most corrections per word.
var termsStmt = domain.NewPrepared(`
	SELECT n.norm, fx.fixes, fx.sims, fx.near
	FROM unnest($1::text[]) WITH ORDINALITY AS q(word, ord)
	CROSS JOIN LATERAL (SELECT pd_search_norm(q.word) AS norm) n
	LEFT JOIN LATERAL (
		SELECT array_agg(f.word ORDER BY f.near DESC, f.sim DESC, f.word) AS fixes,
		       array_agg(f.sim ORDER BY f.near DESC, f.sim DESC, f.word) AS sims,
		       array_agg(f.near ORDER BY f.near DESC, f.sim DESC, f.word) AS near
		FROM (SELECT w.word, similarity(w.word, n.norm) AS sim,
		             levenshtein_less_equal(w.word, n.norm, 1) <= 1 AS near
		      FROM search_words w
		      WHERE n.norm ~ $2::text
		        AND NOT EXISTS (SELECT 1 FROM search_words x WHERE x.word = n.norm)
		        AND w.word % n.norm
		        AND (similarity(w.word, n.norm) >= $3::real OR levenshtein_less_equal(w.word, n.norm, 1) <= 1)
		      ORDER BY near DESC, sim DESC, w.word
		      LIMIT $4::int) f
	) fx ON true
	ORDER BY q.ord`)

// searchTerms normalizes the query's words in SQL and looks up corrections
// for the misspelt ones, in one round trip.
func searchTerms(ctx context.Context, db bun.IDB, text string) ([]searchTerm, error) {
	words := strings.Fields(crossSign.ReplaceAllString(text, "${1}x${2}"))
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	var rows []struct {
		Norm  string    `bun:"norm"`
		Fixes []string  `bun:"fixes,array"`
		Sims  []float64 `bun:"sims,array"`
		Near  []bool    `bun:"near,array"`
	}
	// A word that is a whole word of some name is no typo. Candidates come
	// from the trigram index (w.word % norm); a candidate is a correction when
	// it is similar enough, or one edit away (short words share few trigrams:
	// "kabl" and "kabel").
	err := termsStmt.Select(ctx, db, &rows, domain.TextArray(words), correctable,
		typoSimilarity, maxTypoFixes)
	if err != nil {
		return nil, fmt.Errorf("catalog: search words: %w", err)
	}
	var terms []searchTerm
	var prev []string // atoms of the previous word
	for _, r := range rows {
		atoms := strings.Fields(r.Norm)
		if len(atoms) == 0 {
			continue
		}
		// "2 m", "16 А": a unit written apart from its number is one term,
		// the same as "2m" and "16А".
		if len(prev) > 0 && isNumber(prev[len(prev)-1]) && len(atoms) == 1 && len(atoms[0]) <= 3 && !isNumber(atoms[0]) {
			prev = append(prev, atoms[0])
			terms[len(terms)-1] = newSearchTerm(prev)
			continue
		}
		prev = atoms
		t := newSearchTerm(atoms)
		best := 0.0
		for i, sim := range r.Sims {
			if i >= len(r.Near) || !r.Near[i] {
				best = max(best, sim)
			}
		}
		for i, f := range r.Fixes {
			// The likeliest corrections only: one edit away, or about as
			// similar as the most similar.
			if i < len(r.Sims) && (i < len(r.Near) && r.Near[i] || r.Sims[i] >= best-typoSpread) {
				t.fixes = append(t.fixes, "% "+f+" %")
				t.fixWords = append(t.fixWords, f)
				t.sims = append(t.sims, r.Sims[i])
			}
		}
		terms = append(terms, t)
	}
	return terms, nil
}

// finnishBaseForms takes the partitive ending off Finnish words asked for
// ("onko kaapelia", "jatkojohtoa", "lamppua" — the case a Finn asks for
// goods in): a word of six letters or more ending in a vowel and then a or
// ä loses that last letter. Terms match anywhere in a word, so the shorter
// form still finds every name the longer one did.
func finnishBaseForms(text string) string {
	words := strings.Fields(text)
	for i, w := range words {
		r := []rune(w)
		if n := len(r); n >= 6 && (r[n-1] == 'a' || r[n-1] == 'ä') && strings.ContainsRune("aeiouyäö", unicode.ToLower(r[n-2])) {
			words[i] = string(r[:n-1])
		}
	}
	return strings.Join(words, " ")
}

// newSearchTerm builds the patterns of one normalized word. The atoms hold
// only a-z and 0-9, so they need no LIKE escaping; the document has a space
// around every atom, so " 16 " matches the number 16 and no other.
func newSearchTerm(atoms []string) searchTerm {
	phrase := strings.Join(atoms, " ")
	first, last := atoms[0], atoms[len(atoms)-1]
	var left, right string
	if isNumber(first) && len(first) < 6 || !isNumber(first) && len(first) <= 2 {
		left = " " // a whole number, or a short word at a word start
	}
	if isNumber(last) && len(last) < 6 {
		right = " " // long digit runs (EAN parts) match anywhere
	}
	var index []string
	for _, a := range atoms {
		for _, p := range indexPatterns(a) {
			if !slices.Contains(index, p) {
				index = append(index, p)
			}
		}
	}
	t := searchTerm{
		word:  phrase,
		index: index,
		match: "%" + left + phrase + right + "%",
		start: "% " + phrase + right + "%",
		whole: "% " + phrase + " %",
		first: " " + phrase + right + "%",
	}
	if len(atoms) == 1 && !isNumber(first) && len(first) >= 3 {
		t.end, t.headFirst = "%"+phrase+" %", "^ [^ ]*"+phrase+" "
	}
	return t
}

// indexPatterns is what the trigram index is asked for a word of a term: a
// word of 3+ characters anywhere, a long one by its first and last six (the
// index reads an entry list per trigram, and the rows are checked anyway), a
// two-digit number with its spaces (a whole word in the document). Shorter
// words are left to the check of the rows.
func indexPatterns(a string) []string {
	switch {
	case len(a) > 12:
		return []string{"%" + a[:6] + "%", "%" + a[len(a)-6:] + "%"}
	case len(a) >= 3:
		return []string{"%" + a + "%"}
	case len(a) == 2 && isNumber(a):
		return []string{"% " + a + " %"}
	}
	return nil
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
