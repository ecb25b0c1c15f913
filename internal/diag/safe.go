package diag

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean returns s with every control character, line or paragraph
// separator, bidirectional control and byte that is not UTF-8 written as
// a Go escape (\n, \x1b, \u202e, \xff), so that a path or a record's text
// printed by the tool cannot start a new line, move the cursor, reorder
// what a reviewer sees, or end a workflow command early. Other text is
// unchanged.
func Clean(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// Guard returns a line of output that GitHub Actions cannot read as a
// workflow command: one that starts with "::" or "##[" (after spaces, which
// the runner trims) gets a backslash first. Every line the tool prints
// that can start with a path or a record's text goes through it, in every
// environment, so that the output does not depend on where it runs.
func Guard(line string) string {
	trimmed := strings.TrimLeft(line, " \t")
	if strings.HasPrefix(trimmed, "::") || strings.HasPrefix(trimmed, "##[") {
		return `\` + line
	}
	return line
}

// MarkdownText returns s for Markdown within a line, as the summaries and
// comments the tool writes for GitHub hold record and issue text: cleaned
// (Clean), line breaks as spaces (so nothing can start a heading or a
// list), and a backslash before each character that could start
// emphasis, code, a link, an image, HTML, a table cell, strikethrough, a
// heading or a mention.
func MarkdownText(s string) string {
	var b strings.Builder
	for _, r := range Clean(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)) {
		if strings.ContainsRune("\\`*_[]<>|~&#@!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
