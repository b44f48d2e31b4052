package complaint

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // accepted, stored as PNG
	"image/jpeg"
	"image/png"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// StoredPhoto is a photo saved by PhotoStore. TelegramFileID is set for photos
// that came through the bot, so the bot can send them on without uploading.
type StoredPhoto struct {
	FileName, ContentType string
	Size                  int
	TelegramFileID        string
}

// Photo limits unless a PhotoStore says otherwise.
const (
	DefaultPhotoMaxBytes  = 8 << 20
	DefaultPhotoMaxPixels = 40_000_000
)

// photoName is what a stored photo's name looks like; the database checks the same.
var photoName = regexp.MustCompile(`^[a-z0-9]{16,64}\.(jpg|png)$`)

// PhotoStore keeps complaint photos in a folder. An upload is trusted for
// nothing: its type comes from its content, it is decoded and encoded again so
// only pixels survive (no metadata, no payload hidden in a polyglot file), and
// it gets a name the server made up.
type PhotoStore struct {
	Dir       string
	MaxBytes  int64 // largest upload; DefaultPhotoMaxBytes when 0
	MaxPixels int   // largest width × height; DefaultPhotoMaxPixels when 0
}

// Save checks an uploaded image, stores a clean copy and describes it.
// Failures the user can fix are *FieldError with Field "photo" and Code
// photo_type, photo_too_big or photo_too_large_pixels.
func (s *PhotoStore) Save(data []byte) (StoredPhoto, error) {
	maxBytes, maxPixels := s.MaxBytes, s.MaxPixels
	if maxBytes <= 0 {
		maxBytes = DefaultPhotoMaxBytes
	}
	if maxPixels <= 0 {
		maxPixels = DefaultPhotoMaxPixels
	}
	if int64(len(data)) > maxBytes {
		return StoredPhoto{}, &FieldError{Field: "photo", Code: CodePhotoTooBig, Max: int(maxBytes >> 20)}
	}
	// The header alone says how much memory decoding would take: refuse a
	// decompression bomb before allocating anything.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || !decodable[format] || cfg.Width <= 0 || cfg.Height <= 0 {
		return StoredPhoto{}, &FieldError{Field: "photo", Code: CodePhotoType}
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return StoredPhoto{}, &FieldError{Field: "photo", Code: CodePhotoTooManyPixels, Max: maxPixels}
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return StoredPhoto{}, &FieldError{Field: "photo", Code: CodePhotoType}
	}
	var out bytes.Buffer
	p := StoredPhoto{ContentType: "image/png"}
	if format == "jpeg" {
		// Phones store photos unrotated with an EXIF orientation; the tag goes
		// with the metadata, so turn the pixels now.
		img = orient(img, exifOrientation(data))
		p.ContentType = "image/jpeg"
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	} else {
		err = png.Encode(&out, img)
	}
	if err != nil {
		return StoredPhoto{}, fmt.Errorf("complaint: encode photo: %w", err)
	}
	p.FileName, p.Size = newPhotoName(p.ContentType), out.Len()
	if err := s.write(p.FileName, out.Bytes()); err != nil {
		return StoredPhoto{}, err
	}
	return p, nil
}

// decodable are the formats Save accepts, by the names the image package
// registers; another package may register more decoders (webp, bmp, ...).
var decodable = map[string]bool{"jpeg": true, "png": true, "gif": true}

func newPhotoName(contentType string) string {
	ext := ".png"
	if contentType == "image/jpeg" {
		ext = ".jpg"
	}
	return hex.EncodeToString(randomBytes(16)) + ext
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails on supported platforms
	return b
}

// write stores data under name atomically: a reader never sees half a photo.
// The temporary name starts with a dot, which Open refuses.
func (s *PhotoStore) write(name string, data []byte) error {
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		return fmt.Errorf("complaint: photo folder: %w", err)
	}
	f, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("complaint: save photo: %w", err)
	}
	tmp := f.Name()
	err = f.Chmod(0o640)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(s.Dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("complaint: save photo: %w", err)
	}
	return nil
}

// Open opens a stored photo and returns its content type. A name that a stored
// photo cannot have (paths, dot files, other extensions) is fs.ErrNotExist.
// The caller checks that the user may see the complaint the photo belongs to.
func (s *PhotoStore) Open(name string) (*os.File, string, error) {
	if !photoName.MatchString(name) {
		return nil, "", fmt.Errorf("complaint: photo %q: %w", name, fs.ErrNotExist)
	}
	f, err := os.OpenInRoot(s.Dir, name)
	if err != nil {
		return nil, "", fmt.Errorf("complaint: open photo: %w", err)
	}
	contentType := "image/png"
	if strings.HasSuffix(name, ".jpg") {
		contentType = "image/jpeg"
	}
	return f, contentType, nil
}

// Remove deletes stored photos, for when the complaint they were saved for
// could not be stored. Names that are not photo names are ignored.
func (s *PhotoStore) Remove(names ...string) {
	for _, name := range names {
		if !photoName.MatchString(name) {
			continue
		}
		if err := os.Remove(filepath.Join(s.Dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			slog.Warn("complaint: remove photo", "name", name, "err", err)
		}
	}
}
