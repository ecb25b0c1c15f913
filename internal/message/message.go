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
	"sync"
)

//go:embed catalog/*.json
var catalogFS embed.FS

// catalogs holds every language's catalog, by language code, each decoded
// the first time it is used rather than at start: a command decodes those
// of the language it speaks and of English, when it first says something.
var catalogs = map[string]func() map[string]string{
	"en": sync.OnceValue(func() map[string]string { return mustLoad("catalog/en.json") }),
	"es": sync.OnceValue(func() map[string]string { return mustLoad("catalog/es.json") }),
	"pt": sync.OnceValue(func() map[string]string { return mustLoad("catalog/pt.json") }),
}

// english returns the catalog every other language falls back to.
func english() map[string]string { return catalogs["en"]() }

// Languages are the languages the tool speaks, Spanish first.
var Languages = []string{"es", "pt", "en"}

// current is the language texts are rendered in. The command sets it once,
// before any work starts.
var current = "en"

// SetLanguage chooses the language of every Text rendered from now on; an
// unknown language means English.
func SetLanguage(lang string) {
	if _, ok := catalogs[lang]; ok {
		current = lang
	} else {
		current = "en"
	}
}

// Language returns the language texts are rendered in.
func Language() string { return current }

// Detect chooses the language: the --lang value when given (ok is false
// when it is not one the tool speaks), else the first of LC_ALL,
// LC_MESSAGES and LANG that is set (es_UY.UTF-8 means Spanish), else
// English. Three languages matched by their two-letter prefix need no
// locale-matching library.
func Detect(flag string, getenv func(string) string) (lang string, ok bool) {
	if flag != "" {
		_, ok := catalogs[flag]
		return flag, ok
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		v = strings.ToLower(v)
		if len(v) >= 2 {
			if _, known := catalogs[v[:2]]; known && (len(v) == 2 || !isLetter(v[2])) {
				return v[:2], true
			}
		}
		return "en", true // the first variable set decides, as in POSIX
	}
	return "en", true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// Plural returns the key for n things: one for 1, many otherwise. That is
// the rule of all three languages for whole numbers as people write them
// ("0 avisos", "0 advertencias"), so it needs no plural library.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

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
	Key string
	// Args are the placeholders' names and values, in pairs: a run can
	// hold a Text for each of a hundred thousand records, and a slice is
	// a fraction of a map's size.
	Args []string
}

// New returns the Text for key with the placeholders given as name, value
// pairs: New("schema.enum", "value", `"x"`, "allowed", "a, b"). The Text
// keeps pairs, which the caller must not change afterwards.
func New(key string, pairs ...string) Text {
	if len(pairs)%2 != 0 {
		pairs = pairs[:len(pairs)-1]
	}
	if len(pairs) == 0 {
		pairs = nil
	}
	return Text{Key: key, Args: pairs}
}

// Arg returns the value of the placeholder name ("" when t has none).
func (t Text) Arg(name string) string {
	v, _ := t.arg(name)
	return v
}

func (t Text) arg(name string) (string, bool) {
	for i := 0; i+1 < len(t.Args); i += 2 {
		if t.Args[i] == name {
			return t.Args[i+1], true
		}
	}
	return "", false
}

// IsZero reports whether t is the empty Text (no message).
func (t Text) IsZero() bool { return t.Key == "" }

// String renders t in the current language, falling back to English.
func (t Text) String() string { return t.In(current) }

// In renders t in lang, falling back to English.
func (t Text) In(lang string) string {
	if t.Key == "" {
		return ""
	}
	var format string
	ok := false
	if load, known := catalogs[lang]; known {
		format, ok = load()[t.Key]
	}
	if !ok {
		format, ok = english()[t.Key]
	}
	if !ok {
		// A missing key is a bug caught by the catalog test; still say
		// something useful rather than nothing.
		format = t.Key
	}
	return expand(format, func(name string) (string, bool) {
		v, ok := t.arg(name)
		if key, nested := strings.CutPrefix(v, keyMark); ok && nested {
			return New(key).In(lang), true
		}
		return v, ok
	})
}

// keyMark starts an argument that Key made.
const keyMark = "\x1fkey:"

// Key is an argument that is itself a catalog text: it is rendered in the
// language its message is rendered in ("may repeat x: {reason}").
func Key(key string) string { return keyMark + key }

// Expand replaces each {name} in format by args[name]. A placeholder with no
// value is left as written, so that a mistake shows instead of vanishing.
func Expand(format string, args map[string]string) string {
	return expand(format, func(name string) (string, bool) { v, ok := args[name]; return v, ok })
}

// expand is Expand with the values given by arg.
func expand(format string, arg func(name string) (string, bool)) string {
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
		if !isName(name) {
			// A literal brace ("a { opened here"), not a placeholder.
			b.WriteString(format[:i+1])
			format = format[i+1:]
			continue
		}
		b.WriteString(format[:i])
		if v, ok := arg(name); ok {
			b.WriteString(v)
		} else {
			b.WriteString(format[i : i+j+1])
		}
		format = format[i+j+1:]
	}
	return b.String()
}

// isName reports a placeholder name: lowercase letters, digits, "-", "_".
func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
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
		if name := format[i+1 : i+j]; isName(name) {
			names = append(names, name)
			format = format[i+j+1:]
		} else {
			format = format[i+1:]
		}
	}
	sort.Strings(names)
	return names
}

// Keys returns every key of the English catalog, sorted.
func Keys() []string {
	en := english()
	keys := make([]string, 0, len(en))
	for k := range en {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Catalog returns the catalog of lang (nil for an unknown language).
func Catalog(lang string) map[string]string {
	if load, ok := catalogs[lang]; ok {
		return load()
	}
	return nil
}

// Has reports whether the catalog has key.
func Has(key string) bool {
	_, ok := english()[key]
	return ok
}

// Lookup returns the English text stored under key, unexpanded.
func Lookup(key string) (string, bool) {
	s, ok := english()[key]
	return s, ok
}
