package emit

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"agreements/internal/index"
	"agreements/internal/message"
)

// recentInSummary is how many agreements summary.md lists: a GitHub step
// summary holds at most 1 MiB, and the site has the rest.
const recentInSummary = 20

// summaryMarkdown writes summary.md, for a GitHub step summary: the counts,
// and the agreements changed most recently (or, without history, the
// first by id), with a link to the site for the rest. Its size does not
// grow with the registry.
func summaryMarkdown(out io.Writer, lang, baseURL string, ix *index.Index, f index.Facets) error {
	b := bufio.NewWriter(out)
	fmt.Fprintf(b, "# %s\n\n", label(lang, "registry"))
	fmt.Fprintf(b, "%s\n\n", label(lang, "summary.counts", "agreements", strconv.Itoa(f.Total),
		"organizations", strconv.Itoa(len(ix.Organizations))))
	if len(f.Status) > 0 {
		var parts []string
		for _, s := range slices.Sorted(maps.Keys(f.Status)) {
			parts = append(parts, fmt.Sprintf("%s %d", MarkdownCell(label(lang, "status."+s)), f.Status[s]))
		}
		fmt.Fprintf(b, "%s: %s.\n\n", label(lang, "summary.by-status"), strings.Join(parts, ", "))
	}
	recent := make([]*index.Agreement, len(ix.Agreements))
	for i := range ix.Agreements {
		recent[i] = &ix.Agreements[i]
	}
	sort.SliceStable(recent, func(i, j int) bool { return updated(recent[i]).After(updated(recent[j])) })
	if len(recent) > recentInSummary {
		recent = recent[:recentInSummary]
	}
	fmt.Fprintf(b, "## %s\n\n", label(lang, "summary.recent"))
	fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
		label(lang, "col.id"), label(lang, "col.title"), label(lang, "col.status"), label(lang, "col.year"), label(lang, "col.parties"))
	for _, a := range recent {
		title, _ := a.Title.In(lang)
		for _, cell := range []string{a.ID, title, label(lang, "status."+a.StatusAsOf), a.Year, strings.Join(partyNames(a), ", ")} {
			b.WriteString("| " + MarkdownCell(cell) + " ")
		}
		b.WriteString("|\n")
	}
	if more := len(ix.Agreements) - len(recent); more > 0 {
		fmt.Fprintf(b, "\n%s\n", label(lang, message.Plural(more, "summary.more-one", "summary.more"), "n", strconv.Itoa(more)))
	}
	if baseURL != "" {
		fmt.Fprintf(b, "\n%s\n", label(lang, "summary.site", "url", strings.TrimSuffix(baseURL, "/")+"/"))
	}
	if gen := ix.GeneratedFrom; gen != nil {
		fmt.Fprintf(b, "\n%s\n", label(lang, "summary.generated", "commit", gen.Commit[:7], "date", gen.Date.Format("2006-01-02")))
	}
	return b.Flush()
}

// markdownEscapes are the characters that could end a table cell, open
// code, HTML, a link or emphasis, each escaped; line breaks fold into
// spaces, so that a row stays a row.
var markdownEscapes = strings.NewReplacer(
	"|", `\|`, "`", "\\`", "<", `\<`, ">", `\>`, `\`, `\\`, "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`,
	"\n", " ", "\r", " ", "\t", " ",
)

// MarkdownCell makes text safe in a Markdown table cell.
func MarkdownCell(s string) string { return markdownEscapes.Replace(strings.ToValidUTF8(s, "\uFFFD")) }
