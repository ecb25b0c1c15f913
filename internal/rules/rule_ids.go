package rules

import (
	"strings"

	"agreements/internal/message"
	"agreements/internal/record"
)

// checkIDMismatch is record.id-mismatch: a record's id is its file name.
func checkIDMismatch(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.ID.Pointer == "" || f.ID.Text == f.Stem {
			continue
		}
		// Renaming the file is offered only when the id is a valid one.
		hint := message.New("hint.id-change", "id", quote(f.Stem))
		if record.ValidID(f.ID.Text) {
			hint = message.New("hint.id-mismatch", "id", quote(f.Stem), "file", quote(f.ID.Text+".yaml"))
		}
		p.Report(r, f, f.ID, message.New(RuleIDMismatch, "id", quote(f.ID.Text), "file", quote(f.Stem+".yaml")), hint)
	}
}

// checkIDDuplicate finds ids that differ only in case: on a file system
// that ignores case (macOS, Windows) they would be one file.
func checkIDDuplicate(p *Pass, r *Rule) {
	first := map[record.Kind]map[string]int{record.Agreement: {}, record.Organization: {}}
	for i, file := range p.c.files {
		stem, id := file.Stem(), file.Stem()
		if k := p.c.wholeFacts(i); k != nil {
			id = k.ID.Text
		}
		for _, id := range uniqueStrings(stem, id) {
			key := strings.ToLower(id)
			prev, seen := first[file.Kind][key]
			if !seen {
				first[file.Kind][key] = i
				continue
			}
			if prev != i {
				f := p.facts(i)
				p.Report(r, f, f.At(), message.New(RuleIDDuplicate, "id", quote(id), "other", p.c.files[prev].Path), message.Text{})
			}
		}
	}
}

func uniqueStrings(a, b string) []string {
	if b == "" || strings.EqualFold(a, b) {
		return []string{a}
	}
	return []string{a, b}
}
