package locales

import (
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"partnerdesk/domain"
)

// NewBundle loads the message files of every language. The portal and the
// bot share it, so a text reads the same on a page and in a chat.
func NewBundle() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.Polish)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, lang := range domain.Languages {
		for _, file := range Files[string(lang)] {
			if _, err := b.LoadMessageFileFS(FS, file); err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
		}
	}
	return b, nil
}

// Localizer translates and formats for one language.
type Localizer struct {
	Lang  domain.Language
	loc   *i18n.Localizer
	plain *sync.Map // message id → text, for messages without data
}

// NewLocalizer returns a localizer for lang.
func NewLocalizer(b *i18n.Bundle, lang domain.Language) *Localizer {
	key := plainKey{b, lang}
	c, ok := plainTexts.Load(key)
	if !ok {
		c, _ = plainTexts.LoadOrStore(key, new(sync.Map))
	}
	return &Localizer{Lang: lang, loc: i18n.NewLocalizer(b, string(lang)), plain: c.(*sync.Map)}
}

// plainTexts keeps, per bundle and language, the texts of messages asked for
// without data (handlers and the bot ask for the same ones over and over;
// templates have theirs written in at start), for each go-i18n lookup
// matches the language and executes the message's template again.
var plainTexts sync.Map // plainKey → *sync.Map

type plainKey struct {
	b    *i18n.Bundle
	lang domain.Language
}

// missing counts lookups of messages that do not exist; tests require it to
// stay zero.
var missing atomic.Int64

// MissingMessages returns how many lookups found no message, and resets the count.
func MissingMessages() int64 { return missing.Swap(0) }

func reportMissing(id string, lang domain.Language, err error) {
	missing.Add(1)
	slog.Error("i18n: missing message", "id", id, "lang", lang, "err", err)
}

// T translates a message; data fills its {{.Field}} placeholders. A missing
// message is logged and shown as its id.
func (l *Localizer) T(id string, data ...map[string]any) string {
	plain := len(data) == 0 || len(data[0]) == 0
	if plain {
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if !plain {
		cfg.TemplateData = data[0]
	}
	s, err := l.loc.Localize(cfg)
	if err != nil {
		reportMissing(id, l.Lang, err)
		return id
	}
	if plain {
		l.plain.Store(id, s)
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
