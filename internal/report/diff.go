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

// DiffMarkdown writes the diff for a GitHub step summary or a pull
// request comment. Text from records is escaped so that it cannot change
// the document's structure.
func DiffMarkdown(w io.Writer, d *change.Diff) error {
	var b strings.Builder
	short := func(h string) string {
		if len(h) >= 7 {
			return h[:7]
		}
		return h
	}
	fmt.Fprintf(&b, "## %s\n\n", message.New("diff.heading", "base", mdText(d.BaseRef), "head", mdText(d.HeadRef), "commit", short(d.Head)))
	count := map[change.RecordAction]int{}
	for _, r := range d.Records {
		count[r.Action]++
	}
	fmt.Fprintf(&b, "%s\n\n", message.New("diff.counts", "added", fmt.Sprint(count[change.Added]),
		"modified", fmt.Sprint(count[change.Modified]), "deleted", fmt.Sprint(count[change.Deleted]),
		"renamed", fmt.Sprint(count[change.Renamed]), "mergebase", short(d.MergeBase)))
	if len(d.Records) == 0 && len(d.RuleFiles) == 0 {
		fmt.Fprintf(&b, "%s\n", message.New("diff.nothing"))
	}
	// A change to the rules comes first: it changes how everything below
	// was judged.
	if len(d.RuleFiles) > 0 {
		fmt.Fprintf(&b, "### %s\n\n", message.New("diff.rules"))
		for _, f := range d.RuleFiles {
			fmt.Fprintf(&b, "- %s\n", code(f))
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
		fmt.Fprintf(&b, "### %s\n\n", message.New(section.key))
		for _, r := range d.Records {
			if r.Action != section.action {
				continue
			}
			// Text from records goes in code spans: nothing in it can
			// mention someone, link an issue or become a link.
			name := "**" + code(r.ID) + "**"
			if r.OldID != "" {
				name = "**" + code(r.OldID) + "** → " + name
			}
			fmt.Fprintf(&b, "- %s (%s)", name, mdText(r.Kind))
			if r.Title != "" {
				fmt.Fprintf(&b, ": %s", code(r.Title))
			}
			if len(r.Parties) > 0 {
				fmt.Fprintf(&b, " — %s", message.New("diff.parties", "parties", code(strings.Join(r.Parties, ", "))))
			}
			b.WriteString("\n")
			for _, f := range r.Fields {
				switch f.Kind {
				case recdiff.Added:
					fmt.Fprintf(&b, "  - %s: %s %s\n", code(f.Path), message.New("diff.field-added"), code(f.New))
				case recdiff.Removed:
					fmt.Fprintf(&b, "  - %s: %s %s\n", code(f.Path), message.New("diff.field-removed"), code(f.Old))
				default:
					fmt.Fprintf(&b, "  - %s: %s → %s\n", code(f.Path), code(f.Old), code(f.New))
				}
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// mdText escapes text for Markdown within a line: the characters that
// could start emphasis, code, links, images, HTML, tables or strikethrough
// are backslash-escaped, and line breaks become spaces (so nothing can
// start a heading or a list).
func mdText(s string) string {
	var b strings.Builder
	for _, r := range diag.Clean(strings.NewReplacer("\n", " ", "\r", " ").Replace(s)) {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_[]<>|~&", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
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
