package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestEditorSpeaksSpanish: in an editor that reads the record's first
// line (yaml-language-server, the YAML extension of VS Code and others,
// run over LSP by testdata/node/editor.mjs), a field's hover and a
// pattern's error are in Spanish, the registry's language, from the
// schemas' description and patternErrorMessage.
func TestEditorSpeaksSpanish(t *testing.T) {
	tools := nodeTools(t)
	root := registry(t)
	p := filepath.Join(root, "records/agreements/editor.yaml")
	write(t, p, `# yaml-language-server: $schema=../../schema/agreement.schema.json
schema_version: "2.0.0"
id: editor
title:
  es: Acuerdo abierto en un editor
summary:
  es: Un acuerdo de prueba.
kind: grant
parties: [lacnic, nic-mexico]
countries: [uy]
dates:
  signed: 15/08/2023
status: unknown
sources:
  - title: Fuente
`)
	var got struct {
		Diagnostics []string
		Hovers      map[string]string
	}
	runNode(t, tools, &got, "editor.mjs", p, "kind", "status")
	all := strings.Join(got.Diagnostics, "\n")
	for _, want := range []string{"Debe ser un código de país de dos letras mayúsculas", "Debe ser una fecha de la forma AAAA, AAAA-MM o AAAA-MM-DD"} {
		if !strings.Contains(all, want) {
			t.Errorf("the editor's diagnostics lack %q:\n%s", want, all)
		}
	}
	for key, want := range map[string][]string{
		"kind":   {"El término de LACNIC para el instrumento", "Fondos otorgados para un fin."},
		"status": {"El estado:", "Ninguna fuente indica su estado."},
	} {
		for _, w := range want {
			if !strings.Contains(got.Hovers[key], w) {
				t.Errorf("the hover of %s lacks %q:\n%s", key, w, got.Hovers[key])
			}
		}
	}
}
