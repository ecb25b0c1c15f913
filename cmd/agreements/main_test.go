package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// These tests build the real command and run it on real files: the frozen
// fixture registry of testdata/registry (never the shipped records/, which
// researchers correct any day), and copies of it with one bad case laid
// over each. TestShippedRecords alone reads records/.

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "agreements-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "agreements")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the command: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoRoot is the repository this test lives in: its schemas, workflows,
// issue forms and scripts are what the tests run with.
const repoRoot = "../.."

// fixtureRecords is the frozen fixture registry's records/ folder: a copy
// of the shipped records as they were on 2026-12-06, plus records that
// cover the cases those lack. Tests edit copies of it, never records/.
var fixtureRecords = filepath.Join(repoRoot, "testdata", "registry", "records")

// asOf pins the date of the date-dependent warnings.
const asOf = "2026-11-28"

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	return runWith(t, dir, env, nil, args...)
}

// runWith is run with standard input read from stdin (nil: none).
func runWith(t *testing.T, dir string, env []string, stdin io.Reader, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir, cmd.Stdin = dir, stdin
	// The locale is fixed, so that the goldens read in English whatever
	// the machine's language; a test that wants another language says so.
	cmd.Env = append(append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES="), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// copyTree copies the regular files under src into dst.
func copyTree(t *testing.T, src, dst string) []string {
	t.Helper()
	var copied []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		copied = append(copied, filepath.ToSlash(rel))
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return copied
}

// fixtureCount is the number of records of a kind ("agreements" or
// "organizations") in the fixture registry.
func fixtureCount(t *testing.T, kind string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtureRecords, kind, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture %s: %v", kind, err)
	}
	return len(files)
}

// registry returns a temporary registry: the fixture records and About
// text, and the project's schemas.
func registry(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, fixtureRecords, filepath.Join(dir, "records"))
	copyTree(t, filepath.Join(filepath.Dir(fixtureRecords), "docs"), filepath.Join(dir, "docs"))
	copyTree(t, filepath.Join(repoRoot, "schema"), filepath.Join(dir, "schema"))
	return dir
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/agreements -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// TestShippedRecords is the one test that reads the shipped records/: they
// validate with no error, are in canonical form, and build; a second build
// with --check finds nothing to change. Warnings are printed, not failed:
// a valid correction of a record must not break the tests.
func TestShippedRecords(t *testing.T) {
	r := run(t, repoRoot, nil, "validate", "--as-of", asOf)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("validate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("validate:\n%s", r.stdout)
	// Every file under records/ was looked at.
	var n int
	filepath.WalkDir(filepath.Join(repoRoot, "records"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if total := lines[len(lines)-1]; !strings.HasPrefix(total, fmt.Sprintf("%d files checked: ", n)) {
		t.Errorf("%d files under records/, but validate says %q", n, total)
	}
	if r := run(t, repoRoot, nil, "fmt", "--check"); r.code != 0 {
		t.Errorf("fmt --check: exit %d: these records are not in canonical form (run agreements fmt):\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The build reads the dates from git; a shallow clone, or a copy
	// without .git, has none to read.
	args := []string{"build", "--out", filepath.Join(t.TempDir(), "dist")}
	if out, err := exec.Command("git", "-C", repoRoot, "rev-parse", "--is-shallow-repository").Output(); err != nil || strings.TrimSpace(string(out)) != "false" {
		args = append(args, "--no-history")
	}
	if r := run(t, repoRoot, nil, args...); r.code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	if r := run(t, repoRoot, nil, append(args, "--check")...); r.code != 0 {
		t.Errorf("build --check after a build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// setups make the cases that cannot be stored as files in git.
var setups = map[string]func(t *testing.T, root string) []string{
	"file.symlink": func(t *testing.T, root string) []string {
		p := filepath.Join(root, "records", "agreements", "file-symlink.yaml")
		if err := os.Symlink("../organizations/lacnic.yaml", p); err != nil {
			t.Skip("symlinks not available:", err)
		}
		return []string{"records/agreements/file-symlink.yaml"}
	},
	// No shipped field is deprecated: the case marks one in its copy of
	// the schema, as a minor version of the format would.
	"schema.deprecated": func(t *testing.T, root string) []string {
		edit(t, root, "schema/agreement.schema.json", `"original_language": {`, `"original_language": {
      "deprecated": true,`)
		return nil
	},
	"file.extension": func(t *testing.T, root string) []string {
		write(t, filepath.Join(root, "records", "organizations", "file-extension.yml"), "id: file-extension\n")
		write(t, filepath.Join(root, "records", "agreements", "notes.txt"), "notes\n")
		return []string{"records/organizations/file-extension.yml", "records/agreements/notes.txt"}
	},
	"file.location": func(t *testing.T, root string) []string {
		write(t, filepath.Join(root, "records", "README.md"), "# records\n")
		write(t, filepath.Join(root, "records", "agreement", "x.yaml"), "id: x\n")
		write(t, filepath.Join(root, "records", "agreements", "2024", "y.yaml"), "id: y\n")
		return []string{"records/README.md", "records/agreement", "records/agreements/2024"}
	},
	"file.read": func(t *testing.T, root string) []string {
		p := filepath.Join(root, "records", "agreements", "file-read.yaml")
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		return []string{"records/agreements/file-read.yaml"}
	},
	"file.too-large": func(t *testing.T, root string) []string {
		big := "id: file-too-large\nnotes:\n  es: \"" + strings.Repeat("x", 1<<20) + "\"\n"
		write(t, filepath.Join(root, "records", "agreements", "file-too-large.yaml"), big)
		return []string{"records/agreements/file-too-large.yaml"}
	},
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// caseNames lists testdata/cases plus the cases made by setups.
func caseNames(t *testing.T) []string {
	entries, err := os.ReadDir(filepath.Join("testdata", "cases"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Name()] = true
	}
	for name := range setups {
		seen[name] = true
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ruleOf returns the rule a case is named after: "schema.required+x" tests
// schema.required.
func ruleOf(name string) string { return strings.SplitN(name, "+", 2)[0] }

// TestCases runs one bad case per rule and compares the whole output, with
// the exit status, to the case's golden file.
func TestCases(t *testing.T) {
	for _, name := range caseNames(t) {
		t.Run(name, func(t *testing.T) {
			root := registry(t)
			caseDir := filepath.Join("testdata", "cases", name)
			var paths []string
			if setup, ok := setups[name]; ok {
				paths = setup(t, root)
			}
			if _, err := os.Stat(filepath.Join(caseDir, "records")); err == nil {
				paths = append(paths, prefix("records/", copyTree(t, filepath.Join(caseDir, "records"), filepath.Join(root, "records")))...)
			}
			args := append([]string{"validate", "--as-of", asOf}, paths...)
			r := run(t, root, nil, args...)
			got := r.stdout + r.stderr + fmt.Sprintf("exit status %d\n", r.code)
			golden(t, filepath.Join(caseDir, "want.golden"), got)
			if !strings.Contains(r.stdout, "["+ruleOf(name)+"]") {
				t.Errorf("the case does not trigger its rule %s:\n%s", ruleOf(name), r.stdout)
			}
			if r.code != 1 && !strings.Contains(r.stdout, "warning:") {
				t.Errorf("exit status %d, want 1", r.code)
			}
			for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				if strings.Contains(line, ": error: ") || strings.Contains(line, ": warning: ") {
					if !strings.HasPrefix(line, "records/") {
						t.Errorf("diagnostic without a file: %q", line)
					}
				}
			}
		})
	}
}

func prefix(p string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = p + s
	}
	return out
}

// TestEveryRuleHasACase keeps the cases complete: a new rule needs a bad
// file that shows it.
func TestEveryRuleHasACase(t *testing.T) {
	r := run(t, t.TempDir(), nil, "rules", "--format", "json")
	if r.code != 0 {
		t.Fatalf("rules: exit %d: %s", r.code, r.stderr)
	}
	var rules []struct{ ID, Severity, Doc string }
	if err := json.Unmarshal([]byte(r.stdout), &rules); err != nil {
		t.Fatal(err)
	}
	// Rules no shipped schema or input can trigger today.
	exempt := map[string]string{
		"schema.const":          "no schema uses const outside contains",
		"schema.max-items":      "no schema uses maxItems",
		"schema.max-properties": "no schema uses maxProperties",
		"schema.other":          "keywords the schemas do not use",
		"internal.panic":        "a crash; tested in package check",
		"file.too-many":         "a million files; tested at a lowered limit in package record",
	}
	covered := map[string]bool{}
	for _, name := range caseNames(t) {
		covered[ruleOf(name)] = true
	}
	for _, sc := range gitScenarios {
		covered[ruleOf(sc.name)] = true
	}
	for _, rule := range rules {
		if rule.Doc == "" || strings.HasPrefix(rule.Doc, "doc.") {
			t.Errorf("rule %s has no doc", rule.ID)
		}
		if !covered[rule.ID] && exempt[rule.ID] == "" {
			t.Errorf("rule %s has no case in testdata/cases", rule.ID)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "github"} {
		t.Run(format, func(t *testing.T) {
			root := registry(t)
			copyTree(t, filepath.Join("testdata", "cases", "ref.not-a-party", "records"), filepath.Join(root, "records"))
			copyTree(t, filepath.Join("testdata", "cases", "schema.enum", "records"), filepath.Join(root, "records"))
			r := run(t, root, nil, "validate", "--as-of", asOf, "--format", format)
			if r.code != 1 {
				t.Errorf("exit %d, want 1", r.code)
			}
			golden(t, filepath.Join("testdata", "formats", format+".golden"), r.stdout)
			if format == "json" {
				var out struct {
					Diagnostics []map[string]any
					Files       int
					Errors      int
					Warnings    int
				}
				if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
					t.Fatal(err)
				}
				fixture, _ := filepath.Glob(filepath.Join(fixtureRecords, "*", "*.yaml"))
				errs, warnings := 0, 0
				for _, d := range out.Diagnostics {
					if d["severity"] == "error" {
						errs++
					} else {
						warnings++
					}
				}
				if out.Files != len(fixture)+2 || out.Errors != errs || out.Warnings != warnings {
					t.Errorf("files %d, errors %d, warnings %d, diagnostics %d", out.Files, out.Errors, out.Warnings, len(out.Diagnostics))
				}
			}
		})
	}
}

// TestGitHubEscaping: text from a record cannot start a workflow command.
func TestGitHubEscaping(t *testing.T) {
	root := registry(t)
	write(t, filepath.Join(root, "records", "agreements", "inject.yaml"),
		"id: inject\nstatus: \"x\\n::error file=evil::owned%0A\"\n")
	r := run(t, root, nil, "validate", "--format", "github", "records/agreements/inject.yaml")
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "::error file=evil") {
			t.Errorf("injected command: %q", line)
		}
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	for _, line := range lines[:len(lines)-1] {
		if !strings.HasPrefix(line, "::error file=records/agreements/inject.yaml,") {
			t.Errorf("a line that is not one of ours: %q", line)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	empty, root := t.TempDir(), registry(t)
	write(t, filepath.Join(root, "go.mod"), "module agreements\n")
	tests := []struct {
		name string
		dir  string
		args []string
		want string
	}{
		{"no command", root, nil, "usage: agreements"},
		{"unknown command", root, []string{"valdate"}, `unknown command "valdate"`},
		{"bad flag", root, []string{"validate", "--nope"}, "unknown flag -nope"},
		{"bad format", root, []string{"validate", "--format", "xml"}, "--format must be"},
		{"bad date", root, []string{"validate", "--as-of", "28/11/2026"}, "--as-of must be"},
		{"missing path", root, []string{"validate", "records/agreements/nope.yaml"}, "no such file"},
		{"path outside records", root, []string{"validate", "go.mod"}, "is not under"},
		{"no records folder", empty, []string{"validate"}, "no records/ folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.dir, nil, tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2", r.code)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q does not say %q", r.stderr, tt.want)
			}
		})
	}
}

// TestPathsLimitTheReport: naming one file reports only that file, but
// its references are still resolved against every record.
func TestPathsLimitTheReport(t *testing.T) {
	root := registry(t)
	copyTree(t, filepath.Join("testdata", "cases", "schema.enum", "records"), filepath.Join(root, "records"))
	copyTree(t, filepath.Join("testdata", "cases", "ref.unused-organization", "records"), filepath.Join(root, "records"))
	r := run(t, root, nil, "validate", "records/agreements/isc-ahtic-f-root-haiti-2010.yaml")
	if r.code != 0 || r.stdout != "1 file checked: no problems\n" {
		t.Errorf("exit %d: %q", r.code, r.stdout)
	}
	r = run(t, filepath.Join(root, "records", "agreements"), nil, "validate", ".")
	if r.code != 1 || !strings.Contains(r.stdout, "schema-enum.yaml") || strings.Contains(r.stdout, "ref-unused-organization") {
		t.Errorf("from a subfolder, exit %d:\n%s", r.code, r.stdout)
	}
}

// TestHelp: `agreements help COMMAND` prints that command's usage and
// flags on standard output, in the chosen language, and exits 0; help on
// its own lists the commands.
func TestHelp(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"validate", "build", "diff", "history", "rules", "new", "new-organization", "fmt", "from-issue", "links"} {
		r := run(t, root, nil, "help", name)
		if r.code != 0 || !strings.Contains(r.stdout, "usage: agreements "+name) || !strings.Contains(r.stdout, "-lang") || r.stderr != "" {
			t.Errorf("help %s: exit %d, stdout %q, stderr %q", name, r.code, r.stdout, r.stderr)
		}
	}
	if r := run(t, root, nil, "help", "build", "--lang", "pt"); !strings.Contains(r.stdout, "uso: agreements build") {
		t.Errorf("help build --lang pt: %q", r.stdout)
	}
	if r := run(t, root, nil, "help"); r.code != 0 || !strings.Contains(r.stdout, "agreements help <command>") {
		t.Errorf("help: exit %d, %q", r.code, r.stdout)
	}
}

// TestRulesList: `agreements rules` says each rule's severity once, in its
// column, whatever the language.
func TestRulesList(t *testing.T) {
	for lang, words := range map[string][]string{"en": {"warning:", "error:"}, "es": {"advertencia:", "error:"}, "pt": {"aviso:", "erro:"}} {
		r := run(t, t.TempDir(), nil, "rules", "--lang", lang)
		if r.code != 0 {
			t.Fatalf("rules --lang %s: exit %d: %s", lang, r.code, r.stderr)
		}
		for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			fields := strings.Fields(line)
			if len(fields) < 3 {
				t.Errorf("%s: %q", lang, line)
				continue
			}
			for _, w := range words {
				if strings.EqualFold(fields[2], w) {
					t.Errorf("%s: the severity said twice: %q", lang, line)
				}
			}
		}
	}
}
