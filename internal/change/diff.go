package change

import (
	"strings"

	"agreements/internal/message"
	"agreements/internal/recdiff"
	"agreements/internal/record"
)

// RecordDiff is what a change does to one record.
type RecordDiff struct {
	Action  RecordAction `json:"action"`
	Kind    string       `json:"kind"`
	ID      string       `json:"id"`
	OldID   string       `json:"old_id,omitempty"`
	Path    string       `json:"path,omitempty"`
	OldPath string       `json:"old_path,omitempty"`
	// Title is the record's Spanish title (an organisation's name), as
	// the head has it, or as the base had it for a deleted record.
	Title   string   `json:"title,omitempty"`
	Parties []string `json:"parties,omitempty"`
	// Fields are the fields changed, for a modified or renamed record.
	Fields []recdiff.Field `json:"fields,omitempty"`
	// Status, Dates and Sources are an added record's, for reviewers to
	// check against its sources.
	Status  string            `json:"status,omitempty"`
	Dates   map[string]string `json:"dates,omitempty"`
	Sources []Source          `json:"sources,omitempty"`
}

// Source is a source as a record cites it.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
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
		if r.Action == Added && newDoc != nil {
			rd.Status, _ = newDoc["status"].(string)
			if dates, ok := newDoc["dates"].(map[string]any); ok {
				rd.Dates = map[string]string{}
				for k, v := range dates {
					if s, ok := v.(string); ok {
						rd.Dates[k] = s
					}
				}
			}
			if sources, ok := newDoc["sources"].([]any); ok {
				for _, x := range sources {
					if m, ok := x.(map[string]any); ok {
						t, _ := m["title"].(string)
						u, _ := m["url"].(string)
						rd.Sources = append(rd.Sources, Source{Title: t, URL: u})
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

// value is a parsed record's value, or nil.
func value(d *record.Document) map[string]any {
	if d == nil {
		return nil
	}
	return d.Value()
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
