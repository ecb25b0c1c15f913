package rules

import (
	"maps"
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

// Pass is what a rule sees: the records' Facts, sorted by file, and the
// settings of the run. Rules report through it.
//
// A pass runs in two steps, so that a large registry can be checked
// without keeping every record's facts: Local runs the rules that need one
// record (and the ids that exist, known from the file names) as each
// record is read, and keeps of it only what the rules across records
// need; Finish runs those on what was kept.
type Pass struct {
	Records []*Facts
	// AsOf is the day against which "in force but ended" is judged.
	AsOf time.Time
	// Region is LACNIC's service region, as the schema documents it.
	Region map[string]bool

	diags  []diag.Diagnostic
	ids    map[record.Kind]map[string]bool
	sorted map[record.Kind][]string

	mu sync.Mutex
	// used holds the organisations some agreement names as a party;
	// partial is set when an agreement could not be read, so that its
	// parties are unknown.
	used    map[string]bool
	partial bool
}

// NewPass prepares a pass over records (in any order); Run runs it.
func NewPass(records []*Facts, asOf time.Time, region []string) *Pass {
	stems := make([]record.File, len(records))
	for i, f := range records {
		stems[i] = record.File{Path: f.File, Kind: f.Kind}
	}
	p := Begin(stems, asOf, region)
	p.Records = records
	return p
}

// Begin prepares a pass whose records are given one at a time to Local:
// files are every record file, whose names are the ids that exist.
func Begin(files []record.File, asOf time.Time, region []string) *Pass {
	p := &Pass{AsOf: asOf, Region: map[string]bool{}, used: map[string]bool{}}
	for _, c := range region {
		p.Region[c] = true
	}
	p.ids = map[record.Kind]map[string]bool{record.Agreement: {}, record.Organization: {}}
	for _, f := range files {
		p.ids[f.Kind][f.Stem()] = true
	}
	p.sorted = map[record.Kind][]string{}
	for k, ids := range p.ids {
		p.sorted[k] = slices.Sorted(maps.Keys(ids))
	}
	return p
}

// Exists reports whether a record of kind k has id (a file of that name).
func (p *Pass) Exists(k record.Kind, id string) bool { return p.ids[k][id] }

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
	for _, f := range p.Records {
		ds = append(ds, p.Local(f)...)
	}
	return append(ds, p.Finish(p.Records)...)
}

// Local runs the rules on one record, f, and then lets go of its Fields.
// It is safe for concurrent use.
func (p *Pass) Local(f *Facts) []diag.Diagnostic {
	if f.Fields == nil {
		f.Fields = &Fields{} // a record known by its name only
	}
	one := &Pass{Records: []*Facts{f}, AsOf: p.AsOf, Region: p.Region, ids: p.ids, sorted: p.sorted}
	for i := range All {
		if All[i].local {
			All[i].Run(one, &All[i])
		}
	}
	p.mu.Lock()
	if f.Kind == record.Agreement {
		if !f.Parsed {
			p.partial = true
		} else {
			for _, v := range f.Parties {
				p.used[v.Text] = true
			}
		}
	}
	p.mu.Unlock()
	f.Fields = nil
	if f.ID.Text == f.Stem {
		f.ID.Text = f.Stem // the file's name, rather than a copy of it
	}
	return one.diags
}

// Finish runs the rules across records on every record given to Local.
func (p *Pass) Finish(records []*Facts) []diag.Diagnostic {
	sort.Slice(records, func(i, j int) bool { return records[i].File < records[j].File })
	all := &Pass{Records: records, AsOf: p.AsOf, Region: p.Region, ids: p.ids, sorted: p.sorted,
		used: p.used, partial: p.partial}
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
	first := map[record.Kind]map[string]*Facts{record.Agreement: {}, record.Organization: {}}
	for _, f := range p.Records {
		for _, id := range uniqueStrings(f.Stem, f.ID.Text) {
			key := strings.ToLower(id)
			prev, seen := first[f.Kind][key]
			if !seen {
				first[f.Kind][key] = f
				continue
			}
			if prev != f {
				p.Report(r, f, f.At(), message.New(RuleIDDuplicate, "id", quote(id), "other", prev.File), message.Text{})
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
	byID := map[string]*Facts{}
	for _, f := range p.Records {
		if f.Kind == record.Agreement && f.Parsed {
			byID[f.Stem] = f
		}
	}
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = active
		stack = append(stack, id)
		f := byID[id]
		for _, rel := range f.Relations {
			t := rel.Target.Text
			if _, ok := byID[t]; !ok {
				continue
			}
			switch state[t] {
			case unseen:
				visit(t)
			case active:
				i := len(stack) - 1
				for stack[i] != t {
					i--
				}
				path := append(append([]string{}, stack[i:]...), t)
				p.Report(r, f, rel.Target, message.New(RuleRelationCycle, "cycle", strings.Join(path, " → ")), message.Text{})
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, f := range p.Records {
		if byID[f.Stem] == f && state[f.Stem] == unseen {
			visit(f.Stem)
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
