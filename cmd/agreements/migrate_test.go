package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrateCommand: the exit statuses docs/cli.md promises, on the
// fixture registry (already current) and on a record of format 1.0.0.
func TestMigrateCommand(t *testing.T) {
	root := registry(t)
	r := run(t, root, nil, "migrate", "--check")
	if r.code != 0 || !strings.Contains(r.stdout, "0 migrated to 2.0.0") {
		t.Fatalf("a current registry: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	p := filepath.Join(root, "records/organizations/nic-mexico.yaml")
	data, _ := os.ReadFile(p)
	old := strings.Replace(string(data), "schema_version: \"2.0.0\"\n", "", 1)
	write(t, p, old)
	if r := run(t, root, nil, "validate"); r.code != 1 || !strings.Contains(r.stdout, "agreements migrate") {
		t.Errorf("validate on a 1.0.0 record: exit %d, %q", r.code, r.stdout)
	}
	r = run(t, root, nil, "migrate", "--check")
	if r.code != 1 || !strings.Contains(r.stdout, "would migrate records/organizations/nic-mexico.yaml: 1.0.0 → 2.0.0") {
		t.Errorf("--check: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if got, _ := os.ReadFile(p); string(got) != old {
		t.Error("--check wrote")
	}
	if r := run(t, root, nil, "migrate"); r.code != 0 {
		t.Errorf("migrate: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if got, _ := os.ReadFile(p); string(got) != string(data) {
		t.Errorf("migrated:\n%s\nwant:\n%s", got, data)
	}
	write(t, p, strings.Replace(string(data), "\"2.0.0\"", "\"3.0.0\"", 1))
	r = run(t, root, nil, "migrate")
	if r.code != 2 || !strings.Contains(r.stderr, "records/organizations/nic-mexico.yaml") || !strings.Contains(r.stderr, "newer") {
		t.Errorf("a newer version: exit %d, %q", r.code, r.stderr)
	}
}
