// Package check runs the whole validation of a registry: it lists the
// files under records/, loads and checks them concurrently against the
// schemas, runs the rules across records, and returns every diagnostic in
// a stable order. It is the one place that knows the order of the layers:
// files, YAML, schema, rules.
package check

import (
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/rules"
	"agreements/internal/schema"
)

// RulePanic is reported on a file whose check crashed: a bug in the tool,
// contained to that file.
const RulePanic = diag.RulePanic

// Rules lists every rule of every layer, in the order `agreements rules`
// prints them.
func Rules() []diag.Rule {
	var all []diag.Rule
	all = append(all, record.Rules...)
	all = append(all, schema.Rules...)
	all = append(all, rules.Descriptions()...)
	all = append(all, diag.Rule{ID: RulePanic})
	return all
}

// DefaultWorkers is how many files are checked at once by default: twice
// the cores, since a worker reading a file waits in system calls and page
// faults, and the spare workers keep the cores busy meanwhile
// (BenchmarkValidate10k measures it).
func DefaultWorkers() int { return 2 * runtime.GOMAXPROCS(0) }

// Options configure a run.
type Options struct {
	// FS is the registry's root: the folder holding records/ and schema/
	// (record.DirFS, or os.DirFS), or a commit's tree.
	FS fs.FS
	// Only, when not nil, limits the report to these paths (relative to
	// the root, forward slashes; a folder stands for the files under it).
	// All records are still read, since references cross files.
	Only []string
	// AsOf is the day for date-dependent warnings.
	AsOf time.Time
	// Workers is how many files are checked at once; 0 means
	// DefaultWorkers.
	Workers int
	// Documents asks for every record read, encoded as JSON, in
	// Result.Documents (the build needs them); without it, a run keeps
	// only what the rules across records need, so that a large registry
	// is checked in little memory.
	Documents bool
	// Cache, when set (and Documents is not), keeps each file's result for
	// later runs and takes from it what earlier runs found in files with
	// the same path and bytes.
	Cache *Cache
}

// Result is what a run found.
type Result struct {
	diag.Report
	// Documents are, with Options.Documents, the records that could be
	// read, sorted by path.
	Documents []record.Encoded
}

// Run validates the registry at opts.FS. The error is for failures of the
// tool (no records/ folder, a schema that does not compile); problems in
// records are diagnostics in the report.
func Run(opts Options) (Result, error) {
	// The schemas compile while the files are listed: neither needs the
	// other.
	type compiled struct {
		set *schema.Compiled
		err error
	}
	ch := make(chan compiled, 1)
	go func() {
		set, err := schema.Load(opts.FS)
		ch <- compiled{set, err}
	}()
	files, listDiags, err := record.List(opts.FS)
	c := <-ch
	if err != nil {
		return Result{}, err
	}
	if c.err != nil {
		return Result{}, c.err
	}
	schemas := c.set
	cache := opts.Cache
	if opts.Documents {
		cache = nil
	}
	if cache != nil {
		cache.use(schemas.Digest())
	}
	selected := record.NewSelection(opts.Only).Has
	checker := rules.New(files, opts.AsOf, schemas.Region())

	// Per file, only its diagnostics (and its document, when asked) are
	// kept here; the checker keeps what the rules across records need.
	var mu sync.Mutex
	var found []diag.Diagnostic // of the selected files, in any order: sorted below
	var docs []record.Encoded
	if opts.Documents {
		docs = make([]record.Encoded, len(files))
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = DefaultWorkers()
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				sel := selected(files[i].Path)
				res := checkFile(opts.FS, files[i], schemas, sel, cache)
				ds := append(res.diags, checker.Add(res.facts)...)
				if docs != nil && res.doc != nil {
					var err error
					if docs[i], err = res.doc.Encode(); err != nil {
						ds = append(ds, diag.Diagnostic{File: files[i].Path, Rule: RulePanic, Message: message.New(RulePanic, "detail", err.Error())})
					}
				}
				if len(ds) > 0 && sel {
					mu.Lock()
					found = append(found, ds...)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var res Result
	res.Diagnostics = found
	for i := range files {
		if selected(files[i].Path) {
			res.Files++
		}
	}
	res.Total = len(files) + len(listDiags)
	for _, d := range listDiags {
		if selected(d.File) {
			res.Files++
			res.Diagnostics = append(res.Diagnostics, d)
		}
	}
	for _, d := range checker.Finish() {
		if selected(d.File) {
			res.Diagnostics = append(res.Diagnostics, d)
		}
	}
	diag.Sort(res.Diagnostics)
	for _, d := range docs {
		if d.JSON != nil {
			res.Documents = append(res.Documents, d)
		}
	}
	return res, nil
}

// parse is record.Parse; a test replaces it to show that a crash on one
// file is contained to that file.
var parse = record.Parse

type fileResult struct {
	diags []diag.Diagnostic
	facts *rules.Facts
	doc   *record.Document
}

// checkFile reads, parses and (when full is set) schema-checks one file,
// or takes what an earlier run found in the same bytes from cache (when
// not nil). A panic is contained to the file it happened on.
func checkFile(fsys fs.FS, f record.File, schemas *schema.Compiled, full bool, cache *Cache) (res fileResult) {
	defer func() {
		if v := recover(); v != nil {
			res.diags = append(res.diags, diag.Diagnostic{
				File: f.Path, Rule: RulePanic, Message: message.New(RulePanic, "detail", fmt.Sprint(v)),
			})
			res.facts = rules.Extract(f, nil)
			res.doc = nil
		}
	}()
	// In a commit's tree a file's blob id is known before it is read.
	key, keyed := cacheKey{}, false
	if cache != nil {
		if key, keyed = keyFromTree(fsys, f.Path); keyed {
			if hit, ok := cache.get(key, full); ok {
				return hit
			}
		}
	}
	data, readDiag := record.Read(fsys, f)
	if readDiag != nil {
		return fileResult{diags: []diag.Diagnostic{*readDiag}, facts: rules.Extract(f, nil)}
	}
	if cache != nil && !keyed {
		key = keyOf(f.Path, data)
		if hit, ok := cache.get(key, full); ok {
			return hit
		}
	}
	doc, diags := parse(f.Path, f.Kind, data)
	res.diags = diags
	res.facts = rules.Extract(f, doc)
	res.doc = doc
	if doc != nil && full {
		for _, d := range schemas.Validate(doc) {
			if !within(d.Pointer, doc.Refused) {
				res.diags = append(res.diags, d)
			}
		}
	}
	// Kept only on this, the way out without a panic.
	if cache != nil {
		cache.put(key, res, full)
	}
	return res
}

// within reports whether ptr is one of the refused pointers or lies under
// one: the loader already said why that value is missing or empty.
func within(ptr string, refused []string) bool {
	for _, r := range refused {
		if ptr == r || strings.HasPrefix(ptr, r+"/") {
			return true
		}
	}
	return false
}
