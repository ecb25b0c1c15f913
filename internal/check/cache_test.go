package check

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"agreements/internal/diag"
	"agreements/internal/rules"
)

// TestCacheSameAsWithout checks that a run taking what an earlier run over
// another tree found reports exactly what a run without the cache does:
// for a file changed between the trees, a copy under a new id (a rule
// across records), a schema changed between them, and a file selected in
// the second run only.
func TestCacheSameAsWithout(t *testing.T) {
	edit := func(root, file, old, new string) {
		p := filepath.Join(root, file)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", file, old)
		}
		os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644)
	}
	const nic = "records/agreements/nic-mexico-training.yaml"
	for _, tc := range []struct {
		name   string
		change func(root string)
		only   []string
	}{
		{"same tree", func(string) {}, nil},
		{"a status changed", func(root string) { edit(root, nic, "status: ", "status: nope\nx: ") }, nil},
		{"a copy under a new id", func(root string) {
			data, _ := os.ReadFile(filepath.Join(root, nic))
			os.WriteFile(filepath.Join(root, "records/agreements/copy.yaml"),
				[]byte(strings.Replace(string(data), "id: nic-mexico-training", "id: copy", 1)), 0o644)
		}, nil},
		{"the schema changed", func(root string) {
			edit(root, "schema/agreement.schema.json", `"required": [`, `"maxProperties": 3, "required": [`)
		}, nil},
		// The same schema error in both trees, on a file the first run
		// did not select: its entry holds no schema check.
		{"selected in the second run only", nil, []string{nic}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, second := copyRegistry(t), copyRegistry(t)
			if tc.change != nil {
				tc.change(second)
			} else {
				for _, root := range []string{first, second} {
					edit(root, nic, "status: ", "status: nope\nx: ")
				}
			}
			cache := &Cache{}
			// The first run selects nothing when the second selects a
			// file: its entries are then not schema-checked.
			var firstOnly []string
			if tc.only != nil {
				firstOnly = []string{"records/none"}
			}
			if _, err := Run(Options{FS: os.DirFS(first), AsOf: asOf, Cache: cache, Only: firstOnly}); err != nil {
				t.Fatal(err)
			}
			with, err := Run(Options{FS: os.DirFS(second), AsOf: asOf, Cache: cache, Only: tc.only})
			if err != nil {
				t.Fatal(err)
			}
			without, err := Run(Options{FS: os.DirFS(second), AsOf: asOf, Only: tc.only})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(texts(with.Diagnostics), texts(without.Diagnostics)) {
				t.Errorf("with the cache:\n%s\nwithout:\n%s", strings.Join(texts(with.Diagnostics), "\n"), strings.Join(texts(without.Diagnostics), "\n"))
			}
			// Each change is one the check reports: the comparison is
			// not between two empty reports.
			if tc.name != "same tree" && len(without.Diagnostics) <= len(onlyInsecure(without.Diagnostics)) {
				t.Errorf("the change gave no diagnostic: %q", texts(without.Diagnostics))
			}
		})
	}
}

// onlyInsecure are the fixture's own warnings among ds.
func onlyInsecure(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Rule == rules.RuleInsecureURL {
			out = append(out, d)
		}
	}
	return out
}

// texts are diagnostics as validate prints them.
func texts(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Column, d.Rule, d.Text()))
	}
	return out
}

// blobFS names each file's blob id as a commit's tree does.
type blobFS struct {
	fstest.MapFS
	ids map[string]string
}

func (f blobFS) BlobID(name string) (string, bool) { id, ok := f.ids[name]; return id, ok }

// TestCacheKeys checks that a file on disk and the same file in a commit's
// tree have one key: the bytes hashed as git hashes a blob, and the id the
// tree gives without reading them.
func TestCacheKeys(t *testing.T) {
	const id = "ce013625030ba8dba906f756967f9e9ca394464a" // git hash-object of "hello\n"
	disk := keyOf("records/a.yaml", []byte("hello\n"))
	tree, ok := keyFromTree(blobFS{fstest.MapFS{}, map[string]string{"records/a.yaml": id}}, "records/a.yaml")
	if !ok || tree != disk {
		t.Errorf("tree key %x (%v), disk key %x", tree.blob, ok, disk.blob)
	}
	if other := keyOf("records/b.yaml", []byte("hello\n")); other == disk {
		t.Error("two paths with the same bytes share a key")
	}
	if _, ok := keyFromTree(fstest.MapFS{}, "records/a.yaml"); ok {
		t.Error("a key from a file system that names no blob")
	}
}
