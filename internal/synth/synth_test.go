package synth

import (
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"agreements/internal/check"
)

// TestInjectedErrorsAreFound: every error -invalid injects is reported by
// validate with its rule, on its file, and nothing else is.
func TestInjectedErrorsAreFound(t *testing.T) {
	dir := t.TempDir()
	if err := WriteInvalid(dir, "../../schema", 300, 7, 10); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "injected-errors.txt"))
	want := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(want) < 15 {
		t.Fatalf("only %d injected", len(want))
	}
	report, err := check.Run(check.Options{FS: os.DirFS(dir), AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range report.Diagnostics {
		if d.Severity == 0 {
			got[d.File+"\t"+d.Rule] = true
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("injected %q, not reported", w)
		}
	}
	files := map[string]bool{}
	for _, w := range want {
		files[strings.Split(w, "\t")[0]] = true
	}
	var stray []string
	for g := range got {
		if !files[strings.Split(g, "\t")[0]] {
			stray = append(stray, g)
		}
	}
	sort.Strings(stray)
	if len(stray) > 0 {
		t.Errorf("errors on files without an injection: %v", stray)
	}
}

// TestDuplicatesAreFound: every copy -duplicates makes is warned of, on
// it and its original, and nothing else is; a registry without copies
// has no such warning.
func TestDuplicatesAreFound(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, "../../schema", 2000, 5); err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	report, err := check.Run(check.Options{FS: os.DirFS(dir), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range report.Diagnostics {
		if d.Rule == DuplicateRule || d.Severity == 0 {
			t.Errorf("before copies: %s %s", d.File, d.Text())
		}
	}
	if err := WriteDuplicates(dir, 2000, 5, 2); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "injected-errors.txt"))
	want := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(want) < 40 {
		t.Fatalf("only %d listed", len(want))
	}
	report, err = check.Run(check.Options{FS: os.DirFS(dir), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range report.Diagnostics {
		if d.Rule == DuplicateRule || d.Severity == 0 {
			got[d.File+"\t"+d.Rule] = true
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("injected %q, not reported", w)
		}
		delete(got, w)
	}
	for g := range got {
		t.Errorf("reported %q, not injected", g)
	}
}

func TestHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	if err := Write(dir, "../../schema", 50, 3); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "records/agreements/synthetic-agreement-7.yaml"))
	if err := History(dir, 120, 3); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "records/agreements/synthetic-agreement-7.yaml"))
	if string(before) != string(after) {
		t.Error("the last commit does not hold the registry as written")
	}
	out, err := exec.Command("git", "-C", dir, "rev-list", "--count", "HEAD").Output()
	if err != nil || strings.TrimSpace(string(out)) != "120" {
		t.Errorf("commits: %s %v", out, err)
	}
	if out, err := exec.Command("git", "-C", dir, "rev-list", "--merges", "--count", "HEAD").Output(); err != nil || strings.TrimSpace(string(out)) == "0" {
		t.Errorf("merges: %s %v", out, err)
	}
	if out, _ := exec.Command("git", "-C", dir, "count-objects", "-v").Output(); !strings.Contains(string(out), "\ncount: 0\n") && !strings.HasPrefix(string(out), "count: 0\n") {
		t.Errorf("loose objects left:\n%s", out)
	}
	if out, _ := exec.Command("git", "-C", dir, "status", "--porcelain").Output(); len(out) != 0 {
		t.Errorf("working tree differs from the last commit:\n%s", out)
	}
}

// TestPairDaysRunOut: a pair of partners gets each day once, and once
// every day is taken it is full, so that a large registry draws another
// partner instead of searching for a free day for ever (300,000 agreements
// filled the commonest pair's days).
func TestPairDaysRunOut(t *testing.T) {
	g := newGenerator(rand.New(rand.NewSource(1)))
	seen := map[time.Time]bool{}
	for i := 0; i < days; i++ {
		if g.full(2, 1) {
			t.Fatalf("full after %d days", i)
		}
		seen[g.signed(i, 1, 2)] = true
	}
	if len(seen) != days {
		t.Errorf("%d distinct days for %d agreements", len(seen), days)
	}
	if !g.full(1, 2) || !g.full(2, 1) {
		t.Error("the pair is not full with every day taken")
	}
	if g.full(1, 3) {
		t.Error("another pair is full")
	}
}
