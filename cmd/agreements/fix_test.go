package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// brokenForFix holds one of each problem fix is sure of, a comment it
// must keep, and a problem it must leave for a person (an unknown party).
const brokenForFix = `# yaml-language-server: $schema=../../schema/agreement.schema.json
schema_version: "2.0.0"
id: fix-me
title:
  es: Acuerdo para corregir   # a comment that stays
summary:
  es: Un acuerdo de prueba para fix.
kind: cooperation-agreemnt
parties: [lacnic, nic-mexico, nadie]
countries: [Paraguay, uy]
dates:
  signed: 15/08/2023
  end: 2027
place:
  country: Brasil
status: in force
sources:
  - title: Fuente
    url: http://www.lacnic.net/
  - title: Otra fuente
    url: http://example.org/otra
`

// TestFix: fix --check --diff names every sure fix and changes nothing;
// fix applies them, keeping the comment, and leaves the rest for a
// person; a second run has nothing to do.
func TestFix(t *testing.T) {
	root := registry(t)
	p := filepath.Join(root, "records/agreements/fix-me.yaml")
	write(t, p, brokenForFix)
	r := run(t, root, nil, "fix", "--as-of", asOf, "--check", "--diff", "records/agreements/fix-me.yaml")
	golden(t, filepath.Join("testdata", "fix", "check.golden"), r.stdout+r.stderr+"exit status "+itoa(r.code)+"\n")
	if r.code != 1 {
		t.Errorf("fix --check: exit %d, want 1", r.code)
	}
	if data, _ := os.ReadFile(p); string(data) != brokenForFix {
		t.Error("fix --check changed the record")
	}
	r = run(t, root, nil, "fix", "--as-of", asOf, "records/agreements/fix-me.yaml")
	golden(t, filepath.Join("testdata", "fix", "fix.golden"), r.stdout+r.stderr+"exit status "+itoa(r.code)+"\n")
	data, _ := os.ReadFile(p)
	for _, want := range []string{"# a comment that stays", "kind: cooperation-agreement\n", "countries: [PY, UY]\n", `signed: "2023-08-15"`,
		`end: "2027"`, "country: BR\n", "status: in-force\n", "url: https://www.lacnic.net/\n", "url: http://example.org/otra\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the fixed record lacks %q:\n%s", want, data)
		}
	}
	r = run(t, root, nil, "validate", "--as-of", asOf, "records/agreements/fix-me.yaml")
	if !strings.Contains(r.stdout, "[ref.unknown-organization]") || strings.Count(r.stdout, ": error: ") != 1 {
		t.Errorf("after fix, validate should report only the unknown party:\n%s", r.stdout)
	}
	if r := run(t, root, nil, "fix", "--as-of", asOf, "--check", "records/agreements/fix-me.yaml"); r.code != 0 || r.stdout != "" {
		t.Errorf("a second fix --check: exit %d\n%s", r.code, r.stdout)
	}
}

// TestFixRenamesOnlyUncommittedFiles: a file named unlike its id is
// renamed when git does not have it yet, and left for a person when it
// does (renaming a merged record changes its id for good).
func TestFixRenamesOnlyUncommittedFiles(t *testing.T) {
	dir := gitRegistry(t)
	edit(t, dir, "records/agreements/comtelca-2014.yaml", "id: comtelca-2014\n", "id: comtelca-2014-b\n")
	write(t, filepath.Join(dir, "records/agreements/nuevo.yaml"), strings.Replace(brokenForFix, "id: fix-me", "id: nuevo-acuerdo", 1))
	r := run(t, dir, nil, "fix", "--as-of", asOf)
	if !strings.Contains(r.stdout, "renamed records/agreements/nuevo.yaml to records/agreements/nuevo-acuerdo.yaml") {
		t.Errorf("the new file was not renamed:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "records/agreements/comtelca-2014.yaml")); err != nil {
		t.Errorf("the committed file was renamed: %v", err)
	}
	if !strings.Contains(r.stderr, "comtelca-2014.yaml") || !strings.Contains(r.stderr, "[record.id-mismatch]") {
		t.Errorf("the committed file's mismatch is not left for a person:\n%s", r.stderr)
	}
}
