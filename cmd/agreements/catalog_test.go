package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestDCATCatalog: catalog.jsonld conforms to the DCAT-AP 3.0.0 SHACL
// shapes (vendored in testdata/dcat-ap) with no violation, while the same
// catalogue without its mandatory descriptions does not (the shapes
// check something); every distribution's size is its file's.
func TestDCATCatalog(t *testing.T) {
	tools := nodeTools(t)
	dist := builtSite(t)
	var res struct {
		Conforms         bool
		BrokenViolations int
		Triples          int
		Types            map[string]int
		Results          []struct{ Severity, Message, Path, Focus string }
	}
	runNode(t, tools, &res, "dcat.mjs", dist)
	if !res.Conforms {
		for _, r := range res.Results {
			t.Errorf("%s: %s %s %s", r.Focus, r.Path, r.Severity, r.Message)
		}
	}
	if res.BrokenViolations == 0 {
		t.Error("the shapes pass a catalogue without its mandatory descriptions")
	}
	if res.Types["http://www.w3.org/ns/dcat#Catalog"] != 1 || res.Types["http://www.w3.org/ns/dcat#Dataset"] != 1 ||
		res.Types["http://www.w3.org/ns/dcat#Distribution"] < 5 {
		t.Errorf("the catalogue holds %v", res.Types)
	}
	// Deterministic: a second build finds nothing to change.
	if r := run(t, filepath.Dir(dist), gitEnv, "build", "--check", "--base-url", "https://registry.example.org/agreements/",
		"--repo-url", "https://github.com/lacnic/agreements"); r.code != 0 {
		t.Errorf("build --check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dist, "catalog.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var catalog struct {
		Dataset struct {
			Distributions []struct {
				Title string         `json:"dct:title"`
				Size  map[string]any `json:"dcat:byteSize"`
			} `json:"dcat:distribution"`
		} `json:"dcat:dataset"`
	}
	if err := json.Unmarshal(data, &catalog); err != nil {
		t.Fatal(err)
	}
	for _, d := range catalog.Dataset.Distributions {
		info, err := os.Stat(filepath.Join(dist, d.Title))
		if err != nil {
			t.Errorf("%s: %v", d.Title, err)
			continue
		}
		if d.Size["@value"] != strconv.FormatInt(info.Size(), 10) {
			t.Errorf("%s: byteSize %v, the file has %d bytes", d.Title, d.Size["@value"], info.Size())
		}
	}
}

// TestCitationFormats: every cite.bib parses with an npm BibTeX parser
// into one entry with its title and address, and every cite.json is
// valid CSL-JSON by CSL's own schema (vendored in testdata/csl).
func TestCitationFormats(t *testing.T) {
	tools := nodeTools(t)
	dist := builtSite(t)
	var res struct {
		Bib, CSL struct {
			Files  int
			Errors []string
		}
	}
	runNode(t, tools, &res, "citations.mjs", dist)
	agreements := fixtureCount(t, "agreements")
	if res.Bib.Files != agreements || res.CSL.Files != agreements {
		t.Errorf("checked %d BibTeX and %d CSL-JSON files of %d agreements", res.Bib.Files, res.CSL.Files, agreements)
	}
	for _, e := range append(res.Bib.Errors, res.CSL.Errors...) {
		t.Error(e)
	}
}
