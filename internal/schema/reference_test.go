package schema

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

var update = flag.Bool("update", false, "rewrite docs/campos*.md from the schemas")

// orderedKeys returns the keys of a JSON object in the order written.
func orderedKeys(t *testing.T, data []byte, path ...string) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(depth int, want []string) []string
	walk = func(depth int, want []string) []string {
		tok, _ := dec.Token() // {
		if tok != json.Delim('{') {
			return nil
		}
		var keys []string
		for dec.More() {
			k, _ := dec.Token()
			key := k.(string)
			if len(want) > 0 && key == want[0] {
				return walk(depth+1, want[1:])
			}
			if len(want) == 0 {
				keys = append(keys, key)
			}
			var skip json.RawMessage
			dec.Decode(&skip)
		}
		dec.Token()
		return keys
	}
	return walk(0, path)
}

// TestFieldReference keeps the Spanish and Portuguese field references in
// docs/ equal to the schemas' description (Spanish) and x-description-pt.
func TestFieldReference(t *testing.T) {
	docs := map[string]struct{ file, title, agreement, organization, field, note string }{
		"es": {"campos.md", "Referencia de campos", "Acuerdo (records/agreements/ID.yaml)", "Organización (records/organizations/ID.yaml)", "Campo",
			"Generado a partir de los esquemas de `schema/` (`description`); la fuente de verdad es el esquema. Los campos obligatorios están marcados con *."},
		"pt": {"campos.pt.md", "Referência de campos", "Acordo (records/agreements/ID.yaml)", "Organização (records/organizations/ID.yaml)", "Campo",
			"Gerado a partir dos esquemas de `schema/` (`x-description-pt`); a fonte de verdade é o esquema. Os campos obrigatórios estão marcados com *."},
	}
	for lang, d := range docs {
		var b strings.Builder
		fmt.Fprintf(&b, "# %s\n\n%s\n", d.title, d.note)
		for _, s := range []struct{ file, heading string }{{AgreementFile, d.agreement}, {OrganizationFile, d.organization}} {
			data, err := os.ReadFile(filepath.Join(repoRoot, Dir, s.file))
			if err != nil {
				t.Fatal(err)
			}
			raw := loadRaw(t, s.file)
			props := raw["properties"].(map[string]any)
			required := map[string]bool{}
			for _, r := range raw["required"].([]any) {
				required[r.(string)] = true
			}
			fmt.Fprintf(&b, "\n## %s\n\n| %s | |\n|---|---|\n", s.heading, d.field)
			for _, key := range orderedKeys(t, data, "properties") {
				star := ""
				if required[key] {
					star = " *"
				}
				field := "description" // Spanish, the registry's language
				if lang != "es" {
					field = "x-description-" + lang
				}
				desc, _ := props[key].(map[string]any)[field].(string)
				fmt.Fprintf(&b, "| `%s`%s | %s |\n", key, star, strings.ReplaceAll(desc, "|", `\|`))
			}
		}
		p := filepath.Join(repoRoot, "docs", d.file)
		if *update {
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(b.String()), 0o644)
			continue
		}
		have, err := os.ReadFile(p)
		if err != nil || string(have) != b.String() {
			t.Errorf("docs/%s is out of date with the schemas: run go test ./internal/schema -update", d.file)
		}
	}
}
