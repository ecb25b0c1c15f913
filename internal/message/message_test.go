package message

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	tests := []struct {
		format string
		args   map[string]string
		want   string
	}{
		{"plain", nil, "plain"},
		{"{a} and {b}", map[string]string{"a": "1", "b": "2"}, "1 and 2"},
		{"{b} before {a}", map[string]string{"a": "1", "b": "2"}, "2 before 1"},
		{"{missing} stays", nil, "{missing} stays"},
		{"unclosed {brace", nil, "unclosed {brace"},
		{"value {v}", map[string]string{"v": "{v}"}, "value {v}"}, // no re-expansion
	}
	for _, tt := range tests {
		if got := Expand(tt.format, tt.args); got != tt.want {
			t.Errorf("Expand(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	if got := Placeholders("{b} {a} {b}"); !reflect.DeepEqual(got, []string{"a", "b", "b"}) {
		t.Errorf("got %v", got)
	}
}

func TestCatalogHasNoEmptyText(t *testing.T) {
	for _, k := range Keys() {
		if s, _ := Lookup(k); strings.TrimSpace(s) == "" {
			t.Errorf("%s: empty text", k)
		}
	}
}

// TestEveryKeyUsedExists scans the source for message.New("key", ...) and
// checks that each literal key is in the catalog, and that the call names
// every placeholder the text uses.
func TestEveryKeyUsedExists(t *testing.T) {
	call := regexp.MustCompile(`message\.New\("([a-z0-9.\-]+)"`)
	root := filepath.Join("..", "..")
	seen := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src := string(data)
		for _, loc := range call.FindAllStringSubmatchIndex(src, -1) {
			key := src[loc[2]:loc[3]]
			if strings.HasSuffix(key, ".") { // a prefix completed at run time
				continue
			}
			seen++
			text, ok := Lookup(key)
			if !ok {
				t.Errorf("%s: key %q is not in the catalog", p, key)
				continue
			}
			args := callText(src[loc[0]:])
			for _, name := range Placeholders(text) {
				if !strings.Contains(args, `"`+name+`"`) {
					t.Errorf("%s: %q uses {%s}, which the call does not give", p, key, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 30 {
		t.Fatalf("found only %d calls: the scan is broken", seen)
	}
}

// callText returns src up to the parenthesis that closes its first one.
func callText(src string) string {
	depth := 0
	for i, r := range src {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return src[:i+1]
			}
		}
	}
	return src
}

// TestCatalogsAgree: every key in every language, with the same
// placeholders, and no empty text: a missing translation fails here, not
// in front of a user.
func TestCatalogsAgree(t *testing.T) {
	en := Catalog("en")
	for _, lang := range Languages {
		cat := Catalog(lang)
		if cat == nil {
			t.Fatalf("no catalog for %s", lang)
		}
		for key, text := range en {
			tr, ok := cat[key]
			if !ok {
				t.Errorf("%s: %q is missing", lang, key)
				continue
			}
			if strings.TrimSpace(tr) == "" {
				t.Errorf("%s: %q is empty", lang, key)
			}
			if !reflect.DeepEqual(Placeholders(text), Placeholders(tr)) {
				t.Errorf("%s: %q has placeholders %v, English has %v", lang, key, Placeholders(tr), Placeholders(text))
			}
		}
		for key := range cat {
			if _, ok := en[key]; !ok {
				t.Errorf("%s: %q is not in the English catalog", lang, key)
			}
		}
	}
}

func TestDetect(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		flag string
		env  map[string]string
		want string
		ok   bool
	}{
		{"pt", map[string]string{"LANG": "es_UY.UTF-8"}, "pt", true},
		{"fr", nil, "fr", false},
		{"", map[string]string{"LANG": "es_UY.UTF-8"}, "es", true},
		{"", map[string]string{"LC_ALL": "pt_BR.UTF-8", "LANG": "es_UY.UTF-8"}, "pt", true},
		{"", map[string]string{"LC_MESSAGES": "en_US", "LANG": "es_UY"}, "en", true},
		{"", map[string]string{"LANG": "C.UTF-8"}, "en", true},
		{"", map[string]string{"LANG": "fr_FR.UTF-8"}, "en", true},
		{"", map[string]string{"LANG": "es"}, "es", true},
		{"", nil, "en", true},
	}
	for _, tt := range tests {
		got, ok := Detect(tt.flag, env(tt.env))
		if got != tt.want || ok != tt.ok {
			t.Errorf("Detect(%q, %v) = %q, %v", tt.flag, tt.env, got, ok)
		}
	}
}

func TestInLanguage(t *testing.T) {
	defer SetLanguage("en")
	m := New("schema.required", "name", `"kind"`)
	SetLanguage("es")
	if got := m.String(); got != `falta la propiedad obligatoria "kind"` {
		t.Errorf("es: %q", got)
	}
	if got := m.In("pt"); got != `falta a propriedade obrigatória "kind"` {
		t.Errorf("pt: %q", got)
	}
	if got := Expand("a { opened here is never closed with }", nil); got != "a { opened here is never closed with }" {
		t.Errorf("literal braces: %q", got)
	}
}

// TestKeyArgument: an argument made by Key is the catalog's text for that
// key, in the language the message is rendered in.
func TestKeyArgument(t *testing.T) {
	m := New("record.possible-duplicate", "others", "a.yaml", "reason", Key("duplicate.summary"))
	for lang, want := range map[string]string{"es": "el mismo resumen en español", "en": "the same Spanish summary", "pt": "o mesmo resumo em espanhol"} {
		if got := m.In(lang); !strings.Contains(got, want) || strings.Contains(got, keyMark) {
			t.Errorf("In(%s) = %q, want it to hold %q", lang, got, want)
		}
	}
	if m.Arg("reason") != Key("duplicate.summary") {
		t.Errorf("rendering changed the message's arguments: %v", m.Args)
	}
}
