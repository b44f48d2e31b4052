package catalog

import (
	"context"
	"fmt"
	"strings"
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
//   - as a substring of the document; a word that starts or ends with a
//     number must match the whole number ("16" finds "B16" and "16 A" but
//     not "160"), words of 1-2 letters match at the start of a word only;
//   - a word of 4+ letters that occurs nowhere in the catalogue (a typo:
//     "zarowla", "wylacznk") also matches the catalogue words most similar to
//     it (pg_trgm similarity >= 0.4, the best 5).
//
// Ranking: an exact SKU (any case) or EAN match first; then how well the words
// match the name in the user's language (at the start of a word, inside a
// word, through a typo correction, only elsewhere); then the name in that
// language; then id. An empty query lists (browses) by name.
//
// Total counts at most MaxSearchTotal matches, and paging ends there: a total
// of MaxSearchTotal means "that many or more".

// MaxSearchTotal caps SearchResult.Total and how far paging reaches.
const MaxSearchTotal = 1000

const (
	defaultSearchLimit = 24
	maxSearchLimit     = 100
	maxSearchRunes     = 200 // longer input is cut
	maxSearchWords     = 8   // further words are ignored
	typoSimilarity     = 0.4 // pg_trgm similarity of a typo to a catalogue word
	maxTypoFixes       = 5   // catalogue words tried per misspelt word
	minTypoLetters     = 4   // shorter words are never corrected
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
	match string   // anywhere (numbers whole)
	start string   // at the start of a word
	fixes []string // typo corrections: whole catalogue words
	sims  []float64
}

// Search finds active products for q, best first.
func Search(ctx context.Context, db bun.IDB, q SearchQuery) (SearchResult, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultSearchLimit
	}
	limit = min(limit, maxSearchLimit)
	offset := max(q.Offset, 0)
	if offset >= MaxSearchTotal {
		offset = MaxSearchTotal
	}

	text := strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(text) > maxSearchRunes {
		text = string([]rune(text)[:maxSearchRunes])
	}
	var terms []searchTerm
	if text != "" {
		var err error
		if terms, err = searchTerms(ctx, db, text); err != nil {
			return SearchResult{}, err
		}
		if len(terms) == 0 {
			// Only punctuation: nothing can match it (and it must not list everything).
			return SearchResult{Products: []*Product{}}, nil
		}
	}

	ranked, args := rankedSQL(q, text, terms)
	var page []struct {
		ProductID int64 `bun:"product_id"`
		Total     int   `bun:"total"`
	}
	pageArgs := append(append([]any{}, args...), offset, limit)
	err := db.NewRaw(`WITH ranked AS (`+ranked+`)
		SELECT product_id, count(*) OVER () AS total FROM ranked
		ORDER BY ord OFFSET ? LIMIT ?`, pageArgs...).Scan(ctx, &page)
	if err != nil {
		return SearchResult{}, fmt.Errorf("catalog: search: %w", err)
	}
	res := SearchResult{Products: make([]*Product, 0, len(page))}
	if len(page) == 0 {
		if offset > 0 {
			// Past the end: count what there is.
			err := db.NewRaw(`SELECT count(*) FROM (`+ranked+`) ranked`, args...).Scan(ctx, &res.Total)
			if err != nil {
				return SearchResult{}, fmt.Errorf("catalog: search count: %w", err)
			}
		}
		return res, nil
	}
	res.Total = page[0].Total
	ids := make([]int64, len(page))
	for i, r := range page {
		ids[i] = r.ProductID
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

// searchTerms normalizes the query's words in SQL and looks up corrections
// for the misspelt ones, in one round trip.
func searchTerms(ctx context.Context, db bun.IDB, text string) ([]searchTerm, error) {
	words := strings.Fields(text)
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	var rows []struct {
		Norm  string    `bun:"norm"`
		Fixes []string  `bun:"fixes,array"`
		Sims  []float64 `bun:"sims,array"`
	}
	err := db.NewRaw(`
		SELECT n.norm, fx.fixes, fx.sims
		FROM unnest(?::text[]) WITH ORDINALITY AS q(word, ord)
		CROSS JOIN LATERAL (SELECT pd_search_norm(q.word) AS norm) n
		LEFT JOIN LATERAL (
			SELECT array_agg(f.word ORDER BY f.sim DESC, f.word) AS fixes,
			       array_agg(f.sim ORDER BY f.sim DESC, f.word) AS sims
			FROM (SELECT w.word, similarity(w.word, n.norm) AS sim
			      FROM search_words w
			      WHERE n.norm ~ ?
			        AND NOT EXISTS (SELECT 1 FROM search_words x WHERE x.word LIKE '%' || n.norm || '%')
			        AND w.word % n.norm AND similarity(w.word, n.norm) >= ?
			      ORDER BY sim DESC, w.word
			      LIMIT ?) f
		) fx ON true
		ORDER BY q.ord`,
		pgdialect.Array(words), fmt.Sprintf("^[a-z]{%d,}$", minTypoLetters),
		typoSimilarity, maxTypoFixes).Scan(ctx, &rows)
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
		for i, f := range r.Fixes {
			if i < len(r.Sims) {
				t.fixes = append(t.fixes, "% "+f+" %")
				t.sims = append(t.sims, r.Sims[i])
			}
		}
		terms = append(terms, t)
	}
	return terms, nil
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
	return searchTerm{
		match: "%" + left + phrase + right + "%",
		start: "% " + phrase + right + "%",
	}
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// rankedSQL returns a query for the matching product ids with their order
// (column ord, 1 = best), at most MaxSearchTotal of them.
func rankedSQL(q SearchQuery, text string, terms []searchTerm) (string, []any) {
	var args []any
	// The name the user reads: the doc segment in that language (pl, fi) or,
	// for Russian, the Cyrillic key (the segment is transliterated).
	seg, sortKey := "split_part(ps.doc, '|', 2)", "split_part(ps.doc, '|', 2)"
	switch q.Lang {
	case domain.Russian:
		seg, sortKey = "split_part(ps.doc, '|', 3)", "ps.key_ru"
	case domain.Finnish:
		seg, sortKey = "split_part(ps.doc, '|', 4)", "split_part(ps.doc, '|', 4)"
	}

	var sel, where strings.Builder
	sel.WriteString("SELECT ps.product_id")
	var order []string
	if len(terms) > 0 {
		exact := "false"
		if !strings.ContainsFunc(text, isSpace) {
			exact = "(ps.sku = ? OR ps.ean = ?) IS TRUE"
			args = append(args, strings.ToUpper(text), text)
		}
		sel.WriteString(", " + exact + " AS exact, (")
		for i, t := range terms {
			if i > 0 {
				sel.WriteString(" + ")
			}
			fmt.Fprintf(&sel, "CASE WHEN %[1]s LIKE ? THEN 3 WHEN %[1]s LIKE ? THEN 2", seg)
			args = append(args, t.start, t.match)
			for k, f := range t.fixes {
				// A likelier correction ranks higher, all below an exact match.
				fmt.Fprintf(&sel, " WHEN %s LIKE ? THEN %.3f", seg, 1+t.sims[k]*0.99)
				args = append(args, f)
			}
			sel.WriteString(" ELSE 0 END")
		}
		sel.WriteString(") AS score")
		order = append(order, "exact DESC", "score DESC")
	}
	sel.WriteString(", " + sortKey + " AS sort_key FROM product_search ps")
	order = append(order, "sort_key", "product_id")

	where.WriteString(" WHERE ps.active")
	for _, t := range terms {
		if len(t.fixes) == 0 {
			where.WriteString(" AND ps.doc LIKE ?")
		} else {
			// One parenthesis: the GIN index answers the OR with a BitmapOr.
			where.WriteString(" AND (ps.doc LIKE ? OR " + orLike("ps.doc", len(t.fixes)) + ")")
		}
		args = append(args, t.match)
		args = append(args, anys(t.fixes)...)
	}
	if q.CategoryID != 0 {
		where.WriteString(` AND ps.category_id IN (
			WITH RECURSIVE tree AS (
				SELECT id FROM categories WHERE id = ?
				UNION
				SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id)
			SELECT id FROM tree)`)
		args = append(args, q.CategoryID)
	}
	hits := sel.String() + where.String()
	orderBy := strings.Join(order, ", ")
	if q.InStockOnly {
		// Sort first, then check stock lazily: only as many rows as the cap
		// needs are looked up, not every match.
		return fmt.Sprintf(`SELECT h.product_id, row_number() OVER (ORDER BY %[1]s) AS ord
			FROM (SELECT * FROM (%[2]s ORDER BY %[1]s OFFSET 0) s
			      WHERE EXISTS (SELECT 1 FROM stock st WHERE st.product_id = s.product_id AND st.on_hand > st.reserved)
			      LIMIT %[3]d) h`, orderBy, hits, MaxSearchTotal), args
	}
	return fmt.Sprintf(`SELECT h.product_id, row_number() OVER (ORDER BY %[1]s) AS ord
		FROM (%[2]s ORDER BY %[1]s LIMIT %[3]d) h`, orderBy, hits, MaxSearchTotal), args
}

func orLike(expr string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = expr + " LIKE ?"
	}
	return strings.Join(parts, " OR ")
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' }
