package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"agreements/internal/diag"
	"agreements/internal/record"
)

// agreement makes the Facts of an agreement from a compact description.
func agreement(id string, parties []string, rels ...string) *Facts {
	f := &Facts{File: "records/agreements/" + id + ".yaml", Kind: record.Agreement, Stem: id, Parsed: true,
		ID: Value{Text: id, Pointer: "/id", Line: 1, Column: 5}, Fields: &Fields{}}
	for i, p := range parties {
		f.Parties = append(f.Parties, Value{Text: p, Pointer: fmt.Sprintf("/parties/%d", i), Line: 2, Column: 10 + i})
	}
	for i, r := range rels {
		f.Relations = append(f.Relations, Relation{Type: "under", Target: Value{Text: r, Pointer: fmt.Sprintf("/relations/%d/agreement", i), Line: 5 + i, Column: 16}})
	}
	return f
}

func organization(id string) *Facts {
	return &Facts{File: "records/organizations/" + id + ".yaml", Kind: record.Organization, Stem: id, Parsed: true,
		ID: Value{Text: id, Pointer: "/id", Line: 1, Column: 5}, Fields: &Fields{}}
}

func run(records ...*Facts) []string {
	sort.Slice(records, func(i, j int) bool { return records[i].File < records[j].File })
	files := make([]record.File, len(records))
	for i, f := range records {
		files[i] = record.File{Path: f.File, Kind: f.Kind}
	}
	c := New(files, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), []string{"UY", "BR"})
	var ds []diag.Diagnostic
	for _, f := range records {
		ds = append(ds, c.Add(f)...)
	}
	var out []string
	for _, d := range append(ds, c.Finish()...) {
		out = append(out, fmt.Sprintf("%s:%d %s %s", strings.TrimSuffix(d.File[strings.LastIndex(d.File, "/")+1:], ".yaml"), d.Line, d.Rule, d.Text()))
	}
	sort.Strings(out)
	return out
}

func TestCycles(t *testing.T) {
	orgs := []*Facts{organization("lacnic"), organization("x")}
	tests := []struct {
		name string
		recs []*Facts
		want int
	}{
		{"none", []*Facts{agreement("a", []string{"lacnic", "x"}, "b"), agreement("b", []string{"lacnic", "x"})}, 0},
		{"self", []*Facts{agreement("a", []string{"lacnic", "x"}, "a")}, 1},
		{"two", []*Facts{agreement("a", []string{"lacnic", "x"}, "b"), agreement("b", []string{"lacnic", "x"}, "a")}, 1},
		{"three", []*Facts{agreement("a", []string{"lacnic", "x"}, "b"), agreement("b", []string{"lacnic", "x"}, "c"), agreement("c", []string{"lacnic", "x"}, "a")}, 1},
		{"diamond", []*Facts{agreement("a", []string{"lacnic", "x"}, "b", "c"), agreement("b", []string{"lacnic", "x"}, "d"), agreement("c", []string{"lacnic", "x"}, "d"), agreement("d", []string{"lacnic", "x"})}, 0},
	}
	for _, tt := range tests {
		got := run(append(tt.recs, orgs...)...)
		n := 0
		for _, g := range got {
			if strings.Contains(g, RuleRelationCycle) {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("%s: %d cycles reported, want %d: %q", tt.name, n, tt.want, got)
		}
	}
}

func TestDateOrder(t *testing.T) {
	tests := []struct {
		start, signed, end string
		bad                bool
	}{
		{"2004", "", "2004", false},    // same year: may be in order
		{"2004-05", "", "2004", false}, // the year of the end includes May
		{"2004-05-02", "", "2004-05-01", true},
		{"2005", "", "2004-12-31", true},
		{"", "2010-05", "2010", false},
		{"", "2010-05-20", "2010-05-19", true},
		{"", "", "2010", false},
	}
	for _, tt := range tests {
		f := agreement("a", []string{"lacnic", "x"})
		f.Start = Value{Text: tt.start, Pointer: ptrIf(tt.start, "/dates/start")}
		f.Signed = Value{Text: tt.signed, Pointer: ptrIf(tt.signed, "/dates/signed")}
		f.End = Value{Text: tt.end, Pointer: "/dates/end", Line: 9}
		got := run(f, organization("lacnic"), organization("x"))
		bad := len(got) > 0 && strings.Contains(strings.Join(got, "\n"), RuleDateOrder)
		if bad != tt.bad {
			t.Errorf("start %q signed %q end %q: %q", tt.start, tt.signed, tt.end, got)
		}
	}
}

func ptrIf(v, p string) string {
	if v == "" {
		return ""
	}
	return p
}

func TestReferences(t *testing.T) {
	a := agreement("a", []string{"lacnic", "cgi-bt"})
	a.PartyUses = []Value{{Text: "nic-mexico", Pointer: "/contributions/0/by", Line: 4, Column: 9},
		// An organisation that exists, near a party that does not: the
		// hint points at the party.
		{Text: "cgi-br", Pointer: "/contributions/1/by", Line: 5, Column: 9}}
	a.Countries = []Value{{Text: "US", Pointer: "/countries/0", Line: 3, Column: 13}, {Text: "uy", Pointer: "/countries/1", Line: 3, Column: 17}}
	a.Status = Value{Text: "in-force", Pointer: "/status", Line: 6, Column: 9}
	a.End = Value{Text: "2020-01", Pointer: "/dates/end", Line: 7, Column: 8}
	got := run(a, organization("lacnic"), organization("cgi-br"), organization("nic-mexico"), organization("unused"))
	want := []string{
		`a:2 ref.unknown-organization parties[1]: no organisation has id "cgi-bt"; did you mean "cgi-br"?`,
		`a:3 record.country-outside-region countries[0]: "US" is outside LACNIC's service region (see $defs/lacnicServiceRegion in the schema); check the code`,
		`a:4 ref.not-a-party contributions[0].by: "nic-mexico" is not one of this agreement's parties; expected one of: lacnic, cgi-bt`,
		`a:5 ref.not-a-party contributions[1].by: "cgi-br" is not one of this agreement's parties; the party "cgi-bt" is no organisation: did you mean "cgi-br" there?`,
		`a:6 record.in-force-ended status: in-force, but the agreement ended on "2020-01" (as of 2026-11-28); did you mean "expired"?`,
		`cgi-br:1 ref.unused-organization id: organisation "cgi-br" is not a party to any agreement`,
		`nic-mexico:1 ref.unused-organization id: organisation "nic-mexico" is not a party to any agreement`,
		`unused:1 ref.unused-organization id: organisation "unused" is not a party to any agreement`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBrokenFilesStillClaimTheirIDs: an organisation whose file does not
// parse still exists; agreements naming it must not be told otherwise.
func TestBrokenFilesStillClaimTheirIDs(t *testing.T) {
	broken := &Facts{File: "records/organizations/x.yaml", Kind: record.Organization, Stem: "x"}
	got := run(agreement("a", []string{"lacnic", "x"}), organization("lacnic"), broken)
	if len(got) != 0 {
		t.Errorf("got %q", got)
	}
}

// TestIDList: the packed ids are found where slices.BinarySearch finds
// them in the plain list, and missing ones are not.
func TestIDList(t *testing.T) {
	ids := []string{"a", "a-b", "b", "lacnic", "nic-mexico", "nic-mexico-training"}
	l := packIDs(ids)
	for _, id := range append(slices.Clone(ids), "", "a-", "c", "nic", "nic-mexico-t", "zz") {
		i, ok := l.find(id)
		wi, wok := slices.BinarySearch(ids, id)
		if i != wi || ok != wok {
			t.Errorf("find(%q) = %d, %v; want %d, %v", id, i, ok, wi, wok)
		}
		if ok && l.id(i) != id {
			t.Errorf("id(%d) = %q, want %q", i, l.id(i), id)
		}
	}
	if _, ok := packIDs(nil).find("a"); ok {
		t.Error("an empty list finds an id")
	}
}
