package emit

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated part of docs/indexes.md")

const (
	indexesDoc     = "../../docs/indexes.md"
	generatedStart = "<!-- Generated from schema/index.schema.json"
	generatedEnd   = "<!-- end of the generated part -->"
)

// TestIndexesDoc keeps the field tables of docs/indexes.md equal to
// schema/index.schema.json (its properties, in the order written, with
// their descriptions) and the CSV columns equal to the writers'.
func TestIndexesDoc(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "schema", "index.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(generatedStart + " and the CSV columns by `go test ./internal/emit -update`; a test keeps it equal. -->\n")
	sections := []struct{ heading, intro string }{
		{"index.json", "`format` changes only when a field changes meaning or goes away; new fields may appear within a\nformat."},
		{"An agreement in index.json", ""},
		{"An organisation in index.json", ""},
	}
	paths := [][]string{{"properties"}, {"$defs", "agreement", "properties"}, {"$defs", "organization", "properties"}}
	for i, s := range sections {
		fmt.Fprintf(&b, "## %s\n\n", s.heading)
		if s.intro != "" {
			b.WriteString(s.intro + "\n\n")
		}
		b.WriteString("| field | |\n|---|---|\n")
		for _, p := range properties(t, data, paths[i]...) {
			fmt.Fprintf(&b, "| `%s` | %s |\n", p.name, strings.ReplaceAll(p.description, "|", `\|`))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## CSV columns\n\n`agreements.csv`: %s.\n\n`organizations.csv`: %s.\n\n`agreement_parties.csv`: %s.\n",
		columns(AgreementColumns), columns(OrganizationColumns), columns(PartyColumns))
	b.WriteString(generatedEnd + "\n")

	doc, err := os.ReadFile(indexesDoc)
	if err != nil {
		t.Fatal(err)
	}
	start, end := bytes.Index(doc, []byte(generatedStart)), bytes.Index(doc, []byte(generatedEnd))
	if start < 0 || end < start {
		t.Fatalf("docs/indexes.md lacks the markers of its generated part")
	}
	want := string(doc[:start]) + b.String() + string(doc[end+len(generatedEnd)+1:])
	if *update {
		if err := os.WriteFile(indexesDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(doc) != want {
		t.Errorf("docs/indexes.md is out of date with schema/index.schema.json: run go test ./internal/emit -update")
	}
}

type property struct{ name, description string }

// properties returns the properties of the object at path in a JSON
// schema, in the order written, with their descriptions.
func properties(t *testing.T, data []byte, path ...string) []property {
	t.Helper()
	var node map[string]json.RawMessage
	raw := json.RawMessage(data)
	for _, key := range path {
		if err := json.Unmarshal(raw, &node); err != nil {
			t.Fatal(err)
		}
		raw = node[key]
	}
	var described map[string]struct{ Description string }
	if err := json.Unmarshal(raw, &described); err != nil {
		t.Fatal(err)
	}
	var out []property
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token() // {
	for dec.More() {
		tok, _ := dec.Token()
		name := tok.(string)
		var skip json.RawMessage
		dec.Decode(&skip)
		if described[name].Description == "" {
			t.Errorf("%s/%s has no description", strings.Join(path, "/"), name)
		}
		out = append(out, property{name, described[name].Description})
	}
	return out
}

func columns(cols []string) string { return "`" + strings.Join(cols, "`, `") + "`" }
