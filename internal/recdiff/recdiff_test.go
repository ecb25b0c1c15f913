package recdiff

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func parse(t *testing.T, s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCompare(t *testing.T) {
	tests := []struct {
		old, new string
		want     string
	}{
		{`{"a":1}`, `{"a":1}`, ""},
		{`{"status":"proposed"}`, `{"status":"in-force"}`, `changed status "proposed" → "in-force"`},
		{`{"title":{"es":"x"}}`, `{"title":{"es":"x","pt":"y"}}`, `added title.pt  → "y"`},
		{`{"dates":{"end":"2025"}}`, `{"dates":{"end":"2026-12-31"}}`, `changed dates.end "2025" → "2026-12-31"`},
		{`{"notes":{"es":"x"}}`, `{}`, `removed notes {"es":"x"} →`},
		{`{"parties":["a","b"]}`, `{"parties":["a","c"]}`, `changed parties ["a","b"] → ["a","c"]`},
		{`{"c":[{"by":"a","type":"x"}]}`, `{"c":[{"by":"a","type":"y"}]}`, `changed c[0].type "x" → "y"`},
		{`{"c":[{"by":"a"}]}`, `{"c":[{"by":"a"},{"by":"b"}]}`, `added c[1]  → {"by":"b"}`},
		{`{"c":[{"by":"a"},{"by":"b"},{"by":"c"}]}`, `{"c":[{"by":"a"},{"by":"c"}]}`, `removed c[1] {"by":"b"} →`},
		{`{"c":[{"by":"a"},{"by":"z"}]}`, `{"c":[{"by":"x"},{"by":"y"},{"by":"z"}]}`, `changed c [{"by":"a"},{"by":"z"}] → [{"by":"x"},{"by":"y"},{"by":"z"}]`},
		{`{"c":[{"by":"a"},{"by":"b"}]}`, `{"c":[{"by":"a"},{"by":"x"},{"by":"b"},{"by":"y"}]}`, `changed c [{"by":"a"},{"by":"b"}] → [{"by":"a"},{"by":"x"},{"by":"b"},{"by":"y"}]`},
		{`{"b":1,"a":1}`, `{"b":2,"a":2}`, "changed a 1 → 2\nchanged b 1 → 2"},
	}
	for _, tt := range tests {
		var lines []string
		for _, f := range Compare(parse(t, tt.old), parse(t, tt.new)) {
			lines = append(lines, strings.TrimSpace(fmt.Sprintf("%s %s %s → %s", f.Kind, f.Path, f.Old, f.New)))
		}
		if got := strings.Join(lines, "\n"); got != tt.want {
			t.Errorf("%s → %s:\n got %s\nwant %s", tt.old, tt.new, got, tt.want)
		}
	}
}
