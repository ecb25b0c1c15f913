package proposal

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agreements/internal/format"
	"agreements/internal/message"
	"agreements/internal/record"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// registry makes a registry in a temp folder: the project's schemas and
// issue form, and the fixture records of testdata/registry.
func registry(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "../../schema", filepath.Join(dir, "schema"))
	copyTree(t, "testdata/registry/records", filepath.Join(dir, "records"))
	form, err := os.ReadFile(filepath.Join("../..", FormPath))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, filepath.Dir(FormPath)), 0o755)
	os.WriteFile(filepath.Join(dir, FormPath), form, 0o644)
	return dir
}

func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// run is what from-issue does before writing: the records the body makes,
// or the problems, as text.
func run(t testing.TB, root, body, id string) string {
	t.Helper()
	fsys := record.DirFS(root)
	form, err := LoadForm(fsys)
	if err != nil {
		t.Fatal(err)
	}
	answers, problems, err := form.Parse(body)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	reg, err := LoadRegistry(fsys)
	if err != nil {
		t.Fatal(err)
	}
	res, more := Build(form, answers, reg, id)
	problems = append(problems, more...)
	if len(problems) == 0 {
		if problems, err = Prepare(fsys, form, res, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	errors := 0
	for _, p := range problems {
		kind := "problem"
		if p.Warning {
			kind = "warning"
		} else {
			errors++
		}
		fmt.Fprintf(&b, "%s [%s] %s: %s\n", kind, p.Field, p.Label, p.Message)
	}
	if errors == 0 {
		fmt.Fprintf(&b, "id %s (derived: %v)\n", res.ID, res.IDDerived)
		for _, f := range res.Files {
			fmt.Fprintf(&b, "== %s\n%s", f.Path, f.Data)
		}
	}
	return b.String()
}

// TestBodies runs each body of testdata/bodies in the language its name
// starts with, against its golden file.
func TestBodies(t *testing.T) {
	root := registry(t)
	bodies, _ := filepath.Glob("testdata/bodies/*.md")
	if len(bodies) < 6 {
		t.Fatalf("%d bodies", len(bodies))
	}
	defer message.SetLanguage("en")
	for _, p := range bodies {
		name := strings.TrimSuffix(filepath.Base(p), ".md")
		t.Run(name, func(t *testing.T) {
			message.SetLanguage(name[:2])
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got := run(t, root, string(body), "")
			// The same answers typed on Windows read the same.
			crlf := strings.ReplaceAll(string(body), "\n", "\r\n")
			if again := run(t, root, crlf, ""); again != got {
				t.Errorf("with CRLF line ends:\n%s\nwith LF:\n%s", again, got)
			}
			golden := strings.TrimSuffix(p, ".md") + ".golden"
			if *update {
				os.WriteFile(golden, []byte(got), 0o644)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestIDFlag: --id wins over the form's id field, and an existing id is a
// problem, never an overwrite.
func TestIDFlag(t *testing.T) {
	root := registry(t)
	body, _ := os.ReadFile("testdata/bodies/en-id-exists.md")
	if got := run(t, root, string(body), "isc-other-2020"); !strings.HasPrefix(got, "id isc-other-2020 (derived: false)\n") {
		t.Errorf("--id: %s", got)
	}
	if got := run(t, root, string(body), "isc-f-root-2004"); !strings.Contains(got, "problem [--id]") {
		t.Errorf("existing --id: %s", got)
	}
	if got := run(t, root, string(body), "Not An Id"); !strings.Contains(got, "problem [--id]") {
		t.Errorf("bad --id: %s", got)
	}
}

// TestNotAForm: a body with none of the form's questions is an error, not
// a list of every answer missing.
func TestNotAForm(t *testing.T) {
	root := registry(t)
	if got := run(t, root, "I would like to propose an agreement with ISC.", ""); !strings.HasPrefix(got, "error: ") {
		t.Errorf("got %s", got)
	}
}

// TestParse reads what people type around the answers.
func TestParse(t *testing.T) {
	form := &Form{Fields: []Field{
		{ID: "a", Label: "First / Primero"},
		{ID: "b", Label: "Second", Type: "dropdown", Options: []string{"one", "two"}, Required: true},
		{ID: "c", Label: "Third"},
	}}
	tests := []struct {
		name, body, want string
	}{
		{"plain", "### First / Primero\n\nx\n\n### Second\n\ntwo\n\n### Third\n\n_No response_\n", "a=x b=two"},
		{"crlf and spaces", "### First  /  Primero  \r\n\r\n  x  \r\n### Second\r\ntwo\r\n", "a=x b=two"},
		{"case of an option", "### Second\n\nTWO\n", "b=two"},
		{"bad option", "### Second\n\nthree\n", "b: option b=three"},
		{"missing required", "### First / Primero\n\nx\n", "b: required a=x"},
		{"twice", "### First / Primero\n\nx\n### First / Primero\n\ny\n### Second\n\none\n", "a: twice a=y b=one"},
		{"typed heading", "### First / Primero\n\nx\n### Not a question\nmore\n### Second\n\none\n", "a: heading a=x\n### Not a question\nmore b=one"},
		{"closing hashes", "### Second ###\n\none\n", "b=one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answers, problems, err := form.Parse(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, p := range problems {
				parts = append(parts, p.Field+": "+strings.TrimPrefix(p.Message.Key, "proposal."))
			}
			for _, f := range form.Fields {
				if v, ok := answers[f.ID]; ok {
					parts = append(parts, f.ID+"="+v)
				}
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSources reads the ways people write a source.
func TestSources(t *testing.T) {
	b := &builder{form: &Form{}}
	got := b.sources("s", strings.Join([]string{
		"Title — https://example.org/a",
		"Title – https://example.org/b",
		"Title - https://example.org/c",
		"Title: https://example.org/d",
		"Title https://example.org/e",
		"[Title](https://example.org/f)",
		"* [Title, with comma](<https://example.org/g>)",
		"1. Title <https://example.org/h>",
	}, "\n"))
	if len(b.problems) > 0 {
		t.Fatalf("problems: %v", b.problems)
	}
	for i, s := range got {
		want := "https://example.org/" + string(rune('a'+i))
		if s.url != want || !strings.HasPrefix(s.title, "Title") {
			t.Errorf("%d: %+v", i, s)
		}
	}
	if len(got) != 8 {
		t.Errorf("%d sources", len(got))
	}
	for _, bad := range []string{"https://example.org/only", "No address", "Title — https://example.org/x and more"} {
		b := &builder{form: &Form{}}
		if got := b.sources("s", bad); len(got) > 0 || len(b.problems) != 1 {
			t.Errorf("%q: %v %v", bad, got, b.problems)
		}
	}
}

// TestPlace reads a place as people write it: a code, or the country's
// name in es, pt or en, after an optional city.
func TestPlace(t *testing.T) {
	for in, want := range map[string][2]string{
		"Montevideo, UY": {"Montevideo", "UY"}, "uy": {"", "UY"}, "Montevideo, Uruguay": {"Montevideo", "UY"},
		"Asunción, Paraguay": {"Asunción", "PY"}, "Ciudad de México, México": {"Ciudad de México", "MX"}, "São Paulo, Brasil": {"São Paulo", "BR"},
		"Brazil": {"", "BR"},
	} {
		b := &builder{form: &Form{}}
		city, country := b.place(in)
		if city != want[0] || country != want[1] || len(b.problems) > 0 {
			t.Errorf("%q: %q, %q, %v", in, city, country, b.problems)
		}
	}
	for _, bad := range []string{"Atlantis", "Montevideo, URY", "Montevideo"} {
		b := &builder{form: &Form{}}
		if city, country := b.place(bad); city != "" || country != "" || len(b.problems) != 1 {
			t.Errorf("%q: %q, %q, %v", bad, city, country, b.problems)
		}
	}
}

// TestJoinedParties: two parties written as one, which match no
// organisation, get told to use commas.
func TestJoinedParties(t *testing.T) {
	reg, err := LoadRegistry(os.DirFS(registry(t)))
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{form: &Form{}, reg: reg}
	b.parties("LACNIC y Universidad Nacional de Asunción", nil)
	if len(b.problems) != 1 || !strings.Contains(b.problems[0].Message.String(), "comma") {
		t.Errorf("problems: %v", b.problems)
	}
}

// TestNewOrganizationProblems: a problem in the new organisations'
// answer names the organisation and the answer's own line, once.
func TestNewOrganizationProblems(t *testing.T) {
	b := &builder{form: &Form{}, reg: &Registry{OrgIDs: map[string]string{}}}
	b.newOrganizations("name (es): Red A\ncountry: Paraguay\nsource: Fuente — https://example.org/a\n\n" +
		"name: Red B\ncountry: UY\nsource: Solo un título\n")
	var got []string
	for _, p := range b.problems {
		got = append(got, p.Message.String())
	}
	want := []string{
		`organisation 2, "Red B": say the name's language: name (es), name (en) or name (pt)`,
		`organisation 2, line 7, "Solo un título": write the title and then the address, e.g. source: Title — https://example.org/page`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzParse reads arbitrary bodies: never a panic, and every answer is
// trimmed text under a question of the form.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"es-complete", "pt-new-organization", "en-problems"} {
		data, err := os.ReadFile("testdata/bodies/" + p + ".md")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("### \n###\n### x\r\r\n")
	data, err := os.ReadFile(filepath.Join("../..", FormPath))
	if err != nil {
		f.Fatal(err)
	}
	form, err := ParseForm(data)
	if err != nil {
		f.Fatal(err)
	}
	formatter, err := format.New(os.DirFS("../.."))
	if err != nil {
		f.Fatal(err)
	}
	reg := &Registry{Agreements: map[string]string{}, OrgIDs: map[string]string{"lacnic": "x", "isc": "y"},
		Organizations: []Organization{{ID: "isc", Names: []string{"ISC", "Internet Systems Consortium"}}}, Formatter: formatter}
	f.Fuzz(func(t *testing.T, body string) {
		answers, _, err := form.Parse(body)
		if err != nil {
			return
		}
		for id, v := range answers {
			if form.Field(id) == nil || v != strings.TrimSpace(v) || v == "" {
				t.Fatalf("answer %s = %q", id, v)
			}
		}
		res, problems := Build(form, answers, reg, "")
		if (res == nil) == (len(problems) == 0) {
			t.Fatalf("result %v with %d problems", res, len(problems))
		}
		if res != nil && !record.ValidID(res.ID) {
			t.Fatalf("id %q", res.ID)
		}
	})
}
