package record

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// withinByScan is the definition Selection must keep: p is one of only, or
// under one of them (a folder named with a trailing slash is itself in it).
func withinByScan(p string, only []string) bool {
	if only == nil {
		return true
	}
	for _, o := range only {
		if p == strings.TrimSuffix(o, "/") || strings.HasPrefix(p, strings.TrimSuffix(o, "/")+"/") {
			return true
		}
	}
	return false
}

func TestSelection(t *testing.T) {
	onlies := [][]string{nil, {}, {"records"}, {"records/"}, {"records/agreements"}, {"records/agreements/a.yaml"},
		{"records/agreements/a.yaml", "records/organizations/"}, {"records/agreements/a"}}
	paths := []string{"records/agreements/a.yaml", "records/agreements/ab.yaml", "records/agreements/a",
		"records/organizations/o.yaml", "records", "recordsx/a.yaml", "schema/x.json"}
	for _, only := range onlies {
		s := NewSelection(only)
		for _, p := range paths {
			if got, want := s.Has(p), withinByScan(p, only); got != want {
				t.Errorf("NewSelection(%q).Has(%q) = %v, want %v", only, p, got, want)
			}
		}
	}
}

// BenchmarkSelection10k: 10,000 files asked against 10,000 named paths.
func BenchmarkSelection10k(b *testing.B) {
	var only, paths []string
	for i := range 10000 {
		p := fmt.Sprintf("records/agreements/a-%d.yaml", i)
		paths = append(paths, p)
		only = append(only, p)
	}
	for b.Loop() {
		s := NewSelection(only)
		for _, p := range paths {
			if !s.Has(p) {
				b.Fatal(p)
			}
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		rel  string
		kind Kind
		ok   bool
	}{
		{"records/agreements/a.yaml", Agreement, true},
		{"records/organizations/lacnic.yaml", Organization, true},
		{"records/agreements/.yaml", 0, false},
		{"records/agreements/a.yml", 0, false},
		{"records/agreements/sub/a.yaml", 0, false},
		{"records/others/a.yaml", 0, false},
		{"records/a.yaml", 0, false},
		{"other/agreements/a.yaml", 0, false},
		{"records", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		f, ok := Classify(tt.rel)
		if ok != tt.ok || (ok && (f.Kind != tt.kind || f.Path != tt.rel)) {
			t.Errorf("Classify(%q) = %+v, %v; want kind %v, %v", tt.rel, f, ok, tt.kind, tt.ok)
		}
	}
}

// failingDirFS is a file system whose folder bad cannot be read.
type failingDirFS struct {
	fstest.MapFS
	bad string
}

func (f failingDirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// TestListUnreadableFolder: a folder under records/ that cannot be read is
// reported at its path, and the others are still listed.
func TestListUnreadableFolder(t *testing.T) {
	fsys := failingDirFS{MapFS: fstest.MapFS{
		"records/agreements/a.yaml":    {Data: []byte("id: a\n")},
		"records/organizations/o.yaml": {Data: []byte("id: o\n")},
		"records/agreements/deeper/x":  {Data: []byte("x")},
	}, bad: "records/agreements"}
	files, diags, err := List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != "records/organizations/o.yaml" {
		t.Errorf("files = %+v, want only the organisation", files)
	}
	if len(diags) != 1 || diags[0].Rule != RuleFileRead || diags[0].File != "records/agreements" {
		t.Errorf("diags = %+v, want one %s on records/agreements", diags, RuleFileRead)
	}
	// records/ itself unreadable is the tool's failure, not a record's.
	if _, _, err := List(failingDirFS{MapFS: fsys.MapFS, bad: Dir}); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("List with records/ unreadable: err = %v, want a permission error", err)
	}
}
