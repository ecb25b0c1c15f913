// Package diag defines the problems the tool finds in records: positioned
// values (file, line, column, JSON pointer, rule), kept apart from failures
// of the tool itself, which are plain errors. Printers for people and
// machines live in print.go; nothing here decides what is a problem.
package diag

import (
	"sort"
	"strconv"
	"strings"

	"agreements/internal/message"
)

// Severity says whether a diagnostic fails the check (Error) or only
// informs (Warning).
type Severity int

const (
	// Error makes validation fail.
	Error Severity = iota
	// Warning is reported but does not fail validation.
	Warning
)

// String returns "error" or "warning", the words used in every output.
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in one file.
type Diagnostic struct {
	// File is relative to the registry root, with forward slashes.
	File string
	// Line and Column are 1-based; both are 0 when the problem concerns
	// the whole file.
	Line, Column int
	Severity     Severity
	// Rule is the stable id of the rule that found the problem, such as
	// "schema.enum"; it never changes with the language.
	Rule string
	// Pointer is the JSON pointer (RFC 6901) of the value concerned, or ""
	// for the whole file or document.
	Pointer string
	// Message says what is wrong; Hint, when set, what was probably meant.
	Message message.Text
	Hint    message.Text
}

// Text renders the message for people: the field path (derived from the
// pointer), the message, and the hint.
func (d Diagnostic) Text() string {
	if p := shortPath(FieldPath(d.Pointer)); p != "" {
		return p + ": " + d.Body()
	}
	return d.Body()
}

// Body renders the message and the hint, without the field path.
func (d Diagnostic) Body() string {
	if d.Hint.IsZero() {
		return d.Message.String()
	}
	return d.Message.String() + "; " + d.Hint.String()
}

// TextIn is Text in language lang, whatever the current language.
func (d Diagnostic) TextIn(lang string) string {
	body := d.Message.In(lang)
	if !d.Hint.IsZero() {
		body += "; " + d.Hint.In(lang)
	}
	if p := shortPath(FieldPath(d.Pointer)); p != "" {
		return p + ": " + body
	}
	return body
}

// RulePanic is reported on a file whose check crashed: a bug in the tool,
// contained to that file.
const RulePanic = "internal.panic"

// Rule describes one check: its stable id, its default severity and the
// catalog key of its one-line description.
type Rule struct {
	ID       string
	Severity Severity
}

// Doc returns the one-line description of the rule from the catalog
// (key "doc.<id>").
func (r Rule) Doc() string { return message.New("doc." + r.ID).String() }

// Sort orders diagnostics by file, line, column, then rule and message, so
// that output does not depend on the order in which files were checked.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Text() < b.Text()
	})
}

// Count returns the number of errors and warnings in ds.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Warning {
			warnings++
		} else {
			errors++
		}
	}
	return errors, warnings
}

// FieldPath turns a JSON pointer into the path people read in messages:
// "/contributions/0/type" becomes "contributions[0].type".
func FieldPath(pointer string) string {
	if pointer == "" {
		return ""
	}
	var b strings.Builder
	for _, seg := range strings.Split(pointer[1:], "/") {
		seg = UnescapePointer(seg)
		if _, err := strconv.Atoi(seg); err == nil && b.Len() > 0 {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// shortPath keeps a very deep field path readable: its start and its end.
func shortPath(p string) string {
	const keep = 40
	if len(p) <= 2*keep {
		return p
	}
	return p[:keep] + "…" + p[len(p)-keep:]
}

// EscapePointer escapes one reference token of a JSON pointer.
func EscapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// UnescapePointer undoes EscapePointer.
func UnescapePointer(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
