package proposal

import (
	"io/fs"
	"strings"
	"testing/fstest"
	"time"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
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
	result, err := check.Run(check.Options{FS: record.Overlay(fsys, extra), Only: only, AsOf: asOf})
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
