package format

import (
	"reflect"
	"testing"
)

func TestNewValues(t *testing.T) {
	a := NewAgreement{ID: "a", Kind: "k", TitleES: "T", SummaryES: "S", SourceTitle: "F", Status: "unknown", Parties: []string{"lacnic"}}
	want := map[string]any{"id": "a", "title": map[string]any{"es": "T"}, "summary": map[string]any{"es": "S"}, "kind": "k",
		"parties": []string{"lacnic"}, "status": "unknown", "sources": []any{map[string]any{"title": "F"}}}
	if got := a.Value(); !reflect.DeepEqual(got, want) {
		t.Errorf("agreement: %v, want %v", got, want)
	}
	o := NewOrganization{ID: "o", Name: "N", NameLang: "pt", SourceTitle: "F", SourceURL: "https://x.org/", Country: "BR"}
	wantOrg := map[string]any{"id": "o", "name": map[string]any{"pt": "N"}, "country": "BR",
		"sources": []any{map[string]any{"title": "F", "url": "https://x.org/"}}}
	if got := o.Value(); !reflect.DeepEqual(got, wantOrg) {
		t.Errorf("organization: %v, want %v", got, wantOrg)
	}
	if got := (NewOrganization{ID: "o", Name: "N"}).Value()["name"]; !reflect.DeepEqual(got, map[string]any{"es": "N"}) {
		t.Errorf("a name in no language given is Spanish: %v", got)
	}
}
