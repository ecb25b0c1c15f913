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
	"github.com/go-git/go-git/v5/plumbing/format/objfile"
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
		a, under, err := d.at(base, prefix, dir)
		if err != nil {
			return nil, err
		}
		b, _, err := d.at(head, prefix, dir)
		if err != nil {
			return nil, err
		}
		if err := d.diff(a, b, under, func(c Change) { out = append(out, c) }); err != nil {
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

// rawTree is a tree object's content, read an entry at a time (see
// treeIter) rather than decoded whole: a walk reads thousands of large
// trees and looks at few of their entries.
type rawTree struct{ data []byte }

// singleTree makes a one-entry tree holding e (see differ.at).
func singleTree(e *rawEntry) *rawTree {
	data := fmt.Appendf(nil, "%o %s\x00", e.mode, e.name)
	return &rawTree{data: append(data, e.hash[:]...)}
}

// treeIter reads a tree object's entries in order: "<octal mode>
// <name>\0" followed by a 20-byte hash each.
type treeIter struct {
	rest []byte
	err  error
}

func (t *rawTree) iter() treeIter {
	if t == nil {
		return treeIter{}
	}
	return treeIter{rest: t.data}
}

// errMalformedTree says that a tree object does not have git's format.
var errMalformedTree = errors.New("malformed tree object")

// next reads the next entry into e; it returns false at the end or on a
// malformed entry (then err is set).
func (it *treeIter) next(e *rawEntry) bool {
	data := it.rest
	if len(data) == 0 || it.err != nil {
		return false
	}
	sp := bytes.IndexByte(data, ' ')
	if sp <= 0 || sp > 7 {
		it.err = errMalformedTree
		return false
	}
	var mode uint32
	for _, c := range data[:sp] {
		if c < '0' || c > '7' {
			it.err = errMalformedTree
			return false
		}
		mode = mode<<3 | uint32(c-'0')
	}
	data = data[sp+1:]
	nul := bytes.IndexByte(data, 0)
	if nul <= 0 || len(data) < nul+1+20 {
		it.err = errMalformedTree
		return false
	}
	e.name, e.mode = data[:nul], mode
	copy(e.hash[:], data[nul+1:nul+21])
	it.rest = data[nul+21:]
	return true
}

// find returns the entry named name in t.
func (t *rawTree) find(name string) (rawEntry, bool, error) {
	it := t.iter()
	var e rawEntry
	for it.next(&e) {
		if string(e.name) == name {
			return e, true, nil
		}
	}
	return rawEntry{}, false, it.err
}

// differ compares trees, reading each tree object once per step: cache
// holds the trees of the previous step, next collects this step's.
type differ struct {
	r     *Repo
	cache map[plumbing.Hash]*rawTree
	next  map[plumbing.Hash]*rawTree
}

func (d *differ) tree(h plumbing.Hash) (*rawTree, error) {
	t, ok := d.cache[h]
	if !ok {
		data, err := d.readTree(h)
		if err != nil {
			return nil, err
		}
		t = &rawTree{data: data}
	}
	if d.next != nil {
		d.next[h] = t
	}
	return t, nil
}

// readTree returns the content of tree object h: from the pack files when
// they hold it, else through go-git.
func (d *differ) readTree(h plumbing.Hash) ([]byte, error) {
	typ, data, found, err := d.r.readPacked(h)
	if found {
		if err == nil && typ != plumbing.TreeObject {
			err = fmt.Errorf("object %s is a %s, not a tree", h, typ)
		}
		return data, err
	}
	obj, err := d.r.repo.Storer.EncodedObject(plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	data = make([]byte, obj.Size())
	_, err = io.ReadFull(rd, data)
	rd.Close()
	return data, err
}

// entry returns the entry at p, a path in the repository, in commit c
// (found false when there is none).
func (d *differ) entry(c *Commit, p string) (e rawEntry, found bool, err error) {
	t, err := d.tree(c.c.TreeHash)
	if err != nil {
		return rawEntry{}, false, err
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i, name := range parts {
		e, ok, err := t.find(name)
		if err != nil {
			return rawEntry{}, false, fmt.Errorf("tree in commit %s: %w", c.Short(), err)
		}
		if !ok || i == len(parts)-1 {
			return e, ok, nil
		}
		if !e.isDir() {
			return rawEntry{}, false, nil
		}
		if t, err = d.tree(e.hash); err != nil {
			return rawEntry{}, false, err
		}
	}
	panic("unreachable")
}

// at returns what diff compares for the path rel under prefix in commit c
// (which may be nil), and the folder to name paths under. For the top of
// prefix, that is its tree and "". Otherwise it is a one-entry tree
// holding rel's entry, file or folder, or nil when there is none, and
// rel's parent folder: so a file, a folder, a file that became a folder
// and a path that appeared all compare the same way.
func (d *differ) at(c *Commit, prefix, rel string) (*rawTree, string, error) {
	rel = strings.Trim(rel, "/")
	under := path.Dir(rel)
	if under == "." {
		under = ""
	}
	if c == nil {
		return nil, under, nil
	}
	full := strings.Trim(prefix+rel, "/")
	if rel == "" {
		t, err := d.folder(c, full)
		return t, "", err
	}
	e, ok, err := d.entry(c, full)
	if !ok || err != nil {
		return nil, under, err
	}
	return singleTree(&e), under, nil
}

// folder returns the tree of the folder p in commit c (the top when p is
// ""), or nil when p is not a folder there.
func (d *differ) folder(c *Commit, p string) (*rawTree, error) {
	if strings.Trim(p, "/") == "" {
		return d.tree(c.c.TreeHash)
	}
	e, ok, err := d.entry(c, p)
	if !ok || err != nil || !e.isDir() {
		return nil, err
	}
	return d.tree(e.hash)
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
// be nil), naming paths under dir.
func (d *differ) diff(a, b *rawTree, dir string, fn func(Change)) error {
	join := func(name []byte) string {
		if dir == "" {
			return string(name)
		}
		return dir + "/" + string(name)
	}
	ia, ib := a.iter(), b.iter()
	// Two versions of a large folder are mostly the same bytes: whenever
	// both sides stand at an entry's start, skip what they share.
	both := a != nil && b != nil
	var x, y rawEntry
	hasX, hasY := false, false
	for {
		if both && !hasX && !hasY {
			skipCommon(&ia, &ib)
		}
		if !hasX {
			hasX = ia.next(&x)
		}
		if !hasY {
			hasY = ib.next(&y)
		}
		var cmp int
		switch {
		case !hasX && !hasY:
			return treeErr(dir, ia.err, ib.err)
		case !hasX:
			cmp = 1
		case !hasY:
			cmp = -1
		default:
			cmp = compareEntries(&x, &y)
		}
		switch {
		case cmp == 0:
			hasX, hasY = false, false
			if x.hash == y.hash && x.mode == y.mode {
				continue
			}
			if !x.isDir() || !y.isDir() {
				fn(Change{Path: join(x.name), Action: Modified, OldHash: x.hash.String(), NewHash: y.hash.String()})
				continue
			}
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
		case cmp < 0:
			hasX = false
			if err := d.all(&x, join(x.name), Deleted, fn); err != nil {
				return err
			}
		default:
			hasY = false
			if err := d.all(&y, join(y.name), Added, fn); err != nil {
				return err
			}
		}
	}
}

// treeErr names the folder of a malformed tree.
func treeErr(dir string, errs ...error) error {
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	return nil
}

// skipCommon moves both iterators past the entries at their start that
// are the same bytes on both sides: those up to the first differing byte
// (see boundaryBefore), or all of them when nothing differs.
func skipCommon(ia, ib *treeIter) {
	p := commonPrefix(ia.rest, ib.rest)
	if p == len(ia.rest) && p == len(ib.rest) {
		ia.rest, ib.rest = nil, nil
		return
	}
	n := boundaryBefore(ia.rest, p)
	ia.rest, ib.rest = ia.rest[n:], ib.rest[n:]
}

// cmpBlock is how many bytes commonPrefix compares at once: bytes.Equal is vectorised.
const cmpBlock = 256

// commonPrefix returns how many bytes a and b share from their start.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for ; i+cmpBlock <= n && bytes.Equal(a[i:i+cmpBlock], b[i:i+cmpBlock]); i += cmpBlock {
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// boundaryBefore returns the offset of the last whole entry boundary in
// tree data at or before offset p: the entries before it lie entirely in
// data[:p]. Only the end of each entry is looked for (its name's NUL and
// 20 hash bytes): entries before the first difference need no more.
func boundaryBefore(data []byte, p int) int {
	at := 0
	for {
		nul := bytes.IndexByte(data[at:], 0)
		if nul < 0 {
			return at
		}
		end := at + nul + 21
		if end > p {
			return at
		}
		at = end
	}
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
	it := t.iter()
	var sub rawEntry
	for it.next(&sub) {
		if err := d.all(&sub, p+"/"+string(sub.name), act, fn); err != nil {
			return err
		}
	}
	if it.err != nil {
		return fmt.Errorf("%s: %w", p, it.err)
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
		t, under, err := d.at(base, prefix, dir)
		if err != nil {
			return nil, err
		}
		if err := d.diff(nil, t, under, func(c Change) { old[c.Path] = c.NewHash }); err != nil {
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
			var h string
			switch {
			case e.Type()&fs.ModeSymlink != 0:
				target, err := os.Readlink(p)
				if err != nil {
					return err
				}
				h = plumbing.ComputeHash(plumbing.BlobObject, []byte(target)).String()
			case e.Type().IsRegular():
				data, err := readRegular(p, maxDiskCopy)
				if err == nil {
					h = plumbing.ComputeHash(plumbing.BlobObject, data).String()
				}
				// A file that changed while read, or one too large to be a
				// record, counts as changed: the loader then says why.
			default:
				// A FIFO or a device is never read (reading a FIFO waits
				// for a writer); it counts as changed, and the loader
				// reports it.
			}
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

// blobSize returns the size of the blob with hash h, read from the
// object's header where it is packed or loose, so that a large blob is
// never inflated to learn it.
func (r *Repo) blobSize(h plumbing.Hash) (int64, error) {
	if size, found, err := r.packedSize(h); found || err != nil {
		return size, err
	}
	if r.storage != nil {
		name := h.String()
		if f, err := r.storage.Filesystem().Open(path.Join("objects", name[:2], name[2:])); err == nil {
			defer f.Close()
			or, err := objfile.NewReader(f)
			if err != nil {
				return 0, err
			}
			defer or.Close()
			_, size, err := or.Header()
			return size, err
		}
	}
	obj, err := r.repo.Storer.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return 0, err
	}
	return obj.Size(), nil
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
