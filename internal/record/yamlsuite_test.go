package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"agreements/internal/diag"
)

// The YAML test suite (github.com/yaml/yaml-test-suite, branch data at
// 6ad3d2c62885d82fc349026c136ef560838fdf3d, MIT: testdata/yaml-test-suite/LICENSE)
// has a folder per case, or per variant of a case: in.yaml; error when the
// text is not valid YAML; otherwise in.json (the value as JSON, when JSON
// can hold it) and test.event (the parser's events).
const suiteDir = "testdata/yaml-test-suite"

// TestYAMLSuite holds the loader to the suite: every invalid text is
// refused; every valid text it accepts reads exactly as the suite says;
// every valid text it refuses is refused by a rule that names what a
// record may not use (yaml.not-mapping, yaml.anchor, yaml.tab, ...), never
// by yaml.syntax, which would call valid YAML wrong.
func TestYAMLSuite(t *testing.T) {
	cases := suiteCases(t)
	if len(cases) < 400 {
		t.Fatalf("%d cases in %s, want the suite's 402", len(cases), suiteDir)
	}
	counts := map[string]int{}
	for _, dir := range cases {
		in := readSuite(t, dir, "in.yaml")
		name := strings.TrimSpace(string(readSuite(t, dir, "===")))
		doc, ds := Parse("in.yaml", Agreement, in)
		errs := errorsOf(ds)
		invalid := existsSuite(dir, "error")
		switch {
		case invalid && doc != nil && len(errs) == 0:
			t.Errorf("%s (%s): invalid YAML accepted:\n%s", dir, name, in)
			counts["invalid accepted"]++
		case invalid:
			counts["invalid refused"]++
		case doc != nil && len(errs) == 0:
			want, ok := suiteValue(t, dir)
			if !ok {
				t.Errorf("%s (%s): accepted, and the suite gives no value to compare", dir, name)
				continue
			}
			if got := asJSON(t, doc.Value()); !reflect.DeepEqual(got, want) {
				t.Errorf("%s (%s): read as\n%v\nthe suite reads\n%v\n%s", dir, name, got, want, in)
			}
			counts["valid read alike"]++
		default:
			for _, d := range errs {
				if d.Rule == RuleYAMLSyntax {
					t.Errorf("%s (%s): valid YAML refused as a syntax error: %s\n%s", dir, name, d.Text(), in)
				}
			}
			counts["valid refused by a named rule"]++
		}
	}
	t.Logf("%v", counts)
}

func suiteCases(t *testing.T) []string {
	var dirs []string
	err := fs.WalkDir(os.DirFS(suiteDir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "in.yaml" {
			dirs = append(dirs, path.Dir(p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

func readSuite(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(path.Join(suiteDir, dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func existsSuite(dir, name string) bool {
	_, err := os.Stat(path.Join(suiteDir, dir, name))
	return err == nil
}

func errorsOf(ds []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// asJSON returns v as encoding/json reads it back, numbers as json.Number.
func asJSON(t *testing.T, v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return decodeJSON(t, data)[0]
}

func decodeJSON(t *testing.T, data []byte) []any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []any
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
}

// suiteValue returns the value of a case's single document: from in.json,
// or, where JSON holds it but the suite gives none, from test.event.
func suiteValue(t *testing.T, dir string) (any, bool) {
	if existsSuite(dir, "in.json") {
		values := decodeJSON(t, readSuite(t, dir, "in.json"))
		if len(values) != 1 {
			return nil, false
		}
		return values[0], true
	}
	return eventValue(t, readSuite(t, dir, "test.event"))
}

// eventValue builds the value of the single document of a test.event
// stream of plain collections and scalars (no anchors, aliases or tags),
// reading plain scalars by YAML 1.2's core schema.
func eventValue(t *testing.T, events []byte) (any, bool) {
	type frame struct {
		m   map[string]any
		l   []any
		key *string
	}
	var stack []*frame
	var root any
	docs := 0
	put := func(v any) bool {
		if len(stack) == 0 {
			root = v
			return true
		}
		f := stack[len(stack)-1]
		switch {
		case f.m == nil:
			f.l = append(f.l, v)
		case f.key == nil:
			k, ok := v.(string)
			if !ok {
				return false
			}
			f.key = &k
		default:
			f.m[*f.key] = v
			f.key = nil
		}
		return true
	}
	sc := bufio.NewScanner(bytes.NewReader(events))
	for sc.Scan() {
		fields := strings.SplitN(sc.Text(), " ", 2)
		switch fields[0] {
		case "+STR", "-STR", "-DOC":
		case "+DOC":
			docs++
		case "+MAP", "+SEQ":
			if len(fields) > 1 && strings.ContainsAny(fields[1], "&!") {
				return nil, false
			}
			f := &frame{}
			if fields[0] == "+MAP" {
				f.m = map[string]any{}
			} else {
				f.l = []any{}
			}
			stack = append(stack, f)
		case "-MAP", "-SEQ":
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			var v any = f.l
			if f.m != nil {
				v = f.m
			}
			if !put(v) {
				return nil, false
			}
		case "=VAL":
			text := fields[1]
			if strings.ContainsAny(text[:1], "&!<") {
				return nil, false
			}
			value := unescapeEvent(text[1:])
			var v any = value
			if text[0] == ':' {
				v = coreScalar(value)
			}
			if !put(v) {
				return nil, false
			}
		default: // =ALI, or what this reader does not know
			return nil, false
		}
	}
	return asJSON(t, root), docs == 1
}

func unescapeEvent(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t", `\r`, "\r", `\b`, "\b").Replace(s)
}

var coreInt = regexp.MustCompile(`^[-+]?[0-9]+$`)
var coreFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// coreScalar reads a plain scalar as YAML 1.2's core schema does.
func coreScalar(s string) any {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return nil
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	}
	if coreInt.MatchString(s) || coreFloat.MatchString(s) {
		return json.Number(s)
	}
	return s
}
