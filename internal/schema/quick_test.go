package schema

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"agreements/internal/record"
	"agreements/internal/synth"
)

// BenchmarkValidate compares validating generated agreements with the
// shipped schemas' quick forms (the default) and with the library alone.
// A schema that uses a keyword the quick form does not model has no quick
// form: validate still works, at the library's speed, and this benchmark
// shows it (both sub-benchmarks then take the same time, and it says so).
func BenchmarkValidate(b *testing.B) {
	set, err := Load(os.DirFS(repoRoot))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	var docs []*record.Document
	for i := 0; i < 1000; i++ {
		doc, ds := record.Parse(fmt.Sprint("synth-", i), record.Agreement, []byte(synth.Agreement(rng, i)))
		if doc == nil {
			b.Fatal(ds)
		}
		docs = append(docs, doc)
	}
	library := *set
	library.quickAgreement, library.quickOrganization = nil, nil
	for _, bench := range []struct {
		name string
		set  *Compiled
	}{{"quick", set}, {"library", &library}} {
		b.Run(bench.name, func(b *testing.B) {
			if bench.set.quickAgreement == nil && bench.name == "quick" {
				b.Log("the agreement schema has no quick form: every record goes to the library")
			}
			for i := 0; i < b.N; i++ {
				for _, doc := range docs {
					if ds := bench.set.Validate(doc); len(ds) > 0 {
						b.Fatal(ds)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/record")
		})
	}
}

// documents returns the fixture records, the test cases' records and some
// generated agreements, parsed, with their kinds.
func documents(t *testing.T) []*record.Document {
	t.Helper()
	var docs []*record.Document
	add := func(name string, kind record.Kind, data []byte) {
		if doc, _ := record.Parse(name, kind, data); doc != nil {
			docs = append(docs, doc)
		}
	}
	files, _ := filepath.Glob(filepath.Join(repoRoot, "testdata", "registry", "records", "*", "*.yaml"))
	more, _ := filepath.Glob(filepath.Join(repoRoot, "cmd", "agreements", "testdata", "*", "*", "records", "*", "*.yaml"))
	for _, p := range append(files, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		kind := record.Agreement
		if filepath.Base(filepath.Dir(p)) == "organizations" {
			kind = record.Organization
		}
		add(p, kind, data)
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 12; i++ {
		text := synth.Agreement(rng, i)
		add(fmt.Sprint("synth-", i), record.Agreement, []byte(text))
		for _, inj := range synth.Injections {
			add(fmt.Sprint("synth-", i, "-", inj.Rule), record.Agreement, []byte(inj.Apply(text)))
		}
	}
	for i := 0; i < 5; i++ {
		add(fmt.Sprint("synth-org-", i), record.Organization, []byte(synth.Organization(i)))
	}
	return docs
}

// mutations returns variants of v, each changed in one place: every value
// in turn replaced by values of every type and by edge cases of the
// keywords the schemas use, every member removed, an unknown member added,
// array items repeated or dropped.
func mutations(v any) []any {
	replacements := []any{nil, true, false, "", "x", "lacnic", "AR", "2003-02-30", "2004-13", "2004",
		"https://example.org", "javascript:alert(1)", "P1Y", "P", "es", "a b",
		json.Number("1"), json.Number("1.0"), json.Number("-2.5"),
		[]any{}, []any{"lacnic"}, []any{"lacnic", "lacnic"}, []any{"lacnic", "nic-mx"}, []any{json.Number("1")},
		map[string]any{}, map[string]any{"es": "x"}, map[string]any{"es": ""}}
	var out []any
	var walk func(cur any, replace func(any) any)
	walk = func(cur any, replace func(any) any) {
		for _, r := range replacements {
			out = append(out, replace(r))
		}
		switch x := cur.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				without := clone(x).(map[string]any)
				delete(without, k)
				out = append(out, replace(without))
				walk(x[k], func(n any) any {
					c := clone(x).(map[string]any)
					c[k] = n
					return replace(c)
				})
			}
			with := clone(x).(map[string]any)
			with["colour"] = "blue"
			out = append(out, replace(with))
		case []any:
			if len(x) > 0 {
				out = append(out, replace(append(clone(x).([]any), clone(x[0]))))
				out = append(out, replace(clone(x).([]any)[1:]))
			}
			for i := range x {
				walk(x[i], func(n any) any {
					c := clone(x).([]any)
					c[i] = n
					return replace(c)
				})
			}
		}
	}
	walk(v, func(n any) any { return n })
	return out
}

func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(x))
		for k, e := range x {
			c[k] = clone(e)
		}
		return c
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = clone(e)
		}
		return c
	}
	return v
}

// TestQuickAgrees holds the quick form to the library on real records and
// on every one-place change to them: it never passes a value the library
// fails. How many valid values it leaves to the library is logged, not
// required: that costs speed, which BenchmarkValidate shows, never
// correctness. A shipped schema without a quick form has nothing to hold.
func TestQuickAgrees(t *testing.T) {
	set, err := Load(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	checked, failing, left := 0, 0, 0
	for _, doc := range documents(t) {
		sch, q := set.agreement, set.quickAgreement
		if doc.Kind == record.Organization {
			sch, q = set.organization, set.quickOrganization
		}
		if q == nil {
			continue
		}
		values := []any{doc.Value()}
		if !strings.HasPrefix(doc.File, "synth-") || strings.Count(doc.File, "-") == 1 {
			values = append(values, mutations(doc.Value())...)
		}
		for _, v := range values {
			n, ok := nodeOf(t, v)
			if !ok {
				continue
			}
			quick := q.passes(n, 0)
			lib := sch.Validate(v) == nil
			checked++
			if !lib {
				failing++
			}
			if quick && !lib {
				data, _ := json.Marshal(v)
				t.Fatalf("%s: the quick form passes what the library fails: %s", doc.File, data)
			}
			if lib && !quick {
				left++
			}
		}
	}
	if set.quickAgreement != nil && (checked < 10000 || failing < checked/4 || failing == checked) {
		t.Fatalf("only %d values checked, %d failing: the test has lost its reach", checked, failing)
	}
	t.Logf("%d values, %d failing, %d valid ones left to the library", checked, failing, left)
}

// TestQuickKeywords compares the quick form with the library keyword by
// keyword on small schemas, including the values the quick form leaves to
// the library, and checks that keywords it does not model leave a schema
// without a quick form.
func TestQuickKeywords(t *testing.T) {
	cases := []struct {
		schema string
		values []string
		// sure lists the values the quick form decides; the others it must
		// leave to the library (passes false).
		unsure []string
	}{
		{`{"type": "integer"}`, []string{`1`, `1.0`, `1.5`, `"1"`, `null`}, nil},
		{`{"type": ["string", "null"]}`, []string{`"a"`, `null`, `1`, `true`, `[]`, `{}`}, nil},
		{`{"const": "lacnic"}`, []string{`"lacnic"`, `"LACNIC"`, `1`, `null`}, nil},
		{`{"enum": ["a", true, null]}`, []string{`"a"`, `true`, `false`, `null`, `"b"`, `0`}, nil},
		{`{"minProperties": 1, "maxProperties": 2}`, []string{`{}`, `{"a": 1}`, `{"a": 1, "b": 2, "c": 3}`, `[]`}, nil},
		{`{"required": ["a"], "properties": {"a": {"type": "string"}}, "additionalProperties": false}`,
			[]string{`{"a": "x"}`, `{"a": 1}`, `{}`, `{"a": "x", "b": 1}`, `"x"`}, nil},
		{`{"additionalProperties": {"type": "string", "minLength": 2}}`, []string{`{"a": "xy"}`, `{"a": "x"}`, `{"a": 1}`}, nil},
		{`{"minItems": 1, "maxItems": 2, "items": {"type": "string"}}`, []string{`[]`, `["a"]`, `["a", "b", "c"]`, `[1]`}, nil},
		{`{"uniqueItems": true}`, []string{`["a", "b"]`, `["a", "a"]`, `[]`}, []string{`[1, 2]`, `[{"a": 1}, {"a": 1}]`}},
		{`{"contains": {"const": "x"}}`, []string{`["x"]`, `["y"]`, `[]`, `"x"`}, nil},
		{`{"contains": {"const": "x"}, "minContains": 2}`, []string{`["x", "x"]`, `["x", "y"]`}, nil},
		{`{"contains": {"const": "x"}, "maxContains": 1}`, []string{}, []string{`["x"]`, `["x", "x"]`}},
		{`{"minLength": 2, "maxLength": 3}`, []string{`"ab"`, `"a"`, `"abcd"`, `"ñé"`, `"ñ"`, `3`}, nil},
		{`{"pattern": "^[A-Z]{2}$"}`, []string{`"AR"`, `"ar"`, `"ARG"`, `1`}, nil},
		{`{"format": "uri"}`, []string{`"https://a.example"`, `"not a uri"`, `1`}, nil},
		{`{"format": "partial-date"}`, []string{`"2004"`, `"2004-02-30"`, `"2004-02-29"`, `"x"`}, nil},
		{`{"format": "duration"}`, []string{`"P1Y"`, `"P"`}, nil},
		{`{"format": "no-such-format"}`, []string{`"x"`}, nil},
		{`{"$ref": "#/$defs/a", "$defs": {"a": {"type": "string"}}, "minLength": 2}`, []string{`"ab"`, `"a"`, `1`}, nil},
		{`{"$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}}}, "$ref": "#/$defs/n"}`,
			[]string{`{"next": {"next": {}}}`, `{"next": {"next": 1}}`}, nil},
		{`{"properties": {"a": true, "b": false}}`, []string{`{"a": 1}`, `{"b": 1}`}, nil},
		{`{"items": false}`, []string{`[]`, `[1]`}, nil},
		{`{"allOf": [{"type": "string"}, {"minLength": 2}]}`, []string{`"ab"`, `"a"`, `1`}, nil},
		// if/then: sure where then passes; else the library decides.
		{`{"if": {"properties": {"s": {"const": "W"}}}, "then": {"properties": {"id": {"pattern": "^Q[0-9]+$"}}}}`,
			[]string{`{"s": "W", "id": "Q1"}`, `{"s": "R", "id": "Q1"}`, `{}`}, []string{`{"s": "R", "id": "x"}`, `{"s": "W", "id": "x"}`}},
		{`{"allOf": [{"if": {"properties": {"s": {"const": "W"}}, "required": ["s"]}, "then": {"properties": {"id": {"pattern": "^Q"}}}},
			{"if": {"properties": {"s": {"const": "R"}}, "required": ["s"]}, "then": {"properties": {"id": {"pattern": "^0"}}}}]}`,
			[]string{`{"s": "X"}`, `{"s": "W", "id": "1"}`}, []string{`{"s": "X", "id": "Q0"}`, `{"s": "W", "id": "Q1"}`, `{"s": "R", "id": "01"}`}},
		{`{"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"type": "integer"}}`, []string{`1.5`, `1`, `"a"`}, []string{`"ab"`}},
	}
	for _, c := range cases {
		sch, q := compileOne(t, c.schema)
		if q == nil {
			t.Errorf("%s: no quick form", c.schema)
			continue
		}
		for _, v := range c.values {
			val := decode(t, v)
			if got, want := q.passes(mustNode(t, val), 0), sch.Validate(val) == nil; got != want {
				t.Errorf("%s on %s: quick %v, library %v", c.schema, v, got, want)
			}
		}
		for _, v := range c.unsure {
			if q.passes(mustNode(t, decode(t, v)), 0) {
				t.Errorf("%s on %s: quick passes a value it should leave to the library", c.schema, v)
			}
		}
	}
	for _, s := range []string{`{"oneOf": [{"type": "string"}]}`, `{"not": {}}`, `{"if": {}, "then": {"not": {}}}`,
		`{"patternProperties": {"a": {}}}`, `{"minimum": 1}`, `{"unevaluatedProperties": false}`,
		`{"prefixItems": [{}]}`, `{"enum": [1, 2]}`, `{"const": {"a": 1}}`, `{"dependentRequired": {"a": ["b"]}}`,
		`{"properties": {"a": {"anyOf": [{}]}}}`, `{"$defs": {"x": {"allOf": [{"anyOf": [{}]}]}}, "items": {"$ref": "#/$defs/x"}}`} {
		if _, q := compileOne(t, s); q != nil {
			t.Errorf("%s: has a quick form", s)
		}
	}
}

func compileOne(t *testing.T, schema string) (*jsonschema.Schema, *quick) {
	t.Helper()
	formats := map[string]func(any) bool{"partial-date": record.IsPartialDate, "uri": isURI}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.Formats = formats
	if err := c.AddResource("https://t.invalid/s.json", strings.NewReader(schema)); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("https://t.invalid/s.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch, compileQuick(sch, formats)
}

func decode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// nodeOf returns the record node that holds v, as the loader reads it from
// v written as JSON (which is YAML), and whether it reads as v: the quick
// form reads nodes, the library values.
func nodeOf(t *testing.T, v any) (record.Node, bool) {
	t.Helper()
	data, err := json.Marshal(map[string]any{"v": v})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := record.Parse("v.yaml", record.Agreement, data)
	if doc == nil {
		return record.Node{}, false
	}
	n, ok := doc.Root().Get("v")
	return n, ok && reflect.DeepEqual(n.Value(), v)
}

func mustNode(t *testing.T, v any) record.Node {
	t.Helper()
	n, ok := nodeOf(t, v)
	if !ok {
		t.Fatalf("%#v does not read back as itself", v)
	}
	return n
}
