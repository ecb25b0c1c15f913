package record

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadDirFS reads files through DirFS and through plain os.DirFS,
// and expects the same bytes and the same diagnostics, at the size limit
// and one past it.
func TestReadDirFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"records/agreements/small.yaml": "id: small\n",
		"records/agreements/empty.yaml": "",
		"records/agreements/at.yaml":    strings.Repeat("x", MaxFileSize),
		"records/agreements/past.yaml":  strings.Repeat("x", MaxFileSize+1),
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"records/agreements/small.yaml", "records/agreements/empty.yaml", "records/agreements/at.yaml",
		"records/agreements/past.yaml", "records/agreements/missing.yaml"}
	for _, name := range names {
		f := File{Path: name, Kind: Agreement}
		fast, fastDiag := Read(DirFS(dir), f)
		slow, slowDiag := Read(os.DirFS(dir), f)
		if string(fast) != string(slow) {
			t.Errorf("%s: %d bytes through DirFS, %d through os.DirFS", name, len(fast), len(slow))
		}
		if (fastDiag == nil) != (slowDiag == nil) || fastDiag != nil && fastDiag.Text() != slowDiag.Text() {
			t.Errorf("%s: diagnostics differ: %v and %v", name, fastDiag, slowDiag)
		}
		if want, ok := files[name]; ok && len(want) <= MaxFileSize && string(fast) != want {
			t.Errorf("%s: read %d bytes, want %d", name, len(fast), len(want))
		}
	}
	if _, d := Read(DirFS(dir), File{Path: "records/agreements/past.yaml"}); d == nil || d.Rule != RuleFileTooLarge ||
		!strings.Contains(d.Text(), "1048577") {
		t.Errorf("past the limit: %v", d)
	}
	if _, d := Read(DirFS(dir), File{Path: "records/agreements/missing.yaml"}); d == nil || d.Rule != RuleFileRead {
		t.Errorf("missing: %v", d)
	}
}

// TestLinkedRecordsFolder: a records/ folder that is a symbolic link is
// reported, and nothing behind it is read.
func TestLinkedRecordsFolder(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(outside, "agreements"), 0o755)
	os.WriteFile(filepath.Join(outside, "agreements", "x.yaml"), []byte("id: x\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(root, Dir)); err != nil {
		t.Skip(err)
	}
	for _, fsys := range []fs.FS{DirFS(root), os.DirFS(root)} {
		files, ds, err := List(fsys)
		if err != nil || len(files) != 0 || len(ds) != 1 || ds[0].Rule != RuleFileSymlink || ds[0].File != Dir {
			t.Errorf("%T: files %v, diagnostics %v, error %v", fsys, files, ds, err)
		}
	}
}
