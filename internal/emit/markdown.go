package emit

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

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
	return fmt.Appendf(nil, "| %s | %s | %s | %s | %s |\n", MarkdownCell(a.ID), MarkdownCell(title),
		MarkdownCell(label(lang, "status."+a.StatusAsOf)), MarkdownCell(a.Year), MarkdownCell(strings.Join(partyNames(*a), ", ")))
}

// MarkdownCell makes text safe in a Markdown table cell: a pipe cannot end
// the cell, a backtick cannot open code, < cannot open HTML, and line
// breaks are folded so that a row stays a row.
func MarkdownCell(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '|', '`', '<', '>', '\\', '[', ']', '*', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
