package diag

import (
	"bytes"
	"strings"
	"testing"

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
	want := "::error file=records/a%2Cb%3Ac%25.yaml,line=3,col=4,title=schema.enum::agreements: x%0D%0A::error file=evil::y%25\n"
	if got := strings.SplitAfter(b.String(), "\n")[0]; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
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
