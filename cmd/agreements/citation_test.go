package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

// TestCitationFile: the repository's CITATION.cff is valid Citation File
// Format 1.2.0, by the format's own schema.
func TestCitationFile(t *testing.T) {
	schemaPath := filepath.Join("testdata", "cff", "schema.json")
	c := jsonschema.NewCompiler()
	schemaData, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("https://citation-file-format.github.io/1.2.0/schema.json", strings.NewReader(string(schemaData))); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("https://citation-file-format.github.io/1.2.0/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(repoRoot, "CITATION.cff"))
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	// Through JSON, as the schema reads it.
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	json.Unmarshal(raw, &doc)
	if err := schema.Validate(doc); err != nil {
		t.Errorf("CITATION.cff: %#v", err)
	}
	// A broken copy is refused: the test can fail.
	var broken map[string]any
	json.Unmarshal(raw, &broken)
	delete(broken, "authors")
	if err := schema.Validate(broken); err == nil {
		t.Error("a CITATION.cff without authors passes")
	}
}
