// Package report prints what diff and history find, for people (text,
// Markdown) and for programs (JSON, labels), above the packages that find
// it (change, history), as diag's printers sit above the checks.
package report

import (
	"encoding/json"
	"io"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
