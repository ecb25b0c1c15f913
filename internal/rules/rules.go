package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
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

// Checker runs every rule over a registry. It is the one way to run
// them: New with every record file (their names are the ids that exist),
// Add with each record's Facts as it is read, in any order and from any
// number of goroutines, then Finish for the rules across records.
//
// Add runs the rules that need one record and keeps only what the rules
// across records need of it (for most records, where its id was written
// and its relations' targets), so that a large registry is checked
// without keeping every record's facts.
type Checker struct {
	asOf   time.Time
	region map[string]bool
	files  []record.File
	sorted map[record.Kind]idList
	// near finds the id nearest to a missing one, per kind, made when a
	// rule first asks.
	nearOnce sync.Once
	near     map[record.Kind]*suggest.Finder

	mu   sync.Mutex
	kept []kept
	// whole holds the Facts kept whole (kept.whole is a place in it,
	// plus one): few records, and an array of kept without pointers,
	// which the collector need not mark.
	whole []*Facts
	// used holds the organisations some agreement names as a party;
	// partial is set when an agreement could not be read, so that its
	// parties are unknown.
	used    map[string]bool
	partial bool
	// rels holds the relations of every plain agreement, each kept
	// pointing at its own run of them: one array without pointers, where a
	// slice per record was an object per record for the collector to mark.
	rels []keptRelation
	// dups are what record.possible-duplicate compares of every record;
	// notDup, the not_duplicate_of lists, by file, of the few that have one.
	dups   []dupKey
	notDup map[int32][]string
}

// Pass is what a rule sees: the records it looks at and the settings of
// the run. Rules report through it.
type Pass struct {
	// Records are the records a rule on one record looks at (one), or
	// those kept whole for the rules across records.
	Records []*Facts
	// AsOf is the day against which "in force but ended" is judged.
	AsOf time.Time
	// Region is LACNIC's service region, as the schema documents it.
	Region map[string]bool

	c     *Checker
	diags []diag.Diagnostic
	// file and dups are, on one record, its place among the files and
	// what record.possible-duplicate will compare of it.
	file int32
	dups []dupKey
}

// kept is what the rules across records need of one record once Add has
// run. For most records it is where the id was written and the
// relations' targets; the Facts are kept (without their Fields) for an
// organisation, a record whose id is not its file's name, and one that
// could not be read.
type kept struct {
	// whole is, for a record whose Facts are kept, their place in
	// Checker.whole plus one; 0 for a plain record.
	whole int32
	// A plain agreement's relations: Checker.rels[relStart:relStart+relCount].
	relStart, relCount int32
	line, column       int32
	added              bool
}

// keptRelation is a relation of a plain agreement: its target, an
// existing agreement (its place among the sorted agreement ids), and where
// it was written.
type keptRelation struct {
	target       int32
	index        int32
	line, column int32
}

// New prepares a run over files, every record file of the registry sorted
// by path (as record.List returns them).
func New(files []record.File, asOf time.Time, region []string) *Checker {
	c := &Checker{asOf: asOf, region: map[string]bool{}, used: map[string]bool{}, files: files,
		kept: make([]kept, len(files)), notDup: map[int32][]string{}}
	for _, code := range region {
		c.region[code] = true
	}
	// The ids that exist are the file names, sorted and searched rather
	// than put in a map, which costs more memory on a large registry.
	byKind := map[record.Kind][]string{}
	for _, f := range files {
		byKind[f.Kind] = append(byKind[f.Kind], f.Stem())
	}
	c.sorted = map[record.Kind]idList{}
	for k, ids := range byKind {
		slices.Sort(ids)
		c.sorted[k] = packIDs(slices.Compact(ids))
	}
	return c
}

// idList is the ids of one kind of record, sorted: one string and where
// each id ends in it, rather than a string each, so that it holds one
// pointer for the collector to mark on a large registry, not one an id.
type idList struct {
	text string
	ends []int32
}

func packIDs(ids []string) idList {
	var b strings.Builder
	l := idList{ends: make([]int32, len(ids))}
	for i, id := range ids {
		b.WriteString(id)
		l.ends[i] = int32(b.Len())
	}
	l.text = b.String()
	return l
}

// id returns the i-th id.
func (l idList) id(i int) string {
	start := int32(0)
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.text[start:l.ends[i]]
}

// find returns the place of id in the list and whether it is there.
func (l idList) find(id string) (int, bool) {
	// sort.Find's, with the comparison written in: it runs for every
	// reference of every record.
	lo, hi := 0, len(l.ends)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if l.id(mid) < id {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(l.ends) && l.id(lo) == id
}

// Exists reports whether a record of kind k has id (a file of that name).
func (p *Pass) Exists(k record.Kind, id string) bool {
	_, ok := p.c.sorted[k].find(id)
	return ok
}

// nearest returns the id of kind k nearest to a missing one, if one is
// near enough.
func (c *Checker) nearest(k record.Kind, id string) (string, bool) {
	c.nearOnce.Do(func() {
		c.near = map[record.Kind]*suggest.Finder{}
		for _, k := range []record.Kind{record.Agreement, record.Organization} {
			l := c.sorted[k]
			ids := make([]string, len(l.ends))
			for i := range ids {
				ids[i] = l.id(i)
			}
			c.near[k] = suggest.NewFinder(ids)
		}
	})
	return c.near[k].Nearest(id)
}

// Report records a problem found by rule r in record f at value at.
func (p *Pass) Report(r *Rule, f *Facts, at Value, msg, hint message.Text) {
	p.diags = append(p.diags, diag.Diagnostic{
		File: f.File, Line: at.Line, Column: at.Column, Severity: r.Severity,
		Rule: r.ID, Pointer: at.Pointer, Message: msg, Hint: hint,
	})
}

// Add runs the rules on one record, f, whose file is one of those given
// to New, and returns what they found. A record known by its file name
// only (not read) is given as Extract(file, nil). A panic in a rule is
// reported on the file (diag.RulePanic), and the record still counts for
// the rules across records. Add is safe for concurrent use.
func (c *Checker) Add(f *Facts) []diag.Diagnostic {
	i, ok := slices.BinarySearchFunc(c.files, f.File, func(file record.File, path string) int { return strings.Compare(file.Path, path) })
	if !ok {
		panic("rules: Add of a file not given to New: " + f.File)
	}
	if !f.Parsed {
		// Unreadable: no rule on one record has anything to look at, and
		// what the rules across records need is the name.
		f.Fields = nil
		c.mu.Lock()
		c.kept[i] = kept{whole: c.keepWhole(f), added: true}
		if f.Kind == record.Agreement {
			c.partial = true
		}
		c.mu.Unlock()
		return nil
	}
	if f.Fields == nil {
		f.Fields = &Fields{}
	}
	one := &Pass{Records: []*Facts{f}, AsOf: c.asOf, Region: c.region, c: c, file: int32(i)}
	if crashed := one.runLocal(); crashed != nil {
		f.Fields = nil
		c.mu.Lock()
		c.kept[i] = kept{whole: c.keepWhole(f), line: int32(f.ID.Line), column: int32(f.ID.Column), added: true}
		c.mu.Unlock()
		return []diag.Diagnostic{*crashed}
	}
	k := kept{line: int32(f.ID.Line), column: int32(f.ID.Column), added: true}
	plain := f.Kind == record.Agreement && f.Parsed && f.ID.Pointer != "" && f.ID.Text == f.Stem
	var targets []int32
	if plain {
		targets, plain = c.plainRelations(f.Relations)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dups = append(c.dups, one.dups...)
	if f.Fields != nil && len(f.NotDuplicateOf) > 0 {
		c.notDup[int32(i)] = f.NotDuplicateOf
	}
	if f.Kind == record.Agreement {
		if !f.Parsed {
			c.partial = true
		} else {
			for _, v := range f.Parties {
				// Read before writing: most parties are already there,
				// and a write to the shared map moves its memory between
				// the cores.
				if !c.used[v.Text] {
					c.used[v.Text] = true
				}
			}
		}
	}
	f.Fields = nil
	if !plain {
		k.whole = c.keepWhole(f)
		c.kept[i] = k
		return one.diags
	}
	k.relStart, k.relCount = int32(len(c.rels)), int32(len(targets))
	for j, rel := range f.Relations {
		c.rels = append(c.rels, keptRelation{target: targets[j], index: int32(j),
			line: int32(rel.Target.Line), column: int32(rel.Target.Column)})
	}
	c.kept[i] = k
	return one.diags
}

// keepWhole keeps f whole and returns its kept.whole; c.mu is held.
func (c *Checker) keepWhole(f *Facts) int32 {
	c.whole = append(c.whole, f)
	return int32(len(c.whole))
}

// wholeFacts returns the Facts kept whole of file i, or nil for a plain
// record.
func (c *Checker) wholeFacts(i int) *Facts {
	if w := c.kept[i].whole; w > 0 {
		return c.whole[w-1]
	}
	return nil
}

// runLocal runs the rules on one record; a panic in one is returned as a
// diagnostic on the record's file.
func (p *Pass) runLocal() (crashed *diag.Diagnostic) {
	f := p.Records[0]
	defer func() {
		if v := recover(); v != nil {
			crashed = &diag.Diagnostic{File: f.File, Rule: diag.RulePanic, Message: message.New(diag.RulePanic, "detail", fmt.Sprint(v))}
		}
	}()
	for i := range All {
		if All[i].local {
			All[i].Run(p, &All[i])
		}
	}
	p.dups = dupKeys(p.file, f)
	return nil
}

// plainRelations reports whether relations are as keptRelation can say
// them again: relations[i].agreement for the i-th, naming an existing
// agreement; and returns the targets' places among the agreement ids.
func (c *Checker) plainRelations(rels []Relation) ([]int32, bool) {
	if len(rels) == 0 {
		return nil, true
	}
	ids := c.sorted[record.Agreement]
	targets := make([]int32, len(rels))
	for i, rel := range rels {
		if rel.Target.Pointer != relationPointer(i) {
			return nil, false
		}
		j, ok := ids.find(rel.Target.Text)
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
	c := p.c
	if f := c.wholeFacts(i); f != nil {
		return f.Relations
	}
	k := c.kept[i]
	ids := c.sorted[record.Agreement]
	out := make([]Relation, k.relCount)
	for j, r := range c.rels[k.relStart : k.relStart+k.relCount] {
		out[j] = Relation{Target: Value{Text: ids.id(int(r.target)), Pointer: relationPointer(int(r.index)), Line: int(r.line), Column: int(r.column)}}
	}
	return out
}

// facts returns the Facts of file i for the rules across records: those
// kept, or for a plain record, its name and where its id was written.
func (p *Pass) facts(i int) *Facts {
	c := p.c
	if f := c.wholeFacts(i); f != nil {
		return f
	}
	stem := c.files[i].Stem()
	return &Facts{File: c.files[i].Path, Kind: c.files[i].Kind, Stem: stem, Parsed: true,
		ID: Value{Text: stem, Pointer: "/id", Line: int(c.kept[i].line), Column: int(c.kept[i].column)}}
}

// Finish runs the rules across records, once every record was added. A
// file never added counts as a record that could not be read.
func (c *Checker) Finish() []diag.Diagnostic {
	for i := range c.kept {
		if !c.kept[i].added {
			c.Add(Extract(c.files[i], nil))
		}
	}
	all := &Pass{AsOf: c.asOf, Region: c.region, c: c}
	for i := range c.kept {
		if f := c.wholeFacts(i); f != nil {
			all.Records = append(all.Records, f)
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
	RuleActionOrder   = "record.action-order"
	RuleInForceEnded  = "record.in-force-ended"
	RuleOutsideRegion = "record.country-outside-region"
	RuleUnknownOrg    = "ref.unknown-organization"
	RuleNotAParty     = "ref.not-a-party"
	RuleUnknownAgrmt  = "ref.unknown-agreement"
	RuleRelationCycle = "ref.relation-cycle"
	RuleUnusedOrg     = "ref.unused-organization"
	RuleInsecureURL   = "record.insecure-url"
)

// All is every rule across records, in the order they run.
var All = []Rule{
	{diag.Rule{ID: RuleIDMismatch}, checkIDMismatch, true},
	{diag.Rule{ID: RuleIDDuplicate}, checkIDDuplicate, false},
	{diag.Rule{ID: RuleDateOrder}, checkDateOrder, true},
	{diag.Rule{ID: RuleActionOrder}, checkActionOrder, true},
	{diag.Rule{ID: RuleInForceEnded, Severity: diag.Warning}, checkInForceEnded, true},
	{diag.Rule{ID: RuleOutsideRegion, Severity: diag.Warning}, checkRegion, true},
	{diag.Rule{ID: RuleUnknownOrg}, checkUnknownOrganization, true},
	{diag.Rule{ID: RuleNotAParty}, checkNotAParty, true},
	{diag.Rule{ID: RuleUnknownAgrmt}, checkUnknownAgreement, true},
	{diag.Rule{ID: RuleRelationCycle}, checkRelationCycle, false},
	{diag.Rule{ID: RuleUnusedOrg, Severity: diag.Warning}, checkUnusedOrganization, false},
	{diag.Rule{ID: RuleDuplicate, Severity: diag.Warning}, checkDuplicates, false},
	{diag.Rule{ID: RuleInsecureURL, Severity: diag.Warning}, checkInsecureURL, true},
}

// Descriptions returns the rules of this layer as diag.Rule values.
func Descriptions() []diag.Rule {
	out := make([]diag.Rule, len(All))
	for i, r := range All {
		out[i] = r.Rule
	}
	return out
}

func quote(s string) string { return strconv.Quote(s) }
