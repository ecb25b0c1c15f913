package schema

import (
	"os"
	"path/filepath"
	"testing"

	"agreements/internal/record"
)

// FuzzValidate runs arbitrary records through the loader and the schema,
// so that every failure the explainer meets is explained without a panic,
// every diagnostic lands on a real position, and the quick form (quick.go)
// never passes a record that the library fails.
//
// Run longer with: go test -run='^$' -fuzz=FuzzValidate -fuzztime=10m ./internal/schema
func FuzzValidate(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(repoRoot, "testdata", "registry", "records", "*", "*.yaml"))
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
		// The quick form never passes what the library fails.
		sch, q := set.agreement, set.quickAgreement
		if org {
			sch, q = set.organization, set.quickOrganization
		}
		if q != nil && q.passes(doc.Root(), 0) {
			if err := sch.Validate(doc.Value()); err != nil {
				t.Fatalf("the quick form passes a record the library fails: %v", err)
			}
		}
		for _, d := range set.Validate(doc) {
			if d.Line < 1 || d.Column < 1 || d.Text() == "" {
				t.Fatalf("diagnostic without a position or text: %+v", d)
			}
		}
	})
}
