package record

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"agreements/internal/diag"
)

// found renders diagnostics as "line:col rule" for compact comparison.
func found(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Line, d.Column, d.Rule))
	}
	return out
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"clean", "id: a\nlist: [1, 2]\n", nil},
		{"syntax", "id: a\ntitle: [unclosed\nnext: 1\n", []string{"2:1 yaml.syntax"}},
		{"syntax unterminated quote", "id: a\ntitle: \"unclosed\nnext: 1\n", []string{"2:1 yaml.syntax"}},
		{"syntax on first line", "a: b: c\n", []string{"1:1 yaml.syntax"}},
		{"syntax bad dedent", "a:\n  - x\n - y\n", []string{"3:2 yaml.syntax"}},
		{"syntax bad indent", "id: a\n  b: c\n", []string{"2:3 yaml.syntax"}},
		{"tab indent", "id: a\nt:\n\tx: 1\n", []string{"3:1 yaml.tab"}},
		{"duplicate key", "id: a\nstatus: x\nstatus: y\n", []string{"3:1 yaml.duplicate-key"}},
		{"nested duplicate", "t:\n  es: a\n  es: b\n", []string{"3:3 yaml.duplicate-key"}},
		{"anchor and alias", "a: &x 1\nb: *x\n", []string{"1:4 yaml.anchor", "2:4 yaml.alias"}},
		{"merge key", "a: {k: 1}\nb:\n  <<: {k: 2}\n", []string{"3:3 yaml.merge-key"}},
		{"custom tag", "a: !foo bar\n", []string{"1:4 yaml.tag"}},
		{"binary tag", "a: !!binary aGk=\n", []string{"1:4 yaml.tag"}},
		{"core tag ok", "a: !!str 12\n", nil},
		{"two documents", "a: 1\n---\nb: 2\n", []string{"2:1 yaml.multiple-documents"}},
		{"empty", "", []string{"0:0 yaml.empty"}},
		{"comment only", "# nothing\n", []string{"0:0 yaml.empty"}},
		{"null", "~\n", []string{"1:1 yaml.empty"}},
		{"list", "- a\n- b\n", []string{"1:1 yaml.not-mapping"}},
		{"scalar", "hello\n", []string{"1:1 yaml.not-mapping"}},
		{"complex key", "? [a, b]\n: c\n", []string{"1:3 yaml.key"}},
		{"hex", "a: 0x1F\n", []string{"1:4 yaml.number"}},
		{"octal", "a: 0o17\n", []string{"1:4 yaml.number"}},
		{"underscore", "a: 1_000\n", []string{"1:4 yaml.number"}},
		{"plus", "a: +12\n", []string{"1:4 yaml.number"}},
		{"inf", "a: .inf\n", []string{"1:4 yaml.number"}},
		{"nan", "a: .NaN\n", []string{"1:4 yaml.number"}},
		{"beyond 2^53", "a: 9007199254740993\n", []string{"1:4 yaml.number"}},
		{"at 2^53", "a: 9007199254740992\n", nil},
		{"huge float", "a: 1e400\n", []string{"1:4 yaml.number"}},
		{"huge negative float", "a: -1e400\n", []string{"1:4 yaml.number"}},
		{"huge float with a fraction", "a: 1.5e999\n", []string{"1:4 yaml.number"}},
		{"hex beyond 64 bits", "a: 0xFFFFFFFFFFFFFFFFFFFF\n", []string{"1:4 yaml.number"}},
		{"quoted huge float is text", "a: \"1e400\"\n", nil},
		{"bool tag on text", "a: !!bool research\n", []string{"1:4 yaml.tag"}},
		{"null tag on text", "a: !!null x\n", []string{"1:4 yaml.tag"}},
		{"map tag on a scalar", "a: !!map x\n", []string{"1:4 yaml.tag"}},
		{"custom tag on a key", "!custom kind: grant\n", []string{"1:1 yaml.tag"}},
		{"binary tag on a key", "!!binary a: x\n", []string{"1:1 yaml.tag"}},
		{"str tag on a key", "!!str a: x\n", []string{"1:1 yaml.tag"}},
		{"line separator in a comment", "a: 1 # note\u2028b: 2\n", []string{"1:12 file.line-separator"}},
		{"paragraph separators as line breaks", "a: 1\u2029b: 2\u2029", []string{"1:5 file.line-separator", "1:10 file.line-separator"}},
		{"next line", "a: x\u0085y\n", []string{"1:5 file.line-separator"}},
		{"carriage returns as line breaks", "a: 1\rb: 2\r", []string{"1:5 file.line-separator", "1:10 file.line-separator"}},
		{"a carriage return inside a line", "a: x\ry\n", []string{"1:5 file.line-separator"}},
		{"CRLF line ends", "a: 1\r\nb: 2\r\n", nil},
		{"a question mark in a flow mapping", "title: {es: ¿Convenio? Sí, en: x}\n", []string{"1:8 yaml.flow"}},
		{"control character", "a: 1\nb: x\x07y\n", []string{"2:5 file.control"}},
		{"escape character", "a: \x1b[31m\n", []string{"1:4 file.control"}},
		{"tab at the start of a block scalar line", "summary:\n  es: |\n    first\n    \tindented with a tab\n", nil},
		{"tab at the start of a block scalar's first line", "notes:\n  es: |\n    \tfirst\n", nil},
		{"tab at the start of a folded scalar's first line", "summary:\n  en: >-\n    \tfirst\n    second\n", nil},
		{"tab at the start of a listed block scalar", "contributions:\n  - description:\n      es: |\n        \tx\n", nil},
		{"tab in a block scalar outside block text", "a: |\n  first\n  \tindented with a tab\n", []string{"1:4 yaml.control"}},
		{"line break in a title", "title:\n  es: \"one\\ntwo\"\n", []string{"2:7 yaml.control"}},
		{"a string tag on a mapping", "title: !!str {es: Título}\n", []string{"1:8 yaml.tag"}},
		{"core tags on a mapping", "a: !!int {b: 1}\nc: !!null {d: 1}\ne: !!seq {f: 1}\ng: !!bool {h: 1}\n", []string{"1:4 yaml.tag", "2:4 yaml.tag", "3:4 yaml.tag", "4:4 yaml.tag"}},
		{"a verbatim tag on a mapping", "a: !<tag:yaml.org,2002:str> {b: 1}\n", []string{"1:4 yaml.tag"}},
		{"core tags on a sequence", "a: !!str [1]\nb: !!int [1]\nc: !!map [1]\n", []string{"1:4 yaml.tag", "2:4 yaml.tag", "3:4 yaml.tag"}},
		{"the right tags", "a: !!map {b: !!seq [1]}\n", nil},
		{"a list deeper than yaml.v3 reads", "a:\n" + strings.Repeat("- ", 10001) + "x\n", []string{"2:1 yaml.depth"}},
		{"flow lists deeper than yaml.v3 reads", "a: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n", []string{"1:1 yaml.depth"}},
		{"a YAML 1.2 directive", "%YAML 1.2\n---\na: 1\n", nil},
		{"a YAML 1.2 directive after comments", "# a record\n\n%YAML 1.2 # the version\n---\na: 1\n", nil},
		{"a YAML 1.3 directive", "%YAML 1.3\n---\na: 1\n", []string{"1:1 yaml.directive"}},
		{"a YAML 1.2 directive in the text", "notes:\n  es: |\n    %YAML 1.2\n", nil},
		{"an escaped apostrophe in double quotes", "double: \"quoted \\' scalar\"\n", []string{"1:17 yaml.syntax"}},
		{"a comment right after double quotes", "key: \"value\"# invalid comment\n", []string{"1:13 yaml.syntax"}},
		{"a comment right after single quotes", "key: 'valor'# comentario\n", []string{"1:13 yaml.syntax"}},
		{"quotes as YAML reads them", "a: \"value\" # comment\nb: \"it's\"\nc: 'it''s'\nd: \"a\\\"b\"\ne: \"a\\\\\"\nf: \"año\" # ñ\ng: [\"x\", 'y']\nh: \"multi\n  line\"\n", nil},
		{"a flow list indented less than its key", "---\nflow: [a,\nb,\nc]\n", []string{"3:1 yaml.syntax"}},
		{"quoted text indented less than its key", "---\nquoted: \"a\nb\nc\"\n", []string{"3:1 yaml.syntax"}},
		{"quoted text after a tab", "foo: \"bar\n\tbaz\"\n", []string{"2:1 yaml.syntax"}},
		{"nested quoted text indented as its key", "summary:\n  es: \"one\n  two\"\n", []string{"3:1 yaml.syntax"}},
		{"flow and quoted text indented more than their keys", "a: [x,\n y]\nsummary:\n  es: \"one\n   two\n\n   three\"\nb: {c: \"d\n  e\", f: [g,\n  h]}\n", nil},
		{"a ? glued to a flow key", "a: { ?foo: bar,\n  baz: 42 }\n", []string{"1:7 yaml.key"}},
		{"an explicit key", "a: { ? foo : bar }\n", nil},
		{"escaped controls", "a: \"\\e[31m\\0\"\n", []string{"1:4 yaml.control"}},
		{"escaped control in a key", "\"k\\x7F\": 1\n", []string{"1:1 yaml.control"}},
		{"tab as indentation", "a:\n\tb: 1\n", []string{"2:1 yaml.tab"}},
		// What yaml.v3 cannot read, named (the YAML suite holds the rest).
		{"a tab after a dash", "a:\n  -\tb\n", []string{"2:4 yaml.tab"}},
		{"the escape \\/", "a: \"x\\/y\"\n", []string{"1:6 yaml.escape"}},
		{"an unknown directive", "%FOO bar\n---\na: 1\n", []string{"1:1 yaml.directive"}},
		{"a directive without ---", "%YAML 1.2\na: 1\n", []string{"2:1 yaml.syntax"}},
		{"a document end marker", "a: 1\n...\n# end\n", nil},
		{"text after the end marker", "a: 1\n...\nb: 2\n", []string{"3:1 yaml.multiple-documents"}},
		{"words on the end marker", "a: 1\n... b\n", []string{"2:1 yaml.syntax"}},
		{"an empty key", "a: 1\n: 2\n", []string{"2:1 yaml.key"}},
		{"an explicit key's value is no empty key", "? a\n: 1\n", nil},
		{"an explicit key's value after a deeper line", "? a\n  b\n: 1\n: 2\n", []string{"4:1 yaml.key"}},
		{"a null key", "~: 1\na: 2\n", []string{"1:1 yaml.key"}},
		{"a key alone after ?", "{a: 1, ?}\n", []string{"1:9 yaml.key"}},
		{"a colon at the end of text in braces", "a: {b:, c: 1}\n", []string{"1:5 yaml.flow"}},
		{"a key over two lines in braces", "a: {b\n  : 1}\n", []string{"1:4 yaml.flow"}},
		{"a list with a key over two lines", "- {b\n  : 1}\n", []string{"1:1 yaml.not-mapping"}},
		{"a block scalar at the top, unindented", "--- >\nline1\nline2\n", []string{"1:5 yaml.not-mapping"}},
		{"an anchor yaml.v3 cannot read", "a: &x: 1\n", []string{"1:4 yaml.anchor"}},
		{"block text with more spaces before its first line", "a: >\n   \n  text\n", []string{"3:3 yaml.syntax"}},
		{"block text with fewer spaces before its first line", "summary:\n  es: >\n   \n    text\n", nil},
		{"empty block text with more spaces on its empty lines", "a: >\n \n  \n # comment\n", []string{"3:1 yaml.syntax"}},
		{"bom", "\xEF\xBB\xBFa: 1\n", []string{"1:1 file.bom"}},
		{"nul", "a: 1\nb: \x00\n", []string{"2:4 file.nul"}},
		{"bad utf8", "a: 1\nb: caf\xe9\n", []string{"2:7 file.encoding"}},
		{"bidi", "a: 1\nb: x\u202Ey\n", []string{"2:5 file.bidi"}},
		{"depth at limit", "a: " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + "\n", nil},
		{"depth past limit", "a: " + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + "\n", []string{"1:67 yaml.depth"}},
		{"text at limit", "a: " + strings.Repeat("é", MaxStringLength/2) + "\n", nil},
		{"text past limit", "a: " + strings.Repeat("x", MaxStringLength+1) + "\n", []string{"1:4 yaml.string-too-long"}},
		{"quoted text past limit", "a:\n  b: \"" + strings.Repeat("x", MaxStringLength+1) + "\"\n", []string{"2:6 yaml.string-too-long"}},
		// YAML allows an implicit key 1024 characters; longer ones are
		// explicit.
		{"key at limit", "? " + strings.Repeat("k", MaxStringLength) + "\n: 1\n", nil},
		{"key past limit", "? " + strings.Repeat("k", MaxStringLength+1) + "\n: 1\n", []string{"1:3 yaml.string-too-long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse("x.yaml", Agreement, []byte(tt.in))
			if got := found(ds); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q):\n got %q\nwant %q", tt.in, got, tt.want)
			}
			for _, d := range ds {
				if d.File != "x.yaml" || d.Message.IsZero() {
					t.Errorf("diagnostic without file or message: %+v", d)
				}
			}
		})
	}
}

func TestSyntaxHints(t *testing.T) {
	tests := []struct{ in, hint string }{
		{"id: a\nt:\n\tx: 1\n", "write spaces"},
		{"title: a: b\n", "must be in quotes"},
		{"a:\n  - x\n - y\n", "indented like the lines"},
		{"a: 'x\n", "never closed"},
		{"a: [x\nb: 1\n", "never closed with ]"},
		{"a: {x: 1\nb: 1\n", "never closed with }"},
		{"title: {es: ¿Convenio? Sí, en: x}\n", "?"},
	}
	for _, tt := range tests {
		_, ds := Parse("x.yaml", Agreement, []byte(tt.in))
		if len(ds) != 1 || !strings.Contains(ds[0].Text(), tt.hint) {
			t.Errorf("Parse(%q): %v, want a hint %q", tt.in, ds, tt.hint)
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	// Texts of the longest length allowed, up to the size allowed.
	var b strings.Builder
	b.WriteString("a:\n")
	line := "- \"" + strings.Repeat("x", MaxStringLength) + "\"\n"
	for b.Len()+len(line) <= MaxFileSize {
		b.WriteString(line)
	}
	b.WriteString("#" + strings.Repeat("x", MaxFileSize-b.Len()-2) + "\n")
	at := []byte(b.String())
	if len(at) != MaxFileSize {
		t.Fatalf("fixture is %d bytes", len(at))
	}
	if _, ds := Parse("x.yaml", Agreement, at); len(ds) != 0 {
		t.Errorf("file at the limit: %q", found(ds))
	}
	past := append(at, ' ')
	if doc, ds := Parse("x.yaml", Agreement, past); doc != nil || !reflect.DeepEqual(found(ds), []string{"0:0 file.too-large"}) {
		t.Errorf("file one byte past the limit: %q", found(ds))
	}
}

// TestParseValues checks that scalars keep the text the author wrote and
// numbers stay exact.
func TestParseValues(t *testing.T) {
	in := `date: 2002-11-01
year: "2004"
num: 12
neg: -3.5e2
yes: yes
t: true
n: null
empty:
s: !!str 12
list: [a, 1]
`
	doc, ds := Parse("x.yaml", Agreement, []byte(in))
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics %q", found(ds))
	}
	want := map[string]any{
		"date": "2002-11-01", "year": "2004", "num": json.Number("12"), "neg": json.Number("-3.5e2"),
		"yes": "yes", "t": true, "n": nil, "empty": nil, "s": "12", "list": []any{"a", json.Number("1")},
	}
	if !reflect.DeepEqual(doc.Value(), want) {
		t.Errorf("got %#v\nwant %#v", doc.Value(), want)
	}
}

func TestPosition(t *testing.T) {
	in := "id: a\nparties:\n  - lacnic\n  - cgi-br\ndates: {signed: \"2003\"}\na/b: 1\n"
	doc, ds := Parse("x.yaml", Agreement, []byte(in))
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics %q", found(ds))
	}
	tests := []struct {
		ptr       string
		key       bool
		line, col int
	}{
		{"", false, 1, 1},
		{"/id", false, 1, 5},
		{"/id", true, 1, 1},
		{"/parties/1", false, 4, 5},
		{"/dates/signed", false, 5, 17},
		{"/dates/signed", true, 5, 9},
		{"/dates/end", false, 5, 8}, // missing: the nearest value found
		{"/a~1b", true, 6, 1},
	}
	for _, tt := range tests {
		line, col := doc.Position(tt.ptr, tt.key)
		if line != tt.line || col != tt.col {
			t.Errorf("Position(%q, %v) = %d:%d, want %d:%d", tt.ptr, tt.key, line, col, tt.line, tt.col)
		}
	}
}

// TestListFileLimit: records/ may hold maxFiles files; one more stops the
// listing with a diagnostic that says where.
func TestListFileLimit(t *testing.T) {
	defer func(n int) { maxFiles = n }(maxFiles)
	maxFiles = 3
	fsys := fstest.MapFS{}
	add := func(name string) { fsys["records/agreements/"+name] = &fstest.MapFile{Data: []byte("id: x\n")} }
	add("a.yaml")
	add("b.yaml")
	add("c.yaml")
	files, diags, err := List(fsys)
	if err != nil || len(files) != 3 || len(diags) != 0 {
		t.Fatalf("at the limit: %d files, %v, %v", len(files), diags, err)
	}
	add("d.yaml")
	files, diags, err = List(fsys)
	if err != nil || len(files) != 3 || len(diags) != 1 || diags[0].Rule != RuleFileTooMany || diags[0].File != Dir {
		t.Fatalf("one past the limit: %d files, %v, %v", len(files), diags, err)
	}
	if text := diags[0].Text(); !strings.Contains(text, "records/agreements/c.yaml") || !strings.Contains(text, "3") {
		t.Errorf("message %q", text)
	}
}

func TestValidIDLength(t *testing.T) {
	at := "a" + strings.Repeat("-b", (MaxIDLength-1)/2)
	at += strings.Repeat("c", MaxIDLength-len(at))
	if len(at) != MaxIDLength || !ValidID(at) {
		t.Errorf("an id of %d characters is refused", len(at))
	}
	if ValidID(at + "d") {
		t.Errorf("an id of %d characters is accepted", len(at)+1)
	}
}

// TestHasBidiControl: the byte scan agrees with isBidiControl on every
// character around the controls.
func TestHasBidiControl(t *testing.T) {
	for r := rune(0x2000); r <= 0x2100; r++ {
		data := []byte("a" + string(r) + "b")
		if got, want := hasBidiControl(data), isBidiControl(r); got != want {
			t.Errorf("U+%04X: %v, want %v", r, got, want)
		}
	}
	if hasBidiControl([]byte("\xe2\x80")) {
		t.Error("a truncated sequence is not a control")
	}
}

// TestParsePointers checks the JSON pointer each conversion problem names,
// at every kind of step: members, items, escaped names, the root.
func TestParsePointers(t *testing.T) {
	in := "id: a\n" +
		"parties:\n  - lacnic\n  - {x: 1, x: 2}\n" +
		"a/b:\n  c~d: &anchor 1\n" +
		"deep:\n  - [1, !!binary aGk=]\n" +
		"n: 9007199254740993\n" +
		"? [k]\n: v\n"
	doc, ds := Parse("f.yaml", Agreement, []byte(in))
	if doc == nil {
		t.Fatal("no document")
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Rule+" "+d.Pointer)
	}
	want := []string{
		RuleYAMLDuplicateKey + " /parties/1/x",
		RuleYAMLAnchor + " /a~1b/c~0d",
		RuleYAMLTag + " /deep/0/1",
		RuleYAMLNumber + " /n",
		RuleYAMLKey + " ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pointers:\n got %q\nwant %q", got, want)
	}
	if !reflect.DeepEqual(doc.Refused, []string{"/deep/0/1", "/n", ""}) {
		t.Errorf("refused %q", doc.Refused)
	}
	// What was refused reads as the pointers say: a repeated key and a
	// member whose key is refused are absent, a refused value is null.
	wantValue := map[string]any{
		"id":      "a",
		"parties": []any{"lacnic", map[string]any{"x": json.Number("1")}},
		"a/b":     map[string]any{"c~d": json.Number("1")},
		"deep":    []any{[]any{json.Number("1"), nil}},
		"n":       nil,
	}
	if !reflect.DeepEqual(doc.Value(), wantValue) {
		t.Errorf("value %#v\nwant %#v", doc.Value(), wantValue)
	}
}

// TestTabInBlockScalar: a tab right after a block scalar's indentation is
// text, as YAML 1.2 reads it.
func TestTabInBlockScalar(t *testing.T) {
	for in, want := range map[string]string{
		"summary:\n  es: |\n    \tfirst\n    second\n":                  "\tfirst\nsecond\n",
		"contributions:\n  - description:\n      es: |-\n        \tx\n": "\tx",
		"notes:\n  es: | # note\n\n    \tx\n":                           "\n\tx\n",
		"x: 1\nsummary:\n  pt: >\n    \tfirst\n    more\n":              "\tfirst\nmore\n",
	} {
		doc, ds := Parse("x.yaml", Agreement, []byte(in))
		if doc == nil || len(ds) > 0 {
			t.Errorf("%q: %v", in, ds)
			continue
		}
		// The one text of the record, wherever it is.
		var got any = doc.Value()
		for {
			switch v := got.(type) {
			case map[string]any:
				for k, x := range v {
					if k != "x" {
						got = x
					}
				}
				continue
			case []any:
				got = v[0]
				continue
			}
			break
		}
		if got != want {
			t.Errorf("%q: the text is %q, want %q", in, got, want)
		}
	}
}

// BenchmarkScanText is the check of every file's bytes before YAML reads
// them, on a fixture record.
func BenchmarkScanText(b *testing.B) {
	data, err := os.ReadFile("../../testdata/registry/records/agreements/icann-l-root-2012.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if !utf8.Valid(data) || hasControl(data) || hasBidiControl(data) {
			b.Fatal("the record has control characters")
		}
	}
}
