package record

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary bytes, seeded with the shipped
// records and every bad case. It must never panic or hang, every
// diagnostic must name the file and say something, and a document it
// returns must be plain JSON.
//
// Run longer with: go test -run='^$' -fuzz=FuzzParse -fuzztime=10m ./internal/record
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"../../records", "../../cmd/agreements/testdata/cases"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
				if data, err := os.ReadFile(p); err == nil {
					f.Add(data)
				}
			}
			return nil
		})
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("a: !!binary aGk=\nb: 0o17\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, ds := Parse("f.yaml", Agreement, data)
		for _, d := range ds {
			if d.File != "f.yaml" || d.Rule == "" || d.Message.String() == "" || d.Line < 0 || d.Column < 0 {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
		if doc == nil {
			return
		}
		if _, err := json.Marshal(doc.Value); err != nil {
			t.Fatalf("value is not JSON: %v", err)
		}
		for _, ptr := range doc.Refused {
			doc.Position(ptr, true)
		}
	})
}
