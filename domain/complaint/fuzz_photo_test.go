package complaint_test

import (
	"errors"
	"image"
	"os"
	"testing"

	"partnerdesk/domain/complaint"
)

// FuzzPhotoSave feeds arbitrary uploads to the photo store. Whatever comes
// in, Save either refuses it as a field error the form can show, or stores a
// clean image within the limits that decodes again; nothing half-written or
// refused stays in the folder. (Small limits keep each run fast: the checks
// are the same at any size.)
func FuzzPhotoSave(f *testing.F) {
	f.Add(pngBytes(f, 4, 3))
	f.Add(jpegBytes(f, 8, 8))
	f.Add(withSegment(withSegment(jpegBytes(f, 8, 4), 0xFE, []byte("<?php echo 1; ?>")), 0xE1, exifOrientation(6)))
	f.Add(withTextChunk(pngBytes(f, 2, 2), "<script>alert(1)</script>"))
	f.Add(pngHeader(100000, 100000))
	f.Add(pngHeader(64, 64))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`))
	f.Add([]byte("<?php system($_GET['c']); ?>"))
	f.Add([]byte{})
	const maxPixels = 64 * 64
	f.Fuzz(func(t *testing.T, data []byte) {
		store := &complaint.PhotoStore{Dir: t.TempDir(), MaxBytes: 64 << 10, MaxPixels: maxPixels}
		p, err := store.Save(data)
		entries, _ := os.ReadDir(store.Dir)
		if err != nil {
			var fe *complaint.FieldError
			if !errors.As(err, &fe) || fe.Field != "photo" {
				t.Fatalf("Save refused with %v, want a photo field error", err)
			}
			if len(entries) != 0 {
				t.Fatalf("a refused upload left %d files", len(entries))
			}
			return
		}
		if len(entries) != 1 || entries[0].Name() != p.FileName {
			t.Fatalf("stored %v, want just %s", entries, p.FileName)
		}
		file, contentType, err := store.Open(p.FileName)
		if err != nil {
			t.Fatal(err)
		}
		defer file.Close()
		img, format, err := image.Decode(file)
		if err != nil || "image/"+format != contentType || contentType != p.ContentType {
			t.Fatalf("stored photo: %v, format %s, content type %s / %s", err, format, contentType, p.ContentType)
		}
		if b := img.Bounds(); b.Dx()*b.Dy() > maxPixels || b.Empty() {
			t.Fatalf("stored a %v image", b)
		}
	})
}
