package schema

import (
	"math/big"
	"regexp"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"agreements/internal/record"
)

// quick is a compiled schema reduced to the keywords the registry's
// schemas use, evaluated for a yes or a "look closer" and nothing else.
//
// The library evaluates every keyword of every subschema with the
// bookkeeping it needs to explain a failure (a set of unevaluated
// properties per object, keyword locations as strings), which is much
// of validate's time for records that almost always pass
// (BenchmarkValidate measures it). So a record is first run through its
// quick schema;
// if that passes, the record is valid, and the library is asked only
// about the others, to find and explain what is wrong.
//
// A quick schema is built from the library's compiled schema, not from
// the JSON, so that $ref resolution, patterns and formats are exactly the
// library's. It must never pass what the library fails: it gives up on
// anything it does not model, at compile time (a keyword outside the set
// below: the whole schema then has no quick form) or at run time (a value
// it cannot judge, such as a uniqueItems array of objects, is not passed,
// and the library decides). TestQuickAgrees and FuzzValidate hold it to
// the library.
type quick struct {
	always   *bool // a boolean schema
	types    typeSet
	ref      *quick
	constant *scalar
	enum     []scalar
	format   func(any) bool

	minProps, maxProps int // -1 when absent
	required           []string
	properties         map[string]*quick
	additional         *quick // nil: any other property is allowed

	minItems, maxItems       int // -1 when absent
	unique                   bool
	items                    *quick
	contains                 *quick
	minContains, maxContains int

	minLength, maxLength int // -1 when absent
	pattern              *regexp.Regexp

	// allOf must all pass. Of if/then/else, both branches must pass,
	// whatever if says: a value that passes them passes the library
	// whichever applies, and any other is left to the library.
	allOf     []*quick
	then, els *quick
}

// typeSet is a set of JSON Schema types, one bit each; zero is any type.
type typeSet uint8

const (
	typeNull typeSet = 1 << iota
	typeBoolean
	typeNumber
	typeInteger
	typeString
	typeArray
	typeObject
)

var typeNames = map[string]typeSet{"null": typeNull, "boolean": typeBoolean, "number": typeNumber,
	"integer": typeInteger, "string": typeString, "array": typeArray, "object": typeObject}

// scalar is a const or enum value the quick schema can compare: a string,
// a boolean or null (numbers, arrays and objects are left to the library).
type scalar struct{ v any }

func (s scalar) equals(n record.Node) bool {
	switch x := s.v.(type) {
	case string:
		return n.Type() == record.String && n.Text() == x
	case bool:
		return n.Type() == record.Bool && n.Bool() == x
	case nil:
		return n.Type() == record.Null
	}
	return false
}

// maxQuickDepth bounds the nesting of a quick evaluation: records are at
// most record.MaxDepth deep, so only a $ref cycle that never moves into
// the value goes past it (the library reports that one).
const maxQuickDepth = 512

// compileQuick returns the quick form of a compiled schema, or nil when it
// uses a keyword the quick form does not model. formats are the compiler's
// own formats, looked up before the library's as the compiler does.
func compileQuick(s *jsonschema.Schema, formats map[string]func(any) bool) *quick {
	seen := map[*jsonschema.Schema]*quick{}
	var build func(s *jsonschema.Schema) *quick
	build = func(s *jsonschema.Schema) *quick {
		if s == nil {
			return nil
		}
		if q, ok := seen[s]; ok {
			return q
		}
		if !quickable(s) {
			return nil
		}
		q := &quick{always: s.Always, minProps: s.MinProperties, maxProps: s.MaxProperties,
			required: s.Required, minItems: s.MinItems, maxItems: s.MaxItems, unique: s.UniqueItems,
			minContains: s.MinContains, maxContains: s.MaxContains,
			minLength: s.MinLength, maxLength: s.MaxLength, pattern: s.Pattern}
		seen[s] = q
		for _, t := range s.Types {
			bit, ok := typeNames[t]
			if !ok {
				return nil
			}
			q.types |= bit
		}
		if len(s.Constant) > 0 {
			c, ok := toScalar(s.Constant[0])
			if !ok {
				return nil
			}
			q.constant = &c
		}
		for _, e := range s.Enum {
			c, ok := toScalar(e)
			if !ok {
				return nil
			}
			q.enum = append(q.enum, c)
		}
		if s.Format != "" {
			// The compiler asserts formats (AssertFormat): its own first,
			// then the library's; a name neither knows asserts nothing.
			if f, ok := formats[s.Format]; ok {
				q.format = f
			} else if f, ok := jsonschema.Formats[s.Format]; ok {
				q.format = f
			}
		}
		sub := func(s *jsonschema.Schema) (*quick, bool) {
			if s == nil {
				return nil, true
			}
			q := build(s)
			return q, q != nil
		}
		var ok bool
		if q.ref, ok = sub(s.Ref); !ok {
			return nil
		}
		if q.items, ok = sub(s.Items2020); !ok {
			return nil
		}
		if q.contains, ok = sub(s.Contains); !ok {
			return nil
		}
		for _, a := range s.AllOf {
			qa, ok := sub(a)
			if !ok {
				return nil
			}
			q.allOf = append(q.allOf, qa)
		}
		if s.If != nil {
			// if itself is never evaluated here, so it needs no quick
			// form; the branches do.
			if q.then, ok = sub(s.Then); !ok {
				return nil
			}
			if q.els, ok = sub(s.Else); !ok {
				return nil
			}
		}
		if len(s.Properties) > 0 {
			q.properties = make(map[string]*quick, len(s.Properties))
			for name, ps := range s.Properties {
				if q.properties[name], ok = sub(ps); !ok {
					return nil
				}
			}
		}
		switch a := s.AdditionalProperties.(type) {
		case nil:
		case bool:
			if !a {
				no := false
				q.additional = &quick{always: &no}
			}
		case *jsonschema.Schema:
			if q.additional, ok = sub(a); !ok {
				return nil
			}
		default:
			return nil
		}
		return q
	}
	// A subschema without a quick form makes every schema above it fail
	// to build, up to this one: a half-built node left in seen is never
	// returned.
	return build(s)
}

// quickable reports whether s uses only keywords the quick form models
// (annotations aside).
func quickable(s *jsonschema.Schema) bool {
	return !s.RecursiveAnchor && s.RecursiveRef == nil && s.DynamicAnchor == "" && s.DynamicRef == nil &&
		s.Not == nil && len(s.AnyOf) == 0 && len(s.OneOf) == 0 &&
		s.PropertyNames == nil && !s.RegexProperties && len(s.PatternProperties) == 0 &&
		len(s.Dependencies) == 0 && len(s.DependentRequired) == 0 && len(s.DependentSchemas) == 0 &&
		s.UnevaluatedProperties == nil && s.Items == nil && s.AdditionalItems == nil &&
		len(s.PrefixItems) == 0 && s.UnevaluatedItems == nil &&
		s.ContentEncoding == "" && s.ContentMediaType == "" && s.ContentSchema == nil &&
		s.Minimum == nil && s.ExclusiveMinimum == nil && s.Maximum == nil && s.ExclusiveMaximum == nil &&
		s.MultipleOf == nil && len(s.Extensions) == 0
}

func toScalar(v any) (scalar, bool) {
	switch v.(type) {
	case string, bool, nil:
		return scalar{v}, true
	}
	return scalar{}, false
}

// passes reports whether n is valid against q for certain; false means
// that it is not, or that the library must decide. It reads the record's
// nodes, so that a valid record's value is never built.
func (q *quick) passes(n record.Node, depth int) bool {
	if depth > maxQuickDepth {
		return false
	}
	if q.always != nil {
		return *q.always
	}
	typ := n.Type()
	if q.types != 0 && !q.types.has(n) {
		return false
	}
	if q.constant != nil && !q.constant.equals(n) {
		return false
	}
	if q.enum != nil {
		found := false
		for _, e := range q.enum {
			if e.equals(n) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if q.format != nil && !q.format(n.Value()) {
		return false
	}
	for _, a := range q.allOf {
		if !a.passes(n, depth+1) {
			return false
		}
	}
	if q.then != nil && !q.then.passes(n, depth+1) || q.els != nil && !q.els.passes(n, depth+1) {
		return false
	}
	switch typ {
	case record.Object:
		if q.minProps >= 0 || q.maxProps >= 0 {
			count := n.Len()
			if q.minProps >= 0 && count < q.minProps || q.maxProps >= 0 && count > q.maxProps {
				return false
			}
		}
		for _, name := range q.required {
			if _, ok := n.Get(name); !ok {
				return false
			}
		}
		for name, v := range n.Members() {
			if p, ok := q.properties[name]; ok {
				if !p.passes(v, depth+1) {
					return false
				}
			} else if q.additional != nil && !q.additional.passes(v, depth+1) {
				return false
			}
		}
	case record.Array:
		count := n.Len()
		if q.minItems >= 0 && count < q.minItems || q.maxItems >= 0 && count > q.maxItems {
			return false
		}
		if q.unique && !uniqueStrings(n) {
			return false
		}
		if q.items != nil {
			for _, item := range n.Items() {
				if !q.items.passes(item, depth+1) {
					return false
				}
			}
		}
		if q.contains != nil && (q.minContains != -1 || q.maxContains != -1) {
			matched := 0
			for _, item := range n.Items() {
				if q.contains.passes(item, depth+1) {
					matched++
				}
			}
			// An item the quick form did not pass may still match for the
			// library; that can only raise the count, so a count that is
			// too low is left to the library, and one that may be too
			// high is too.
			if q.minContains != -1 && matched < q.minContains || q.maxContains != -1 {
				return false
			}
		}
	case record.String:
		x := n.Text()
		// A string of n bytes holds n/4 to n characters: counting them is
		// needed only when that range crosses a bound.
		if q.minLength > len(x)/4 || q.maxLength >= 0 && q.maxLength < len(x) {
			count := utf8.RuneCountInString(x)
			if q.minLength >= 0 && count < q.minLength || q.maxLength >= 0 && count > q.maxLength {
				return false
			}
		}
		if q.pattern != nil && !q.pattern.MatchString(x) {
			return false
		}
	}
	if q.ref != nil && !q.ref.passes(n, depth+1) {
		return false
	}
	return true
}

// has reports whether n's JSON type is in the set, as the library decides
// it (an integer is a number with no fractional part, 1.0 included).
func (t typeSet) has(n record.Node) bool {
	switch n.Type() {
	case record.Null:
		return t&typeNull != 0
	case record.Bool:
		return t&typeBoolean != 0
	case record.String:
		return t&typeString != 0
	case record.Array:
		return t&typeArray != 0
	case record.Object:
		return t&typeObject != 0
	case record.Number:
		if t&typeNumber != 0 {
			return true
		}
		if t&typeInteger != 0 {
			r, ok := new(big.Rat).SetString(n.Text())
			return ok && r.IsInt()
		}
	}
	return false
}

// uniqueStrings reports whether list holds only strings, none twice.
// Anything else is for the library to compare.
func uniqueStrings(list record.Node) bool {
	if list.Len() <= 16 {
		for i, a := range list.Items() {
			if a.Type() != record.String {
				return false
			}
			for j := range i {
				if a.Text() == list.Item(j).Text() {
					return false
				}
			}
		}
		return true
	}
	seen := make(map[string]struct{}, list.Len())
	for _, a := range list.Items() {
		if a.Type() != record.String {
			return false
		}
		if _, dup := seen[a.Text()]; dup {
			return false
		}
		seen[a.Text()] = struct{}{}
	}
	return true
}
