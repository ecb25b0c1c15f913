//go:build scale

package main

// The scale test is not in the default run: it writes 100,000 generated
// records and takes a few minutes. Run it with
//
//	go test -tags scale -run TestScale -timeout 30m -v ./cmd/agreements
//
// SCALE_N sets another size.

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"agreements/internal/synth"
)

func scaleN(t *testing.T) int {
	n := 100000
	if v := os.Getenv("SCALE_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("SCALE_N: %v", err)
		}
	}
	return n
}

// TestScale validates and builds a large generated registry with the real
// command and checks the counts in what it prints and writes.
func TestScale(t *testing.T) {
	n := scaleN(t)
	root := t.TempDir()
	if err := synth.Write(root, filepath.Join(repoRoot, "schema"), n, 1); err != nil {
		t.Fatal(err)
	}
	orgs, err := os.ReadDir(filepath.Join(root, "records", "organizations"))
	if err != nil {
		t.Fatal(err)
	}
	total := n + len(orgs)

	r := run(t, root, nil, "validate")
	if want := fmt.Sprintf("%d files checked: no problems", total); r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("validate: exit %d, %q, want %q\n%s", r.code, r.stdout, want, r.stderr)
	}

	r = run(t, root, nil, "build", "--no-history")
	if want := fmt.Sprintf("%d agreements, %d organisations", n, len(orgs)); r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("build: exit %d, %q, want %q\n%s", r.code, r.stdout, want, r.stderr)
	}
	dist := filepath.Join(root, "dist")
	data, err := os.ReadFile(filepath.Join(dist, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ix struct {
		Agreements    []struct{ ID string }
		Organizations []struct{ ID string }
	}
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatal(err)
	}
	if len(ix.Agreements) != n || len(ix.Organizations) != len(orgs) {
		t.Errorf("index.json: %d agreements, %d organisations", len(ix.Agreements), len(ix.Organizations))
	}
	for i := 1; i < len(ix.Agreements); i++ {
		if ix.Agreements[i-1].ID >= ix.Agreements[i].ID {
			t.Fatalf("index.json: %s before %s", ix.Agreements[i-1].ID, ix.Agreements[i].ID)
		}
	}
	f, err := os.Open(filepath.Join(dist, "agreements.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != n+1 {
		t.Errorf("agreements.csv: %d rows, %v", len(rows), err)
	}
	var facets struct{ Total int }
	if data, err := os.ReadFile(filepath.Join(dist, "facets.json")); err != nil || json.Unmarshal(data, &facets) != nil || facets.Total != n {
		t.Errorf("facets.json: total %d, %v", facets.Total, err)
	}
}

// TestScaleInvalid puts a known error into 1% of a large registry: validate
// reports each one, and build publishes nothing.
func TestScaleInvalid(t *testing.T) {
	n := scaleN(t)
	root := t.TempDir()
	if err := synth.WriteInvalid(root, filepath.Join(repoRoot, "schema"), n, 2, 1); err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile(filepath.Join(root, "injected-errors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	injected := strings.Split(strings.TrimSpace(string(list)), "\n")
	r := run(t, root, nil, "validate", "--format", "json")
	if r.code != 1 {
		t.Fatalf("validate: exit %d\n%s", r.code, r.stderr)
	}
	var report struct {
		Diagnostics []struct{ File, Rule, Severity string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, d := range report.Diagnostics {
		found[d.File+"\t"+d.Rule] = true
	}
	for _, line := range injected {
		if !found[line] {
			t.Errorf("injected error not reported: %s", line)
		}
	}
	r = run(t, root, nil, "build", "--no-history")
	if r.code != 1 {
		t.Errorf("build: exit %d", r.code)
	}
	if _, err := os.Stat(filepath.Join(root, "dist")); !os.IsNotExist(err) {
		t.Errorf("build with errors left dist/: %v", err)
	}
}
