// Package rules holds the checks that look across records (references
// between them, uniqueness of ids) or across the fields of one record in
// ways a JSON Schema cannot say (date order, the file name). Each check is
// a Rule value with a stable id; checks report through a Pass and never
// print.
//
// Checks work on Facts, the few fields of a record they need, with their
// positions. Facts are small, so a large registry can be checked without
// keeping every parsed document in memory.
package rules

import (
	"strconv"
	"strings"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
)

// Value is a string value of a record and where it was written.
type Value struct {
	Text    string
	Pointer string
	Line    int
	Column  int
}

// Relation is one entry of an agreement's relations.
type Relation struct {
	Type   string
	Target Value
}

// Facts is what the checks need to know of one record.
type Facts struct {
	File string
	Kind record.Kind
	// Stem is the file name without .yaml: the id the record must have.
	Stem string
	// Parsed is false when the file could not be read as a record; only
	// File, Kind and Stem are set then (the file still claims its id).
	Parsed bool

	// ID and Relations are what the rules across records need.
	ID        Value
	Relations []Relation

	// Fields are what only the rules on one record need: Checker.Add lets
	// them go, so that a run over many records keeps little of each.
	*Fields
}

// Fields are the facts only the rules on one record need.
type Fields struct {
	Status    Value
	Parties   []Value
	PartyUses []Value // contributions[].by and actions[].party
	Actions   []Action
	Countries []Value
	Signed    Value
	Start     Value
	End       Value
	// InsecureURLs are the sources' http:// addresses that have no
	// archived copy beside them.
	InsecureURLs []Value
	// What record.possible-duplicate compares: an agreement's Spanish
	// title and summary and its sources' addresses; an organisation's
	// names (each language's, and its short name) and website; the ids the
	// record says it does not repeat.
	TitleES   string
	SummaryES string
	// Sources are each source's address and note ("\x00" between them
	// when there is a note).
	Sources        []string
	Names          []string
	Website        string
	NotDuplicateOf []string
}

// Action is one party's act, as record.action-order needs it.
type Action struct {
	Party string
	Act   string
	Date  Value
}

// Extract reads the Facts of a parsed record. It tolerates any shape: a
// field of the wrong type is left empty here, since the schema reports it.
func Extract(f record.File, doc *record.Document) *Facts {
	facts := &Facts{File: f.Path, Kind: f.Kind, Stem: f.Stem(), Fields: &Fields{}}
	if doc == nil {
		return facts
	}
	facts.Parsed = true
	v := doc.Root()
	get := func(n record.Node, name string) record.Node {
		m, _ := n.Get(name)
		return m
	}
	text := func(n record.Node) string {
		if n.Type() != record.String {
			return ""
		}
		return n.Text()
	}
	str := func(n record.Node, ptr string) Value {
		if n.Type() != record.String {
			return Value{}
		}
		return Value{Text: n.Text(), Pointer: ptr, Line: n.Line(), Column: n.Column()}
	}
	list := func(n record.Node, ptr string) []Value {
		var out []Value
		for i, item := range n.Items() {
			if s := str(item, ptr+"/"+strconv.Itoa(i)); s.Pointer != "" {
				out = append(out, s)
			}
		}
		return out
	}
	// field returns, for each object in the list at key, the string field
	// name and its position.
	field := func(key, name string) []Value {
		var out []Value
		for i, item := range get(v, key).Items() {
			if s := str(get(item, name), "/"+key+"/"+strconv.Itoa(i)+"/"+diag.EscapePointer(name)); s.Pointer != "" {
				out = append(out, s)
			}
		}
		return out
	}
	facts.ID = str(get(v, "id"), "/id")
	facts.Status = str(get(v, "status"), "/status")
	facts.Parties = list(get(v, "parties"), "/parties")
	facts.Countries = list(get(v, "countries"), "/countries")
	facts.PartyUses = append(field("contributions", "by"), field("actions", "party")...)
	for i, x := range get(v, "actions").Items() {
		party, act := text(get(x, "party")), text(get(x, "act"))
		date := str(get(x, "date"), "/actions/"+strconv.Itoa(i)+"/date")
		if party != "" && act != "" && date.Pointer != "" {
			facts.Actions = append(facts.Actions, Action{Party: party, Act: act, Date: date})
		}
	}
	for i, r := range get(v, "relations").Items() {
		target := str(get(r, "agreement"), "/relations/"+strconv.Itoa(i)+"/agreement")
		if target.Pointer != "" {
			facts.Relations = append(facts.Relations, Relation{Type: text(get(r, "type")), Target: target})
		}
	}
	for i, x := range get(v, "sources").Items() {
		url := get(x, "url")
		source := text(url)
		if es := text(get(get(x, "note"), "es")); es != "" {
			source += "\x00" + es
		}
		if source != "" {
			facts.Sources = append(facts.Sources, source)
		}
		if _, archived := x.Get("archived_url"); !archived && strings.HasPrefix(source, "http://") {
			facts.InsecureURLs = append(facts.InsecureURLs, str(url, "/sources/"+strconv.Itoa(i)+"/url"))
		}
	}
	facts.TitleES = text(get(get(v, "title"), "es"))
	facts.SummaryES = text(get(get(v, "summary"), "es"))
	name := get(v, "name")
	for _, lang := range message.Languages {
		if s := text(get(name, lang)); s != "" {
			facts.Names = append(facts.Names, s)
		}
	}
	if s := text(get(v, "short_name")); s != "" {
		facts.Names = append(facts.Names, s)
	}
	facts.Website = text(get(v, "website"))
	for _, x := range list(get(v, "not_duplicate_of"), "/not_duplicate_of") {
		facts.NotDuplicateOf = append(facts.NotDuplicateOf, x.Text)
	}
	dates := get(v, "dates")
	facts.Signed = str(get(dates, "signed"), "/dates/signed")
	facts.Start = str(get(dates, "start"), "/dates/start")
	facts.End = str(get(dates, "end"), "/dates/end")
	return facts
}

// At returns the position to report a problem with the record as a whole:
// its id when it has one, else the whole file.
func (f *Facts) At() Value {
	if f.ID.Pointer != "" {
		return f.ID
	}
	return Value{}
}
