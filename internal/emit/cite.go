package emit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"agreements/internal/index"
)

// An agreement's page offers a citation of its record: a plain one on the
// page, and the same as BibTeX (cite.bib) and CSL-JSON (cite.json), which
// reference managers read. A citation names the title, the registry, the
// record's id, its address, and the day the record last changed (when
// the build knows its history); never the day it is read, which a static
// page cannot know.

// citation is what a record's citation says, in the page's language.
type citation struct {
	ID, Title, Registry, URL string
	// Changed is the day the record last changed, YYYY-MM-DD ("" unknown).
	Changed string
}

func (s *site) citation(a *index.Agreement) citation {
	title, _ := a.Title.In(s.opts.Lang)
	c := citation{ID: a.ID, Title: title, Registry: label(s.opts.Lang, "registry"), URL: s.url("agreements/" + a.ID + "/")}
	if a.Updated != nil {
		c.Changed = a.Updated.Date.UTC().Format("2006-01-02")
	}
	return c
}

// writeBibTeX writes the citation as a BibTeX @misc entry.
func (c citation) writeBibTeX(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{lacnic-agreements-%s,\n", c.ID)
	fmt.Fprintf(&b, "  title = {%s},\n", bibText(c.Title))
	fmt.Fprintf(&b, "  howpublished = {%s},\n", bibText(c.Registry))
	fmt.Fprintf(&b, "  publisher = {LACNIC},\n")
	if strings.HasPrefix(c.URL, "http") {
		fmt.Fprintf(&b, "  url = {%s},\n", bibText(c.URL))
	}
	if c.Changed != "" {
		fmt.Fprintf(&b, "  year = {%s},\n  date = {%s},\n", c.Changed[:4], c.Changed)
	}
	fmt.Fprintf(&b, "  note = {%s}\n}\n", bibText("id: "+c.ID))
	_, err := io.WriteString(w, b.String())
	return err
}

// bibText escapes the characters BibTeX gives a meaning.
func bibText(s string) string {
	return strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`, "$", `\$`,
		"#", `\#`, "_", `\_`, "^", `\^{}`, "~", `\~{}`).Replace(s)
}

// writeCSL writes the citation as a CSL-JSON item (an array of one).
func (c citation) writeCSL(w io.Writer) error {
	item := map[string]any{"id": "lacnic-agreements-" + c.ID, "type": "entry", "title": c.Title,
		"container-title": c.Registry, "publisher": "LACNIC", "number": c.ID}
	if strings.HasPrefix(c.URL, "http") {
		item["URL"] = c.URL
	}
	if c.Changed != "" {
		var y, m, d int
		fmt.Sscanf(c.Changed, "%d-%d-%d", &y, &m, &d)
		item["issued"] = map[string]any{"date-parts": [][]int{{y, m, d}}}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode([]any{item})
}
