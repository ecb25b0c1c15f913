// The tests of this folder check the repository's GitHub workflows against
// the rules that keep a pull request from a fork from subverting them: no
// pull_request_target, permissions set at the top level, every action
// pinned to a full commit SHA with its version in a comment, and no
// ${{ github.event... }} inside a run: script (untrusted values go through
// env:). It is a test and nothing else: it runs on .github/workflows in
// every `go test ./...`, so that a later edit cannot quietly undo the
// rules.
package workflowpolicy

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	pinned     = regexp.MustCompile(`^[^@\s]+@[0-9a-f]{40}$`)
	versionTag = regexp.MustCompile(`^#\s*v\d+\.\d+\.\d+`)
	eventExpr  = regexp.MustCompile(`\$\{\{[^}]*github\.event`)
)

// Problem is one broken rule, at a line of the workflow.
type Problem struct {
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Message) }

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
	if k, _ := lookup(top, "permissions"); k == nil {
		out = append(out, Problem{top.Line, "no top-level permissions: set permissions: {} and grant each job what it needs"})
	}
	if _, on := lookup(top, "on"); on != nil {
		walk(on, func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode && n.Value == "pull_request_target" {
				out = append(out, Problem{n.Line, "pull_request_target hands a fork's code the repository's secrets and write token"})
			}
		})
	}
	walkPairs(top, func(k, v *yaml.Node) {
		switch k.Value {
		case "uses":
			if v.Kind != yaml.ScalarNode || strings.HasPrefix(v.Value, "./") || strings.HasPrefix(v.Value, "docker://") {
				return
			}
			if !pinned.MatchString(v.Value) {
				out = append(out, Problem{v.Line, fmt.Sprintf("%s is not pinned to a full commit SHA (a tag can be moved)", v.Value)})
			} else if !versionTag.MatchString(strings.TrimSpace(v.LineComment)) {
				out = append(out, Problem{v.Line, fmt.Sprintf("%s lacks its version in a comment (# vX.Y.Z)", v.Value)})
			}
		case "run":
			if eventExpr.MatchString(v.Value) {
				out = append(out, Problem{v.Line, "${{ github.event... }} inside run: is script injection; pass it through env:"})
			}
		}
	})
	return out, nil
}

func lookup(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
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
