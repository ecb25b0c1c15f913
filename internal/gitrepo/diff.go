package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// Action says what a change did to a file.
type Action int

// The actions.
const (
	Added Action = iota + 1
	Modified
	Deleted
)

// String returns "added", "modified" or "deleted".
func (a Action) String() string {
	switch a {
	case Added:
		return "added"
	case Modified:
		return "modified"
	}
	return "deleted"
}

// Change is one file that differs between two trees.
type Change struct {
	// Path is relative to the prefix asked for, with forward slashes.
	Path   string
	Action Action
	// OldHash and NewHash are the blob hashes before and after ("" for a
	// side where the file does not exist).
	OldHash, NewHash string
}

// Changes returns the files under prefix+dir that differ between the trees
// of base and head, sorted by path. Subtrees with equal hashes are skipped
// without being read, so the cost grows with the change.
func (r *Repo) Changes(base, head *Commit, prefix string, dirs ...string) ([]Change, error) {
	var out []Change
	d := differ{r: r}
	for _, dir := range dirs {
		a, err := d.subtree(base, prefix+dir)
		if err != nil {
			return nil, err
		}
		b, err := d.subtree(head, prefix+dir)
		if err != nil {
			return nil, err
		}
		if err := d.diff(a, b, dir, func(c Change) { out = append(out, c) }); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// rawEntry is one entry of a tree object, its name a slice of the
// object's bytes: the history walk reads millions of entries and turns
// into strings only the few that changed.
type rawEntry struct {
	name []byte
	mode uint32 // the octal mode as git writes it: 40000 for a folder
	hash plumbing.Hash
}

const modeDir = 0o40000

func (e *rawEntry) isDir() bool { return e.mode == modeDir }

// rawTree is a decoded tree object.
type rawTree struct{ entries []rawEntry }

// parseTree decodes a tree object: entries of "<octal mode> <name>\0"
// followed by a 20-byte hash.
func parseTree(data []byte) (*rawTree, error) {
	// An entry takes at least 28 bytes; most of ours about 50.
	t := &rawTree{entries: make([]rawEntry, 0, len(data)/40+1)}
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		if sp < 0 {
			return nil, errors.New("malformed tree object")
		}
		var mode uint32
		for _, c := range data[:sp] {
			mode = mode<<3 | uint32(c-'0')
		}
		data = data[sp+1:]
		nul := bytes.IndexByte(data, 0)
		if nul < 0 || len(data) < nul+1+20 {
			return nil, errors.New("malformed tree object")
		}
		e := rawEntry{name: data[:nul], mode: mode}
		copy(e.hash[:], data[nul+1:nul+21])
		t.entries = append(t.entries, e)
		data = data[nul+21:]
	}
	return t, nil
}

// differ compares trees, decoding each tree object once per step: cache
// holds the trees of the previous step, next collects this step's.
type differ struct {
	r     *Repo
	cache map[plumbing.Hash]*rawTree
	next  map[plumbing.Hash]*rawTree
}

func (d *differ) tree(h plumbing.Hash) (*rawTree, error) {
	t, ok := d.cache[h]
	if !ok {
		obj, err := d.r.repo.Storer.EncodedObject(plumbing.TreeObject, h)
		if err != nil {
			return nil, err
		}
		rd, err := obj.Reader()
		if err != nil {
			return nil, err
		}
		data := make([]byte, obj.Size())
		_, err = io.ReadFull(rd, data)
		rd.Close()
		if err != nil {
			return nil, err
		}
		if t, err = parseTree(data); err != nil {
			return nil, fmt.Errorf("tree %s: %w", h, err)
		}
	}
	if d.next != nil {
		d.next[h] = t
	}
	return t, nil
}

// subtree returns the tree at p (a folder, or a single file's path) in
// commit c, or nil when there is none. A single file is returned as a
// one-entry tree marked single.
func (d *differ) subtree(c *Commit, p string) (*rawTree, error) {
	if c == nil {
		return nil, nil
	}
	t, err := d.tree(c.c.TreeHash)
	if err != nil {
		return nil, err
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return t, nil
	}
	for _, name := range strings.Split(p, "/") {
		var found *rawEntry
		for i := range t.entries {
			if string(t.entries[i].name) == name {
				found = &t.entries[i]
				break
			}
		}
		if found == nil {
			return nil, nil
		}
		if !found.isDir() {
			return &rawTree{entries: []rawEntry{*found}}, nil
		}
		if t, err = d.tree(found.hash); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// compareEntries orders entries as git sorts them: folders as if their
// names ended in "/".
func compareEntries(a, b *rawEntry) int {
	an, bn := a.name, b.name
	n := min(len(an), len(bn))
	if c := bytes.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	next := func(e *rawEntry, name []byte) int {
		if len(name) > n {
			return int(name[n])
		}
		if e.isDir() {
			return '/'
		}
		return 0
	}
	return next(a, an) - next(b, bn)
}

// diff reports every file that differs between trees a and b (either may
// be nil), naming paths under dir. When a or b stands for a single file
// (see subtree), dir is that file's path.
func (d *differ) diff(a, b *rawTree, dir string, fn func(Change)) error {
	single := func(t *rawTree) bool {
		return t != nil && len(t.entries) == 1 && !t.entries[0].isDir() && path.Base(dir) == string(t.entries[0].name)
	}
	if single(a) || single(b) {
		dir = path.Dir(dir)
		if dir == "." {
			dir = ""
		}
	}
	var ea, eb []rawEntry
	if a != nil {
		ea = a.entries
	}
	if b != nil {
		eb = b.entries
	}
	join := func(name []byte) string {
		if dir == "" {
			return string(name)
		}
		return dir + "/" + string(name)
	}
	i, j := 0, 0
	for i < len(ea) || j < len(eb) {
		var cmp int
		switch {
		case i == len(ea):
			cmp = 1
		case j == len(eb):
			cmp = -1
		default:
			cmp = compareEntries(&ea[i], &eb[j])
		}
		switch {
		case cmp == 0:
			x, y := &ea[i], &eb[j]
			i, j = i+1, j+1
			if x.hash == y.hash && x.mode == y.mode {
				continue
			}
			if x.isDir() {
				ta, err := d.tree(x.hash)
				if err != nil {
					return err
				}
				tb, err := d.tree(y.hash)
				if err != nil {
					return err
				}
				if err := d.diff(ta, tb, join(x.name), fn); err != nil {
					return err
				}
				continue
			}
			fn(Change{Path: join(x.name), Action: Modified, OldHash: x.hash.String(), NewHash: y.hash.String()})
		case cmp < 0:
			if err := d.all(&ea[i], join(ea[i].name), Deleted, fn); err != nil {
				return err
			}
			i++
		default:
			if err := d.all(&eb[j], join(eb[j].name), Added, fn); err != nil {
				return err
			}
			j++
		}
	}
	return nil
}

// all reports every file in entry e (a file or a folder) as added or
// deleted.
func (d *differ) all(e *rawEntry, p string, act Action, fn func(Change)) error {
	if !e.isDir() {
		c := Change{Path: p, Action: act}
		if act == Added {
			c.NewHash = e.hash.String()
		} else {
			c.OldHash = e.hash.String()
		}
		fn(c)
		return nil
	}
	t, err := d.tree(e.hash)
	if err != nil {
		return err
	}
	for k := range t.entries {
		if err := d.all(&t.entries[k], p+"/"+string(t.entries[k].name), act, fn); err != nil {
			return err
		}
	}
	return nil
}

// WorktreeChanges returns the files under the folders dirs (relative to
// prefix) that differ between commit base and the working tree on disk:
// committed, staged, unstaged and untracked changes alike. It hashes the
// files of those folders only.
func (r *Repo) WorktreeChanges(base *Commit, prefix string, dirs ...string) ([]Change, error) {
	d := differ{r: r}
	var out []Change
	for _, dir := range dirs {
		old := map[string]string{}
		t, err := d.subtree(base, prefix+dir)
		if err != nil {
			return nil, err
		}
		if err := d.diff(nil, t, dir, func(c Change) { old[c.Path] = c.NewHash }); err != nil {
			return nil, err
		}
		diskRoot := filepath.Join(r.Top, filepath.FromSlash(prefix))
		err = filepath.WalkDir(filepath.Join(diskRoot, filepath.FromSlash(dir)), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if e.IsDir() {
				if e.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(diskRoot, p)
			rel = filepath.ToSlash(rel)
			var data []byte
			if e.Type()&fs.ModeSymlink != 0 {
				target, err := os.Readlink(p)
				if err != nil {
					return err
				}
				data = []byte(target)
			} else if data, err = os.ReadFile(p); err != nil {
				return err
			}
			h := plumbing.ComputeHash(plumbing.BlobObject, data).String()
			was, existed := old[rel]
			delete(old, rel)
			switch {
			case !existed:
				out = append(out, Change{Path: rel, Action: Added, NewHash: h})
			case was != h:
				out = append(out, Change{Path: rel, Action: Modified, OldHash: was, NewHash: h})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for p, h := range old {
			out = append(out, Change{Path: p, Action: Deleted, OldHash: h})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Blob returns the content of the blob with hash h.
func (r *Repo) Blob(h string) ([]byte, error) {
	b, err := r.repo.BlobObject(plumbing.NewHash(h))
	if err != nil {
		return nil, err
	}
	rc, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
