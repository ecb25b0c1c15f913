// Package build runs `agreements build` short of writing: it validates
// every record, gathers the dates from history, and builds the index, so
// that the command only has to choose between publishing and comparing.
package build

import (
	"errors"
	"os"
	"sync"
	"time"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/emit"
	"agreements/internal/gitrepo"
	"agreements/internal/history"
	"agreements/internal/index"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/schema"
)

// Options configure a build.
type Options struct {
	Root string
	// NoHistory leaves out created and updated dates and the feed, for a
	// shallow clone or a folder outside git.
	NoHistory bool
	Emit      emit.Options
}

// Result is a validated registry, ready to write.
type Result struct {
	Report diag.Report
	Index  *index.Index
	opts   Options
}

// Write writes every output file into dir.
func (r *Result) Write(dir string) error { return emit.Write(dir, r.Index, r.opts.Emit) }

// Run validates the registry and builds its index. Problems in records are
// in the report (and the index is nil then); the error is for failures of
// the tool, or missing history without NoHistory.
func Run(o Options) (*Result, error) {
	gen, dates, err := fromGit(o.Root, !o.NoHistory)
	if err != nil {
		return nil, err
	}
	asOf := time.Time{}
	if gen != nil {
		asOf = gen.Date
	}
	// Each record is decoded where it was parsed, and its parse tree let
	// go: holding 10,000 parse trees cost more in memory and collection
	// than the decoding itself.
	var mu sync.Mutex
	var decoded []index.Decoded
	report, err := check.Run(check.Options{FS: os.DirFS(o.Root), AsOf: asOf, OnDocument: func(d *record.Document) {
		x := index.Decode(d)
		mu.Lock()
		defer mu.Unlock()
		decoded = append(decoded, x)
	}})
	if err != nil {
		return nil, err
	}
	r := &Result{Report: report, opts: o}
	if errs, _ := diag.Count(report.Diagnostics); errs > 0 {
		return r, nil
	}
	r.Index = index.Assemble(decoded, dates, gen, asOf)
	return r, nil
}

// fromGit returns the commit the records derive from (the last one that
// changed records/ or schema/) and, with withHistory, every record's
// created and updated dates. Without history, git is optional: a folder
// outside git or a clone too shallow to tell gives no commit and no error.
func fromGit(root string, withHistory bool) (*index.Generated, index.History, error) {
	repo, prefix, tip, err := gitrepo.OpenHead(root)
	if err != nil {
		switch {
		case !withHistory:
			return nil, nil, nil
		case errors.Is(err, gitrepo.ErrNotRepo):
			return nil, nil, errors.New(message.New("build.no-repo").String())
		}
		return nil, nil, err
	}
	defer repo.Close()
	last, err := repo.LastChange(tip, prefix, record.Dir, schema.Dir)
	if err != nil {
		if !withHistory {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	gen := &index.Generated{Commit: last.Hash, Date: last.When}
	if !withHistory {
		return gen, nil, nil
	}
	h, err := history.Load(repo, tip, prefix)
	if err != nil {
		return nil, nil, err
	}
	dates := index.History{}
	for _, e := range h.Records() {
		dates[e.Path] = [2]index.Stamp{{Commit: e.Created.Commit, Date: e.Created.Date}, {Commit: e.Updated.Commit, Date: e.Updated.Date}}
	}
	return gen, dates, nil
}
