package record

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"agreements/internal/diag"
	"agreements/internal/message"
)

// Dir is the folder, under the registry root, that holds the records.
const Dir = "records"

// File is a record file found under records/.
type File struct {
	// Path is relative to the registry root, with forward slashes.
	Path string
	Kind Kind
}

// Stem returns the file name without ".yaml": the id the record must have.
func (f File) Stem() string { return strings.TrimSuffix(path.Base(f.Path), ".yaml") }

// List finds every file under records/ in fsys (the registry's root: the
// working tree, or a commit's tree). Record files, in records/agreements/
// or records/organizations/ and ending in .yaml, are returned sorted by
// path; every other file (a wrong extension, a wrong folder, a symlink) is
// reported, so that nothing under records/ is silently left out. The error
// is for failures of the tool (records/ missing or unreadable), not of the
// records.
func List(fsys fs.FS) ([]File, []diag.Diagnostic, error) {
	info, err := fs.Lstat(fsys, Dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, ErrNoRecords
		}
		return nil, nil, err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		// Followed, it would read files outside the repository, as a link
		// under records/ would.
		return nil, []diag.Diagnostic{fileDiag(Dir, RuleFileSymlink, message.New("file.symlink.records"))}, nil
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a folder", Dir)
	}
	var files []File
	var diags []diag.Diagnostic
	seen, last := 0, ""
	err = fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == Dir:
			return err
		case err != nil:
			diags = append(diags, fileDiag(p, RuleFileRead, message.New(RuleFileRead, "detail", errText(err))))
			return nil
		case d.IsDir():
			return nil
		}
		if seen++; seen > maxFiles {
			diags = append(diags, fileDiag(Dir, RuleFileTooMany, message.New(RuleFileTooMany, "limit", strconv.Itoa(maxFiles), "last", last)))
			return fs.SkipAll
		}
		last = p
		f, ok := Classify(p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			diags = append(diags, fileDiag(p, RuleFileSymlink, message.New(RuleFileSymlink)))
		case !d.Type().IsRegular():
			diags = append(diags, fileDiag(p, RuleFileRead, message.New(RuleFileRead, "detail", message.New("file.not-regular").String())))
		case ok:
			files = append(files, f)
		default:
			diags = append(diags, misplaced(p))
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	packPaths(files)
	return files, diags, nil
}

// packPaths moves the files' paths into one string: a run keeps every
// path to its end, and one object is marked at each collection where
// there were as many as files (BenchmarkValidate10k at
// AGREEMENTS_BENCH_N=100000 in internal/check measures it).
func packPaths(files []File) {
	n := 0
	for _, f := range files {
		n += len(f.Path)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range files {
		b.WriteString(f.Path)
	}
	all, at := b.String(), 0
	for i := range files {
		end := at + len(files[i].Path)
		files[i].Path = all[at:end]
		at = end
	}
}

// ErrNoRecords is returned by List when there is no records/ folder.
var ErrNoRecords = errors.New("no " + Dir + "/ folder")

// Within reports whether path p (relative, forward slashes) is one of only
// or lies under one of them; nil only means everything. To ask for many
// paths, build a Selection once.
func Within(p string, only []string) bool { return NewSelection(only).Has(p) }

// Selection is a set of paths (files, or folders that stand for
// everything under them), built once and asked in time proportional to a
// path's depth, whatever its size.
type Selection struct {
	all   bool
	paths map[string]bool
}

// NewSelection returns the selection of only; nil only means everything.
func NewSelection(only []string) Selection {
	if only == nil {
		return Selection{all: true}
	}
	s := Selection{paths: make(map[string]bool, len(only))}
	for _, o := range only {
		s.paths[strings.TrimSuffix(o, "/")] = true
	}
	return s
}

// Has reports whether p is in the selection, or under a folder in it.
func (s Selection) Has(p string) bool {
	if s.all {
		return true
	}
	for {
		if s.paths[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// Classify says whether rel (relative to the root, forward slashes) is the
// path of a record file, and of which kind.
func Classify(rel string) (File, bool) {
	// Cut, not Split: List classifies every file of the registry.
	top, rest, _ := strings.Cut(rel, "/")
	folder, name, ok := strings.Cut(rest, "/")
	if !ok || top != Dir || strings.Contains(name, "/") || !strings.HasSuffix(name, ".yaml") || name == ".yaml" {
		return File{}, false
	}
	switch folder {
	case Agreement.Folder():
		return File{Path: rel, Kind: Agreement}, true
	case Organization.Folder():
		return File{Path: rel, Kind: Organization}, true
	}
	return File{}, false
}

// misplaced explains why a file under records/ is not a record.
func misplaced(rel string) diag.Diagnostic {
	parts := strings.Split(rel, "/")
	if len(parts) == 3 && (parts[1] == Agreement.Folder() || parts[1] == Organization.Folder()) {
		d := fileDiag(rel, RuleFileExtension, message.New(RuleFileExtension))
		ext := path.Ext(parts[2])
		if strings.EqualFold(ext, ".yml") || strings.EqualFold(ext, ".yaml") {
			d.Hint = message.New("hint.rename", "name", strings.TrimSuffix(parts[2], ext)+".yaml")
		}
		return d
	}
	return fileDiag(rel, RuleFileLocation, message.New(RuleFileLocation))
}

// Read reads a record file from fsys, refusing one larger than
// MaxFileSize without reading it whole. A failure is a diagnostic on that
// file.
func Read(fsys fs.FS, f File) ([]byte, *diag.Diagnostic) {
	// A file over the limit is refused by its size before it is opened,
	// where the file system can tell it: opening a commit's blob inflates
	// it whole. Opening a file on disk reads nothing, and readLimited then
	// reads no more than the limit.
	_, onDisk := fsys.(dirFS)
	if sf, ok := fsys.(fs.StatFS); ok && !onDisk {
		if info, err := sf.Stat(f.Path); err == nil && info.Size() > MaxFileSize {
			d := tooLarge(f, strconv.FormatInt(info.Size(), 10))
			return nil, &d
		}
	}
	fh, err := fsys.Open(f.Path)
	if err != nil {
		d := fileDiag(f.Path, RuleFileRead, message.New(RuleFileRead, "detail", errText(err)))
		return nil, &d
	}
	defer fh.Close()
	data, err := readLimited(fh)
	size := int64(-1)
	if len(data) > MaxFileSize {
		if info, err := fh.Stat(); err == nil {
			size = info.Size()
		}
	}
	return checkRead(f, data, err, size)
}

// checkRead turns what reading f gave into Read's result; size is the
// file's size for the message on a file over the limit, -1 if unknown.
func checkRead(f File, data []byte, err error, size int64) ([]byte, *diag.Diagnostic) {
	if err != nil {
		d := fileDiag(f.Path, RuleFileRead, message.New(RuleFileRead, "detail", errText(err)))
		return nil, &d
	}
	if len(data) > MaxFileSize {
		text := strconv.Itoa(len(data)) + "+"
		if size >= 0 {
			text = strconv.FormatInt(size, 10)
		}
		d := tooLarge(f, text)
		return nil, &d
	}
	return data, nil
}

// tooLarge is the diagnostic on a file of size bytes, over the limit.
func tooLarge(f File, size string) diag.Diagnostic {
	return fileDiag(f.Path, RuleFileTooLarge, message.New(RuleFileTooLarge, "size", size, "limit", strconv.Itoa(MaxFileSize)))
}

// readLimited reads at most MaxFileSize+1 bytes (one more than allowed,
// to tell a file over the limit), into a buffer sized from the file's
// size: io.ReadAll would grow one from 512 bytes, copying as it goes.
func readLimited(fh fs.File) ([]byte, error) {
	size := int64(512)
	if info, err := fh.Stat(); err == nil && info.Size() > 0 {
		size = info.Size()
	}
	buf := make([]byte, min(size, MaxFileSize)+1)
	n, err := io.ReadFull(fh, buf)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return buf[:n], nil // the whole file, shorter than the buffer
	case err != nil:
		return nil, err
	case n > MaxFileSize:
		return buf, nil // over the limit: the caller reports it
	}
	// The file grew since Stat: read the rest, still within the limit.
	rest, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1-int64(n)))
	return append(buf, rest...), err
}

// errText strips the path from an os error: the diagnostic names the file.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
