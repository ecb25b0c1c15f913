package diag

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"agreements/internal/message"
)

// Format names an output format of Print.
type Format string

// The output formats.
const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatGitHub Format = "github"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, bool) {
	switch f := Format(s); f {
	case FormatText, FormatJSON, FormatGitHub:
		return f, true
	}
	return "", false
}

// Report is the outcome of a check: the diagnostics, sorted, and how many
// files were looked at.
type Report struct {
	Diagnostics []Diagnostic
	// Files is how many files were checked; Total, how many there are
	// under records/ (more than Files when only some were asked for).
	Files, Total int
	// Scope, when set, says in one line what was checked (pull-request
	// mode); the text output prints it before the total.
	Scope string
	// Change, in pull-request mode, names the files reported on.
	Change *Change
}

// Change is what pull-request mode reported on: the record files the
// change adds, modifies or renames, and the other records whose
// diagnostics it alters.
type Change struct {
	Changed  []string
	Affected []string
}

// Print writes r to w in format f.
func Print(w io.Writer, f Format, r Report) error {
	bw := bufio.NewWriter(w)
	switch f {
	case FormatJSON:
		printJSON(bw, r)
	case FormatGitHub:
		printGitHub(bw, r)
	default:
		printText(bw, r)
	}
	return bw.Flush()
}

func printText(w *bufio.Writer, r Report) {
	for _, d := range r.Diagnostics {
		w.WriteString(Line(d) + "\n")
	}
	if r.Scope != "" {
		w.WriteString(r.Scope + "\n")
	}
	w.WriteString(Total(r) + "\n")
}

// Line renders a diagnostic as the text format's line:
// "file:line:column: severity: message [rule]".
func Line(d Diagnostic) string {
	return Guard(fmt.Sprintf("%s: %s: %s [%s]", Clean(Position(d)), d.Severity, Clean(d.Text()), d.Rule))
}

// Position renders "file:line:column", or "file" for a whole-file problem.
func Position(d Diagnostic) string {
	if d.Line == 0 {
		return d.File
	}
	return fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
}

// Total is the one-line summary that ends the text output.
func Total(r Report) string {
	e, w := Count(r.Diagnostics)
	files := plural(r.Files, "total.file", "total.files")
	if r.Change != nil {
		files = message.New(message.Plural(r.Total, "total.change.record", "total.change.records"),
			"changed", fmt.Sprint(len(r.Change.Changed)), "affected", fmt.Sprint(len(r.Change.Affected)), "n", fmt.Sprint(r.Total)).String()
	}
	switch {
	case e == 0 && w == 0:
		return message.New("total.clean", "files", files).String()
	default:
		return message.New("total.problems", "files", files,
			"errors", plural(e, "total.error", "total.errors"),
			"warnings", plural(w, "total.warning", "total.warnings")).String()
	}
}

func plural(n int, one, many string) string {
	return message.New(message.Plural(n, one, many), "n", fmt.Sprint(n)).String()
}

type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Pointer  string `json:"pointer"`
}

type jsonReport struct {
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Files       int              `json:"files"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
	// Changed and Affected are pull-request mode's (Report.Change),
	// present there even when empty.
	Changed  *[]string `json:"changed,omitempty"`
	Affected *[]string `json:"affected,omitempty"`
}

func printJSON(w *bufio.Writer, r Report) {
	out := jsonReport{Diagnostics: make([]jsonDiagnostic, 0, len(r.Diagnostics)), Files: r.Files}
	out.Errors, out.Warnings = Count(r.Diagnostics)
	if r.Change != nil {
		changed, affected := cleanAll(r.Change.Changed), cleanAll(r.Change.Affected)
		out.Changed, out.Affected = &changed, &affected
	}
	for _, d := range r.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			File: Clean(d.File), Line: d.Line, Column: d.Column, Severity: d.Severity.String(),
			Rule: d.Rule, Message: Clean(d.Text()), Pointer: Clean(d.Pointer),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out) // writing to a bufio.Writer; its error surfaces at Flush
}

// cleanAll returns the file names cleaned for printing, never nil.
func cleanAll(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = Clean(f)
	}
	return out
}

// printGitHub writes workflow commands that GitHub turns into annotations
// on the lines concerned. Every value is escaped so that text from a record
// cannot end the command early or start another one.
func printGitHub(w *bufio.Writer, r Report) {
	for _, d := range r.Diagnostics {
		fmt.Fprintf(w, "::%s file=%s", d.Severity, escapeProperty(Clean(d.File)))
		if d.Line > 0 {
			fmt.Fprintf(w, ",line=%d,col=%d", d.Line, d.Column)
		}
		fmt.Fprintf(w, ",title=%s::%s\n", escapeProperty(d.Rule), escapeData(Clean(d.Text())))
	}
	w.WriteString(Guard(escapeData(Total(r))) + "\n")
}

// escapeData escapes a workflow command's message, as the runner's own
// toolkit does (actions/toolkit, command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
