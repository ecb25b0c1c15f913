package report

import (
	"fmt"
	"io"
	"strings"

	"agreements/internal/change"
	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/recdiff"
)

// DiffLabels prints the labels a change deserves (Diff.Labels), one a line.
func DiffLabels(w io.Writer, d *change.Diff) error {
	for _, l := range d.Labels() {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// DiffJSON writes the diff as indented JSON.
func DiffJSON(w io.Writer, d *change.Diff) error {
	return writeJSON(w, d)
}

// MaxSummary is the most DiffMarkdown writes: GitHub refuses a step
// summary over 1 MiB, so a larger change is summed up (counts, then the
// changes in order until the budget is spent) and the rest is left to the
// JSON diff, which the judge keeps as the run's artifact.
const MaxSummary = 1000 * 1000

// summaryLanguages are the summary's languages: Spanish, the registry's,
// shown; English below it, folded.
var summaryLanguages = []string{"es", "en"}

// DiffMarkdown writes the reviewers' summary of a change, for a GitHub
// step summary or a pull request comment: the check's verdict with its
// counts (checked is pull-request mode's report, or nil when there is
// none), its errors and warnings, the rules changed, then each record: an
// added one with its status, dates, parties and sources, a modified one
// with its fields, a renamed or deleted one marked as forbidden. Spanish
// first, English folded below it, never more than MaxSummary bytes. Text
// from records is escaped so that it cannot change the document's
// structure.
func DiffMarkdown(w io.Writer, d *change.Diff, checked *diag.Report) error {
	var b strings.Builder
	budget := MaxSummary / len(summaryLanguages)
	for i, lang := range summaryLanguages {
		start := b.Len()
		if i > 0 {
			b.WriteString("\n<details><summary>English</summary>\n\n")
		}
		writeSummary(&b, d, checked, lang, start+budget-200)
		if i > 0 {
			b.WriteString("\n</details>\n")
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// writeSummary writes the summary in one language, stopping before b
// would grow past limit bytes and saying how much was left out.
func writeSummary(b *strings.Builder, d *change.Diff, checked *diag.Report, lang string, limit int) {
	t := func(key string, pairs ...string) string { return message.New(key, pairs...).In(lang) }
	short := func(h string) string {
		if len(h) >= 7 {
			return h[:7]
		}
		return h
	}
	if checked != nil {
		errs, warns := diag.Count(checked.Diagnostics)
		counts := []string{
			"errors", t(message.Plural(errs, "diff.errors-one", "diff.errors"), "n", fmt.Sprint(errs)),
			"warnings", t(message.Plural(warns, "diff.warnings-one", "diff.warnings"), "n", fmt.Sprint(warns)),
		}
		verdict := t("diff.verdict.pass", counts...)
		if errs > 0 {
			verdict = t("diff.verdict.fail", counts...)
		}
		fmt.Fprintf(b, "## %s\n\n", verdict)
	}
	fmt.Fprintf(b, "### %s\n\n", t("diff.heading", "base", diag.MarkdownText(d.BaseRef), "head", diag.MarkdownText(d.HeadRef), "commit", short(d.Head)))
	count := map[change.RecordAction]int{}
	for _, r := range d.Records {
		count[r.Action]++
	}
	fmt.Fprintf(b, "%s\n\n", t("diff.counts", "added", fmt.Sprint(count[change.Added]),
		"modified", fmt.Sprint(count[change.Modified]), "deleted", fmt.Sprint(count[change.Deleted]),
		"renamed", fmt.Sprint(count[change.Renamed]), "mergebase", short(d.MergeBase)))
	if len(d.Records) == 0 && len(d.RuleFiles) == 0 {
		fmt.Fprintf(b, "%s\n", t("diff.nothing"))
	}
	// Each entry is written whole or not at all; left counts what did
	// not fit.
	left := 0
	entry := func(text string) {
		if left > 0 || b.Len()+len(text) > limit {
			left++
			return
		}
		b.WriteString(text)
	}
	if checked != nil && len(checked.Diagnostics) > 0 {
		fmt.Fprintf(b, "#### %s\n\n", t("diff.problems"))
		for _, p := range checked.Diagnostics {
			where := p.File
			if p.Line > 0 {
				where = fmt.Sprintf("%s:%d", p.File, p.Line)
			}
			entry(fmt.Sprintf("- %s %s: %s `%s`\n", t("diff.severity."+p.Severity.String()), code(where), diag.MarkdownText(p.TextIn(lang)), p.Rule))
		}
		b.WriteString("\n")
	}
	// A change to the rules comes first among the changes: it changes how
	// everything below was judged.
	if len(d.RuleFiles) > 0 {
		fmt.Fprintf(b, "#### %s\n\n", t("diff.rules"))
		for _, f := range d.RuleFiles {
			entry(fmt.Sprintf("- %s\n", code(f)))
		}
		b.WriteString("\n")
	}
	for _, section := range []struct {
		action change.RecordAction
		key    string
	}{{change.Added, "diff.added"}, {change.Modified, "diff.modified"}, {change.Renamed, "diff.renamed"}, {change.Deleted, "diff.deleted"}} {
		if count[section.action] == 0 {
			continue
		}
		heading := t(section.key)
		if section.action == change.Renamed || section.action == change.Deleted {
			heading += " — " + t("diff.forbidden")
		}
		fmt.Fprintf(b, "#### %s\n\n", heading)
		for _, r := range d.Records {
			if r.Action == section.action {
				entry(recordEntry(r, t))
			}
		}
		b.WriteString("\n")
	}
	if left > 0 {
		fmt.Fprintf(b, "%s\n", t("diff.truncated", "n", fmt.Sprint(left)))
	}
}

// recordEntry is one record's item in the summary.
func recordEntry(r change.RecordDiff, t func(string, ...string) string) string {
	var b strings.Builder
	// Text from records goes in code spans: nothing in it can mention
	// someone, link an issue or become a link.
	name := "**" + code(r.ID) + "**"
	if r.OldID != "" {
		name = "**" + code(r.OldID) + "** → " + name
	}
	fmt.Fprintf(&b, "- %s (%s)", name, diag.MarkdownText(r.Kind))
	if r.Title != "" {
		fmt.Fprintf(&b, ": %s", code(r.Title))
	}
	if len(r.Parties) > 0 {
		fmt.Fprintf(&b, " — %s", t("diff.parties", "parties", code(strings.Join(r.Parties, ", "))))
	}
	b.WriteString("\n")
	if r.Status != "" {
		fmt.Fprintf(&b, "  - %s: %s\n", t("diff.status"), code(r.Status))
	}
	for _, k := range []string{"signed", "start", "end"} {
		if v := r.Dates[k]; v != "" {
			fmt.Fprintf(&b, "  - %s: %s\n", t("diff.date."+k), code(v))
		}
	}
	for _, s := range r.Sources {
		if s.URL != "" {
			fmt.Fprintf(&b, "  - %s: %s %s\n", t("diff.source"), code(s.Title), code(s.URL))
		} else {
			fmt.Fprintf(&b, "  - %s: %s\n", t("diff.source"), code(s.Title))
		}
	}
	for _, f := range r.Fields {
		switch f.Kind {
		case recdiff.Added:
			fmt.Fprintf(&b, "  - %s: %s %s\n", code(f.Path), t("diff.field-added"), code(f.New))
		case recdiff.Removed:
			fmt.Fprintf(&b, "  - %s: %s %s\n", code(f.Path), t("diff.field-removed"), code(f.Old))
		default:
			fmt.Fprintf(&b, "  - %s: %s → %s\n", code(f.Path), code(f.Old), code(f.New))
		}
	}
	return b.String()
}

// code writes s as an inline code span, with a fence longer than any run
// of backticks inside it; values longer than 200 characters are cut.
func code(s string) string {
	s = diag.Clean(strings.NewReplacer("\n", " ", "\r", " ").Replace(s))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}
