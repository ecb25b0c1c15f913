package record

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing/fstest"
)

// Overlay returns base with the files of extra (paths from the root,
// forward slashes) added or put in place of base's, as check.Run reads a
// registry: for checking records that are not written yet (from-issue's
// new records, migrate's rewritten ones) together with the rest.
func Overlay(base fs.FS, extra fstest.MapFS) fs.FS { return overlay{base: base, extra: extra} }

type overlay struct {
	base  fs.FS
	extra fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.extra[name]; ok {
		return o.extra.Open(name)
	}
	return o.base.Open(name)
}

// ReadDir lists a folder of the registry with extra's files in it (and
// the folders that hold them, should the registry lack one).
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	list, err := fs.ReadDir(o.base, name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	have := map[string]bool{}
	for _, e := range list {
		have[e.Name()] = true
	}
	for p := range o.extra {
		rest, ok := strings.CutPrefix(p, name+"/")
		if name == "." {
			rest, ok = p, true
		}
		if !ok {
			continue
		}
		child, _, _ := strings.Cut(rest, "/")
		if have[child] {
			continue
		}
		have[child] = true
		info, _ := o.extra.Stat(path.Join(name, child))
		list = append(list, fs.FileInfoToDirEntry(info))
	}
	if err != nil && len(list) == 0 {
		return nil, err
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name() < list[j].Name() })
	return list, nil
}

// ReadLink implements fs.ReadLinkFS: extra's files are no links.
func (o overlay) ReadLink(name string) (string, error) {
	if _, ok := o.extra[name]; ok {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return fs.ReadLink(o.base, name)
}

// Lstat keeps record.List's view of links in the base registry.
func (o overlay) Lstat(name string) (fs.FileInfo, error) {
	if _, ok := o.extra[name]; ok {
		return o.extra.Stat(name)
	}
	return fs.Lstat(o.base, name)
}

// Stat implements fs.StatFS.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if _, ok := o.extra[name]; ok {
		return o.extra.Stat(name)
	}
	return fs.Stat(o.base, name)
}
