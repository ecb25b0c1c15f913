package gitrepo

import (
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
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
func (r *Repo) Walk(tip *Commit, prefix, dir string) (map[string]*FileHistory, error) {
	if r.Shallow() {
		return nil, ErrShallow
	}
	out := map[string]*FileHistory{}
	d := differ{r: r, cache: map[plumbing.Hash]*object.Tree{}}
	c := tip
	for c != nil {
		var parent *Commit
		if c.c.NumParents() > 0 {
			p, err := c.c.Parent(0)
			if err != nil {
				if errors.Is(err, plumbing.ErrObjectNotFound) {
					return nil, ErrShallow
				}
				return nil, err
			}
			parent = newCommit(p)
		}
		d.next = map[plumbing.Hash]*object.Tree{}
		now, err := d.subtree(c, prefix+dir)
		if err != nil {
			return nil, err
		}
		before, err := d.subtree(parent, prefix+dir)
		if err != nil {
			return nil, err
		}
		err = d.diff(before, now, dir, func(ch Change) {
			h := out[ch.Path]
			if h == nil {
				h = &FileHistory{Path: ch.Path}
				out[ch.Path] = h
			}
			h.Touches = append(h.Touches, Touch{Commit: c, Action: ch.Action, Hash: ch.NewHash})
		})
		if err != nil {
			return nil, err
		}
		// Keep only the trees the parent used: they are the next child's.
		d.cache = d.next
		c = parent
	}
	return out, nil
}
