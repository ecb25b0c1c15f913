package workflowpolicy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRepositoryWorkflows holds the repository's own workflows to the rules.
func TestRepositoryWorkflows(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", ".github", "workflows", "*.yml"))
	if len(files) < 2 {
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
		if strings.Contains(string(data), "persist-credentials: true") {
			t.Errorf("%s: persist-credentials must stay false", f)
		}
	}
}

// TestBrokenWorkflow: a deliberately broken copy of the validate workflow
// breaks every rule, and each is caught.
func TestBrokenWorkflow(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "validate.yml"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, edit := range [][2]string{
		{"  pull_request:\n", "  pull_request_target:\n"},
		{"permissions: {}\n\nconcurrency", "concurrency"},
		{"actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5 # v5.5.0", "actions/setup-go@v5"},
		{"actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n        with:\n          ref: ${{ github.event.pull_request.base.sha }}",
			"actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          ref: ${{ github.event.pull_request.base.sha }}"},
		{`run: go build -o "$RUNNER_TEMP/agreements" ./cmd/agreements`, `run: echo "${{ github.event.pull_request.title }}"`},
	} {
		if !strings.Contains(s, edit[0]) {
			t.Fatalf("the workflow no longer contains %q", edit[0])
		}
		s = strings.Replace(s, edit[0], edit[1], 1)
	}
	problems, err := Check([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range problems {
		all = append(all, p.String())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"pull_request_target", "no top-level permissions", "actions/setup-go@v5 is not pinned", "lacks its version", "script injection"} {
		if !strings.Contains(text, want) {
			t.Errorf("not caught: %s\n%s", want, text)
		}
	}
}
