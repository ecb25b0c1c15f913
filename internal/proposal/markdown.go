package proposal

import (
	"fmt"
	"io"
	"path"
	"strings"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
)

// Outcome is what from-issue made of an issue's body.
type Outcome struct {
	// Written are the files written (none when there are errors).
	Written []string
	// ID is the agreement's id; IDDerived says it was made from the
	// answers.
	ID        string
	IDDerived bool
	// Errors stopped the records being written; Warnings did not.
	Errors, Warnings []Problem
}

// markdownLanguages are the languages of the text written for GitHub: the
// registry's, then the one most readers share.
var markdownLanguages = []string{"es", "en"}

// WriteMarkdown writes the outcome for the issue or the pull request, in
// Spanish then English: the files written, or what to fix, question by
// question; and the warnings, a possible duplicate with the existing
// record's page under siteURL (the published site's address, or "" for
// none). Text from the body is in code spans or escaped.
func WriteMarkdown(w io.Writer, o Outcome, siteURL string) error {
	var b strings.Builder
	for i, lang := range markdownLanguages {
		if i > 0 {
			b.WriteString("\n---\n\n")
		}
		t := func(key string, pairs ...string) string { return message.New(key, pairs...).In(lang) }
		if len(o.Errors) > 0 {
			fmt.Fprintf(&b, "**%s**\n\n", t("proposal.md.errors"))
			writeProblems(&b, o.Errors, lang, siteURL)
		} else {
			fmt.Fprintf(&b, "**%s**\n\n", t("proposal.md.written"))
			for _, f := range o.Written {
				fmt.Fprintf(&b, "- %s\n", diag.Clean("`"+f+"`"))
			}
			if o.IDDerived {
				fmt.Fprintf(&b, "\n%s\n", t("proposal.md.derived", "id", "`"+o.ID+"`"))
			}
		}
		if len(o.Warnings) > 0 {
			fmt.Fprintf(&b, "\n**%s**\n\n", t("proposal.md.warnings"))
			writeProblems(&b, o.Warnings, lang, siteURL)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeProblems(b *strings.Builder, problems []Problem, lang, siteURL string) {
	for _, p := range problems {
		label := p.Label
		if label == "" {
			label = p.Field
		}
		fmt.Fprintf(b, "- **%s**: %s\n", diag.MarkdownText(label), diag.MarkdownText(p.In(lang)))
		for _, other := range duplicates(p) {
			fmt.Fprintf(b, "  - %s\n", message.New("proposal.md.existing", "record", recordLink(other, siteURL)).In(lang))
		}
	}
}

// duplicates returns the files a possible-duplicate warning names.
func duplicates(p Problem) []string {
	if p.Found == nil || p.Found.Rule != "record.possible-duplicate" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(p.Found.Message.Arg("others"), ", ") {
		if _, known := record.Classify(f); known {
			out = append(out, f)
		}
	}
	return out
}

// recordLink names a record by its file, linked to its page on the site
// when the site's address is known.
func recordLink(file, siteURL string) string {
	f, _ := record.Classify(file)
	id := strings.TrimSuffix(path.Base(file), ".yaml")
	name := "`" + file + "`"
	if siteURL == "" {
		return name
	}
	return "[" + name + "](" + strings.TrimSuffix(siteURL, "/") + "/" + f.Kind.Folder() + "/" + id + "/)"
}
