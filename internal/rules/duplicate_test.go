package rules

import (
	"strings"
	"testing"
)

// TestDuplicates: what record.possible-duplicate finds and leaves alone.
func TestDuplicates(t *testing.T) {
	withDate := func(f *Facts, signed, title string) *Facts {
		f.Signed = Value{Text: signed, Pointer: "/dates/signed"}
		f.TitleES = title
		return f
	}
	org := func(id, website string, names ...string) *Facts {
		f := organization(id)
		f.Names, f.Website = names, website
		return f
	}
	notDup := func(f *Facts, ids ...string) *Facts {
		f.NotDuplicateOf = ids
		return f
	}
	base := func() []*Facts {
		return []*Facts{org("lacnic", "https://www.lacnic.net/", "LACNIC"), org("x", "https://x.org/", "Organización X", "X")}
	}
	tests := []struct {
		name string
		recs []*Facts
		want string // the files warned, with whom
	}{
		{"different", []*Facts{withDate(agreement("a", []string{"lacnic", "x"}), "2010", "Uno"), withDate(agreement("b", []string{"lacnic", "x"}), "2011", "Dos")}, ""},
		{"same parties and year", []*Facts{withDate(agreement("a", []string{"lacnic", "x"}), "2010", "Uno"), withDate(agreement("b", []string{"x", "lacnic"}), "2010", "Dos")}, "a~b b~a"},
		{"the same day said twice", []*Facts{withDate(agreement("a", []string{"lacnic", "x"}), "2010-05-03", "Uno"), withDate(agreement("b", []string{"lacnic", "x"}), "2010-05", "Dos")}, "a~b b~a"},
		{"two days of a year", []*Facts{withDate(agreement("a", []string{"lacnic", "x"}), "2010-05-03", "Uno"), withDate(agreement("b", []string{"lacnic", "x"}), "2010-05-04", "Dos")}, ""},
		{"other parties", []*Facts{withDate(agreement("a", []string{"lacnic", "x"}), "2010", "Uno"), withDate(agreement("b", []string{"lacnic"}), "2010", "Dos")}, ""},
		{"no dates", []*Facts{withDate(agreement("a", []string{"lacnic", "x"}), "", "Uno"), withDate(agreement("b", []string{"lacnic", "x"}), "", "Dos")}, ""},
		{"the same title folded", []*Facts{withDate(agreement("a", []string{"lacnic"}), "2001", "Convenio de Cooperación"), withDate(agreement("b", []string{"lacnic", "x"}), "2020", "convenio de  cooperacion.")}, "a~b b~a"},
		{"answered on one side", []*Facts{withDate(notDup(agreement("a", []string{"lacnic", "x"}), "b"), "2010", "Uno"), withDate(agreement("b", []string{"lacnic", "x"}), "2010", "Dos")}, ""},
		{"a short name another's name", append(base()[:1], org("y", "https://y.org/", "Organización Y", "LACNIC")), "lacnic~y y~lacnic"},
		{"the same host", append(base(), org("z", "https://lacnic.net/otra", "Otra")), "lacnic~z z~lacnic"},
		{"an organisation's own names", base(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, line := range run(tt.recs...) {
				if !strings.Contains(line, RuleDuplicate) {
					continue
				}
				file := line[:strings.Index(line, ":")]
				other := line[strings.Index(line, "repeat records/")+len("repeat records/"):]
				other = other[strings.Index(other, "/")+1 : strings.Index(other, ".yaml")]
				got = append(got, file+"~"+other)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %q, want %q\n%s", g, tt.want, strings.Join(run(tt.recs...), "\n"))
			}
		})
	}
}
