package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A record with a few common mistakes, shown in each language.
const mistakes = `schema_version: "2.0.0"
id: lang-case
title:
  es: Caso de idiomas
summary:
  es: Un acuerdo de prueba.
kind: cooperation agreement
parties: [lacnic, cgi-bt]
dates:
  signed: "2003-02-30"
status: in force
sources: []
`

func langRegistry(t *testing.T) string {
	root := registry(t)
	write(t, filepath.Join(root, "records/agreements/lang-case.yaml"), mistakes)
	return root
}

// TestDiagnosticsInEachLanguage compares the same diagnostics in Spanish,
// Portuguese and English with golden files.
func TestDiagnosticsInEachLanguage(t *testing.T) {
	root := langRegistry(t)
	for _, lang := range []string{"es", "pt", "en"} {
		r := run(t, root, nil, "validate", "--lang", lang, "--as-of", asOf, "records/agreements/lang-case.yaml")
		if r.code != 1 {
			t.Errorf("%s: exit %d", lang, r.code)
		}
		golden(t, filepath.Join("testdata", "lang", lang+".golden"), r.stdout)
	}
}

// TestLanguageFromTheLocale: LANG=es_UY.UTF-8 makes the tool speak Spanish;
// --lang wins over the locale; rule ids and field names never change.
func TestLanguageFromTheLocale(t *testing.T) {
	root := langRegistry(t)
	r := run(t, root, []string{"LANG=es_UY.UTF-8"}, "validate", "--as-of", asOf, "records/agreements/lang-case.yaml")
	for _, want := range []string{`status: "in force" no es uno de`, `¿quiso decir "in-force"?`, "[schema.enum]", "revisión de 1 archivo: 5 errores"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("LANG=es_UY.UTF-8: %q not in\n%s", want, r.stdout)
		}
	}
	r = run(t, root, []string{"LANG=es_UY.UTF-8"}, "validate", "--lang", "pt", "--format", "json", "records/agreements/lang-case.yaml")
	var out struct {
		Diagnostics []struct{ Rule, Message, Pointer string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range out.Diagnostics {
		if d.Rule == "schema.enum" && d.Pointer == "/status" {
			found = true
			if !strings.Contains(d.Message, "não é um de") || !strings.HasPrefix(d.Message, "status: ") {
				t.Errorf("--lang pt: %q", d.Message)
			}
		}
	}
	if !found {
		t.Errorf("no schema.enum diagnostic: %s", r.stdout)
	}
	// Usage speaks the language too.
	r = run(t, root, []string{"LANG=pt_BR.UTF-8"}, "validate", "--nope")
	if r.code != 2 || !strings.Contains(r.stderr, "opção desconhecida -nope") || !strings.Contains(r.stderr, "uso: agreements validate") {
		t.Errorf("usage in pt: %q", r.stderr)
	}
	if r := run(t, root, nil, "validate", "--lang", "fr"); r.code != 2 || !strings.Contains(r.stderr, "--lang must be es, en or pt") && !strings.Contains(r.stderr, "--lang") {
		t.Errorf("--lang fr: exit %d %q", r.code, r.stderr)
	}
}

// TestBuildIgnoresTheLocale: the files build writes follow --lang only.
func TestBuildIgnoresTheLocale(t *testing.T) {
	dir := builtRegistry(t)
	r := run(t, dir, []string{"LANG=pt_BR.UTF-8"}, "build")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	summary, _ := os.ReadFile(filepath.Join(dir, "dist", "summary.md"))
	if !strings.Contains(string(summary), "Registro de acuerdos de cooperación de LACNIC") {
		t.Errorf("summary.md is not in Spanish under LANG=pt_BR:\n%s", summary)
	}
	if !strings.Contains(r.stdout, "gerado") {
		t.Errorf("the message is not in Portuguese: %q", r.stdout)
	}
	if r := run(t, dir, nil, "build", "--lang", "pt", "--out", "dist-pt"); r.code != 0 {
		t.Fatalf("--lang pt: exit %d: %s", r.code, r.stderr)
	}
	summary, _ = os.ReadFile(filepath.Join(dir, "dist-pt", "summary.md"))
	if !strings.Contains(string(summary), "Registro dos acordos de cooperação do LACNIC") {
		t.Errorf("summary.md is not in Portuguese with --lang pt:\n%s", summary)
	}
}
