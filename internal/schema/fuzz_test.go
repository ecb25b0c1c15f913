package schema

import (
	"os"
	"path/filepath"
	"testing"

	"agreements/internal/record"
)

// FuzzValidate runs arbitrary records through the loader and the schema,
// so that every failure the explainer meets is explained without a panic,
// and every diagnostic lands on a real position.
//
// Run longer with: go test -run='^$' -fuzz=FuzzValidate -fuzztime=10m ./internal/schema
func FuzzValidate(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(repoRoot, "records", "*", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(repoRoot, "cmd", "agreements", "testdata", "cases", "*", "records", "*", "*.yaml"))
	for _, p := range append(files, more...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, p[len(p)-8:] == "ion.yaml")
		}
	}
	set, err := Load(os.DirFS(repoRoot))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, org bool) {
		kind := record.Agreement
		if org {
			kind = record.Organization
		}
		doc, _ := record.Parse("f.yaml", kind, data)
		if doc == nil {
			return
		}
		for _, d := range set.Validate(doc) {
			if d.Line < 1 || d.Column < 1 || d.Text() == "" {
				t.Fatalf("diagnostic without a position or text: %+v", d)
			}
		}
	})
}
