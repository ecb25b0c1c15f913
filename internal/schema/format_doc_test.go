package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestFormatDocFields keeps the field tables of docs/format.md (between
// its "<!-- fields LANG -->" markers) equal to the schemas: every field at
// every depth, its description in that language, and its first example.
func TestFormatDocFields(t *testing.T) {
	p := filepath.Join(repoRoot, "docs", "format.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	heads := map[string][3]string{
		"es": {"Campo", "Qué es", "Ejemplo"}, "pt": {"Campo", "O que é", "Exemplo"}, "en": {"Field", "What it is", "Example"}}
	titles := map[string][2]string{
		"es": {"Acuerdo", "Organización"}, "pt": {"Acordo", "Organização"}, "en": {"Agreement", "Organisation"}}
	for _, lang := range []string{"es", "pt", "en"} {
		var b strings.Builder
		for i, file := range []string{AgreementFile, OrganizationFile} {
			root := schemaNode(t, file)
			fmt.Fprintf(&b, "\n#### %s (`%s`)\n\n| %s | %s | %s |\n| --- | --- | --- |\n", titles[lang][i], file, heads[lang][0], heads[lang][1], heads[lang][2])
			writeFields(&b, root, root, "", lang, 0)
		}
		b.WriteString("\n")
		open, end := "<!-- fields "+lang+" -->", "<!-- /fields "+lang+" -->"
		i, j := strings.Index(doc, open), strings.Index(doc, end)
		if i < 0 || j < i {
			t.Fatalf("docs/format.md has no %s … %s", open, end)
		}
		doc = doc[:i+len(open)] + b.String() + doc[j:]
	}
	if *update {
		os.WriteFile(p, []byte(doc), 0o644)
		return
	}
	if doc != string(data) {
		t.Error("docs/format.md's field tables are out of date with the schemas: run go test ./internal/schema -update")
	}
}

func schemaNode(t *testing.T, name string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, Dir, name))
	if err != nil {
		t.Fatal(err)
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	return n.Content[0]
}

func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// deref follows a local $ref.
func deref(n, root *yaml.Node) *yaml.Node {
	for k := 0; k < 8; k++ {
		ref := child(n, "$ref")
		if ref == nil || !strings.HasPrefix(ref.Value, "#/") {
			return n
		}
		target := root
		for _, tok := range strings.Split(ref.Value[2:], "/") {
			target = child(target, tok)
		}
		if target == nil {
			return n
		}
		n = target
	}
	return n
}

func writeFields(b *strings.Builder, sch, root *yaml.Node, prefix, lang string, depth int) {
	props := child(sch, "properties")
	if props == nil || depth > 3 {
		return
	}
	required := map[string]bool{}
	if r := child(sch, "required"); r != nil {
		for _, x := range r.Content {
			required[x.Value] = true
		}
	}
	key := "description"
	if lang != "es" {
		key = "x-description-" + lang
	}
	for i := 0; i+1 < len(props.Content); i += 2 {
		name, prop := props.Content[i].Value, props.Content[i+1]
		target := deref(prop, root)
		desc := child(prop, key)
		if desc == nil {
			desc = child(target, key)
		}
		text := ""
		if desc != nil {
			text = desc.Value
		}
		// An example of the field itself; else its first allowed value;
		// else the example of the type it refers to, when that is a kind
		// of string (a date, a code), not a generic id or text.
		example := ""
		ex := child(prop, "examples")
		if enum := child(target, "enum"); ex == nil && enum != nil && len(enum.Content) > 0 {
			ex = enum
		}
		if ref := child(prop, "$ref"); ex == nil && ref != nil && ref.Value != "#/$defs/id" && !isText(target) {
			ex = child(target, "examples")
		}
		if ex != nil && len(ex.Content) > 0 {
			var v any
			ex.Content[0].Decode(&v)
			if s, ok := v.(string); ok {
				example = "`" + s + "`"
			} else if data, err := json.Marshal(v); err == nil && len(data) < 120 {
				example = "`" + string(data) + "`"
			}
		}
		star := ""
		if required[name] {
			star = " *"
		}
		fmt.Fprintf(b, "| `%s%s`%s | %s | %s |\n", prefix, name, star, strings.ReplaceAll(text, "|", `\|`), strings.ReplaceAll(example, "|", `\|`))
		next := target
		sub := prefix + name + "."
		if items := child(target, "items"); items != nil {
			next, sub = deref(items, root), prefix+name+"[]."
		}
		if child(next, "properties") != nil && !isText(next) {
			writeFields(b, next, root, sub, lang, depth+1)
		}
	}
}

// isText is the multilingual text object ({es, en, pt}), not worth a row
// per language.
func isText(n *yaml.Node) bool {
	props := child(n, "properties")
	return props != nil && len(props.Content) == 6 && child(props, "es") != nil && child(props, "en") != nil && child(props, "pt") != nil
}
