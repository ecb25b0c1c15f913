package record

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"agreements/internal/diag"
	"agreements/internal/message"
)

// This file holds what the loader does around yaml.v3 so that every YAML
// text gets a true answer: directives and document markers are read as
// YAML 1.2 reads them before yaml.v3 sees the text, and when yaml.v3
// cannot read a text that YAML may allow, the refusal names what it could
// not read rather than calling the text wrong (the YAML test suite holds
// the loader to it: yamlsuite_test.go).

// directives reads the directive lines before a document's --- as YAML
// 1.2 asks: %YAML 1.2 is read (yaml.v3 knows only 1.1's directive and
// refuses the document), a later 1.x version and a directive YAML does
// not define are warned about (yaml.directive) and ignored. Each such line
// becomes a comment of the same length, so positions do not move.
// Directives with no --- after them, a second %YAML, or a %YAML with
// other words are left for yaml.v3 to refuse, as YAML does.
func (p *parser) directives(data []byte) []byte {
	if len(data) == 0 || data[0] != '%' && !bytes.Contains(data, []byte("\n%")) {
		return data
	}
	var read []int // offsets of the lines to read as comments
	var warnings []diag.Diagnostic
	versions := 0
	for off, line := range lines(data) {
		text := strings.TrimRight(string(line), "\r")
		trimmed := strings.TrimLeft(text, " \t")
		switch {
		case trimmed == "" || trimmed[0] == '#':
		case text[0] == '%':
			fields := strings.Fields(uncommented(text[1:]))
			if len(fields) == 0 {
				return data // "%" alone: yaml.v3 refuses it
			}
			switch name := fields[0]; {
			case name == "YAML":
				versions++
				if len(fields) != 2 || versions > 1 {
					return data
				}
				minor, ok := strings.CutPrefix(fields[1], "1.")
				n, err := strconv.Atoi(minor)
				switch {
				case !ok || err != nil || n < 2:
					// 1.1 and 1.0 yaml.v3 reads; another major version
					// it refuses, as YAML requires.
				case n == 2:
					read = append(read, off)
				default:
					read = append(read, off)
					warnings = append(warnings, p.warning(off, RuleYAMLDirective,
						message.New("yaml.directive.version", "version", fields[1])))
				}
			case name == "TAG":
			default:
				read = append(read, off)
				warnings = append(warnings, p.warning(off, RuleYAMLDirective,
					message.New(RuleYAMLDirective, "name", "%"+name)))
			}
		case isMarker(text, "---"):
			if len(read) == 0 {
				return data
			}
			out := bytes.Clone(data)
			for _, at := range read {
				out[at] = '#'
			}
			p.diags = append(p.diags, warnings...)
			return out
		default:
			return data
		}
	}
	return data
}

// uncommented returns text without a comment (a # after a space or tab).
func uncommented(text string) string {
	for i := 1; i < len(text); i++ {
		if text[i] == '#' && (text[i-1] == ' ' || text[i-1] == '\t') {
			return text[:i]
		}
	}
	return text
}

// warning returns a warning at the start of the line at offset off.
func (p *parser) warning(off int, rule string, msg message.Text) diag.Diagnostic {
	line, col := p.position(off)
	return diag.Diagnostic{File: p.file, Line: line, Column: col, Severity: diag.Warning, Rule: rule, Message: msg}
}

// lines returns the offset of each line of data and the line, without its
// line feed.
func lines(data []byte) func(yield func(int, []byte) bool) {
	return func(yield func(int, []byte) bool) {
		for off := 0; off < len(data); {
			end := bytes.IndexByte(data[off:], '\n')
			if end < 0 {
				end = len(data) - off
			}
			if !yield(off, data[off:off+end]) {
				return
			}
			off += end + 1
		}
	}
}

// isMarker reports whether line is a document marker ("---" or "...")
// at column 1, followed by nothing or by a space or tab.
func isMarker(line, marker string) bool {
	rest, ok := strings.CutPrefix(line, marker)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// firstDocument returns data up to where a second document starts, and
// reports that document (yaml.multiple-documents) at its first line. A
// "..." line that ends the first document becomes a comment of the same
// length. YAML forbids both markers at column 1 inside any value, so a
// look at each line's start finds every document.
func (p *parser) firstDocument(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("---")) && !bytes.HasPrefix(data, []byte("...")) &&
		!bytes.Contains(data, []byte("\n---")) && !bytes.Contains(data, []byte("\n...")) {
		return data
	}
	begun, ended := false, false
	var ends []int // the "..." lines to read as comments
	for off, line := range lines(data) {
		text := strings.TrimRight(string(line), "\r")
		trimmed := strings.TrimLeft(text, " \t")
		switch {
		case isMarker(text, "---") && (begun || ended), !isMarker(text, "---") && ended && trimmed != "" && trimmed[0] != '#':
			line, col := p.position(off + len(text) - len(trimmed))
			p.add(line, col, "", RuleYAMLMultiDoc, message.New(RuleYAMLMultiDoc))
			return readEnds(data[:off], ends)
		case isMarker(text, "---"):
			begun = true
		case isMarker(text, "...") && blankOrComment(text[3:]):
			ends = append(ends, off)
			ended = ended || begun
		case trimmed == "" || trimmed[0] == '#', text[0] == '%' && !begun:
		default:
			begun = true
		}
	}
	return readEnds(data, ends)
}

func blankOrComment(s string) bool {
	s = strings.TrimLeft(s, " \t")
	return s == "" || s[0] == '#'
}

// readEnds returns data with the document-end markers at offsets ends
// made comments.
func readEnds(data []byte, ends []int) []byte {
	if len(ends) == 0 {
		return data
	}
	out := bytes.Clone(data)
	for _, at := range ends {
		out[at] = '#'
	}
	return out
}

// decode parses the first document of data with yaml.v3.
func decode(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	return &doc, err
}

// unreadable reports why yaml.v3 could not read data (err is its error),
// in the truest terms found, in this order: a text that is not a mapping
// at all (yaml.not-mapping, yaml.empty); what yaml.v3 does not read though
// YAML may allow it, confirmed by reading the text again without it
// (yaml.tab, yaml.escape, anchors and aliases, an empty key); a
// collection in brackets that yaml.v3 cannot read (yaml.flow); and
// otherwise yaml.v3's own message (yaml.syntax).
func (p *parser) unreadable(data []byte, err error) {
	switch {
	case errors.Is(err, io.EOF):
		p.add(0, 0, "", RuleYAMLEmpty, message.New(RuleYAMLEmpty))
		return
	case strings.Contains(err.Error(), "exceeded max depth"):
		p.syntaxError(data, err) // yaml.depth
		return
	}
	switch found, off := topShape(data); found {
	case "":
		p.add(0, 0, "", RuleYAMLEmpty, message.New(RuleYAMLEmpty))
		return
	case "a list", "a single value", "an alias":
		line, col := p.position(off)
		p.add(line, col, "", RuleYAMLNotMapping, message.New(RuleYAMLNotMapping, "found", found))
		return
	}
	if p.explain(data, err) {
		return
	}
	line, text := errorLine(err)
	if start, end, ok := flowAround(data, line); ok {
		l, col := p.position(start)
		endLine, _ := p.position(end)
		kind := "yaml.flow.mapping"
		if data[start] == '[' {
			kind = "yaml.flow.list"
		}
		p.add(l, col, "", RuleYAMLFlow, message.New(kind, "from", strconv.Itoa(l), "to", strconv.Itoa(endLine)))
		// Of the syntax hints, only this one holds for a closed
		// collection.
		if key := syntaxHint(text, lineText(data, line)); key == "hint.yaml-flow-question" {
			p.hint(message.New(key))
		}
		return
	}
	p.syntaxError(data, err)
}

// errorLine returns the 1-based line of a yaml.v3 error, as syntaxError
// reads it, and its message.
func errorLine(err error) (int, string) {
	m := yamlErrLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 1, strings.TrimPrefix(err.Error(), "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	if isParserProblem(m[2]) {
		line++
	}
	return line, m[2]
}

// A repair takes out of a text one thing yaml.v3 does not read and
// returns the new text and where it took something out (offsets in the
// text it was given), each with the diagnostic that names it.
type repair func(p *parser, data []byte) ([]byte, []site)

type site struct {
	off  int
	rule string
	msg  message.Text
}

// repairs are tried in this order, each on the text the previous ones
// left; all but the last keep every offset where it was.
var repairs = []repair{repairTabs, repairEscapes, repairAnchors, repairEmptyKeys}

// explain applies the repairs in turn and, as soon as yaml.v3 reads the
// text, reports what the repairs that changed yaml.v3's answer took out:
// those are what it could not read. It reports nothing when the repairs
// do not make the text readable.
func (p *parser) explain(data []byte, err error) bool {
	var found []site
	text, last := data, err.Error()
	for _, r := range repairs {
		fixed, sites := r(p, text)
		if len(sites) == 0 {
			continue
		}
		_, err := decode(fixed)
		now := ""
		if err != nil {
			now = err.Error()
		}
		if now != last {
			found = append(found, sites...)
		}
		if err == nil {
			for _, s := range found {
				line, col := p.position(s.off)
				p.add(line, col, "", s.rule, s.msg)
			}
			return true
		}
		text, last = fixed, now
	}
	return false
}

// repairTabs replaces every tab with a space: yaml.v3 refuses tabs in
// places where YAML 1.2 reads them as separation (after "- " or ": ", on
// an otherwise empty line, before a flow collection).
func repairTabs(p *parser, data []byte) ([]byte, []site) {
	if bytes.IndexByte(data, '\t') < 0 {
		return data, nil
	}
	out := bytes.Clone(data)
	var sites []site
	for i, c := range out {
		if c == '\t' {
			out[i] = ' '
			if len(sites) == 0 || p.lineOf(sites[len(sites)-1].off) != p.lineOf(i) {
				sites = append(sites, site{i, RuleYAMLTab, message.New(RuleYAMLTab)})
			}
		}
	}
	return out, sites
}

func (p *parser) lineOf(off int) int {
	line, _ := p.position(off)
	return line
}

// repairEscapes replaces the escape \/ in double-quoted text (YAML 1.2
// and JSON have it; yaml.v3 does not) with another escape of the same
// length.
func repairEscapes(p *parser, data []byte) ([]byte, []site) {
	var out []byte
	var sites []site
	scanTokens(data, func(i int, quote byte) {
		if quote == '"' && data[i] == '\\' && i+1 < len(data) && data[i+1] == '/' {
			if out == nil {
				out = bytes.Clone(data)
			}
			out[i+1] = '\\'
			sites = append(sites, site{i, RuleYAMLEscape, message.New(RuleYAMLEscape)})
		}
	})
	if out == nil {
		return data, nil
	}
	return out, sites
}

// repairAnchors replaces anchors with spaces and aliases with a plain
// value: yaml.v3 does not read every name YAML allows (one with a colon,
// or beyond ASCII), and a record may hold neither.
func repairAnchors(p *parser, data []byte) ([]byte, []site) {
	var out []byte
	var sites []site
	scanTokens(data, func(i int, quote byte) {
		if quote != 0 || data[i] != '&' && data[i] != '*' || !tokenStart(data, i) {
			return
		}
		end := i + 1
		for end < len(data) && !isSpaceOrEnd(data[end]) && !bytes.ContainsRune([]byte(",[]{}"), rune(data[end])) {
			end++
		}
		if end == i+1 {
			return
		}
		if out == nil {
			out = bytes.Clone(data)
		}
		name := string(data[i+1 : end])
		if data[i] == '&' {
			sites = append(sites, site{i, RuleYAMLAnchor, message.New(RuleYAMLAnchor, "name", name)})
			for j := i; j < end; j++ {
				out[j] = ' '
			}
		} else {
			sites = append(sites, site{i, RuleYAMLAlias, message.New(RuleYAMLAlias, "name", name)})
			out[i] = 'x'
			for j := i + 1; j < end; j++ {
				out[j] = ' '
			}
		}
	})
	if out == nil {
		return data, nil
	}
	return out, sites
}

// repairEmptyKeys writes a key before each ":" that starts a line of a
// block mapping with no key before it (": value"), unless it answers a
// "? key" line above it. It moves what follows, so it comes last.
func repairEmptyKeys(p *parser, data []byte) ([]byte, []site) {
	var sites []site
	// The lines above that are less indented than every line after them:
	// their indentation, and whether each was "? key".
	var indents []int
	var question []bool
	depth := flowDepths(data)
	for off, line := range lines(data) {
		text := strings.TrimRight(string(line), "\r")
		trimmed := strings.TrimLeft(text, " ")
		indent := len(text) - len(trimmed)
		if strings.TrimLeft(trimmed, "\t") == "" || trimmed[0] == '#' {
			continue
		}
		for len(indents) > 0 && indents[len(indents)-1] > indent {
			indents, question = indents[:len(indents)-1], question[:len(question)-1]
		}
		n := len(indents)
		if depth(off) == 0 && (trimmed == ":" || strings.HasPrefix(trimmed, ": ") || strings.HasPrefix(trimmed, ":\t")) &&
			(n == 0 || indents[n-1] != indent || !question[n-1]) {
			sites = append(sites, site{off + indent, RuleYAMLKey, message.New("yaml.key.empty")})
		}
		if n > 0 && indents[n-1] == indent {
			indents, question = indents[:n-1], question[:n-1]
		}
		indents = append(indents, indent)
		question = append(question, trimmed == "?" || strings.HasPrefix(trimmed, "? "))
	}
	if len(sites) == 0 {
		return data, nil
	}
	var out []byte
	last := 0
	for _, s := range sites {
		out = append(out, data[last:s.off]...)
		out = append(out, 'k')
		last = s.off
	}
	return append(out, data[last:]...), sites
}

// tokenStart reports whether data[i] starts a token: at a line's start or
// after a space, a tab or a flow indicator.
func tokenStart(data []byte, i int) bool {
	return i == 0 || bytes.IndexByte([]byte(" \t\n[{,"), data[i-1]) >= 0
}

func isSpaceOrEnd(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// scanTokens calls f for each byte of data outside comments, with the
// quote (' or ") of the quoted text it is in, or 0. A quote opens quoted
// text only where a token starts (after a space, a line's start, a flow
// indicator or a ':'), as YAML reads it; it is an approximation for
// explaining errors, never for reading values.
func scanTokens(data []byte, f func(i int, quote byte)) {
	var quote byte
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case quote == '"':
			f(i, quote)
			if c == '\\' {
				i++
				if i < len(data) {
					f(i, quote)
				}
			} else if c == '"' {
				quote = 0
			}
			continue
		case quote == '\'':
			f(i, quote)
			if c == '\'' {
				if i+1 < len(data) && data[i+1] == '\'' {
					i++
				} else {
					quote = 0
				}
			}
			continue
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			continue
		case (c == '"' || c == '\'') && (tokenStart(data, i) || data[i-1] == ':'):
			quote = c
		}
		f(i, quote)
	}
}

// flowDepths returns a function giving the nesting of brackets at an
// offset of data, outside quoted text and comments.
func flowDepths(data []byte) func(off int) int {
	depths := make([]int16, len(data)+1)
	var depth int16
	pos := 0
	scanTokens(data, func(i int, quote byte) {
		for ; pos <= i; pos++ {
			depths[pos] = depth
		}
		if quote != 0 {
			return
		}
		switch data[i] {
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	})
	for ; pos <= len(data); pos++ {
		depths[pos] = depth
	}
	return func(off int) int { return int(depths[off]) }
}

// flowAround returns the start and end offsets of the outermost
// collection in brackets that is closed and spans line (1-based), if any.
func flowAround(data []byte, line int) (start, end int, ok bool) {
	depth, open, first := 0, -1, 0
	current, counted := 1, 0 // the line of offset counted
	found := false
	scanTokens(data, func(i int, quote byte) {
		if found || quote != 0 {
			return
		}
		current += bytes.Count(data[counted:i], []byte("\n"))
		counted = i
		switch data[i] {
		case '[', '{':
			if depth == 0 {
				open, first = i, current
			}
			depth++
		case ']', '}':
			if depth == 0 {
				return
			}
			depth--
			if depth == 0 {
				if first <= line && line <= current {
					start, end, found = open, i, true
				}
			}
		}
	})
	return start, end, found
}

// topShape returns what the text holds at its top level, by its first
// token, as YAML reads it: "a mapping", "a list", "a single value", "an
// alias", "" for nothing, or "unknown"; and the offset of that token.
func topShape(data []byte) (string, int) {
	begun := false
	for off, line := range lines(data) {
		text := strings.TrimRight(string(line), "\r")
		at := 0
		if isMarker(text, "---") {
			begun, at = true, 3
		} else if !begun && strings.HasPrefix(text, "%") {
			continue
		}
		for {
			for at < len(text) && (text[at] == ' ' || text[at] == '\t') {
				at++
			}
			if at == len(text) || text[at] == '#' {
				break // nothing on this line: go on to the next
			}
			// A node's anchor or tag comes before the node itself.
			if text[at] == '&' || text[at] == '!' {
				for at < len(text) && text[at] != ' ' && text[at] != '\t' {
					at++
				}
				continue
			}
			return shapeAt(data, off+at), off + at
		}
	}
	return "", 0
}

// shapeAt returns the shape of the node whose first token is at data[i].
func shapeAt(data []byte, i int) string {
	next := func(j int) byte {
		if j < len(data) {
			return data[j]
		}
		return '\n'
	}
	// afterColon reports whether a ':' (with only spaces before it)
	// follows offset j on its line.
	afterColon := func(j int) bool {
		for j < len(data) && (data[j] == ' ' || data[j] == '\t') {
			j++
		}
		return j < len(data) && data[j] == ':'
	}
	switch c := data[i]; {
	case (c == '-' || c == '?' || c == ':') && isSpaceOrEnd(next(i+1)):
		if c == '-' {
			return "a list"
		}
		return "a mapping"
	case c == '{':
		return "a mapping"
	case c == '[', c == '"', c == '\'':
		end := closing(data, i)
		switch {
		case end < 0:
			return "unknown"
		case afterColon(end + 1):
			return "a mapping"
		case c == '[':
			return "a list"
		}
		return "a single value"
	case c == '|' || c == '>':
		return "a single value"
	case c == '*':
		j := i
		for j < len(data) && !isSpaceOrEnd(data[j]) {
			j++
		}
		if afterColon(j) {
			return "a mapping"
		}
		return "an alias"
	}
	// Plain text: a key when ": " (or a ':' at the line's end) follows on
	// its line before any comment.
	for j := i; j < len(data) && data[j] != '\n'; j++ {
		if data[j] == ':' && isSpaceOrEnd(next(j+1)) {
			return "a mapping"
		}
		if data[j] == '#' && j > i && (data[j-1] == ' ' || data[j-1] == '\t') {
			break
		}
	}
	return "a single value"
}

// closing returns the offset of the quote or bracket that closes the one
// at data[i], or -1.
func closing(data []byte, i int) int {
	switch data[i] {
	case '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j
			}
		}
		return -1
	case '\'':
		for j := i + 1; j < len(data); j++ {
			if data[j] == '\'' {
				if j+1 < len(data) && data[j+1] == '\'' {
					j++
					continue
				}
				return j
			}
		}
		return -1
	}
	depth, end := 0, -1
	scanTokens(data[i:], func(j int, quote byte) {
		if end >= 0 || quote != 0 {
			return
		}
		switch data[i+j] {
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				end = i + j
			}
		}
	})
	return end
}
