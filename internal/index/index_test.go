package index

import (
	"testing"
	"time"

	"agreements/internal/history"
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

func TestRemovedRecords(t *testing.T) {
	when := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	stamp := history.Stamp{Commit: "c0ffee", Date: when, Subject: "Remove x: no source"}
	tests := []struct {
		name string
		in   history.Removal
		want Text
	}{
		{"agreement's title", history.Removal{ID: "a", Kind: record.Agreement,
			Last: map[string]any{"title": map[string]any{"es": "Acuerdo", "en": "Agreement"}, "name": map[string]any{"es": "no"}}},
			Text{ES: "Acuerdo", EN: "Agreement"}},
		{"organisation's name", history.Removal{ID: "o", Kind: record.Organization,
			Last: map[string]any{"name": map[string]any{"es": "Organización"}, "title": map[string]any{"es": "no"}}},
			Text{ES: "Organización"}},
		{"last version unreadable", history.Removal{ID: "b", Kind: record.Agreement}, Text{}},
		{"title of the wrong shape", history.Removal{ID: "c", Kind: record.Agreement, Last: map[string]any{"title": 3}}, Text{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Path, tt.in.Removed = "records/x/"+tt.in.ID+".yaml", stamp
			got := RemovedRecords([]history.Removal{tt.in})
			if len(got) != 1 {
				t.Fatalf("got %d records", len(got))
			}
			r := got[0]
			if r.Title != tt.want || r.ID != tt.in.ID || r.Kind != tt.in.Kind.String() || r.File != tt.in.Path ||
				r.Reason != stamp.Subject || r.Removed != (CommitDate{Commit: "c0ffee", Date: when}) {
				t.Errorf("got %+v, want title %+v", r, tt.want)
			}
		})
	}
}
