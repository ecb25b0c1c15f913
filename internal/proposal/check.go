package proposal

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/message"
)

// Prepare validates res's records against the registry at fsys as if
// they were written. Errors and warnings become problems named by the form
// field they come from (warnings marked so); res is ready to write when
// none is an error. The error is for failures of the tool (a schema that
// does not compile, an unreadable registry).
func Prepare(fsys fs.FS, form *Form, res *Result, asOf time.Time) ([]Problem, error) {
	extra := fstest.MapFS{}
	var only []string
	for _, file := range res.Files {
		extra[file.Path] = &fstest.MapFile{Data: file.Data, Mode: 0o644}
		only = append(only, file.Path)
	}
	result, err := check.Run(check.Options{FS: overlay{base: fsys, extra: extra}, Only: only, AsOf: asOf})
	if err != nil {
		return nil, err
	}
	var problems []Problem
	for _, d := range result.Diagnostics {
		field := fieldOf(res, d)
		problems = append(problems, Problem{Field: field, Label: form.Label(field),
			Message: message.New("proposal.check", "detail", d.Text()), Warning: d.Severity == diag.Warning, Found: &d})
	}
	return problems, nil
}

// agreementFields maps the top of a JSON pointer in the agreement to the
// form field that fills it.
var agreementFields = map[string]string{
	"/id": FieldID, "/title/es": FieldTitleES, "/title/en": FieldTitleEN, "/title/pt": FieldTitlePT,
	"/title": FieldTitleES, "/summary": FieldSummaryES, "/kind": FieldKind, "/parties": FieldParties,
	"/dates": FieldSigned, "/place": FieldPlace, "/status": FieldStatus, "/sources": FieldSources,
}

// fieldOf returns the form field a diagnostic on one of res's files comes
// from.
func fieldOf(res *Result, d diag.Diagnostic) string {
	if len(res.Files) > 0 && d.File != res.Files[0].Path {
		return FieldNewOrganizations
	}
	best := ""
	for prefix := range agreementFields {
		if (d.Pointer == prefix || strings.HasPrefix(d.Pointer, prefix+"/")) && len(prefix) > len(best) {
			best = prefix
		}
	}
	return agreementFields[best]
}

// overlay is a registry's files with the new records added, as check.Run
// reads them.
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

// ReadDir lists a folder of the registry with the new records in it (and
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

// ReadLink implements fs.ReadLinkFS: the new records are no links.
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
