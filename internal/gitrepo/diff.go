package gitrepo

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
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

// differ compares trees, decoding each tree object once.
type differ struct {
	r     *Repo
	cache map[plumbing.Hash]*object.Tree
	next  map[plumbing.Hash]*object.Tree
}

func (d *differ) tree(h plumbing.Hash) (*object.Tree, error) {
	if t, ok := d.cache[h]; ok {
		if d.next != nil {
			d.next[h] = t
		}
		return t, nil
	}
	t, err := object.GetTree(d.r.repo.Storer, h)
	if err != nil {
		return nil, err
	}
	if d.next != nil {
		d.next[h] = t
	}
	return t, nil
}

// subtree returns the tree at p (a path, or a single file's path) in
// commit c, or nil when there is none.
func (d *differ) subtree(c *Commit, p string) (*object.Tree, error) {
	if c == nil {
		return nil, nil
	}
	root, err := d.tree(c.c.TreeHash)
	if err != nil {
		return nil, err
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return root, nil
	}
	t := root
	for _, name := range strings.Split(p, "/") {
		var found *object.TreeEntry
		for i := range t.Entries {
			if t.Entries[i].Name == name {
				found = &t.Entries[i]
				break
			}
		}
		if found == nil {
			return nil, nil
		}
		if found.Mode != filemode.Dir {
			// A single file: a one-entry tree stands for it.
			return &object.Tree{Entries: []object.TreeEntry{*found}}, nil
		}
		if t, err = d.tree(found.Hash); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// gitKey is the order git sorts tree entries in: folders as if their
// names ended in "/".
func gitKey(e *object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// diff reports every file that differs between trees a and b (either may
// be nil), naming paths under dir. When a and b are one-entry stand-ins for
// a single file, dir is that file's path.
func (d *differ) diff(a, b *object.Tree, dir string, fn func(Change)) error {
	single := func(t *object.Tree) bool { return t != nil && t.Hash.IsZero() && len(t.Entries) == 1 }
	if single(a) || single(b) {
		dir = path.Dir(dir)
		if dir == "." {
			dir = ""
		}
	}
	var ea, eb []object.TreeEntry
	if a != nil {
		ea = a.Entries
	}
	if b != nil {
		eb = b.Entries
	}
	join := func(name string) string {
		if dir == "" {
			return name
		}
		return dir + "/" + name
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
			cmp = strings.Compare(gitKey(&ea[i]), gitKey(&eb[j]))
		}
		switch {
		case cmp == 0:
			x, y := &ea[i], &eb[j]
			i, j = i+1, j+1
			if x.Hash == y.Hash && x.Mode == y.Mode {
				continue
			}
			if x.Mode == filemode.Dir {
				ta, err := d.tree(x.Hash)
				if err != nil {
					return err
				}
				tb, err := d.tree(y.Hash)
				if err != nil {
					return err
				}
				if err := d.diff(ta, tb, join(x.Name), fn); err != nil {
					return err
				}
				continue
			}
			fn(Change{Path: join(x.Name), Action: Modified, OldHash: x.Hash.String(), NewHash: y.Hash.String()})
		case cmp < 0:
			if err := d.all(&ea[i], join(ea[i].Name), Deleted, fn); err != nil {
				return err
			}
			i++
		default:
			if err := d.all(&eb[j], join(eb[j].Name), Added, fn); err != nil {
				return err
			}
			j++
		}
	}
	return nil
}

// all reports every file in entry e (a file or a folder) as added or
// deleted.
func (d *differ) all(e *object.TreeEntry, p string, act Action, fn func(Change)) error {
	if e.Mode != filemode.Dir {
		c := Change{Path: p, Action: act}
		if act == Added {
			c.NewHash = e.Hash.String()
		} else {
			c.OldHash = e.Hash.String()
		}
		fn(c)
		return nil
	}
	t, err := d.tree(e.Hash)
	if err != nil {
		return err
	}
	for k := range t.Entries {
		if err := d.all(&t.Entries[k], p+"/"+t.Entries[k].Name, act, fn); err != nil {
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
