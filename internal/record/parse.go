package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"agreements/internal/diag"
	"agreements/internal/message"
)

// Document is one record file, parsed: the YAML nodes, checked for what a
// record may not contain, and the value they stand for as JSON would hold
// it (map[string]any, []any, string, json.Number, bool, nil), which Value
// builds when first asked. A check that only reads the record walks the
// nodes through Root, without building the value.
type Document struct {
	// File is the path relative to the registry root, with forward slashes.
	File string
	// Kind is the kind of record, from the folder the file is in.
	Kind Kind
	// Refused lists the JSON pointers of values the loader refused (an
	// alias, a tag, a number in another base, ...) and left out of the
	// value, so that later checks need not report their absence a second
	// time.
	Refused []string

	root *yaml.Node
	// dropped are the nodes the loader refused: a mapping key whose member
	// is left out, or a value or item that stands for null.
	dropped map[*yaml.Node]bool

	once  sync.Once
	value map[string]any
}

// Value returns the top-level mapping of the record. It is built from the
// nodes on the first call, and safe for concurrent use.
func (d *Document) Value() map[string]any {
	d.once.Do(func() {
		d.value, _ = d.Root().Value().(map[string]any)
	})
	return d.value
}

// Encoded is a record's value encoded as JSON, without positions: what a
// build keeps of each record, at a fraction of a Document's memory.
type Encoded struct {
	File string
	Kind Kind
	JSON []byte
}

// Encode returns the document's value as JSON.
func (d *Document) Encode() (Encoded, error) {
	data, err := json.Marshal(d.Value())
	return Encoded{File: d.File, Kind: d.Kind, JSON: data}, err
}

var (
	bom     = []byte("\xEF\xBB\xBF")
	newline = []byte("\n")
	// plainInt and plainFloat are the number forms JSON has; YAML's others
	// (hex, octal, "_" separators, a leading "+", .inf, .nan) are refused.
	plainInt   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	plainFloat = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
	// numberLike matches what the YAML 1.2 core schema (and yaml.v3's
	// YAML 1.1 forms) read as a number, whatever its size.
	numberLike = regexp.MustCompile(`^[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9][0-9_]*([eE][-+]?[0-9]+)?)$`)
	// yamlErrLine matches the position yaml.v3 puts in its syntax errors.
	yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
)

// coreTags are the tags a record may state explicitly; any other tag
// (!!binary, !!timestamp, !!set, !custom, ...) is refused.
var coreTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true,
	"!!null": true, "!!map": true, "!!seq": true,
}

// Parse turns the bytes of one record file into a Document. It reports
// every problem it can find rather than stopping at the first; it returns a
// nil Document only when the file cannot be read as a YAML mapping at all.
func Parse(file string, kind Kind, data []byte) (*Document, []diag.Diagnostic) {
	p := &parser{file: file, at: make([]segment, 0, 8)}
	if len(data) > MaxFileSize {
		p.add(0, 0, "", RuleFileTooLarge, message.New(RuleFileTooLarge,
			"size", strconv.Itoa(len(data)), "limit", strconv.Itoa(MaxFileSize)))
		return nil, p.diags
	}
	if bytes.HasPrefix(data, bom) {
		p.add(1, 1, "", RuleFileBOM, message.New(RuleFileBOM))
		data = data[len(bom):]
	}
	if !p.scanText(data) {
		return nil, p.diags
	}
	p.data = data
	p.question = bytes.IndexByte(data, '?') >= 0
	root := p.parseYAML(data)
	if root == nil {
		return nil, p.diags
	}
	if p.vet(root, 1) || root.Kind != yaml.MappingNode { // the top level itself is refused (e.g. an alias)
		return nil, p.diags
	}
	return &Document{File: file, Kind: kind, Refused: p.refused, root: root, dropped: p.dropped}, p.diags
}

type parser struct {
	file      string
	data      []byte // the file's text, as YAML reads it
	lines     []int  // where each line of data starts, once asked for
	diags     []diag.Diagnostic
	refused   []string
	deepShown bool
	// question is set when the text holds a ?: without one, no key
	// follows one.
	question bool
	// at is the path to the value being checked (see pointer).
	at []segment
	// dropped are the refused nodes (Document.dropped).
	dropped map[*yaml.Node]bool
}

// drop leaves node n out of the Document's value: a mapping key's member,
// or a value or item, which then stands for null.
func (p *parser) drop(n *yaml.Node) {
	if p.dropped == nil {
		p.dropped = map[*yaml.Node]bool{}
	}
	p.dropped[n] = true
}

// refuse reports the value being checked (node n, at p.at), which is left
// out of the Document (the caller drops it).
func (p *parser) refuse(n *yaml.Node, rule string, msg message.Text) {
	ptr := p.pointer()
	p.add(n.Line, n.Column, ptr, rule, msg)
	p.refused = append(p.refused, ptr)
}

func (p *parser) add(line, col int, ptr, rule string, msg message.Text) {
	p.diags = append(p.diags, diag.Diagnostic{
		File: p.file, Line: line, Column: col, Rule: rule, Pointer: ptr, Message: msg,
	})
}

func (p *parser) hint(h message.Text) {
	p.diags[len(p.diags)-1].Hint = h
}

// scanText checks the bytes before YAML sees them: UTF-8, no NUL, no
// characters that reorder text on screen (which can make a record show
// something other than what it holds). It reports whether parsing may go on.
func (p *parser) scanText(data []byte) bool {
	// Almost every file is clean: say so at the speed of utf8.Valid, and
	// walk it rune by rune only to say where a problem is.
	if utf8.Valid(data) && !hasControl(data) && !hasBidiControl(data) {
		return true
	}
	ok := true
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			p.add(line, col, "", RuleFileEncoding, message.New(RuleFileEncoding,
				"byte", "0x"+strconv.FormatUint(uint64(data[i]), 16)))
			return false
		case r == 0:
			p.add(line, col, "", RuleFileNUL, message.New(RuleFileNUL))
			ok = false
		case isBidiControl(r):
			p.add(line, col, "", RuleFileBidi, message.New(RuleFileBidi, "char", codePoint(r)))
		case r == 0x2028 || r == 0x2029 || r == 0x85 || r == '\r' && (i+1 == len(data) || data[i+1] != '\n'):
			// YAML 1.1 (and yaml.v3) break lines at the first three; YAML
			// 1.2 readers, editors and JSON Schema tools do not. A lone
			// carriage return (old Mac line ends) breaks lines for YAML
			// 1.2 but not for some of its readers (npm's yaml sees no
			// document). A record that reads two ways is refused whole.
			name := map[rune]string{0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR", 0x85: "NEXT LINE", '\r': "CARRIAGE RETURN"}[r]
			p.add(line, col, "", RuleFileLineSep, message.New(RuleFileLineSep, "char", codePoint(r), "name", name))
			ok = false
		case isControl(r):
			p.add(line, col, "", RuleFileControl, message.New(RuleFileControl, "char", codePoint(r)))
			ok = false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return ok
}

func codePoint(r rune) string {
	return fmt.Sprintf("U+%04X", r)
}

// isControl reports the characters YAML 1.2 does not allow in a stream
// (outside its printable set); NUL and U+0085 have rules of their own.
func isControl(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F && r != 0x85, r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return false
}

// hasControl reports whether valid UTF-8 data holds NUL, a character
// isControl reports, U+0085, U+2028, U+2029 or a carriage return not
// followed by a line feed: C0 controls and DEL are
// single bytes, C1 controls C2 80 to C2 9F, U+2028 and U+2029 E2 80 A8
// and A9, U+FFFE and U+FFFF EF BF BE and BF.
func hasControl(data []byte) bool {
	for i, b := range data {
		if b-0x20 < 0x7F-0x20 { // printable ASCII, nearly every byte
			continue
		}
		switch {
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r', b == 0x7F:
			return true
		case b == '\r' && (i+1 == len(data) || data[i+1] != '\n'):
			return true
		case b == 0xC2 && i+1 < len(data) && data[i+1] >= 0x80 && data[i+1] <= 0x9F:
			return true
		case b == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			return true
		case b == 0xEF && i+2 < len(data) && data[i+1] == 0xBF && (data[i+2] == 0xBE || data[i+2] == 0xBF):
			return true
		}
	}
	return false
}

// hasBidiControl reports whether valid UTF-8 data holds a character
// isBidiControl reports: U+202A to U+202E are E2 80 AA to AE, U+2066 to
// U+2069 are E2 81 A6 to A9.
func hasBidiControl(data []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(data[i:], 0xE2)
		if j < 0 {
			return false
		}
		i += j
		if i+2 < len(data) {
			b1, b2 := data[i+1], data[i+2]
			if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) {
				return true
			}
		}
	}
}

// isBidiControl reports the embedding, override and isolate controls of
// Unicode's bidirectional algorithm (the "Trojan Source" characters).
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// parseYAML parses the single document of a record and returns its
// top-level mapping, or nil after reporting why there is none.
func (p *parser) parseYAML(data []byte) *yaml.Node {
	data = p.directives(data)
	data = p.firstDocument(data)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if err != nil && strings.Contains(err.Error(), tabIndentError) {
		// yaml.v3 takes a tab after the indentation of a block scalar's
		// first line for indentation, where YAML 1.2 reads it as text:
		// stating the indentation in the scalar's header makes it read
		// the text as every YAML 1.2 reader does.
		if fixed, ok := indentBlockScalars(data); ok {
			dec = yaml.NewDecoder(bytes.NewReader(fixed))
			doc = yaml.Node{}
			if err2 := dec.Decode(&doc); err2 == nil {
				err = nil
			}
		}
	}
	if err != nil {
		p.unreadable(data, err)
		return nil
	}
	// firstDocument has cut the text at a second document; should one
	// remain, it is refused all the same.
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		line, col := next.Line, next.Column
		if len(next.Content) > 0 {
			line, col = next.Content[0].Line, next.Content[0].Column
		}
		p.add(line, col, "", RuleYAMLMultiDoc, message.New(RuleYAMLMultiDoc))
	} else if !errors.Is(err, io.EOF) {
		// What follows the document cannot be read ("... invalid"), or
		// yaml.v3 ended the document too soon (a block scalar at the top
		// level, indented by nothing).
		p.unreadable(data, err)
		return nil
	}
	if len(doc.Content) == 0 {
		p.add(0, 0, "", RuleYAMLEmpty, message.New(RuleYAMLEmpty))
		return nil
	}
	top := doc.Content[0]
	switch {
	case top.Kind == yaml.ScalarNode && top.ShortTag() == "!!null":
		p.add(top.Line, top.Column, "", RuleYAMLEmpty, message.New(RuleYAMLEmpty))
		return nil
	case top.Kind != yaml.MappingNode && top.Kind != yaml.AliasNode:
		p.add(top.Line, top.Column, "", RuleYAMLNotMapping, message.New(RuleYAMLNotMapping,
			"found", nodeKindWord(top)))
		return nil
	}
	return top
}

// tabIndentError is yaml.v3's error for a tab where it expects the
// indentation of a block scalar.
const tabIndentError = "found a tab character where an indentation space is expected"

// blockHeader matches a line that ends with a block scalar's header
// without an indentation indicator: what comes before the | or >, and
// the chomping indicator and comment after it.
var blockHeader = regexp.MustCompile(`^(.*?)([|>])([+-]?)(\s+#.*)?\s*$`)

// indentBlockScalars returns data with an indentation indicator in the
// header of every block scalar whose first content line has a tab right
// after its indentation; the indicator counts the spaces from the node
// that holds the scalar (a mapping key, or a sequence's dash). Columns
// move only on the header lines, after the indicator.
func indentBlockScalars(data []byte) ([]byte, bool) {
	lines := strings.SplitAfter(string(data), "\n")
	changed := false
	for i, line := range lines {
		m := blockHeader.FindStringSubmatch(strings.TrimRight(line, "\r\n"))
		if m == nil || strings.ContainsAny(m[1], "\"'#") && !strings.HasSuffix(strings.TrimSpace(m[1]), ":") {
			continue
		}
		parent, ok := holderColumn(m[1])
		if !ok {
			continue
		}
		// The first non-empty line after the header.
		for j := i + 1; j < len(lines); j++ {
			content := strings.TrimRight(lines[j], "\r\n")
			if strings.TrimSpace(content) == "" {
				continue
			}
			spaces := len(content) - len(strings.TrimLeft(content, " "))
			if spaces < len(content) && content[spaces] == '\t' && spaces > parent && spaces-parent <= 9 {
				at := len(m[1]) + 1
				lines[i] = line[:at] + strconv.Itoa(spaces-parent) + line[at:]
				changed = true
			}
			break
		}
	}
	return []byte(strings.Join(lines, "")), changed
}

// holderColumn returns the column (from 0) of the node that holds a block
// scalar whose header follows before: the last key ("a:", "- a:") or, for
// "- |", the last dash.
func holderColumn(before string) (int, bool) {
	i := len(before) - len(strings.TrimLeft(before, " "))
	dash := -1
	for strings.HasPrefix(before[i:], "- ") || before[i:] == "-" {
		dash = i
		i++
		for i < len(before) && before[i] == ' ' {
			i++
		}
	}
	rest := strings.TrimSpace(before[i:])
	switch {
	case rest == "" && dash >= 0:
		return dash, true
	case strings.HasSuffix(rest, ":"):
		return i, true
	}
	return 0, false
}

// syntaxError reports a yaml.v3 error at the best line it allows.
//
// yaml.v3 gives a line but no column, and its line is not always 1-based:
// it counts from 0 for the parser's errors (scanner errors are corrected
// before printing, parser errors are not), and omits a line that is 0
// (yaml.v3 v3.0.1, decode.go, parser.fail). Where an error has a context
// ("while parsing a flow sequence"), the line is where that construct
// started. The column given is that of the line's first non-space
// character, where the eye starts reading.
func (p *parser) syntaxError(data []byte, err error) {
	text := err.Error()
	line := 1
	if m := yamlErrLine.FindStringSubmatch(text); m != nil {
		line, _ = strconv.Atoi(m[1])
		text = m[2]
		if isParserProblem(text) {
			line++
		}
	} else {
		text = strings.TrimPrefix(text, "yaml: ")
	}
	if strings.HasPrefix(text, "exceeded max depth") {
		// yaml.v3 stops at 10,000 levels before this tool's own limit
		// is reached (vet): the same problem, under its own rule.
		p.add(line, firstColumn(data, line), "", RuleYAMLDepth, message.New(RuleYAMLDepth, "limit", strconv.Itoa(MaxDepth)))
		return
	}
	p.add(line, firstColumn(data, line), "", RuleYAMLSyntax, message.New(RuleYAMLSyntax, "detail", yamlMessage(text)))
	if key := syntaxHint(text, lineText(data, line)); key != "" {
		p.hint(message.New(key))
	}
}

// yamlMessages are yaml.v3's commonest syntax messages, in the catalog so
// that they can be shown in the contributor's language; others are shown
// as yaml.v3 writes them.
var yamlMessages = map[string]string{
	"did not find expected key":                              "yaml.msg.expected-key",
	"did not find expected ',' or ']'":                       "yaml.msg.expected-bracket",
	"did not find expected ',' or '}'":                       "yaml.msg.expected-brace",
	"found character that cannot start any token":            "yaml.msg.cannot-start",
	"mapping values are not allowed in this context":         "yaml.msg.mapping-values",
	"found unexpected end of stream":                         "yaml.msg.end-of-stream",
	"could not find expected ':'":                            "yaml.msg.expected-colon",
	"did not find expected node content":                     "yaml.msg.node-content",
	"block sequence entries are not allowed in this context": "yaml.msg.block-sequence",
	"found a tab character that violates indentation":        "yaml.msg.tab",
	"did not find expected '-' indicator":                    "yaml.msg.expected-dash",
	"found incompatible YAML document":                       "yaml.msg.incompatible",
}

func yamlMessage(text string) string {
	if key, ok := yamlMessages[text]; ok {
		return message.New(key).String()
	}
	return text
}

// syntaxHint returns the catalog key of what usually causes a yaml.v3
// error, in words a contributor acts on, or "".
func syntaxHint(text, line string) string {
	switch {
	case strings.HasPrefix(strings.TrimLeft(line, " "), "\t"):
		return "hint.yaml-tab"
	case strings.HasPrefix(text, "mapping values are not allowed"):
		return "hint.yaml-colon"
	case strings.HasPrefix(text, "did not find expected key"), strings.HasPrefix(text, "did not find expected '-' indicator"):
		return "hint.yaml-indent"
	case strings.HasPrefix(text, "found unexpected end of stream"):
		return "hint.yaml-quote"
	case (strings.HasPrefix(text, "did not find expected ',' or") || strings.HasPrefix(text, "did not find expected key")) &&
		strings.ContainsAny(line, "{[") && strings.Contains(line, "? "):
		return "hint.yaml-flow-question"
	case strings.HasPrefix(text, "did not find expected ',' or ']'"):
		return "hint.yaml-bracket"
	case strings.HasPrefix(text, "did not find expected ',' or '}'"):
		return "hint.yaml-brace"
	case strings.HasPrefix(text, "found incompatible YAML document"):
		return "hint.yaml-directive"
	case strings.HasPrefix(text, "could not find expected ':'"):
		return "hint.yaml-key"
	}
	return ""
}

// lineText returns line (1-based) of data, without its end of line.
func lineText(data []byte, line int) string {
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return ""
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return string(data)
}

// isParserProblem reports the messages that yaml.v3's parser (as opposed
// to its scanner) produces, from parserc.go.
func isParserProblem(text string) bool {
	for _, prefix := range []string{
		"did not find expected <", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected key",
		"did not find expected ',' or", "found duplicate %", "found undefined tag handle",
		"found incompatible YAML document",
	} {
		if strings.HasPrefix(text, prefix) {
			return true
		}
	}
	return false
}

// firstColumn returns the 1-based column of the first non-space character
// of line (1-based) in data, or 1.
func firstColumn(data []byte, line int) int {
	col := 1
	for _, r := range lineText(data, line) {
		if r != ' ' {
			return col
		}
		col++
	}
	return 1
}

func nodeKindWord(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a single value"
}

// vet checks node n (at nesting depth, at the path p.at) for what a
// record may not contain, reporting each problem, and drops what it
// refuses inside n. It reports whether n itself is refused: its value is
// then null, so that the rest of the record can still be checked.
func (p *parser) vet(n *yaml.Node, depth int) (refused bool) {
	if n.Anchor != "" {
		p.add(n.Line, n.Column, p.pointer(), RuleYAMLAnchor, message.New(RuleYAMLAnchor, "name", n.Anchor))
	}
	if n.Kind == yaml.AliasNode {
		p.refuse(n, RuleYAMLAlias, message.New(RuleYAMLAlias, "name", n.Value))
		return true
	}
	if n.Style&yaml.TaggedStyle != 0 && !coreTags[n.Tag] {
		p.refuse(n, RuleYAMLTag, message.New(RuleYAMLTag, "tag", n.Tag))
		return true
	}
	if depth > MaxDepth && n.Kind != yaml.ScalarNode {
		if !p.deepShown {
			p.deepShown = true
			p.refuse(n, RuleYAMLDepth, message.New(RuleYAMLDepth, "limit", strconv.Itoa(MaxDepth)))
		} else {
			p.refused = append(p.refused, p.pointer())
		}
		return true
	}
	// A core tag must fit its node: !!str on a mapping, !!map on a list,
	// would have other readers refuse or convert what this one reads.
	if n.Style&yaml.TaggedStyle != 0 && (n.Kind == yaml.MappingNode && n.Tag != "!!map" || n.Kind == yaml.SequenceNode && n.Tag != "!!seq") {
		kind := "mapping"
		if n.Kind == yaml.SequenceNode {
			kind = "sequence"
		}
		p.refuse(n, RuleYAMLTag, message.New("yaml.tag.kind."+kind, "tag", n.Tag))
		return true
	}
	switch n.Kind {
	case yaml.MappingNode:
		p.mapping(n, depth)
	case yaml.SequenceNode:
		for i, item := range n.Content {
			p.at = append(p.at, segment{index: i})
			flowColon := n.Style&yaml.FlowStyle != 0 && p.colonEnds(item)
			if flowColon || p.blockLeadingSpaces(item, n.Column-1) || p.vet(item, depth+1) {
				p.drop(item)
			}
			p.at = p.at[:len(p.at)-1]
		}
	case yaml.ScalarNode:
		if n.Tag == "!!map" || n.Tag == "!!seq" {
			p.refuse(n, RuleYAMLTag, message.New("yaml.tag.mismatch", "tag", n.Tag, "value", strconv.Quote(n.Value)))
			return true
		}
		return p.scalar(n)
	}
	return false
}

// smallMapping is the number of members up to which a mapping finds a
// repeated key by comparing it with the ones before it, without a map: a
// record's top level has about twenty.
const smallMapping = 64

// mapping vets the members of mapping n, dropping the key of each member
// that is left out.
func (p *parser) mapping(n *yaml.Node, depth int) {
	var kept map[string]bool // the keys kept so far, in a large mapping
	if len(n.Content) > 2*smallMapping {
		kept = make(map[string]bool, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !p.member(n, i, depth, kept) {
			p.drop(k)
		} else if kept != nil {
			kept[k.Value] = true
		}
	}
}

// member vets the member of mapping n whose key is n.Content[i], and
// reports whether it is kept.
func (p *parser) member(n *yaml.Node, i, depth int, kept map[string]bool) bool {
	k, v := n.Content[i], n.Content[i+1]
	switch {
	case k.Kind == yaml.AliasNode:
		p.refuse(k, RuleYAMLAlias, message.New(RuleYAMLAlias, "name", k.Value))
		return false
	case k.Kind != yaml.ScalarNode:
		p.refuse(k, RuleYAMLKey, message.New(RuleYAMLKey))
		return false
	case n.Style&yaml.FlowStyle != 0 && (p.colonEnds(k) || p.colonEnds(v)):
		return false
	case k.Tag == "!!merge":
		p.refuse(k, RuleYAMLMergeKey, message.New(RuleYAMLMergeKey))
		return false
	case k.Tag == "!!null" && k.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0:
		// ": value", "? " alone, "~:" or "null:": JSON has no key
		// for it.
		msg := message.New("yaml.key.empty")
		if k.Value != "" {
			msg = message.New("yaml.key.null", "key", strconv.Quote(k.Value))
		}
		p.refuse(k, RuleYAMLKey, msg)
		return false
	case k.Style&yaml.TaggedStyle != 0:
		// A key is text; a tag on it could only make it mean
		// something else than it reads. The key is kept as it reads,
		// so that the schema does not also call it missing.
		p.at = append(p.at, segment{key: k.Value, index: -1})
		p.add(k.Line, k.Column, p.pointer(), RuleYAMLTag, message.New("yaml.tag.key", "tag", k.Tag, "key", strconv.Quote(k.Value)))
		p.at = p.at[:len(p.at)-1]
	}
	if k.Anchor != "" {
		p.add(k.Line, k.Column, p.pointer(), RuleYAMLAnchor, message.New(RuleYAMLAnchor, "name", k.Anchor))
	}
	key := k.Value
	if len(key) > MaxStringLength {
		p.longString(k)
		return false
	}
	if r, found := controlIn(key, false); found {
		p.refuse(k, RuleYAMLControl, message.New(RuleYAMLControl, "char", codePoint(r)))
		return false
	}
	if k.Style == 0 && p.questionBefore(k) {
		// "{ ?foo: bar }": YAML reads the key "?foo", yaml.v3 reads
		// "foo" (it takes the ? for the explicit-key indicator, which
		// needs a space after it).
		p.refuse(k, RuleYAMLKey, message.New("yaml.key.question", "key", strconv.Quote(key)))
		return false
	}
	if p.keptBefore(n, i, kept) {
		line := 0
		for j := 0; j < i; j += 2 {
			if n.Content[j].Kind == yaml.ScalarNode && n.Content[j].Value == key {
				line = n.Content[j].Line
				break
			}
		}
		p.add(k.Line, k.Column, p.pointer()+"/"+diag.EscapePointer(key), RuleYAMLDuplicateKey, message.New(RuleYAMLDuplicateKey,
			"key", strconv.Quote(key), "line", strconv.Itoa(line)))
		return false
	}
	p.at = append(p.at, segment{key: key, index: -1})
	defer func() { p.at = p.at[:len(p.at)-1] }()
	if n.Style&yaml.FlowStyle == 0 {
		if line, ok := p.underIndented(v, k.Column); ok {
			// The value reads differently to other YAML readers: it is
			// refused, and its member left out.
			p.add(line, 1, p.pointer(), RuleYAMLSyntax, message.New(RuleYAMLSyntax, "detail", message.New("yaml.msg.under-indented").String()))
			p.refused = append(p.refused, p.pointer())
			return false
		}
	}
	if p.blockLeadingSpaces(v, k.Column-1) {
		return false
	}
	if p.vet(v, depth+1) {
		p.drop(v)
	}
	return true
}

// keptBefore reports whether a member before n.Content[i] with the same
// key was kept: kept holds their keys in a large mapping, where comparing
// with each would take time that grows with the square of its size.
func (p *parser) keptBefore(n *yaml.Node, i int, kept map[string]bool) bool {
	key := n.Content[i].Value
	if kept != nil {
		return kept[key]
	}
	for j := 0; j < i; j += 2 {
		if k := n.Content[j]; k.Value == key && !p.dropped[k] {
			return true
		}
	}
	return false
}

// colonEnds refuses a plain text inside brackets that ends with a colon
// ("{omitted value:, b: 1}"): YAML never lets a colon end plain text
// there (it ends a key), and yaml.v3 reads the colon as text. It reports
// whether it refused.
func (p *parser) colonEnds(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Style != 0 || !strings.HasSuffix(n.Value, ":") {
		return false
	}
	p.refuse(n, RuleYAMLFlow, message.New("yaml.flow.colon", "text", strconv.Quote(n.Value)))
	return true
}

// blockLeadingSpaces refuses a block scalar (| or >, with no indentation
// stated) whose empty lines before its first line of text hold more
// spaces than that line is indented: YAML forbids it, and yaml.v3 reads
// it. parent is the indentation of the node that holds the scalar.
func (p *parser) blockLeadingSpaces(v *yaml.Node, parent int) bool {
	if v.Kind != yaml.ScalarNode || v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return false
	}
	start, ok := p.offset(v.Line, v.Column)
	if !ok {
		return false
	}
	header := p.data[start:]
	if end := bytes.IndexByte(header, '\n'); end >= 0 {
		header = header[:end]
	}
	if i := bytes.IndexAny(header, " \t#"); i >= 0 {
		header = header[:i]
	}
	if bytes.ContainsAny(header, "123456789") {
		return false
	}
	most, mostLine := 0, 0
	for line, off := v.Line+1, start+len(header); ; line++ {
		next := bytes.IndexByte(p.data[off:], '\n')
		if next < 0 {
			return false
		}
		off += next + 1
		text := p.data[off:]
		if end := bytes.IndexByte(text, '\n'); end >= 0 {
			text = text[:end]
		}
		spaces := len(text) - len(bytes.TrimLeft(text, " "))
		if len(bytes.TrimRight(text, " \r")) > 0 {
			if spaces <= parent || most <= spaces {
				return false
			}
			p.add(mostLine, 1, p.pointer(), RuleYAMLSyntax, message.New(RuleYAMLSyntax,
				"detail", message.New("yaml.msg.block-leading-spaces").String()))
			p.refused = append(p.refused, p.pointer())
			return true
		}
		if spaces > most {
			most, mostLine = spaces, line
		}
	}
}

// underIndented finds a line of a block mapping's value, written in
// quotes or as a flow collection over several lines, that is not indented
// more than its key (at column keyCol): YAML forbids it, and yaml.v3 reads
// it all the same ("flow: [a,\nb]", "quoted: \"a\nb\"" at column 1). A
// tab does not indent. It returns the line.
func (p *parser) underIndented(v *yaml.Node, keyCol int) (int, bool) {
	quoted := v.Kind == yaml.ScalarNode && v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	flow := (v.Kind == yaml.SequenceNode || v.Kind == yaml.MappingNode) && v.Style&yaml.FlowStyle != 0
	if !quoted && !flow {
		return 0, false
	}
	start, ok := p.offset(v.Line, v.Column)
	if !ok {
		return 0, false
	}
	end := p.flowEnd(start)
	if end < 0 {
		return 0, false
	}
	starts := p.lineStarts()
	for line := v.Line + 1; line <= len(starts) && starts[line-1] <= end; line++ {
		i, spaces := starts[line-1], 0
		for i+spaces < len(p.data) && p.data[i+spaces] == ' ' {
			spaces++
		}
		rest := i + spaces
		if rest >= len(p.data) || p.data[rest] == '\n' || p.data[rest] == '\r' {
			continue // an empty line indents nothing
		}
		if spaces < keyCol {
			return line, true
		}
	}
	return 0, false
}

// flowEnd returns the offset of the quote or bracket that closes the
// quoted scalar or flow collection opening at start (-1 when there is
// none to find), skipping quoted text and comments inside a collection.
func (p *parser) flowEnd(start int) int {
	data := p.data
	depth := 0
	for i := start; i < len(data); i++ {
		switch c := data[i]; c {
		case '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return i
			}
		case '\'':
			for i++; i < len(data); i++ {
				if data[i] == '\'' {
					if i+1 < len(data) && data[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
			if depth == 0 {
				return i
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				return i
			}
		case '#':
			if i > start && (data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n') {
				for i < len(data) && data[i] != '\n' {
					i++
				}
			}
		}
		if depth == 0 && i == start {
			return -1 // not a quote or a bracket
		}
	}
	return -1
}

// scalar vets scalar n and reports whether it is refused.
func (p *parser) scalar(n *yaml.Node) (refused bool) {
	switch n.Tag {
	case "!!null":
		switch n.Value {
		case "", "~", "null", "Null", "NULL":
			return false
		}
		p.refuse(n, RuleYAMLTag, message.New("yaml.tag.mismatch", "tag", n.Tag, "value", strconv.Quote(n.Value)))
		return true
	case "!!bool":
		if _, ok := boolText(n.Value); ok {
			return false
		}
		// Only an explicit tag gets here: "!!bool research" would be read
		// as the text research by this tool and as an error by others.
		p.refuse(n, RuleYAMLTag, message.New("yaml.tag.mismatch", "tag", n.Tag, "value", strconv.Quote(n.Value)))
		return true
	case "!!int":
		if !plainInt.MatchString(n.Value) {
			p.badNumber(n)
			return true
		}
		if i, err := strconv.ParseInt(n.Value, 10, 64); err != nil || i > MaxSafeInteger || i < -MaxSafeInteger {
			p.refuse(n, RuleYAMLNumber, message.New("yaml.number.too-large", "value", n.Value))
			p.hint(message.New("hint.quote", "value", strconv.Quote(n.Value)))
			return true
		}
		return false
	case "!!float":
		if !plainFloat.MatchString(n.Value) {
			p.badNumber(n)
			return true
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err != nil || math.IsInf(f, 0) {
			p.refuse(n, RuleYAMLNumber, message.New("yaml.number.too-large", "value", n.Value))
			return true
		}
		return false
	}
	// A plain number that yaml.v3 could not hold (1e400, a hex beyond 64
	// bits) falls back to text; YAML 1.2 readers take it as a number.
	if n.Style == 0 && n.Tag == "!!str" && n.Value != "" && strings.IndexByte("+-.0123456789", n.Value[0]) >= 0 && numberLike.MatchString(n.Value) {
		p.refuse(n, RuleYAMLNumber, message.New("yaml.number.too-large", "value", n.Value))
		p.hint(message.New("hint.quote", "value", strconv.Quote(n.Value)))
		return true
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		if line, col, key, bad := p.quoteProblem(n); bad {
			p.add(line, col, p.pointer(), RuleYAMLSyntax, message.New(RuleYAMLSyntax, "detail", message.New(key).String()))
			p.refused = append(p.refused, p.pointer())
			return true
		}
	}
	// !!str, and !!timestamp: a date keeps the text the author wrote.
	if len(n.Value) > MaxStringLength {
		p.longString(n)
		return true
	}
	if r, found := controlIn(n.Value, blockText(p.at)); found {
		p.refuse(n, RuleYAMLControl, message.New(RuleYAMLControl, "char", codePoint(r)))
		return true
	}
	return false
}

// quoteProblem finds, in the text of a quoted scalar, what YAML forbids
// and yaml.v3 lets through: the escape \' in double quotes (YAML has none:
// an apostrophe needs no escape there), and a # right after the closing
// quote (a comment needs a space before it). It returns where, and the
// message's key; when the text at n's position is not the quote it
// expects, it says nothing.
func (p *parser) quoteProblem(n *yaml.Node) (line, col int, key string, bad bool) {
	start, ok := p.offset(n.Line, n.Column)
	if !ok {
		return 0, 0, "", false
	}
	quote := byte('"')
	if n.Style&yaml.SingleQuotedStyle != 0 {
		quote = '\''
	}
	data := p.data
	if start >= len(data) || data[start] != quote {
		return 0, 0, "", false
	}
	for i := start + 1; i < len(data); i++ {
		switch c := data[i]; {
		case quote == '"' && c == '\\':
			if i+1 < len(data) && data[i+1] == '\'' {
				line, col = p.position(i)
				return line, col, "yaml.msg.escaped-apostrophe", true
			}
			i++ // the escaped character
		case quote == '\'' && c == '\'' && i+1 < len(data) && data[i+1] == '\'':
			i++ // '' is one apostrophe
		case c == quote:
			if i+1 < len(data) && data[i+1] == '#' {
				line, col = p.position(i + 1)
				return line, col, "yaml.msg.comment-after-quote", true
			}
			return 0, 0, "", false
		}
	}
	return 0, 0, "", false
}

// questionBefore reports whether a plain key's text follows a ? with
// nothing between them.
func (p *parser) questionBefore(k *yaml.Node) bool {
	if !p.question {
		return false
	}
	i, ok := p.offset(k.Line, k.Column)
	return ok && i > 0 && p.data[i-1] == '?'
}

// offset returns the byte offset of line and column (1-based, the column
// counted in characters, as yaml.v3 counts it).
func (p *parser) offset(line, col int) (int, bool) {
	starts := p.lineStarts()
	if line < 1 || line > len(starts) {
		return 0, false
	}
	i := starts[line-1]
	for c := 1; c < col; c++ {
		if i >= len(p.data) || p.data[i] == '\n' {
			return 0, false
		}
		_, size := utf8.DecodeRune(p.data[i:])
		i += size
	}
	return i, true
}

// position returns the line and column (in characters) of byte offset i.
func (p *parser) position(i int) (line, col int) {
	starts := p.lineStarts()
	line = sort.SearchInts(starts, i+1)
	return line, utf8.RuneCount(p.data[starts[line-1]:i]) + 1
}

func (p *parser) lineStarts() []int {
	if p.lines == nil {
		p.lines = make([]int, 1, bytes.Count(p.data, newline)+1)
		for i := 0; ; {
			j := bytes.IndexByte(p.data[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			p.lines = append(p.lines, i)
		}
	}
	return p.lines
}

// controlIn returns the first character of s that no value may hold: C0
// and C1 controls, DEL and U+FEFF, which a double-quoted string can
// write as escapes ("\e", "\x7F", "\uFEFF") though the file's bytes hold
// none (scanText refuses those). Tabs and line feeds are allowed in
// block text only.
func controlIn(s string, block bool) (rune, bool) {
	// Such a character starts with a byte below 0x20, 0x7F, 0xC2 (C1
	// controls) or 0xEF (U+FEFF), none of them inside another character:
	// runes are decoded only from the first of those, if any.
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] != 0x7F && s[i] != 0xC2 && s[i] != 0xEF {
		i++
	}
	for _, r := range s[i:] {
		if IsTextControl(r) && !(block && (r == '\t' || r == '\n')) {
			return r, true
		}
	}
	return 0, false
}

// IsTextControl reports the characters that no record's text holds
// (yaml.control), save tabs and line feeds in block text: C0 and C1
// controls, DEL and U+FEFF. Writers replace any that reach them.
func IsTextControl(r rune) bool {
	return r < 0x20 || r == 0x7F || r >= 0x80 && r <= 0x9F || r == 0xFEFF
}

// blockText reports whether the value at path is text that may run over
// several lines: a summary, notes, a contribution's description or a
// source's note (docs/cli.md names them).
func blockText(at []segment) bool {
	key := func(i int, name string) bool { return i < len(at) && at[i].index < 0 && at[i].key == name }
	item := func(i int) bool { return i < len(at) && at[i].index >= 0 }
	switch {
	case len(at) == 2 && (key(0, "summary") || key(0, "notes")):
		return true
	case len(at) == 4 && key(0, "contributions") && item(1) && key(2, "description"):
		return true
	case len(at) == 4 && key(0, "sources") && item(1) && key(2, "note"):
		return true
	}
	return false
}

func (p *parser) longString(n *yaml.Node) {
	p.refuse(n, RuleYAMLLongString, message.New(RuleYAMLLongString,
		"size", strconv.Itoa(len(n.Value)), "limit", strconv.Itoa(MaxStringLength)))
}

func (p *parser) badNumber(n *yaml.Node) {
	p.refuse(n, RuleYAMLNumber, message.New(RuleYAMLNumber, "value", n.Value))
	p.hint(message.New("hint.quote", "value", strconv.Quote(n.Value)))
}

// segment is one step of the path to the value being checked: a
// member's name (index -1) or an item's index.
type segment struct {
	key   string
	index int
}

// pointer returns the JSON pointer of the value being checked. It is
// built only for a diagnostic, since most values never need one.
func (p *parser) pointer() string {
	var b strings.Builder
	for _, s := range p.at {
		b.WriteByte('/')
		if s.index < 0 {
			b.WriteString(diag.EscapePointer(s.key))
		} else {
			b.WriteString(strconv.Itoa(s.index))
		}
	}
	return b.String()
}
