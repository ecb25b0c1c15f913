package gitrepo

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// FS returns the files of commit c under prefix (a folder path with a
// trailing slash, or "") as an fs.FS, so that the registry's checks read a
// commit exactly as they read the working tree. Symbolic links show as
// such (fs.ModeSymlink) and are never followed. It is safe for concurrent
// use.
func (r *Repo) FS(c *Commit, prefix string) (fs.FS, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	root, err := c.c.Tree()
	if err != nil {
		return nil, err
	}
	if p := strings.Trim(prefix, "/"); p != "" {
		if root, err = root.Tree(p); err != nil {
			if errors.Is(err, object.ErrDirectoryNotFound) {
				return nil, &fs.PathError{Op: "open", Path: prefix, Err: fs.ErrNotExist}
			}
			return nil, err
		}
	}
	return &treeFS{r: r, root: root}, nil
}

// treeFS reads a commit's tree through go-git, which keeps the folders it
// found in root (object.Tree.FindEntry).
type treeFS struct {
	r    *Repo
	root *object.Tree
}

// lookup returns the entry at name and, when it is a folder and tree is
// set, its tree.
func (f *treeFS) lookup(op, name string, tree bool) (object.TreeEntry, *object.Tree, error) {
	if !fs.ValidPath(name) {
		return object.TreeEntry{}, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return object.TreeEntry{Name: ".", Mode: filemode.Dir, Hash: f.root.Hash}, f.root, nil
	}
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	e, err := f.root.FindEntry(name)
	switch {
	case errors.Is(err, object.ErrEntryNotFound), errors.Is(err, object.ErrDirectoryNotFound):
		return object.TreeEntry{}, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	case err != nil:
		return object.TreeEntry{}, nil, &fs.PathError{Op: op, Path: name, Err: err}
	case e.Mode != filemode.Dir || !tree:
		return *e, nil, nil
	}
	t, err := object.GetTree(f.r.objects, e.Hash)
	if err != nil {
		return object.TreeEntry{}, nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return *e, t, nil
}

// Open implements fs.FS.
func (f *treeFS) Open(name string) (fs.File, error) {
	e, sub, err := f.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	info := &entryInfo{name: path.Base(name), mode: e.Mode}
	if sub != nil {
		return &dirFile{r: f.r, info: info, tree: sub}, nil
	}
	if !e.Mode.IsFile() {
		return &blobFile{info: info, r: bytes.NewReader(nil)}, nil
	}
	data, err := f.r.object(plumbing.BlobObject, e.Hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info.size = int64(len(data))
	return &blobFile{info: info, r: bytes.NewReader(data)}, nil
}

// Stat implements fs.StatFS. A file's size is read from its object's
// header, without inflating it (record.Read refuses a file over its limit
// by that size).
func (f *treeFS) Stat(name string) (fs.FileInfo, error) {
	e, _, err := f.lookup("stat", name, false)
	if err != nil {
		return nil, err
	}
	entry := &dirEntry{entryInfo: entryInfo{name: path.Base(name), mode: e.Mode}, r: f.r, hash: e.Hash}
	return entry.Info()
}

// BlobID returns the git hash of the regular file name (its blob's id, in
// hex) without reading it, for a cache keyed by content (check.Cache).
func (f *treeFS) BlobID(name string) (string, bool) {
	e, _, err := f.lookup("stat", name, false)
	if err != nil || !e.Mode.IsFile() {
		return "", false
	}
	return e.Hash.String(), true
}

// ReadDir implements fs.ReadDirFS.
func (f *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	_, sub, err := f.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if sub == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return entries(f.r, sub), nil
}

func entries(r *Repo, tree *object.Tree) []fs.DirEntry {
	out := make([]fs.DirEntry, len(tree.Entries))
	for i, e := range tree.Entries {
		out[i] = &dirEntry{entryInfo: entryInfo{name: e.Name, mode: e.Mode}, r: r, hash: e.Hash}
	}
	// fs.ReadDir promises entries sorted by name; git sorts folders as if
	// their names ended in "/".
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

// entryInfo is both the fs.FileInfo and the fs.DirEntry of a tree entry.
type entryInfo struct {
	name string
	mode filemode.FileMode
	size int64
}

func (e *entryInfo) Name() string { return e.name }
func (e *entryInfo) Size() int64  { return e.size }
func (e *entryInfo) Mode() fs.FileMode {
	switch e.mode {
	case filemode.Dir:
		return fs.ModeDir | 0o555
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Regular, filemode.Deprecated:
		return 0o444
	case filemode.Executable:
		return 0o555
	}
	return fs.ModeIrregular // a submodule
}
func (e *entryInfo) ModTime() time.Time         { return time.Time{} }
func (e *entryInfo) IsDir() bool                { return e.mode == filemode.Dir }
func (e *entryInfo) Sys() any                   { return nil }
func (e *entryInfo) Type() fs.FileMode          { return e.Mode().Type() }
func (e *entryInfo) Info() (fs.FileInfo, error) { return e, nil }

// dirEntry is a folder's entry; its Info reads the size of a file's blob
// when asked.
type dirEntry struct {
	entryInfo
	r    *Repo
	hash plumbing.Hash
}

func (e *dirEntry) Info() (fs.FileInfo, error) {
	info := e.entryInfo
	if info.mode.IsFile() {
		size, err := e.r.blobSize(e.hash)
		if err != nil {
			return nil, &fs.PathError{Op: "stat", Path: info.name, Err: err}
		}
		info.size = size
	}
	return &info, nil
}

type blobFile struct {
	info *entryInfo
	r    *bytes.Reader
}

func (f *blobFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *blobFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *blobFile) Close() error               { return nil }

type dirFile struct {
	r    *Repo
	info *entryInfo
	tree *object.Tree
	rest []fs.DirEntry
	read bool
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *dirFile) Close() error { return nil }

// ReadDir implements fs.ReadDirFile.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		d.rest, d.read = entries(d.r, d.tree), true
	}
	if n <= 0 {
		out := d.rest
		d.rest = nil
		return out, nil
	}
	if len(d.rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.rest))
	out := d.rest[:n]
	d.rest = d.rest[n:]
	return out, nil
}
