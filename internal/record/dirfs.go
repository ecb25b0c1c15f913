package record

import (
	"io/fs"
	"os"
	"path/filepath"
)

// DirFS is os.DirFS(dir) for a registry's working tree, with a faster
// way for Read to read a record: on Unix-like systems it reads the file
// with plain system calls, where os.Open also sets the file non-blocking
// and offers it to the runtime's poller, which regular files refuse
// (BenchmarkRead measures the difference).
func DirFS(dir string) fs.FS { return dirFS{FS: os.DirFS(dir), dir: dir} }

type dirFS struct {
	fs.FS
	dir string
}

// The other methods of os.DirFS's file system, so that fs.ReadDir and
// the like keep their direct ways.

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }
func (d dirFS) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(d.FS, name) }
func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(d.FS, name) }
func (d dirFS) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(d.FS, name) }
func (d dirFS) ReadLink(name string) (string, error)       { return fs.ReadLink(d.FS, name) }

// readRecord reads the record file name (a valid fs path) of a DirFS as
// readLimited does; ok is false where there is no fast way, and the
// caller goes through Open.
func (d dirFS) readRecord(name string) (data []byte, err error, ok bool) {
	if !fs.ValidPath(name) {
		return nil, nil, false
	}
	return readRaw(filepath.Join(d.dir, filepath.FromSlash(name)))
}
