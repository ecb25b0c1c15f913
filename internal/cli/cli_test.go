package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureRegistry copies the frozen fixture records (never the shipped
// records/) and the project's schemas into a temp folder.
func fixtureRegistry(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "records"), os.DirFS("../../testdata/registry/records")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(root, "schema"), os.DirFS("../../schema")); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestMainExitStatuses(t *testing.T) {
	root := fixtureRegistry(t)
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"validate", "--root", root}, ExitOK, " files checked: 0 errors, ", ""},
		// Flags may follow the paths.
		{[]string{"validate", filepath.Join(root, "records/agreements"), "--root", root, "--format", "json"}, ExitOK, `"errors": 0`, ""},
		{[]string{"validate", "--root", root, "--format", "yaml"}, ExitUsage, "", `--format must be text, json or github, not "yaml"`},
		{[]string{"validate", "--root", root, filepath.Join(root, "nope.yaml")}, ExitUsage, "", "no such file"},
		{[]string{"validate", "-h"}, ExitOK, "", "usage: agreements validate"},
		{[]string{"rules"}, ExitOK, "schema.enum", ""},
		{[]string{"rules", "--format", "json"}, ExitOK, `"id": "ref.unknown-organization"`, ""},
		{[]string{"version"}, ExitOK, "agreements ", ""},
		{[]string{"help"}, ExitOK, "usage: agreements <command>", ""},
		{[]string{"frobnicate"}, ExitUsage, "", `unknown command "frobnicate"`},
		{nil, ExitUsage, "", "usage: agreements <command>"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := Main(append([]string{"agreements"}, tt.args...), strings.NewReader(""), &stdout, &stderr)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tt.args, code, tt.code, stderr.String())
		}
		if !strings.Contains(stdout.String(), tt.stdout) {
			t.Errorf("%v: stdout %q lacks %q", tt.args, stdout.String(), tt.stdout)
		}
		if !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("%v: stderr %q lacks %q", tt.args, stderr.String(), tt.stderr)
		}
	}
}
