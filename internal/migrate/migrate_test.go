package migrate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agreements/internal/format"
	"agreements/internal/record"
)

const repoRoot = "../.."

func formatter(t *testing.T) *format.Formatter {
	t.Helper()
	f, err := format.New(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const v1 = `# yaml-language-server: $schema=../../schema/agreement.schema.json
id: x
title:
  es: Un acuerdo
summary:
  es: Resumen.
kind: grant
parties: [lacnic, b, c]
dates:
  signed: "2004"
signatories:
  # Los firmantes, según la nota.
  - name: Ana
    role: {es: Directora}
    party: lacnic
  - name: Beto # por la parte b
    role: {es: Presidente}
    party: b
  - name: Carla
    role: {es: Secretaria}
    party: lacnic
status: unknown
sources:
  - title: s
    note: "«una cita»" # la cita
`

const v2 = `# yaml-language-server: $schema=../../schema/agreement.schema.json
schema_version: "2.0.0"
id: x
title:
  es: Un acuerdo
summary:
  es: Resumen.
kind: grant
parties: [lacnic, b, c]
dates:
  signed: "2004"
actions:
  - party: lacnic
    act: signed
    signatories:
      # Los firmantes, según la nota.
      - name: Ana
        role:
          es: Directora
      - name: Carla
        role:
          es: Secretaria
  - party: b
    act: signed
    signatories:
      - name: Beto # por la parte b
        role:
          es: Presidente
status: unknown
sources:
  - title: s
    note:
      es: "«una cita»" # la cita
`

func TestRecord(t *testing.T) {
	f := formatter(t)
	out, from, err := Record(f, record.Agreement, []byte(v1))
	if err != nil {
		t.Fatal(err)
	}
	if from != "1.0.0" || string(out) != v2 {
		t.Errorf("from %s, got:\n%s\nwant:\n%s", from, out, v2)
	}
	// Idempotent: a record at the current version is left alone.
	if again, _, err := Record(f, record.Agreement, out); err != nil || again != nil {
		t.Errorf("a second migration: %q, %v", again, err)
	}
	org := "id: o\nname: {es: O}\nsources:\n  - title: t\n    note: Una nota.\n"
	out, _, err = Record(f, record.Organization, []byte(org))
	want := "schema_version: \"2.0.0\"\nid: o\nname:\n  es: O\nsources:\n  - title: t\n    note:\n      es: Una nota.\n"
	if err != nil || string(out) != want {
		t.Errorf("organisation: %v\n%s", err, out)
	}
}

func TestRecordVersions(t *testing.T) {
	f := formatter(t)
	for _, tt := range []struct {
		version string
		newer   bool
	}{{"3.0.0", true}, {"2.1.0", true}, {"2.0.1", true}, {"1.5.0", false}, {"2.0", false}, {"02.0.0", false}, {"dos", false}} {
		_, _, err := Record(f, record.Organization, []byte("schema_version: \""+tt.version+"\"\nid: o\nname: {es: O}\nsources: [{title: t}]\n"))
		var ve *VersionError
		if !errors.As(err, &ve) || ve.Newer != tt.newer {
			t.Errorf("%s: %v", tt.version, err)
		}
	}
}

func registry(t *testing.T, records map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	schemas, _ := filepath.Glob(filepath.Join(repoRoot, "schema", "*.json"))
	os.MkdirAll(filepath.Join(dir, "schema"), 0o755)
	for _, s := range schemas {
		data, _ := os.ReadFile(s)
		os.WriteFile(filepath.Join(dir, "schema", filepath.Base(s)), data, 0o644)
	}
	for name, text := range records {
		p := filepath.Join(dir, "records", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	return dir
}

var orgs = map[string]string{
	"organizations/lacnic.yaml": "id: lacnic\nname: {es: LACNIC}\nsources: [{title: t}]\n",
	"organizations/b.yaml":      "id: b\nname: {es: B}\nsources: [{title: t}]\n",
	"organizations/c.yaml":      "schema_version: \"2.0.0\"\nid: c\nname: {es: C}\nsources: [{title: t}]\n",
}

func TestRun(t *testing.T) {
	records := map[string]string{"agreements/x.yaml": v1}
	for k, v := range orgs {
		records[k] = v
	}
	dir := registry(t, records)
	res, err := Run(Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Migrations) != 3 || res.Current != 1 || len(res.Problems) > 0 {
		t.Fatalf("%d migrated, %d current, problems %v", len(res.Migrations), res.Current, res.Problems)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "records/agreements/x.yaml")); string(data) != v1 {
		t.Error("a run without Write wrote")
	}
	if _, err := Run(Options{Root: dir, Write: true}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "records/agreements/x.yaml")); string(data) != v2 {
		t.Errorf("written:\n%s", data)
	}
	res, err = Run(Options{Root: dir, Write: true})
	if err != nil || len(res.Migrations) != 0 || res.Current != 4 {
		t.Errorf("a second run: %v %+v", err, res)
	}
}

// TestRunRefuses: a migrated record that fails validation, or a record of
// an unknown version, leaves every file as it was.
func TestRunRefuses(t *testing.T) {
	broken := strings.Replace(v1, "party: b\n", "party: nadie\n", 1)
	records := map[string]string{"agreements/x.yaml": broken}
	for k, v := range orgs {
		records[k] = v
	}
	dir := registry(t, records)
	res, err := Run(Options{Root: dir, Write: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) == 0 || !strings.Contains(res.Problems[0].Message.String(), "nadie") {
		t.Errorf("problems: %v", res.Problems)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "records/organizations/lacnic.yaml")); string(data) != orgs["organizations/lacnic.yaml"] {
		t.Error("a file was written although a migrated record fails validation")
	}
	records["agreements/x.yaml"] = "schema_version: \"9.0.0\"\n" + v1
	dir = registry(t, records)
	_, err = Run(Options{Root: dir, Write: true})
	var ve *VersionError
	if !errors.As(err, &ve) || ve.File != "records/agreements/x.yaml" || !ve.Newer {
		t.Errorf("a newer version: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "records/organizations/lacnic.yaml")); string(data) != orgs["organizations/lacnic.yaml"] {
		t.Error("a file was written although a record's version is unknown")
	}
}
