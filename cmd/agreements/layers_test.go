package main

import (
	"os/exec"
	"strings"
	"testing"
)

// layers places every package of the module; a package may import only
// packages of lower layers, so that control and data flow one way:
// reading records, then checking them, then building what readers see,
// then the command. A new package must be given its layer here.
var layers = map[string]int{
	"internal/message": 0, "internal/suggest": 0, "internal/gitrepo": 1,
	"internal/synth": 0, "internal/workflowpolicy": 0, "internal/collector": 0,
	"internal/diag": 1, "internal/outdir": 1, "internal/recdiff": 2,
	"internal/record": 3,
	"internal/schema": 4, "internal/history": 4,
	"internal/rules": 5, "internal/index": 5, "internal/format": 5,
	"internal/check": 6, "internal/emit": 6,
	"internal/change": 7, "internal/build": 7, "internal/proposal": 7, "internal/fix": 7, "internal/migrate": 7, "internal/links": 6,
	"internal/report": 8,
	"internal/cli":    9,
	"cmd/agreements":  10, "cmd/agreements-synth": 10,
}

// TestLayers reads the module's imports with go list and checks that no
// package imports one at its own layer or above.
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "agreements/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], "agreements/")
		layer, ok := layers[pkg]
		if !ok {
			t.Errorf("%s has no layer: add it to layers in layers_test.go", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			dep, ours := strings.CutPrefix(imp, "agreements/")
			if !ours {
				continue
			}
			if l, ok := layers[dep]; ok && l >= layer {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports go to lower layers only", pkg, layer, dep, l)
			}
		}
	}
}
