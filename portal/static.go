package portal

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"partnerdesk/assets"
)

// staticFiles serves the embedded assets at URLs that carry their checksum
// (/static/app.3f2a9c1d.css), so browsers may cache them for a year.
type staticFiles struct {
	urls  map[string]string // "app.css" → "/static/app.3f2a9c1d.css"
	files map[string][]byte // "app.3f2a9c1d.css" → content
}

func loadStatic() (*staticFiles, error) {
	s := &staticFiles{urls: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(assets.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := assets.FS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(p)
		name := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		s.urls[p] = "/static/" + name
		s.files[name] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	return s, nil
}

// url returns the checksummed URL of an asset; unknown names fail template
// execution, which tests catch.
func (s *staticFiles) url(name string) (string, error) {
	u, ok := s.urls[name]
	if !ok {
		return "", fmt.Errorf("static: no asset %q", name)
	}
	return u, nil
}

func (s *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	data, ok := s.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(data)
}
