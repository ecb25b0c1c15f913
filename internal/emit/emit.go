// Package emit writes the published indexes (JSON, CSV, Markdown, an HTML
// page, an Atom feed) from the index model, into a folder that replaces
// the previous output only once everything is written. Every writer treats
// text from records as untrusted: it cannot break or inject into any
// output.
package emit

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
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

// Write writes every output file of ix into dir, which must exist: the
// index made whole in memory, through the same Stream the build uses.
func Write(dir string, ix *index.Index, opts Options) error {
	s, err := NewStream(dir, Meta{Generated: ix.GeneratedFrom, Organizations: ix.Organizations,
		Agreements: len(ix.Agreements), Feed: ix.GeneratedFrom != nil && hasHistory(ix)}, opts)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ix.Agreements); i += workers {
				s.Add(i, &ix.Agreements[i])
			}
		}()
	}
	wg.Wait()
	return s.Close()
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

func (w *writer) error() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *writer) failed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err != nil
}

func (w *writer) file(name string, data []byte) {
	w.stream(name, func(out io.Writer) error {
		_, err := out.Write(data)
		return err
	})
}

// stream creates the file name (and its folder) and fills it through a
// buffer, so that no output is ever held whole in memory: at 10,000
// records they come to 80 MB.
func (w *writer) stream(name string, fill func(io.Writer) error) {
	if w.failed() {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.fail(err)
		return
	}
	f, err := createFile(p)
	if err != nil {
		w.fail(err)
		return
	}
	// bufio.Writer keeps the first write error and writes nothing after
	// it, so a fill function need not check each write: Flush reports it.
	b := bufferPool.Get().(*bufio.Writer)
	b.Reset(f)
	err = fill(b)
	if ferr := b.Flush(); err == nil {
		err = ferr
	}
	b.Reset(nil)
	bufferPool.Put(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		w.fail(err)
	}
}

// bufferPool holds the writers' buffers. The build writes some 250 files
// at a few at a time: a fresh 256 KB buffer for each was 60 MB of new
// memory, and on a virtual machine each new page is a costly fault.
var bufferPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 256<<10) }}

// createFile creates a file to write; tests replace it to make a write
// fail halfway or the disk fill up.
var createFile = defaultCreateFile

func defaultCreateFile(p string) (io.WriteCloser, error) {
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
}

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

// group runs functions concurrently, at most n at a time.
type group struct {
	slots chan struct{}
	wg    sync.WaitGroup
}

func newGroup(n int) *group { return &group{slots: make(chan struct{}, n)} }

// do runs f in a goroutine once a slot is free.
func (g *group) do(f func()) {
	g.slots <- struct{}{}
	g.wg.Add(1)
	go func() {
		defer func() {
			<-g.slots
			g.wg.Done()
		}()
		f()
	}()
}

// wait waits for every function to return.
func (g *group) wait() { g.wg.Wait() }

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

// field is a member of a JSON object written by writer.object: raw, an
// encoded value, or else items, an array of encoded values.
type field struct {
	name  string
	raw   []byte
	items [][]byte
}

// object writes the file name as a JSON object of fields, in order, one
// array item per line.
func (w *writer) object(name string, fields ...field) {
	w.stream(name, func(out io.Writer) error {
		b := out.(*bufio.Writer)
		b.WriteString("{\n")
		for i, f := range fields {
			key, _ := json.Marshal(f.name)
			b.WriteString("  ")
			b.Write(key)
			b.WriteString(": ")
			if f.raw != nil {
				b.Write(f.raw)
			} else {
				writeArray(b, f.items)
			}
			if i < len(fields)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString("}\n")
		return nil
	})
}

// textWriter is what writeArray writes to: a bufio.Writer, or a Stream's
// chunkWriter.
type textWriter interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

// writeArray writes a JSON array, at depth 1 in its file, of items encoded
// on one line each.
func writeArray(b textWriter, items [][]byte) {
	if len(items) == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteString("[\n")
	for i, it := range items {
		b.WriteString("    ")
		b.Write(it)
		if i < len(items)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ]")
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
