package change

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/recdiff"
	"agreements/internal/record"
)

// RecordDiff is what a change does to one record.
type RecordDiff struct {
	Action  Action `json:"action"`
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	OldID   string `json:"old_id,omitempty"`
	Path    string `json:"path,omitempty"`
	OldPath string `json:"old_path,omitempty"`
	// Title is the record's Spanish title (an organisation's name), as
	// the head has it, or as the base had it for a deleted record.
	Title   string   `json:"title,omitempty"`
	Parties []string `json:"parties,omitempty"`
	// Fields are the fields changed, for a modified or renamed record.
	Fields []recdiff.Field `json:"fields,omitempty"`
}

// Diff is what a change does to the registry.
type Diff struct {
	Base      string       `json:"base"`
	BaseRef   string       `json:"base_ref"`
	MergeBase string       `json:"merge_base"`
	Head      string       `json:"head"`
	HeadRef   string       `json:"head_ref"`
	Records   []RecordDiff `json:"records"`
	RuleFiles []string     `json:"rule_files"`
}

// Diff compares each changed record's merge-base version with its head
// version.
func (s *Set) Diff() *Diff {
	d := &Diff{Base: s.Base.Hash, BaseRef: s.BaseRef, MergeBase: s.MergeBase.Hash,
		HeadRef: s.HeadRef, Records: []RecordDiff{}, RuleFiles: append([]string{}, s.RuleFiles...)}
	if s.Head != nil {
		d.Head = s.Head.Hash
	} else if c, err := s.repo.Resolve("HEAD"); err == nil {
		d.Head = c.Hash
		d.HeadRef = message.New("diff.worktree").String()
	}
	for _, r := range s.Records {
		rd := RecordDiff{Action: r.Action, Path: r.Path, OldPath: r.OldPath}
		oldDoc := value(s.doc(old, r.OldPath))
		newDoc := value(s.doc(head, r.Path))
		shown := newDoc
		if shown == nil {
			shown = oldDoc
		}
		p := r.Path
		if p == "" {
			p = r.OldPath
		}
		rd.ID = stem(p)
		if r.Action == Renamed {
			rd.OldID = stem(r.OldPath)
		}
		if f, ok := record.Classify(p); ok {
			rd.Kind = f.Kind.String()
		}
		if shown != nil {
			rd.Title = title(shown)
			if parties, ok := shown["parties"].([]any); ok {
				for _, x := range parties {
					if s, ok := x.(string); ok {
						rd.Parties = append(rd.Parties, s)
					}
				}
			}
		}
		if r.Action == Modified || r.Action == Renamed {
			var a, b any
			if oldDoc != nil {
				a = oldDoc
			}
			if newDoc != nil {
				b = newDoc
			}
			rd.Fields = recdiff.Compare(a, b)
		}
		d.Records = append(d.Records, rd)
	}
	return d
}

// The labels a change may deserve, in the order Labels lists them.
const (
	LabelNewAgreement    = "new-agreement"
	LabelAgreementChange = "agreement-change"
	LabelStatusChange    = "status-change"
	LabelNewOrganization = "new-organization"
	LabelSchemaChange    = "schema-change"
	LabelToolChange      = "tool-change"
)

// Labels returns the labels the change deserves, for reviewers' queues:
// an agreement added; an agreement modified, renamed or deleted; an
// agreement's status changed; an organisation added; a file under
// schema/ changed; any other rule file (the tool, CI, scripts, go.mod...)
// changed.
func (d *Diff) Labels() []string {
	has := map[string]bool{}
	for _, r := range d.Records {
		switch {
		case r.Kind == record.Agreement.String() && r.Action == Added:
			has[LabelNewAgreement] = true
		case r.Kind == record.Agreement.String():
			has[LabelAgreementChange] = true
			for _, f := range r.Fields {
				if f.Pointer == "/status" {
					has[LabelStatusChange] = true
				}
			}
		case r.Kind == record.Organization.String() && r.Action == Added:
			has[LabelNewOrganization] = true
		}
	}
	for _, p := range d.RuleFiles {
		if p == "schema" || strings.HasPrefix(p, "schema/") {
			has[LabelSchemaChange] = true
		} else {
			has[LabelToolChange] = true
		}
	}
	var out []string
	for _, l := range []string{LabelNewAgreement, LabelAgreementChange, LabelStatusChange, LabelNewOrganization, LabelSchemaChange, LabelToolChange} {
		if has[l] {
			out = append(out, l)
		}
	}
	return out
}

// WriteLabels prints Labels, one a line.
func (d *Diff) WriteLabels(w io.Writer) error {
	for _, l := range d.Labels() {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// value is a parsed record's value, or nil.
func value(d *record.Document) map[string]any {
	if d == nil {
		return nil
	}
	return d.Value
}

// title returns the Spanish title of an agreement, or the name of an
// organisation in the first language it has.
func title(v map[string]any) string {
	for _, key := range []string{"title", "name"} {
		if m, ok := v[key].(map[string]any); ok {
			for _, lang := range message.Languages {
				if s, ok := m[lang].(string); ok {
					return s
				}
			}
		}
	}
	return ""
}

// WriteJSON writes the diff as indented JSON.
func (d *Diff) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// WriteMarkdown writes the diff for a GitHub step summary or a pull
// request comment. Text from records is escaped so that it cannot change
// the document's structure.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	short := func(h string) string {
		if len(h) >= 7 {
			return h[:7]
		}
		return h
	}
	fmt.Fprintf(&b, "## %s\n\n", message.New("diff.heading", "base", mdText(d.BaseRef), "head", mdText(d.HeadRef), "commit", short(d.Head)))
	count := map[Action]int{}
	for _, r := range d.Records {
		count[r.Action]++
	}
	fmt.Fprintf(&b, "%s\n\n", message.New("diff.counts", "added", fmt.Sprint(count[Added]),
		"modified", fmt.Sprint(count[Modified]), "deleted", fmt.Sprint(count[Deleted]),
		"renamed", fmt.Sprint(count[Renamed]), "mergebase", short(d.MergeBase)))
	if len(d.Records) == 0 && len(d.RuleFiles) == 0 {
		fmt.Fprintf(&b, "%s\n", message.New("diff.nothing"))
	}
	// A change to the rules comes first: it changes how everything below
	// was judged.
	if len(d.RuleFiles) > 0 {
		fmt.Fprintf(&b, "### %s\n\n", message.New("diff.rules"))
		for _, f := range d.RuleFiles {
			fmt.Fprintf(&b, "- %s\n", code(f))
		}
		b.WriteString("\n")
	}
	for _, section := range []struct {
		action Action
		key    string
	}{{Added, "diff.added"}, {Modified, "diff.modified"}, {Renamed, "diff.renamed"}, {Deleted, "diff.deleted"}} {
		if count[section.action] == 0 {
			continue
		}
		fmt.Fprintf(&b, "### %s\n\n", message.New(section.key))
		for _, r := range d.Records {
			if r.Action != section.action {
				continue
			}
			// Text from records goes in code spans: nothing in it can
			// mention someone, link an issue or become a link.
			name := "**" + code(r.ID) + "**"
			if r.OldID != "" {
				name = "**" + code(r.OldID) + "** → " + name
			}
			fmt.Fprintf(&b, "- %s (%s)", name, mdText(r.Kind))
			if r.Title != "" {
				fmt.Fprintf(&b, ": %s", code(r.Title))
			}
			if len(r.Parties) > 0 {
				fmt.Fprintf(&b, " — %s", message.New("diff.parties", "parties", code(strings.Join(r.Parties, ", "))))
			}
			b.WriteString("\n")
			for _, f := range r.Fields {
				switch f.Kind {
				case recdiff.Added:
					fmt.Fprintf(&b, "  - %s: %s %s\n", code(f.Path), message.New("diff.field-added"), code(f.New))
				case recdiff.Removed:
					fmt.Fprintf(&b, "  - %s: %s %s\n", code(f.Path), message.New("diff.field-removed"), code(f.Old))
				default:
					fmt.Fprintf(&b, "  - %s: %s → %s\n", code(f.Path), code(f.Old), code(f.New))
				}
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// mdText escapes text for Markdown within a line: the characters that
// could start emphasis, code, links, images, HTML, tables or strikethrough
// are backslash-escaped, and line breaks become spaces (so nothing can
// start a heading or a list).
func mdText(s string) string {
	var b strings.Builder
	for _, r := range diag.Clean(strings.NewReplacer("\n", " ", "\r", " ").Replace(s)) {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_[]<>|~&", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// code writes s as an inline code span, with a fence longer than any run
// of backticks inside it; values longer than 200 characters are cut.
func code(s string) string {
	s = diag.Clean(strings.NewReplacer("\n", " ", "\r", " ").Replace(s))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}
