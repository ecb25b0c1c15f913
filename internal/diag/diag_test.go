package diag

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"agreements/internal/message"
)

func TestFieldPath(t *testing.T) {
	tests := map[string]string{
		"":                        "",
		"/status":                 "status",
		"/contributions/0/type":   "contributions[0].type",
		"/title/es":               "title.es",
		"/a~1b/c~0d":              "a/b.c~d",
		"/0":                      "0",
		"/relations/12/agreement": "relations[12].agreement",
	}
	for ptr, want := range tests {
		if got := FieldPath(ptr); got != want {
			t.Errorf("FieldPath(%q) = %q, want %q", ptr, got, want)
		}
	}
}

func TestGitHubEscapesEverything(t *testing.T) {
	d := Diagnostic{
		File: "records/a,b:c%.yaml", Line: 3, Column: 4, Rule: "schema.enum",
		Message: message.New("cli.error", "detail", "x\r\n::error file=evil::y%"),
	}
	var b bytes.Buffer
	if err := Print(&b, FormatGitHub, Report{Diagnostics: []Diagnostic{d}, Files: 1}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=records/a%2Cb%3Ac%25.yaml,line=3,col=4,title=schema.enum::agreements: x\\r\\n::error file=evil::y%25\n"
	if got := strings.SplitAfter(b.String(), "\n")[0]; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestNoCommandsFromText: a path or a record's text that holds line
// breaks, terminal escapes, bidirectional controls or bytes that are not
// UTF-8 cannot start a line of its own, in any format; and no line of the
// text format starts a workflow command.
func TestNoCommandsFromText(t *testing.T) {
	evil := "a\n::warning file=x::pwned\r\x1b[31m\u202e\u2028\xff"
	d := Diagnostic{File: "records/agreements/" + evil + ".yaml", Line: 1, Column: 1, Rule: "schema.enum",
		Message: message.New("cli.error", "detail", evil)}
	for _, f := range []Format{FormatText, FormatJSON, FormatGitHub} {
		var b bytes.Buffer
		if err := Print(&b, f, Report{Diagnostics: []Diagnostic{d}, Files: 1}); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(b.String(), "\n") {
			if strings.ContainsAny(line, "\r\x1b\u202e\u2028") || !utf8.ValidString(line) {
				t.Errorf("format %v: a raw control character in %q", f, line)
			}
			if f != FormatGitHub && (strings.HasPrefix(strings.TrimSpace(line), "::") || strings.HasPrefix(line, "##[")) {
				t.Errorf("format %v: a workflow command: %q", f, line)
			}
			if f == FormatGitHub && strings.Contains(line, "::warning") && strings.HasPrefix(line, "::warning") {
				t.Errorf("a second command: %q", line)
			}
		}
	}
	for in, want := range map[string]string{
		"plain text":       "plain text",
		"a\tb":             `a\tb`,
		"\xff":             `\xff`,
		"é ✓":              "é ✓",
		"\u202eevil":       `\u202eevil`,
		"::error::x":       `\::error::x`,
		"  ##[group]x":     `\  ##[group]x`,
		"records/::x.yaml": "records/::x.yaml",
	} {
		if got := Guard(Clean(in)); got != want {
			t.Errorf("Guard(Clean(%q)) = %q, want %q", in, got, want)
		}
	}
}

func TestSortIsStable(t *testing.T) {
	ds := []Diagnostic{
		{File: "b", Line: 1, Column: 1, Rule: "x"},
		{File: "a", Line: 2, Column: 1, Rule: "x"},
		{File: "a", Line: 1, Column: 5, Rule: "y"},
		{File: "a", Line: 1, Column: 5, Rule: "x"},
		{File: "a", Line: 0, Column: 0, Rule: "z"},
	}
	Sort(ds)
	var got []string
	for _, d := range ds {
		got = append(got, d.File+":"+d.Rule)
	}
	if want := "a:z a:x a:y a:x b:x"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
