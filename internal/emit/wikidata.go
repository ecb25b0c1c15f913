package emit

import (
	"fmt"
	"io"
	"strings"

	"agreements/internal/index"
	"agreements/internal/message"
	"agreements/internal/record"
)

// wikidata.qs is a starting point for Wikidata's editors, never uploaded
// by the tool: QuickStatements (its tab-separated command format) that
// create an item for every agreement whose parties all have a Wikidata
// item (identifiers, scheme XI-WIKIDATA). Each item gets its titles as
// labels, "agreement" as its class, its parties as participants, its
// exact signing date, its signatories (people without items, by the name
// the record gives), each statement referenced by the record's sources.
// A hedged date ("2007~") is left out: Wikidata would read it as exact.

// Wikidata's properties and the one class the file uses.
const (
	wdAgreement     = "Q321839" // agreement
	wdInstanceOf    = "P31"
	wdParticipant   = "P710"
	wdSignatory     = "P1891"
	wdPointInTime   = "P585"
	wdObjectNamedAs = "P1932"
	wdReferenceURL  = "S854"
	wdRetrieved     = "S813"
)

// wikidataItems are the agreements the file can describe, with each
// party's item.
func (s *site) wikidataItems() []*index.Agreement {
	var out []*index.Agreement
	for i := range s.ix.Agreements {
		a := &s.ix.Agreements[i]
		all := len(a.Parties) > 0
		for _, p := range a.Parties {
			if s.wikidataItem(p.ID) == "" {
				all = false
				break
			}
		}
		if all {
			out = append(out, a)
		}
	}
	return out
}

// wikidataItem is an organisation's Wikidata item, or "".
func (s *site) wikidataItem(org string) string {
	if o := s.orgs[org]; o != nil {
		for _, id := range o.Identifiers {
			if id.Scheme == "XI-WIKIDATA" {
				return id.ID
			}
		}
	}
	return ""
}

// writeWikidata writes wikidata.qs.
func (s *site) writeWikidata(w io.Writer) error {
	var b strings.Builder
	for _, a := range s.wikidataItems() {
		b.WriteString("CREATE\n")
		for _, lang := range message.Languages {
			if t, ok := a.Title.In(lang); ok {
				fmt.Fprintf(&b, "LAST\tL%s\t%s\n", lang, qsString(t))
				desc := label(lang, "kind."+a.Kind)
				if a.Year != "" {
					desc += " (" + a.Year + ")"
				}
				fmt.Fprintf(&b, "LAST\tD%s\t%s\n", lang, qsString(desc))
			}
		}
		refs := qsReferences(a.Sources)
		fmt.Fprintf(&b, "LAST\t%s\t%s%s\n", wdInstanceOf, wdAgreement, refs)
		for _, p := range a.Parties {
			fmt.Fprintf(&b, "LAST\t%s\t%s%s\n", wdParticipant, s.wikidataItem(p.ID), refs)
		}
		if a.Dates != nil {
			if t, ok := qsTime(a.Dates.Signed); ok {
				fmt.Fprintf(&b, "LAST\t%s\t%s%s\n", wdPointInTime, t, refs)
			}
		}
		for _, act := range a.Actions {
			for _, person := range act.Signatories {
				fmt.Fprintf(&b, "LAST\t%s\tsomevalue\t%s\t%s%s\n", wdSignatory, wdObjectNamedAs, qsString(person.Name), refs)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// qsString quotes a text as QuickStatements does; the format has no
// escape, so a double quote becomes a typographic one and a line break
// a space.
func qsString(s string) string {
	s = strings.NewReplacer(`"`, "”", "\t", " ", "\n", " ", "\r", " ").Replace(s)
	return `"` + s + `"`
}

// qsTime writes an exact date at its precision (day 11, month 10, year
// 9); a hedged date is none.
func qsTime(date string) (string, bool) {
	core, qualifier := record.SplitQualifier(date)
	if _, _, ok := record.DateRange(date); !ok || qualifier != "" {
		return "", false
	}
	switch len(core) {
	case 4:
		return "+" + core + "-00-00T00:00:00Z/9", true
	case 7:
		return "+" + core + "-00T00:00:00Z/10", true
	}
	return "+" + core + "T00:00:00Z/11", true
}

// qsReferences are a statement's references: the first source with an
// address, with the day it was last read where the record gives one.
func qsReferences(sources []index.Source) string {
	for _, src := range sources {
		if !strings.HasPrefix(src.URL, "http") {
			continue
		}
		ref := "\t" + wdReferenceURL + "\t" + qsString(src.URL)
		if t, ok := qsTime(src.Retrieved); ok {
			ref += "\t" + wdRetrieved + "\t" + t
		}
		return ref
	}
	return ""
}
