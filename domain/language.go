package domain

// Language is a user-facing language: Polish, Russian or Finnish.
type Language string

const (
	Polish  Language = "pl"
	Russian Language = "ru"
	Finnish Language = "fi"
)

// Languages lists the supported languages in the order the switch shows them.
var Languages = []Language{Polish, Russian, Finnish}

// ParseLanguage returns the language for a code, and whether it is supported.
func ParseLanguage(code string) (Language, bool) {
	for _, l := range Languages {
		if string(l) == code {
			return l, true
		}
	}
	return "", false
}

// Texts holds one text in each language; an empty string means "not written".
type Texts struct {
	PL, RU, FI string
}

// In returns the text in lang, falling back to the other languages in a fixed
// order (Polish, Finnish, Russian) so a product always has a name.
func (t Texts) In(lang Language) string {
	if s := t.get(lang); s != "" {
		return s
	}
	for _, l := range []Language{Polish, Finnish, Russian} {
		if s := t.get(l); s != "" {
			return s
		}
	}
	return ""
}

func (t Texts) get(lang Language) string {
	switch lang {
	case Polish:
		return t.PL
	case Russian:
		return t.RU
	case Finnish:
		return t.FI
	}
	return ""
}
