package emit

import (
	"testing"

	"agreements/internal/index"
)

func TestCleanControls(t *testing.T) {
	ix := &index.Index{Agreements: []index.Agreement{{ID: "x", Title: index.Text{ES: "a\x00b\x1b[31m", PT: "tab\tand\nline"},
		Notes: &index.Text{EN: "\u0085\u009b\ufeff\x7f"}, Sources: []index.Source{{Title: "s\x07"}}}}}
	cleanControls(ix)
	a := ix.Agreements[0]
	for got, want := range map[string]string{
		a.Title.ES: "a\uFFFDb\uFFFD[31m", a.Title.PT: "tab\tand\nline", a.Notes.EN: "\uFFFD\uFFFD\uFFFD\uFFFD", a.Sources[0].Title: "s\uFFFD",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}
