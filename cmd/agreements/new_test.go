package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNew: `new` with flags writes a record that passes validate; a
// missing party stops it with the command that would create the party.
func TestNew(t *testing.T) {
	root := registry(t)
	args := []string{"new", "--id", "lacnic-unesco-2024", "--kind", "grant", "--party", "unesco",
		"--title-es", "Acuerdo con la UNESCO: prueba", "--summary-es", "Un resumen, con \"comillas\".",
		"--source-title", "Nota de prensa", "--source-url", "https://example.org/nota"}
	r := run(t, root, nil, args...)
	if r.code != 2 || !strings.Contains(r.stderr, "agreements new-organization --id unesco") {
		t.Fatalf("unknown party: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "records/agreements/lacnic-unesco-2024.yaml")); err == nil {
		t.Fatal("a record was written for an unknown party")
	}
	if strings.Contains(r.stderr, `\n`) {
		t.Errorf("an escaped line break in %q", r.stderr)
	}
	// A name typed where an id goes: the command gives its id, and the name.
	named := append(slices.Clone(args), "--party", "Universidad Nacional de Asunción")
	r = run(t, root, nil, named...)
	if r.code != 2 || !strings.Contains(r.stderr, "agreements new-organization --id universidad-nacional-de-asuncion --name 'Universidad Nacional de Asunción'") {
		t.Errorf("a name for a party: exit %d, %q", r.code, r.stderr)
	}
	r = run(t, root, nil, "new-organization", "--id", "unesco", "--name", "UNESCO", "--name-lang", "en",
		"--country", "FR", "--source-title", "UNESCO", "--source-url", "https://www.unesco.org/", "--kind", "intergovernmental")
	if r.code != 0 {
		t.Fatalf("new-organization: exit %d: %s", r.code, r.stderr)
	}
	r = run(t, root, nil, args...)
	if r.code != 0 || !strings.Contains(r.stdout, "created records/agreements/lacnic-unesco-2024.yaml") {
		t.Fatalf("new: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	data, _ := os.ReadFile(filepath.Join(root, "records/agreements/lacnic-unesco-2024.yaml"))
	for _, want := range []string{"# yaml-language-server: $schema=../../schema/agreement.schema.json\n", "parties: [lacnic, unesco]\n", "status: unknown\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("record lacks %q:\n%s", want, data)
		}
	}
	if r := run(t, root, nil, "validate", "--as-of", asOf); r.code != 0 {
		t.Errorf("validate after new: exit %d\n%s", r.code, r.stdout)
	}
	// Again: the file exists, nothing is overwritten.
	if r := run(t, root, nil, args...); r.code != 2 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second new: exit %d, %q", r.code, r.stderr)
	}
	// Without a terminal, what is missing is named.
	if r := run(t, root, nil, "new", "--id", "x"); r.code != 2 || !strings.Contains(r.stderr, "--kind, --party, --title-es, --summary-es, --source-title") {
		t.Errorf("missing flags: exit %d, %q", r.code, r.stderr)
	}
	// A value the schema refuses: nothing is written, and the error says where.
	r = run(t, root, nil, "new", "--id", "bad-kind", "--kind", "grnt", "--party", "isc", "--title-es", "a",
		"--summary-es", "b", "--source-title", "c")
	if r.code != 2 || !strings.Contains(r.stderr, `did you mean "grant"`) {
		t.Errorf("bad kind: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "records/agreements/bad-kind.yaml")); err == nil {
		t.Error("an invalid record was left behind")
	}
	// An organisation whose seat no source states has no country.
	if r := run(t, root, nil, "new-organization", "--id", "regional-body", "--name", "A regional body", "--source-title", "A source"); r.code != 0 {
		t.Errorf("new-organization without --country: exit %d: %s", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(root, "records/organizations/regional-body.yaml")); strings.Contains(string(data), "country") {
		t.Errorf("a country was written:\n%s", data)
	}
	if r := run(t, root, nil, "new", "--id", "Bad Id", "--kind", "grant", "--party", "isc", "--title-es", "a",
		"--summary-es", "b", "--source-title", "c"); r.code != 2 || !strings.Contains(r.stderr, "is not an id") {
		t.Errorf("bad id: exit %d, %q", r.code, r.stderr)
	}
}
