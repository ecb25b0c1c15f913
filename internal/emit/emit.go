// Package emit writes the published indexes (JSON, CSV, Markdown, an HTML
// page, an Atom feed) from the index model, into a folder that replaces
// the previous output only once everything is written. Every writer treats
// text from records as untrusted: it cannot break or inject into any
// output.
package emit

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"agreements/internal/index"
	"agreements/internal/message"
)

//go:embed labels.json
var labelsJSON []byte

// labels are the words of the outputs in each language (Spanish first:
// the registry's language).
var labels = func() map[string]map[string]string {
	var m map[string]map[string]string
	if err := json.Unmarshal(labelsJSON, &m); err != nil {
		panic(err)
	}
	return m
}()

// Languages are the languages outputs can be written in.
var Languages = []string{"es", "en", "pt"}

func label(lang, key string, pairs ...string) string {
	s, ok := labels[lang][key]
	if !ok {
		s = labels["es"][key]
	}
	return message.Expand(s, message.New(key, pairs...).Args)
}

// Options shape the output.
type Options struct {
	// Lang is the language of summary.md and feed.atom (es, en or pt).
	Lang string
	// BaseURL, when set, makes the feed's links absolute.
	BaseURL string
}

// Write writes every output file of ix into dir, which must exist.
func Write(dir string, ix *index.Index, opts Options) error {
	if opts.Lang == "" {
		opts.Lang = "es"
	}
	w := &writer{dir: dir}
	w.json("index.json", ix)
	w.file("agreements.csv", agreementsCSV(ix))
	w.file("organizations.csv", organizationsCSV(ix))
	w.json("facets.json", ix.Facets())
	w.splits(ix)
	w.file("summary.md", summaryMarkdown(ix, opts.Lang))
	page, err := htmlPage(ix)
	if err != nil {
		return err
	}
	w.file("index.html", page)
	if ix.GeneratedFrom != nil && hasHistory(ix) {
		w.file("feed.atom", atomFeed(ix, opts))
	}
	return w.err
}

func hasHistory(ix *index.Index) bool {
	for _, a := range ix.Agreements {
		if a.Updated != nil {
			return true
		}
	}
	return len(ix.Agreements) == 0
}

// writer writes files and keeps the first error.
type writer struct {
	dir string
	err error
}

func (w *writer) file(name string, data []byte) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		w.err = err
	}
}

func (w *writer) json(name string, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		if w.err == nil {
			w.err = fmt.Errorf("%s: %w", name, err)
		}
		return
	}
	w.file(name, b.Bytes())
}

// splits writes by-country/, by-organization/ and by-year/.
func (w *writer) splits(ix *index.Index) {
	byCountry := map[string][]index.Agreement{}
	byYear := map[string][]index.Agreement{}
	byOrg := map[string][]index.Agreement{}
	for _, a := range ix.Agreements {
		for _, c := range a.Countries {
			byCountry[c] = append(byCountry[c], a)
		}
		y := a.Year
		if y == "" {
			y = index.Undated
		}
		byYear[y] = append(byYear[y], a)
		for _, p := range a.Parties {
			byOrg[p.ID] = append(byOrg[p.ID], a)
		}
	}
	for _, c := range sortedKeys(byCountry) {
		w.json("by-country/"+c+".json", struct {
			Country    string            `json:"country"`
			Agreements []index.Agreement `json:"agreements"`
		}{c, byCountry[c]})
	}
	for _, y := range sortedKeys(byYear) {
		w.json("by-year/"+y+".json", struct {
			Year       string            `json:"year"`
			Agreements []index.Agreement `json:"agreements"`
		}{y, byYear[y]})
	}
	for _, o := range ix.Organizations {
		list := byOrg[o.ID]
		if list == nil {
			list = []index.Agreement{}
		}
		w.json("by-organization/"+o.ID+".json", struct {
			Organization index.Organization `json:"organization"`
			Agreements   []index.Agreement  `json:"agreements"`
		}{o, list})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func partyNames(a index.Agreement) []string {
	out := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.Name
		if out[i] == "" {
			out[i] = p.ID
		}
	}
	return out
}

func joinList(list []string) string { return strings.Join(list, "; ") }
