package record

import (
	"encoding/json"
	"iter"

	"gopkg.in/yaml.v3"
)

// Type is the JSON type of a record's value.
type Type uint8

// The JSON types.
const (
	Null Type = iota
	Bool
	Number
	String
	Array
	Object
)

// Node is one value of a parsed record, read where YAML wrote it: what the
// Document's value holds at that place, without building it. Members and
// items the loader refused read as Document.Value has them: a refused
// member is absent, a refused value or item is null.
type Node struct {
	n       *yaml.Node // nil: a refused value, null
	dropped map[*yaml.Node]bool
}

// Root returns the record's top-level mapping.
func (d *Document) Root() Node { return Node{n: d.root, dropped: d.dropped} }

// Type returns the value's JSON type. A scalar's is its YAML tag's, which
// the loader has checked: !!null, !!bool, !!int and !!float; any other is
// text.
func (n Node) Type() Type {
	if n.n == nil {
		return Null
	}
	switch n.n.Kind {
	case yaml.MappingNode:
		return Object
	case yaml.SequenceNode:
		return Array
	case yaml.ScalarNode:
		switch n.n.Tag {
		case "!!null":
			return Null
		case "!!bool":
			return Bool
		case "!!int", "!!float":
			return Number
		}
		return String
	}
	return Null
}

// Text returns the text of a string, or a number as it was written; ""
// for any other value.
func (n Node) Text() string {
	if t := n.Type(); t == String || t == Number {
		return n.n.Value
	}
	return ""
}

// Bool returns the value of a boolean.
func (n Node) Bool() bool {
	if n.Type() != Bool {
		return false
	}
	v, _ := boolText(n.n.Value)
	return v
}

// boolText reads the texts of the YAML 1.2 core schema's booleans, which
// the loader lets a !!bool have.
func boolText(s string) (value, ok bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

// Line and Column return where the value was written (1-based; 0 for a
// refused value).
func (n Node) Line() int {
	if n.n == nil {
		return 0
	}
	return n.n.Line
}

// Column returns the column the value starts at, counted in characters.
func (n Node) Column() int {
	if n.n == nil {
		return 0
	}
	return n.n.Column
}

// Len returns the number of items of an array, or of members of an object.
func (n Node) Len() int {
	switch n.Type() {
	case Array:
		return len(n.n.Content)
	case Object:
		count := 0
		for i := 0; i+1 < len(n.n.Content); i += 2 {
			if !n.dropped[n.n.Content[i]] {
				count++
			}
		}
		return count
	}
	return 0
}

// Item returns the i-th item of an array.
func (n Node) Item(i int) Node {
	if n.Type() != Array || i < 0 || i >= len(n.n.Content) {
		return Node{}
	}
	return n.child(n.n.Content[i])
}

// Items returns the items of an array.
func (n Node) Items() iter.Seq2[int, Node] {
	return func(yield func(int, Node) bool) {
		if n.Type() != Array {
			return
		}
		for i, item := range n.n.Content {
			if !yield(i, n.child(item)) {
				return
			}
		}
	}
}

// Get returns the member of an object named name, and whether there is
// one.
func (n Node) Get(name string) (Node, bool) {
	if n.Type() != Object {
		return Node{}, false
	}
	c := n.n.Content
	for i := 0; i+1 < len(c); i += 2 {
		if c[i].Value == name && !n.dropped[c[i]] {
			return n.child(c[i+1]), true
		}
	}
	return Node{}, false
}

// Members returns the members of an object, in the order they were
// written.
func (n Node) Members() iter.Seq2[string, Node] {
	return func(yield func(string, Node) bool) {
		if n.Type() != Object {
			return
		}
		c := n.n.Content
		for i := 0; i+1 < len(c); i += 2 {
			if !n.dropped[c[i]] && !yield(c[i].Value, n.child(c[i+1])) {
				return
			}
		}
	}
}

// Value returns the value as JSON would hold it, as Document.Value does.
func (n Node) Value() any {
	switch n.Type() {
	case Object:
		m := make(map[string]any, len(n.n.Content)/2)
		for name, member := range n.Members() {
			m[name] = member.Value()
		}
		return m
	case Array:
		list := make([]any, 0, len(n.n.Content))
		for _, item := range n.Items() {
			list = append(list, item.Value())
		}
		return list
	case String:
		return n.n.Value
	case Number:
		return json.Number(n.n.Value)
	case Bool:
		return n.Bool()
	}
	return nil
}

func (n Node) child(c *yaml.Node) Node {
	if n.dropped[c] {
		return Node{dropped: n.dropped}
	}
	return Node{n: c, dropped: n.dropped}
}
