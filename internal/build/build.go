// Package build runs `agreements build`: it validates every record and,
// as it goes, writes the indexes, with the dates from history. The command
// chooses where the output goes (a folder swapped in for the old output,
// or one compared with it); the build only ever writes into the folder it
// is given.
package build

import (
	"errors"
	"sort"
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
	// Listed, when set, is told how many record files there are, once they
	// are listed and before any is read (the command sets its memory limit
	// from it).
	Listed func(files int)
}

// Result is what a build found and wrote.
type Result struct {
	Report                    diag.Report
	Agreements, Organizations int
}

// ErrInvalid is Run's error when the records have errors: the report has
// them, and what was written must be discarded.
var ErrInvalid = errors.New("build: the records have errors")

// Run validates the registry and writes its outputs into dir, which must
// exist. It writes while it validates, one agreement at a time, so that no
// output is held whole in memory; if the records turn out to have errors
// it returns ErrInvalid, and the caller throws dir away (emit.Publish and
// emit.Compare do). Other errors are failures of the tool, or missing
// history without NoHistory.
func Run(o Options, dir string) (Result, error) {
	// The records are listed while git finds the commit they come from:
	// each takes some 25 ms on 10,000 records, and neither needs the other.
	fsys := record.DirFS(o.Root)
	type listing struct {
		files    []record.File
		unlisted []diag.Diagnostic
		err      error
	}
	listed := make(chan listing, 1)
	go func() {
		var l listing
		l.files, l.unlisted, l.err = record.List(fsys)
		listed <- l
	}()
	gen, loadDates, err := fromGit(o.Root, !o.NoHistory)
	l := <-listed
	if err != nil {
		return Result{}, err
	}
	asOf := time.Time{}
	if gen != nil {
		asOf = gen.Date
	}
	files, unlisted := l.files, l.unlisted
	if l.err != nil {
		return Result{}, l.err
	}
	if o.Listed != nil {
		o.Listed(len(files))
	}
	// Agreements are written in id order, which is the order of their file
	// names (an id is its file's name; a record where it is not fails
	// validation, and the output is discarded).
	rank := map[string]int{}
	var agreementFiles []record.File
	for _, f := range files {
		if f.Kind == record.Agreement {
			agreementFiles = append(agreementFiles, f)
		}
	}
	sort.Slice(agreementFiles, func(i, j int) bool { return agreementFiles[i].Stem() < agreementFiles[j].Stem() })
	for i, f := range agreementFiles {
		rank[f.Path] = i
	}
	out, err := emit.NewStream(dir, emit.Meta{Generated: gen, Agreements: len(agreementFiles),
		Feed: gen != nil && loadDates != nil}, o.Emit)
	if err != nil {
		return Result{}, err
	}

	// The organisations' names and the history's dates are needed to write
	// an agreement, not to check it. The check hands the organisations
	// first, and the dates are read beside it; agreements checked before
	// both are ready wait in a backlog.
	type waiting struct {
		rank int
		x    *index.Decoded
	}
	orgFiles := len(files) - len(agreementFiles)
	var (
		mu        sync.Mutex
		resolve   *index.Resolver
		backlog   []waiting
		orgs      []index.Decoded
		prepErr   error
		orgsCount int
	)
	orgsSeen := make(chan struct{}) // closed once every organisation file is handed
	if orgFiles == 0 {
		close(orgsSeen)
	}
	checked := make(chan struct{}) // closed when the check returns, perhaps early on an error
	prepared := make(chan struct{})
	go func() {
		defer close(prepared)
		var dates index.History
		var err error
		if loadDates != nil {
			dates, err = loadDates()
		}
		select {
		case <-orgsSeen:
		case <-checked:
		}
		mu.Lock()
		organizations := index.Organizations(orgs, dates)
		mu.Unlock()
		out.SetOrganizations(organizations)
		r := index.NewResolver(organizations, dates, asOf)
		mu.Lock()
		resolve, prepErr, orgsCount = r, err, len(organizations)
		ready := backlog
		backlog = nil
		mu.Unlock()
		if err == nil {
			for _, w := range ready {
				out.Add(w.rank, agreement(r, w.x))
			}
		}
	}()
	report, err := check.Run(check.Options{FS: fsys, Files: files, Unlisted: unlisted, AsOf: asOf, OnDocument: func(f record.File, doc *record.Document) {
		var x *index.Decoded
		if doc != nil {
			d := index.Decode(doc)
			x = &d
		}
		mu.Lock()
		if f.Kind == record.Organization {
			if x != nil {
				orgs = append(orgs, *x)
			}
			if orgFiles--; orgFiles == 0 {
				close(orgsSeen)
			}
			mu.Unlock()
			return
		}
		// Every agreement is in rank: the check is given the files listed
		// above, and no others.
		r := resolve
		if r == nil {
			backlog = append(backlog, waiting{rank[f.Path], x})
		}
		mu.Unlock()
		if r != nil {
			out.Add(rank[f.Path], agreement(r, x))
		}
	}})
	close(checked)
	<-prepared
	if err == nil {
		err = prepErr
	}
	if err != nil {
		out.Close()
		return Result{}, err
	}
	r := Result{Report: report, Agreements: len(agreementFiles), Organizations: orgsCount}
	closeErr := out.Close()
	if errs, _ := diag.Count(report.Diagnostics); errs > 0 {
		return r, ErrInvalid
	}
	return r, closeErr
}

// fromGit returns the commit the records derive from (the last one that
// changed records/ or schema/) and, with withHistory, a function that reads
// every record's created and updated dates (the longer part, which the
// build runs beside the check). Without history, git is optional: a folder
// outside git or a clone too shallow to tell gives no commit and no error.
func fromGit(root string, withHistory bool) (*index.Generated, func() (index.History, error), error) {
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
	last, err := repo.LastChange(tip, prefix, record.Dir, schema.Dir)
	if err != nil {
		repo.Close()
		if !withHistory {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	gen := &index.Generated{Commit: last.Hash, Date: last.When}
	if !withHistory {
		repo.Close()
		return gen, nil, nil
	}
	if repo.Shallow() {
		// Said before the check starts, rather than after it.
		repo.Close()
		return nil, nil, gitrepo.ErrShallow
	}
	return gen, func() (index.History, error) {
		defer repo.Close()
		h, err := history.Load(repo, tip, prefix)
		if err != nil {
			return nil, err
		}
		dates := index.History{}
		h.Dates(func(path string, created, updated history.Stamp) {
			dates[path] = [2]index.Stamp{{Commit: created.Commit, Date: created.Date}, {Commit: updated.Commit, Date: updated.Date}}
		})
		return dates, nil
	}, nil
}

// agreement completes a decoded agreement; nil for a record that could not
// be read.
func agreement(r *index.Resolver, x *index.Decoded) *index.Agreement {
	if x == nil {
		return nil
	}
	return r.Agreement(*x)
}
