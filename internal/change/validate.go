package change

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/schema"
)

// Rule ids of the rules that protect history.
const (
	RuleDeleted      = "history.deleted"
	RuleIDChanged    = "history.id-changed"
	RuleRulesChanged = "history.rules-changed"
	RuleBaseSchema   = "history.base-schema"
)

// Rules lists the rules that only a change can break.
var Rules = []diag.Rule{
	{ID: RuleDeleted},
	{ID: RuleIDChanged},
	{ID: RuleRulesChanged, Severity: diag.Warning},
	{ID: RuleBaseSchema},
}

// Validate checks the change as a reviewer needs it checked: every record
// it adds, modifies or renames, plus every record that names an id it
// changes or deletes, against the head's schema and the base branch's;
// the rules across records over the whole head (knowing unchanged records
// by their file names); and the rules that protect history.
func (s *Set) Validate(asOf time.Time) (diag.Report, error) {
	selected, mentioning, err := s.selection()
	if err != nil {
		return diag.Report{}, err
	}
	checked, err := check.Run(check.Options{FS: s.HeadFS, Only: selected, NamesOnly: true, Read: s.compared(), AsOf: asOf})
	if err != nil {
		return diag.Report{}, err
	}
	report := checked.Report
	report.Diagnostics = append(report.Diagnostics, s.historyRules()...)
	more, err := s.baseSchema(report.Diagnostics)
	if err != nil {
		return diag.Report{}, err
	}
	report.Diagnostics = append(report.Diagnostics, more...)
	diag.Sort(report.Diagnostics)
	// A change to the rules goes first, where GitHub's first ten
	// annotations of a step show it.
	slices.SortStableFunc(report.Diagnostics, func(a, b diag.Diagnostic) int {
		return cmp.Compare(rank(a), rank(b))
	})
	report.Scope = message.New("change.scope", "change", s.Describe(),
		"changed", strconv.Itoa(len(s.Records)), "mentioning", strconv.Itoa(mentioning),
		"checked", strconv.Itoa(report.Files), "total", strconv.Itoa(report.Total)).String()
	return report, nil
}

// compared returns the records, beyond those selected, that
// record.possible-duplicate reads so that the records a change adds,
// renames, or edits where that rule looks (an agreement's Spanish title,
// parties or signing date; an organisation's names or website;
// not_duplicate_of) meet every record that could repeat them: all the
// organisations, when one of those is an organisation; and the
// agreements whose text names every party of such an agreement other
// than lacnic and its signing year as fmt writes it (an agreement that
// repeats another names the same parties, signed the same year), found by
// searching the bytes of the registry's files on disk (the judge's base
// checkout), without parsing them. A Spanish title repeated under other
// parties or dates is left to a full validate.
func (s *Set) compared() []string {
	// The agreements to compare, by the year they were signed: their
	// parties other than lacnic.
	byYear := map[string][][]string{}
	orgs := false
	for _, r := range s.Records {
		if r.Action == Deleted || r.Action == Modified &&
			reflect.DeepEqual(comparedFields(s.doc(old, r.OldPath)), comparedFields(s.doc(head, r.Path))) {
			continue
		}
		f, ok := record.Classify(r.Path)
		switch {
		case !ok:
		case f.Kind == record.Organization:
			orgs = true
		default:
			// Only the parties and signing year can be searched for
			// without parsing: an agreement with no signing date is
			// compared with the selected records only.
			d := s.doc(head, r.Path)
			parties := otherParties(d)
			if year := signedYear(d); year != "" && len(parties) > 0 {
				byYear[year] = append(byYear[year], parties)
			}
		}
	}
	if !orgs && len(byYear) == 0 {
		return nil
	}
	files, _, err := record.List(s.HeadFS)
	if err != nil {
		return nil
	}
	disk := record.DirFS(s.root)
	var out []string
	for _, f := range files {
		if f.Kind == record.Organization {
			if orgs {
				out = append(out, f.Path)
			}
			continue
		}
		if len(byYear) == 0 {
			continue
		}
		data, ok := readRecord(disk, f.Path)
		if !ok {
			continue
		}
		// The signing year as fmt writes it: dates.signed, quoted.
		at := bytes.Index(data, []byte(`  signed: "`))
		if at < 0 || len(data) < at+15 {
			continue
		}
		for _, parties := range byYear[string(data[at+11:at+15])] {
			if namesAll(data, parties) {
				out = append(out, f.Path)
				break
			}
		}
	}
	return out
}

// readRecord reads the record file p of fsys as validate does (record.Read:
// regular files only, never waiting on a FIFO, at most
// record.MaxFileSize); ok is false when it cannot, which the check of the
// file then reports.
func readRecord(fsys fs.FS, p string) (data []byte, ok bool) {
	f, known := record.Classify(p)
	if !known {
		return nil, false
	}
	data, d := record.Read(fsys, f)
	return data, d == nil
}

// signedYear returns the year an agreement was signed, or "".
func signedYear(d *record.Document) string {
	if d == nil {
		return ""
	}
	dates, _ := d.Value["dates"].(map[string]any)
	signed, _ := dates["signed"].(string)
	if len(signed) < 4 {
		return ""
	}
	return signed[:4]
}

// otherParties returns an agreement's parties other than lacnic.
func otherParties(d *record.Document) []string {
	if d == nil {
		return nil
	}
	list, _ := d.Value["parties"].([]any)
	var out []string
	for _, p := range list {
		if id, ok := p.(string); ok && id != "lacnic" && id != "" {
			out = append(out, id)
		}
	}
	return out
}

// namesAll reports whether text holds every id, each as a whole id (not
// as part of a longer one: org-1 is not in org-12).
func namesAll(text []byte, ids []string) bool {
	for _, id := range ids {
		if !namesID(text, id) {
			return false
		}
	}
	return true
}

func namesID(text []byte, id string) bool {
	isIDByte := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' }
	for at := 0; ; {
		i := bytes.Index(text[at:], []byte(id))
		if i < 0 {
			return false
		}
		i += at
		end := i + len(id)
		if (i == 0 || !isIDByte(text[i-1])) && (end == len(text) || !isIDByte(text[end])) {
			return true
		}
		at = i + 1
	}
}

// comparedFields are the values of a record that record.possible-duplicate
// compares.
func comparedFields(d *record.Document) []any {
	if d == nil {
		return nil
	}
	v := d.Value
	var title, signed any
	if t, ok := v["title"].(map[string]any); ok {
		title = t["es"]
	}
	if dates, ok := v["dates"].(map[string]any); ok {
		signed = dates["signed"]
	}
	return []any{title, v["parties"], signed, v["name"], v["short_name"], v["website"], v["not_duplicate_of"]}
}

// selection returns the head paths to check fully: the records the change
// adds, modifies or renames; the agreements whose text names an id that
// the change takes away (a record deleted, renamed or given another id);
// and the agreements that the changed relations lead to, following
// relations (a cycle that a change closes runs through one of its changed
// relations, so it lies among them). The search for names reads raw
// text, before any parsing, and only when such an id exists; the
// following reads only the records reached: a change that edits fields
// or relations costs what it touches. It also returns how many records
// the search and the following added.
func (s *Set) selection() ([]string, int, error) {
	selected := []string{}
	in := map[string]bool{}
	affected := map[string]bool{}
	var follow []string
	for _, r := range s.Records {
		if r.Path != "" {
			selected = append(selected, r.Path)
			in[r.Path] = true
		}
		switch r.Action {
		case Deleted, Renamed:
			affected[stem(r.OldPath)] = true
			if id := s.id(old, r.OldPath); id != "" {
				affected[id] = true
			}
		case Modified:
			if id := s.id(old, r.OldPath); id != "" && id != s.id(head, r.Path) {
				affected[id] = true
			}
		}
		if r.Path != "" && s.relationsChanged(r) {
			follow = append(follow, r.Path)
		}
	}
	related := 0
	for _, p := range s.reachable(follow) {
		if !in[p] {
			selected = append(selected, p)
			in[p] = true
			related++
		}
	}
	if len(affected) == 0 {
		sort.Strings(selected)
		return selected, related, nil
	}
	ids := make([][]byte, 0, len(affected))
	for id := range affected {
		ids = append(ids, []byte(id))
	}
	files, _, err := record.List(s.HeadFS)
	if err != nil {
		return nil, 0, err
	}
	mentioning := related
	for _, f := range files {
		// Only agreements name other records.
		if in[f.Path] || f.Kind != record.Agreement {
			continue
		}
		data, ok := readRecord(s.HeadFS, f.Path)
		if ok && namesAny(data, ids) {
			selected = append(selected, f.Path)
			mentioning++
		}
	}
	sort.Strings(selected)
	return selected, mentioning, nil
}

// reachable returns the agreements of the head that relations lead to
// from the agreements at paths from, following relations from each record
// reached, and reading only those.
func (s *Set) reachable(from []string) []string {
	var out []string
	seen := map[string]bool{}
	queue := append([]string{}, from...)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		d := s.doc(head, p)
		if d == nil {
			continue
		}
		rels, _ := d.Value["relations"].([]any)
		for _, x := range rels {
			rel, _ := x.(map[string]any)
			id, _ := rel["agreement"].(string)
			if !isID(id) {
				continue
			}
			target := path.Join(record.Dir, record.Agreement.Folder(), id+".yaml")
			if seen[target] {
				continue
			}
			seen[target] = true
			if _, err := fs.Stat(s.HeadFS, target); err != nil {
				continue
			}
			out = append(out, target)
			queue = append(queue, target)
		}
	}
	return out
}

// isID reports whether s can be a record's id, and so a file name: only
// a-z, 0-9 and "-" (never a path).
func isID(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if !idByte(s[i]) {
			return false
		}
	}
	return true
}

// relationsChanged reports whether an agreement's relations differ between
// the merge base and the head (any relations, for an added one).
func (s *Set) relationsChanged(r Record) bool {
	f, ok := record.Classify(r.Path)
	if !ok || f.Kind != record.Agreement {
		return false
	}
	relations := func(d *record.Document) any {
		if d == nil {
			return nil
		}
		return d.Value["relations"]
	}
	return !reflect.DeepEqual(relations(s.doc(old, r.OldPath)), relations(s.doc(head, r.Path)))
}

// namesAny reports whether data holds one of ids as a whole id: not part
// of a longer one (ids are made of a-z, 0-9 and "-").
func namesAny(data []byte, ids [][]byte) bool {
	for _, id := range ids {
		for rest, off := data, 0; ; {
			i := bytes.Index(rest, id)
			if i < 0 {
				break
			}
			start, end := off+i, off+i+len(id)
			if (start == 0 || !idByte(data[start-1])) && (end == len(data) || !idByte(data[end])) {
				return true
			}
			rest, off = data[start+1:], start+1
		}
	}
	return false
}

func idByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' }

// side names the two versions of a record a change compares.
type side int

const (
	old  side = iota // at the merge base
	head             // in the change
)

// doc returns the parsed record at p on one side, or nil when it cannot
// be read or parsed. Each file is read and parsed once per run, whichever
// rule asks first.
func (s *Set) doc(sd side, p string) *record.Document {
	if p == "" {
		return nil
	}
	key := fmt.Sprint(sd) + p
	if d, ok := s.docs[key]; ok {
		return d
	}
	fsys := s.OldFS
	if sd == head {
		fsys = s.HeadFS
	}
	var d *record.Document
	if f, ok := record.Classify(p); ok {
		if data, ok := readRecord(fsys, p); ok {
			d, _ = record.Parse(p, f.Kind, data)
		}
	}
	if s.docs == nil {
		s.docs = map[string]*record.Document{}
	}
	s.docs[key] = d
	return d
}

// id returns the id a record has on one side ("" when none).
func (s *Set) id(sd side, p string) string {
	d := s.doc(sd, p)
	if d == nil {
		return ""
	}
	id, _ := d.Value["id"].(string)
	return id
}

func stem(p string) string { return strings.TrimSuffix(path.Base(p), ".yaml") }

func (s *Set) historyRules() []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range s.Records {
		switch r.Action {
		case Deleted:
			hint := message.New("hint.history-deleted", "file", r.OldPath)
			if f, ok := record.Classify(r.OldPath); ok && f.Kind == record.Organization {
				hint = message.New("hint.history-deleted-organization", "file", r.OldPath)
			}
			out = append(out, diag.Diagnostic{File: r.OldPath, Rule: RuleDeleted,
				Message: message.New(RuleDeleted, "id", strconv.Quote(stem(r.OldPath))), Hint: hint})
		case Renamed:
			line, col := s.doc(head, r.Path).Position("/id", false)
			out = append(out, diag.Diagnostic{File: r.Path, Line: line, Column: col, Rule: RuleIDChanged, Pointer: ptrIf(line),
				Message: message.New(RuleIDChanged, "old", strconv.Quote(stem(r.OldPath)), "new", strconv.Quote(stem(r.Path))),
				Hint:    message.New("hint.history-renamed", "file", r.OldPath)})
		case Modified:
			oldID, newID := s.id(old, r.OldPath), s.id(head, r.Path)
			if oldID != "" && newID != "" && oldID != newID {
				line, col := s.doc(head, r.Path).Position("/id", false)
				out = append(out, diag.Diagnostic{File: r.Path, Line: line, Column: col, Rule: RuleIDChanged, Pointer: "/id",
					Message: message.New(RuleIDChanged, "old", strconv.Quote(oldID), "new", strconv.Quote(newID)),
					Hint:    message.New("hint.history-id-edited", "id", strconv.Quote(oldID))})
			}
		}
	}
	// One warning per folder of rules, on its first changed file.
	seen := map[string]bool{}
	for _, f := range s.RuleFiles {
		area, _, _ := strings.Cut(f, "/")
		if seen[area] {
			continue
		}
		seen[area] = true
		name := area
		if area != f { // a folder
			name += "/"
		}
		out = append(out, diag.Diagnostic{File: f, Severity: diag.Warning, Rule: RuleRulesChanged,
			Message: message.New(RuleRulesChanged, "area", name)})
	}
	return out
}

func rank(d diag.Diagnostic) int {
	if d.Rule == RuleRulesChanged {
		return 0
	}
	return 1
}

func ptrIf(line int) string {
	if line == 0 {
		return ""
	}
	return "/id"
}

// baseSchema checks the changed records against the base branch's schema
// and returns what it refuses that the head's schema accepted: a change
// that loosens the schema cannot vouch for its own records.
func (s *Set) baseSchema(already []diag.Diagnostic) ([]diag.Diagnostic, error) {
	if _, err := fs.Stat(s.BaseFS, schema.Dir); err != nil {
		return nil, nil // the base has no schema yet
	}
	if sameFolder(s.BaseFS, s.HeadFS, schema.Dir) {
		// The same schemas refuse the same things, all reported already.
		return nil, nil
	}
	base, err := schema.Load(s.BaseFS)
	if err != nil {
		return nil, fmt.Errorf("the base branch's schema: %w", err)
	}
	seen := map[string]bool{}
	for _, d := range already {
		seen[d.File+"\x00"+d.Pointer+"\x00"+d.Rule] = true
	}
	var out []diag.Diagnostic
	for _, r := range s.Records {
		if r.Path == "" {
			continue
		}
		doc := s.doc(head, r.Path)
		if doc == nil {
			continue
		}
		for _, d := range base.Validate(doc) {
			if seen[d.File+"\x00"+d.Pointer+"\x00"+d.Rule] {
				continue
			}
			out = append(out, diag.Diagnostic{File: d.File, Line: d.Line, Column: d.Column, Rule: RuleBaseSchema,
				Pointer: d.Pointer, Message: message.New(RuleBaseSchema, "detail", d.Body(), "rule", d.Rule)})
		}
	}
	return out, nil
}

// sameFolder reports whether dir holds the same files with the same bytes
// (its subfolders aside) in a and b; false when either cannot be read.
func sameFolder(a, b fs.FS, dir string) bool {
	ea, err := fs.ReadDir(a, dir)
	if err != nil {
		return false
	}
	eb, err := fs.ReadDir(b, dir)
	if err != nil || len(ea) != len(eb) {
		return false
	}
	for i := range ea {
		if ea[i].Name() != eb[i].Name() || ea[i].IsDir() != eb[i].IsDir() {
			return false
		}
		if ea[i].IsDir() {
			continue
		}
		p := path.Join(dir, ea[i].Name())
		da, err := fs.ReadFile(a, p)
		if err != nil {
			return false
		}
		db, err := fs.ReadFile(b, p)
		if err != nil || !bytes.Equal(da, db) {
			return false
		}
	}
	return true
}
