package emit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"agreements/internal/index"
)

// summaryMarkdown is short enough for a GitHub step summary: the counts
// and a table of agreements, whose rows (markdownRow) are given in id
// order.
func summaryMarkdown(out io.Writer, lang string, f index.Facets, organizations int, rows [][]byte, gen *index.Generated) error {
	b := bufio.NewWriter(out)
	fmt.Fprintf(b, "# %s\n\n", label(lang, "registry"))
	fmt.Fprintf(b, "%s\n\n", label(lang, "summary.counts", "agreements", fmt.Sprint(f.Total),
		"organizations", fmt.Sprint(organizations)))
	if len(f.Status) > 0 {
		fmt.Fprintf(b, "%s: ", label(lang, "summary.by-status"))
		var parts []string
		for _, s := range slices.Sorted(maps.Keys(f.Status)) {
			parts = append(parts, fmt.Sprintf("%s %d", MarkdownCell(label(lang, "status."+s)), f.Status[s]))
		}
		b.WriteString(strings.Join(parts, ", ") + ".\n\n")
	}
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
		label(lang, "col.id"), label(lang, "col.title"), label(lang, "col.status"), label(lang, "col.year"), label(lang, "col.parties"))
	for _, r := range rows {
		b.Write(r)
	}
	if gen != nil {
		fmt.Fprintf(b, "\n%s\n", label(lang, "summary.generated", "commit", gen.Commit[:7], "date", gen.Date.Format("2006-01-02")))
	}
	return b.Flush()
}

// markdownRow is an agreement's row of summary.md's table.
func markdownRow(a *index.Agreement, lang string) []byte {
	title, _ := a.Title.In(lang)
	var scratch [512]byte
	b := scratch[:0]
	for _, cell := range [...]string{a.ID, title, label(lang, "status."+a.StatusAsOf), a.Year, strings.Join(partyNames(*a), ", ")} {
		b = append(b, "| "...)
		b = appendMarkdownCell(b, cell)
		b = append(b, ' ')
	}
	return bytes.Clone(append(b, "|\n"...)) // kept until the end: exactly its size
}

// MarkdownCell makes text safe in a Markdown table cell: a pipe cannot end
// the cell, a backtick cannot open code, < cannot open HTML, and line
// breaks are folded so that a row stays a row.
func MarkdownCell(s string) string { return string(appendMarkdownCell(nil, s)) }

// appendMarkdownCell appends MarkdownCell(s).
func appendMarkdownCell(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '|', c == '`', c == '<', c == '>', c == '\\', c == '[', c == ']', c == '*', c == '_', c == '\n', c == '\r', c == '\t':
			plain = false
		}
	}
	if plain {
		return append(b, s...)
	}
	for _, r := range s { // invalid UTF-8 comes out as U+FFFD, as it always has
		switch r {
		case '|', '`', '<', '>', '\\', '[', ']', '*', '_':
			b = append(b, '\\', byte(r))
		case '\n', '\r', '\t':
			b = append(b, ' ')
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}
