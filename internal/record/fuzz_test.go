package record

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse feeds the loader arbitrary bytes, seeded with the fixture
// records and every bad case. It must never panic or hang, every
// diagnostic must name the file and say something, a document it returns
// must be plain JSON, every value in it must map back to a line and
// column of the file (the node-to-JSON conversion's position mapping), and
// its nodes must read as its value (what the checks that walk the nodes
// see is what the schema library and the build see).
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
		if _, err := json.Marshal(doc.Value()); err != nil {
			t.Fatalf("value is not JSON: %v", err)
		}
		if why := readsAs(doc.Root(), doc.Value()); why != "" {
			t.Fatalf("the nodes do not read as the value: %s", why)
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
		walk("", doc.Value())
	})
}

// readsAs says how node n reads otherwise than value v, or "".
func readsAs(n Node, v any) string {
	if !reflect.DeepEqual(n.Value(), v) {
		return fmt.Sprintf("Value() %#v, want %#v", n.Value(), v)
	}
	switch v := v.(type) {
	case map[string]any:
		if n.Type() != Object || n.Len() != len(v) {
			return fmt.Sprintf("type %d, %d members, want an object of %d", n.Type(), n.Len(), len(v))
		}
		seen := 0
		for name, m := range n.Members() {
			seen++
			if g, ok := n.Get(name); !ok || g.n != m.n {
				return fmt.Sprintf("Get(%q) is not the member", name)
			}
			if why := readsAs(m, v[name]); why != "" {
				return name + ": " + why
			}
		}
		if seen != len(v) {
			return fmt.Sprintf("%d members, want %d", seen, len(v))
		}
	case []any:
		if n.Type() != Array || n.Len() != len(v) {
			return fmt.Sprintf("type %d, %d items, want an array of %d", n.Type(), n.Len(), len(v))
		}
		for i, item := range n.Items() {
			if n.Item(i).n != item.n {
				return fmt.Sprintf("Item(%d) is not the item", i)
			}
			if why := readsAs(item, v[i]); why != "" {
				return strconv.Itoa(i) + ": " + why
			}
		}
	case string:
		if n.Type() != String || n.Text() != v {
			return fmt.Sprintf("type %d text %q, want the string %q", n.Type(), n.Text(), v)
		}
	case json.Number:
		if n.Type() != Number || n.Text() != string(v) {
			return fmt.Sprintf("type %d text %q, want the number %s", n.Type(), n.Text(), v)
		}
	case bool:
		if n.Type() != Bool || n.Bool() != v {
			return fmt.Sprintf("type %d, want %v", n.Type(), v)
		}
	case nil:
		if n.Type() != Null {
			return fmt.Sprintf("type %d, want null", n.Type())
		}
	}
	return ""
}
