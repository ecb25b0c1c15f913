// The tests of this folder hold the repository's GitHub workflows to the
// rules that keep a pull request from subverting them (after zizmor's
// audits and OpenSSF Scorecard's checks):
//
//   - permissions set at the top level, none written as write-all, and on a
//     privileged trigger nothing beyond reading plus commenting;
//   - every action pinned to a full commit SHA with its version in a
//     comment, a docker:// action to a sha256 digest;
//   - no pull-request-controlled value (github.event.*, github.head_ref,
//     the github['...'] index form) inside a run: script or a script: input;
//   - every checkout says persist-credentials: false;
//   - on pull_request_target: no checkout of the pull request's ref, no
//     step that puts its files in the workspace or runs a local action,
//     no secret; no workflow_run trigger at all;
//   - on issues or issue_comment (whose text anyone can write), a job that
//     may write runs only under an if:, first checks that whoever
//     triggered it may write to the repository (the collaborators
//     permission API), checks out only the default branch, and uses no
//     secret; its token is given only to the steps that need it (never to
//     the whole job or workflow, never to a step that builds or runs the
//     tool on the issue's text); and a step that turns the issue's text
//     into records comes after the step that records the accepted text's
//     hash (scripts/propose.sh accept);
//   - if: ${{ !cancelled() }} rather than always().
//
// It is a test and nothing else: it runs on .github/workflows in every
// `go test ./...`, so that a later edit cannot quietly undo the rules.
package workflowpolicy

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	pinned       = regexp.MustCompile(`^[^@\s]+@[0-9a-f]{40}$`)
	pinnedDocker = regexp.MustCompile(`^docker://[^@\s]+@sha256:[0-9a-f]{64}$`)
	versionTag   = regexp.MustCompile(`^#\s*v\d+\.\d+\.\d+\s*$`)
	// Values a pull request controls, in any spelling of the context.
	untrusted = regexp.MustCompile(`\$\{\{[^}]*(github\.event|github\.head_ref|github\s*\[)`)
	// A checkout of the pull request's code.
	prRef = regexp.MustCompile(`pull_request\.head|head_ref|refs/pull/|merge_group\.head`)
	// Commands that put a fetched commit's files in the workspace.
	workspaceWrite = regexp.MustCompile(`\bgit\s+(-c\s+\S+\s+)*(checkout|switch|worktree|restore|reset|read-tree|checkout-index|archive|stash|merge|rebase|cherry-pick|am|apply|pull)\b|\bgh\s+pr\s+checkout\b`)
	secretExpr     = regexp.MustCompile(`\$\{\{[^}]*secrets\.`)
)

// Problem is one broken rule, at a line of the workflow.
type Problem struct {
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Message) }

// readOnPrivileged are the write permissions a pull_request_target job may
// hold: to comment or report, never to change the repository.
var readOnPrivileged = map[string]bool{"pull-requests": true, "checks": true, "statuses": true}

// Check returns every rule the workflow breaks.
func Check(data []byte) ([]Problem, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return []Problem{{1, "a workflow is a mapping"}}, nil
	}
	top := doc.Content[0]
	var out []Problem
	add := func(n *yaml.Node, format string, args ...any) {
		out = append(out, Problem{n.Line, fmt.Sprintf(format, args...)})
	}
	privileged, fromIssues := false, false
	if _, on := lookup(top, "on"); on != nil {
		walk(on, func(n *yaml.Node) {
			switch {
			case n.Kind != yaml.ScalarNode:
			case n.Value == "issues" || n.Value == "issue_comment":
				fromIssues = true
			case n.Value == "pull_request_target":
				privileged = true
			case n.Value == "workflow_run":
				add(n, "workflow_run runs with the repository's token on what an unprivileged run produced: not used here")
			}
		})
	}
	k, perms := lookup(top, "permissions")
	if k == nil {
		add(top, "no top-level permissions: set permissions: {} and grant each job what it needs")
	}
	checkPermissions := func(p *yaml.Node) {
		if p == nil {
			return
		}
		if p.Kind == yaml.ScalarNode && strings.Contains(p.Value, "write") {
			add(p, "permissions: %s grants every scope: name each one the job needs", p.Value)
			return
		}
		for i := 0; i+1 < len(p.Content); i += 2 {
			scope, level := p.Content[i], p.Content[i+1]
			if privileged && level.Value == "write" && !readOnPrivileged[scope.Value] {
				add(level, "%s: write on pull_request_target lets the pull request's event change the repository", scope.Value)
			}
		}
	}
	checkPermissions(perms)
	_, jobs := lookup(top, "jobs")
	if jobs != nil {
		for i := 0; i+1 < len(jobs.Content); i += 2 {
			job := jobs.Content[i+1]
			_, p := lookup(job, "permissions")
			checkPermissions(p)
			if fromIssues && writes(p) {
				out = append(out, checkIssueJob(jobs.Content[i], job)...)
			}
			if _, steps := lookup(job, "steps"); steps != nil {
				for _, step := range steps.Content {
					out = append(out, checkStep(step, privileged)...)
				}
			}
		}
	}
	walkPairs(top, func(k, v *yaml.Node) {
		if k.Value == "if" && strings.Contains(v.Value, "always()") {
			add(v, "always() runs even when the run is cancelled: use if: ${{ !cancelled() }}")
		}
		if privileged && v.Kind == yaml.ScalarNode && secretExpr.MatchString(v.Value) {
			add(v, "a secret on pull_request_target is within reach of the pull request's event: none is needed")
		}
	})
	return out, nil
}

// writes reports whether a job's permissions grant any write.
func writes(p *yaml.Node) bool {
	if p == nil {
		return false
	}
	if p.Kind == yaml.ScalarNode {
		return strings.Contains(p.Value, "write")
	}
	for i := 0; i+1 < len(p.Content); i += 2 {
		if p.Content[i+1].Value == "write" {
			return true
		}
	}
	return false
}

var (
	tokenExpr       = regexp.MustCompile(`\$\{\{\s*(github\.token|secrets\.GITHUB_TOKEN)\s*\}\}`)
	toolOnBody      = regexp.MustCompile(`\bgo\s+(build|run)\b|from-issue|propose\.sh\s+records`)
	permissionCheck = regexp.MustCompile(`collaborators/\S*/permission`)
	defaultBranch   = regexp.MustCompile(`^\$\{\{\s*github\.event\.repository\.default_branch\s*\}\}$`)
)

// checkIssueJob holds a job that may write, on a trigger whose text anyone
// can write, to the rules above.
func checkIssueJob(name, job *yaml.Node) []Problem {
	var out []Problem
	add := func(n *yaml.Node, format string, args ...any) {
		out = append(out, Problem{n.Line, fmt.Sprintf(format, args...)})
	}
	if k, _ := lookup(job, "if"); k == nil {
		add(name, "a job that may write on an issue event runs only under an if: (a label, say)")
	}
	_, steps := lookup(job, "steps")
	first := ""
	if steps != nil && len(steps.Content) > 0 {
		if _, run := lookup(steps.Content[0], "run"); run != nil {
			first = run.Value
		}
	}
	if !permissionCheck.MatchString(first) {
		add(name, "a job that may write on an issue event must first check that whoever triggered it may write (gh api repos/$REPO/collaborators/$USER/permission)")
	}
	walkPairs(job, func(k, v *yaml.Node) {
		if v.Kind == yaml.ScalarNode && secretExpr.MatchString(v.Value) {
			add(v, "a secret in a job an issue's text reaches: the job's own token is enough")
		}
	})
	if _, env := lookup(job, "env"); env != nil && tokenExpr.MatchString(nodeText(env)) {
		add(env, "the token in a whole job an issue's text reaches: give it only to the steps that push, open or comment")
	}
	accepted := false
	if steps != nil {
		for _, step := range steps.Content {
			_, run := lookup(step, "run")
			_, env := lookup(step, "env")
			if run == nil {
				continue
			}
			if env != nil && tokenExpr.MatchString(nodeText(env)) && toolOnBody.MatchString(run.Value) {
				add(run, "the token in a step that builds the tool or runs it on the issue's text: give it only to the steps that push, open or comment")
			}
			if strings.Contains(run.Value, "propose.sh accept") {
				accepted = true
			}
			if strings.Contains(run.Value, "propose.sh records") && !accepted {
				add(run, "the issue's text turned into records before the accepted text's hash is recorded (scripts/propose.sh accept)")
			}
		}
	}
	if steps != nil {
		for _, step := range steps.Content {
			_, uses := lookup(step, "uses")
			_, with := lookup(step, "with")
			if uses == nil || !strings.HasPrefix(uses.Value, "actions/checkout@") {
				continue
			}
			for _, key := range []string{"ref", "repository"} {
				if _, v := lookup(with, key); v != nil && !(key == "ref" && defaultBranch.MatchString(v.Value)) {
					add(v, "a job that may write on an issue event checks out the default branch only")
				}
			}
		}
	}
	return out
}

func checkStep(step *yaml.Node, privileged bool) []Problem {
	var out []Problem
	add := func(n *yaml.Node, format string, args ...any) {
		out = append(out, Problem{n.Line, fmt.Sprintf(format, args...)})
	}
	_, uses := lookup(step, "uses")
	_, with := lookup(step, "with")
	_, run := lookup(step, "run")
	if uses != nil {
		switch {
		case strings.HasPrefix(uses.Value, "./"):
			if privileged {
				add(uses, "a local action on pull_request_target runs whatever the workspace holds")
			}
		case strings.HasPrefix(uses.Value, "docker://"):
			if !pinnedDocker.MatchString(uses.Value) {
				add(uses, "%s is not pinned to a sha256 digest (a tag can be moved)", uses.Value)
			}
		case !pinned.MatchString(uses.Value):
			add(uses, "%s is not pinned to a full commit SHA (a tag can be moved)", uses.Value)
		case !versionTag.MatchString(strings.TrimSpace(uses.LineComment)):
			add(uses, "%s lacks its version in a comment (# vX.Y.Z)", uses.Value)
		}
		if strings.HasPrefix(uses.Value, "actions/checkout@") {
			if k, v := lookup(with, "persist-credentials"); k == nil || v.Value != "false" {
				add(uses, "a checkout must say persist-credentials: false (the token stays on disk otherwise)")
			}
			if privileged {
				for _, key := range []string{"ref", "repository"} {
					if _, v := lookup(with, key); v != nil && prRef.MatchString(v.Value) {
						add(v, "checking out the pull request on pull_request_target runs its code with the base's privileges")
					}
					if _, v := lookup(with, key); v != nil && strings.Contains(v.Value, "pull_request.base.sha") {
						add(v, "github.event.pull_request.base.sha is not refreshed when the base branch moves: check out github.event.pull_request.base.ref, the branch's tip")
					}
				}
			}
		}
		if _, script := lookup(with, "script"); script != nil && untrusted.MatchString(script.Value) {
			add(script, "${{ github.event... }} inside script: is script injection; pass it through env:")
		}
	}
	if run != nil {
		if untrusted.MatchString(run.Value) {
			add(run, "${{ github.event... }} or ${{ github.head_ref }} inside run: is script injection; pass it through env:")
		}
		if privileged && workspaceWrite.MatchString(run.Value) {
			add(run, "this puts a fetched commit's files in the workspace of a pull_request_target job")
		}
	}
	return out
}

func lookup(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func walk(n *yaml.Node, fn func(*yaml.Node)) {
	fn(n)
	for _, c := range n.Content {
		walk(c, fn)
	}
}

func walkPairs(n *yaml.Node, fn func(k, v *yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			fn(n.Content[i], n.Content[i+1])
		}
	}
	for _, c := range n.Content {
		walkPairs(c, fn)
	}
}

// nodeText is every scalar under n, one a line.
func nodeText(n *yaml.Node) string {
	var b strings.Builder
	walk(n, func(c *yaml.Node) {
		if c.Kind == yaml.ScalarNode {
			b.WriteString(c.Value + "\n")
		}
	})
	return b.String()
}
