package emit

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"agreements/internal/index"
)

func smallIndex() *index.Index {
	day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	st := &index.CommitDate{Commit: strings.Repeat("b", 40), Date: day}
	return &index.Index{Format: 1, GeneratedFrom: &index.Generated{Commit: strings.Repeat("b", 40), Date: day},
		Agreements: []index.Agreement{{ID: "a", Title: index.Text{ES: "A"}, Summary: index.Text{ES: "S"}, Kind: "grant",
			Status: "unknown", StatusAsOf: "unknown", Parties: []index.Party{{ID: "lacnic", Name: "LACNIC"}},
			Countries: []string{"UY"}, Sources: []index.Source{{Title: "s"}}, File: "records/agreements/a.yaml", Created: st, Updated: st}},
		Organizations: []index.Organization{{ID: "lacnic", Name: index.Text{ES: "L"}, Display: "LACNIC", Country: "UY",
			Sources: []index.Source{{Title: "s"}}, Agreements: []string{"a"}, File: "records/organizations/lacnic.yaml"}},
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
		}
		return nil
	})
	return out
}

// TestPublishSurvivesFailures: a write that fails halfway, or a disk that
// fills up, leaves the previous output exactly as it was, and no
// temporary folder behind.
func TestPublishSurvivesFailures(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "dist")
	ix := smallIndex()
	if err := Publish(ix, out, Options{Lang: "es"}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	if len(before) < 8 {
		t.Fatalf("only %d files", len(before))
	}
	ix.Agreements[0].Title.ES = "changed"
	original := createFile
	for _, failure := range []struct {
		name  string
		after int32
		err   error
	}{
		{"a write fails halfway", 3, errors.New("injected: write failed")},
		{"the disk fills up", 1, syscall.ENOSPC},
		{"the first write fails", 0, syscall.EACCES},
	} {
		t.Run(failure.name, func(t *testing.T) {
			var n atomic.Int32
			createFile = func(p string) (io.WriteCloser, error) {
				if n.Add(1) > failure.after {
					if failure.after == 0 {
						return nil, failure.err
					}
					f, err := os.Create(p)
					// Some bytes land, as in a real failure.
					return &failingFile{f: f, left: 100, err: failure.err}, err
				}
				return os.Create(p)
			}
			defer func() { createFile = original }()
			err := Publish(ix, out, Options{Lang: "es"})
			if !errors.Is(err, failure.err) && (err == nil || !strings.Contains(err.Error(), failure.err.Error())) {
				t.Fatalf("Publish = %v, want %v", err, failure.err)
			}
			after := snapshot(t, out)
			if len(after) != len(before) {
				t.Fatalf("%d files before, %d after", len(before), len(after))
			}
			for name, data := range before {
				if after[name] != data {
					t.Errorf("%s changed", name)
				}
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 2 || entries[0].Name() != ".dist.lock" || entries[1].Name() != "dist" {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("left behind: %v", names)
			}
		})
	}
	// And a build that works replaces the output whole.
	if err := Publish(ix, out, Options{Lang: "es"}); err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, out)["index.json"]; !strings.Contains(got, `"changed"`) {
		t.Error("the new output was not swapped in")
	}
}

// TestPublishRefusesOtherFolders: a mistyped --out that names a folder of
// other work, a file or a link is refused and left as it was; an empty
// folder or an earlier output is replaced.
func TestPublishRefusesOtherFolders(t *testing.T) {
	ix := smallIndex()
	for _, tt := range []struct {
		name  string
		setup func(out string)
		ok    bool
	}{
		{"missing", func(string) {}, true},
		{"empty folder", func(out string) { os.Mkdir(out, 0o755) }, true},
		{"earlier output", func(out string) {
			os.Mkdir(out, 0o755)
			os.WriteFile(filepath.Join(out, "index.json"), []byte("{}"), 0o644)
		}, true},
		{"folder of other work", func(out string) {
			os.Mkdir(out, 0o755)
			os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("x"), 0o644)
		}, false},
		{"a file", func(out string) { os.WriteFile(out, []byte("x"), 0o644) }, false},
		{"a link", func(out string) { os.Symlink(t.TempDir(), out) }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "dist")
			tt.setup(out)
			before := snapshot(t, out)
			err := Publish(ix, out, Options{Lang: "es"})
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := os.Stat(filepath.Join(out, "index.json")); err != nil {
					t.Fatal("no output")
				}
				return
			}
			if !errors.Is(err, ErrNotOutput) {
				t.Fatalf("Publish = %v, want ErrNotOutput", err)
			}
			if after := snapshot(t, out); len(after) != len(before) {
				t.Fatalf("%s changed", out)
			}
		})
	}
}

// failingFile writes left bytes, then fails with err.
type failingFile struct {
	f    *os.File
	left int
	err  error
}

func (w *failingFile) Write(p []byte) (int, error) {
	if len(p) <= w.left {
		w.left -= len(p)
		return w.f.Write(p)
	}
	n, _ := w.f.Write(p[:w.left])
	w.left = 0
	return n, w.err
}

func (w *failingFile) Close() error { return w.f.Close() }
