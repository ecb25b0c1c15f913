package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var examplesDir = filepath.Join(repoRoot, "schema", "examples")

// exampleRegistry is a registry of the schemas and the format's valid
// example records.
func exampleRegistry(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, filepath.Join(repoRoot, "schema"), filepath.Join(dir, "schema"))
	copyTree(t, filepath.Join(examplesDir, "valid"), filepath.Join(dir, "records"))
	return dir
}

// invalidExamples lists the invalid examples as kind/file name.
func invalidExamples(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, kind := range []string{"agreements", "organizations"} {
		names, err := filepath.Glob(filepath.Join(examplesDir, "invalid", kind, "*.yaml"))
		if err != nil || len(names) == 0 {
			t.Fatalf("no invalid %s examples: %v", kind, err)
		}
		for _, n := range names {
			out = append(out, kind+"/"+filepath.Base(n))
		}
	}
	return out
}

// exampleRule is the rule an invalid example's name starts with.
func exampleRule(name string) string {
	parts := strings.SplitN(filepath.Base(name), ".", 3)
	return parts[0] + "." + parts[1]
}

var exampleID = regexp.MustCompile(`(?m)^id: (\S+)$`)

// TestSchemaExamples: the valid examples are a registry validate passes
// with no warning, and each invalid one, added to it, breaks the rule it
// is named after.
func TestSchemaExamples(t *testing.T) {
	root := exampleRegistry(t)
	r := run(t, root, nil, "validate")
	if r.code != 0 || !strings.HasSuffix(r.stdout, "checked: no problems\n") {
		t.Fatalf("the valid examples: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, root, nil, "fmt", "--check"); r.code != 0 {
		t.Errorf("the valid examples are not in canonical form:\n%s%s", r.stdout, r.stderr)
	}
	// The examples build; an identifier reaches the organisation's page
	// as a link to its register's entry.
	if r := run(t, root, nil, "build", "--no-history"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	page, _ := os.ReadFile(filepath.Join(root, "dist", "organizations", "nic-ejemplo", "index.html"))
	if !strings.Contains(string(page), `href="https://www.wikidata.org/wiki/Q4115189"`) {
		t.Error("the organisation's page does not link its Wikidata item")
	}
	for _, name := range invalidExamples(t) {
		t.Run(name, func(t *testing.T) {
			root := exampleRegistry(t)
			data, err := os.ReadFile(filepath.Join(examplesDir, "invalid", name))
			if err != nil {
				t.Fatal(err)
			}
			m := exampleID.FindSubmatch(data)
			if m == nil {
				t.Fatal("no id")
			}
			rel := "records/" + filepath.Dir(name) + "/" + string(m[1]) + ".yaml"
			write(t, filepath.Join(root, rel), string(data))
			r := run(t, root, nil, "validate", rel)
			if r.code != 1 || !strings.Contains(r.stdout, "["+exampleRule(name)+"]") {
				t.Errorf("exit %d, want %s:\n%s%s", r.code, exampleRule(name), r.stdout, r.stderr)
			}
		})
	}
}

// TestSchemaExamplesAjv: ajv 8 with ajv-formats, given the schemas alone,
// passes every valid example and fails every invalid one whose rule is
// the schema's; the rules across records are beyond a schema.
func TestSchemaExamplesAjv(t *testing.T) {
	tools := nodeTools(t)
	schemaDir, _ := filepath.Abs(filepath.Join(repoRoot, "schema"))
	var got map[string][]string
	runNode(t, tools, &got, "examples.mjs", schemaDir)
	valid, _ := filepath.Glob(filepath.Join(examplesDir, "valid", "*", "*.yaml"))
	if len(got) != len(valid)+len(invalidExamples(t)) {
		t.Fatalf("ajv checked %d files", len(got))
	}
	for file, errs := range got {
		schemaRule := strings.HasPrefix(file, "invalid/") && strings.HasPrefix(exampleRule(file), "schema.")
		switch {
		case strings.HasPrefix(file, "valid/") && len(errs) > 0:
			t.Errorf("%s: ajv fails a valid example: %v", file, errs)
		case schemaRule && len(errs) == 0:
			t.Errorf("%s: ajv passes what the schema forbids", file)
		case strings.HasPrefix(file, "invalid/") && !schemaRule && len(errs) > 0:
			t.Errorf("%s: ajv fails a rule beyond the schema: %v", file, errs)
		}
	}
}
