package emit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"agreements/internal/index"
)

// Meta is what a Stream must know before the first agreement.
type Meta struct {
	// Generated is the commit the records come from; nil when unknown.
	Generated *index.Generated
	// Organizations are every organisation, sorted by id, with display
	// names (index.Organizations); their Agreements lists are made by the
	// stream. They may also be given later, by SetOrganizations.
	Organizations []index.Organization
	// Agreements is how many agreements will be added: ranks 0 to
	// Agreements-1, in id order.
	Agreements int
	// Feed asks for feed.atom: the agreements have dates from history.
	Feed bool
}

// Stream writes the outputs as agreements arrive, so that a build can
// write while it validates and never hold every agreement: at 10,000
// records, keeping them all until the end cost more in memory and garbage
// collection than writing them. Add encodes an agreement for every output
// in the caller's goroutine (the build's workers) and the files that list
// agreements in id order (index.json, agreements.csv, the page's rows) take
// it as soon as every agreement before it has arrived. What needs every
// agreement first (counts, the split files, summary.md, the feed, the
// organisations, the top of the page) is kept in small encoded pieces and
// written by Close.
type Stream struct {
	w    *writer
	meta Meta
	opts Options

	indexJSON, agreementsCSV, rows *openFile
	rowsPath                       string

	mu      sync.Mutex
	next    int
	pending map[int]*piece
	facets  index.Facets
	// briefs and ids are every agreement's brief and id, in id order.
	briefs [][]byte
	ids    []string
	// The split files' members, and the organisations' agreements, as
	// indices into briefs, by country code, year and organisation id.
	byCountry, byYear, byOrg map[string][]int
	summary                  [][]byte
	feed                     []feedPiece
}

// piece is one agreement encoded for every output, waiting for its turn.
type piece struct {
	a                            *index.Agreement
	full, brief, row, csv, table []byte
	feed                         []byte
}

type feedPiece struct {
	updated time.Time
	id      string
	xml     []byte
}

// NewStream starts the outputs in dir, which must exist.
func NewStream(dir string, meta Meta, opts Options) (*Stream, error) {
	if opts.Lang == "" {
		opts.Lang = "es"
	}
	s := &Stream{w: &writer{dir: dir}, meta: meta, opts: opts, pending: map[int]*piece{},
		facets: index.NewFacets(), byCountry: map[string][]int{}, byYear: map[string][]int{},
		byOrg: map[string][]int{}, briefs: make([][]byte, 0, meta.Agreements),
		ids: make([]string, 0, meta.Agreements), summary: make([][]byte, 0, meta.Agreements)}
	if meta.Feed {
		s.feed = make([]feedPiece, 0, meta.Agreements)
	}
	s.indexJSON = s.w.open("index.json")
	s.agreementsCSV = s.w.open("agreements.csv")
	// The rows wait in a hidden file: the top of the page (the filters'
	// choices and counts) needs every agreement first.
	s.rowsPath = ".index-rows.tmp"
	s.rows = s.w.open(s.rowsPath)
	if err := s.w.error(); err != nil {
		s.abort()
		return nil, err
	}
	b := s.indexJSON.b
	b.WriteString("{\n  \"format\": ")
	b.Write(s.w.marshal(index.FormatVersion, 1))
	b.WriteString(",\n  \"generated_from\": ")
	b.Write(s.w.marshal(meta.Generated, 1))
	b.WriteString(",\n  \"agreements\": ")
	if meta.Agreements == 0 {
		b.WriteString("[]")
	} else {
		b.WriteString("[\n")
	}
	c := newCSV(s.agreementsCSV.b)
	c.row(AgreementColumns)
	c.w.Flush()
	return s, nil
}

// SetOrganizations gives the organisations (see Meta) when they were not
// known at NewStream; it must come before Close.
func (s *Stream) SetOrganizations(orgs []index.Organization) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.meta.Organizations = orgs
}

// Add gives the agreement of the given rank (its place in id order), or
// nil for a rank whose record could not be read: it is then left out, and
// the build, which has an error to report, discards the output. It is safe
// for concurrent use.
func (s *Stream) Add(rank int, a *index.Agreement) {
	p := &piece{a: a}
	if a != nil {
		p.full, p.brief = s.w.compactAgreement(a)
		p.row = rowHTML(a)
		p.csv = csvLine(agreementCells(a))
		p.table = markdownRow(a, s.opts.Lang)
		if s.meta.Feed {
			p.feed = s.feedEntry(a)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rank < s.next || rank >= s.meta.Agreements || s.pending[rank] != nil {
		s.w.fail(fmt.Errorf("emit: agreement rank %d given twice or out of range", rank))
		return
	}
	s.pending[rank] = p
	for {
		p, ok := s.pending[s.next]
		if !ok {
			return
		}
		delete(s.pending, s.next)
		s.take(p)
		s.next++
	}
}

// take writes or keeps the next agreement in id order.
func (s *Stream) take(p *piece) {
	a := p.a
	if a == nil {
		return
	}
	if s.facets.Total > 0 {
		s.indexJSON.b.WriteString(",\n")
	}
	s.indexJSON.b.WriteString("    ")
	s.indexJSON.b.Write(p.full)
	s.agreementsCSV.b.Write(p.csv)
	s.rows.b.Write(p.row)
	s.facets.Add(a)
	i := len(s.briefs)
	s.briefs = append(s.briefs, p.brief)
	s.ids = append(s.ids, a.ID)
	for _, c := range a.Countries {
		s.byCountry[c] = append(s.byCountry[c], i)
	}
	y := a.Year
	if y == "" {
		y = index.Undated
	}
	s.byYear[y] = append(s.byYear[y], i)
	for _, party := range a.Parties {
		s.byOrg[party.ID] = append(s.byOrg[party.ID], i)
	}
	s.summary = append(s.summary, p.table)
	if p.feed != nil {
		s.feed = append(s.feed, feedPiece{updated: updated(a), id: a.ID, xml: p.feed})
	}
}

// Close writes what needed every agreement and closes the files. Its
// error is the first of any write, or says that some agreements never
// came.
func (s *Stream) Close() error {
	defer s.abort()
	if s.next != s.meta.Agreements {
		s.w.fail(fmt.Errorf("emit: %d of %d agreements were given", s.next, s.meta.Agreements))
	}
	orgs := slices.Clone(s.meta.Organizations)
	for i := range orgs {
		members := s.byOrg[orgs[i].ID]
		orgs[i].Agreements = make([]string, len(members))
		for j, k := range members {
			orgs[i].Agreements[j] = s.ids[k]
		}
	}
	b := s.indexJSON.b
	if s.meta.Agreements > 0 {
		b.WriteString("\n  ]")
	}
	b.WriteString(",\n  \"organizations\": ")
	items := make([][]byte, len(orgs))
	for i := range orgs {
		items[i] = s.w.marshal(orgs[i], 2)
	}
	writeArray(b, items)
	b.WriteString("\n}\n")
	s.w.finish(s.indexJSON)
	s.w.finish(s.agreementsCSV)
	s.w.finish(s.rows)

	tasks := newGroup(2 * runtime.GOMAXPROCS(0))
	tasks.do(func() { s.page(orgs) })
	tasks.do(func() {
		s.w.stream("organizations.csv", func(out io.Writer) error { return organizationsCSV(out, orgs) })
	})
	tasks.do(func() {
		s.w.stream("summary.md", func(out io.Writer) error {
			return summaryMarkdown(out, s.opts.Lang, s.facets, len(orgs), s.summary, s.meta.Generated)
		})
		s.w.json("facets.json", s.facets)
	})
	if s.meta.Feed && s.meta.Generated != nil {
		tasks.do(func() { s.w.stream("feed.atom", s.feedXML) })
	}
	s.splits(tasks, orgs)
	tasks.wait()
	return s.w.error()
}

// abort closes whatever is still open and removes the rows' hidden file.
func (s *Stream) abort() {
	for _, f := range []*openFile{s.indexJSON, s.agreementsCSV, s.rows} {
		if f != nil && !f.closed {
			f.a.Close()
			f.f.Close()
			f.closed = true
		}
	}
	os.Remove(filepath.Join(s.w.dir, s.rowsPath))
}

// page writes index.html: the top, the rows from their hidden file, the
// bottom.
func (s *Stream) page(orgs []index.Organization) {
	s.w.stream("index.html", func(out io.Writer) error {
		d := pageSummary(s.facets, orgs, s.meta.Generated)
		if err := page.ExecuteTemplate(out, "top", d); err != nil {
			return err
		}
		rows, err := os.Open(filepath.Join(s.w.dir, s.rowsPath))
		if err != nil {
			return err
		}
		defer rows.Close()
		// With the buffer empty, the copy goes file to file in the kernel.
		if b, ok := out.(*bufio.Writer); ok {
			if err := b.Flush(); err != nil {
				return err
			}
		}
		if _, err := io.Copy(out, rows); err != nil {
			return err
		}
		return page.ExecuteTemplate(out, "bottom", d)
	})
}

// splits writes by-country/, by-organization/ and by-year/, each listing
// its agreements in brief, in id order.
func (s *Stream) splits(tasks *group, orgs []index.Organization) {
	items := func(idx []int) [][]byte {
		out := make([][]byte, len(idx))
		for i, j := range idx {
			out[i] = s.briefs[j]
		}
		return out
	}
	for _, c := range slices.Sorted(maps.Keys(s.byCountry)) {
		tasks.do(func() {
			s.w.object("by-country/"+c+".json", field{name: "country", raw: s.w.marshal(c, 1)}, field{name: "agreements", items: items(s.byCountry[c])})
		})
	}
	for _, y := range slices.Sorted(maps.Keys(s.byYear)) {
		tasks.do(func() {
			s.w.object("by-year/"+y+".json", field{name: "year", raw: s.w.marshal(y, 1)}, field{name: "agreements", items: items(s.byYear[y])})
		})
	}
	for _, o := range orgs {
		tasks.do(func() {
			s.w.object("by-organization/"+o.ID+".json", field{name: "organization", raw: s.w.marshal(o, 1)}, field{name: "agreements", items: items(s.byOrg[o.ID])})
		})
	}
}

// openFile is an output written over time: filled through b, under the
// stream's lock, and written to f by a goroutine of its own (a).
type openFile struct {
	f      io.WriteCloser
	a      *asyncWriter
	b      *chunkWriter
	closed bool
}

// open creates the file name for writing over time; nil after a failure
// (w holds the error).
func (w *writer) open(name string) *openFile {
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	f, err := createFile(p)
	if err != nil {
		w.fail(err)
		return &openFile{f: nopCloser{io.Discard}, b: &chunkWriter{}, closed: true}
	}
	a := newAsyncWriter(f)
	return &openFile{f: f, a: a, b: &chunkWriter{a: a, buf: <-a.free}}
}

// finish flushes and closes f, keeping the first error.
func (w *writer) finish(f *openFile) {
	if f.closed {
		return
	}
	f.b.Flush()
	f.closed = true
	err := f.a.Close()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		w.fail(err)
	}
}

// asyncWriter writes to w in a goroutine of its own, in order. The files
// that take agreements in id order are filled under the stream's lock,
// and a full buffer's system call made there kept every worker waiting:
// a quarter of build's own time on 10,000 records.
type asyncWriter struct {
	w          io.Writer
	full, free chan []byte
	done       chan struct{}
	mu         sync.Mutex
	err        error
}

// asyncBuffers is how many chunks may wait for the goroutine before Write
// waits in turn.
const asyncBuffers = 3

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{w: w, full: make(chan []byte, asyncBuffers), free: make(chan []byte, asyncBuffers), done: make(chan struct{})}
	for i := 0; i < asyncBuffers; i++ {
		// Full size from the start: grown by appends, each buffer went
		// through five sizes of fresh memory, and on this virtual machine
		// fresh pages are costly faults.
		a.free <- make([]byte, 0, chunkSize+chunkSize/4)
	}
	go func() {
		defer close(a.done)
		for b := range a.full {
			if a.error() == nil {
				if _, err := a.w.Write(b); err != nil {
					a.mu.Lock()
					a.err = err
					a.mu.Unlock()
				}
			}
			a.free <- b[:0]
		}
	}()
	return a
}

func (a *asyncWriter) error() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// chunkWriter fills chunks for an asyncWriter and hands each over once
// it is full, so that bytes are copied once on their way to the file.
// Its writes never fail: an asyncWriter that failed drops what it is
// given, and its Close reports the error. Without an asyncWriter (a file
// that could not be created) it discards everything.
type chunkWriter struct {
	a   *asyncWriter
	buf []byte
}

// chunkSize is the size of a chunk handed to the goroutine.
const chunkSize = 256 << 10

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	c.handOver()
	return len(p), nil
}

func (c *chunkWriter) WriteString(s string) (int, error) {
	c.buf = append(c.buf, s...)
	c.handOver()
	return len(s), nil
}

func (c *chunkWriter) WriteByte(b byte) error {
	c.buf = append(c.buf, b)
	c.handOver()
	return nil
}

func (c *chunkWriter) handOver() {
	if len(c.buf) >= chunkSize {
		c.Flush()
	}
}

// Flush hands over what is buffered.
func (c *chunkWriter) Flush() {
	if c.a == nil {
		c.buf = c.buf[:0]
		return
	}
	if len(c.buf) > 0 {
		c.a.full <- c.buf
		c.buf = <-c.a.free
	}
}

// Close waits for every write and returns the first error. It does not
// close w.
func (a *asyncWriter) Close() error {
	close(a.full)
	<-a.done
	return a.error()
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// csvLine encodes one CSV record, every cell neutralised (see csvWriter).
// The writer and its buffer are reused: a csv.Writer brings a 4 KB buffer
// of its own, which at one per agreement was a third of build's garbage.
func csvLine(cells []string) []byte {
	c := csvPool.Get().(*csvBuffer)
	defer csvPool.Put(c)
	c.buf.Reset()
	c.w.row(cells)
	c.w.w.Flush()
	return bytes.Clone(c.buf.Bytes())
}

type csvBuffer struct {
	buf bytes.Buffer
	w   csvWriter
}

var csvPool = sync.Pool{New: func() any {
	c := &csvBuffer{}
	c.w = newCSV(&c.buf)
	return c
}}
