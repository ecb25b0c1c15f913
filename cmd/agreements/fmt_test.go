package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"agreements/internal/format"
	"agreements/internal/record"
)

// TestFmtIsSafeAndIdempotent runs the formatter on the fixture records and
// on every testdata record that parses: formatting twice gives what
// formatting once gave, and values and comments survive.
func TestFmtIsSafeAndIdempotent(t *testing.T) {
	f, err := format.New(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, dir := range []string{fixtureRecords, filepath.Join("testdata", "cases")} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
				paths = append(paths, p)
			}
			return nil
		})
	}
	formatted := 0
	for _, p := range paths {
		kind := record.Agreement
		if strings.Contains(p, "/organizations/") {
			kind = record.Organization
		}
		data, _ := os.ReadFile(p)
		once, err := f.Format(kind, data)
		if err != nil {
			continue // a bad case, or one fmt leaves as it is: fine, nothing changed
		}
		formatted++
		twice, err := f.Format(kind, once)
		if err != nil || string(twice) != string(once) {
			t.Errorf("%s: not idempotent (%v)", p, err)
		}
		before, _ := record.Parse(p, kind, data)
		after, _ := record.Parse(p, kind, once)
		if before == nil || after == nil || !reflect.DeepEqual(before.Value(), after.Value()) {
			t.Errorf("%s: a value changed", p)
		}
		if a, b := commentTexts(t, data), commentTexts(t, once); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: comments changed: %q → %q", p, a, b)
		}
		if !strings.HasSuffix(string(once), "\n") || strings.Contains(string(once), "\r") {
			t.Errorf("%s: not LF with a final newline", p)
		}
	}
	if formatted < 16 {
		t.Errorf("only %d records formatted", formatted)
	}
}

func commentTexts(t *testing.T, data []byte) []string {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			if c != "" {
				out = append(out, c)
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&n)
	sort.Strings(out)
	return out
}

// TestFmtCommand: --check lists and fails, fmt rewrites, then --check
// passes; a file whose comment cannot be kept is left as it is.
func TestFmtCommand(t *testing.T) {
	root := registry(t)
	messy := "# un comentario que se queda\nstatus: unknown\nschema_version: 2.0.0\nid: fmt-case\nsources:\n- title: s\nparties:\n  - lacnic\n  - isc\nkind: grant\ntitle:\n    es: Título\nsummary: {es: Resumen}\ndates: {signed: 2004-03}\n"
	write(t, filepath.Join(root, "records/agreements/fmt-case.yaml"), messy)
	keep := "schema_version: \"2.0.0\"\nid: fmt-keep\ntitle: {es: x}  # este comentario no puede moverse\nsummary: {es: y}\nkind: grant\nparties: [lacnic, isc]\nstatus: unknown\nsources: [{title: s}]\n"
	write(t, filepath.Join(root, "records/agreements/fmt-keep.yaml"), keep)
	r := run(t, root, nil, "fmt", "--check")
	if r.code != 1 || !strings.Contains(r.stdout, "records/agreements/fmt-case.yaml") {
		t.Fatalf("--check: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "fmt-keep.yaml: left as it is") {
		t.Errorf("the unsafe file is not reported: %q", r.stderr)
	}
	data, _ := os.ReadFile(filepath.Join(root, "records/agreements/fmt-case.yaml"))
	if string(data) != messy {
		t.Fatal("--check changed a file")
	}
	run(t, root, nil, "fmt")
	data, _ = os.ReadFile(filepath.Join(root, "records/agreements/fmt-case.yaml"))
	want := "# un comentario que se queda\nschema_version: \"2.0.0\"\nid: fmt-case\ntitle:\n  es: Título\nsummary:\n  es: Resumen\nkind: grant\nparties: [lacnic, isc]\ndates:\n  signed: \"2004-03\"\nstatus: unknown\nsources:\n  - title: s\n"
	if string(data) != want {
		t.Errorf("fmt wrote:\n%s\nwant:\n%s", data, want)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "records/agreements/fmt-keep.yaml")); string(got) != keep {
		t.Error("a file fmt cannot rewrite safely was changed")
	}
	os.Remove(filepath.Join(root, "records/agreements/fmt-keep.yaml"))
	if r := run(t, root, nil, "fmt", "--check"); r.code != 0 {
		t.Errorf("--check after fmt: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, root, nil, "validate"); r.code != 0 {
		t.Errorf("validate after fmt: exit %d\n%s", r.code, r.stdout)
	}
}

// TestFmtCheckCounts: fmt --check counts the files in the language's
// singular and plural.
func TestFmtCheckCounts(t *testing.T) {
	root := registry(t)
	edit(t, root, "records/agreements/icann-l-root-2012.yaml", "\nid: icann-l-root-2012", "\nid:   icann-l-root-2012")
	for lang, want := range map[string]string{"es": "1 archivo no está en forma canónica", "pt": "1 arquivo não está na forma canônica", "en": "1 file is not in canonical form"} {
		if r := run(t, root, nil, "fmt", "--check", "--lang", lang); r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, %q", lang, r.code, r.stderr)
		}
	}
	edit(t, root, "records/agreements/nic-mexico-training.yaml", "\nid: nic-mexico-training", "\nid:   nic-mexico-training")
	if r := run(t, root, nil, "fmt", "--check", "--lang", "es"); !strings.Contains(r.stderr, "2 archivos no están") {
		t.Errorf("two files: %q", r.stderr)
	}
}
