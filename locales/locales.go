// Package locales holds the user-facing texts in Polish, Russian and Finnish
// as go-i18n message files, embedded in the binary.
package locales

import "embed"

// FS holds active.pl.toml, active.ru.toml and active.fi.toml.
//
//go:embed active.*.toml
var FS embed.FS

// Files lists the message files in FS by language code.
var Files = map[string]string{
	"pl": "active.pl.toml",
	"ru": "active.ru.toml",
	"fi": "active.fi.toml",
}
