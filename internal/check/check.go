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
const RulePanic = "internal.panic"

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
// the cores. A worker reading a file waits in system calls and page
// faults, and the spare workers keep the cores busy meanwhile (on 10,000
// generated records, 2 cores: 1.04 s against 1.22 s with one per core).
func DefaultWorkers() int { return 2 * runtime.GOMAXPROCS(0) }

// Options configure a run.
type Options struct {
	// FS is the registry's root: the folder holding records/ and schema/
	// (record.DirFS, or os.DirFS), or a commit's tree.
	FS fs.FS
	// Only, when not nil, limits the report to these paths (relative to
	// the root, forward slashes; a folder stands for the files under it).
	// All records are still read, since references cross files, unless
	// NamesOnly is set.
	Only []string
	// NamesOnly, with Only, reads none of the files outside Only: the rules
	// across records then know those records by their file names alone
	// (enough for ids and references to exist). Pull-request mode uses it,
	// having chosen Only to hold every record a change can affect.
	NamesOnly bool
	// AsOf is the day for date-dependent warnings.
	AsOf time.Time
	// Workers is how many files are checked at once; 0 means
	// DefaultWorkers.
	Workers int
	// Files and Unlisted, when Files is not nil, are what record.List
	// returned for FS, already listed by the caller (the build lists the
	// records before it checks them), so that Run does not list them
	// again.
	Files    []record.File
	Unlisted []diag.Diagnostic
	// Listed, when set, is called with the number of record files once
	// they are listed, before any is read: a caller can size its memory
	// settings to the registry.
	Listed func(files int)
	// OnDocument, when set, is called once for every file checked in
	// full, with its parsed record or nil when it could not be read as
	// one, from the worker that checked it (so concurrently): a caller can
	// use a record as it comes and let it go, instead of holding every
	// document in memory. Organisations are checked before agreements
	// (though with several workers an agreement may be handed before the
	// last organisation). A panic in it is reported on the file, like one
	// in the checks.
	OnDocument func(record.File, *record.Document)
}

// Run validates the registry at opts.Root. The error is for failures of the
// tool (no records/ folder, a schema that does not compile); problems in
// records are diagnostics in the report.
func Run(opts Options) (diag.Report, error) {
	files, listDiags := opts.Files, opts.Unlisted
	if files == nil {
		var err error
		if files, listDiags, err = record.List(opts.FS); err != nil {
			return diag.Report{}, err
		}
	}
	schemas, err := schema.Load(opts.FS)
	if err != nil {
		return diag.Report{}, err
	}
	if opts.Listed != nil {
		opts.Listed(len(files))
	}
	selected := func(p string) bool { return record.Within(p, opts.Only) }
	// The rules on one record run as it is read, and only what the rules
	// across records need is kept (see rules.Pass).
	pass := rules.Begin(files, opts.AsOf, schemas.Region())

	// Per file, only its diagnostics and what the rules across records
	// need are kept: a registry of 100,000 records is checked without
	// holding 100,000 records.
	var mu sync.Mutex
	var found []diag.Diagnostic // of the selected files, in any order: sorted below
	kept := make([]rules.Kept, len(files))
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
				if !sel && opts.NamesOnly {
					_, kept[i] = pass.Local(rules.Extract(files[i], nil))
					continue
				}
				res := checkFile(opts.FS, files[i], schemas, sel)
				var local []diag.Diagnostic
				local, kept[i] = runLocal(pass, files[i], res.facts)
				ds := append(res.diags, local...)
				if opts.OnDocument != nil {
					if d := hand(opts.OnDocument, files[i], res.doc); d != nil {
						ds = append(ds, *d)
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
	// Organisations first: agreements name them, and a caller that
	// writes agreements as they come (the build) needs them before.
	for _, orgs := range []bool{true, false} {
		for i := range files {
			if (files[i].Kind == record.Organization) == orgs {
				next <- i
			}
		}
	}
	close(next)
	wg.Wait()

	report := diag.Report{Diagnostics: found}
	for i := range files {
		if selected(files[i].Path) {
			report.Files++
		}
	}
	report.Total = len(files) + len(listDiags)
	for _, d := range listDiags {
		if selected(d.File) {
			report.Files++
			report.Diagnostics = append(report.Diagnostics, d)
		}
	}
	for _, d := range pass.Finish(kept) {
		if selected(d.File) {
			report.Diagnostics = append(report.Diagnostics, d)
		}
	}
	diag.Sort(report.Diagnostics)
	return report, nil
}

// parse is record.Parse; a test replaces it to show that a crash on one
// file is contained to that file.
var parse = record.Parse

type fileResult struct {
	diags []diag.Diagnostic
	facts *rules.Facts
	doc   *record.Document
}

// checkFile reads, parses and (when full is set) schema-checks one file. A
// panic is contained to the file it happened on.
func checkFile(fsys fs.FS, f record.File, schemas *schema.Set, full bool) (res fileResult) {
	defer func() {
		if v := recover(); v != nil {
			res.diags = append(res.diags, diag.Diagnostic{
				File: f.Path, Rule: RulePanic, Message: message.New(RulePanic, "detail", fmt.Sprint(v)),
			})
			if res.facts == nil {
				res.facts = rules.Extract(f, nil)
			}
		}
	}()
	data, readDiag := record.Read(fsys, f)
	if readDiag != nil {
		return fileResult{diags: []diag.Diagnostic{*readDiag}, facts: rules.Extract(f, nil)}
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
	return res
}

// runLocal runs the rules on one record; a panic is reported on the file.
func runLocal(pass *rules.Pass, f record.File, facts *rules.Facts) (ds []diag.Diagnostic, kept rules.Kept) {
	defer func() {
		if v := recover(); v != nil {
			facts.Fields = nil
			kept = rules.Keep(facts)
			ds = []diag.Diagnostic{{File: f.Path, Rule: RulePanic, Message: message.New(RulePanic, "detail", fmt.Sprint(v))}}
		}
	}()
	return pass.Local(facts)
}

// hand gives a record to the caller's OnDocument, reporting a panic in it
// on the file.
func hand(on func(record.File, *record.Document), f record.File, doc *record.Document) (d *diag.Diagnostic) {
	defer func() {
		if v := recover(); v != nil {
			d = &diag.Diagnostic{File: f.Path, Rule: RulePanic, Message: message.New(RulePanic, "detail", fmt.Sprint(v))}
		}
	}()
	on(f, doc)
	return nil
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
