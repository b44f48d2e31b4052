package demo

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	langs      = []string{"pl", "ru", "fi"}
	currencies = []string{"PLN", "EUR", "RUB"}
	skuRe      = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)*$`)
	codeRe     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func TestEANCheckDigit(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"400638133393", '1'}, // 4006381333931
		{"590123412345", '7'}, // 5901234123457
		{"000000000000", '0'},
		{"12345678901", 0},   // too short
		{"1234567890123", 0}, // too long
		{"59012341234a", 0},  // not a digit
	}
	for _, tt := range tests {
		if got := EANCheckDigit(tt.in); got != tt.want {
			t.Errorf("EANCheckDigit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCategories(t *testing.T) {
	cats := Categories()
	seen := make(map[string]bool)
	children := make(map[string]int)
	for _, c := range cats {
		if !codeRe.MatchString(c.Code) {
			t.Errorf("category code %q: want lowercase ascii with dashes", c.Code)
		}
		if seen[c.Code] {
			t.Errorf("duplicate category %q", c.Code)
		}
		if c.Parent != "" && !seen[c.Parent] {
			t.Errorf("category %q: parent %q missing or listed after it", c.Code, c.Parent)
		}
		for _, l := range langs {
			if strings.TrimSpace(c.Name[l]) == "" {
				t.Errorf("category %q: empty %s name", c.Code, l)
			}
		}
		seen[c.Code] = true
		children[c.Parent]++
	}
	tops := children[""]
	if tops < 6 || tops > 10 {
		t.Errorf("got %d top categories, want about 8", tops)
	}
	for _, c := range cats {
		if c.Parent == "" && (children[c.Code] < 2 || children[c.Code] > 5) {
			t.Errorf("top category %q has %d subcategories, want 2–5", c.Code, children[c.Code])
		}
		if c.Parent != "" && children[c.Code] != 0 {
			t.Errorf("category %q is nested deeper than two levels", c.Code)
		}
	}
}

func TestProducts(t *testing.T) {
	ps := Products()
	if len(ps) < 320 {
		t.Fatalf("got %d products, want at least 320", len(ps))
	}

	isCat := make(map[string]bool)
	isParent := make(map[string]bool)
	for _, c := range Categories() {
		isCat[c.Code] = true
		isParent[c.Parent] = true
	}
	skus := make(map[string]int)
	eans := make(map[string]bool)
	used := make(map[string]int)
	units := map[string]bool{"pcs": true, "m": true, "set": true, "pack": true}

	for i, p := range ps {
		if _, dup := skus[p.SKU]; dup {
			t.Errorf("duplicate SKU %q", p.SKU)
		}
		skus[p.SKU] = i
		if len(p.SKU) > 24 || !skuRe.MatchString(p.SKU) {
			t.Errorf("%s: SKU must be <= 24 chars of A-Z, 0-9 and single dashes", p.SKU)
		}

		if eans[p.EAN] {
			t.Errorf("%s: duplicate EAN %q", p.SKU, p.EAN)
		}
		eans[p.EAN] = true
		if len(p.EAN) != 13 || strings.Trim(p.EAN, "0123456789") != "" {
			t.Errorf("%s: EAN %q is not 13 digits", p.SKU, p.EAN)
		} else if EANCheckDigit(p.EAN[:12]) != p.EAN[12] {
			t.Errorf("%s: EAN %q has a wrong check digit", p.SKU, p.EAN)
		}

		if !isCat[p.Category] || isParent[p.Category] {
			t.Errorf("%s: category %q is not an existing leaf", p.SKU, p.Category)
		}
		used[p.Category]++

		if !units[p.Unit] {
			t.Errorf("%s: unit %q not allowed", p.SKU, p.Unit)
		}
		if p.PackSize < 1 || p.MinOrderQty < p.PackSize || p.MinOrderQty%p.PackSize != 0 {
			t.Errorf("%s: PackSize %d / MinOrderQty %d invalid", p.SKU, p.PackSize, p.MinOrderQty)
		}
		if p.VATClass != "standard" && p.VATClass != "reduced" {
			t.Errorf("%s: VAT class %q", p.SKU, p.VATClass)
		}

		if len(p.Name) != len(langs) {
			t.Errorf("%s: names %v, want exactly pl/ru/fi", p.SKU, p.Name)
		}
		for _, l := range langs {
			if strings.TrimSpace(p.Name[l]) == "" {
				t.Errorf("%s: empty %s name", p.SKU, l)
			}
		}
		if len(p.Description) < 2 {
			t.Errorf("%s: only %d description languages", p.SKU, len(p.Description))
		}
		for l, d := range p.Description {
			if !slices.Contains(langs, l) || strings.TrimSpace(d) == "" {
				t.Errorf("%s: bad description entry %q: %q", p.SKU, l, d)
			}
		}
		for _, s := range texts(p) {
			if strings.Contains(s, "%!") || strings.Contains(s, "  ") || s != strings.TrimSpace(s) {
				t.Errorf("%s: malformed text %q", p.SKU, s)
			}
		}

		if len(p.ListPrice) != len(currencies) {
			t.Errorf("%s: prices %v, want PLN/EUR/RUB", p.SKU, p.ListPrice)
		}
		for _, c := range currencies {
			if p.ListPrice[c] <= 0 {
				t.Errorf("%s: %s price %d, want > 0", p.SKU, c, p.ListPrice[c])
			}
		}
		checkRate(t, p.SKU, "EUR", p.ListPrice["PLN"], p.ListPrice["EUR"], 1/4.3)
		checkRate(t, p.SKU, "RUB", p.ListPrice["PLN"], p.ListPrice["RUB"], 21)
	}

	for code := range isCat {
		if !isParent[code] && used[code] == 0 {
			t.Errorf("leaf category %q has no products", code)
		}
	}

	for _, p := range ps {
		for _, s := range p.Substitutes {
			j, ok := skus[s]
			switch {
			case !ok:
				t.Errorf("%s: substitute %q does not exist", p.SKU, s)
			case s == p.SKU:
				t.Errorf("%s: lists itself as a substitute", p.SKU)
			case !slices.Contains(ps[j].Substitutes, p.SKU):
				t.Errorf("%s: substitute %s does not refer back", p.SKU, s)
			case ps[j].Category != p.Category || ps[j].Unit != p.Unit:
				t.Errorf("%s: substitute %s has another category or unit", p.SKU, s)
			}
		}
	}
}

// checkRate allows for rounding to sensible price points.
func checkRate(t *testing.T, sku, cur string, pln, got int64, rate float64) {
	t.Helper()
	want := float64(pln) * rate
	if d := float64(got) - want; d > want*0.03+1 || -d > want*0.03+1 {
		t.Errorf("%s: %s price %d, want about %.0f", sku, cur, got, want)
	}
}

func TestProductsDeterministic(t *testing.T) {
	a, b := Products(), Products()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls to Products() differ")
	}
	// Results must not share maps: changing one call leaves the next intact.
	a[0].Name["pl"] = "changed"
	a[0].ListPrice["PLN"] = -1
	if c := Products(); !reflect.DeepEqual(b, c) {
		t.Fatal("modifying a Products() result affected a later call")
	}
}

func TestMissingDescriptions(t *testing.T) {
	n := 0
	for _, p := range Products() {
		if len(p.Description) < len(langs) {
			n++
		}
	}
	if n < 5 || n > 15 {
		t.Errorf("%d products lack a description language, want about 10", n)
	}
}

func TestSearchDemoProducts(t *testing.T) {
	ps := Products()
	tests := []struct {
		name  string
		match func(p ProductSeed) bool
	}{
		{"pl: żarówka", func(p ProductSeed) bool {
			return strings.Contains(strings.ToLower(p.Name["pl"]), "żarówka")
		}},
		{"HDMI 2 m in all languages", func(p ProductSeed) bool {
			return strings.Contains(p.Name["pl"], "Kabel HDMI 2 m") &&
				strings.Contains(p.Name["ru"], "Кабель HDMI 2 м") &&
				strings.Contains(p.Name["fi"], "HDMI-kaapeli 2 m")
		}},
		{"ru: 16 A circuit breaker", func(p ProductSeed) bool {
			ru := p.Name["ru"]
			return p.Category == catMCB &&
				(strings.Contains(ru, "автомат") || strings.Contains(ru, "Автоматический выключатель")) &&
				(strings.Contains(ru, "16 А") || strings.Contains(ru, "16А")) // Cyrillic А
		}},
		{"fi: cable named johto", func(p ProductSeed) bool {
			return strings.HasPrefix(p.Category, "cables") && strings.Contains(strings.ToLower(p.Name["fi"]), "johto")
		}},
		{"fi: cable named kaapeli", func(p ProductSeed) bool {
			return strings.HasPrefix(p.Category, "cables") && strings.Contains(strings.ToLower(p.Name["fi"]), "kaapeli")
		}},
		{"pl: Wyłącznik nadprądowy", func(p ProductSeed) bool {
			return strings.Contains(p.Name["pl"], "Wyłącznik nadprądowy")
		}},
		{"fi: Pistorasia", func(p ProductSeed) bool {
			return strings.Contains(p.Name["fi"], "Pistorasia")
		}},
	}
	for _, tt := range tests {
		found := false
		for _, p := range ps {
			if tt.match(p) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no product for search demo %q", tt.name)
		}
	}
}

func texts(p ProductSeed) []string {
	var out []string
	for _, l := range langs {
		out = append(out, p.Name[l])
		if d, ok := p.Description[l]; ok {
			out = append(out, d)
		}
	}
	return out
}
