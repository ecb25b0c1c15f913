// Package message keeps every text the tool says to people in one catalog,
// keyed by a stable id (a rule id, or a rule id plus a variant), so that the
// wording can be reviewed in one place and translated without touching the
// checks. The catalog is data: catalog/en.json, embedded in the binary.
//
// Texts use named placeholders, {name}, rather than printf verbs, so that a
// translation may put them in any order.
package message

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// english is the catalog every other language falls back to.
var english = mustLoad("catalog/en.json")

func mustLoad(name string) map[string]string {
	data, err := catalogFS.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("message: %v", err))
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		panic(fmt.Sprintf("message: %s: %v", name, err))
	}
	return m
}

// Text is a message that has not been rendered yet: a catalog key and the
// values of its placeholders. Keeping it unrendered lets a printer choose
// the language.
type Text struct {
	Key  string
	Args map[string]string
}

// New returns the Text for key with the placeholders given as name, value
// pairs: New("schema.enum", "value", `"x"`, "allowed", "a, b").
func New(key string, pairs ...string) Text {
	t := Text{Key: key}
	if len(pairs) > 0 {
		t.Args = make(map[string]string, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			t.Args[pairs[i]] = pairs[i+1]
		}
	}
	return t
}

// IsZero reports whether t is the empty Text (no message).
func (t Text) IsZero() bool { return t.Key == "" }

// String renders t in English.
func (t Text) String() string {
	if t.Key == "" {
		return ""
	}
	format, ok := english[t.Key]
	if !ok {
		// A missing key is a bug caught by the catalog test; still say
		// something useful rather than nothing.
		format = t.Key
	}
	return Expand(format, t.Args)
}

// Expand replaces each {name} in format by args[name]. A placeholder with no
// value is left as written, so that a mistake shows instead of vanishing.
func Expand(format string, args map[string]string) string {
	if !strings.Contains(format, "{") {
		return format
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(format, '{')
		if i < 0 {
			b.WriteString(format)
			break
		}
		j := strings.IndexByte(format[i:], '}')
		if j < 0 {
			b.WriteString(format)
			break
		}
		name := format[i+1 : i+j]
		b.WriteString(format[:i])
		if v, ok := args[name]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(format[i : i+j+1])
		}
		format = format[i+j+1:]
	}
	return b.String()
}

// Placeholders returns the sorted placeholder names used in format.
func Placeholders(format string) []string {
	var names []string
	for {
		i := strings.IndexByte(format, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(format[i:], '}')
		if j < 0 {
			break
		}
		names = append(names, format[i+1:i+j])
		format = format[i+j+1:]
	}
	sort.Strings(names)
	return names
}

// Keys returns every key of the English catalog, sorted.
func Keys() []string {
	keys := make([]string, 0, len(english))
	for k := range english {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether the catalog has key.
func Has(key string) bool {
	_, ok := english[key]
	return ok
}

// Lookup returns the English text stored under key, unexpanded.
func Lookup(key string) (string, bool) {
	s, ok := english[key]
	return s, ok
}
