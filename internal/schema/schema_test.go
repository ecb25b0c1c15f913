package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"testing"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
)

const repoRoot = "../.."

func loadRaw(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, Dir, name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSchemasDescribeEverything holds the schemas to what editors need:
// every property described, no object open to unknown properties.
func TestSchemasDescribeEverything(t *testing.T) {
	for _, name := range []string{AgreementFile, OrganizationFile} {
		raw := loadRaw(t, name)
		if _, ok := raw["examples"]; !ok {
			t.Errorf("%s: no examples", name)
		}
		var walk func(ptr string, v any)
		walk = func(ptr string, v any) {
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			if m["type"] == "object" {
				if m["additionalProperties"] != false {
					t.Errorf("%s#%s: additionalProperties is not false", name, ptr)
				}
			}
			if props, ok := m["properties"].(map[string]any); ok {
				for key, p := range props {
					pm, _ := p.(map[string]any)
					if d, _ := pm["description"].(string); d == "" {
						t.Errorf("%s#%s/properties/%s: no description", name, ptr, key)
					}
				}
			}
			for key, child := range m {
				if key == "if" {
					continue // a condition, not a value an editor describes
				}
				switch c := child.(type) {
				case map[string]any:
					walk(ptr+"/"+key, c)
				case []any:
					if key != "examples" {
						for _, item := range c {
							walk(ptr+"/"+key+"/*", item)
						}
					}
				}
			}
		}
		walk("", raw)
	}
}

// TestSharedDefinitions keeps the definitions both schemas carry equal,
// and the id pattern equal to the one the loader uses for file names.
func TestSharedDefinitions(t *testing.T) {
	a := loadRaw(t, AgreementFile)["$defs"].(map[string]any)
	o := loadRaw(t, OrganizationFile)["$defs"].(map[string]any)
	for name, def := range o {
		if other, ok := a[name]; ok && !reflect.DeepEqual(def, other) {
			t.Errorf("$defs/%s differs between the two schemas", name)
		}
	}
	if p := a["id"].(map[string]any)["pattern"]; p != record.IDPattern {
		t.Errorf("id pattern %q, loader uses %q", p, record.IDPattern)
	}
	if n := a["id"].(map[string]any)["maxLength"]; n != float64(record.MaxIDLength) {
		t.Errorf("id maxLength %v, loader uses %d", n, record.MaxIDLength)
	}
}

// TestExamplesValidate: the examples the schemas show are valid records.
func TestExamplesValidate(t *testing.T) {
	set, err := Load(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		kind record.Kind
	}{{AgreementFile, record.Agreement}, {OrganizationFile, record.Organization}} {
		for i, ex := range loadRaw(t, tc.name)["examples"].([]any) {
			data, _ := json.Marshal(ex)
			// JSON is YAML: load the example as a record would be loaded.
			doc, ds := record.Parse("example.yaml", tc.kind, data)
			ds = append(ds, set.Validate(doc)...)
			if len(ds) > 0 {
				t.Errorf("%s example %d: %s", tc.name, i, ds[0].Text())
			}
		}
	}
}

func TestRegion(t *testing.T) {
	set, err := Load(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	region := set.Region()
	if len(region) != 31 || !sort.StringsAreSorted(region) {
		t.Errorf("region = %v", region)
	}
	for _, c := range []string{"UY", "BR", "MX", "CW", "SX", "HT", "TT"} {
		if i := sort.SearchStrings(region, c); i == len(region) || region[i] != c {
			t.Errorf("%s missing from the region", c)
		}
	}
}

// TestNoNetwork: a $ref outside schema/ fails to compile, and says so.
func TestNoNetwork(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, Dir), 0o755)
	for _, name := range []string{AgreementFile, OrganizationFile} {
		ref := `{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"https://example.org/remote.json"}`
		if name == OrganizationFile {
			ref = `{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"../outside.json"}`
		}
		os.WriteFile(filepath.Join(root, Dir, name), []byte(ref), 0o644)
	}
	_, err := Load(os.DirFS(root))
	if err == nil || !strings.Contains(err.Error(), "outside schema/") {
		t.Errorf("Load = %v, want an error about a $ref outside schema/", err)
	}
}

// TestMessages checks the wording and position of schema failures.
func TestMessages(t *testing.T) {
	set, err := Load(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	base := "schema_version: \"2.0.0\"\nid: x\ntitle: {es: a}\nsummary: {es: b}\nkind: grant\nparties: [lacnic, b]\nstatus: unknown\nsources: [{title: s}]\n"
	tests := []struct {
		name, extra, want string
	}{
		{"enum suggestion", "areas: [trainig]\n", "9:9 schema.enum areas[0]: \"trainig\" is not one of training, infrastructure, dns, ipv6, security, research, events, policy, institution-building, administration, awareness; did you mean \"training\"?"},
		{"unknown nested key", "place: {country: UY, ciudad: Lima}\n", "9:22 schema.additional-properties place.ciudad: unknown property \"ciudad\"; expected one of: city, country"},
		{"missing nested", "term: {initial: P1Y}\n", "9:7 schema.required term: missing required property \"renewal\""},
		{"https only", "documents: [{title: t, url: 'http://x.org/a', language: es}]\n", "9:29 schema.pattern documents[0].url: \"http://x.org/a\" is not an absolute URL starting with https://, with spaces and other characters outside URLs percent-encoded (a space is %20); did you mean \"https://x.org/a\"?"},
		{"date padding", "dates: {signed: 2004/4/1}\n", "9:17 schema.pattern dates.signed: \"2004/4/1\" is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD, with ~ or ? only at its end; did you mean \"2004-04-01\"?"},
		{"approximate", "dates: {signed: 2007~}\n", ""},
		{"uncertain month", "dates: {signed: '2014-05?'}\n", ""},
		{"qualifier first", "dates: {signed: ~2007}\n", "9:17 schema.pattern dates.signed: \"~2007\" is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD, with ~ or ? only at its end; did you mean \"2007~\"?"},
		{"qualifier twice", "dates: {signed: 2007~~}\n", "9:17 schema.pattern dates.signed: \"2007~~\" is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD, with ~ or ? only at its end; did you mean \"2007~\"?"},
		{"circa", "dates: {signed: c. 2007}\n", "9:17 schema.pattern dates.signed: \"c. 2007\" is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD, with ~ or ? only at its end; did you mean \"2007~\"?"},
		{"qualified no day", "dates: {signed: '2003-02-29?'}\n", "9:17 schema.format dates.signed: \"2003-02-29?\" is not a real calendar date"},
		{"month 13", "dates: {signed: 2004-13}\n", "9:17 schema.format dates.signed: \"2004-13\" is not a real calendar date"},
		{"leap day ok", "dates: {signed: 2004-02-29}\n", ""},
		{"no leap day", "dates: {signed: 2003-02-29}\n", "9:17 schema.format dates.signed: \"2003-02-29\" is not a real calendar date"},
		{"list for text", "notes: [a]\n", "9:8 schema.type notes: must be a mapping, not a list"},
		{"bool for text", "title: {es: true}\n", ""}, // the duplicate key is the loader's; the first title wins
		{"sha", "documents: [{title: t, url: 'https://x.org/a', language: es, sha256: ABC}]\n", "9:70 schema.pattern documents[0].sha256: \"ABC\" is not 64 lowercase hexadecimal digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ds := record.Parse("x.yaml", record.Agreement, []byte(base+tt.extra))
			if doc == nil {
				t.Fatalf("parse: %v", ds)
			}
			var got []string
			for _, d := range set.Validate(doc) {
				got = append(got, position(d)+" "+d.Rule+" "+d.Text())
			}
			if tt.want == "" {
				if len(got) > 0 {
					t.Errorf("unexpected %q", got)
				}
				return
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func position(d diag.Diagnostic) string {
	return strings.TrimPrefix(diag.Position(d), d.File+":")
}

// TestSpanishAndPortugueseDescriptions: every description an editor shows
// (yaml-language-server reads description) is Spanish, the registry's
// language, with Portuguese and English beside it (x-description-pt,
// -en); every pattern has a Spanish message for the editor
// (patternErrorMessage).
func TestSpanishAndPortugueseDescriptions(t *testing.T) {
	for _, name := range []string{AgreementFile, OrganizationFile} {
		var walk func(at string, n map[string]any)
		walk = func(at string, n map[string]any) {
			if es, ok := n["description"].(string); ok {
				pt, _ := n["x-description-pt"].(string)
				en, _ := n["x-description-en"].(string)
				if pt == "" || en == "" || es == en {
					t.Errorf("%s%s: description %q needs x-description-pt and x-description-en, and to be Spanish", name, at, es)
				}
			}
			if _, ok := n["pattern"]; ok {
				if m, _ := n["patternErrorMessage"].(string); !strings.HasPrefix(m, "Debe ser ") {
					t.Errorf("%s%s: a pattern without a Spanish patternErrorMessage", name, at)
				}
			}
			for _, key := range []string{"properties", "$defs"} {
				if m, ok := n[key].(map[string]any); ok {
					for k, v := range m {
						if c, ok := v.(map[string]any); ok {
							walk(at+"/"+key+"/"+k, c)
						}
					}
				}
			}
			for _, key := range []string{"items", "contains", "additionalProperties"} {
				if c, ok := n[key].(map[string]any); ok {
					walk(at+"/"+key, c)
				}
			}
		}
		walk("", loadRaw(t, name))
	}
}

// TestExpectedInEachLanguage: every x-expected (what a pattern asks for,
// in words) is also written in Spanish and Portuguese, and a pattern
// failure says it in the language of the messages.
func TestExpectedInEachLanguage(t *testing.T) {
	var walk func(name string, v any)
	walk = func(name string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["x-expected"]; ok {
				for _, lang := range []string{"es", "pt"} {
					if s, _ := v["x-expected-"+lang].(string); s == "" {
						t.Errorf("%s: x-expected %q has no x-expected-%s", name, v["x-expected"], lang)
					}
				}
			}
			for _, x := range v {
				walk(name, x)
			}
		case []any:
			for _, x := range v {
				walk(name, x)
			}
		}
	}
	for _, name := range []string{AgreementFile, OrganizationFile} {
		walk(name, loadRaw(t, name))
	}
	set, err := Load(os.DirFS(repoRoot))
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := record.Parse("x.yaml", record.Organization, []byte("id: x\nname: {es: X}\ncountry: UY\nsources: [{title: t, url: 'ftp://x'}]\n"))
	defer message.SetLanguage(message.Language())
	message.SetLanguage("es")
	n := 0
	for _, d := range set.Validate(doc) {
		if d.Rule == RulePattern {
			n++
			if !strings.Contains(d.Text(), "una URL absoluta") {
				t.Errorf("pattern message not in Spanish: %s", d.Text())
			}
		}
	}
	if n != 1 {
		t.Errorf("%d pattern diagnostics, want 1", n)
	}
}

// ecmaSpace is what \s matches in ECMA-262, the regular expressions JSON
// Schema patterns are written in: Unicode white space and line
// terminators. Go's \s is ASCII only.
const ecmaSpace = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

// TestPatternsReadAsECMA keeps the schemas' patterns meaning what they
// mean to ECMA-262 readers (ajv and the other validators): no construct
// whose meaning differs between Go's regexp and ECMA-262 (\s, \S, ., and
// \p classes), and the URL patterns refuse every Unicode space and line
// terminator, as ECMA-262's \s would.
func TestPatternsReadAsECMA(t *testing.T) {
	var patterns []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if p, ok := v["pattern"].(string); ok {
				patterns = append(patterns, p)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, name := range []string{AgreementFile, OrganizationFile, "index.schema.json"} {
		walk(loadRaw(t, name))
	}
	if len(patterns) < 8 {
		t.Fatalf("only %d patterns", len(patterns))
	}
	urls := 0
	for _, p := range patterns {
		for _, bad := range []string{`\s`, `\S`, `\p`, `\P`} {
			if strings.Contains(p, bad) {
				t.Errorf("pattern %q uses %s, which Go's regexp reads otherwise than ECMA-262", p, bad)
			}
		}
		if usesAnyChar(t, p) {
			t.Errorf("pattern %q uses ., which matches \r, U+2028 and U+2029 in Go's regexp and not in ECMA-262", p)
		}
		if !strings.HasPrefix(p, "^http") {
			continue
		}
		urls++
		re := regexp.MustCompile(p)
		if !re.MatchString("https://example.org/a") {
			t.Errorf("pattern %q refuses a plain URL", p)
		}
		for _, c := range ecmaSpace {
			if re.MatchString("https://example.org/a" + string(c) + "b") {
				t.Errorf("pattern %q accepts a URL holding U+%04X", p, c)
			}
		}
	}
	if urls != 4 {
		t.Errorf("%d URL patterns, want 4", urls)
	}
}

// usesAnyChar reports whether pattern has a . outside a character class.
func usesAnyChar(t *testing.T, pattern string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		t.Fatalf("pattern %q: %v", pattern, err)
	}
	var walk func(*syntax.Regexp) bool
	walk = func(r *syntax.Regexp) bool {
		if r.Op == syntax.OpAnyChar || r.Op == syntax.OpAnyCharNotNL {
			return true
		}
		return slices.ContainsFunc(r.Sub, walk)
	}
	return walk(re)
}

func TestPatternFixURL(t *testing.T) {
	url := loadRaw(t, AgreementFile)["$defs"].(map[string]any)["httpUrl"].(map[string]any)["pattern"].(string)
	tests := map[string]string{
		"www.example.org":                   "https://www.example.org",
		"example.org:8080/a":                "https://example.org:8080/a",
		"javascript:alert(1)":               "",
		"mailto:someone@lacnic.net":         "",
		"https://es.wikipedia.org/wiki/Año": "https://es.wikipedia.org/wiki/A%C3%B1o",
		"https://example.org/a b":           "https://example.org/a%20b",
		"https://example.org/50%":           "https://example.org/50%25",
		"https://example.org/a#b#c":         "https://example.org/a#b%23c",
		"https://example.org/a%20b":         "",
		"www.example.org/informe final.pdf": "https://www.example.org/informe%20final.pdf",
	}
	for in, want := range tests {
		got, _ := patternFix(in, url)
		if got != want {
			t.Errorf("patternFix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsURI(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/a?b=c#d": true, "https://%41.org/": true, "https://%65xample.%6Frg/%41": true,
		"https://a%2Db.org/": true, "https://user:pw@%41.org:8443/": true,
		"https://%2C.org/": false, // a sub-delim, left encoded: Go's url.Parse refuses it
		"https://%zz.org/": false, "https://%4.org/": false, "//%41.org/": false, "not a uri": false, "https://a b.org/": false,
	} {
		if got := isURI(s); got != want {
			t.Errorf("isURI(%q) = %v, want %v", s, got, want)
		}
	}
	if !isURI(42) {
		t.Error("a number is not a string: the format passes it")
	}
}

// TestSchemaIDsAndVersion: each record schema names its published address
// and the version of the record format the tool reads and writes; a
// schema whose $id is another address does not load.
func TestSchemaIDsAndVersion(t *testing.T) {
	for _, name := range []string{AgreementFile, OrganizationFile, "index.schema.json"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, Dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if doc["$id"] != IDBase+name {
			t.Errorf("%s: $id %v, want %s", name, doc["$id"], IDBase+name)
		}
		if name == "index.schema.json" {
			continue
		}
		if doc["x-schema-version"] != record.FormatVersion {
			t.Errorf("%s: x-schema-version %v, the tool's record.FormatVersion %s", name, doc["x-schema-version"], record.FormatVersion)
		}
		props, _ := doc["properties"].(map[string]any)
		v, _ := props["schema_version"].(map[string]any)
		if ex, _ := v["examples"].([]any); len(ex) == 0 || ex[0] != record.FormatVersion {
			t.Errorf("%s: schema_version's example is not %s", name, record.FormatVersion)
		}
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, Dir), 0o755)
	for _, name := range []string{AgreementFile, OrganizationFile} {
		data, _ := os.ReadFile(filepath.Join(repoRoot, Dir, name))
		if name == AgreementFile {
			data = []byte(strings.Replace(string(data), IDBase, "https://example.org/", 1))
		}
		os.WriteFile(filepath.Join(root, Dir, name), data, 0o644)
	}
	if _, err := Load(os.DirFS(root)); err == nil || !strings.Contains(err.Error(), "$id") {
		t.Errorf("a schema with another $id: %v", err)
	}
}
