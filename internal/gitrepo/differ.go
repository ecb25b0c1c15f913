package gitrepo

// The raw-tree differ: it compares two trees from their objects' bytes,
// skipping the bytes two versions of a folder share and the subtrees whose
// hashes are equal, and turns into strings only the names that changed.
// go-git's object.DiffTree decodes every entry of both trees at every
// step, which a walk of a few thousand records over a few thousand commits
// feels (BenchmarkWalk and BenchmarkWalkDiffTree measure the two);
// FuzzTreeDiff holds the differ to
// object.DiffTree.

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

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
		data, err := d.r.object(plumbing.TreeObject, h)
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

// diff returns every file that differs between trees a and b (either may
// be nil), in git's order of entries, naming paths under dir.
func (d *differ) diff(a, b *rawTree, dir string) ([]Change, error) {
	var out []Change
	err := d.compare(a, b, dir, &out)
	return out, err
}

// compare appends to out every file that differs between a and b.
func (d *differ) compare(a, b *rawTree, dir string, out *[]Change) error {
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
				*out = append(*out, Change{Path: join(x.name), Action: Modified, OldHash: x.hash.String(), NewHash: y.hash.String()})
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
			if err := d.compare(ta, tb, join(x.name), out); err != nil {
				return err
			}
		case cmp < 0:
			hasX = false
			if err := d.all(&x, join(x.name), Deleted, out); err != nil {
				return err
			}
		default:
			hasY = false
			if err := d.all(&y, join(y.name), Added, out); err != nil {
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
func (d *differ) all(e *rawEntry, p string, act Action, out *[]Change) error {
	if !e.isDir() {
		c := Change{Path: p, Action: act}
		if act == Added {
			c.NewHash = e.hash.String()
		} else {
			c.OldHash = e.hash.String()
		}
		*out = append(*out, c)
		return nil
	}
	t, err := d.tree(e.hash)
	if err != nil {
		return err
	}
	it := t.iter()
	var sub rawEntry
	for it.next(&sub) {
		if err := d.all(&sub, p+"/"+string(sub.name), act, out); err != nil {
			return err
		}
	}
	if it.err != nil {
		return fmt.Errorf("%s: %w", p, it.err)
	}
	return nil
}
