package emit

import (
	"bytes"
	"io"
	"testing"

	"agreements/internal/index"
)

// sameRows checks that writeRows gives, for the index's agreements, the
// bytes html/template gives through the "rows" template.
func sameRows(t *testing.T, ix *index.Index) {
	t.Helper()
	d := rowsData{Rows: tableRows(ix), SummaryLabel: labelHTML("html.summary"), SourcesLabel: labelHTML("html.sources")}
	var want, got bytes.Buffer
	if err := rowsByTemplate(&want, d); err != nil {
		t.Fatal(err)
	}
	writeRows(&got, d)
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("writeRows differs from the template:\n got %q\nwant %q", got.String(), want.String())
	}
}

// TestRowsMatchTemplate: the hand-written rows are html/template's rows,
// byte for byte, for ordinary and hostile text alike.
func TestRowsMatchTemplate(t *testing.T) {
	hostile := []string{
		"", "plain", "<script>alert(1)</script>", `"quoted" & 'single'`, "a+b", "\x00nul",
		"São Paulo – México", "\xff\xfe invalid UTF-8", "\u2028\u2029", "{{.ID}}", "</td></tr><tr>",
	}
	urls := []string{
		"", "https://example.org/a?b=c&d=e#f", "http://example.org/ä ö/%41%zz", "javascript:alert(1)",
		"https://example.org/'\"<>", "mailto:x@example.org", "HTTPS://EXAMPLE.ORG/", "ftp://x", "//x/y:z",
	}
	for _, s := range hostile {
		for _, u := range urls {
			ix := &index.Index{Agreements: []index.Agreement{{
				ID: "a-1", Title: index.Text{ES: s, PT: s + "pt"}, Summary: index.Text{EN: s},
				Kind: "grant", StatusAsOf: "in-force", Year: "2004", Countries: []string{"UY", "BR"},
				Parties: []index.Party{{ID: "lacnic", Name: s}, {ID: "x"}},
				Sources: []index.Source{{Title: s, URL: u}, {Title: "no url"}},
			}}}
			sameRows(t, ix)
		}
	}
	// Links and ids as they are, without safeURL or the schema in front:
	// the escapers alone must still agree.
	for _, u := range append(urls, "java\tscript:x", "%zz%4", "a b#c", "x:y/z", "a/b:c") {
		d := rowsData{Rows: []row{{ID: u, Sources: []link{{Title: u, URL: u}}}}}
		var want, got bytes.Buffer
		if err := rowsByTemplate(&want, d); err != nil {
			t.Fatal(err)
		}
		writeRows(&got, d)
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%q:\n got %q\nwant %q", u, got.String(), want.String())
		}
	}
}

func tableRows(ix *index.Index) []row {
	var rows []row
	for i := range ix.Agreements {
		rows = append(rows, tableRow(&ix.Agreements[i]))
	}
	return rows
}

// rowsByTemplate renders rows through the "rows" template: the definition
// writeRows must match.
func rowsByTemplate(w io.Writer, d rowsData) error {
	return page.ExecuteTemplate(w, "rows", d)
}
