package report

import (
	"fmt"
	"strings"
	"testing"

	"agreements/internal/change"
	"agreements/internal/diag"
	"agreements/internal/message"
)

// TestSummaryStaysUnderGitHubsLimit: 10,000 added records and as many
// warnings still give a summary GitHub takes, with the verdict first and
// what was left out said in both languages.
func TestSummaryStaysUnderGitHubsLimit(t *testing.T) {
	d := &change.Diff{BaseRef: "main", HeadRef: "change", Head: strings.Repeat("a", 40), MergeBase: strings.Repeat("b", 40)}
	var checked diag.Report
	for i := range 10000 {
		id := fmt.Sprintf("agreement-%05d", i)
		d.Records = append(d.Records, change.RecordDiff{Action: change.Added, Kind: "agreement", ID: id,
			Path: "records/agreements/" + id + ".yaml", Title: "Convenio de cooperación técnica número " + id,
			Parties: []string{"lacnic", "org-1"}, Status: "unknown", Dates: map[string]string{"signed": "2020"},
			Sources: []change.Source{{Title: "Nota de prensa", URL: "https://example.org/" + id}}})
		checked.Diagnostics = append(checked.Diagnostics, diag.Diagnostic{File: "records/agreements/" + id + ".yaml", Line: 1,
			Severity: diag.Warning, Rule: "record.insecure-url", Message: message.New("record.insecure-url", "url", "http://example.org/"+id)})
	}
	var b strings.Builder
	if err := DiffMarkdown(&b, d, &checked); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if len(out) > MaxSummary {
		t.Errorf("the summary is %d bytes, over %d", len(out), MaxSummary)
	}
	if !strings.HasPrefix(out, "## ✅ La verificación pasa: 0 errores, 10000 avisos") {
		t.Errorf("the summary does not start with the verdict:\n%.200s", out)
	}
	for _, want := range []string{"omitidos para que este resumen no pase el límite", "left out to keep this summary under GitHub's limit", "<details><summary>English</summary>"} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
}

// TestSummaryShowsWhatAReviewerChecks: a new record's status, dates,
// parties and sources; a rename marked forbidden; one error, counted.
func TestSummaryShowsWhatAReviewerChecks(t *testing.T) {
	d := &change.Diff{BaseRef: "main", HeadRef: "change", Head: "c0ffee0", MergeBase: "abc1234", Records: []change.RecordDiff{
		{Action: change.Added, Kind: "agreement", ID: "nuevo", Title: "Nuevo", Parties: []string{"lacnic", "isc"}, Status: "in-force",
			Dates: map[string]string{"signed": "2024-05-02", "end": "2027"}, Sources: []change.Source{{Title: "Nota", URL: "https://example.org/n"}}},
		{Action: change.Renamed, Kind: "agreement", ID: "b", OldID: "a"},
	}}
	checked := diag.Report{Diagnostics: []diag.Diagnostic{{File: "records/agreements/b.yaml", Severity: diag.Error, Rule: "history.id-changed",
		Message: message.New("history.id-changed", "old", "a", "new", "b")}}}
	var b strings.Builder
	DiffMarkdown(&b, d, &checked)
	out := b.String()
	for _, want := range []string{"## ❌ La verificación no pasa: 1 error, 0 avisos", "estado: `in-force`", "firma: `2024-05-02`", "fin: `2027`",
		"fuente: `Nota` `https://example.org/n`", "partes: `lacnic, isc`", "Renombrados — prohibido", "Renamed — forbidden",
		"**`a`** → **`b`**", "history.id-changed", "## ❌ The check fails: 1 error, 0 warnings"} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
}
