package complaint_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	"partnerdesk/domain/complaint"
)

// testImage is a gradient: red grows to the right, green downwards.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 80, 255})
		}
	}
	return img
}

func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(w, h), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngBytes encodes uncompressed, as some cameras and scanners do, so the
// store's copy differs from the upload.
func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.NoCompression}
	if err := enc.Encode(&b, testImage(w, h)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withSegment inserts a JPEG segment right after the start-of-image marker.
func withSegment(jpg []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// exifOrientation is an APP1 payload with only an orientation tag, big-endian.
func exifOrientation(o uint16) []byte {
	b := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint16(b[6+8+2+8:], o)
	return b
}

// pngChunk encodes one PNG chunk with its checksum.
func pngChunk(kind string, data []byte) []byte {
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, kind...)
	chunk = append(chunk, data...)
	return binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
}

// pngHeader is a PNG that ends after a valid IHDR chunk declaring w × h.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// withTextChunk inserts a tEXt chunk after a PNG's IHDR (8 + 25 bytes in).
func withTextChunk(p []byte, text string) []byte {
	out := append([]byte{}, p[:33]...)
	out = append(out, pngChunk("tEXt", []byte("Comment\x00"+text))...)
	return append(out, p[33:]...)
}

var storedName = regexp.MustCompile(`^[a-f0-9]{32}\.(jpg|png)$`)

// readStored opens a saved photo through the store and decodes it.
func readStored(t *testing.T, store *complaint.PhotoStore, p complaint.StoredPhoto) ([]byte, image.Image, string) {
	t.Helper()
	f, contentType, err := store.Open(p.FileName)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("stored photo does not decode: %v", err)
	}
	if contentType != p.ContentType || len(data) != p.Size {
		t.Fatalf("open: %s, %d bytes; saved as %+v", contentType, len(data), p)
	}
	return data, img, format
}

func TestPhotoStoreSavesCleanCopies(t *testing.T) {
	store := &complaint.PhotoStore{Dir: filepath.Join(t.TempDir(), "photos")}
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, testImage(20, 10), nil); err != nil {
		t.Fatal(err)
	}
	// A polyglot: a valid PNG with a PHP script after its end.
	polyglot := append(pngBytes(t, 16, 16), "<?php system($_GET['c']); ?>"...)
	// A JPEG carrying a script in a comment and GPS-like metadata in EXIF.
	withMeta := withSegment(withSegment(jpegBytes(t, 40, 30), 0xFE, []byte("<?php echo 1; ?>")), 0xE1, exifOrientation(1))
	cases := []struct {
		name        string
		data        []byte
		contentType string
		format      string
		w, h        int
	}{
		{"jpeg", jpegBytes(t, 64, 48), "image/jpeg", "jpeg", 64, 48},
		{"png", pngBytes(t, 30, 20), "image/png", "png", 30, 20},
		{"gif becomes png", gifBuf.Bytes(), "image/png", "png", 20, 10},
		{"png with a script appended", polyglot, "image/png", "png", 16, 16},
		{"png with a script in a text chunk", withTextChunk(pngBytes(t, 12, 12), "<?php echo 1; ?>"), "image/png", "png", 12, 12},
		{"jpeg with a script in a comment", withMeta, "image/jpeg", "jpeg", 40, 30},
	}
	names := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := store.Save(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if !storedName.MatchString(p.FileName) || p.ContentType != c.contentType || names[p.FileName] {
				t.Fatalf("saved as %+v", p)
			}
			names[p.FileName] = true
			data, img, format := readStored(t, store, p)
			if bytes.Equal(data, c.data) || format != c.format || img.Bounds().Dx() != c.w || img.Bounds().Dy() != c.h {
				t.Fatalf("stored %s %v, identical to upload: %v", format, img.Bounds(), bytes.Equal(data, c.data))
			}
			if bytes.Contains(data, []byte("<?php")) || bytes.Contains(data, []byte("Exif")) {
				t.Fatal("payload or metadata survived re-encoding")
			}
			info, err := os.Stat(filepath.Join(store.Dir, p.FileName))
			if err != nil || info.Mode().Perm() != 0o640 {
				t.Fatalf("file mode = %v, %v", info.Mode(), err)
			}
		})
	}
	entries, _ := os.ReadDir(store.Dir)
	if len(entries) != len(cases) {
		t.Fatalf("%d files in the folder, want %d (no temporary leftovers)", len(entries), len(cases))
	}
}

func TestPhotoStoreAppliesEXIFOrientation(t *testing.T) {
	store := &complaint.PhotoStore{Dir: t.TempDir()}
	// Left half red, right half blue; orientation 6 means "turn clockwise to view".
	src := image.NewRGBA(image.Rect(0, 0, 80, 40))
	for y := 0; y < 40; y++ {
		for x := 0; x < 80; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= 40 {
				c = color.RGBA{20, 20, 220, 255}
			}
			src.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, src, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	p, err := store.Save(withSegment(b.Bytes(), 0xE1, exifOrientation(6)))
	if err != nil {
		t.Fatal(err)
	}
	_, img, _ := readStored(t, store, p)
	if img.Bounds().Dx() != 40 || img.Bounds().Dy() != 80 {
		t.Fatalf("turned photo is %v, want 40×80", img.Bounds())
	}
	top, bottom := img.At(20, 10), img.At(20, 70)
	if r, _, bl, _ := top.RGBA(); r < bl {
		t.Fatalf("top = %v, want red (the left side turned up)", top)
	}
	if r, _, bl, _ := bottom.RGBA(); r > bl {
		t.Fatalf("bottom = %v, want blue", bottom)
	}
}

func TestPhotoStoreRejects(t *testing.T) {
	store := &complaint.PhotoStore{Dir: t.TempDir(), MaxBytes: 64 << 10, MaxPixels: 1_000_000}
	var bmp bytes.Buffer
	bmp.WriteString("BM") // a format the store does not take
	bmp.Write(make([]byte, 60))
	cases := []struct {
		name string
		data []byte
		code string
	}{
		{"php named .jpg", []byte("<?php system($_GET['c']); ?>"), "photo_type"},
		{"text", []byte("Dzień dobry, w załączniku zdjęcie.\n"), "photo_type"},
		{"empty", nil, "photo_type"},
		{"bmp", bmp.Bytes(), "photo_type"},
		{"truncated jpeg", jpegBytes(t, 64, 64)[:300], "photo_type"},
		{"over the byte limit", append(pngBytes(t, 8, 8), make([]byte, 64<<10)...), "photo_too_big"},
		{"over the pixel limit", pngHeader(1001, 1000), "photo_too_large_pixels"},
		{"decompression bomb", pngHeader(100000, 100000), "photo_too_large_pixels"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := store.Save(c.data)
			var fe *complaint.FieldError
			if !errors.As(err, &fe) || fe.Field != "photo" || fe.Code != c.code {
				t.Fatalf("err = %v, want %s", err, c.code)
			}
		})
	}
	if entries, _ := os.ReadDir(store.Dir); len(entries) != 0 {
		t.Fatalf("rejected uploads left %d files", len(entries))
	}
}

// The pixel check reads the header only: a 20000 × 20000 PNG would need 1.6 GB
// to decode, but is refused having allocated next to nothing.
func TestPhotoStoreRefusesBombWithoutAllocating(t *testing.T) {
	store := &complaint.PhotoStore{Dir: t.TempDir()}
	data := pngHeader(20000, 20000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := store.Save(data)
	runtime.ReadMemStats(&after)
	var fe *complaint.FieldError
	if !errors.As(err, &fe) || fe.Code != "photo_too_large_pixels" {
		t.Fatalf("err = %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Fatalf("refusing the bomb allocated %d bytes", grew)
	}
}

func TestPhotoStoreOpenAndRemove(t *testing.T) {
	root := t.TempDir()
	store := &complaint.PhotoStore{Dir: filepath.Join(root, "photos")}
	p, err := store.Save(pngBytes(t, 4, 4))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secret.jpg"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A link inside the folder with a valid name, pointing out of it.
	link := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg"
	if err := os.Symlink(filepath.Join(root, "secret.jpg"), filepath.Join(store.Dir, link)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"../secret.jpg", "..%2fsecret.jpg", "/etc/passwd", "photos/" + p.FileName, "short.jpg",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.jpg", "0123456789abcdef0123456789abcdef.php", p.FileName + "/", "", ".upload-123", link,
	} {
		if f, _, err := store.Open(name); err == nil {
			f.Close()
			t.Errorf("Open(%q) succeeded", name)
		} else if name != link && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q): err = %v, want fs.ErrNotExist", name, err)
		}
	}

	store.Remove("../secret.jpg", p.FileName, "0123456789abcdef0123456789abcdef.png")
	if _, err := os.Stat(filepath.Join(store.Dir, p.FileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("removed photo still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "secret.jpg")); err != nil {
		t.Fatalf("Remove reached outside its folder: %v", err)
	}
	if _, _, err := store.Open(p.FileName); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open removed photo: err = %v", err)
	}
}
