// Package format rewrites a record in its canonical form: keys in the
// order the schema lists them, two-space indentation, lists of plain
// values on one line and lists of mappings as blocks, dates double-quoted,
// LF line ends and a final newline. It keeps every comment and never
// changes a value; where yaml.v3's encoder would move or lose a comment,
// the record is left as it is and the reason is returned.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/schema"
)

// Formatter knows the key order of each kind of record.
type Formatter struct {
	roots map[record.Kind]*yaml.Node
}

// ErrUnsafe is returned (as an *UnsafeError, with the reason) when
// formatting would lose or move a comment or change a value; the file must
// be left as is.
var ErrUnsafe = errors.New("left as it is")

// UnsafeError says why a file is left as it is.
type UnsafeError struct{ Reason message.Text }

func (e *UnsafeError) Error() string { return e.Reason.String() }

// Is makes errors.Is(err, ErrUnsafe) true.
func (e *UnsafeError) Is(target error) bool { return target == ErrUnsafe }

func unsafe(key string, pairs ...string) error {
	return &UnsafeError{Reason: message.New(key, pairs...)}
}

// New reads the key order from the schemas in fsys's schema/ folder (JSON
// is YAML, and yaml.v3 keeps the order of keys).
func New(fsys fs.FS) (*Formatter, error) {
	f := &Formatter{roots: map[record.Kind]*yaml.Node{}}
	for kind, name := range map[record.Kind]string{record.Agreement: schema.AgreementFile, record.Organization: schema.OrganizationFile} {
		data, err := fs.ReadFile(fsys, path.Join(schema.Dir, name))
		if err != nil {
			return nil, err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("%s/%s: %v", schema.Dir, name, err)
		}
		f.roots[kind] = doc.Content[0]
	}
	return f, nil
}

// Format returns the canonical form of a record's text. The error wraps
// ErrUnsafe when the file must be left as it is, and says why.
func (f *Formatter) Format(kind record.Kind, data []byte) ([]byte, error) {
	before, ds := record.Parse("x.yaml", kind, data)
	if before == nil || len(ds) > 0 {
		return nil, unsafe("fmt.reason.problems")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, unsafe("fmt.reason.problems")
	}
	texts := CommentTexts(&doc)
	top := doc.Content[0]
	// A comment above the first key is the file's header (the modeline,
	// say): it stays at the top whatever key comes first.
	header := ""
	if len(top.Content) > 0 {
		header, top.Content[0].HeadComment = top.Content[0].HeadComment, ""
	}
	root := f.roots[kind]
	f.canon(top, root, root, "")
	if header != "" && len(top.Content) > 0 {
		top.Content[0].HeadComment = joinComments(header, top.Content[0].HeadComment)
	}
	want := comments(&doc)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, unsafe("fmt.reason.unparsable")
	}
	enc.Close()
	out := b.Bytes()
	// Check the result instead of trusting the encoder.
	var again yaml.Node
	if err := yaml.Unmarshal(out, &again); err != nil {
		return nil, unsafe("fmt.reason.unparsable")
	}
	if !reflect.DeepEqual(CommentTexts(&again), texts) {
		return nil, unsafe("fmt.reason.comment-dropped")
	}
	if got := comments(&again); !reflect.DeepEqual(got, want) {
		return nil, unsafe("fmt.reason.comment-moved", "where", firstDifference(want, got))
	}
	after, _ := record.Parse("x.yaml", kind, out)
	if after == nil || !reflect.DeepEqual(before.Value(), after.Value()) {
		return nil, unsafe("fmt.reason.value")
	}
	return out, nil
}

// canon puts n (an instance node described by schema node sch) in
// canonical order and style.
func (f *Formatter) canon(n, sch, root *yaml.Node, field string) {
	sch = resolve(sch, root)
	switch n.Kind {
	case yaml.MappingNode:
		n.Style = 0
		props := mapValue(sch, "properties")
		order := map[string]int{}
		if props != nil {
			for i := 0; i+1 < len(props.Content); i += 2 {
				order[props.Content[i].Value] = i / 2
			}
		}
		type pair struct{ k, v *yaml.Node }
		pairs := make([]pair, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			pairs = append(pairs, pair{n.Content[i], n.Content[i+1]})
		}
		sort.SliceStable(pairs, func(i, j int) bool {
			oi, iok := order[pairs[i].k.Value]
			oj, jok := order[pairs[j].k.Value]
			switch {
			case iok && jok:
				return oi < oj
			case iok != jok:
				return iok // known keys first; unknown keep their order
			}
			return false
		})
		n.Content = n.Content[:0]
		for _, p := range pairs {
			var child *yaml.Node
			if props != nil {
				child = mapValue(props, p.k.Value)
			}
			f.canon(p.v, child, root, p.k.Value)
			n.Content = append(n.Content, p.k, p.v)
		}
	case yaml.SequenceNode:
		items := mapValue(sch, "items")
		scalars := true
		for _, c := range n.Content {
			f.canon(c, items, root, field)
			if c.Kind != yaml.ScalarNode || c.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.ContainsAny(c.Value, "\n") {
				scalars = false
			}
		}
		if scalars && len(n.Content) > 0 && fitsOnOneLine(n) {
			n.Style = yaml.FlowStyle
		} else {
			n.Style = 0
		}
	case yaml.ScalarNode:
		// Dates and the format's version are quoted: unquoted, a reader
		// may take 2004 for a number.
		if (isDate(sch, root) || field == "schema_version") && n.Tag != "!!null" {
			n.Style = yaml.DoubleQuotedStyle
			n.Tag = "!!str"
		}
	}
}

// fitsOnOneLine reports whether a flow list stays short enough to read on one line.
func fitsOnOneLine(n *yaml.Node) bool {
	width := 0
	for _, it := range n.Content {
		width += len(it.Value) + 2
	}
	return width <= 80
}

// resolve follows a local $ref ("#/$defs/x") in the schema.
func resolve(sch, root *yaml.Node) *yaml.Node {
	for i := 0; sch != nil && i < 8; i++ {
		ref := mapValue(sch, "$ref")
		if ref == nil || !strings.HasPrefix(ref.Value, "#/") {
			return sch
		}
		target := root
		for _, tok := range strings.Split(ref.Value[2:], "/") {
			if target = mapValue(target, tok); target == nil {
				return sch
			}
		}
		// Keep the referring node's own keys visible too: a description
		// beside $ref, say; properties come from the target.
		sch = target
	}
	return sch
}

// isDate reports a schema of a partial date.
func isDate(sch, root *yaml.Node) bool {
	s := resolve(sch, root)
	f := mapValue(s, "format")
	return f != nil && f.Value == "partial-date"
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// comments lists every comment with the path of the node it belongs to,
// sorted, so that two versions of a record can be compared.
func comments(doc *yaml.Node) []string {
	var out []string
	var walk func(n *yaml.Node, p string)
	add := func(p, where, text string) {
		if text != "" {
			out = append(out, p+" "+where+" "+text)
		}
	}
	walk = func(n *yaml.Node, p string) {
		add(p, "head", n.HeadComment)
		add(p, "line", n.LineComment)
		add(p, "foot", n.FootComment)
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				add(p+"/"+k.Value, "key-head", k.HeadComment)
				add(p+"/"+k.Value, "key-line", k.LineComment)
				add(p+"/"+k.Value, "key-foot", k.FootComment)
				walk(n.Content[i+1], p+"/"+k.Value)
			}
		default:
			for i, c := range n.Content {
				walk(c, p+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "")
	sort.Strings(out)
	return out
}

func joinComments(a, b string) string {
	if b == "" {
		return a
	}
	return a + "\n" + b
}

// CommentTexts lists every comment line of a YAML tree, sorted, wherever
// it is attached: two versions of a record hold the same comments when
// their lists are equal.
func CommentTexts(doc *yaml.Node) []string {
	var out []string
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, line := range strings.Split(c, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					out = append(out, line)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
	sort.Strings(out)
	return out
}

func firstDifference(want, got []string) string {
	have := map[string]int{}
	for _, g := range got {
		have[g]++
	}
	for _, w := range want {
		if have[w] == 0 {
			return strings.SplitN(w, " ", 2)[0]
		}
		have[w]--
	}
	return "a comment appeared"
}
