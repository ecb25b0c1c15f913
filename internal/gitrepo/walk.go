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
// skipping subtrees whose hashes are equal, and each tree object is read
// once (the parent's trees are kept for the next step, where they are the
// child's). Paths are relative to prefix.
func (r *Repo) Walk(tip *Commit, prefix, dir string) (map[string]*FileHistory, error) {
	if r.Shallow() {
		return nil, ErrShallow
	}
	out := map[string]*FileHistory{}
	d := differ{r: r, cache: map[plumbing.Hash]*rawTree{}}
	for c := tip; c != nil; {
		parent, err := r.parent(c)
		if err != nil {
			return nil, err
		}
		d.next = map[plumbing.Hash]*rawTree{}
		now, under, err := d.at(c, prefix, dir)
		if err != nil {
			return nil, err
		}
		before, _, err := d.at(parent, prefix, dir)
		if err != nil {
			return nil, err
		}
		changes, err := d.diff(before, now, under)
		if err != nil {
			return nil, err
		}
		for _, ch := range changes {
			h := out[ch.Path]
			if h == nil {
				h = &FileHistory{Path: ch.Path}
				out[ch.Path] = h
			}
			h.Touches = append(h.Touches, Touch{Commit: c, Action: ch.Action, Hash: ch.NewHash})
		}
		// Keep only the trees the parent used: they are the next child's.
		d.cache = d.next
		c = parent
	}
	return out, nil
}

// parent returns c's first parent, nil for a root commit, or ErrShallow
// when the clone lacks it.
func (r *Repo) parent(c *Commit) (*Commit, error) {
	if c.c.NumParents() == 0 {
		return nil, nil
	}
	r.mu.Lock()
	p, err := c.c.Parent(0)
	r.mu.Unlock()
	if err != nil {
		if errors.Is(err, plumbing.ErrObjectNotFound) || r.Shallow() {
			return nil, ErrShallow
		}
		return nil, err
	}
	return newCommit(p), nil
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
		parent, err := r.parent(c)
		if err != nil {
			return nil, err
		}
		if parent == nil {
			return c, nil
		}
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
