package emit

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"agreements/internal/index"
)

// FuzzWriters puts arbitrary text in a record's fields and checks that no
// output lets it through: no live formula in the CSV, a Markdown row stays
// one row, no script or javascript: link in the page, every JSON file
// parses, and the feed stays well-formed XML.
//
// Run longer with: go test -run='^$' -fuzz=FuzzWriters -fuzztime=10m ./internal/emit
func FuzzWriters(f *testing.F) {
	f.Add("<script>alert(1)</script>", "=HYPERLINK(\"x\")", "javascript:alert(1)", "a | b\nc")
	f.Add("]]></title>", "@SUM(1)", "https://example.org/a?b=<c>", "`code`")
	f.Add("\x00\x1b\uFFFE", "+1", "//evil.example", "[x](javascript:y)")
	f.Fuzz(func(t *testing.T, title, summary, url, party string) {
		day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
		st := &index.Stamp{Commit: strings.Repeat("a", 40), Date: day}
		ix := &index.Index{Format: 1, GeneratedFrom: &index.Generated{Commit: strings.Repeat("a", 40), Date: day},
			Agreements: []index.Agreement{{
				ID: "x", Title: index.Text{ES: title, EN: summary}, Summary: index.Text{ES: summary},
				Kind: "grant", Status: "unknown", StatusAsOf: "unknown",
				Parties: []index.Party{{ID: "lacnic", Name: party}}, Countries: []string{"UY"},
				Sources: []index.Source{{Title: title, URL: url}}, File: "records/agreements/x.yaml",
				Created: st, Updated: st,
			}},
			Organizations: []index.Organization{{ID: "lacnic", Name: index.Text{ES: party}, Display: party, Country: "UY",
				Sources: []index.Source{{Title: title}}, Agreements: []string{"x"}, File: "records/organizations/lacnic.yaml"}},
		}
		dir := t.TempDir()
		if err := Write(ix, dir, Options{Lang: "es"}); err != nil {
			t.Fatal(err)
		}
		read := func(name string) []byte {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
		rows, err := csv.NewReader(bytes.NewReader(read("agreements.csv"))).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("agreements.csv: %d rows, %v", len(rows), err)
		}
		for _, cell := range rows[1] {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Fatalf("live formula %q", cell)
			}
		}
		for _, line := range strings.Split(string(read("summary.md")), "\n") {
			if strings.HasPrefix(line, "| x |") {
				unescaped := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1))
				if unescaped != 6 {
					t.Fatalf("summary.md row has %d cell separators: %q", unescaped, line)
				}
			}
		}
		if strings.Contains(string(read("summary.md")), "\n"+strings.TrimSpace(title)+"\n") && strings.TrimSpace(title) != "" && strings.Contains(title, "\n") {
			t.Fatal("a newline in the title broke out of the table")
		}
		page := string(read("index.html"))
		if strings.Count(strings.ToLower(page), "<script") != 1 {
			t.Fatalf("index.html has an injected script")
		}
		if regexp.MustCompile(`(?i)href="\s*(javascript|data|vbscript):`).MatchString(page) {
			t.Fatalf("index.html has a dangerous link")
		}
		for _, name := range []string{"index.json", "facets.json", "by-country/UY.json", "by-organization/lacnic.json", "by-year/undated.json"} {
			var v any
			if err := json.Unmarshal(read(name), &v); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		if !strings.Contains(string(read("index.json")), `"id":"x"`) {
			t.Fatal("index.json lost the agreement")
		}
		dec := xml.NewDecoder(bytes.NewReader(read("feed.atom")))
		for {
			if _, err := dec.Token(); err != nil {
				if err.Error() == "EOF" {
					break
				}
				t.Fatalf("feed.atom: %v", err)
			}
		}
	})
}
