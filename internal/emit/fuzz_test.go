package emit

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"agreements/internal/index"
)

// allowedScript are the only script elements a page may hold: its
// JSON-LD, the site's script, and the home page's labels.
var allowedScript = regexp.MustCompile(`^<script (type="application/ld\+json"|src="(\.\./)*assets/site\.js" defer|type="application/json" id="labels")>`)

// FuzzWriters puts arbitrary text in a record's fields and checks that no
// output lets it through: no live formula in the CSV, a Markdown row stays
// one row, no script of its own or javascript: link in any page, every
// JSON file and JSON-LD block parses, the feeds and the sitemap stay
// well-formed XML, and a calendar keeps its lines and its events.
//
// Run longer with: go test -run='^$' -fuzz=FuzzWriters -fuzztime=10m ./internal/emit
func FuzzWriters(f *testing.F) {
	f.Add("<script>alert(1)</script>", "=HYPERLINK(\"x\")", "javascript:alert(1)", "a | b\nc")
	f.Add("]]></title>", "@SUM(1)", "https://example.org/a?b=<c>", "`code`")
	f.Add("\x00\x1b\uFFFE", "+1", "//evil.example", "[x](javascript:y)")
	f.Add("</script><script>x()</script>", "BEGIN:VEVENT\r\nEND:VCALENDAR", "https://e.org/\"><script>", "{{.}}")
	f.Add("NUL\x00 ESC\x1b[31m BEL\a DEL\x7f", "\u0085\u009b\ufeff", "https://e.org/\x1b", "\x00")
	f.Fuzz(func(t *testing.T, title, summary, url, party string) {
		day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
		st := &index.CommitDate{Commit: strings.Repeat("a", 40), Date: day}
		ix := &index.Index{Format: 1, GeneratedFrom: &index.Generated{Commit: strings.Repeat("a", 40), Date: day}, AsOf: "2024-01-02",
			Agreements: []index.Agreement{{
				ID: "x", Title: index.Text{ES: title, EN: summary}, Summary: index.Text{ES: summary},
				Kind: "grant", Status: "unknown", StatusAsOf: "unknown", Year: "2004",
				Dates: &index.Dates{Signed: "2004-04-01", Start: "2004-05-01"}, Term: &index.Term{Initial: "P1Y", Renewal: "automatic"},
				Parties: []index.Party{{ID: "lacnic", Name: party}}, Countries: []string{"UY"},
				Place: &index.Place{City: title, Country: "UY"},
				Actions: []index.Action{{Party: "lacnic", PartyName: party, Act: "signed", Date: "2004-04-01~", Place: &index.Place{City: title, Country: "UY"},
					Signatories: []index.Signatory{{Name: party, Role: index.Text{ES: summary}}}}},
				Notes:   &index.Text{ES: title},
				Sources: []index.Source{{Title: title, URL: url, Note: &index.Text{ES: summary, EN: title}}}, File: "records/agreements/x.yaml",
				Created: st, Updated: st,
				Changes: []index.Revision{{CommitDate: *st, Action: "modified", Fields: []string{title}}},
			}},
			Organizations: []index.Organization{{ID: "lacnic", Name: index.Text{ES: party}, ShortName: party, Display: party, Country: "UY",
				Website: url, Sources: []index.Source{{Title: title, URL: url}}, Agreements: []string{"x"}, File: "records/organizations/lacnic.yaml"}},
		}
		dir := t.TempDir()
		if err := Write(ix, dir, Options{Lang: "es", RepoURL: "https://github.com/o/r"}); err != nil {
			t.Fatal(err)
		}
		// No output carries a control character, DEL or U+FEFF: not the
		// CSV, Markdown, HTML, JSON, Atom or calendar files, nor the
		// summary the publish workflow appends to its step summary (a
		// carriage return only ends a calendar's or a CSV's lines).
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, _ := os.ReadFile(p)
			if i := strings.IndexFunc(string(data), func(r rune) bool { return outputControl(r) && r != '\r' }); i >= 0 {
				t.Fatalf("%s: a control character at byte %d: %q", p, i, data[max(0, i-20):min(len(data), i+20)])
			}
			return nil
		})
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
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			name, _ := filepath.Rel(dir, p)
			switch filepath.Ext(p) {
			case ".html":
				checkPage(t, name, string(data))
			case ".json":
				var v any
				if err := json.Unmarshal(data, &v); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			case ".atom", ".xml":
				checkXML(t, name, data)
			case ".ics":
				checkCalendar(t, name, data)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// checkPage: every script element is one the site writes, its JSON parses,
// and no link runs script.
func checkPage(t *testing.T, name, page string) {
	t.Helper()
	opens := regexp.MustCompile(`(?i)<script`).FindAllStringIndex(page, -1)
	closes := regexp.MustCompile(`(?i)</script`).FindAllStringIndex(page, -1)
	if len(opens) != len(closes) {
		t.Fatalf("%s: %d script elements open, %d close", name, len(opens), len(closes))
	}
	for k, o := range opens {
		tag := page[o[0]:]
		if !allowedScript.MatchString(tag) {
			t.Fatalf("%s: a script the site does not write: %.80q", name, tag)
		}
		if closes[k][0] < o[0] || k+1 < len(opens) && closes[k][0] > opens[k+1][0] {
			t.Fatalf("%s: script elements out of order", name)
		}
		start := o[0] + strings.Index(tag, ">") + 1
		if strings.Contains(page[o[0]:start], "json") {
			var v any
			if err := json.Unmarshal([]byte(page[start:closes[k][0]]), &v); err != nil {
				t.Fatalf("%s: a JSON script that does not parse: %v", name, err)
			}
		}
	}
	if regexp.MustCompile(`(?i)(href|src)="\s*(javascript|data|vbscript):`).MatchString(page) {
		t.Fatalf("%s: a dangerous link", name)
	}
	if regexp.MustCompile(`(?i)<[a-z]+[^>]*\son[a-z]+=`).MatchString(page) {
		t.Fatalf("%s: an event handler attribute", name)
	}
}

func checkXML(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.Token(); err != nil {
			if err == io.EOF {
				return
			}
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// checkCalendar: CRLF lines of at most 75 octets, and as many events as
// the agreement's full dates and renewal.
func checkCalendar(t *testing.T, name string, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("%s: does not end with CRLF", name)
	}
	events := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Split(splitCRLF)
	for sc.Scan() {
		line := sc.Text()
		if len(line) > 75 || strings.ContainsAny(line, "\r\n") {
			t.Fatalf("%s: line %q", name, line)
		}
		if line == "BEGIN:VEVENT" {
			events++
		}
	}
	has := name == "agreements.ics" || strings.HasPrefix(name, filepath.Join("countries", "UY")) || strings.HasPrefix(name, filepath.Join("organizations", "lacnic"))
	if has && events != 3 || !has && events != 0 { // signed, start, renewal
		t.Fatalf("%s: %d events", name, events)
	}
}

func splitCRLF(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
		return i + 2, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
