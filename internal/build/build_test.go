package build

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"agreements/internal/emit"
	"agreements/internal/synth"
)

// TestRun: a generated registry builds; the same records give the same
// bytes (--check finds nothing); an invalid record stops the build with
// its diagnostics and leaves the output as it was.
func TestRun(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, "../../schema", 400, 3); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	o := Options{Root: root, Out: out, NoHistory: true, Emit: emit.Options{Lang: "es"}}
	r, err := Run(o)
	if err != nil || r.Agreements != 400 || r.Organizations == 0 {
		t.Fatalf("Run: %v, %d agreements, %d organisations", err, r.Agreements, r.Organizations)
	}
	before, err := os.ReadFile(filepath.Join(out, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	o.Check = true
	if r, err := Run(o); err != nil || len(r.Differs) != 0 {
		t.Fatalf("--check after a build: %v, differs %v", err, r.Differs)
	}
	o.Check = false
	bad := filepath.Join(root, "records", "agreements", "broken.yaml")
	if err := os.WriteFile(bad, []byte("id: broken\nkind: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = Run(o)
	if !errors.Is(err, ErrInvalid) || len(r.Report.Diagnostics) == 0 {
		t.Fatalf("invalid record: %v, %d diagnostics", err, len(r.Report.Diagnostics))
	}
	after, _ := os.ReadFile(filepath.Join(out, "index.json"))
	if string(after) != string(before) {
		t.Error("a failed build changed the output")
	}
}
