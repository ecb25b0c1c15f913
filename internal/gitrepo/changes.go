package gitrepo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/objfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
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
		changes, err := d.diff(a, b, under)
		if err != nil {
			return nil, err
		}
		out = append(out, changes...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
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
		committed, err := d.diff(nil, t, under)
		if err != nil {
			return nil, err
		}
		for _, c := range committed {
			old[c.Path] = c.NewHash
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

// blobSize returns the size of the blob with hash h from the object's
// header, so that a large blob is never inflated to learn it: go-git reads
// a packed object's size from the pack, but a loose object whole.
func (r *Repo) blobSize(h plumbing.Hash) (int64, error) {
	objects, done := r.storage(plumbing.BlobObject)
	defer done()
	if st, ok := objects.(*filesystem.Storage); ok {
		name := h.String()
		// Straight to the file: go-billy's Open resolves symlinks along
		// the path first, a system call per folder, for every blob of a
		// packed repository, where the file is not there at all.
		if f, err := os.Open(filepath.Join(st.Filesystem().Root(), "objects", name[:2], name[2:])); err == nil {
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
	obj, err := objects.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return 0, err
	}
	return obj.Size(), nil
}

// Blob returns the content of the blob with hash h.
func (r *Repo) Blob(h string) ([]byte, error) {
	return r.object(plumbing.BlobObject, plumbing.NewHash(h))
}

// maxDiskCopy bounds the working-tree files WorktreeChanges hashes: a
// larger one counts as changed (a record is at most 1 MiB).
const maxDiskCopy = 16 << 20
