package check

import (
	"agreements/internal/rules"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"agreements/internal/diag"
	"agreements/internal/record"
)

var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// fixtureRecords is the frozen fixture registry's records (never the
// shipped records/, which researchers correct any day).
const fixtureRecords = "../../testdata/registry/records"

// copyRegistry copies the fixture records and the project's schemas into a
// temp folder.
func copyRegistry(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "records"), os.DirFS(fixtureRecords)); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(root, "schema"), os.DirFS("../../schema")); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestFixtureRegistry(t *testing.T) {
	report, err := Run(Options{FS: os.DirFS(copyRegistry(t)), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	fixture, _ := filepath.Glob(fixtureRecords + "/*/*.yaml")
	if report.Files != len(fixture) {
		t.Errorf("files %d of %d", report.Files, len(fixture))
	}
	// The only warnings are the sources still read over http://.
	for _, d := range report.Diagnostics {
		if d.Rule != rules.RuleInsecureURL {
			t.Errorf("%s: %s", d.File, d.Text())
		}
	}
}

// TestPanicIsContained: a crash while checking one file becomes an error on
// that file, and every other file is still checked.
func TestPanicIsContained(t *testing.T) {
	root := copyRegistry(t)
	os.WriteFile(filepath.Join(root, "records/agreements/bad.yaml"), []byte("id: bad\nstatus: nope\n"), 0o644)
	defer func(orig func(string, record.Kind, []byte) (*record.Document, []diag.Diagnostic)) { parse = orig }(parse)
	parse = func(file string, k record.Kind, data []byte) (*record.Document, []diag.Diagnostic) {
		if strings.HasSuffix(file, "/isc.yaml") {
			panic("boom")
		}
		return record.Parse(file, k, data)
	}
	report, err := Run(Options{FS: os.DirFS(root), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	var panics, others int
	for _, d := range report.Diagnostics {
		switch {
		case d.Rule == RulePanic && d.File == "records/organizations/isc.yaml":
			panics++
			if !strings.Contains(d.Text(), "boom") {
				t.Errorf("message %q", d.Text())
			}
		case d.File == "records/agreements/bad.yaml":
			others++
		case d.Rule == "ref.unknown-organization":
			t.Errorf("the crashed file's id was lost: %s", d.Text())
		}
	}
	fixture, _ := filepath.Glob(fixtureRecords + "/*/*.yaml")
	if panics != 1 || others == 0 || report.Files != len(fixture)+1 {
		t.Errorf("panics %d, other diagnostics %d, files %d", panics, others, report.Files)
	}
}

// TestDeterministic: the report is the same whatever the number of workers.
func TestDeterministic(t *testing.T) {
	root := copyRegistry(t)
	for i := 0; i < 40; i++ {
		body := fmt.Sprintf("id: gen-%d\nkind: nope\nparties: [lacnic, org-%d]\nstatus: unknown\n", i, i%7)
		os.WriteFile(filepath.Join(root, fmt.Sprintf("records/agreements/gen-%d.yaml", i)), []byte(body), 0o644)
	}
	var first []diag.Diagnostic
	for _, workers := range []int{1, 2, 8, 1, 8} {
		report, err := Run(Options{FS: os.DirFS(root), AsOf: asOf, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = report.Diagnostics
			if len(first) < 200 {
				t.Fatalf("only %d diagnostics", len(first))
			}
			continue
		}
		if !reflect.DeepEqual(first, report.Diagnostics) {
			t.Fatalf("workers=%d changed the report", workers)
		}
	}
}
