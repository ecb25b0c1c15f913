package record

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"agreements/internal/diag"
)

// Position returns where the value at JSON pointer ptr was written. With
// key set, it returns the position of the mapping key that names the value
// instead (where an unknown property should be pointed at). When the
// pointer leads nowhere, it returns the position of the deepest value found
// on the way, so a message always lands near its cause.
func (d *Document) Position(ptr string, key bool) (line, col int) {
	if d == nil || d.root == nil {
		return 0, 0
	}
	n, k := d.root, (*yaml.Node)(nil)
	if ptr != "" {
		for _, seg := range strings.Split(ptr[1:], "/") {
			next, nextKey := child(n, diag.UnescapePointer(seg))
			if next == nil {
				k = nil
				break
			}
			n, k = next, nextKey
		}
	}
	if key && k != nil {
		return k.Line, k.Column
	}
	return n.Line, n.Column
}

// child returns the value node under n named by one pointer token, and its
// key node for a mapping. The first of duplicate keys wins, as in Parse.
func child(n *yaml.Node, tok string) (value, key *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == tok {
				return n.Content[i+1], k
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], nil
		}
	}
	return nil, nil
}
