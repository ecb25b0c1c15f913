package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// issueBody renders answers as GitHub renders the form's issue: each
// label as a ### heading, "_No response_" for what is left blank.
func issueBody(t *testing.T, answers map[string]string) string {
	t.Helper()
	form, err := os.ReadFile(filepath.Join(repoRoot, ".github/ISSUE_TEMPLATE/propose-agreement.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var id string
	for _, line := range strings.Split(string(form), "\n") {
		trimmed := strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(trimmed, "id: "); ok && strings.HasPrefix(line, "    id: ") {
			id = v
		}
		if v, ok := strings.CutPrefix(trimmed, "label: "); ok && id != "" {
			answer := answers[id]
			if answer == "" {
				answer = "_No response_"
			}
			b.WriteString("### " + v + "\n\n" + answer + "\n\n")
			id = ""
		}
	}
	return b.String()
}

// TestFromIssue: the real command, on the real registry and form: a body
// through standard input writes the records, canonical and valid; a bad
// one writes nothing and names the questions, in the language asked.
func TestFromIssue(t *testing.T) {
	root := registry(t)
	copyTree(t, filepath.Join(repoRoot, ".github/ISSUE_TEMPLATE"), filepath.Join(root, ".github/ISSUE_TEMPLATE"))
	body := issueBody(t, map[string]string{
		"title-es":          "Acuerdo de prueba con ISC y un organismo nuevo",
		"summary-es":        "Un resumen\r\nen dos líneas.",
		"kind":              "grant",
		"parties":           "LACNIC, Internet Systems Consortium; Organismo de Prueba",
		"new-organizations": "name (es): Organismo de Prueba\ncountry: uy\nsource: Página del organismo — https://example.org/organismo",
		"signed":            "2024-06-01",
		"place":             "Montevideo, UY",
		"status":            "proposed",
		"sources":           "[Nota de prensa](https://example.org/nota)",
	})
	bodyFile := filepath.Join(t.TempDir(), "body.md")
	os.WriteFile(bodyFile, []byte(body), 0o644)

	r := run(t, root, nil, "from-issue", "--body", bodyFile, "--format", "json")
	var out struct {
		Written   []string `json:"written"`
		ID        string   `json:"id"`
		IDDerived bool     `json:"id_derived"`
		Problems  []struct{ Field, Label, Message string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
		t.Fatalf("exit %d: %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if !out.IDDerived || out.ID != "isc-organismo-de-prueba-nuevo-2024" || len(out.Written) != 2 {
		t.Errorf("wrote %v as %s (derived %v)", out.Written, out.ID, out.IDDerived)
	}
	if r := run(t, root, nil, "validate", "--as-of", asOf); r.code != 0 {
		t.Errorf("validate after from-issue: exit %d\n%s", r.code, r.stdout)
	}
	if r := run(t, root, nil, "fmt", "--check"); r.code != 0 {
		t.Errorf("fmt --check after from-issue: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The same body again: the id exists; nothing is overwritten.
	before, _ := os.ReadFile(filepath.Join(root, out.Written[0]))
	r = run(t, root, nil, "from-issue", "--body", bodyFile)
	if r.code != 1 || !strings.Contains(r.stdout, "already") {
		t.Errorf("second run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(root, out.Written[0])); string(after) != string(before) {
		t.Error("the record was overwritten")
	}

	// Standard input, in Portuguese, with problems: exit 1, nothing written.
	bad := issueBody(t, map[string]string{"title-es": "Otro", "summary-es": "x", "kind": "grant",
		"parties": "lacnic, isk", "status": "proposed", "sources": "https://example.org/x"})
	cmd := run(t, root, []string{"LANG=pt_BR.UTF-8"}, "from-issue", "--body", bodyFile+".missing")
	if cmd.code != 2 {
		t.Errorf("a missing body file: exit %d", cmd.code)
	}
	stdinFile := filepath.Join(t.TempDir(), "stdin.md")
	os.WriteFile(stdinFile, []byte(bad), 0o644)
	r = runStdin(t, root, stdinFile, []string{"LANG=pt_BR.UTF-8"}, "from-issue")
	if r.code != 1 || !strings.Contains(r.stdout, "Partes / Parties: \"isk\" não nomeia") || !strings.Contains(r.stdout, "Fuentes / Sources: linha 1") {
		t.Errorf("problems: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "records/agreements"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "isk") || strings.HasPrefix(e.Name(), "otro") {
			t.Errorf("%s was written", e.Name())
		}
	}
	// Not a form's body at all: a usage error.
	os.WriteFile(stdinFile, []byte("Please add the agreement with ISC."), 0o644)
	if r := runStdin(t, root, stdinFile, nil, "from-issue"); r.code != 2 {
		t.Errorf("not a form: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// runStdin is run with standard input read from a file.
func runStdin(t *testing.T, dir, stdin string, env []string, args ...string) result {
	t.Helper()
	f, err := os.Open(stdin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return runWith(t, dir, env, f, args...)
}

// TestProposeScript runs the script part of propose.yml as the workflow
// does: the body file in, the branch and the pull request's text (or the
// issue comment) out.
func TestProposeScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	dir := gitRegistry(t)
	copyTree(t, filepath.Join(repoRoot, ".github/ISSUE_TEMPLATE"), filepath.Join(dir, ".github/ISSUE_TEMPLATE"))
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "form")
	script, _ := filepath.Abs(filepath.Join(repoRoot, "scripts/propose.sh"))
	propose := func(issue, body string) (string, int) {
		t.Helper()
		bodyFile := filepath.Join(t.TempDir(), "body.md")
		os.WriteFile(bodyFile, []byte(body), 0o644)
		out := filepath.Join(t.TempDir(), "out")
		cmd := exec.Command("bash", script, issue, bodyFile, out)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "AGREEMENTS="+binary)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out, code
	}
	read := func(out, name string) string {
		data, _ := os.ReadFile(filepath.Join(out, name))
		return strings.TrimSpace(string(data))
	}

	bad := issueBody(t, map[string]string{"title-es": "Otro", "summary-es": "x", "kind": "grant",
		"parties": "lacnic, isk", "status": "proposed", "sources": "https://example.org/x"})
	out, code := propose("7", bad)
	comment := read(out, "comment.md")
	if code != 0 || read(out, "status") != "problems" || !strings.Contains(comment, `"isk" no nombra`) ||
		!strings.Contains(comment, `"isk" names no organisation`) || read(out, "branch") != "" {
		t.Errorf("problems: exit %d, status %q\n%s", code, read(out, "status"), comment)
	}
	if status := runGit(t, dir, "status", "--porcelain"); status != "" {
		t.Errorf("problems left files:\n%s", status)
	}

	good := issueBody(t, map[string]string{"title-es": "Acuerdo de prueba con ISC", "summary-es": "Un resumen.",
		"kind": "grant", "parties": "ISC", "signed": "2024", "status": "proposed", "sources": "Nota — https://example.org/nota"})
	out, code = propose("42", good)
	if code != 0 || read(out, "status") != "written" || read(out, "branch") != "proposal/42-isc-prueba-2024" ||
		!strings.Contains(read(out, "pr-body.md"), "Closes #42") || !strings.Contains(read(out, "title"), "isc-prueba-2024") {
		t.Errorf("written: exit %d, status %q, branch %q\n%s", code, read(out, "status"), read(out, "branch"), read(out, "pr-body.md"))
	}
	if status := runGit(t, dir, "status", "--porcelain", "--untracked-files=all"); status != "?? records/agreements/isc-prueba-2024.yaml" {
		t.Errorf("files:\n%s", status)
	}

	if _, code := propose("43", "Not a form at all."); code != 2 {
		t.Errorf("not a form: exit %d", code)
	}
	if _, code := propose("x; rm -rf /", good); code != 2 {
		t.Errorf("an issue that is not a number: exit %d", code)
	}
}
