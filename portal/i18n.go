package portal

import (
	"net/http"

	"golang.org/x/text/language"

	"partnerdesk/domain"
)

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
