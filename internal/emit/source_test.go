package emit

import (
	"strings"
	"testing"

	"agreements/internal/index"
)

// TestSourceLinks: a source links its address, and its archived copy
// beside it; with only the archived copy known, the title links there; an
// address that is not http(s) is not linked.
func TestSourceLinks(t *testing.T) {
	for _, tt := range []struct {
		src       index.Source
		want, not []string
	}{
		{index.Source{Title: "Nota", URL: "https://example.org/a"}, []string{`<a href="https://example.org/a" rel="nofollow noopener">Nota</a>`}, []string{"archived"}},
		{index.Source{Title: "Nota", URL: "http://example.org/a", ArchivedURL: "https://web.archive.org/web/2010/http://example.org/a"},
			[]string{`<a href="http://example.org/a" rel="nofollow noopener">Nota</a>`, `(<a href="https://web.archive.org/web/2010/http://example.org/a" rel="nofollow noopener">copia archivada</a>`}, nil},
		{index.Source{Title: "Nota", ArchivedURL: "https://web.archive.org/web/2010/x"}, []string{`<a href="https://web.archive.org/web/2010/x" rel="nofollow noopener">Nota</a>`}, []string{"copia archivada"}},
		{index.Source{Title: "Nota", URL: "javascript:alert(1)"}, []string{"Nota"}, []string{"<a", "javascript"}},
	} {
		var b strings.Builder
		if err := langTemplates()["es"].ExecuteTemplate(&b, "source", tt.src); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%+v: lacks %q in\n%s", tt.src, w, b.String())
			}
		}
		for _, n := range tt.not {
			if strings.Contains(b.String(), n) {
				t.Errorf("%+v: has %q in\n%s", tt.src, n, b.String())
			}
		}
	}
}
