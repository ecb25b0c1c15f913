package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// builtRegistry is the fixture registry in a repository with two commits
// of fixed dates, so that the history in the outputs is fixed too.
func builtRegistry(t *testing.T) string {
	dir := gitRegistry(t)
	runGit(t, dir, "checkout", "-q", "main")
	edit(t, dir, "records/agreements/icann-l-root-2012.yaml", "firmantes y lugar (San José).", "con los firmantes y el lugar (San José).")
	commitAt(t, dir, "icann: city", "2024-05-01T10:00:00Z")
	return dir
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			data, _ := os.ReadFile(p)
			files[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	return files
}

// goldenTree compares the named files of the folder built with the
// folder want, commit hashes masked; -update rewrites want.
func goldenTree(t *testing.T, built, want string, names []string) {
	t.Helper()
	got := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(built, n))
		if err != nil {
			t.Errorf("%s not built: %v", n, err)
			continue
		}
		// Commit hashes follow the records' exact bytes; the golden files
		// mask them so that editing a fixture record does not rewrite
		// every golden.
		got[n] = hashes.ReplaceAll(data, []byte("<commit>"))
	}
	if *update {
		os.RemoveAll(want)
		for name, data := range got {
			write(t, filepath.Join(want, name), string(data))
		}
	}
	wantFiles := tree(t, want)
	for _, n := range slices.Sorted(maps.Keys(got)) {
		if !bytes.Equal(got[n], wantFiles[n]) {
			t.Errorf("%s differs from %s (run go test ./cmd/agreements -update to accept)", n, want)
		}
	}
	if len(wantFiles) != len(names) {
		t.Errorf("%d files in %s, %d compared", len(wantFiles), want, len(names))
	}
}

// goldenPages are the pages TestBuildGolden compares in every language's
// folder (Spanish at the root, pt/ and en/): one page of each kind.
var goldenPages = []string{"index.html", "agreements/fixture-declaration-2020/index.html",
	"organizations/isc/index.html", "countries/HT/index.html", "about/index.html"}

// goldenLangTexts are the files that follow --lang: written in one language.
var goldenLangTexts = []string{"summary.md", "feed.atom", "agreements.ics"}

// goldenData are the data files it compares in the default language's
// build: every published data format, and one file of each kind of list.
var goldenData = []string{"index.json", "agreements.csv", "organizations.csv", "facets.json", "datapackage.json",
	"data/list.json", "robots.txt", "agreements/fixture-declaration-2020.json", "organizations/isc/feed.atom",
	"organizations/isc/agreements.ics", "countries/HT/feed.atom", "countries/HT/agreements.ics",
	"by-country/HT.json", "by-organization/isc.json", "by-year/2010.json", "by-year/undated.json"}

// TestBuildGolden builds the fixture records and compares one page of each
// kind in each language and the data files with testdata/build/, the texts
// built with --lang pt and en with testdata/build-pt/ and testdata/build-en/,
// and the names of every file built with testdata/build-files.txt.
func TestBuildGolden(t *testing.T) {
	dir := builtRegistry(t)
	r := run(t, dir, gitEnv, "build", "--out", "dist")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	names := slices.Sorted(maps.Keys(tree(t, filepath.Join(dir, "dist"))))
	golden(t, filepath.Join("testdata", "build-files.txt"), strings.Join(names, "\n")+"\n")
	compared := slices.Concat(goldenLangTexts, goldenData)
	for _, folder := range []string{"", "pt/", "en/"} {
		for _, page := range goldenPages {
			compared = append(compared, folder+page)
		}
	}
	goldenTree(t, filepath.Join(dir, "dist"), filepath.Join("testdata", "build"), compared)
	// The other languages change the words of summary.md, the feeds and
	// the calendars; the pages are the same.
	for _, lang := range []string{"pt", "en"} {
		out := "dist-" + lang
		if r := run(t, dir, gitEnv, "build", "--lang", lang, "--out", out); r.code != 0 {
			t.Fatalf("--lang %s: exit %d: %s", lang, r.code, r.stderr)
		}
		goldenTree(t, filepath.Join(dir, out), filepath.Join("testdata", "build-"+lang), goldenLangTexts)
	}

	// The same commit gives the same bytes: --check finds nothing.
	if r := run(t, dir, gitEnv, "build", "--out", "dist", "--check"); r.code != 0 {
		t.Errorf("--check after a build: exit %d: %s", r.code, r.stderr)
	}
	followsIndexSchema(t, filepath.Join(dir, "dist", "index.json"))
}

// followsIndexSchema fails t when the index.json at path does not follow
// schema/index.schema.json.
func followsIndexSchema(t *testing.T, path string) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	data, _ := os.ReadFile(filepath.Join(repoRoot, "schema", "index.schema.json"))
	if err := c.AddResource("https://schemas.agreements.invalid/index.schema.json", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("https://schemas.agreements.invalid/index.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var v any
	built, _ := os.ReadFile(path)
	if err := json.Unmarshal(built, &v); err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s does not follow schema/index.schema.json: %#v", path, err)
	}
}

// TestBuildKeepsOldOutput: a build that fails leaves the previous output
// exactly as it was; --check names what a change would alter.
func TestBuildKeepsOldOutput(t *testing.T) {
	dir := builtRegistry(t)
	if r := run(t, dir, gitEnv, "build"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	before := tree(t, filepath.Join(dir, "dist"))
	write(t, filepath.Join(dir, "records/agreements/broken.yaml"), "id: broken\nstatus: [\n")
	r := run(t, dir, gitEnv, "build")
	if r.code != 1 || !strings.Contains(r.stderr, "broken.yaml:") || !strings.Contains(r.stderr, "nothing was written") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	os.Remove(filepath.Join(dir, "records/agreements/broken.yaml"))
	after := tree(t, filepath.Join(dir, "dist"))
	if len(before) != len(after) {
		t.Fatalf("output changed: %d files, then %d", len(before), len(after))
	}
	for n := range before {
		if !bytes.Equal(before[n], after[n]) {
			t.Errorf("%s changed by a failed build", n)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".dist") && e.Name() != ".dist.lock" {
			t.Errorf("temporary folder left behind: %s", e.Name())
		}
	}
	// A change to a record: --check fails and names the files.
	edit(t, dir, "records/agreements/icann-l-root-2012.yaml", "status: unknown", "status: in-force")
	r = run(t, dir, gitEnv, "build", "--check")
	if r.code != 1 || !strings.Contains(r.stderr, "index.json") || !strings.Contains(r.stderr, "agreements.csv") {
		t.Errorf("--check: exit %d, %q", r.code, r.stderr)
	}
	// An output folder that cannot be made: exit 2, nothing half written.
	write(t, filepath.Join(dir, "blocker"), "a file, not a folder\n")
	if r := run(t, dir, gitEnv, "build", "--out", "blocker/dist"); r.code != 2 {
		t.Errorf("unwritable output: exit %d", r.code)
	}
}

// TestBuildWithoutHistory: a shallow clone stops with exit 2 unless
// --no-history, which leaves out the dates and the feed.
func TestBuildWithoutHistory(t *testing.T) {
	dir := builtRegistry(t)
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, dir, "clone", "-q", "--depth", "1", "--branch", "main", "file://"+dir, clone)
	if r := run(t, clone, gitEnv, "build"); r.code != 2 || !strings.Contains(r.stderr, "fetch-depth: 0") {
		t.Errorf("shallow: exit %d, %q", r.code, r.stderr)
	}
	r := run(t, clone, gitEnv, "build", "--no-history")
	if r.code != 0 {
		t.Fatalf("--no-history: exit %d: %s", r.code, r.stderr)
	}
	got := tree(t, filepath.Join(clone, "dist"))
	if _, ok := got["feed.atom"]; ok {
		t.Error("feed.atom written without history")
	}
	if bytes.Contains(got["index.json"], []byte(`"created"`)) {
		t.Error("created dates without history")
	}
}

// TestBuildNeutralisesRecordText: text from a record cannot break or
// inject into any output.
func TestBuildNeutralisesRecordText(t *testing.T) {
	dir := builtRegistry(t)
	evil := `schema_version: "2.0.0"
id: lacnic-nic-mexico-2030
title:
  es: "<script>alert(1)</script> | pipe"
  en: "=HYPERLINK(\"http://evil.example\",\"x\")"
summary:
  es: "@SUM(1+1) ]]></title><entry>"
kind: grant
parties: [lacnic, nic-mexico]
status: proposed
sources:
  - title: "<img src=x onerror=alert(1)>"
    url: "javascript:alert(1)"
`
	write(t, filepath.Join(dir, "records/agreements/lacnic-nic-mexico-2030.yaml"), evil)
	commitAt(t, dir, "evil", "2024-06-01T10:00:00Z")
	r := run(t, dir, gitEnv, "build", "--lang", "en")
	if r.code != 1 { // javascript: is not a URL the schema takes
		t.Fatalf("exit %d (want 1, the schema refuses javascript: URLs): %s", r.code, r.stderr)
	}
	// With a URL the schema accepts, the build goes through and every
	// output neutralises the text.
	edit(t, dir, "records/agreements/lacnic-nic-mexico-2030.yaml", "javascript:alert(1)", "https://example.org/x")
	commitAt(t, dir, "evil 2", "2024-06-02T10:00:00Z")
	if r := run(t, dir, gitEnv, "build", "--lang", "en"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	out := tree(t, filepath.Join(dir, "dist"))
	page := string(out["index.html"])
	for _, bad := range []string{"<script>alert", "<img src=x", "javascript:"} {
		if strings.Contains(page, bad) {
			t.Errorf("index.html holds %q", bad)
		}
	}
	csv := string(out["agreements.csv"])
	for _, bad := range []string{",=HYPERLINK", `,"=HYPERLINK`, ",@SUM", `,"@SUM`} {
		if strings.Contains(csv, bad) {
			t.Errorf("agreements.csv holds a live formula %q", bad)
		}
	}
	if !strings.Contains(csv, `'=HYPERLINK`) || !strings.Contains(csv, `'@SUM`) {
		t.Errorf("formulas not neutralised:\n%s", csv)
	}
	for _, line := range strings.Split(string(out["summary.md"]), "\n") {
		if strings.Contains(line, "lacnic-nic-mexico-2030") && (strings.Count(line, "|")-strings.Count(line, `\|`) != 6 || strings.Contains(line, "<script")) {
			t.Errorf("summary.md row broken: %q", line)
		}
	}
	// A line break in a title is refused by the loader (yaml.control: the
	// case in testdata/cases), and FuzzWriters holds summary.md's rows to
	// one line whatever a model holds.
	feed := string(out["feed.atom"])
	if strings.Contains(feed, "<script>") || strings.Contains(feed, "]]></title><entry>") {
		t.Errorf("feed.atom not escaped:\n%s", feed)
	}
}

// TestFeedBaseURL: with --base-url the feed's links and ids are absolute;
// the entry ids stay the same from one build to the next.
func TestFeedBaseURL(t *testing.T) {
	dir := builtRegistry(t)
	r := run(t, dir, gitEnv, "build", "--base-url", "https://registry.example.org/agreements/")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	feed, _ := os.ReadFile(filepath.Join(dir, "dist", "feed.atom"))
	for _, want := range []string{
		`<link href="https://registry.example.org/agreements/feed.atom" rel="self"></link>`,
		`<id>https://registry.example.org/agreements/index.html#icann-l-root-2012</id>`,
		`<link href="https://registry.example.org/agreements/agreements/icann-l-root-2012/" rel="alternate"></link>`,
	} {
		if !strings.Contains(string(feed), want) {
			t.Errorf("feed lacks %s", want)
		}
	}
	// The sitemap lists every page, and robots.txt names it.
	sitemap, _ := os.ReadFile(filepath.Join(dir, "dist", "sitemap.xml"))
	for _, want := range []string{"<loc>https://registry.example.org/agreements/</loc>",
		"<loc>https://registry.example.org/agreements/agreements/icann-l-root-2012/</loc>",
		"<loc>https://registry.example.org/agreements/organizations/isc/</loc>",
		"<loc>https://registry.example.org/agreements/countries/UY/</loc>"} {
		if !strings.Contains(string(sitemap), want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if robots, _ := os.ReadFile(filepath.Join(dir, "dist", "robots.txt")); !strings.Contains(string(robots), "Sitemap: https://registry.example.org/agreements/sitemap.xml") {
		t.Errorf("robots.txt: %q", robots)
	}
	if r := run(t, dir, gitEnv, "build", "--lang", "xx"); r.code != 2 {
		t.Errorf("--lang xx: exit %d", r.code)
	}
}

// TestBuildHead: build --head builds a commit's records, read as git
// objects, with the working tree left as it is: the preview the judge
// keeps of a pull request.
func TestBuildHead(t *testing.T) {
	dir := gitRegistry(t)
	edit(t, dir, "records/agreements/comtelca-2014.yaml", "status: unknown", "status: terminated")
	write(t, filepath.Join(dir, "records/agreements/preview-only.yaml"), `schema_version: "2.0.0"
id: preview-only
title:
  es: Acuerdo solo en la vista previa
summary:
  es: Un acuerdo que solo tiene la rama del cambio.
kind: cooperation-agreement
parties: [lacnic, nic-mexico]
status: unknown
sources:
  - title: Fuente
`)
	commitAll(t, dir, "change")
	runGit(t, dir, "checkout", "-q", "main")
	out := filepath.Join(t.TempDir(), "preview")
	r := run(t, dir, nil, "build", "--head", "change", "--no-history", "--as-of", asOf, "--out", out)
	if r.code != 0 {
		t.Fatalf("build --head: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "agreements", "preview-only", "index.html")); err != nil {
		t.Errorf("the head's new record has no page: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "records/agreements/preview-only.yaml")); err == nil {
		t.Error("build --head put the head's files in the working tree")
	}
	if r := run(t, dir, nil, "build", "--head", "no-such-ref", "--no-history", "--out", filepath.Join(t.TempDir(), "x")); r.code != 2 {
		t.Errorf("an unknown ref: exit %d", r.code)
	}
}

// TestBuildRemovedRecord deletes a record as a maintainer would: its
// address keeps a page in every language that says when and why it was
// removed, index.json lists it, and no list or count holds it. Restored,
// it is an agreement again.
func TestBuildRemovedRecord(t *testing.T) {
	dir := builtRegistry(t)
	const id, file = "netnod-i-root", "records/agreements/netnod-i-root.yaml"
	const reason = "Remove netnod-i-root: no source names its parties"
	title := "Acuerdo con Netnod para copias del servidor raíz I"
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(file))); err != nil {
		t.Fatal(err)
	}
	commitAt(t, dir, reason, "2024-06-01T10:00:00Z")
	if r := run(t, dir, gitEnv, "build", "--out", "dist", "--repo-url", "https://github.com/lacnic/agreements", "--base-url", "https://example.org/agreements/"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	dist := filepath.Join(dir, "dist")
	var ix struct {
		Agreements []struct{ ID string }
		Removed    []struct {
			ID, Kind, File, Reason string
			Title                  struct{ ES string }
			Removed                struct{ Commit, Date string }
		}
	}
	data, err := os.ReadFile(filepath.Join(dist, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatal(err)
	}
	if len(ix.Removed) != 1 {
		t.Fatalf("index.json removed = %+v, want %s alone", ix.Removed, id)
	}
	got := ix.Removed[0]
	if got.ID != id || got.Kind != "agreement" || got.File != file || got.Reason != reason || got.Title.ES != title ||
		got.Removed.Date != "2024-06-01T10:00:00Z" || len(got.Removed.Commit) != 40 {
		t.Errorf("index.json removed[0] = %+v", got)
	}
	for _, a := range ix.Agreements {
		if a.ID == id {
			t.Errorf("index.json still lists %s among the agreements", id)
		}
	}
	followsIndexSchema(t, filepath.Join(dist, "index.json"))
	for lang, title := range map[string]string{"": title, "pt/": "servidor raiz I", "en/": "Agreement with Netnod for I root server copies"} {
		page, err := os.ReadFile(filepath.Join(dist, lang+"agreements", id, "index.html"))
		if err != nil {
			t.Errorf("%sagreements/%s/ not written: %v", lang, id, err)
			continue
		}
		for _, want := range []string{`<meta name="robots" content="noindex">`, title, reason,
			`href="https://github.com/lacnic/agreements/commit/` + got.Removed.Commit + `"`, "agreements history " + id} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%sagreements/%s/ lacks %q", lang, id, want)
			}
		}
	}
	if !strings.Contains(read(t, filepath.Join(dist, "en", "agreements", id, "index.html")), "removed from the registry on 1 June 2024") {
		t.Errorf("the English page does not say when it was removed")
	}
	// The registry's feed says so, under the entry id the agreement had.
	feed := read(t, filepath.Join(dist, "feed.atom"))
	entry := `<id>https://example.org/agreements/index.html#` + id + `</id>`
	if !strings.Contains(feed, entry) || !strings.Contains(feed, title+": retirado del registro ("+reason+")") ||
		!strings.Contains(feed, "<updated>2024-06-01T10:00:00Z</updated>") {
		t.Errorf("feed.atom does not say the agreement was removed:\n%s", feed)
	}
	if org := read(t, filepath.Join(dist, "organizations", "netnod", "feed.atom")); strings.Contains(org, entry) {
		t.Errorf("an organisation's feed names the removed agreement")
	}
	for _, f := range []string{"agreements/" + id + ".json", "agreements/" + id + "/cite.bib"} {
		if _, err := os.Stat(filepath.Join(dist, f)); err == nil {
			t.Errorf("%s is written for a removed record", f)
		}
	}
	for _, f := range []string{"data/list.json", "agreements.csv", "sitemap.xml", "facets.json"} {
		if strings.Contains(read(t, filepath.Join(dist, f)), id) {
			t.Errorf("%s names the removed record", f)
		}
	}

	// Restored, it is in the registry again and nothing says it was removed.
	runGit(t, dir, "checkout", "HEAD~1", "--", file)
	commitAt(t, dir, "Restore netnod-i-root", "2024-07-01T10:00:00Z")
	if r := run(t, dir, gitEnv, "build", "--out", "dist"); r.code != 0 {
		t.Fatalf("after the restore: exit %d: %s", r.code, r.stderr)
	}
	index := read(t, filepath.Join(dist, "index.json"))
	if strings.Contains(index, `"removed"`) {
		t.Errorf("index.json still lists a removed record after the restore")
	}
	if page := read(t, filepath.Join(dist, "agreements", id, "index.html")); strings.Contains(page, "noindex") {
		t.Errorf("the restored record's page is still the removed page")
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
