// Package build runs `agreements build`, one step after another: the
// dates from git history, the check of every record, the readers' model
// (index.Build), and every output file written from it into a folder that
// replaces the old output at once (emit.Publish), or is compared with it
// (emit.Compare).
package build

import (
	"errors"
	"io/fs"
	"path"
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
	// Root is the registry's folder; Out, the output folder.
	Root, Out string
	// NoHistory leaves out created and updated dates and the feed, for a
	// shallow clone or a folder outside git.
	NoHistory bool
	// Check compares a fresh output with Out instead of replacing it.
	Check bool
	// AsOf is the day statuses are judged against; when zero, the date of
	// the commit the records come from, so that a commit gives the same
	// bytes whenever it is built.
	AsOf time.Time
	// Head, when set, is a ref whose records (and schemas and About
	// text) are built, read as git objects and never checked out: a
	// preview of a pull request with the base branch's tool.
	Head string
	Emit emit.Options
}

// Result is what a build found and wrote.
type Result struct {
	Report                    diag.Report
	Agreements, Organizations int
	// Differs lists, with Options.Check, the files that would change.
	Differs []string
}

// ErrInvalid is Run's error when the records have errors: the report has
// them, and nothing was written.
var ErrInvalid = errors.New("build: the records have errors")

// Run builds the registry at o.Root into o.Out. Other errors than
// ErrInvalid are failures of the tool, or missing history without
// NoHistory; in every case Out is left as it was.
func Run(o Options) (Result, error) {
	git, err := fromGit(o.Root, o.Head, !o.NoHistory)
	if err != nil {
		return Result{}, err
	}
	registry := record.DirFS(o.Root)
	if o.Head != "" {
		repo, prefix, _, err := gitrepo.OpenHead(o.Root)
		if err != nil {
			return Result{}, err
		}
		defer repo.Close()
		commit, err := repo.Resolve(o.Head)
		if err != nil {
			return Result{}, err
		}
		if registry, err = repo.FS(commit, prefix); err != nil {
			return Result{}, err
		}
	}
	gen := git.gen
	if o.Emit.RepoURL == "" {
		o.Emit.RepoURL = git.webURL
	}
	if o.Emit.Built == nil {
		o.Emit.Built = git.built
	}
	asOf := o.AsOf
	if asOf.IsZero() && gen != nil {
		asOf = gen.Date.UTC().Truncate(24 * time.Hour)
	}
	if o.Emit.About == nil {
		if o.Emit.About, err = readAbout(registry); err != nil {
			return Result{}, err
		}
	}
	if o.Emit.Schemas == nil {
		if o.Emit.Schemas, err = readSchemas(registry); err != nil {
			return Result{}, err
		}
	}
	checked, err := check.Run(check.Options{FS: registry, AsOf: asOf, Documents: true})
	if err != nil {
		return Result{}, err
	}
	r := Result{Report: checked.Report}
	if errs, _ := diag.Count(checked.Diagnostics); errs > 0 {
		return r, ErrInvalid
	}
	model, err := index.Build(checked.Documents, git.entries, git.timelines, gen, asOf)
	if err != nil {
		return r, err
	}
	model.Removed = index.RemovedRecords(git.removed)
	r.Agreements, r.Organizations = len(model.Agreements), len(model.Organizations)
	if o.Check {
		r.Differs, err = emit.Compare(model, o.Out, o.Emit)
		return r, err
	}
	return r, emit.Publish(model, o.Out, o.Emit)
}

// AboutFile is the text of the site's "About the data" page, below the
// registry's folder.
const AboutFile = "docs/inclusion.md"

// readAbout reads AboutFile; a registry without it has no About page.
func readAbout(registry fs.FS) (*emit.About, error) {
	data, err := fs.ReadFile(registry, AboutFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return emit.ParseAbout(string(data)), nil
}

// readSchemas reads the registry's schemas, which the site publishes at
// the addresses their $id names.
func readSchemas(registry fs.FS) (map[string][]byte, error) {
	entries, err := fs.ReadDir(registry, schema.Dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".json" {
			continue
		}
		if out[e.Name()], err = fs.ReadFile(registry, path.Join(schema.Dir, e.Name())); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fromGitFacts is what a build reads from git.
type fromGitFacts struct {
	// gen is the commit the records derive from (the last one that
	// changed records/ or schema/); built, the commit checked out.
	gen, built *index.Generated
	// entries and timelines are, with history, what it says of each
	// record: its first and last commits, and every commit that changed it.
	entries   []history.Entry
	timelines map[string][]history.Event
	// removed are the record files deleted last, with history.
	removed []history.Removal
	// webURL is the repository's web address (see gitrepo.WebURL).
	webURL string
}

// fromGit reads what a build needs from git, of HEAD or of head when
// set. Without history, git is
// optional: a folder outside git or a clone too shallow to tell gives no
// commit and no error.
func fromGit(root, head string, withHistory bool) (fromGitFacts, error) {
	repo, prefix, tip, err := gitrepo.OpenHead(root)
	if err == nil && head != "" {
		if tip, err = repo.Resolve(head); err != nil {
			repo.Close()
			return fromGitFacts{}, err
		}
	}
	if err != nil {
		switch {
		case !withHistory:
			return fromGitFacts{}, nil
		case errors.Is(err, gitrepo.ErrNotRepo):
			return fromGitFacts{}, errors.New(message.New("build.no-repo").String())
		}
		return fromGitFacts{}, err
	}
	defer repo.Close()
	webURL := repo.WebURL()
	built := &index.Generated{Commit: tip.Hash, Date: tip.When}
	last, err := repo.LastChange(tip, prefix, record.Dir, schema.Dir)
	if err != nil {
		if !withHistory {
			return fromGitFacts{built: built, webURL: webURL}, nil
		}
		return fromGitFacts{}, err
	}
	var gen *index.Generated
	if last != nil { // nil: the repository does not track the registry
		gen = &index.Generated{Commit: last.Hash, Date: last.When}
	}
	if !withHistory {
		return fromGitFacts{gen: gen, built: built, webURL: webURL}, nil
	}
	if repo.Shallow() {
		return fromGitFacts{}, gitrepo.ErrShallow
	}
	h, err := history.Load(repo, tip, prefix)
	if err != nil {
		return fromGitFacts{}, err
	}
	timelines, err := h.Timelines()
	if err != nil {
		return fromGitFacts{}, err
	}
	removed, err := h.Removed()
	if err != nil {
		return fromGitFacts{}, err
	}
	return fromGitFacts{gen: gen, built: built, entries: h.Records(), timelines: timelines, removed: removed, webURL: webURL}, nil
}
