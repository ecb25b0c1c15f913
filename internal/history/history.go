// Package history tells when each record was created and last changed,
// and what each commit changed in a record, from one walk over the
// repository's history (package gitrepo). Dates are commit dates on the
// branch walked, never the time of the run.
package history

import (
	"path"
	"sort"
	"strings"
	"time"

	"agreements/internal/gitrepo"
	"agreements/internal/recdiff"
	"agreements/internal/record"
)

// Stamp is a commit as the history shows it.
type Stamp struct {
	Commit  string    `json:"commit"`
	Date    time.Time `json:"date"`
	Author  string    `json:"author"`
	Subject string    `json:"subject"`
}

func stamp(c *gitrepo.Commit) Stamp {
	return Stamp{Commit: c.Hash, Date: c.When, Author: c.Author, Subject: c.Subject}
}

// Entry is one record's dates.
type Entry struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Path    string `json:"path"`
	Created Stamp  `json:"created"`
	Updated Stamp  `json:"updated"`
	// Commits is how many commits changed the record.
	Commits int `json:"commits"`
}

// Event is one commit in a record's timeline.
type Event struct {
	Stamp
	Path   string          `json:"path"`
	Action string          `json:"action"`
	Fields []recdiff.Field `json:"fields,omitempty"`
}

// History is the walked history of a registry's records.
type History struct {
	repo  *gitrepo.Repo
	Tip   Stamp
	files map[string]*gitrepo.FileHistory
}

// Load walks the first-parent history from tip and gathers every record's
// commits. prefix is the registry's folder in the repository.
func Load(repo *gitrepo.Repo, tip *gitrepo.Commit, prefix string) (*History, error) {
	files, err := repo.Walk(tip, prefix, record.Dir)
	if err != nil {
		return nil, err
	}
	return &History{repo: repo, Tip: stamp(tip), files: files}, nil
}

// Records returns the dates of every record file that exists at the tip
// (a walked file that is a record and was not deleted last), sorted by
// path.
func (h *History) Records() []Entry {
	out := make([]Entry, 0, len(h.files))
	for p, fh := range h.files {
		if f, ok := record.Classify(p); ok && fh.Touches[0].Action != gitrepo.Deleted {
			out = append(out, Entry{ID: f.Stem(), Kind: f.Kind.String(), Path: f.Path,
				Created: stamp(created(fh)), Updated: stamp(fh.Updated()), Commits: len(fh.Touches)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Removal is a record file that the tip no longer has: the commit that
// deleted it, and the record as it was before (nil when that version
// does not parse).
type Removal struct {
	ID      string
	Kind    record.Kind
	Path    string
	Removed Stamp
	Last    any
}

// Removed returns every record file that was deleted last, sorted by
// path: records a maintainer withdrew from the registry, whose addresses
// readers may still hold. A file deleted and restored is not among them.
func (h *History) Removed() ([]Removal, error) {
	var out []Removal
	for p, fh := range h.files {
		f, ok := record.Classify(p)
		if !ok || fh.Touches[0].Action != gitrepo.Deleted {
			continue
		}
		r := Removal{ID: f.Stem(), Kind: f.Kind, Path: p, Removed: stamp(fh.Touches[0].Commit)}
		if len(fh.Touches) > 1 && fh.Touches[1].Hash != "" {
			data, err := h.repo.Blob(fh.Touches[1].Hash)
			if err != nil {
				return nil, err
			}
			if doc, _ := record.Parse(p, f.Kind, data); doc != nil {
				r.Last = doc.Value()
			}
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// created is the commit that last brought the file into being: after a
// deletion and a restore, the restore.
func created(fh *gitrepo.FileHistory) *gitrepo.Commit {
	for _, t := range fh.Touches {
		if t.Action == gitrepo.Added {
			return t.Commit
		}
	}
	return fh.Created()
}

// Timeline returns, oldest first, every commit that changed the record
// with this id (an agreement or an organisation), and the fields it
// changed. It returns nil when no record ever had that file name.
func (h *History) Timeline(id string) ([]Event, error) {
	var events []Event
	for _, kind := range []record.Kind{record.Agreement, record.Organization} {
		p := path.Join(record.Dir, kind.Folder(), id+".yaml")
		if fh := h.files[p]; fh != nil {
			more, err := h.events(record.File{Path: p, Kind: kind}, fh)
			if err != nil {
				return nil, err
			}
			events = append(events, more...)
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].Date.Before(events[j].Date) })
	return events, nil
}

// Timelines returns the timeline of every record file that exists at the
// tip, by path: each commit that changed it, oldest first, with the fields
// it changed. It reads every version of every record once.
func (h *History) Timelines() (map[string][]Event, error) {
	out := map[string][]Event{}
	for p, fh := range h.files {
		f, ok := record.Classify(p)
		if !ok || fh.Touches[0].Action == gitrepo.Deleted {
			continue
		}
		events, err := h.events(f, fh)
		if err != nil {
			return nil, err
		}
		out[p] = events
	}
	return out, nil
}

// events returns the commits that touched f, oldest first, each with the
// fields it changed when it modified a record that parses before and after.
func (h *History) events(f record.File, fh *gitrepo.FileHistory) ([]Event, error) {
	var events []Event
	var prev any
	for i := len(fh.Touches) - 1; i >= 0; i-- {
		t := fh.Touches[i]
		e := Event{Stamp: stamp(t.Commit), Path: f.Path, Action: t.Action.String()}
		var cur any
		if t.Hash != "" {
			data, err := h.repo.Blob(t.Hash)
			if err != nil {
				return nil, err
			}
			if doc, _ := record.Parse(f.Path, f.Kind, data); doc != nil {
				cur = doc.Value()
			}
		}
		if t.Action == gitrepo.Modified && prev != nil && cur != nil {
			e.Fields = recdiff.Compare(prev, cur)
		}
		events = append(events, e)
		prev = cur
	}
	return events, nil
}

// Known reports whether a record with this id ever existed.
func (h *History) Known(id string) bool {
	for p := range h.files {
		if strings.TrimSuffix(path.Base(p), ".yaml") == id {
			return true
		}
	}
	return false
}
