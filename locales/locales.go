// Package locales holds the user-facing texts in Polish, Russian and Finnish
// as go-i18n message files, embedded in the binary.
//
// Texts are split by area into <area>.<lang>.toml (active.pl.toml,
// complaint.ru.toml, ...); every area has one file per language and a
// message id is defined in exactly one area.
package locales

import (
	"embed"
	"io/fs"
	"sort"

	"partnerdesk/domain"
)

// FS holds the message files.
//
//go:embed *.toml
var FS embed.FS

// Files lists the message files in FS by language code.
var Files = func() map[string][]string {
	out := map[string][]string{}
	for _, l := range domain.Languages {
		names, err := fs.Glob(FS, "*."+string(l)+".toml")
		if err != nil {
			panic(err)
		}
		sort.Strings(names)
		out[string(l)] = names
	}
	return out
}()
