package schema

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/suggest"
)

// Rule ids of the schema layer: one per keyword that can fail, so that a
// reviewer can tell an unknown property from a bad value at a glance.
const (
	RuleRequired      = "schema.required"
	RuleAdditional    = "schema.additional-properties"
	RuleEnum          = "schema.enum"
	RuleConst         = "schema.const"
	RuleType          = "schema.type"
	RulePattern       = "schema.pattern"
	RuleFormat        = "schema.format"
	RuleMinItems      = "schema.min-items"
	RuleMaxItems      = "schema.max-items"
	RuleUniqueItems   = "schema.unique-items"
	RuleMinLength     = "schema.min-length"
	RuleMaxLength     = "schema.max-length"
	RuleMinProperties = "schema.min-properties"
	RuleMaxProperties = "schema.max-properties"
	RuleContains      = "schema.contains"
	RuleOther         = "schema.other"
)

// Rules lists the rules of the schema layer: errors, save the warning on
// a deprecated field.
var Rules = []diag.Rule{
	{ID: RuleRequired}, {ID: RuleAdditional}, {ID: RuleEnum}, {ID: RuleConst}, {ID: RuleType},
	{ID: RulePattern}, {ID: RuleFormat}, {ID: RuleMinItems}, {ID: RuleMaxItems},
	{ID: RuleUniqueItems}, {ID: RuleMinLength}, {ID: RuleMaxLength}, {ID: RuleMinProperties},
	{ID: RuleMaxProperties}, {ID: RuleContains}, {ID: RuleOther},
	{ID: RuleDeprecated, Severity: diag.Warning},
}

func msgOther(detail string) message.Text { return message.New(RuleOther, "detail", detail) }

// explainer turns the tree of a failed validation into diagnostics.
type explainer struct {
	set   *Compiled
	doc   *record.Document
	diags []diag.Diagnostic
}

// walk visits the leaves of the error tree: the keywords that failed.
// minContains is a leaf although it has causes: its causes are the items
// that did not match, which are not errors themselves.
func (e *explainer) walk(ve *jsonschema.ValidationError) {
	if len(ve.Causes) == 0 || keyword(ve.KeywordLocation) == "minContains" {
		e.leaf(ve)
		return
	}
	for _, c := range ve.Causes {
		e.walk(c)
	}
}

func keyword(loc string) string {
	if i := strings.LastIndexByte(loc, '/'); i >= 0 {
		return loc[i+1:]
	}
	return ""
}

// schemaAt returns the subschema (a JSON object) that holds the failed
// keyword, read from the raw schema document.
func (e *explainer) schemaAt(abs string) map[string]any {
	url, frag, _ := strings.Cut(abs, "#")
	if i := strings.LastIndexByte(frag, '/'); i >= 0 {
		frag = frag[:i]
	}
	v, _ := lookup(e.set.raw[url], frag)
	m, _ := v.(map[string]any)
	return m
}

func (e *explainer) add(ptr string, key bool, rule string, msg, hint message.Text) {
	line, col := e.doc.Position(ptr, key)
	e.diags = append(e.diags, diag.Diagnostic{
		File: e.doc.File, Line: line, Column: col, Rule: rule, Pointer: ptr, Message: msg, Hint: hint,
	})
}

func (e *explainer) leaf(ve *jsonschema.ValidationError) {
	ptr := ve.InstanceLocation
	inst, _ := lookup(any(e.doc.Value()), ptr)
	sch := e.schemaAt(ve.AbsoluteKeywordLocation)
	none := message.Text{}
	switch kw := keyword(ve.KeywordLocation); kw {
	case "required":
		obj, _ := inst.(map[string]any)
		for _, name := range strs(sch["required"]) {
			if _, ok := obj[name]; !ok {
				hint := none
				if ptr == "" && name == "schema_version" {
					// A record from before format 2.0.0.
					hint = message.New("hint.migrate")
				}
				e.add(ptr, false, RuleRequired, message.New(RuleRequired, "name", strconv.Quote(name)), hint)
			}
		}
	case "additionalProperties":
		obj, _ := inst.(map[string]any)
		props, _ := sch["properties"].(map[string]any)
		allowed := slices.Sorted(maps.Keys(props))
		for _, name := range slices.Sorted(maps.Keys(obj)) {
			if _, ok := props[name]; ok {
				continue
			}
			hint := message.New("hint.allowed", "allowed", strings.Join(allowed, ", "))
			if near, ok := suggest.Nearest(name, allowed); ok {
				hint = didYouMean(near)
			}
			e.add(ptr+"/"+diag.EscapePointer(name), true, RuleAdditional,
				message.New(RuleAdditional, "name", strconv.Quote(name)), hint)
		}
	case "enum":
		allowed := strs(sch["enum"])
		hint := none
		if s, ok := inst.(string); ok {
			if near, ok := suggest.Nearest(s, allowed); ok {
				hint = didYouMean(near)
			} else if meanings := enumMeanings(sch, allowed); meanings != "" {
				// A value written in words ("se adhirió") is nearest to
				// no code: say what each code means, in the reader's
				// language.
				hint = message.New("hint.enum-meanings", "meanings", meanings)
			}
		}
		e.add(ptr, false, RuleEnum, message.New(RuleEnum, "value", show(inst),
			"allowed", strings.Join(allowed, ", ")), hint)
	case "const":
		e.add(ptr, false, RuleConst, message.New(RuleConst, "value", show(inst),
			"expected", show(sch["const"])), none)
	case "type":
		want := typeWords(sch["type"])
		wantsString := sch["type"] == "string" || slices.Contains(strs(sch["type"]), "string")
		hint := none
		if n, ok := inst.(json.Number); ok && wantsString {
			hint = message.New("hint.quote", "value", strconv.Quote(string(n)))
		} else if b, ok := inst.(bool); ok && wantsString {
			hint = message.New("hint.quote", "value", strconv.Quote(strconv.FormatBool(b)))
		}
		e.add(ptr, false, RuleType, message.New(RuleType, "expected", want, "found", typeWord(inst)), hint)
	case "pattern":
		s, _ := inst.(string)
		pattern, _ := sch["pattern"].(string)
		msg := message.New("schema.pattern.raw", "value", strconv.Quote(s), "pattern", pattern)
		exp, ok := sch["x-expected-"+message.Language()].(string)
		if !ok {
			exp, ok = sch["x-expected"].(string)
		}
		if ok {
			msg = message.New(RulePattern, "value", strconv.Quote(s), "expected", exp)
		}
		hint := none
		if fix, ok := patternFix(s, pattern); ok {
			hint = didYouMean(fix)
		}
		e.add(ptr, false, RulePattern, msg, hint)
	case "format":
		format, _ := sch["format"].(string)
		key := "schema.format." + format
		if !message.Has(key) {
			key = RuleFormat
		}
		e.add(ptr, false, RuleFormat, message.New(key, "value", show(inst), "format", format), none)
	case "minItems", "maxItems":
		list, _ := inst.([]any)
		rule, key := RuleMinItems, RuleMinItems
		limit := num(sch["minItems"])
		if limit == "1" {
			key = "schema.min-items.one"
		}
		if kw == "maxItems" {
			rule, key, limit = RuleMaxItems, RuleMaxItems, num(sch["maxItems"])
		}
		e.add(ptr, false, rule, message.New(key, "limit", limit, "found", strconv.Itoa(len(list))), none)
	case "uniqueItems":
		list, _ := inst.([]any)
		for j := range list {
			for i := 0; i < j; i++ {
				if reflect.DeepEqual(list[i], list[j]) {
					e.add(ptr+"/"+strconv.Itoa(j), false, RuleUniqueItems, message.New(RuleUniqueItems,
						"value", show(list[j]), "first", strconv.Itoa(i+1)), none)
					break
				}
			}
		}
	case "minLength":
		s, _ := inst.(string)
		if s == "" {
			e.add(ptr, false, RuleMinLength, message.New("schema.min-length.empty"), none)
		} else {
			e.add(ptr, false, RuleMinLength, message.New(RuleMinLength, "limit", num(sch["minLength"]),
				"found", strconv.Itoa(utf8.RuneCountInString(s))), none)
		}
	case "maxLength":
		s, _ := inst.(string)
		e.add(ptr, false, RuleMaxLength, message.New(RuleMaxLength, "limit", num(sch["maxLength"]),
			"found", strconv.Itoa(utf8.RuneCountInString(s))), none)
	case "minProperties":
		props, _ := sch["properties"].(map[string]any)
		e.add(ptr, false, RuleMinProperties, message.New(RuleMinProperties, "limit", num(sch["minProperties"]),
			"allowed", strings.Join(slices.Sorted(maps.Keys(props)), ", ")), none)
	case "maxProperties":
		e.add(ptr, false, RuleMaxProperties, message.New(RuleMaxProperties, "limit", num(sch["maxProperties"])), none)
	case "minContains", "contains":
		contains, _ := sch["contains"].(map[string]any)
		if c, ok := contains["const"]; ok {
			e.add(ptr, false, RuleContains, message.New(RuleContains, "value", show(c)), none)
		} else {
			e.add(ptr, false, RuleContains, message.New("schema.contains.any"), none)
		}
	default:
		e.add(ptr, false, RuleOther, msgOther(ve.Message), none)
	}
}

// enumMeanings lists each allowed value with its description in the
// message language (the schema's enumDescriptions, or its
// x-enumDescriptions-pt and -en), or "" when the schema gives none.
func enumMeanings(sch map[string]any, allowed []string) string {
	key := "enumDescriptions"
	if lang := message.Language(); lang != "es" {
		key = "x-enumDescriptions-" + lang
	}
	descs := strs(sch[key])
	if len(descs) != len(allowed) {
		return ""
	}
	parts := make([]string, len(allowed))
	for i, v := range allowed {
		parts[i] = v + ": " + strings.TrimSuffix(descs[i], ".")
	}
	return strings.Join(parts, "; ")
}

func didYouMean(s string) message.Text {
	return message.New("hint.did-you-mean", "value", strconv.Quote(s))
}

// patternFix tries the repairs that usually explain a value of the wrong
// form (capitals in an id, lowercase in a country code, a country's name
// for its code, a date without leading zeros or written day first, a URL
// without its scheme) and returns the first that fits.
func patternFix(s, pattern string) (string, bool) {
	re, err := regexp.Compile(pattern)
	if err != nil || s == "" {
		return "", false
	}
	trimmed := strings.TrimSpace(s)
	candidates := []string{trimmed, qualifiedDate(trimmed), strings.ToUpper(trimmed), suggest.Slug(trimmed, len(trimmed)), padDate(trimmed), isoDate(trimmed), suggest.CountryCode(trimmed)}
	// An id pasted as its register's address, or a Wikidata item
	// without its Q.
	if i := strings.LastIndex(strings.TrimRight(trimmed, "/"), "/"); i >= 0 && strings.Contains(trimmed, "://") {
		candidates = append(candidates, strings.TrimRight(trimmed, "/")[i+1:])
	}
	if trimmed != "" && strings.Trim(trimmed, "0123456789") == "" {
		candidates = append(candidates, "Q"+trimmed)
	}
	if strings.HasPrefix(trimmed, "http://") {
		candidates = append(candidates, "https://"+strings.TrimPrefix(trimmed, "http://"))
	} else if scheme, _, ok := strings.Cut(trimmed, ":"); !ok || strings.ContainsAny(scheme, "/.") {
		// No scheme at all ("www.example.org/a"): the usual slip. A value
		// with another scheme (javascript:, mailto:) gets no suggestion.
		candidates = append(candidates, "https://"+trimmed)
	}
	// A URL pasted with spaces or accented letters: the same, percent-encoded.
	for _, c := range slices.Clone(candidates) {
		if strings.HasPrefix(c, "http") {
			candidates = append(candidates, percentEncode(c))
		}
	}
	for _, c := range candidates {
		if c != "" && c != s && re.MatchString(c) {
			return c, true
		}
	}
	return "", false
}

// percentEncode writes, as %XX, every byte of u that RFC 3986 does not allow
// as it stands: spaces, non-ASCII letters, a % that starts no escape, a
// second #.
func percentEncode(u string) string {
	const allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?"
	isHex := func(b byte) bool { return strings.IndexByte("0123456789ABCDEFabcdef", b) >= 0 }
	var b strings.Builder
	fragment := false
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case strings.IndexByte(allowed, c) >= 0:
			b.WriteByte(c)
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			b.WriteByte(c)
		case c == '#' && !fragment:
			fragment = true
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

var looseDate = regexp.MustCompile(`^([0-9]{4})[-/.]([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?$`)

// padDate turns 2004-4-1 or 2004/04/01 into 2004-04-01.
func padDate(s string) string {
	m := looseDate.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	out := m[1] + "-" + pad2(m[2])
	if m[3] != "" {
		out += "-" + pad2(m[3])
	}
	return out
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// show renders a value from a record for a message: strings quoted, other
// values as JSON would write them.
func show(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case nil:
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

func typeWord(v any) string {
	switch v.(type) {
	case nil:
		return message.New("type.null").String()
	case string:
		return message.New("type.string").String()
	case bool:
		return message.New("type.boolean").String()
	case json.Number, float64:
		return message.New("type.number").String()
	case []any:
		return message.New("type.array").String()
	case map[string]any:
		return message.New("type.object").String()
	}
	return "?"
}

// typeWords renders a schema's "type" (a name or a list of names) in words.
func typeWords(t any) string {
	names := strs(t)
	if s, ok := t.(string); ok {
		names = []string{s}
	}
	words := make([]string, len(names))
	for i, name := range names {
		words[i] = message.New("type." + name).String()
	}
	return strings.Join(words, " or ")
}

// dropShadowedFormats removes a format error on a value that also has a
// pattern error: the pattern's message says what form is expected, and a
// second message about the same value would only repeat it.
func dropShadowedFormats(ds []diag.Diagnostic) []diag.Diagnostic {
	patterned := map[string]bool{}
	for _, d := range ds {
		if d.Rule == RulePattern {
			patterned[d.Pointer] = true
		}
	}
	out := ds[:0]
	for _, d := range ds {
		if d.Rule != RuleFormat || !patterned[d.Pointer] {
			out = append(out, d)
		}
	}
	return out
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func num(v any) string {
	if n, ok := v.(json.Number); ok {
		return string(n)
	}
	return show(v)
}
