package record

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// DirFS is os.DirFS(dir) for a registry's working tree, except that Open
// never waits on a FIFO or a device put where a record was listed: it
// opens without blocking (O_NONBLOCK, which a regular file ignores) and
// refuses anything but a regular file or a folder. Reading a FIFO would
// wait for a writer.
func DirFS(dir string) fs.FS { return dirFS{FS: os.DirFS(dir), dir: dir} }

type dirFS struct {
	fs.FS
	dir string
}

// errNotRegular is Open's error for a path that is neither a regular file
// nor a folder when it is opened (List reports those it lists).
var errNotRegular = errors.New("not a regular file")

// Open implements fs.FS.
func (d dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := os.OpenFile(filepath.Join(d.dir, filepath.FromSlash(name)), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.Unwrap(err)}
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() && !info.IsDir() {
		err = errNotRegular
	}
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return statFile{f, info}, nil
}

// statFile is an open file that answers Stat with what Open learnt, so
// that reading it (Read's size check) costs no second system call.
type statFile struct {
	*os.File
	info fs.FileInfo
}

func (f statFile) Stat() (fs.FileInfo, error) { return f.info, nil }

// The other methods of os.DirFS's file system, so that fs.ReadDir and
// the like keep their direct ways.

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.FS, name) }
func (d dirFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(d.FS, name) }
func (d dirFS) ReadLink(name string) (string, error)       { return fs.ReadLink(d.FS, name) }
