package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestMainExitStatuses(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"validate", "--root", "../.."}, ExitOK, " files checked: 0 errors, ", ""},
		// Flags may follow the paths.
		{[]string{"validate", "../../records/agreements", "--root", "../..", "--format", "json"}, ExitOK, `"errors": 0`, ""},
		{[]string{"validate", "--root", "../..", "--format", "yaml"}, ExitUsage, "", `--format must be text, json or github, not "yaml"`},
		{[]string{"validate", "--root", "../..", "../../nope.yaml"}, ExitUsage, "", "no such file"},
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
