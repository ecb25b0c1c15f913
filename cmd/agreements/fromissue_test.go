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

// ghStub stands in for GitHub's command line: it keeps issues' comments,
// pull requests and commit statuses as files under $GH_STATE, answers the
// few commands scripts/propose.sh runs, and logs every call.
const ghStub = `#!/usr/bin/env bash
set -euo pipefail
state=$GH_STATE
echo "$*" >>"$state/log"
arg() { # arg NAME ARGS...: the value after --NAME
  local name=$1; shift
  while [ $# -gt 0 ]; do
    if [ "$1" = "--$name" ]; then echo "$2"; return; fi
    shift
  done
}
next() { local n; n=$(cat "$state/seq" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"$state/seq"; printf '%04d' "$n"; }
case "$1 $2" in
"issue comment")
  mkdir -p "$state/issues/$3"
  cp "$(arg body-file "$@")" "$state/issues/$3/comment-$(next)"
  ;;
"issue view")
  for f in "$state/issues/$3"/comment-*; do if [ -e "$f" ]; then cat "$f"; echo; fi; done
  ;;
"pr list")
  for d in "$state"/prs/*; do
    if [ -e "$d/open" ]; then echo "$(basename "$d") $(cat "$d/head")"; fi
  done
  ;;
"pr create")
  mkdir -p "$state/prs"
  n=$(( $(ls "$state/prs" | wc -l) + 100 ))
  mkdir -p "$state/prs/$n"
  arg head "$@" >"$state/prs/$n/head"
  arg title "$@" >"$state/prs/$n/title"
  cp "$(arg body-file "$@")" "$state/prs/$n/body"
  touch "$state/prs/$n/open"
  echo "https://github.com/o/r/pull/$n"
  ;;
"pr edit")
  arg title "$@" >"$state/prs/$3/title"
  cp "$(arg body-file "$@")" "$state/prs/$3/body"
  ;;
"pr comment")
  cat "$(arg body-file "$@")" >>"$state/prs/$3/comments"
  ;;
"pr close")
  rm "$state/prs/$3/open"
  arg comment "$@" >>"$state/prs/$3/comments"
  ;;
"api repos/"*)
  echo "$*" >>"$state/statuses"
  ;;
*)
  echo "gh stub: unknown command: $*" >&2
  exit 1
  ;;
esac
`

// proposeWorld is a registry on GitHub as scripts/propose.sh sees it: a
// bare repository as origin, a clone checked out at main as the
// workflow's checkout, and the gh stub's state.
type proposeWorld struct {
	t                  *testing.T
	origin, clone, gh  string
	script, body, outs string
	env                []string
}

func newProposeWorld(t *testing.T) *proposeWorld {
	t.Helper()
	for _, tool := range []string{"bash", "git", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " is not installed")
		}
	}
	seed := gitRegistry(t)
	copyTree(t, filepath.Join(repoRoot, ".github/ISSUE_TEMPLATE"), filepath.Join(seed, ".github/ISSUE_TEMPLATE"))
	runGit(t, seed, "checkout", "-q", "main")
	commitAll(t, seed, "form")
	w := &proposeWorld{t: t, origin: filepath.Join(t.TempDir(), "origin.git"), clone: filepath.Join(t.TempDir(), "clone"),
		gh: t.TempDir(), outs: t.TempDir()}
	runGit(t, seed, "clone", "-q", "--bare", seed, w.origin)
	runGit(t, t.TempDir(), "clone", "-q", w.origin, w.clone)
	bin := t.TempDir()
	write(t, filepath.Join(bin, "gh"), ghStub)
	os.Chmod(filepath.Join(bin, "gh"), 0o755)
	w.script, _ = filepath.Abs(filepath.Join(repoRoot, "scripts/propose.sh"))
	w.env = append(append(os.Environ(), gitEnv...), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GH_STATE="+w.gh, "GH_REPO=o/r", "AGREEMENTS="+binary, "DEFAULT_BRANCH=main",
		"SITE_URL=https://registro.example/", "RUN_URL=https://github.com/o/r/actions/runs/1", "LANG=C.UTF-8")
	return w
}

// step runs one subcommand of the script, as a step of the workflow.
func (w *proposeWorld) step(args ...string) (string, int) {
	w.t.Helper()
	cmd := exec.Command("bash", append([]string{w.script}, args...)...)
	cmd.Dir, cmd.Env = w.clone, w.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return stderr.String(), ee.ExitCode()
	} else if err != nil {
		w.t.Fatal(err)
	}
	return stderr.String(), 0
}

// accepted runs the pull-request job for issue with body, as the workflow
// does when the label is added: a fresh checkout of main, the body file,
// then accept, records, answer and publish as their ifs say. It returns
// the job's outcome: the decision, the status and publish's exit code.
func (w *proposeWorld) accepted(issue, body string) (decision, status string, code int) {
	w.t.Helper()
	runGit(w.t, w.clone, "fetch", "-q", "origin")
	runGit(w.t, w.clone, "checkout", "-q", "-f", "-B", "main", "origin/main")
	runGit(w.t, w.clone, "clean", "-q", "-fdx")
	bodyFile := filepath.Join(w.t.TempDir(), "body.md")
	write(w.t, bodyFile, body+"\n")
	w.body = bodyFile
	out := filepath.Join(w.outs, "issue-"+issue)
	if errs, c := w.step("accept", issue, bodyFile, out); c != 0 {
		w.t.Fatalf("accept: exit %d: %s", c, errs)
	}
	decision = w.file(out, "decision")
	if decision != "proceed" {
		return decision, "", 0
	}
	if errs, c := w.step("records", issue, bodyFile, out); c != 0 {
		w.t.Fatalf("records: exit %d: %s", c, errs)
	}
	status = w.file(out, "status")
	switch status {
	case "problems", "unusable", "merged":
		if errs, c := w.step("answer", issue, out); c != 0 {
			w.t.Fatalf("answer: exit %d: %s", c, errs)
		}
	case "written":
		var errs string
		errs, code = w.step("publish", issue, out)
		if code != 0 {
			w.t.Logf("publish: exit %d: %s", code, errs)
		}
	}
	return decision, status, code
}

func (w *proposeWorld) file(parts ...string) string {
	data, _ := os.ReadFile(filepath.Join(parts...))
	return strings.TrimSpace(string(data))
}

// comments returns the issue's comments, oldest first.
func (w *proposeWorld) comments(issue string) []string {
	files, _ := filepath.Glob(filepath.Join(w.gh, "issues", issue, "comment-*"))
	var out []string
	for _, f := range files {
		out = append(out, w.file(f))
	}
	return out
}

// openPRs returns the open pull requests as "number head".
func (w *proposeWorld) openPRs() []string {
	dirs, _ := filepath.Glob(filepath.Join(w.gh, "prs", "*"))
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "open")); err == nil {
			out = append(out, filepath.Base(d)+" "+w.file(d, "head"))
		}
	}
	return out
}

func last(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[len(list)-1]
}

// TestProposeScript plays propose.yml's jobs with scripts/propose.sh on a
// local origin and a stubbed gh: one pull request per issue, every outcome
// answered on the issue, the body that was accepted and no other.
func TestProposeScript(t *testing.T) {
	w := newProposeWorld(t)
	good := issueBody(t, map[string]string{"title-es": "Acuerdo de prueba con ISC", "summary-es": "Un resumen.",
		"kind": "grant", "parties": "ISC", "signed": "2024", "status": "proposed", "sources": "Nota — https://example.org/nota"})
	const branch = "proposal/42-isc-prueba-2024"

	// First acceptance: a marker with the body's hash, the branch, one
	// pull request, the judge's status, and a comment saying so.
	decision, status, code := w.accepted("42", good)
	if decision != "proceed" || status != "written" || code != 0 {
		t.Fatalf("first acceptance: %s, %s, exit %d; gh log:\n%s", decision, status, code, w.file(w.gh, "log"))
	}
	if got := w.openPRs(); len(got) != 1 || got[0] != "100 "+branch {
		t.Fatalf("pull requests: %q", got)
	}
	head := runGit(t, w.origin, "rev-parse", branch)
	if statuses := w.file(w.gh, "statuses"); !strings.Contains(statuses, "statuses/"+head) || !strings.Contains(statuses, "state=success") ||
		!strings.Contains(statuses, "context=records") {
		t.Errorf("the judge's status: %s", statuses)
	}
	comments := w.comments("42")
	if len(comments) != 2 || !strings.Contains(comments[0], "<!-- agreements-proposal: accepted ") ||
		!strings.Contains(comments[1], "#100") {
		t.Errorf("comments after the first acceptance: %q", comments)
	}
	if body := w.file(w.gh, "prs", "100", "body"); !strings.Contains(body, "Closes #42") || !strings.Contains(body, "records/agreements/isc-prueba-2024.yaml") {
		t.Errorf("pull request body:\n%s", body)
	}

	// The same issue accepted twice (the job run again): the same pull
	// request, updated; no second one.
	if _, status, code := w.accepted("42", good); status != "written" || code != 0 {
		t.Fatalf("accepted twice: %s, exit %d", status, code)
	}
	if got := w.openPRs(); len(got) != 1 || got[0] != "100 "+branch {
		t.Errorf("accepted twice: pull requests %q", got)
	}
	if c := w.file(w.gh, "prs", "100", "comments"); !strings.Contains(c, "Updated from the text of issue #42") {
		t.Errorf("no update comment on the pull request: %q", c)
	}

	// The body edited after acceptance: said on the issue, and a job with
	// the new body (a re-run) stops.
	edited := strings.Replace(good, "Un resumen.", "Un resumen más largo.", 1)
	write(t, filepath.Join(t.TempDir(), "x"), "")
	editedFile := filepath.Join(t.TempDir(), "edited.md")
	write(t, editedFile, edited+"\n")
	if errs, c := w.step("edited", "42", editedFile); c != 0 {
		t.Fatalf("edited: exit %d: %s", c, errs)
	}
	if c := last(w.comments("42")); !strings.Contains(c, "changed after it was accepted") {
		t.Errorf("no comment on an edit after acceptance: %q", c)
	}
	n := len(w.comments("42"))
	if decision, _, _ := w.accepted("42", edited); decision != "stop" {
		t.Errorf("a job with an edited body went on: %s", decision)
	}
	if c := w.comments("42"); len(c) != n+1 || !strings.Contains(last(c), "remove and add the `accepted` label again") {
		t.Errorf("the stop was not said: %q", last(c))
	}

	// Edited, then accepted again (label removed and added): the same pull
	// request, updated from the new text.
	if errs, c := w.step("withdraw", "42"); c != 0 {
		t.Fatalf("withdraw: exit %d: %s", c, errs)
	}
	if _, status, code := w.accepted("42", edited); status != "written" || code != 0 {
		t.Fatalf("accepted again: %s, exit %d", status, code)
	}
	if got := w.openPRs(); len(got) != 1 || got[0] != "100 "+branch {
		t.Errorf("accepted again: pull requests %q", got)
	}
	if record := runGit(t, w.origin, "show", branch+":records/agreements/isc-prueba-2024.yaml"); !strings.Contains(record, "Un resumen más largo.") {
		t.Errorf("the branch does not hold the new text:\n%s", record)
	}

	// The id changed: a new pull request, and the old one closed, naming it.
	w.step("withdraw", "42")
	withID := strings.Replace(edited, "### Identificador (opcional) / Identifier (optional)\n\n_No response_", "### Identificador (opcional) / Identifier (optional)\n\nisc-prueba-nuevo", 1)
	if withID == edited {
		t.Fatal("the form's id question is not where the test expects it")
	}
	if _, status, code := w.accepted("42", withID); status != "written" || code != 0 {
		t.Fatalf("id changed: %s, exit %d", status, code)
	}
	if got := w.openPRs(); len(got) != 1 || got[0] != "101 proposal/42-isc-prueba-nuevo" {
		t.Errorf("id changed: pull requests %q", got)
	}
	if c := w.file(w.gh, "prs", "100", "comments"); !strings.Contains(c, "Replaced by #101") {
		t.Errorf("the old pull request does not name the new one: %q", c)
	}

	// The records already merged: a comment naming the record and its page.
	merge := filepath.Join(t.TempDir(), "merge")
	runGit(t, t.TempDir(), "clone", "-q", w.origin, merge)
	runGit(t, merge, "merge", "-q", "--no-ff", "-m", "Propuesta / Proposal: isc-prueba-nuevo (#42) (#101)", "origin/proposal/42-isc-prueba-nuevo")
	runGit(t, merge, "push", "-q", "origin", "main")
	w.step("withdraw", "42")
	if _, status, _ := w.accepted("42", withID); status != "merged" {
		t.Errorf("already merged: status %s", status)
	}
	if c := last(w.comments("42")); !strings.Contains(c, "records/agreements/isc-prueba-nuevo.yaml") || !strings.Contains(c, "https://registro.example/agreements/isc-prueba-nuevo/") {
		t.Errorf("already merged: %q", c)
	}

	// Bodies that are no proposal: always answered, nothing written.
	for _, tt := range []struct{ name, issue, body, status, want string }{
		{"no form", "43", "Not a form at all.", "unusable", "opened with the form"},
		{"an empty body", "44", "", "unusable", "opened with the form"},
		{"a 10 MB body", "45", strings.Repeat("x", 10<<20), "unusable", "larger than"},
		{"an id like ../../x", "46", strings.Replace(good, "### Identificador (opcional) / Identifier (optional)\n\n_No response_", "### Identificador (opcional) / Identifier (optional)\n\n../../x", 1), "problems", "Identifier"},
	} {
		if _, status, _ := w.accepted(tt.issue, tt.body); status != tt.status {
			t.Errorf("%s: status %q, want %q", tt.name, status, tt.status)
		}
		if c := last(w.comments(tt.issue)); !strings.Contains(c, tt.want) || !strings.Contains(c, "issue") {
			t.Errorf("%s: comment %q lacks %q", tt.name, c, tt.want)
		}
		if st := runGit(t, w.clone, "status", "--porcelain", "--untracked-files=all"); st != "" {
			t.Errorf("%s: files written:\n%s", tt.name, st)
		}
	}
	if _, err := os.Stat(filepath.Join(w.clone, "..", "x.yaml")); err == nil {
		t.Error("a file was written outside the registry")
	}

	// A proposal repeating a merged agreement: written, and the warning, with
	// the existing record's page, in the pull request's body.
	dup := issueBody(t, map[string]string{"title-es": "Acuerdo con NIC México para los planes de capacitación de LACNIC",
		"summary-es": "Uno de los dos acuerdos iniciales de LACNIC. Mediante él, NIC México costeó la ejecución de los planes de capacitación de LACNIC, con la preparación de material y la organización de reuniones en distintos países de la región.",
		"kind":       "cooperation-agreement", "parties": "lacnic, nic-mexico", "status": "unknown", "sources": "Nota — https://example.org/otra"})
	if _, status, code := w.accepted("47", dup); status != "written" || code != 0 {
		t.Fatalf("duplicate: %s, exit %d", status, code)
	}
	var dupPR string
	for _, pr := range w.openPRs() {
		if strings.Contains(pr, "proposal/47-") {
			dupPR = strings.Fields(pr)[0]
		}
	}
	if body := w.file(w.gh, "prs", dupPR, "body"); !strings.Contains(body, "may repeat") || !strings.Contains(body, "podría repetir") ||
		!strings.Contains(body, "https://registro.example/agreements/nic-mexico-training/") {
		t.Errorf("the duplicate's warning is not in the pull request's body:\n%s", body)
	}

	// A push refused: said on the issue, and the job fails.
	write(t, filepath.Join(w.origin, "hooks", "pre-receive"), "#!/bin/sh\necho refused >&2\nexit 1\n")
	os.Chmod(filepath.Join(w.origin, "hooks", "pre-receive"), 0o755)
	if _, status, code := w.accepted("48", strings.Replace(good, "Acuerdo de prueba con ISC", "Otro acuerdo de prueba con ISC", 1)); status != "written" || code == 0 {
		t.Errorf("push refused: %s, exit %d", status, code)
	}
	if c := last(w.comments("48")); !strings.Contains(c, "pushing the branch") {
		t.Errorf("push refused: comment %q", c)
	}

	// An issue number that is no number.
	if _, code := w.step("records", "x; rm -rf /", w.body, t.TempDir()); code != 2 {
		t.Errorf("an issue that is not a number: exit %d", code)
	}
}
