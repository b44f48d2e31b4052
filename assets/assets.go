// Package assets holds the portal's static files (styles, scripts, icons),
// embedded in the binary and served at checksummed URLs.
package assets

import "embed"

// FS holds every static file.
//
//go:embed *.css *.js *.svg
var FS embed.FS
