package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The published site, checked as readers and their tools meet it: every
// link leads somewhere, Chromium shows every kind of page at a desk's and
// a phone's width without errors, overflow or accessibility violations,
// and the open-data files pass their formats' own checkers. The browser
// and the checkers are npm packages in testdata/node (.ci/run installs
// them with npm ci); without them, outside CI, those tests are skipped.

// builtSite builds the fixture registry, with history and a base URL,
// into a folder of its own.
func builtSite(t *testing.T) string {
	t.Helper()
	dir := builtRegistry(t)
	if r := run(t, dir, gitEnv, "build", "--base-url", "https://registry.example.org/agreements/",
		"--repo-url", "https://github.com/lacnic/agreements"); r.code != 0 {
		t.Fatalf("build: exit %d: %s", r.code, r.stderr)
	}
	return filepath.Join(dir, "dist")
}

// nodeTools returns the folder of the npm test tools, or skips the test
// where they are not installed (outside CI).
func nodeTools(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join("testdata", "node"))
	_, err := exec.LookPath("node")
	if _, err2 := os.Stat(filepath.Join(dir, "node_modules")); err != nil || err2 != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs node and the npm packages of %s (.ci/run installs them)", dir)
		}
		t.Skip("node or the npm test tools are not installed (cd cmd/agreements/testdata/node && npm ci)")
	}
	return dir
}

// runNode runs script, one of the npm test tools, with args, and decodes
// what it prints, as JSON, into v; a failure shows what it wrote to
// stderr.
func runNode(t *testing.T, tools string, v any, script string, args ...string) {
	t.Helper()
	cmd := exec.Command("node", append([]string{script}, args...)...)
	cmd.Dir = tools
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, stderr.String())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("%s: %v: %s", script, err, out)
	}
}

var linkRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
var idRE = regexp.MustCompile(`\sid="([^"]+)"`)

// TestSiteLinks: every link and resource of every page, relative to it,
// leads to a file of the site (a folder to its index.html), and every
// #anchor to an element of that page.
func TestSiteLinks(t *testing.T) {
	dist := builtSite(t)
	files := tree(t, dist)
	ids := map[string][]string{}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") {
			for _, m := range idRE.FindAllSubmatch(data, -1) {
				ids[name] = append(ids[name], string(m[1]))
			}
		}
	}
	checked := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range linkRE.FindAllSubmatch(data, -1) {
			link := string(bytes.ReplaceAll(m[1], []byte("&amp;"), []byte("&")))
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: link %q: %v", name, link, err)
				continue
			}
			if u.Scheme != "" || strings.HasPrefix(link, "//") {
				continue // outside the site
			}
			target := name
			if u.Path != "" {
				target = path.Join(path.Dir(name), u.Path)
				if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == "./" {
					target = path.Join(target, "index.html")
				}
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s: link %q leads to %s, which is not built", name, link, target)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !slices.Contains(ids[target], u.Fragment) {
				t.Errorf("%s: link %q: no element #%s in %s", name, link, u.Fragment, target)
			}
			// An empty calendar or feed is written, never linked.
			if strings.HasSuffix(target, ".ics") && !bytes.Contains(files[target], []byte("BEGIN:VEVENT")) ||
				strings.HasSuffix(target, ".atom") && !bytes.Contains(files[target], []byte("<entry>")) {
				t.Errorf("%s: link %q leads to an empty %s", name, link, target)
			}
			checked++
		}
	}
	if checked < 500 {
		t.Errorf("only %d links checked", checked)
	}
	for _, must := range []string{"agreements/icann-l-root-2012/index.html", "agreements/icann-l-root-2012.json",
		"organizations/isc/index.html", "countries/HT/index.html", "countries/UY/index.html", "datapackage.json",
		"sitemap.xml", "robots.txt", "agreements.ics", "organizations/isc/feed.atom", "countries/HT/agreements.ics"} {
		if _, ok := files[must]; !ok {
			t.Errorf("%s not built", must)
		}
	}
	// An agreement's page links to its record's file and to the form that
	// suggests a correction, pre-filled with its id.
	page := string(files["agreements/icann-l-root-2012/index.html"])
	for _, want := range []string{`href="https://github.com/lacnic/agreements/blob/HEAD/records/agreements/icann-l-root-2012.yaml"`,
		`href="https://github.com/lacnic/agreements/issues/new?template=correction.yml&amp;record=icann-l-root-2012"`,
		`hreflang="en" href="https://registry.example.org/agreements/en/agreements/icann-l-root-2012/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the agreement's page lacks %s", want)
		}
	}
	// The feeds and the sitemap are well-formed XML.
	for name, data := range files {
		if strings.HasSuffix(name, ".atom") || strings.HasSuffix(name, ".xml") {
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Errorf("%s: %v", name, err)
					break
				}
			}
		}
	}
}

// browserResult is what testdata/node/browser.mjs reports of one page at
// one width.
type browserResult struct {
	Path, Title, LangAfterSwitch, VisibleH1, HashAfterFilter string
	URLAfterSwitch, URLAfterOldLink                          string
	MapTitleAfterSwitch                                      string
	Width, Status, Items                                     int
	Errors, MapLinks, HaitiItems, DeadControls, SmallTargets []string
	Searches                                                 map[string][]string
	Overflow                                                 bool
	Axe                                                      []struct {
		ID, Impact string
		Nodes      []string
	}
}

// TestSiteInChromium: every kind of page, in the three languages, at 1280
// and 360 pixels (a subset outside CI): no console error, no horizontal
// scroll, the list loads, filters and searches, the map links every
// country of the region, the language links lead to the same page in
// the other language, old ?lang= links are redirected, nothing that
// needs JavaScript shows without it, and axe-core finds no violation. A
// page made to throw proves that errors are seen.
func TestSiteInChromium(t *testing.T) {
	tools := nodeTools(t)
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Fatal("the site tests need Debian's chromium (.ci/run installs it)")
	}
	dist := builtSite(t)
	agreement, _ := os.ReadFile(filepath.Join(dist, "agreements", "icann-l-root-2012", "index.html"))
	broken := strings.Replace(string(agreement), "</body>", "<script>throw new Error('planted')</script></body>", 1)
	os.WriteFile(filepath.Join(dist, "agreements", "icann-l-root-2012", "broken.html"), []byte(broken), 0o644)
	srv := httptest.NewServer(http.FileServer(http.Dir(dist)))
	defer srv.Close()
	// Every field (fixture-declaration-2020), a Spanish-only text on pages
	// in other languages (fixture-service-2021), each kind of page, and
	// pages in Portuguese and English, whose words are longer.
	pages := []string{"", "agreements/isc-ahtic-f-root-haiti-2010/", "agreements/fixture-declaration-2020/",
		"agreements/fixture-service-2021/", "organizations/isc/", "countries/HT/", "about/",
		"agreements/", "organizations/", "countries/", "ending-soon/", "data/", "agreements/icann-l-root-2012/broken.html",
		"en/", "pt/agreements/fixture-service-2021/", "en/agreements/fixture-declaration-2020/", "pt/countries/", "en/countries/", "en/organizations/"}
	// Outside CI a subset keeps go test ./... within its minute: the home
	// page, a page in another language with a Spanish-only text, a browse
	// page with long words, and the page made to throw. .ci/run opens
	// them all.
	if os.Getenv("CI") == "" {
		pages = []string{"", "pt/agreements/fixture-service-2021/", "en/countries/", "agreements/icann-l-root-2012/broken.html"}
	}
	var results []browserResult
	runNode(t, tools, &results, "browser.mjs", append([]string{srv.URL + "/"}, pages...)...)
	if len(results) != 2*len(pages) {
		t.Fatalf("%d results for %d pages", len(results), len(pages))
	}
	for _, r := range results {
		where := r.Path + " at " + itoa(r.Width) + "px"
		if strings.HasSuffix(r.Path, "broken.html") {
			if len(r.Errors) == 0 {
				t.Errorf("%s: the planted error was not seen", where)
			}
			continue
		}
		if len(r.Errors) > 0 {
			t.Errorf("%s: console errors %q", where, r.Errors)
		}
		if r.Overflow {
			t.Errorf("%s: scrolls horizontally", where)
		}
		if len(r.DeadControls) > 0 {
			t.Errorf("%s: without JavaScript, controls that need it are shown: %q", where, r.DeadControls)
		}
		for _, v := range r.Axe {
			t.Errorf("%s: axe: %s (%s) at %q", where, v.ID, v.Impact, v.Nodes)
		}
		// The page's address below its language's folder.
		page := strings.TrimPrefix(strings.TrimPrefix(r.Path, "pt/"), "en/")
		if r.LangAfterSwitch != "en" || !strings.Contains(r.Title, "LACNIC") || !strings.HasSuffix(r.URLAfterSwitch, "/en/"+page) {
			t.Errorf("%s: after switching to English, lang %q, title %q, at %s", where, r.LangAfterSwitch, r.Title, r.URLAfterSwitch)
		}
		if u, _ := url.Parse(r.URLAfterOldLink); u == nil || !strings.HasSuffix(u.Path, "/pt/"+page) {
			t.Errorf("%s: ?lang=pt leads to %s", where, r.URLAfterOldLink)
		}
		if r.Path == "" {
			if want := fixtureCount(t, "agreements"); r.Items != want {
				t.Errorf("%s: %d items listed, want %d", where, r.Items, want)
			}
			if len(r.SmallTargets) > 0 {
				t.Errorf("%s: countries without a 24 px target: %q", where, r.SmallTargets)
			}
			if len(r.MapLinks) != 31 || !slices.Contains(r.MapLinks, "countries/UY/") {
				t.Errorf("%s: map links %q", where, r.MapLinks)
			}
			if !slices.Equal(r.HaitiItems, []string{"agreements/isc-ahtic-f-root-haiti-2010/"}) {
				t.Errorf("%s: the country filter for HT shows %q", where, r.HaitiItems)
			}
			for q, want := range map[string][]string{
				"sao paulo": {"agreements/cgi-br-operational-centre/"}, "SÃO PAULO": {"agreements/cgi-br-operational-centre/"},
				// CGI.br is a party to two agreements; only one acts in Brazil.
				"brazil":          {"agreements/cgi-br-operational-centre/"},
				"comite gestor":   {"agreements/fixture-service-2021/", "agreements/cgi-br-operational-centre/"},
				"cgi.br brasil":   {"agreements/fixture-service-2021/", "agreements/cgi-br-operational-centre/"},
				"sao paulo haiti": nil,
				// Signed in Montevideo; its title does not say so.
				"montevideo": {"agreements/isc-raices-f-root-2004/"},
				// Only its summary names the island where it was signed.
				"margarita": {"agreements/isc-aeprovi-nic-ec-f-root-ecuador-2007/"},
			} {
				if got := r.Searches[q]; !slices.Equal(got, want) {
					t.Errorf("%s: searching %q finds %q, want %q", where, q, got, want)
				}
			}
			if r.MapTitleAfterSwitch != "Uruguay: 0 agreements" {
				t.Errorf("%s: after switching to English, the map's title for UY reads %q", where, r.MapTitleAfterSwitch)
			}
			if r.VisibleH1 != "Registry of LACNIC's cooperation agreements" {
				t.Errorf("%s: the heading in English reads %q", where, r.VisibleH1)
			}
		}
	}
}

// TestOpenDataFormats: datapackage.json is valid by the Data Package 2.0
// profiles with ajv (TestDataPackage reads its tables back), every page's
// JSON-LD expands with jsonld.js, and every calendar parses with ical.js.
func TestOpenDataFormats(t *testing.T) {
	tools := nodeTools(t)
	dist := builtSite(t)
	var res struct {
		Datapackage struct {
			Errors  []string
			Checked int
		}
		JSONLD []struct{ File, Error string }
		Ical   []struct {
			File, Error string
			Events      int
		}
	}
	runNode(t, tools, &res, "formats.mjs", dist)
	if len(res.Datapackage.Errors) > 0 || res.Datapackage.Checked < 8 {
		t.Errorf("datapackage.json: %+v", res.Datapackage)
	}
	if len(res.JSONLD) < 40 {
		t.Errorf("only %d JSON-LD blocks", len(res.JSONLD))
	}
	for _, j := range res.JSONLD {
		if j.Error != "" {
			t.Errorf("%s: JSON-LD: %s", j.File, j.Error)
		}
	}
	events := 0
	for _, c := range res.Ical {
		if c.Error != "" {
			t.Errorf("%s: %s", c.File, c.Error)
		}
		if c.File == "agreements.ics" {
			events = c.Events
		}
	}
	if events < 10 {
		t.Errorf("agreements.ics has %d events", events)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

var jsonLDRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestJSONLDLinksWithoutBaseURL: in a build without --base-url (the
// README's), every address a page's JSON-LD gives leads to a file of the
// site, resolved against the page as JSON-LD resolves it.
func TestJSONLDLinksWithoutBaseURL(t *testing.T) {
	dir := builtRegistry(t)
	if r := run(t, dir, gitEnv, "build"); r.code != 0 {
		t.Fatalf("build: exit %d: %s", r.code, r.stderr)
	}
	files := tree(t, filepath.Join(dir, "dist"))
	checked := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range jsonLDRE.FindAllSubmatch(data, -1) {
			var doc any
			if err := json.Unmarshal(m[1], &doc); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var walk func(v any)
			walk = func(v any) {
				switch x := v.(type) {
				case map[string]any:
					for k, e := range x {
						if s, ok := e.(string); ok && (k == "url" || k == "contentUrl") {
							u, err := url.Parse(s)
							if err != nil || u.IsAbs() {
								continue // outside the site (LACNIC's own address)
							}
							target := path.Join(path.Dir(name), u.Path)
							if strings.HasSuffix(u.Path, "/") {
								target = path.Join(target, "index.html")
							}
							if _, ok := files[target]; !ok {
								t.Errorf("%s: JSON-LD %s %q leads to %s, which is not built", name, k, s, target)
							}
							checked++
						}
						walk(e)
					}
				case []any:
					for _, e := range x {
						walk(e)
					}
				}
			}
			walk(doc)
		}
	}
	if checked < 50 {
		t.Errorf("only %d JSON-LD addresses checked", checked)
	}
}

var metaDescriptionRE = regexp.MustCompile(`<meta name="description" content="([^"]+)">`)

// TestPagesDescribeThemselves: every page has a description and the
// OpenGraph tags a link preview shows; an agreement's is its summary, cut
// at a word.
func TestPagesDescribeThemselves(t *testing.T) {
	dist := builtSite(t)
	for name, data := range tree(t, dist) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		m := metaDescriptionRE.FindSubmatch(data)
		if m == nil || !strings.Contains(string(data), `<meta property="og:title" content="`) || !strings.Contains(string(data), `<meta property="og:url" content="https://`) {
			t.Errorf("%s: no description or OpenGraph tags", name)
			continue
		}
		if d := []rune(html.UnescapeString(string(m[1]))); strings.HasPrefix(name, "agreements/") && strings.Count(name, "/") == 2 && len(d) > 301 {
			t.Errorf("%s: a description of %d characters", name, len(d))
		}
	}
}

// TestTimelineLinksCommits: with --repo-url, each commit of an agreement's
// timeline links to the commit in the repository.
func TestTimelineLinksCommits(t *testing.T) {
	dist := builtSite(t)
	page, err := os.ReadFile(filepath.Join(dist, "agreements", "icann-l-root-2012", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`<a href="https://github.com/lacnic/agreements/commit/[0-9a-f]{40}"><code>[0-9a-f]{7}</code></a>`).Match(page) {
		t.Errorf("the timeline does not link its commits:\n%s", page)
	}
}

// TestCitations: each agreement can be cited: on its page, and as BibTeX
// and CSL-JSON beside it, with its title, the registry, its id, its
// address and the day its record last changed.
func TestCitations(t *testing.T) {
	dist := builtSite(t)
	dir := filepath.Join(dist, "agreements", "icann-l-root-2012")
	var csl []struct {
		ID, Type, Title, URL string
		Container            string `json:"container-title"`
		Issued               struct {
			DateParts [][]int `json:"date-parts"`
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "cite.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &csl); err != nil || len(csl) != 1 {
		t.Fatalf("cite.json: %v\n%s", err, data)
	}
	c := csl[0]
	if c.Type != "entry" || !strings.HasPrefix(c.Title, "Acuerdo con ICANN") || c.URL != "https://registry.example.org/agreements/agreements/icann-l-root-2012/" ||
		c.Container != "Registro de acuerdos de cooperación de LACNIC" || len(c.Issued.DateParts) != 1 || len(c.Issued.DateParts[0]) != 3 {
		t.Errorf("cite.json: %+v", c)
	}
	bib, _ := os.ReadFile(filepath.Join(dir, "cite.bib"))
	for _, want := range []string{"@misc{lacnic-agreements-icann-l-root-2012,", "title = {Acuerdo con ICANN", "url = {https://registry.example.org/agreements/agreements/icann-l-root-2012/}", "date = {"} {
		if !strings.Contains(string(bib), want) {
			t.Errorf("cite.bib lacks %q:\n%s", want, bib)
		}
	}
	if strings.Count(string(bib), "{") != strings.Count(string(bib), "}") {
		t.Errorf("cite.bib's braces do not balance:\n%s", bib)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if !strings.Contains(string(page), `cite.bib" download>BibTeX</a>`) || !strings.Contains(string(page), `<code>icann-l-root-2012</code>, https://registry.example.org/agreements/agreements/icann-l-root-2012/`) {
		t.Error("the page does not cite the agreement")
	}
}

// TestSpanishOnlyTextIsMarked: a source's note, written in Spanish only,
// carries lang="es" on the pages of every language.
func TestSpanishOnlyTextIsMarked(t *testing.T) {
	dist := builtSite(t)
	for _, dir := range []string{"pt", "en"} {
		page, err := os.ReadFile(filepath.Join(dist, dir, "agreements", "ocix-f-root-sint-maarten-2009", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), `— <span lang="es" class="fallback">«LACNIC jointly with OCIX`) {
			t.Errorf("%s: the source's note is not marked as Spanish:\n%s", dir, page)
		}
	}
}
