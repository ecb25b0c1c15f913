// Package recdiff compares two versions of a record, field by field, in
// the terms a reviewer reads: "status: proposed → in-force", "title.pt:
// added". It works on the JSON values the loader produces and knows nothing
// of files or git.
package recdiff

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"

	"agreements/internal/diag"
)

// Kind says what happened to a field.
type Kind string

// The kinds of field change.
const (
	Added   Kind = "added"
	Removed Kind = "removed"
	Changed Kind = "changed"
)

// Field is one field that differs.
type Field struct {
	// Pointer is the field's JSON pointer; Path, the same as people read
	// it (contributions[0].type).
	Pointer string `json:"pointer"`
	Path    string `json:"path"`
	Kind    Kind   `json:"kind"`
	// Old and New render the values as JSON ("" where absent).
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
}

// Compare returns the fields that differ between old and new, in the order
// of their pointers. Mappings are compared key by key; lists of plain
// values are compared whole, since an item's position means little there;
// lists of mappings item by item, where items added or removed at one
// place (a source appended, a contribution dropped) are reported as such
// and the others in place; any other change of a list, whole.
func Compare(old, new any) []Field {
	var out []Field
	compare("", old, new, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

func compare(ptr string, old, new any, out *[]Field) {
	if reflect.DeepEqual(old, new) {
		return
	}
	om, oIsMap := old.(map[string]any)
	nm, nIsMap := new.(map[string]any)
	if oIsMap && nIsMap {
		keys := map[string]bool{}
		for k := range om {
			keys[k] = true
		}
		for k := range nm {
			keys[k] = true
		}
		for k := range keys {
			child := ptr + "/" + diag.EscapePointer(k)
			ov, inOld := om[k]
			nv, inNew := nm[k]
			switch {
			case !inOld:
				*out = append(*out, field(child, Added, nil, nv, false, true))
			case !inNew:
				*out = append(*out, field(child, Removed, ov, nil, true, false))
			default:
				compare(child, ov, nv, out)
			}
		}
		return
	}
	ol, oIsList := old.([]any)
	nl, nIsList := new.([]any)
	if oIsList && nIsList && !allScalars(ol) && !allScalars(nl) {
		// Items equal at both ends are the same items; what lies between
		// was added, removed, or (as many on each side) changed in place.
		pre := 0
		for pre < len(ol) && pre < len(nl) && reflect.DeepEqual(ol[pre], nl[pre]) {
			pre++
		}
		suf := 0
		for suf < len(ol)-pre && suf < len(nl)-pre && reflect.DeepEqual(ol[len(ol)-1-suf], nl[len(nl)-1-suf]) {
			suf++
		}
		oldMid, newMid := ol[pre:len(ol)-suf], nl[pre:len(nl)-suf]
		switch {
		case len(oldMid) == len(newMid):
			for i := range oldMid {
				compare(ptr+"/"+strconv.Itoa(pre+i), oldMid[i], newMid[i], out)
			}
			return
		case len(oldMid) == 0:
			for i, v := range newMid {
				*out = append(*out, field(ptr+"/"+strconv.Itoa(pre+i), Added, nil, v, false, true))
			}
			return
		case len(newMid) == 0:
			for i, v := range oldMid {
				*out = append(*out, field(ptr+"/"+strconv.Itoa(pre+i), Removed, v, nil, true, false))
			}
			return
		}
	}
	*out = append(*out, field(ptr, Changed, old, new, true, true))
}

func allScalars(list []any) bool {
	for _, v := range list {
		switch v.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

func field(ptr string, k Kind, old, new any, hasOld, hasNew bool) Field {
	f := Field{Pointer: ptr, Path: diag.FieldPath(ptr), Kind: k}
	if hasOld {
		f.Old = render(old)
	}
	if hasNew {
		f.New = render(new)
	}
	return f
}

// render writes a value as compact JSON, keys sorted, so that the same
// change always reads the same.
func render(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}
