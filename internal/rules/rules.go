package rules

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/schema"
	"agreements/internal/suggest"
)

// Rule is one check across records.
type Rule struct {
	diag.Rule
	Run func(p *Pass, r *Rule)
	// local is set for a rule that looks at one record at a time (and
	// at which ids exist).
	local bool
}

// Pass is what a rule sees: the records' Facts and the settings of the
// run. Rules report through it.
//
// A pass runs in two steps, so that a large registry can be checked
// without keeping every record's facts: Local runs the rules that need one
// record (and the ids that exist, known from the file names) as each
// record is read, and returns a Kept, what the rules across records need
// of it (for most records, only where its id was written); Finish runs
// those rules on the Kept of every file.
type Pass struct {
	// Records are the records a local rule looks at (one), or those kept
	// whole for the rules across records.
	Records []*Facts
	// AsOf is the day against which "in force but ended" is judged.
	AsOf time.Time
	// Region is LACNIC's service region, as the schema documents it.
	Region map[string]bool

	diags  []diag.Diagnostic
	files  []record.File
	kept   []Kept
	sorted map[record.Kind][]string

	mu sync.Mutex
	// used holds the organisations some agreement names as a party;
	// partial is set when an agreement could not be read, so that its
	// parties are unknown.
	used    map[string]bool
	partial bool
	// rels holds the relations of every plain agreement, each Kept
	// pointing at its own run of them: one array without pointers, where a
	// slice per record was 100,000 objects for the collector to mark at
	// every cycle on 100,000 records.
	rels []keptRelation
}

// Kept is what the rules across records need of one record once Local
// has run. For most records it is where the id was written and the
// relations' targets; the Facts are kept (without their Fields) for an
// organisation, a record whose id is not its file's name, and one that
// could not be read.
type Kept struct {
	facts *Facts
	// A plain agreement's relations: Pass.rels[relStart:relStart+relCount].
	relStart, relCount int32
	line, column       int32
}

// keptRelation is a relation of a plain agreement: its target, an
// existing agreement (its place among the sorted agreement ids), and where
// it was written.
type keptRelation struct {
	target       int32
	index        int32
	line, column int32
}

// Keep returns a Kept that holds f whole (its Fields let go): for a
// record whose local rules could not finish.
func Keep(f *Facts) Kept {
	f.Fields = nil
	return Kept{facts: f, line: int32(f.ID.Line), column: int32(f.ID.Column)}
}

// NewPass prepares a pass over records (in any order); Run runs it.
func NewPass(records []*Facts, asOf time.Time, region []string) *Pass {
	sort.Slice(records, func(i, j int) bool { return records[i].File < records[j].File })
	files := make([]record.File, len(records))
	for i, f := range records {
		files[i] = record.File{Path: f.File, Kind: f.Kind}
	}
	p := Begin(files, asOf, region)
	p.Records = records
	return p
}

// Begin prepares a pass whose records are given one at a time to Local:
// files are every record file, whose names are the ids that exist, in the
// order Finish will get their Kept.
func Begin(files []record.File, asOf time.Time, region []string) *Pass {
	p := &Pass{AsOf: asOf, Region: map[string]bool{}, used: map[string]bool{}, files: files}
	for _, c := range region {
		p.Region[c] = true
	}
	// The ids that exist are the file names, sorted and searched rather
	// than put in a map: at 100,000 records a map cost 5 MB more.
	p.sorted = map[record.Kind][]string{}
	for _, f := range files {
		p.sorted[f.Kind] = append(p.sorted[f.Kind], f.Stem())
	}
	for k, ids := range p.sorted {
		slices.Sort(ids)
		p.sorted[k] = slices.Compact(ids)
	}
	return p
}

// Exists reports whether a record of kind k has id (a file of that name).
func (p *Pass) Exists(k record.Kind, id string) bool {
	_, ok := slices.BinarySearch(p.sorted[k], id)
	return ok
}

// IDs returns the ids of records of kind k, sorted.
func (p *Pass) IDs(k record.Kind) []string { return p.sorted[k] }

// Report records a problem found by rule r in record f at value at.
func (p *Pass) Report(r *Rule, f *Facts, at Value, msg, hint message.Text) {
	p.diags = append(p.diags, diag.Diagnostic{
		File: f.File, Line: at.Line, Column: at.Column, Severity: r.Severity,
		Rule: r.ID, Pointer: at.Pointer, Message: msg, Hint: hint,
	})
}

// Run runs every rule on Records and returns what they found.
func (p *Pass) Run() []diag.Diagnostic {
	var ds []diag.Diagnostic
	kept := make([]Kept, len(p.Records))
	for i, f := range p.Records {
		var d []diag.Diagnostic
		d, kept[i] = p.Local(f)
		ds = append(ds, d...)
	}
	return append(ds, p.Finish(kept)...)
}

// Local runs the rules on one record, f, and returns what they found and
// what the rules across records need of it. It is safe for concurrent
// use.
func (p *Pass) Local(f *Facts) ([]diag.Diagnostic, Kept) {
	if f.Fields == nil {
		f.Fields = &Fields{} // a record known by its name only
	}
	one := &Pass{Records: []*Facts{f}, AsOf: p.AsOf, Region: p.Region, sorted: p.sorted}
	for i := range All {
		if All[i].local {
			All[i].Run(one, &All[i])
		}
	}
	k := Kept{line: int32(f.ID.Line), column: int32(f.ID.Column)}
	plain := f.Kind == record.Agreement && f.Parsed && f.ID.Pointer != "" && f.ID.Text == f.Stem
	var targets []int32
	if plain {
		targets, plain = p.plainRelations(f.Relations)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if f.Kind == record.Agreement {
		if !f.Parsed {
			p.partial = true
		} else {
			for _, v := range f.Parties {
				// Read before writing: most parties are already there,
				// and a write to the shared map moves its memory between
				// the cores.
				if !p.used[v.Text] {
					p.used[v.Text] = true
				}
			}
		}
	}
	f.Fields = nil
	if !plain {
		k.facts = f
		return one.diags, k
	}
	k.relStart, k.relCount = int32(len(p.rels)), int32(len(targets))
	for i, rel := range f.Relations {
		p.rels = append(p.rels, keptRelation{target: targets[i], index: int32(i),
			line: int32(rel.Target.Line), column: int32(rel.Target.Column)})
	}
	return one.diags, k
}

// plainRelations reports whether relations are as keptRelation can say
// them again: relations[i].agreement for the i-th, naming an existing
// agreement; and returns the targets' places among the agreement ids.
func (p *Pass) plainRelations(rels []Relation) ([]int32, bool) {
	if len(rels) == 0 {
		return nil, true
	}
	ids := p.sorted[record.Agreement]
	targets := make([]int32, len(rels))
	for i, rel := range rels {
		if rel.Target.Pointer != relationPointer(i) {
			return nil, false
		}
		j, ok := slices.BinarySearch(ids, rel.Target.Text)
		if !ok {
			return nil, false
		}
		targets[i] = int32(j)
	}
	return targets, true
}

func relationPointer(i int) string { return "/relations/" + strconv.Itoa(i) + "/agreement" }

// relations returns file i's relations, for the rules across records.
func (p *Pass) relations(i int) []Relation {
	if f := p.kept[i].facts; f != nil {
		return f.Relations
	}
	k := p.kept[i]
	ids := p.sorted[record.Agreement]
	out := make([]Relation, k.relCount)
	for j, r := range p.rels[k.relStart : k.relStart+k.relCount] {
		out[j] = Relation{Target: Value{Text: ids[r.target], Pointer: relationPointer(int(r.index)), Line: int(r.line), Column: int(r.column)}}
	}
	return out
}

// facts returns the Facts of file i for the rules across records: those
// kept, or for a plain record, its name and where its id was written.
func (p *Pass) facts(i int) *Facts {
	if f := p.kept[i].facts; f != nil {
		return f
	}
	stem := p.files[i].Stem()
	return &Facts{File: p.files[i].Path, Kind: p.files[i].Kind, Stem: stem, Parsed: true,
		ID: Value{Text: stem, Pointer: "/id", Line: int(p.kept[i].line), Column: int(p.kept[i].column)}}
}

// Finish runs the rules across records. kept holds what Local returned
// for each file given to Begin, in the same order.
func (p *Pass) Finish(kept []Kept) []diag.Diagnostic {
	all := &Pass{AsOf: p.AsOf, Region: p.Region, sorted: p.sorted,
		files: p.files, kept: kept, used: p.used, partial: p.partial, rels: p.rels}
	for _, k := range kept {
		if k.facts != nil {
			all.Records = append(all.Records, k.facts)
		}
	}
	for i := range All {
		if !All[i].local {
			All[i].Run(all, &All[i])
		}
	}
	return all.diags
}

// Rule ids of the record and reference layers.
const (
	RuleIDMismatch    = "record.id-mismatch"
	RuleIDDuplicate   = "record.id-duplicate"
	RuleDateOrder     = "record.date-order"
	RuleInForceEnded  = "record.in-force-ended"
	RuleOutsideRegion = "record.country-outside-region"
	RuleUnknownOrg    = "ref.unknown-organization"
	RuleNotAParty     = "ref.not-a-party"
	RuleUnknownAgrmt  = "ref.unknown-agreement"
	RuleRelationCycle = "ref.relation-cycle"
	RuleUnusedOrg     = "ref.unused-organization"
)

// All is every rule across records, in the order they run.
var All = []Rule{
	{diag.Rule{ID: RuleIDMismatch}, checkIDMismatch, true},
	{diag.Rule{ID: RuleIDDuplicate}, checkIDDuplicate, false},
	{diag.Rule{ID: RuleDateOrder}, checkDateOrder, true},
	{diag.Rule{ID: RuleInForceEnded, Severity: diag.Warning}, checkInForceEnded, true},
	{diag.Rule{ID: RuleOutsideRegion, Severity: diag.Warning}, checkRegion, true},
	{diag.Rule{ID: RuleUnknownOrg}, checkUnknownOrganization, true},
	{diag.Rule{ID: RuleNotAParty}, checkNotAParty, true},
	{diag.Rule{ID: RuleUnknownAgrmt}, checkUnknownAgreement, true},
	{diag.Rule{ID: RuleRelationCycle}, checkRelationCycle, false},
	{diag.Rule{ID: RuleUnusedOrg, Severity: diag.Warning}, checkUnusedOrganization, false},
}

// Descriptions returns the rules of this layer as diag.Rule values.
func Descriptions() []diag.Rule {
	out := make([]diag.Rule, len(All))
	for i, r := range All {
		out[i] = r.Rule
	}
	return out
}

func checkIDMismatch(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.ID.Pointer == "" || f.ID.Text == f.Stem {
			continue
		}
		// Renaming the file is offered only when the id is a valid one.
		hint := message.New("hint.id-change", "id", quote(f.Stem))
		if record.ValidID(f.ID.Text) {
			hint = message.New("hint.id-mismatch", "id", quote(f.Stem), "file", quote(f.ID.Text+".yaml"))
		}
		p.Report(r, f, f.ID, message.New(RuleIDMismatch, "id", quote(f.ID.Text), "file", quote(f.Stem+".yaml")), hint)
	}
}

// checkIDDuplicate finds ids that differ only in case: on a file system
// that ignores case (macOS, Windows) they would be one file.
func checkIDDuplicate(p *Pass, r *Rule) {
	first := map[record.Kind]map[string]int{record.Agreement: {}, record.Organization: {}}
	for i, file := range p.files {
		stem, id := file.Stem(), file.Stem()
		if k := p.kept[i].facts; k != nil {
			id = k.ID.Text
		}
		for _, id := range uniqueStrings(stem, id) {
			key := strings.ToLower(id)
			prev, seen := first[file.Kind][key]
			if !seen {
				first[file.Kind][key] = i
				continue
			}
			if prev != i {
				f := p.facts(i)
				p.Report(r, f, f.At(), message.New(RuleIDDuplicate, "id", quote(id), "other", p.files[prev].Path), message.Text{})
			}
		}
	}
}

func uniqueStrings(a, b string) []string {
	if b == "" || strings.EqualFold(a, b) {
		return []string{a}
	}
	return []string{a, b}
}

func checkDateOrder(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.End.Pointer == "" {
			continue
		}
		_, endLast, ok := schema.DateRange(f.End.Text)
		if !ok {
			continue
		}
		for _, earlier := range []struct {
			v    Value
			name string
		}{{f.Start, "start"}, {f.Signed, "signed"}} {
			if earlier.v.Pointer == "" {
				continue
			}
			if first, _, ok := schema.DateRange(earlier.v.Text); ok && endLast.Before(first) {
				p.Report(r, f, f.End, message.New(RuleDateOrder, "end", quote(f.End.Text),
					"field", earlier.name, "date", quote(earlier.v.Text)), message.Text{})
			}
		}
	}
}

func checkInForceEnded(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.Status.Text != "in-force" || f.End.Pointer == "" {
			continue
		}
		if _, last, ok := schema.DateRange(f.End.Text); ok && last.Before(p.AsOf) {
			p.Report(r, f, f.Status, message.New(RuleInForceEnded, "end", quote(f.End.Text),
				"asof", p.AsOf.Format("2006-01-02")), message.New("hint.did-you-mean", "value", quote("expired")))
		}
	}
}

func checkRegion(p *Pass, r *Rule) {
	if len(p.Region) == 0 {
		return
	}
	for _, f := range p.Records {
		for _, c := range f.Countries {
			if !p.Region[c.Text] && isCountryCode(c.Text) {
				p.Report(r, f, c, message.New(RuleOutsideRegion, "code", quote(c.Text)), message.Text{})
			}
		}
	}
}

func checkUnknownOrganization(p *Pass, r *Rule) {
	orgs := p.IDs(record.Organization)
	for _, f := range p.Records {
		if f.Kind != record.Agreement {
			continue
		}
		for _, v := range append(append([]Value{}, f.Parties...), f.PartyUses...) {
			if v.Text == "" || p.Exists(record.Organization, v.Text) {
				continue
			}
			hint := message.New("hint.create-organization", "file", record.Dir+"/"+record.Organization.Folder()+"/"+v.Text+".yaml")
			if near, ok := suggest.Nearest(v.Text, orgs); ok {
				hint = message.New("hint.did-you-mean", "value", quote(near))
			}
			p.Report(r, f, v, message.New(RuleUnknownOrg, "id", quote(v.Text)), hint)
		}
	}
}

func checkNotAParty(p *Pass, r *Rule) {
	for _, f := range p.Records {
		if f.Kind != record.Agreement {
			continue
		}
		parties := make([]string, 0, len(f.Parties))
		for _, v := range f.Parties {
			if !slices.Contains(parties, v.Text) {
				parties = append(parties, v.Text)
			}
		}
		for _, v := range f.PartyUses {
			if v.Text == "" || slices.Contains(parties, v.Text) {
				continue
			}
			hint := message.New("hint.allowed", "allowed", strings.Join(parties, ", "))
			if near, ok := suggest.Nearest(v.Text, parties); ok {
				hint = message.New("hint.did-you-mean", "value", quote(near))
			}
			p.Report(r, f, v, message.New(RuleNotAParty, "id", quote(v.Text)), hint)
		}
	}
}

func checkUnknownAgreement(p *Pass, r *Rule) {
	ids := p.IDs(record.Agreement)
	for _, f := range p.Records {
		for _, rel := range f.Relations {
			if rel.Target.Text == "" || p.Exists(record.Agreement, rel.Target.Text) {
				continue
			}
			hint := message.Text{}
			if near, ok := suggest.Nearest(rel.Target.Text, ids); ok {
				hint = message.New("hint.did-you-mean", "value", quote(near))
			}
			p.Report(r, f, rel.Target, message.New(RuleUnknownAgrmt, "id", quote(rel.Target.Text)), hint)
		}
	}
}

// checkRelationCycle reports each relation that closes a cycle (an
// agreement that, following relations, leads back to itself).
func checkRelationCycle(p *Pass, r *Rule) {
	// Every agreement that was read is a node, known by its file's index.
	byID := map[string]int{}
	for i, file := range p.files {
		if file.Kind == record.Agreement {
			if f := p.kept[i].facts; f == nil || f.Parsed {
				byID[file.Stem()] = i
			}
		}
	}
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(i int)
	visit = func(i int) {
		id := p.files[i].Stem()
		state[id] = active
		stack = append(stack, id)
		for _, rel := range p.relations(i) {
			t := rel.Target.Text
			j, ok := byID[t]
			if !ok {
				continue
			}
			switch state[t] {
			case unseen:
				visit(j)
			case active:
				k := len(stack) - 1
				for stack[k] != t {
					k--
				}
				path := append(append([]string{}, stack[k:]...), t)
				p.Report(r, p.facts(i), rel.Target, message.New(RuleRelationCycle, "cycle", strings.Join(path, " → ")), message.Text{})
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for i, file := range p.files {
		if j, ok := byID[file.Stem()]; ok && j == i && state[file.Stem()] == unseen && file.Kind == record.Agreement {
			visit(i)
		}
	}
}

// checkUnusedOrganization needs every agreement's parties: when one is
// known by name only (pull-request mode) or could not be parsed, it says
// nothing rather than guess.
func checkUnusedOrganization(p *Pass, r *Rule) {
	if p.partial {
		return
	}
	for _, f := range p.Records {
		if f.Kind == record.Organization && f.Parsed && !p.used[f.Stem] {
			p.Report(r, f, f.At(), message.New(RuleUnusedOrg, "id", quote(f.Stem)), message.Text{})
		}
	}
}

// isCountryCode reports the shape of an ISO 3166-1 alpha-2 code; a value of
// another shape is the schema's to report.
func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

func quote(s string) string { return strconv.Quote(s) }
