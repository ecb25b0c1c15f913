package gitrepo

import (
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
)

// Touch is one commit that changed a file.
type Touch struct {
	Commit *Commit
	Action Action
	// Hash is the file's blob after the commit ("" when it was deleted).
	Hash string
}

// FileHistory is what happened to one file, newest first.
type FileHistory struct {
	Path    string
	Touches []Touch
}

// Created returns the oldest commit that touched the file.
func (h *FileHistory) Created() *Commit { return h.Touches[len(h.Touches)-1].Commit }

// Updated returns the newest commit that touched the file.
func (h *FileHistory) Updated() *Commit { return h.Touches[0].Commit }

// Walk follows the first-parent history from tip back to the first commit,
// and records for every file under prefix+dir each commit that changed it.
// Following first parents gives the dates at which changes reached the
// branch (a merged pull request counts as its merge commit), which is what
// a registry's readers mean by created and updated.
//
// It is one walk: each commit's tree is compared with its parent's,
// skipping subtrees whose hashes are equal, and each tree object is decoded
// once (the parent's trees are kept for the next step, where they are the
// child's). Paths are relative to prefix.
//
// The results are kept in a cache in the .git folder, keyed by the tip
// commit: a later run walks only the commits added since, and stops where
// the cached walk began (BenchmarkWalk10k and BenchmarkWalk10kCached
// measure both against git log). History never changes
// under a commit, so the cache is valid for any tip that descends, by first
// parents, from the cached one; otherwise the walk starts afresh.
func (r *Repo) Walk(tip *Commit, prefix, dir string) (map[string]*FileHistory, error) {
	if r.Shallow() {
		return nil, ErrShallow
	}
	r.tidyCache()
	cached := r.loadWalk(prefix+dir, dir)
	out, order, err := r.walk(tip, prefix, dir, cached)
	if err != nil {
		return nil, err
	}
	if cached == nil || cached.Tip != tip.Hash {
		r.saveWalk(prefix+dir, tip, order, out)
	}
	return out, nil
}

// WalkUncached is Walk without the cache, for measuring the walk itself.
func (r *Repo) WalkUncached(tip *Commit, prefix, dir string) (map[string]*FileHistory, error) {
	if r.Shallow() {
		return nil, ErrShallow
	}
	out, _, err := r.walk(tip, prefix, dir, nil)
	return out, err
}

// walk returns what happened to each file, and the commits that changed
// any, newest first.
func (r *Repo) walk(tip *Commit, prefix, dir string, cached *walkCache) (map[string]*FileHistory, []*Commit, error) {
	out := map[string]*FileHistory{}
	var order []*Commit
	d := differ{r: r, cache: map[plumbing.Hash]*rawTree{}}
	c := tip
	for c != nil {
		if cached != nil && c.Hash == cached.Tip {
			return out, cached.appendTo(out, order), nil
		}
		var parent *Commit
		if c.c.NumParents() > 0 {
			p, err := c.c.Parent(0)
			if err != nil {
				if errors.Is(err, plumbing.ErrObjectNotFound) {
					return nil, nil, ErrShallow
				}
				return nil, nil, err
			}
			parent = newCommit(p)
		}
		d.next = map[plumbing.Hash]*rawTree{}
		now, under, err := d.at(c, prefix, dir)
		if err != nil {
			return nil, nil, err
		}
		before, _, err := d.at(parent, prefix, dir)
		if err != nil {
			return nil, nil, err
		}
		touched := false
		err = d.diff(before, now, under, func(ch Change) {
			touched = true
			h := out[ch.Path]
			if h == nil {
				h = &FileHistory{Path: ch.Path}
				out[ch.Path] = h
			}
			h.Touches = append(h.Touches, Touch{Commit: c, Action: ch.Action, Hash: ch.NewHash})
		})
		if err != nil {
			return nil, nil, err
		}
		if touched {
			order = append(order, c)
		}
		// Keep only the trees the parent used: they are the next child's.
		d.cache = d.next
		c = parent
	}
	return out, order, nil
}

// LastChange returns the newest commit, following first parents from tip,
// that changed anything under prefix+dir for one of dirs: the commit a
// build's output derives from, so that committing the output later does
// not change it.
//
// It returns nil when none of dirs is in tip's tree (a registry folder the
// enclosing repository does not track): no commit derives it.
func (r *Repo) LastChange(tip *Commit, prefix string, dirs ...string) (*Commit, error) {
	d := differ{r: r}
	tracked := false
	for _, dir := range dirs {
		h, err := d.entryHash(tip, prefix+dir)
		if err != nil {
			return nil, err
		}
		tracked = tracked || !h.IsZero()
	}
	if !tracked {
		return nil, nil
	}
	c := tip
	for {
		if c.c.NumParents() == 0 {
			return c, nil
		}
		p, err := c.c.Parent(0)
		if err != nil {
			if errors.Is(err, plumbing.ErrObjectNotFound) || r.Shallow() {
				return nil, ErrShallow
			}
			return nil, err
		}
		parent := newCommit(p)
		for _, dir := range dirs {
			a, err := d.entryHash(c, prefix+dir)
			if err != nil {
				return nil, err
			}
			b, err := d.entryHash(parent, prefix+dir)
			if err != nil {
				return nil, err
			}
			if a != b {
				return c, nil
			}
		}
		c = parent
	}
}

// entryHash returns the hash of the tree entry at p in commit c (zero when
// there is none).
func (d *differ) entryHash(c *Commit, p string) (plumbing.Hash, error) {
	e, _, err := d.entry(c, p)
	return e.hash, err
}
