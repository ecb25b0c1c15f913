package report

import (
	"bufio"
	"fmt"
	"io"
	"text/tabwriter"

	"agreements/internal/diag"
	"agreements/internal/history"
	"agreements/internal/message"
	"agreements/internal/recdiff"
)

const day = "2006-01-02"

// HistoryRecords prints every record's dates, as a table (format "text") or
// as JSON.
func HistoryRecords(w io.Writer, format string, entries []history.Entry) error {
	if format == "json" {
		if entries == nil {
			entries = []history.Entry{}
		}
		return writeJSON(w, entries)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, message.New("history.header"))
	for _, e := range entries {
		// Ids come from file names, and names, subjects and values from
		// what a pull request wrote: cleaned, so that none starts a line
		// or a workflow command.
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s %s\t%d\n", diag.Guard(diag.Clean(e.ID)), e.Kind,
			e.Created.Date.Format(day), e.Created.Commit[:7], e.Updated.Date.Format(day), e.Updated.Commit[:7], e.Commits)
	}
	return tw.Flush()
}

// Timeline prints one record's timeline, oldest first: each commit,
// then the fields it changed.
func Timeline(w io.Writer, format, id string, events []history.Event) error {
	if format == "json" {
		return writeJSON(w, struct {
			ID     string          `json:"id"`
			Events []history.Event `json:"events"`
		}{id, events})
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, diag.Guard(diag.Clean(id)))
	for _, e := range events {
		fmt.Fprintf(bw, "%s  %s  %s  %s  %s\n", e.Date.Format(day), e.Commit[:7], message.New("action."+e.Action), diag.Clean(e.Author), diag.Clean(e.Subject))
		for _, f := range e.Fields {
			switch f.Kind {
			case recdiff.Added:
				fmt.Fprintf(bw, "    %s: %s %s\n", diag.Clean(f.Path), message.New("diff.field-added"), diag.Clean(f.New))
			case recdiff.Removed:
				fmt.Fprintf(bw, "    %s: %s %s\n", diag.Clean(f.Path), message.New("diff.field-removed"), diag.Clean(f.Old))
			default:
				fmt.Fprintf(bw, "    %s: %s → %s\n", diag.Clean(f.Path), diag.Clean(f.Old), diag.Clean(f.New))
			}
		}
	}
	return bw.Flush()
}
