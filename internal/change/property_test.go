package change

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/record"
)

// fixtureRecords is the frozen fixture registry's records (never the
// shipped records/).
const fixtureRecords = "../../testdata/registry/records"

var statusLine = regexp.MustCompile(`(?m)^status: .*$`)

// changeKinds make one change each to the registry checked out at dir;
// rng picks which record. Each returns a word for the failure message.
var changeKinds = map[string]func(t *testing.T, rng *rand.Rand, dir string) string{
	"edit": func(t *testing.T, rng *rand.Rand, dir string) string {
		p := pick(t, rng, dir, "agreements")
		data, _ := os.ReadFile(p)
		writeFile(t, p, statusLine.ReplaceAllString(string(data), "status: terminated"))
		return "status of " + filepath.Base(p)
	},
	"add": func(t *testing.T, rng *rand.Rand, dir string) string {
		id := fmt.Sprintf("property-added-%d", rng.Intn(1000))
		writeFile(t, filepath.Join(dir, "records/agreements", id+".yaml"), fmt.Sprintf(
			"id: %s\ntitle: {es: Acuerdo añadido %d}\nsummary: {es: Un acuerdo nuevo.}\nkind: grant\nparties: [lacnic, nic-mexico]\nstatus: unknown\nsources: [{title: Fuente}]\n", id, rng.Int()))
		return id
	},
	"copy": func(t *testing.T, rng *rand.Rand, dir string) string {
		p := pick(t, rng, dir, "agreements")
		return copyUnder(t, p, "property-copy-", "")
	},
	"undated copy": func(t *testing.T, rng *rand.Rand, dir string) string {
		return copyUnder(t, filepath.Join(dir, "records/agreements/nic-mexico-training.yaml"), "property-undated-", "")
	},
	"rename": func(t *testing.T, rng *rand.Rand, dir string) string {
		return renameWith(t, pick(t, rng, dir, "agreements"), "-renamed")
	},
	"delete": func(t *testing.T, rng *rand.Rand, dir string) string {
		p := pick(t, rng, dir, "agreements")
		os.Remove(p)
		return filepath.Base(p)
	},
	"relation": func(t *testing.T, rng *rand.Rand, dir string) string {
		from, to := pick(t, rng, dir, "agreements"), pick(t, rng, dir, "agreements")
		target := strings.TrimSuffix(filepath.Base(to), ".yaml")
		if rng.Intn(3) == 0 {
			target += "-nowhere"
		}
		data, _ := os.ReadFile(from)
		text := string(data)
		if strings.Contains(text, "\nrelations:\n") {
			text = strings.Replace(text, "\nrelations:\n", "\nrelations:\n  - type: amends\n    agreement: "+target+"\n", 1)
		} else {
			text += "relations:\n  - type: amends\n    agreement: " + target + "\n"
		}
		writeFile(t, from, text)
		return filepath.Base(from) + " → " + target
	},
	"organisation rename": func(t *testing.T, rng *rand.Rand, dir string) string {
		return renameWith(t, pick(t, rng, dir, "organizations"), "-x")
	},
	"schema edit": func(t *testing.T, rng *rand.Rand, dir string) string {
		// Tightening the schema: the status unknown is no longer allowed.
		p := filepath.Join(dir, "schema/agreement.schema.json")
		data, _ := os.ReadFile(p)
		var sch map[string]any
		if err := json.Unmarshal(data, &sch); err != nil {
			t.Fatal(err)
		}
		status := sch["properties"].(map[string]any)["status"].(map[string]any)
		status["enum"] = slices.DeleteFunc(status["enum"].([]any), func(v any) bool { return v == "unknown" })
		delete(status, "enumDescriptions")
		data, _ = json.MarshalIndent(sch, "", "  ")
		writeFile(t, p, string(data))
		return "status unknown refused"
	},
}

// TestPullRequestModeIsValidate: for generated changes to the fixture
// registry, pull-request mode reports exactly what a full validate of the
// head reports on the records the change adds, modifies or renames and
// on every other record whose diagnostics the change alters — found here
// by full checks of both trees checked out on disk — and nothing else but
// the rules that protect history.
func TestPullRequestModeIsValidate(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	repo := filepath.Join(dir, "repo")
	if err := os.CopyFS(filepath.Join(repo, "records"), os.DirFS(fixtureRecords)); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(repo, "schema"), os.DirFS("../../schema")); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, "init", "-q", "-b", "main")
	gitIn(t, repo, "add", "-A")
	gitIn(t, repo, "commit", "-q", "-m", "registry")
	base := fullCheck(t, repo)

	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range changeKinds {
			if !yield(k) {
				return
			}
		}
	})
	// Each kind alone, then random pairs of kinds.
	var plans [][]string
	for _, k := range kinds {
		plans = append(plans, []string{k})
	}
	rng := rand.New(rand.NewSource(7))
	for range 6 {
		plans = append(plans, []string{kinds[rng.Intn(len(kinds))], kinds[rng.Intn(len(kinds))]})
	}
	for i, plan := range plans {
		name := fmt.Sprintf("%d-%s", i, strings.ReplaceAll(strings.Join(plan, "+"), " ", "-"))
		t.Run(name, func(t *testing.T) {
			branch := fmt.Sprintf("change-%d", i)
			gitIn(t, repo, "checkout", "-q", "-b", branch, "main")
			var did []string
			for _, k := range plan {
				did = append(did, changeKinds[k](t, rng, repo))
			}
			gitIn(t, repo, "add", "-A")
			gitIn(t, repo, "commit", "-q", "--allow-empty", "-m", strings.Join(did, ", "))
			head := fullCheck(t, repo)
			gitIn(t, repo, "checkout", "-q", "main")

			s, err := Open(Options{Root: repo, Base: "main", Head: branch})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			report, err := s.Validate(asOf)
			if err != nil {
				t.Fatal(err)
			}
			// The oracle: files whose bytes changed, or whose diagnostics
			// at the head are not all at the merge base.
			changed := map[string]bool{}
			for f, data := range head.files {
				if !bytes.Equal(base.files[f], data) {
					changed[f] = true
				}
			}
			var affected []string
			want := map[string]int{}
			for f, ds := range head.byFile {
				if changed[f] {
					for _, d := range ds {
						want[d]++
					}
					continue
				}
				if extra := without(ds, base.byFile[f]); len(extra) > 0 {
					affected = append(affected, f)
					for _, d := range ds {
						want[d]++
					}
				}
			}
			slices.Sort(affected)
			got := map[string]int{}
			for _, d := range report.Diagnostics {
				if strings.HasPrefix(d.Rule, "history.") {
					continue
				}
				got[line(d)]++
			}
			for d, n := range want {
				if got[d] < n {
					t.Errorf("%v: validate reports, pull-request mode does not: %s", did, d)
				}
			}
			for d, n := range got {
				if want[d] < n {
					t.Errorf("%v: pull-request mode reports, validate on a changed or affected record does not: %s", did, d)
				}
			}
			if !slices.Equal(report.Change.Affected, affected) {
				t.Errorf("%v: affected %q, want %q", did, report.Change.Affected, affected)
			}
		})
	}
}

// checked is a full check of a registry on disk: every file's bytes, and
// its diagnostics as lines.
type checked struct {
	files  map[string][]byte
	byFile map[string][]string
}

func fullCheck(t *testing.T, root string) checked {
	t.Helper()
	res, err := check.Run(check.Options{FS: record.DirFS(root), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	c := checked{files: map[string][]byte{}, byFile: map[string][]string{}}
	for _, d := range res.Diagnostics {
		c.byFile[d.File] = append(c.byFile[d.File], line(d))
	}
	filepath.WalkDir(filepath.Join(root, "records"), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(root, p)
			c.files[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	return c
}

func line(d diag.Diagnostic) string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.File, d.Line, d.Column, d.Severity, d.Text(), d.Rule)
}

// without returns the lines of a not in b, each line counted.
func without(a, b []string) []string {
	left := map[string]int{}
	for _, l := range b {
		left[l]++
	}
	var out []string
	for _, l := range a {
		if left[l] > 0 {
			left[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}

// pick returns a record file of the kind's folder, chosen by rng.
func pick(t *testing.T, rng *rand.Rand, dir, folder string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "records", folder, "*.yaml"))
	if len(files) == 0 {
		t.Fatalf("no %s left", folder)
	}
	slices.Sort(files)
	return files[rng.Intn(len(files))]
}

// renameWith moves the record at p to its id with suffix added, file and
// id alike, and returns the old id.
func renameWith(t *testing.T, p, suffix string) string {
	t.Helper()
	id := copyUnder(t, p, "", suffix)
	os.Remove(p)
	return id
}

// copyUnder writes a copy of the record at p under the id prefix+id+suffix
// and returns the original's id.
func copyUnder(t *testing.T, p, prefix, suffix string) string {
	t.Helper()
	id := strings.TrimSuffix(filepath.Base(p), ".yaml")
	data, _ := os.ReadFile(p)
	newID := prefix + id + suffix
	writeFile(t, filepath.Join(filepath.Dir(p), newID+".yaml"), strings.Replace(string(data), "id: "+id+"\n", "id: "+newID+"\n", 1))
	return id
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
