package index

import (
	"testing"
	"time"

	"agreements/internal/record"
)

func TestStatusAsOf(t *testing.T) {
	day := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		status, end, want string
	}{
		{"in-force", "2020", "expired"},
		{"in-force", "2026-11", "in-force"}, // the month is not over
		{"in-force", "2026-11-27", "expired"},
		{"in-force", "", "in-force"},
		{"unknown", "2001", "unknown"},
		{"terminated", "2001", "terminated"},
	}
	for _, tt := range tests {
		var d *Dates
		if tt.end != "" {
			d = &Dates{End: tt.end}
		}
		if got := statusAsOf(tt.status, d, day); got != tt.want {
			t.Errorf("statusAsOf(%s, %s) = %s, want %s", tt.status, tt.end, got, tt.want)
		}
	}
	if got := statusAsOf("in-force", &Dates{End: "2001"}, time.Time{}); got != "in-force" {
		t.Errorf("without a date: %s", got)
	}
}

func TestBuild(t *testing.T) {
	parse := func(path, text string, k record.Kind) record.Encoded {
		d, ds := record.Parse(path, k, []byte(text))
		if d == nil {
			t.Fatalf("%s: %v", path, ds)
		}
		e, err := d.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	docs := []record.Encoded{
		parse("records/agreements/b.yaml", "id: b\ntitle: {es: Bé}\nsummary: {es: s}\nkind: grant\nparties: [lacnic, x]\nstatus: unknown\nsources: [{title: s}]\ncontributions: [{by: x, type: staff}, {by: x, type: staff}]\nareas: [dns]\n", record.Agreement),
		parse("records/agreements/a.yaml", "id: a\ntitle: {es: A, en: A-en}\nsummary: {es: s}\nkind: grant\nparties: [lacnic, x]\nstatus: in-force\ndates: {start: \"2004-03\", end: \"2005\"}\nsources: [{title: s}]\n", record.Agreement),
		parse("records/organizations/x.yaml", "id: x\nname: {en: Ex}\ncountry: UY\nsources: [{title: s}]\n", record.Organization),
		parse("records/organizations/lacnic.yaml", "id: lacnic\nname: {es: L}\nshort_name: LACNIC\ncountry: UY\nsources: [{title: s}]\n", record.Organization),
	}
	ix, err := Build(docs, nil, nil, nil, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if ix.Agreements[0].ID != "a" || ix.Agreements[0].Year != "2004" || ix.Agreements[0].StatusAsOf != "expired" {
		t.Errorf("a: %+v", ix.Agreements[0])
	}
	if p := ix.Agreements[1].Parties; p[0].Name != "LACNIC" || p[1].Name != "Ex" {
		t.Errorf("names: %+v", p)
	}
	if o := ix.Organizations[1]; o.ID != "x" || len(o.Agreements) != 2 || o.Display != "Ex" {
		t.Errorf("x: %+v", o)
	}
	f := ix.Facets()
	if f.Total != 2 || f.Year["2004"] != 1 || f.Year[Undated] != 1 || f.ContributionType["staff"] != 1 || f.Status["expired"] != 1 {
		t.Errorf("facets %+v", f)
	}
	if s, ok := ix.Agreements[0].Title.In("pt"); s != "A" || ok {
		t.Errorf("fallback: %q %v", s, ok)
	}
}
