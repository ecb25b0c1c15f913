package emit

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"agreements/internal/index"
	"agreements/internal/record"
)

// The pages' data: what each template shows.

// item is an agreement as a list shows it.
type item struct {
	ID, Year, Status, Kind string
	Title                  []langText
	Parties                []index.Party
	Countries              []string
}

func listItem(a *index.Agreement) item {
	return item{ID: a.ID, Year: a.Year, Status: a.StatusAsOf, Kind: a.Kind, Title: texts(a.Title),
		Parties: a.Parties, Countries: a.Countries}
}

func listItems(list []*index.Agreement) []item {
	out := make([]item, len(list))
	for i, a := range list {
		out[i] = listItem(a)
	}
	return out
}

// mapCountry is a country of the region on the map: its shape, its count,
// and its shade (0 to 5).
type mapCountry struct {
	Code, Path string
	X, Y       float64
	Small      bool
	Count      int
	Shade      int
}

type option struct {
	Value string
	Text  []langText
}

// home is the home page: counts, map, chart, filters, the first page of
// the list.
type home struct {
	Agreements, Organizations, Countries int
	MapViewBox, MapSource                string
	Map                                  []mapCountry
	// MapList is Map as a list, by the countries' names in the page's language.
	MapList     []mapCountry
	Legend      []legendItem
	Chart       chart
	Undated     int
	Filters     filters
	Items       []item
	Page, Pages int
	// Labels are the words site.js needs to show list items, by kind of
	// value, value and language.
	Labels map[string]map[string]map[string]string
}

// inLanguage orders the lists of countries by their names in lang.
func (h home) inLanguage(lang string) any {
	h.MapList = sortedByText(h.Map, lang, func(m mapCountry) []langText { return countryNames(m.Code) })
	h.Filters.Countries = sortedByText(h.Filters.Countries, lang, func(o option) []langText { return o.Text })
	return h
}

type filters struct {
	Countries, Organizations, Statuses, Kinds, Areas []option
	Years                                            []string
}

func (s *site) home(pages int) pageData {
	f := s.ix.Facets()
	h := home{Agreements: len(s.ix.Agreements), Organizations: len(s.ix.Organizations), Countries: len(f.Country),
		MapViewBox: theRegionMap().ViewBox, MapSource: theRegionMap().Source, Page: 1, Pages: pages}
	peak := 0
	for _, c := range theRegionMap().Countries {
		peak = max(peak, f.Country[c.Code])
	}
	for _, c := range theRegionMap().Countries {
		m := mapCountry{Code: c.Code, Path: c.Path, X: c.X, Y: c.Y, Small: c.Small, Count: f.Country[c.Code]}
		m.Shade = shade(m.Count, peak)
		h.Map = append(h.Map, m)
	}
	h.Legend = legend(peak)
	years, counts, undated := f.Years()
	h.Chart, h.Undated = barChart(years, counts), undated
	h.Filters.Years = slices.Clone(years)
	slices.Reverse(h.Filters.Years)
	for _, c := range slices.Sorted(maps.Keys(f.Country)) {
		h.Filters.Countries = append(h.Filters.Countries, option{c, countryNames(c)})
	}
	for _, o := range s.ix.Organizations {
		if len(o.Agreements) > 0 {
			h.Filters.Organizations = append(h.Filters.Organizations, option{o.ID, sameIn(o.Display)})
		}
	}
	for _, st := range slices.Sorted(maps.Keys(f.Status)) {
		h.Filters.Statuses = append(h.Filters.Statuses, option{st, labelTexts("status." + st)})
	}
	for _, k := range slices.Sorted(maps.Keys(f.Kind)) {
		h.Filters.Kinds = append(h.Filters.Kinds, option{k, labelTexts("kind." + k)})
	}
	for _, a := range slices.Sorted(maps.Keys(f.Area)) {
		h.Filters.Areas = append(h.Filters.Areas, option{a, labelTexts("area." + a)})
	}
	h.Items = listItems(s.order[:min(pageSize, len(s.order))])
	h.Labels = map[string]map[string]map[string]string{"status": {}, "kind": {}}
	for _, st := range h.Filters.Statuses {
		h.Labels["status"][st.Value] = byLang(st.Text)
	}
	for _, k := range h.Filters.Kinds {
		h.Labels["kind"][k.Value] = byLang(k.Text)
	}
	h.Labels["ui"] = map[string]map[string]string{"page": byLang(labelTexts("site.page")), "shown": byLang(labelTexts("html.shown")), "none": byLang(labelTexts("site.no-results")),
		"prev": byLang(labelTexts("site.prev")), "next": byLang(labelTexts("site.next"))}
	p := s.page("", "", labelTexts("registry"), h)
	p.List = true
	p.Feed, p.Calendar = s.links("feed.atom", "agreements.ics", s.order)
	p.jsonldFor = s.datasetJSONLD
	return p
}

// listPage is page n of the list, for readers without JavaScript.
type listPage struct {
	Items       []item
	Page, Pages int
}

func (s *site) listPage(n, pages int) pageData {
	from := (n - 1) * pageSize
	return s.page("../../", "list/"+strconv.Itoa(n)+"/", labelTextsf("site.page", "n", n, "total", pages),
		listPage{Items: listItems(s.order[from:min(from+pageSize, len(s.order))]), Page: n, Pages: pages})
}

// listJSON writes data/list.json, what site.js filters and sorts: one
// array per agreement, in the list's default order, with the texts the
// list shows and the values the filters look at.
func (s *site) listJSON(w io.Writer) error {
	rows := make([][]any, 0, len(s.order))
	for _, a := range s.order {
		parties := make([]string, len(a.Parties))
		for i, p := range a.Parties {
			parties[i] = p.ID
		}
		var areas []string
		areas = append(areas, a.Areas...)
		city := ""
		if a.Place != nil {
			city = a.Place.City
		}
		rows = append(rows, []any{a.ID, a.Title.ES, a.Title.PT, a.Title.EN, a.StatusAsOf, a.Kind, a.Year,
			strings.Join(a.Countries, " "), strings.Join(parties, " "), strings.Join(areas, " "), city})
	}
	names := map[string]string{}
	// An organisation is also found by its names in each language, where
	// they differ from the name the list shows (CGI.br: "Comitê Gestor da
	// Internet no Brasil").
	fullNames := map[string]string{}
	for _, o := range s.ix.Organizations {
		names[o.ID] = o.Display
		var more []string
		for _, n := range []string{o.Name.ES, o.Name.PT, o.Name.EN, o.ShortName} {
			if n != "" && n != o.Display && !slices.Contains(more, n) {
				more = append(more, n)
			}
		}
		if len(more) > 0 {
			fullNames[o.ID] = strings.Join(more, " ")
		}
	}
	return json.NewEncoder(w).Encode(map[string]any{"columns": []string{"id", "title_es", "title_pt", "title_en",
		"status", "kind", "year", "countries", "parties", "areas", "city"}, "rows": rows, "organizations": names, "organization_names": fullNames})
}

// summariesJSON writes data/summaries.json: each agreement's summary in
// every language, in the list's order. The home page loads it after the
// list, so that the first screen waits only for what it shows, and a
// search then looks in the summaries too.
func (s *site) summariesJSON(w io.Writer) error {
	out := make([]string, len(s.order))
	for i, a := range s.order {
		var parts []string
		for _, t := range []string{a.Summary.ES, a.Summary.PT, a.Summary.EN} {
			if t != "" {
				parts = append(parts, t)
			}
		}
		out[i] = strings.Join(parts, " ")
	}
	return json.NewEncoder(w).Encode(out)
}

// relationGroup is the relations of one kind as a page shows them: the
// kind's label once, then each other agreement (a framework's page may
// list hundreds under it).
type relationGroup struct {
	Label []langText
	Links []relationLink
	key   string
}

// relationLink is the other agreement of a relation.
type relationLink struct {
	ID    string
	Title []langText
}

// agreementView is an agreement's page.
type agreementView struct {
	A         *index.Agreement
	Relations []relationGroup
	// FileURL and SuggestURL lead to the record's file and to the issue
	// form that suggests a correction ("" without --repo-url).
	FileURL, SuggestURL string
	// CommitURL leads to a commit of the timeline, when the repository's
	// address is known: CommitURL plus the commit's hash.
	CommitURL string
	// Cite is the record's citation.
	Cite    citation
	Changes []index.Revision
}

func (s *site) agreementPage(a *index.Agreement) pageData {
	v := agreementView{A: a, Changes: a.Changes, Cite: s.citation(a)}
	add := func(key, id string) {
		i := slices.IndexFunc(v.Relations, func(g relationGroup) bool { return g.key == key })
		if i < 0 {
			i = len(v.Relations)
			v.Relations = append(v.Relations, relationGroup{Label: labelTexts(key), key: key})
		}
		v.Relations[i].Links = append(v.Relations[i].Links, relationLink{ID: id, Title: s.titleOf(id)})
	}
	for _, r := range a.Relations {
		add("relation."+r.Type, r.Agreement)
	}
	for _, r := range s.inverse[a.ID] {
		add("relation-inverse."+r.Type, r.Agreement)
	}
	if repo := s.opts.RepoURL; repo != "" {
		v.FileURL = repo + "/blob/HEAD/" + a.File
		v.SuggestURL = repo + "/issues/new?template=correction.yml&record=" + a.ID
		v.CommitURL = repo + "/commit/"
	}
	p := s.page("../../", "agreements/"+a.ID+"/", texts(a.Title), v)
	p.Description = shortTexts(texts(a.Summary), 300)
	p.jsonldFor = func(lang, _ string) map[string]any { return s.agreementJSONLD(lang, p.Root, a) }
	return p
}

func (s *site) titleOf(id string) []langText {
	if a := s.agreements[id]; a != nil {
		return texts(a.Title)
	}
	return sameIn(id)
}

// organizationView is an organisation's page.
type organizationView struct {
	O *index.Organization
	// Acts are the organisation's own acts in its agreements, in the
	// agreements' order.
	Acts  []organizationAct
	Items []item
	// All is how many agreements there are; AllURL, the home page's list
	// filtered to them, when Items holds only the most recent.
	All    int
	AllURL string
}

// organizationAct is one of an organisation's acts, with its agreement.
type organizationAct struct {
	Agreement *index.Agreement
	Action    index.Action
}

func (s *site) organizationPage(o *index.Organization) pageData {
	var list []*index.Agreement
	for _, a := range s.order {
		if slices.ContainsFunc(a.Parties, func(p index.Party) bool { return p.ID == o.ID }) {
			list = append(list, a)
		}
	}
	v := organizationView{O: o, All: len(list)}
	for _, a := range list {
		for _, act := range a.Actions {
			if act.Party == o.ID {
				v.Acts = append(v.Acts, organizationAct{Agreement: a, Action: act})
			}
		}
	}
	feed, calendar := s.links("organizations/"+o.ID+"/feed.atom", "organizations/"+o.ID+"/agreements.ics", list)
	if len(list) > sideListSize {
		list, v.AllURL = list[:sideListSize], "../../index.html#org="+o.ID
	}
	v.Items = listItems(list)
	p := s.page("../../", "organizations/"+o.ID+"/", sameIn(o.Display), v)
	p.Feed, p.Calendar = feed, calendar
	p.jsonldFor = func(lang, _ string) map[string]any { return s.organizationJSONLD(lang, p.Root, o) }
	return p
}

// countryView is a country's page.
type countryView struct {
	Code          string
	InRegion      bool
	Items         []item
	All           int
	AllURL        string
	Organizations []*index.Organization
}

func (s *site) countryPage(code string) pageData {
	var list []*index.Agreement
	for _, a := range s.order {
		if slices.Contains(a.Countries, code) {
			list = append(list, a)
		}
	}
	name := countryNames(code)
	v := countryView{Code: code, InRegion: s.region[code], All: len(list), Organizations: s.seated[code]}
	feed, calendar := s.links("countries/"+code+"/feed.atom", "countries/"+code+"/agreements.ics", list)
	if len(list) > sideListSize {
		list, v.AllURL = list[:sideListSize], "../../index.html#country="+code
	}
	v.Items = listItems(list)
	p := s.page("../../", "countries/"+code+"/", name, v)
	p.Feed, p.Calendar = feed, calendar
	return p
}

// orgRow is an organisation as the list of organisations shows it.
type orgRow struct {
	ID, Name, Country string
	Agreements        int
}

// organizationsPage lists every organisation, by name, with its country
// and how many agreements it is a party to.
func (s *site) organizationsPage() pageData {
	rows := make([]orgRow, 0, len(s.ix.Organizations))
	for _, o := range s.ix.Organizations {
		rows = append(rows, orgRow{ID: o.ID, Name: o.Display, Country: o.Country, Agreements: len(o.Agreements)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return strings.ToLower(rows[i].Name) < strings.ToLower(rows[j].Name) })
	return s.page("../", "organizations/", labelTexts("site.organizations"), struct{ Rows []orgRow }{rows})
}

// countryRow is a country as the list of countries shows it.
type countryRow struct {
	Code           string
	InRegion       bool
	Acting, Seated int
}

// countriesPage lists every country with a page: how many agreements act
// there, and how many organisations are seated there.
func (s *site) countriesPage() pageData {
	acting := map[string]int{}
	for _, a := range s.order {
		for _, c := range a.Countries {
			acting[c]++
		}
	}
	rows := make([]countryRow, 0, len(s.countries))
	for _, c := range s.countries {
		rows = append(rows, countryRow{Code: c, InRegion: s.region[c], Acting: acting[c], Seated: len(s.seated[c])})
	}
	return s.page("../", "countries/", labelTexts("site.countries"), countriesView{rows})
}

// countriesView is countries/: a row per country.
type countriesView struct{ Rows []countryRow }

// inLanguage orders the rows by the countries' names in lang.
func (v countriesView) inLanguage(lang string) any {
	v.Rows = sortedByText(v.Rows, lang, func(r countryRow) []langText { return countryNames(r.Code) })
	return v
}

// endingWindow is how far ahead and back ending-soon/ looks.
const endingWindow = 90 * 24 * time.Hour

// endingPage lists the agreements whose known end falls within 90 days
// after the day statuses are judged on, and those that ended within 90
// days before it. An end known only to the month or the year counts by
// its last day.
func (s *site) endingPage() pageData {
	asOf, _ := time.Parse("2006-01-02", s.ix.AsOf)
	var soon, ended []*index.Agreement
	for _, a := range s.order {
		if a.Dates == nil || a.Dates.End == "" {
			continue
		}
		_, last, ok := record.DateRange(a.Dates.End)
		switch {
		case !ok:
		case !last.Before(asOf) && last.Before(asOf.Add(endingWindow)):
			soon = append(soon, a)
		case last.Before(asOf) && !last.Before(asOf.Add(-endingWindow)):
			ended = append(ended, a)
		}
	}
	return s.page("../", "ending-soon/", labelTexts("site.ending-soon"), struct{ Soon, Ended []item }{listItems(soon), listItems(ended)})
}

// shade is a country's shade on the map: 0 for no agreement, then 1 to 5
// in even steps up to the country with the most.
func shade(count, peak int) int {
	if count == 0 {
		return 0
	}
	return min(5, 1+4*(count-1)/max(1, peak-1))
}

// legendItem is one shade of the map and the counts it stands for.
type legendItem struct {
	Shade int
	Range string
}

// legend lists the map's shades with the counts each stands for ("0",
// "1", "2–3", ...), only those a count up to peak can have.
func legend(peak int) []legendItem {
	out := []legendItem{{Shade: 0, Range: "0"}}
	for n := 1; n <= peak; n++ {
		sh := shade(n, peak)
		if last := &out[len(out)-1]; last.Shade == sh {
			first, _, _ := strings.Cut(last.Range, "–")
			last.Range = first + "–" + strconv.Itoa(n)
			continue
		}
		out = append(out, legendItem{Shade: sh, Range: strconv.Itoa(n)})
	}
	return out
}

// dataFile is a published file as the data page lists it.
type dataFile struct {
	Path, Format string
	// What is the catalog key of what it holds.
	What string
}

// dataPage lists every file a reader can download, with its format and
// what it holds: the data portals' and researchers' way in.
func (s *site) dataPage() pageData {
	files := []dataFile{
		{"index.json", fmt.Sprintf("JSON %d", index.FormatVersion), "site.data.index"},
		{"agreements.csv", "CSV (RFC 4180)", "site.data.agreements-csv"},
		{"organizations.csv", "CSV (RFC 4180)", "site.data.organizations-csv"},
		{"agreement_parties.csv", "CSV (RFC 4180)", "site.data.parties-csv"},
		{"datapackage.json", "Data Package 2.0", "site.data.datapackage"},
		{"facets.json", "JSON", "site.data.facets"},
		{"summary.md", "Markdown", "site.data.summary"},
	}
	if s.hasFeeds {
		files = append(files, dataFile{"feed.atom", "Atom", "site.data.feed"})
	}
	if s.hasCalendars {
		files = append(files, dataFile{"agreements.ics", "iCalendar", "site.data.calendar"})
	}
	if len(s.wikidataItems()) > 0 {
		files = append(files, dataFile{"wikidata.qs", "QuickStatements", "site.data.wikidata"})
	}
	if s.opts.BaseURL != "" {
		files = append(files, dataFile{"catalog.jsonld", "DCAT-AP 3 (JSON-LD)", "site.data.catalog"}, dataFile{"sitemap.xml", "Sitemap", "site.data.sitemap"})
		for _, name := range slices.Sorted(maps.Keys(s.opts.Schemas)) {
			files = append(files, dataFile{"schema/" + name, "JSON Schema 2020-12", "site.data.schema"})
		}
	}
	return s.page("../", "data/", labelTexts("site.data"), struct{ Files []dataFile }{files})
}

// removedView is the page left at the address of a record the registry
// no longer has.
type removedView struct {
	R *index.Removed
	// Folder is the list the record was in ("agreements/"), and List its
	// name's label.
	Folder, List string
	// Date is the day it was removed; CommitURL leads to the commit that
	// removed it ("" without --repo-url).
	Date      string
	CommitURL string
	// Command shows the record's history, every version included.
	Command string
}

func (s *site) removedPage(folder string, r *index.Removed) pageData {
	v := removedView{R: r, Folder: folder, List: "site." + strings.TrimSuffix(folder, "/"),
		Date: r.Removed.Date.UTC().Format("2006-01-02"), Command: "agreements history " + r.ID}
	if repo := s.opts.RepoURL; repo != "" {
		v.CommitURL = repo + "/commit/" + r.Removed.Commit
	}
	title := texts(r.Title)
	if r.Title == (index.Text{}) {
		title = sameIn(r.ID)
	}
	p := s.page("../../", folder+r.ID+"/", title, v)
	p.Description = labelTexts("site.removed")
	p.NoIndex = true
	return p
}
