package schema

import (
	"sort"
	"strconv"
	"strings"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
)

// RuleDeprecated warns where a record uses a field its schema marks
// "deprecated": true: the field is to go in a later major version of the
// format (docs/format.md).
const RuleDeprecated = "schema.deprecated"

// deprecatedFields lists the fields a schema marks deprecated, as JSON
// pointers from the record's root with "*" for any item of a list:
// "/sources/*/note". It follows local $refs, and stops at a depth no
// record reaches.
func deprecatedFields(root map[string]any) []string {
	var out []string
	var walk func(sch map[string]any, ptr string, depth int)
	walk = func(sch map[string]any, ptr string, depth int) {
		if depth > 8 {
			return
		}
		sch = resolveRef(root, sch)
		if props, ok := sch["properties"].(map[string]any); ok {
			for name, p := range props {
				prop, _ := p.(map[string]any)
				at := ptr + "/" + diag.EscapePointer(name)
				if d, _ := prop["deprecated"].(bool); d || isDeprecated(resolveRef(root, prop)) {
					out = append(out, at)
				}
				walk(prop, at, depth+1)
			}
		}
		if items, ok := sch["items"].(map[string]any); ok {
			walk(items, ptr+"/*", depth+1)
		}
	}
	walk(root, "", 0)
	sort.Strings(out)
	return out
}

func isDeprecated(sch map[string]any) bool {
	d, _ := sch["deprecated"].(bool)
	return d
}

// resolveRef follows a local $ref ("#/$defs/x") in root.
func resolveRef(root, sch map[string]any) map[string]any {
	for range 8 {
		ref, _ := sch["$ref"].(string)
		if !strings.HasPrefix(ref, "#/") {
			return sch
		}
		v, ok := lookup(any(root), ref[1:])
		target, _ := v.(map[string]any)
		if !ok || target == nil {
			return sch
		}
		sch = target
	}
	return sch
}

// deprecatedUses reports each use in doc of a field in fields.
func deprecatedUses(doc *record.Document, fields []string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, f := range fields {
		for _, ptr := range matches(doc.Root(), strings.Split(f, "/")[1:], "") {
			line, col := doc.Position(ptr, true)
			out = append(out, diag.Diagnostic{File: doc.File, Line: line, Column: col, Severity: diag.Warning,
				Rule: RuleDeprecated, Pointer: ptr, Message: message.New(RuleDeprecated), Hint: message.New("hint.deprecated")})
		}
	}
	return out
}

// matches returns the pointers of the values at path ("*" for any item of
// a list) below n, which is at ptr.
func matches(n record.Node, path []string, ptr string) []string {
	if len(path) == 0 {
		return []string{ptr}
	}
	var out []string
	switch n.Type() {
	case record.Object:
		if c, ok := n.Get(diag.UnescapePointer(path[0])); ok && path[0] != "*" {
			out = append(out, matches(c, path[1:], ptr+"/"+path[0])...)
		}
	case record.Array:
		if path[0] == "*" {
			for i, c := range n.Items() {
				out = append(out, matches(c, path[1:], ptr+"/"+strconv.Itoa(i))...)
			}
		}
	}
	return out
}
