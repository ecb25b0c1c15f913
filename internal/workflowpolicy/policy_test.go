package workflowpolicy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func workflows(t *testing.T) []string {
	var files []string
	for _, ext := range []string{"*.yml", "*.yaml"} {
		more, _ := filepath.Glob(filepath.Join("..", "..", ".github", "workflows", ext))
		files = append(files, more...)
	}
	return files
}

// TestRepositoryWorkflows holds the repository's own workflows to the
// rules, whichever extension they use.
func TestRepositoryWorkflows(t *testing.T) {
	files := workflows(t)
	if len(files) < 3 {
		t.Fatalf("found %d workflows", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		problems, err := Check(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s", f, p)
		}
	}
}

// TestJudgeIsTheJudge: the judge runs on pull_request_target and merge_group,
// and again when a pull request's base branch changes; checks out the base
// branch's tip only (resolved in the job, not taken from the event), and
// hands the head's SHA to the tool.
func TestJudgeIsTheJudge(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "judge.yml"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, want := range []string{"pull_request_target:", "merge_group:", "ref: ${{ github.event.pull_request.base.ref || github.event.merge_group.base_sha }}",
		`echo "BASE_SHA=$(git rev-parse HEAD)" >> "$GITHUB_ENV"`, "types: [opened, synchronize, reopened, ready_for_review, edited]",
		"if: ${{ github.event.action != 'edited' || github.event.changes.base }}",
		`validate --root . --base "$BASE_SHA" --head "$HEAD_SHA"`, `fmt --root . --check --head "$HEAD_SHA"`, `diff --root . --base "$BASE_SHA" --head "$HEAD_SHA"`} {
		if !strings.Contains(s, want) {
			t.Errorf("judge.yml lacks %q", want)
		}
	}
}

// TestBrokenWorkflows: each rule, broken once in a copy of a workflow of
// this repository, is caught.
func TestBrokenWorkflows(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	const checkout = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
	for _, tt := range []struct {
		name, file, old, new, want string
	}{
		{"no top-level permissions", "judge.yml", "permissions: {}\n\nconcurrency", "concurrency", "no top-level permissions"},
		{"write-all", "judge.yml", "permissions: {}\n", "permissions: write-all\n", "grants every scope"},
		{"contents: write on pull_request_target", "judge.yml", "      contents: read\n", "      contents: write\n", "contents: write on pull_request_target"},
		{"a tag", "judge.yml", "actions/setup-go@b7ad1dad31e06c5925ef5d2fc7ad053ef454303e # v7.0.0", "actions/setup-go@v7", "is not pinned"},
		{"no version comment", "judge.yml", checkout, "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", "lacks its version"},
		{"a comment that is no version", "judge.yml", checkout, "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # latest", "lacks its version"},
		{"docker by tag", "validate.yml", "      - name: go vet\n", "      - uses: docker://alpine:3\n      - name: go vet\n", "sha256 digest"},
		{"event in run", "judge.yml", `run: go build -o "$RUNNER_TEMP/agreements" ./cmd/agreements`, `run: echo "${{ github.event.pull_request.title }}"`, "script injection"},
		{"head_ref in run", "validate.yml", "run: go vet ./...", `run: echo "${{ github.head_ref }}"`, "script injection"},
		{"index syntax in run", "validate.yml", "run: go vet ./...", `run: echo "${{ github['event']['pull_request']['title'] }}"`, "script injection"},
		{"script: injection", "validate.yml", "      - name: go vet\n", "      - uses: actions/github-script@f28e40c7f34bde8b3046d885e986cb6290c5673b # v7.1.0\n        with:\n          script: console.log(\"${{ github.event.issue.title }}\")\n      - name: go vet\n", "inside script:"},
		{"no persist-credentials", "validate.yml", "        with:\n          persist-credentials: false\n", "", "persist-credentials: false"},
		{"checkout of the pull request", "judge.yml", "ref: ${{ github.event.pull_request.base.ref || github.event.merge_group.base_sha }}", "ref: ${{ github.event.pull_request.head.sha }}", "checking out the pull request"},
		{"checkout of refs/pull", "judge.yml", "ref: ${{ github.event.pull_request.base.ref || github.event.merge_group.base_sha }}", "ref: refs/pull/${{ github.event.number }}/merge", "checking out the pull request"},
		{"git checkout of the head", "judge.yml", `test "$(git rev-parse refs/judge/head)" = "$HEAD_SHA"`, `git checkout refs/judge/head`, "puts a fetched commit's files"},
		{"a local action", "judge.yml", "      - name: Set up Go\n", "      - uses: ./.github/actions/setup\n      - name: Set up Go\n", "a local action"},
		{"a secret", "judge.yml", "TOKEN: ${{ github.token }}", "TOKEN: ${{ secrets.DEPLOY_KEY }}", "a secret on pull_request_target"},
		{"workflow_run", "validate.yml", "  merge_group:\n", "  merge_group:\n  workflow_run:\n    workflows: [judge]\n", "workflow_run"},
		{"always()", "judge.yml", "if: ${{ !cancelled() }}", "if: always()", "always()"},
		{"the event's stale base", "judge.yml", "ref: ${{ github.event.pull_request.base.ref || github.event.merge_group.base_sha }}", "ref: ${{ github.event.pull_request.base.sha }}", "not refreshed"},
		{"no permission check", "propose.yml", "      - name: Check that whoever added the label may write to the repository\n", "      - name: Check nothing\n        run: echo skip\n      - name: Check that whoever added the label may write to the repository\n", "first check that whoever triggered it may write"},
		{"no if on an issue job", "propose.yml", "    if: ${{ github.event.action == 'labeled' && github.event.label.name == 'accepted' && contains(github.event.issue.labels.*.name, 'proposal') }}\n", "", "runs only under an if:"},
		{"the token for the whole job", "propose.yml", "    env:\n      GH_REPO: ${{ github.repository }}\n", "    env:\n      GH_TOKEN: ${{ github.token }}\n      GH_REPO: ${{ github.repository }}\n", "the token in a whole job"},
		{"the token where the tool is built", "propose.yml", "      - name: Build the tool\n        run:", "      - name: Build the tool\n        env:\n          GH_TOKEN: ${{ github.token }}\n        run:", "builds the tool or runs it"},
		{"the token where the body becomes records", "propose.yml", "          SITE_URL: ${{ vars.SITE_URL }}\n", "          SITE_URL: ${{ vars.SITE_URL }}\n          GH_TOKEN: ${{ github.token }}\n", "builds the tool or runs it"},
		{"records before the body's hash", "propose.yml", `scripts/propose.sh accept "$ISSUE"`, `echo accept "$ISSUE"`, "before the accepted text's hash"},
		{"checkout of another ref on issues", "propose.yml", "ref: ${{ github.event.repository.default_branch }}", "ref: refs/heads/${{ github.event.issue.title }}", "checks out the default branch only"},
		{"a secret on issues", "propose.yml", "GH_TOKEN: ${{ github.token }}", "GH_TOKEN: ${{ secrets.BOT_TOKEN }}", "a secret in a job an issue's text reaches"},
		{"the body in run", "propose.yml", `run: printf '%s\n' "$BODY" > "$RUNNER_TEMP/body.md"`, `run: printf '%s\n' "${{ github.event.issue.body }}" > "$RUNNER_TEMP/body.md"`, "script injection"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := read(tt.file)
			if !strings.Contains(s, tt.old) {
				t.Fatalf("%s no longer contains %q", tt.file, tt.old)
			}
			problems, err := Check([]byte(strings.Replace(s, tt.old, tt.new, 1)))
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, p := range problems {
				all = append(all, p.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Errorf("not caught: %s\n%s", tt.want, strings.Join(all, "\n"))
			}
		})
	}
}
