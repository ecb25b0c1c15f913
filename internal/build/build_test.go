package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"agreements/internal/emit"
	"agreements/internal/index"
	"agreements/internal/record"
	"agreements/internal/synth"
)

// TestRunMatchesWrite: the build, which writes while it validates with
// several workers and a backlog, gives the bytes emit.Write gives for the
// same records assembled whole in memory. (Run it with -race too.)
func TestRunMatchesWrite(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, "../../schema", 400, 3); err != nil {
		t.Fatal(err)
	}
	streamed := filepath.Join(t.TempDir(), "streamed")
	os.MkdirAll(streamed, 0o755)
	r, err := Run(Options{Root: root, NoHistory: true, Emit: emit.Options{Lang: "es"}}, streamed)
	if err != nil || r.Agreements != 400 {
		t.Fatalf("Run: %v, %d agreements", err, r.Agreements)
	}

	fsys := os.DirFS(root)
	files, _, err := record.List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*record.Document
	for _, f := range files {
		data, d := record.Read(fsys, f)
		if d != nil {
			t.Fatal(d)
		}
		doc, ds := record.Parse(f.Path, f.Kind, data)
		if doc == nil {
			t.Fatal(ds)
		}
		docs = append(docs, doc)
	}
	whole := filepath.Join(t.TempDir(), "whole")
	os.MkdirAll(whole, 0o755)
	if err := emit.Write(whole, index.Build(docs, nil, nil, time.Time{}), emit.Options{Lang: "es"}); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, streamed), readTree(t, whole)
	if len(a) != len(b) {
		t.Fatalf("%d files streamed, %d written whole", len(a), len(b))
	}
	for name, data := range b {
		if string(a[name]) != string(data) {
			t.Errorf("%s differs", name)
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = data
		}
		return err
	})
	return out
}
