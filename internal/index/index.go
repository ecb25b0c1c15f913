// Package index builds the model that readers see: every agreement and
// organisation with its derived fields (organisation names resolved, the
// status as of the build's date, created and updated dates from history,
// the source file) and the counts by facet. It does no I/O: the build
// hands it parsed records and history, and package emit writes it out.
package index

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"agreements/internal/history"
	"agreements/internal/record"
)

// FormatVersion is the version of index.json's shape; it changes when a
// field changes meaning or goes away (adding a field does not change it).
const FormatVersion = 2

// Text is text in Spanish (which prevails), English and Portuguese.
type Text struct {
	ES string `json:"es,omitempty"`
	EN string `json:"en,omitempty"`
	PT string `json:"pt,omitempty"`
}

// In returns the text in lang, falling back to Spanish, then to any
// language present; the second result says whether lang itself was there.
func (t Text) In(lang string) (string, bool) {
	switch {
	case lang == "en" && t.EN != "":
		return t.EN, true
	case lang == "pt" && t.PT != "":
		return t.PT, true
	case lang == "es" && t.ES != "":
		return t.ES, true
	}
	for _, s := range []string{t.ES, t.EN, t.PT} {
		if s != "" {
			return s, false
		}
	}
	return "", false
}

// CommitDate is a commit and its date.
type CommitDate struct {
	Commit string    `json:"commit"`
	Date   time.Time `json:"date"`
}

// Party is an organisation as an agreement names it.
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Contribution is what one party brings.
type Contribution struct {
	By          string `json:"by"`
	ByName      string `json:"by_name"`
	Type        string `json:"type"`
	Description *Text  `json:"description,omitempty"`
}

// Dates are an agreement's dates, as precise as its sources.
type Dates struct {
	Signed string `json:"signed,omitempty"`
	Start  string `json:"start,omitempty"`
	End    string `json:"end,omitempty"`
}

// Place is where an agreement was signed.
type Place struct {
	City    string `json:"city,omitempty"`
	Country string `json:"country"`
}

// Term is how long an agreement lasts and how it renews.
type Term struct {
	Initial string `json:"initial"`
	Renewal string `json:"renewal"`
}

// Action is one party's own act: signing, joining later, withdrawing,
// ratifying.
type Action struct {
	Party       string      `json:"party"`
	PartyName   string      `json:"party_name"`
	Act         string      `json:"act"`
	Date        string      `json:"date,omitempty"`
	Place       *Place      `json:"place,omitempty"`
	Signatories []Signatory `json:"signatories,omitempty"`
}

// Signatory is a person who signed for a party.
type Signatory struct {
	Name string `json:"name"`
	Role Text   `json:"role"`
}

// Relation links two agreements.
type Relation struct {
	Type      string `json:"type"`
	Agreement string `json:"agreement"`
}

// AgreementDocument is a document of an agreement.
type AgreementDocument struct {
	Title    string `json:"title"`
	URL      string `json:"url"`
	Language string `json:"language"`
	SHA256   string `json:"sha256,omitempty"`
}

// Source is where a record's facts come from.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
	Note  *Text  `json:"note,omitempty"`
	// ArchivedURL is an archived copy; Retrieved, when the source was
	// last read as cited.
	ArchivedURL string `json:"archived_url,omitempty"`
	Retrieved   string `json:"retrieved,omitempty"`
}

// Agreement is an agreement as readers see it.
type Agreement struct {
	ID      string `json:"id"`
	Title   Text   `json:"title"`
	Summary Text   `json:"summary"`
	Kind    string `json:"kind"`
	// Status is as the record states it; StatusAsOf, as of the build's
	// date: an agreement in force whose end has passed is expired.
	Status           string              `json:"status"`
	StatusAsOf       string              `json:"status_as_of"`
	Parties          []Party             `json:"parties"`
	Contributions    []Contribution      `json:"contributions,omitempty"`
	Areas            []string            `json:"areas,omitempty"`
	Countries        []string            `json:"countries,omitempty"`
	Dates            *Dates              `json:"dates,omitempty"`
	Year             string              `json:"year,omitempty"`
	Place            *Place              `json:"place,omitempty"`
	Term             *Term               `json:"term,omitempty"`
	Actions          []Action            `json:"actions,omitempty"`
	Relations        []Relation          `json:"relations,omitempty"`
	Documents        []AgreementDocument `json:"documents,omitempty"`
	Sources          []Source            `json:"sources"`
	Notes            *Text               `json:"notes,omitempty"`
	OriginalLanguage string              `json:"original_language,omitempty"`
	File             string              `json:"file"`
	Created          *CommitDate         `json:"created,omitempty"`
	Updated          *CommitDate         `json:"updated,omitempty"`
	// Changes are the commits that changed the record, oldest first (its
	// page's timeline); index.json leaves them out.
	Changes []Revision `json:"-"`
}

// Revision is a commit that changed a record, and the fields it changed
// (none listed for the commit that added it).
type Revision struct {
	CommitDate
	Action string
	Fields []string
}

// Identifier is an organisation's id in another register, by the
// register's org-id.guide code, with the address of its entry there.
type Identifier struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
	URL    string `json:"url,omitempty"`
}

// identifierURLs are the address of an id's entry, by scheme.
var identifierURLs = map[string]string{
	"XI-WIKIDATA": "https://www.wikidata.org/wiki/",
	"XI-ROR":      "https://ror.org/",
	"XI-LEI":      "https://search.gleif.org/#/record/",
}

// Organization is an organisation as readers see it.
type Organization struct {
	ID        string `json:"id"`
	Name      Text   `json:"name"`
	ShortName string `json:"short_name,omitempty"`
	Display   string `json:"display_name"`
	Country   string `json:"country,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Website   string `json:"website,omitempty"`
	// Identifiers are its ids in other registers (an org-id.guide
	// scheme and the id), each with the address of its entry.
	Identifiers []Identifier `json:"identifiers,omitempty"`
	Sources     []Source     `json:"sources"`
	Agreements  []string     `json:"agreements"`
	File        string       `json:"file"`
	Created     *CommitDate  `json:"created,omitempty"`
	Updated     *CommitDate  `json:"updated,omitempty"`
}

// Generated names the commit the index derives from.
type Generated struct {
	Commit string    `json:"commit"`
	Date   time.Time `json:"date"`
}

// Index is everything the published files hold.
type Index struct {
	Format        int        `json:"format"`
	GeneratedFrom *Generated `json:"generated_from"`
	// AsOf is the day statuses are judged against (status_as_of), as
	// YYYY-MM-DD; absent when the build has neither history nor --as-of.
	AsOf          string         `json:"as_of,omitempty"`
	Agreements    []Agreement    `json:"agreements"`
	Organizations []Organization `json:"organizations"`
	// Removed are the records a maintainer deleted, whose ids stay
	// taken and whose addresses readers may still hold; absent without
	// history or when none was.
	Removed []Removed `json:"removed,omitempty"`
}

// Removed is a record that is no longer in the registry: what it was
// called, and the commit that removed it, whose subject says why.
type Removed struct {
	ID string `json:"id"`
	// Kind is "agreement" or "organization".
	Kind string `json:"kind"`
	// Title is an agreement's title, or an organisation's name, as its
	// last version had it (empty when that version did not parse).
	Title   Text       `json:"title"`
	File    string     `json:"file"`
	Removed CommitDate `json:"removed"`
	Reason  string     `json:"reason"`
}

// RemovedRecords is the model of the records the history says were
// removed, in its order (by file).
func RemovedRecords(rs []history.Removal) []Removed {
	out := make([]Removed, 0, len(rs))
	for _, r := range rs {
		x := Removed{ID: r.ID, Kind: r.Kind.String(), File: r.Path,
			Removed: CommitDate{Commit: r.Removed.Commit, Date: r.Removed.Date}, Reason: r.Removed.Subject}
		if last, ok := r.Last.(map[string]any); ok {
			field := "title"
			if r.Kind == record.Organization {
				field = "name"
			}
			// The record was valid when it was merged: a title is a text.
			if data, err := json.Marshal(last[field]); err == nil {
				_ = json.Unmarshal(data, &x.Title)
			}
		}
		out = append(out, x)
	}
	return out
}

// Build makes the readers' model from parsed records (valid ones: the
// build checks first), what the history says of them (each record's
// entry and its timeline by file; none without history), the commit the
// records come from (nil when unknown) and the day statuses are judged
// against. It resolves organisation names, derives statuses and years,
// and sorts everything by id. A record field reaches the model by its
// name in the model's JSON tags: a new field needs a field here.
func Build(docs []record.Encoded, entries []history.Entry, timelines map[string][]history.Event, gen *Generated, asOf time.Time) (*Index, error) {
	dates := make(map[string]history.Entry, len(entries))
	for _, e := range entries {
		dates[e.Path] = e
	}
	ix := &Index{Format: FormatVersion, GeneratedFrom: gen, Agreements: []Agreement{}, Organizations: []Organization{}}
	if !asOf.IsZero() {
		ix.AsOf = asOf.Format("2006-01-02")
	}
	var parties [][]string // of each agreement, as ids
	for _, d := range docs {
		data := d.JSON
		if d.Kind == record.Organization {
			var o Organization
			if err := json.Unmarshal(data, &o); err != nil {
				return nil, fmt.Errorf("%s: %w", d.File, err)
			}
			o.File = d.File
			o.Display = o.ShortName
			if o.Display == "" {
				o.Display, _ = o.Name.In("es")
			}
			o.Agreements = []string{}
			for j := range o.Identifiers {
				if base, ok := identifierURLs[o.Identifiers[j].Scheme]; ok {
					o.Identifiers[j].URL = base + o.Identifiers[j].ID
				}
			}
			o.Created, o.Updated = stamps(dates, o.File)
			ix.Organizations = append(ix.Organizations, o)
			continue
		}
		// The record names its parties by id; the model gives each its name.
		var a struct {
			Agreement
			Parties []string `json:"parties"`
		}
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		a.File = d.File
		ix.Agreements = append(ix.Agreements, a.Agreement)
		parties = append(parties, a.Parties)
	}
	sort.Slice(ix.Organizations, func(i, j int) bool { return ix.Organizations[i].ID < ix.Organizations[j].ID })
	names := make(map[string]string, len(ix.Organizations))
	byID := make(map[string]*Organization, len(ix.Organizations))
	for i := range ix.Organizations {
		o := &ix.Organizations[i]
		names[o.ID], byID[o.ID] = o.Display, o
	}
	for i := range ix.Agreements {
		a := &ix.Agreements[i]
		for _, p := range parties[i] {
			a.Parties = append(a.Parties, Party{ID: p, Name: names[p]})
		}
		for j := range a.Contributions {
			a.Contributions[j].ByName = names[a.Contributions[j].By]
		}
		for j := range a.Actions {
			a.Actions[j].PartyName = names[a.Actions[j].Party]
		}
		a.StatusAsOf = statusAsOf(a.Status, a.Dates, asOf)
		a.Year = year(a.Dates)
		a.Created, a.Updated = stamps(dates, a.File)
		a.Changes = revisions(timelines[a.File])
	}
	sort.Slice(ix.Agreements, func(i, j int) bool { return ix.Agreements[i].ID < ix.Agreements[j].ID })
	for _, a := range ix.Agreements {
		for _, p := range a.Parties {
			// In id order, an agreement naming a party twice comes twice in a row.
			if o := byID[p.ID]; o != nil && (len(o.Agreements) == 0 || o.Agreements[len(o.Agreements)-1] != a.ID) {
				o.Agreements = append(o.Agreements, a.ID)
			}
		}
	}
	return ix, nil
}

func stamps(dates map[string]history.Entry, file string) (*CommitDate, *CommitDate) {
	e, ok := dates[file]
	if !ok {
		return nil, nil
	}
	return &CommitDate{Commit: e.Created.Commit, Date: e.Created.Date}, &CommitDate{Commit: e.Updated.Commit, Date: e.Updated.Date}
}

// revisions returns a timeline as the model keeps it: each commit, its
// action and the paths of the fields it changed.
func revisions(events []history.Event) []Revision {
	var out []Revision
	for _, ev := range events {
		r := Revision{CommitDate: CommitDate{Commit: ev.Commit, Date: ev.Date}, Action: ev.Action}
		for _, f := range ev.Fields {
			r.Fields = append(r.Fields, f.Path)
		}
		out = append(out, r)
	}
	return out
}

// statusAsOf is the status on day asOf: an agreement in force whose end
// date has passed is expired.
func statusAsOf(status string, d *Dates, asOf time.Time) string {
	if status == "in-force" && d != nil && d.End != "" && !asOf.IsZero() {
		if _, last, ok := record.DateRange(d.End); ok && last.Before(asOf) {
			return "expired"
		}
	}
	return status
}

// year is the year an agreement is counted in: of its signature, else of
// its start; "" when it has neither.
func year(d *Dates) string {
	if d == nil {
		return ""
	}
	for _, s := range []string{d.Signed, d.Start} {
		if len(s) >= 4 {
			return s[:4]
		}
	}
	return ""
}

// Facets counts agreements by status (as of the build), kind, contribution
// type, area, country and year ("undated" for those with no year).
type Facets struct {
	Total            int            `json:"total"`
	Status           map[string]int `json:"status"`
	Kind             map[string]int `json:"kind"`
	ContributionType map[string]int `json:"contribution_type"`
	Area             map[string]int `json:"area"`
	Country          map[string]int `json:"country"`
	Year             map[string]int `json:"year"`
}

// Undated is the year key of agreements with neither a signature nor a
// start date.
const Undated = "undated"

// NewFacets returns empty counts.
func NewFacets() Facets {
	return Facets{Status: map[string]int{}, Kind: map[string]int{},
		ContributionType: map[string]int{}, Area: map[string]int{}, Country: map[string]int{}, Year: map[string]int{}}
}

// Add counts one agreement. An agreement counts once per value it has (an
// agreement with two areas counts in both).
func (f *Facets) Add(a *Agreement) {
	f.Total++
	f.Status[a.StatusAsOf]++
	f.Kind[a.Kind]++
	for i, c := range a.Contributions {
		if !slices.ContainsFunc(a.Contributions[:i], func(d Contribution) bool { return d.Type == c.Type }) {
			f.ContributionType[c.Type]++
		}
	}
	for _, x := range a.Areas {
		f.Area[x]++
	}
	for _, x := range a.Countries {
		f.Country[x]++
	}
	y := a.Year
	if y == "" {
		y = Undated
	}
	f.Year[y]++
}

// Facets computes the counts of every agreement.
func (ix *Index) Facets() Facets {
	f := NewFacets()
	for i := range ix.Agreements {
		f.Add(&ix.Agreements[i])
	}
	return f
}

// Years returns the years with agreements, oldest first, each with its
// count, and the count of undated agreements.
func (f Facets) Years() (years []string, counts []int, undated int) {
	for _, y := range slices.Sorted(maps.Keys(f.Year)) {
		if y == Undated {
			continue
		}
		years = append(years, y)
		counts = append(counts, f.Year[y])
	}
	return years, counts, f.Year[Undated]
}
