package record

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary bytes, seeded with the fixture
// records and every bad case. It must never panic or hang, every
// diagnostic must name the file and say something, a document it returns
// must be plain JSON, and every value in it must map back to a line and
// column of the file (the node-to-JSON conversion's position mapping).
//
// Run longer with: go test -run='^$' -fuzz=FuzzParse -fuzztime=10m ./internal/record
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"../../testdata/registry/records", "../../cmd/agreements/testdata/cases"} {
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
		// Every value the conversion produced maps back into the file.
		// (yaml.v3 places a value left empty at the very end, as in "a:"
		// without a newline, at the start of the line after the last.)
		lines := strings.Count(string(data), "\n") + 2
		var walk func(ptr string, v any)
		walk = func(ptr string, v any) {
			for _, key := range []bool{false, true} {
				if line, col := doc.Position(ptr, key); line < 1 || line > lines || col < 1 {
					t.Fatalf("Position(%q, %v) = %d:%d in a file of %d lines", ptr, key, line, col, lines-1)
				}
			}
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					walk(ptr+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"), x)
				}
			case []any:
				for i, x := range v {
					walk(ptr+"/"+strconv.Itoa(i), x)
				}
			}
		}
		walk("", doc.Value)
	})
}
