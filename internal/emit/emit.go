// Package emit writes the published files (the site's pages, JSON, CSV,
// Markdown, Atom feeds, calendars) from the readers' model, index.Index, with the
// standard library's encoders and templates, into a folder that replaces
// the previous output only once everything is written. Every writer treats
// text from records as untrusted: it cannot break or inject into any
// output.
package emit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"agreements/internal/index"
	"agreements/internal/message"
)

// Options shape the output.
type Options struct {
	// Lang is the language of summary.md and feed.atom (es, pt or en);
	// Spanish when empty.
	Lang string
	// BaseURL is the address the output is published at: it makes the
	// feeds', sitemap's and JSON-LD's links absolute, and without it there
	// is no sitemap.
	BaseURL string
	// RepoURL is the repository's web address (https://github.com/o/r),
	// for links to a record's file and to the issue form that suggests a
	// correction; without it the pages leave those links out.
	RepoURL string
	// Built is the commit the site is built from, which the footer names
	// beside the last change to the records (nil outside git).
	Built *index.Generated
	// About is the "About the data" page's text (ParseAbout of
	// docs/inclusion.md); without it there is no such page, and no page
	// links to one.
	About *About
	// Schemas are the registry's schemas by file name. With BaseURL they
	// are published under schema/, the path their $id names.
	Schemas map[string][]byte
}

// label renders an output's word in lang (the catalogs' "out." keys).
func label(lang, key string, pairs ...string) string {
	return message.New("out."+key, pairs...).In(lang)
}

// file is one output file: its path below the output folder, and what
// fills it.
type file struct {
	name string
	fill func(io.Writer) error
}

// Write writes every output file of ix into dir, which must exist. The
// files are independent of each other, and many: they are written by
// several workers at once, since creating a file mostly waits on the
// file system. The first error stops it; the caller (Publish, Compare)
// throws dir away. Write first replaces, in ix itself, every character
// no output may carry (see cleanControls).
func Write(ix *index.Index, dir string, opts Options) error {
	if opts.Lang == "" {
		opts.Lang = "es"
	}
	cleanControls(ix)
	facets := ix.Facets()
	files := []file{
		{"index.json", func(w io.Writer) error {
			members := []member{{"format", ix.Format}, {"generated_from", ix.GeneratedFrom}}
			if ix.AsOf != "" {
				members = append(members, member{"as_of", ix.AsOf})
			}
			members = append(members, member{"agreements", listOf(ix.Agreements)}, member{"organizations", listOf(ix.Organizations)})
			if len(ix.Removed) > 0 {
				members = append(members, member{"removed", ix.Removed})
			}
			return writeObject(w, members...)
		}},
		{"facets.json", func(w io.Writer) error { return writeJSON(w, facets) }},
		{"agreements.csv", func(w io.Writer) error { return agreementsCSV(w, ix.Agreements) }},
		{"organizations.csv", func(w io.Writer) error { return organizationsCSV(w, ix.Organizations) }},
		{"agreement_parties.csv", func(w io.Writer) error { return partiesCSV(w, ix.Agreements) }},
		{"summary.md", func(w io.Writer) error { return summaryMarkdown(w, opts.Lang, opts.BaseURL, ix, facets) }},
	}
	files = append(files, splitFiles(ix)...)
	s := newSite(ix, opts)
	if s.hasFeeds {
		for _, f := range s.feeds() {
			files = append(files, file{f.path, func(w io.Writer) error { return s.writeFeed(w, f) }})
		}
	}
	if stamp, ok := s.stamp(); ok {
		for _, c := range s.calendars() {
			files = append(files, file{c.path, func(w io.Writer) error { return s.writeCalendar(w, c, stamp) }})
		}
	}
	files = append(files, s.files()...)
	if opts.BaseURL != "" {
		for _, name := range slices.Sorted(maps.Keys(opts.Schemas)) {
			data := opts.Schemas[name]
			files = append(files, file{"schema/" + name, func(w io.Writer) error { _, err := w.Write(data); return err }})
		}
	}
	if err := writeFiles(dir, files); err != nil {
		return err
	}
	if opts.BaseURL == "" {
		return nil
	}
	// The catalogue gives the other files' sizes: it comes last.
	return writeFiles(dir, []file{{"catalog.jsonld", func(w io.Writer) error { return s.writeCatalog(w, dir) }}})
}

// writeWorkers is how many files are written at once: creating a file is
// mostly waiting on the file system, so more than the cores.
var writeWorkers = 2 * runtime.GOMAXPROCS(0)

// writeFiles writes every file into dir and returns the first error.
func writeFiles(dir string, files []file) error {
	next := make(chan file)
	errs := make(chan error, writeWorkers)
	dirs := &sync.Map{}
	var wg sync.WaitGroup
	for w := 0; w < writeWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var first error
			for f := range next {
				if first == nil {
					first = writeFileIn(dir, f.name, f.fill, dirs)
				}
			}
			errs <- first
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// hasHistory reports whether the agreements carry dates from history
// (a build with --no-history has none, and then no feed).
func hasHistory(ix *index.Index) bool {
	for _, a := range ix.Agreements {
		if a.Updated != nil {
			return true
		}
	}
	return len(ix.Agreements) == 0
}

// createFile creates a file to write; tests replace it to make a write
// fail halfway or the disk fill up.
var createFile = func(p string) (io.WriteCloser, error) {
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

// writeFileIn creates dir/name and fills it through a buffer; it returns
// the first error of the fill, the flush or the close. made remembers the
// folders already made, so that each is made once.
func writeFileIn(dir, name string, fill func(io.Writer) error, made *sync.Map) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if parent := filepath.Dir(p); parent != dir {
		if _, ok := made.Load(parent); !ok {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return err
			}
			made.Store(parent, true)
		}
	}
	f, err := createFile(p)
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(f, 32<<10)
	err = fill(b)
	if ferr := b.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// writeJSON writes v as JSON indented by two spaces.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// member is a member of a JSON object that writeObject writes: a value
// encoded on one line, or a list (see listOf) written one item per line.
type member struct {
	key   string
	value any
}

// list is a JSON array that writeObject writes one item per line.
type list []any

// listOf returns the items of s, by address, as a list.
func listOf[T any](s []T) list {
	out := make(list, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// writeObject writes a JSON object of members, in order, each encoded by
// encoding/json. A list is written one item per line, as it is encoded,
// so that a file of many agreements is never held whole in memory and
// reads well in a diff.
func writeObject(w io.Writer, members ...member) error {
	b := bufio.NewWriter(w)
	b.WriteString("{")
	for i, m := range members {
		if i > 0 {
			b.WriteString(",")
		}
		key, _ := json.Marshal(m.key)
		b.WriteString("\n  ")
		b.Write(key)
		b.WriteString(": ")
		items, isList := m.value.(list)
		if !isList {
			data, err := json.Marshal(m.value)
			if err != nil {
				return err
			}
			b.Write(data)
			continue
		}
		if len(items) == 0 {
			b.WriteString("[]")
			continue
		}
		b.WriteString("[")
		for j, item := range items {
			data, err := json.Marshal(item)
			if err != nil {
				return err
			}
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n    ")
			b.Write(data)
		}
		b.WriteString("\n  ]")
	}
	b.WriteString("\n}\n")
	return b.Flush()
}

// AgreementBrief is how the split files (by-country/, by-organization/,
// by-year/) list an agreement; index.json has every field.
type AgreementBrief struct {
	ID         string            `json:"id"`
	Title      index.Text        `json:"title"`
	Kind       string            `json:"kind"`
	StatusAsOf string            `json:"status_as_of"`
	Year       string            `json:"year,omitempty"`
	Dates      *index.Dates      `json:"dates,omitempty"`
	Parties    []index.Party     `json:"parties"`
	Countries  []string          `json:"countries,omitempty"`
	Updated    *index.CommitDate `json:"updated,omitempty"`
}

// Brief returns the brief form of an agreement.
func Brief(a *index.Agreement) AgreementBrief {
	return AgreementBrief{ID: a.ID, Title: a.Title, Kind: a.Kind, StatusAsOf: a.StatusAsOf, Year: a.Year,
		Dates: a.Dates, Parties: a.Parties, Countries: a.Countries, Updated: a.Updated}
}

// splitFiles are by-country/, by-year/ and by-organization/: each file
// lists its agreements in brief, in id order.
func splitFiles(ix *index.Index) []file {
	byCountry, byYear := map[string][]AgreementBrief{}, map[string][]AgreementBrief{}
	byID := make(map[string]*index.Agreement, len(ix.Agreements))
	for i := range ix.Agreements {
		a := &ix.Agreements[i]
		byID[a.ID] = a
		for _, c := range a.Countries {
			byCountry[c] = append(byCountry[c], Brief(a))
		}
		y := a.Year
		if y == "" {
			y = index.Undated
		}
		byYear[y] = append(byYear[y], Brief(a))
	}
	var files []file
	for _, c := range slices.Sorted(maps.Keys(byCountry)) {
		files = append(files, file{"by-country/" + c + ".json", func(w io.Writer) error {
			return writeObject(w, member{"country", c}, member{"agreements", listOf(byCountry[c])})
		}})
	}
	for _, y := range slices.Sorted(maps.Keys(byYear)) {
		files = append(files, file{"by-year/" + y + ".json", func(w io.Writer) error {
			return writeObject(w, member{"year", y}, member{"agreements", listOf(byYear[y])})
		}})
	}
	for i := range ix.Organizations {
		o := &ix.Organizations[i]
		briefs := make([]AgreementBrief, 0, len(o.Agreements))
		for _, id := range o.Agreements {
			briefs = append(briefs, Brief(byID[id]))
		}
		files = append(files, file{"by-organization/" + o.ID + ".json", func(w io.Writer) error {
			return writeObject(w, member{"organization", o}, member{"agreements", listOf(briefs)})
		}})
	}
	return files
}

// partyNames are an agreement's parties by name (their id when the
// organisation has no name).
func partyNames(a *index.Agreement) []string {
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

func itoa(n int) string { return strconv.Itoa(n) }
