package emit

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"agreements/internal/index"
)

// qsValue is what a QuickStatements value may be: an item, a quoted
// string, a time at its precision, or "somevalue".
var qsValue = regexp.MustCompile(`^(Q[1-9][0-9]*|"[^"\t\n]*"|\+[0-9]{4}-[0-9]{2}-[0-9]{2}T00:00:00Z/(9|10|11)|somevalue)$`)

// parseQS reads QuickStatements' tab-separated commands into one
// statement list per CREATE, failing on any line the format does not
// allow.
func parseQS(t *testing.T, text string) [][]string {
	t.Helper()
	var items [][]string
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if line == "CREATE" {
			items = append(items, nil)
			continue
		}
		f := strings.Split(line, "\t")
		if len(items) == 0 || f[0] != "LAST" || len(f) < 3 || len(f)%2 == 0 {
			t.Fatalf("line %d: %q is no command after CREATE", n+1, line)
		}
		if !regexp.MustCompile(`^(P[0-9]+|[LD](es|pt|en))$`).MatchString(f[1]) || !qsValue.MatchString(f[2]) {
			t.Fatalf("line %d: %q: bad property or value", n+1, line)
		}
		for i := 3; i+1 < len(f); i += 2 {
			if !regexp.MustCompile(`^[PS][0-9]+$`).MatchString(f[i]) || !qsValue.MatchString(f[i+1]) {
				t.Fatalf("line %d: %q: bad qualifier or reference", n+1, line)
			}
		}
		items[len(items)-1] = append(items[len(items)-1], strings.Join(f[1:], " "))
	}
	return items
}

// TestWikidataQuickStatements: an agreement whose parties all have a
// Wikidata item gets an item with labels, class, participants, its exact
// date and its signatories, each referenced; one with a party without an
// item, or a hedged date, gets nothing false.
func TestWikidataQuickStatements(t *testing.T) {
	ix := smallIndex()
	ix.Organizations = append(ix.Organizations, index.Organization{ID: "b", Name: index.Text{ES: "B"}, Display: "B",
		Sources: []index.Source{{Title: "s"}}, Agreements: []string{"a"}, File: "records/organizations/b.yaml",
		Identifiers: []index.Identifier{{Scheme: "XI-WIKIDATA", ID: "Q13406268"}}})
	ix.Organizations[0].Identifiers = []index.Identifier{{Scheme: "XI-WIKIDATA", ID: "Q4115189"}}
	a := &ix.Agreements[0]
	a.Title = index.Text{ES: `Acuerdo "A"`, EN: "Agreement A"}
	a.Parties = append(a.Parties, index.Party{ID: "b", Name: "B"})
	a.Dates = &index.Dates{Signed: "2004-05", End: "2007~"}
	a.Year = "2004"
	a.Actions = []index.Action{{Party: "lacnic", Act: "signed", Signatories: []index.Signatory{{Name: "Ana", Role: index.Text{ES: "Directora"}}}}}
	a.Sources = []index.Source{{Title: "s"}, {Title: "t", URL: "https://example.org/t", Retrieved: "2026-12-01"}}
	second := *a
	second.ID, second.Parties = "c", []index.Party{{ID: "lacnic", Name: "LACNIC"}, {ID: "nobody", Name: "?"}}
	ix.Agreements = append(ix.Agreements, second)

	out := filepath.Join(t.TempDir(), "dist")
	if err := Publish(ix, out, Options{Lang: "es"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "wikidata.qs"))
	if err != nil {
		t.Fatal(err)
	}
	items := parseQS(t, string(data))
	if len(items) != 1 {
		t.Fatalf("%d items, want 1 (the second agreement has a party without an item):\n%s", len(items), data)
	}
	ref := ` S854 "https://example.org/t" S813 +2026-12-01T00:00:00Z/11`
	for _, want := range []string{`Les "Acuerdo ”A”"`, `Len "Agreement A"`, `Des "subvención (2004)"`,
		"P31 Q321839" + ref, "P710 Q4115189" + ref, "P710 Q13406268" + ref, "P585 +2004-05-00T00:00:00Z/10" + ref,
		`P1891 somevalue P1932 "Ana"` + ref} {
		found := false
		for _, st := range items[0] {
			found = found || st == want
		}
		if !found {
			t.Errorf("no statement %q in:\n%s", want, data)
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, "data/index.html"))
	if !strings.Contains(string(page), "wikidata.qs") {
		t.Error("the data page does not list wikidata.qs")
	}
	// No agreement whose parties all have an item: no file.
	ix.Organizations[0].Identifiers = nil
	out2 := filepath.Join(t.TempDir(), "dist")
	if err := Publish(ix, out2, Options{Lang: "es"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out2, "wikidata.qs")); err == nil {
		t.Error("wikidata.qs written with nothing to say")
	}
}
