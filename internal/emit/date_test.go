package emit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"agreements/internal/index"
)

func TestDateTexts(t *testing.T) {
	tests := []struct{ in, es, en string }{
		{"2007", "2007", "2007"},
		{"2007~", "c. 2007", "c. 2007"},
		{"2014-05?", "mayo de 2014?", "May 2014?"},
		{"2007-08-16~", "c. 16 de agosto de 2007", "c. 16 August 2007"},
		{"2007~~", "2007~~", "2007~~"}, // no date: shown as written
	}
	for _, tt := range tests {
		got := map[string]string{}
		for _, x := range dateTexts(tt.in) {
			got[x.Lang] = x.Text
		}
		if got["es"] != tt.es || got["en"] != tt.en {
			t.Errorf("dateTexts(%q) = es %q, en %q; want %q, %q", tt.in, got["es"], got["en"], tt.es, tt.en)
		}
	}
}

// TestQualifiedDatesInOutputs: a hedged date keeps its qualifier in the
// data, is never written as a machine-readable exact date (HTML's
// datetime, JSON-LD) and never becomes a calendar event.
func TestQualifiedDatesInOutputs(t *testing.T) {
	ix := smallIndex()
	ix.Agreements[0].Dates = &index.Dates{Signed: "2014-05-02?", Start: "2014~"}
	ix.Agreements[0].Year = "2014"
	out := filepath.Join(t.TempDir(), "dist")
	if err := Publish(ix, out, Options{Lang: "es"}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	page := read("agreements/a/index.html")
	for _, want := range []string{"2 de mayo de 2014?", "c. 2014"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, `datetime="2014`) {
		t.Error("a hedged date is written as a <time datetime>")
	}
	if ld := page[strings.Index(page, "application/ld+json"):]; strings.Contains(ld[:strings.Index(ld, "</script>")], "2014") {
		t.Error("JSON-LD carries a hedged date")
	}
	if csv := read("agreements.csv"); !strings.Contains(csv, "2014-05-02?,2014~") {
		t.Errorf("the CSV lost a qualifier:\n%s", csv)
	}
	if !strings.Contains(strings.ReplaceAll(read("index.json"), " ", ""), `"signed":"2014-05-02?"`) {
		t.Error("index.json lost the qualifier")
	}
	if strings.Contains(read("agreements.ics"), "BEGIN:VEVENT") {
		t.Error("a hedged date became a calendar event")
	}
}

// TestIdentifiersInOutputs: an organisation's identifiers are links on its
// page, org-id.guide strings in the CSV, and sameAs in its JSON-LD.
func TestIdentifiersInOutputs(t *testing.T) {
	ix := smallIndex()
	ix.Organizations[0].Identifiers = []index.Identifier{{Scheme: "XI-WIKIDATA", ID: "Q4115189", URL: "https://www.wikidata.org/wiki/Q4115189"}}
	out := filepath.Join(t.TempDir(), "dist")
	if err := Publish(ix, out, Options{Lang: "es"}); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "organizations/lacnic/index.html"))
	if !strings.Contains(string(page), `<a href="https://www.wikidata.org/wiki/Q4115189" rel="nofollow noopener"><code>Q4115189</code></a>`) {
		t.Errorf("the page does not link the identifier:\n%s", page)
	}
	if !strings.Contains(string(page), `"sameAs":"https://www.wikidata.org/wiki/Q4115189"`) && !strings.Contains(string(page), `"sameAs": "https://www.wikidata.org/wiki/Q4115189"`) {
		t.Error("the JSON-LD has no sameAs")
	}
	csv, _ := os.ReadFile(filepath.Join(out, "organizations.csv"))
	if !strings.Contains(string(csv), "XI-WIKIDATA-Q4115189") {
		t.Errorf("the CSV lacks the identifier:\n%s", csv)
	}
}
