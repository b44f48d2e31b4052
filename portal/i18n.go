package portal

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"partnerdesk/domain"
	"partnerdesk/locales"
)

// newBundle loads the message files of every language.
func newBundle() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.Polish)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, lang := range domain.Languages {
		if _, err := b.LoadMessageFileFS(locales.FS, locales.Files[string(lang)]); err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
	}
	return b, nil
}

// Localizer translates and formats for one language.
type Localizer struct {
	Lang domain.Language
	loc  *i18n.Localizer
}

func newLocalizer(b *i18n.Bundle, lang domain.Language) *Localizer {
	return &Localizer{Lang: lang, loc: i18n.NewLocalizer(b, string(lang))}
}

// missingMessages counts lookups of messages that do not exist; tests
// require it to stay zero.
var missingMessages atomic.Int64

func reportMissing(id string, lang domain.Language, err error) {
	missingMessages.Add(1)
	slog.Error("i18n: missing message", "id", id, "lang", lang, "err", err)
}

// T translates a message; data fills its {{.Field}} placeholders. A missing
// message is logged and shown as its id (tests fail on that).
func (l *Localizer) T(id string, data ...map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := l.loc.Localize(cfg)
	if err != nil {
		reportMissing(id, l.Lang, err)
		return id
	}
	return s
}

// TN translates a message with a count, choosing the plural form; the count is
// available to the message as {{.Count}}, already formatted for the language.
func (l *Localizer) TN(id string, count int, data ...map[string]any) string {
	d := map[string]any{}
	if len(data) > 0 {
		for k, v := range data[0] {
			d[k] = v
		}
	}
	d["Count"] = FormatInt(int64(count))
	s, err := l.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: d})
	if err != nil {
		reportMissing(id, l.Lang, err)
		return id
	}
	return s
}

var langMatcher = language.NewMatcher([]language.Tag{language.Polish, language.Russian, language.Finnish})

// languageFromBrowser picks the best supported language from Accept-Language,
// Polish when nothing matches.
func languageFromBrowser(r *http.Request) domain.Language {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return domain.Polish
	}
	_, idx, conf := langMatcher.Match(tags...)
	if conf == language.No {
		return domain.Polish
	}
	return domain.Languages[idx]
}
