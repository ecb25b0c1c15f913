package change

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"path"
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

// KeptPerFile is what Validate keeps for each record file of the head
// beyond what a validate run keeps: the head's per-file results, which the
// merge base's check reuses (check.Cache), and the head's diagnostics,
// compared with the merge base's. On 10,000 generated agreements the heap
// peaks at about 3 KiB a file above validate's when a quarter of them
// name a renamed organisation.
const KeptPerFile = 4 << 10

// Keeps is the memory Validate needs beyond what a validate run keeps:
// KeptPerFile for each of the head's record files, and the repository's
// cache of decoded objects. The command reserves it in its memory limit
// (collector.Tune) from the start: the limit follows the live heap too, but
// one collection behind, and the head's results grow faster than that.
func (s *Set) Keeps() int64 {
	files, _, err := record.List(s.HeadFS)
	if err != nil {
		return s.repo.CacheBytes()
	}
	return int64(len(files))*KeptPerFile + s.repo.CacheBytes()
}

// Validate checks the change as a reviewer needs it checked. It runs the
// same check as validate over the head's registry, and reports what that
// check says of every record the change adds, modifies or renames, and of
// every other record whose diagnostics the change alters (it names an id
// the change removes, repeats a record the change adds, closes a cycle
// with it, or breaks a changed schema), found by checking the merge base
// too; then the rules that protect history, and the base branch's schema
// on the changed records.
func (s *Set) Validate(asOf time.Time) (diag.Report, error) {
	// The merge base shares all but the changed files with the head: its
	// check parses only those again.
	cache := &check.Cache{}
	headRun, err := check.Run(check.Options{FS: s.HeadFS, AsOf: asOf, Cache: cache})
	if err != nil {
		return diag.Report{}, err
	}
	changed := map[string]bool{}
	scope := &diag.Change{Changed: []string{}, Affected: []string{}}
	for _, r := range s.Records {
		if r.Path != "" {
			changed[r.Path] = true
			scope.Changed = append(scope.Changed, r.Path)
		}
	}
	// Only the unchanged files the head reports on need comparing.
	var unchanged []string
	for _, d := range headRun.Diagnostics {
		if !changed[d.File] && (len(unchanged) == 0 || unchanged[len(unchanged)-1] != d.File) {
			unchanged = append(unchanged, d.File)
		}
	}
	before := s.mergeBaseDiagnostics(asOf, unchanged, cache)
	// A file is affected when the head reports on it something the merge
	// base did not; then all it reports is shown, as validate shows it.
	affected := map[string]bool{}
	for _, d := range headRun.Diagnostics {
		if changed[d.File] || affected[d.File] {
			continue
		}
		if k := key(d); before[k] > 0 {
			before[k]--
			continue
		}
		affected[d.File] = true
		scope.Affected = append(scope.Affected, d.File)
	}
	sort.Strings(scope.Affected)
	var report diag.Report
	for _, d := range headRun.Diagnostics {
		if changed[d.File] || affected[d.File] {
			report.Diagnostics = append(report.Diagnostics, d)
		}
	}
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
	report.Files = len(scope.Changed) + len(scope.Affected)
	report.Total = headRun.Total
	report.Change = scope
	report.Scope = message.New("change.scope", "change", s.Describe().String()).String()
	return report, nil
}

// mergeBaseDiagnostics checks the registry at the merge base, reporting
// on the files named (none: nothing to check), and counts its diagnostics
// by key. When the merge base cannot be checked (it has no records yet, or
// no schema that compiles), it counts none: every diagnostic of the head
// is then reported, which can only say more, never hide one.
func (s *Set) mergeBaseDiagnostics(asOf time.Time, files []string, cache *check.Cache) map[string]int {
	counts := map[string]int{}
	if len(files) == 0 {
		return counts
	}
	run, err := check.Run(check.Options{FS: s.OldFS, Only: files, AsOf: asOf, Cache: cache})
	if err != nil {
		return counts
	}
	for _, d := range run.Diagnostics {
		counts[key(d)]++
	}
	return counts
}

// key identifies a diagnostic on an unchanged file: the same file with the
// same bytes gives the same positions, so a diagnostic of the head with no
// equal at the merge base is one the change brought.
func key(d diag.Diagnostic) string {
	return fmt.Sprintf("%s\x00%d:%d\x00%s\x00%s\x00%s\x00%s", d.File, d.Line, d.Column, d.Severity, d.Rule, d.Pointer, d.Text())
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
	id, _ := d.Value()["id"].(string)
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
