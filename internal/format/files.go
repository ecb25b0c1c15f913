package format

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"

	"agreements/internal/record"
)

// Outcome is what fmt does, or would do, to one record file.
type Outcome struct {
	// Path is the file's path from the registry's root.
	Path string
	// Changed says its canonical form differs from it (and, when
	// writing, that it was rewritten).
	Changed bool
	// Err says why it was left as it is: an *UnsafeError, or a failure
	// to read or write it.
	Err error
}

// Files formats every record file of records that selected has, in the
// order record.List gives. With root set, each changed file is rewritten
// in place under root (a folder on disk) through a temporary file, so
// that an interrupted run never leaves half a record; with root empty,
// nothing is written (fmt --check), and records may be a commit's tree.
// The error is for a registry that cannot be listed.
func (f *Formatter) Files(records fs.FS, selected record.Selection, root string) ([]Outcome, error) {
	files, _, err := record.List(records)
	if err != nil {
		return nil, err
	}
	var out []Outcome
	for _, file := range files {
		if !selected.Has(file.Path) {
			continue
		}
		o := Outcome{Path: file.Path}
		data, err := fs.ReadFile(records, file.Path)
		if err == nil {
			var formatted []byte
			if formatted, err = f.Format(file.Kind, data); err == nil && !bytes.Equal(formatted, data) {
				o.Changed = true
				if root != "" {
					err = WriteFile(filepath.Join(root, filepath.FromSlash(file.Path)), formatted)
				}
			}
		}
		o.Err = err
		out = append(out, o)
	}
	return out, nil
}

// WriteFile replaces the file at p with data through a temporary file
// beside it, so that an interrupted run never leaves half a record.
func WriteFile(p string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), ".fmt-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}
