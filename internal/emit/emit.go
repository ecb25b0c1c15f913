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
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

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
	// The page, the JSON files and the rest are independent: they are
	// made side by side, each writing its own files.
	var wg sync.WaitGroup
	run := func(f func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	run(func() {
		page, err := htmlPage(ix)
		if err != nil {
			w.fail(err)
			return
		}
		w.file("index.html", page)
	})
	run(func() {
		// Each agreement is encoded once, at the depth it has in every
		// file that lists it.
		frags := make([][]byte, len(ix.Agreements))
		for i := range ix.Agreements {
			frags[i] = w.compact(ix.Agreements[i])
		}
		orgs := make([][]byte, len(ix.Organizations))
		for i := range ix.Organizations {
			orgs[i] = w.marshal(ix.Organizations[i], 2)
		}
		w.file("index.json", object(0,
			field{"format", w.marshal(ix.Format, 1)},
			field{"generated_from", w.marshal(ix.GeneratedFrom, 1)},
			field{"agreements", array(1, frags)},
			field{"organizations", array(1, orgs)}))
	})
	run(func() {
		// The splits list agreements in brief (index.json has them
		// whole): the largest organisation is a party to every
		// agreement, and full copies would multiply the output.
		briefs := make([][]byte, len(ix.Agreements))
		for i := range ix.Agreements {
			briefs[i] = w.compact(Brief(ix.Agreements[i]))
		}
		w.splits(ix, briefs)
		w.json("facets.json", ix.Facets())
	})
	run(func() {
		w.file("agreements.csv", agreementsCSV(ix))
		w.file("organizations.csv", organizationsCSV(ix))
		w.file("summary.md", summaryMarkdown(ix, opts.Lang))
		if ix.GeneratedFrom != nil && hasHistory(ix) {
			w.file("feed.atom", atomFeed(ix, opts))
		}
	})
	wg.Wait()
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

// writer writes files and keeps the first error; it is safe for
// concurrent use.
type writer struct {
	dir string
	mu  sync.Mutex
	err error
}

func (w *writer) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *writer) failed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err != nil
}

func (w *writer) file(name string, data []byte) {
	if w.failed() {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.fail(err)
		return
	}
	if err := writeFile(p, data, 0o644); err != nil {
		w.fail(err)
	}
}

// writeFile is os.WriteFile; tests replace it to make a write fail halfway
// or the disk fill up.
var writeFile = os.WriteFile

func (w *writer) json(name string, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		w.fail(fmt.Errorf("%s: %w", name, err))
		return
	}
	w.file(name, b.Bytes())
}

// splits writes by-country/, by-organization/ and by-year/.
func (w *writer) splits(ix *index.Index, frags [][]byte) {
	byCountry := map[string][][]byte{}
	byYear := map[string][][]byte{}
	byOrg := map[string][][]byte{}
	for i, a := range ix.Agreements {
		for _, c := range a.Countries {
			byCountry[c] = append(byCountry[c], frags[i])
		}
		y := a.Year
		if y == "" {
			y = index.Undated
		}
		byYear[y] = append(byYear[y], frags[i])
		for _, p := range a.Parties {
			byOrg[p.ID] = append(byOrg[p.ID], frags[i])
		}
	}
	for _, c := range slices.Sorted(maps.Keys(byCountry)) {
		w.file("by-country/"+c+".json", object(0, field{"country", w.marshal(c, 1)}, field{"agreements", array(1, byCountry[c])}))
	}
	for _, y := range slices.Sorted(maps.Keys(byYear)) {
		w.file("by-year/"+y+".json", object(0, field{"year", w.marshal(y, 1)}, field{"agreements", array(1, byYear[y])}))
	}
	for _, o := range ix.Organizations {
		w.file("by-organization/"+o.ID+".json", object(0, field{"organization", w.marshal(o, 1)}, field{"agreements", array(1, byOrg[o.ID])}))
	}
}

// marshal encodes v as indented JSON to stand at the given depth (its
// first line is not indented: the caller places it).
func (w *writer) marshal(v any, depth int) []byte {
	data, err := json.MarshalIndent(v, strings.Repeat("  ", depth), "  ")
	if err != nil {
		w.fail(err)
	}
	return data
}

// compact encodes v as JSON on one line: the split files list one brief
// per line, which reads well in a diff and costs no indentation pass.
func (w *writer) compact(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		w.fail(err)
	}
	return data
}

type field struct {
	name string
	raw  []byte
}

// object writes a JSON object at depth from encoded fields, in order.
func object(depth int, fields ...field) []byte {
	var b bytes.Buffer
	n := 16
	for _, f := range fields {
		n += len(f.raw) + len(f.name) + 2*depth + 8
	}
	b.Grow(n)
	in := strings.Repeat("  ", depth+1)
	b.WriteString("{\n")
	for i, f := range fields {
		name, _ := json.Marshal(f.name)
		b.WriteString(in)
		b.Write(name)
		b.WriteString(": ")
		b.Write(f.raw)
		if i < len(fields)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(strings.Repeat("  ", depth) + "}")
	if depth == 0 {
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// array writes a JSON array at depth from items encoded at depth+1.
func array(depth int, items [][]byte) []byte {
	if len(items) == 0 {
		return []byte("[]")
	}
	n := 0
	for _, it := range items {
		n += len(it) + 2*depth + 8
	}
	var b bytes.Buffer
	b.Grow(n)
	in := strings.Repeat("  ", depth+1)
	b.WriteString("[\n")
	for i, it := range items {
		b.WriteString(in)
		b.Write(it)
		if i < len(items)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(strings.Repeat("  ", depth) + "]")
	return b.Bytes()
}

// AgreementBrief is how the split files (by-country/, by-organization/,
// by-year/) list an agreement; index.json has every field.
type AgreementBrief struct {
	ID         string        `json:"id"`
	Title      index.Text    `json:"title"`
	Kind       string        `json:"kind"`
	StatusAsOf string        `json:"status_as_of"`
	Year       string        `json:"year,omitempty"`
	Dates      *index.Dates  `json:"dates,omitempty"`
	Parties    []index.Party `json:"parties"`
	Countries  []string      `json:"countries,omitempty"`
	Updated    *index.Stamp  `json:"updated,omitempty"`
}

// Brief returns the brief form of an agreement.
func Brief(a index.Agreement) AgreementBrief {
	return AgreementBrief{ID: a.ID, Title: a.Title, Kind: a.Kind, StatusAsOf: a.StatusAsOf, Year: a.Year,
		Dates: a.Dates, Parties: a.Parties, Countries: a.Countries, Updated: a.Updated}
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
