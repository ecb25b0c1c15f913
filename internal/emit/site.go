package emit

import (
	"embed"
	"encoding/json"
	"html/template"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"agreements/internal/index"
	"agreements/internal/message"
	"agreements/internal/record"
)

// The site is one page per agreement, organisation and country, the home
// page with the map and the list, and plain list pages for readers
// without JavaScript. Every page holds its texts in the three languages,
// each marked with its language; the page shows one (html[data-lang],
// switched by site.js without leaving the address) and links its
// alternates with hreflang. Links are relative, so that the site works
// under any address and from the file system.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/site.css assets/site.js assets/favicon.svg
var assetFS embed.FS

//go:embed assets/region-map.json
var regionMapJSON []byte

// pageSize is how many agreements a list page shows; an organisation's
// or a country's page lists at most sideListSize, and links the home
// page's list, filtered, for the rest.
const (
	pageSize     = 50
	sideListSize = 100
)

// siteTemplates parses the pages' templates on first use: other
// commands never need them, and parsing is a millisecond of every start.
var siteTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("site").Funcs(template.FuncMap{
		"languages": func() string { return strings.Join(message.Languages, " ") },
		"ml":        labelTexts,
		"mlf":       labelTextsf,
		"tx":        texts,
		"date":      dateTexts,
		"country":   countryNames,
		"language": func(code string) []langText {
			t, err := language.Parse(code)
			if err != nil {
				return sameIn(code)
			}
			return namesIn(code, func(tag language.Tag) string { return display.Languages(tag).Name(t) })
		},
		"same": sameIn,
		"safe": safeURL,
		"add":  func(a, b int) int { return a + b },
		// in is a text in one language.
		"in": func(t []langText, lang string) string {
			for _, x := range t {
				if x.Show == lang {
					return x.Text
				}
			}
			return ""
		},
		"join": strings.Join,
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		// withRoot pairs a list item with the page's root, for the "item" template.
		"withRoot": func(root string, it item) map[string]any { return map[string]any{"Root": root, "Item": it} },
	}).ParseFS(templateFS, "templates/*.html"))
})

// labelTexts is a label in every language. Labels do not change during a
// run, and a page uses dozens: each is made once.
func labelTexts(key string) []langText {
	if t, ok := labelCache.Load(key); ok {
		return t.([]langText)
	}
	t := labelTextsf(key)
	labelCache.Store(key, t)
	return t
}

var labelCache, countryCache sync.Map

// countryNames is a country's name in every language, from CLDR.
func countryNames(code string) []langText {
	if t, ok := countryCache.Load(code); ok {
		return t.([]langText)
	}
	region, err := language.ParseRegion(code)
	if err != nil {
		return sameIn(code)
	}
	t := namesIn(code, func(tag language.Tag) string { return display.Regions(tag).Name(region) })
	countryCache.Store(code, t)
	return t
}

// labelTextsf is a label with placeholders, in every language; a value
// given as []langText is taken in each language.
func labelTextsf(key string, pairs ...any) []langText {
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		args := make([]string, 0, len(pairs))
		for _, p := range pairs {
			switch v := p.(type) {
			case []langText:
				args = append(args, v[i].Text)
			case int:
				args = append(args, strconv.Itoa(v))
			default:
				args = append(args, v.(string))
			}
		}
		out[i] = langText{Lang: lang, Show: lang, Text: label(lang, key, args...)}
	}
	return out
}

// byLang is a text by language, for site.js.
func byLang(t []langText) map[string]string {
	m := make(map[string]string, len(t))
	for _, x := range t {
		m[x.Show] = x.Text
	}
	return m
}

// sameIn is one text, the same in every language (a code, a name).
func sameIn(s string) []langText {
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		out[i] = langText{Lang: lang, Show: lang, Text: s}
	}
	return out
}

// namesIn is a name from CLDR in every language, or the code where CLDR
// has none.
func namesIn(code string, name func(language.Tag) string) []langText {
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		s := name(language.MustParse(lang))
		if s == "" {
			s = code
		}
		out[i] = langText{Lang: lang, Show: lang, Text: s}
	}
	return out
}

// dateTexts is a partial date (YYYY, YYYY-MM or YYYY-MM-DD) written out
// in every language, at its own precision.
func dateTexts(s string) []langText {
	if _, _, ok := record.DateRange(s); !ok {
		return sameIn(s)
	}
	out := make([]langText, len(message.Languages))
	for i, lang := range message.Languages {
		text := s[:4]
		switch len(s) {
		case 7:
			text = label(lang, "date.month", "month", monthName(lang, s[5:7]), "year", s[:4])
		case 10:
			day := strings.TrimPrefix(s[8:], "0")
			text = label(lang, "date.day", "day", day, "month", monthName(lang, s[5:7]), "year", s[:4])
		}
		out[i] = langText{Lang: lang, Show: lang, Text: text}
	}
	return out
}

func monthName(lang, mm string) string {
	return label(lang, "month."+strings.TrimPrefix(mm, "0"))
}

// site is the readers' model seen as pages: what each page shows, and
// what links pages to each other.
type site struct {
	ix   *index.Index
	opts Options
	// agreements and orgs by id.
	agreements map[string]*index.Agreement
	orgs       map[string]*index.Organization
	// inverse holds, by agreement id, the relations other agreements have
	// to it (Agreement is then the other agreement).
	inverse map[string][]index.Relation
	// seated holds, by country code, the organisations seated there.
	seated map[string][]*index.Organization
	// countries are the codes with a page: the region's and any other
	// that a record names.
	countries []string
	region    map[string]bool
	// order is the agreements in the list's default order: the most
	// recent year first, then by id; undated last.
	order []*index.Agreement
	// hasFeeds says whether the build has the history the feeds need;
	// hasCalendars, whether it has a date to stamp the calendars with.
	hasFeeds, hasCalendars bool
}

// stamp is the date calendars and the sitemap carry: the commit's, else
// the day statuses are judged against.
func (s *site) stamp() (time.Time, bool) {
	if g := s.ix.GeneratedFrom; g != nil {
		return g.Date, true
	}
	if t, err := time.Parse("2006-01-02", s.ix.AsOf); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// regionMap is the committed map of LACNIC's service region
// (scripts/make-region-map.mjs).
type regionMap struct {
	Source, License, ViewBox string
	Countries                []struct {
		Code, Path string
		X, Y       float64
		Small      bool
	}
}

// theRegionMap is decoded on first use, like siteTemplates.
var theRegionMap = sync.OnceValue(func() regionMap {
	var m regionMap
	if err := json.Unmarshal(regionMapJSON, &m); err != nil {
		panic(err)
	}
	return m
})

func newSite(ix *index.Index, opts Options) *site {
	s := &site{ix: ix, opts: opts, agreements: map[string]*index.Agreement{}, orgs: map[string]*index.Organization{},
		inverse: map[string][]index.Relation{}, seated: map[string][]*index.Organization{}, region: map[string]bool{}}
	codes := map[string]bool{}
	for _, c := range theRegionMap().Countries {
		s.region[c.Code] = true
		codes[c.Code] = true
	}
	for i := range ix.Organizations {
		o := &ix.Organizations[i]
		s.orgs[o.ID] = o
		if o.Country != "" {
			s.seated[o.Country] = append(s.seated[o.Country], o)
			codes[o.Country] = true
		}
	}
	for i := range ix.Agreements {
		a := &ix.Agreements[i]
		s.agreements[a.ID] = a
		s.order = append(s.order, a)
		for _, c := range a.Countries {
			codes[c] = true
		}
		for _, r := range a.Relations {
			s.inverse[r.Agreement] = append(s.inverse[r.Agreement], index.Relation{Type: r.Type, Agreement: a.ID})
		}
	}
	s.countries = slices.Sorted(maps.Keys(codes))
	s.hasFeeds = ix.GeneratedFrom != nil && hasHistory(ix)
	_, s.hasCalendars = s.stamp()
	sort.SliceStable(s.order, func(i, j int) bool { return laterYear(s.order[i].Year, s.order[j].Year) })
	return s
}

// laterYear orders years newest first, an undated agreement last.
func laterYear(a, b string) bool {
	switch {
	case a == b:
		return false
	case a == "":
		return false
	case b == "":
		return true
	}
	return a > b
}

// pageData is what every page template sees.
type pageData struct {
	// Root leads from the page back to the site's root ("" or "../../").
	Root string
	// Path is the page's address below the root ("agreements/x/").
	Path string
	// Lang is the language shown first; Langs, all of them.
	Lang  string
	Langs []string
	// Title is the page's title in each language.
	Title []langText
	// Canonical is the page's absolute address under --base-url ("" without it).
	Canonical string
	// AsOf is the day statuses are judged against ("" when unknown).
	AsOf string
	// About is set when the site has an "About the data" page.
	About bool
	// Generated names the last commit that changed the records; Built,
	// the commit the site was built from.
	Generated, Built *index.Generated
	// Feed and Calendar are the page's Atom feed and iCalendar file, below
	// the root ("" for none).
	Feed, Calendar string
	// JSONLD is the page's schema.org description.
	JSONLD any
	Body   any
}

func (s *site) page(root, path string, title []langText, body any) pageData {
	p := pageData{Root: root, Path: path, Lang: s.opts.Lang, Langs: message.Languages, Title: title,
		AsOf: s.ix.AsOf, Generated: s.ix.GeneratedFrom, Built: s.opts.Built, Body: body, About: s.opts.About != nil}
	if s.opts.BaseURL != "" {
		p.Canonical = strings.TrimSuffix(s.opts.BaseURL, "/") + "/" + path
	}
	return p
}

// links keeps a page's feed and calendar where they are written and hold
// something for list, the page's agreements: an empty feed or calendar is
// still written (its address stays), but not linked.
func (s *site) links(feed, calendar string, list []*index.Agreement) (string, string) {
	if !s.hasFeeds || len(list) == 0 {
		feed = ""
	}
	if !s.hasCalendars || !slices.ContainsFunc(list, func(a *index.Agreement) bool { return len(s.events(a)) > 0 }) {
		calendar = ""
	}
	return feed, calendar
}

// ref is an address below the site's root as a page at root (its way
// back to the root, "../../") links it: absolute under --base-url, else
// relative to the page, so that it leads to the page it names in a build
// without a base too.
func (s *site) ref(root, path string) string {
	if s.opts.BaseURL == "" {
		return root + path
	}
	return s.url(path)
}

// url is an address below the site's root, absolute under --base-url.
func (s *site) url(path string) string {
	if s.opts.BaseURL == "" {
		return path
	}
	return strings.TrimSuffix(s.opts.BaseURL, "/") + "/" + path
}

// files are every page, the assets and the site's data files.
func (s *site) files() []file {
	var files []file
	for _, name := range []string{"site.css", "site.js", "favicon.svg"} {
		data, _ := assetFS.ReadFile("assets/" + name)
		files = append(files, file{"assets/" + name, func(w io.Writer) error { _, err := w.Write(data); return err }})
	}
	files = append(files, file{"data/list.json", s.listJSON}, file{"datapackage.json", s.writeDataPackage}, file{"robots.txt", s.writeRobots})
	if s.opts.BaseURL != "" {
		files = append(files, file{"sitemap.xml", s.writeSitemap})
	}
	pages := (len(s.order) + pageSize - 1) / pageSize
	files = append(files, s.render("index.html", "home", func() pageData { return s.home(pages) }))
	for n := 2; n <= pages; n++ {
		files = append(files, s.render("list/"+strconv.Itoa(n)+"/index.html", "list", func() pageData { return s.listPage(n, pages) }))
	}
	for i := range s.ix.Agreements {
		a := &s.ix.Agreements[i]
		files = append(files, s.render("agreements/"+a.ID+"/index.html", "agreement", func() pageData { return s.agreementPage(a) }),
			file{"agreements/" + a.ID + ".json", func(w io.Writer) error { return writeJSON(w, a) }})
	}
	for i := range s.ix.Organizations {
		o := &s.ix.Organizations[i]
		files = append(files, s.render("organizations/"+o.ID+"/index.html", "organization", func() pageData { return s.organizationPage(o) }))
	}
	for _, c := range s.countries {
		files = append(files, s.render("countries/"+c+"/index.html", "country", func() pageData { return s.countryPage(c) }))
	}
	if s.opts.About != nil {
		files = append(files, s.render("about/index.html", "about", s.aboutPage))
	}
	return files
}

// aboutSection is the About page's text in one language.
type aboutSection struct {
	Lang string
	HTML template.HTML
}

// aboutPage is "About the data": docs/inclusion.md's sections, and how
// many agreements no source gives a status for.
func (s *site) aboutPage() pageData {
	var body struct {
		Sections       []aboutSection
		Unknown, Total int
	}
	for _, l := range message.Languages {
		if h, ok := s.opts.About.Sections[l]; ok {
			body.Sections = append(body.Sections, aboutSection{l, h})
		}
	}
	for i := range s.ix.Agreements {
		if s.ix.Agreements[i].Status == "unknown" {
			body.Unknown++
		}
	}
	body.Total = len(s.ix.Agreements)
	return s.page("../", "about/", labelTexts("site.about"), body)
}

// render is a page: the template, executed on the data made when the
// file is written.
func (s *site) render(name, tmpl string, data func() pageData) file {
	return file{name, func(w io.Writer) error { return siteTemplates().ExecuteTemplate(w, tmpl, data()) }}
}

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
	Chart                                chart
	Undated                              int
	Filters                              filters
	Items                                []item
	Page, Pages                          int
	// Labels are the words site.js needs to show list items, by kind of
	// value, value and language.
	Labels map[string]map[string]map[string]string
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
		if m.Count > 0 {
			m.Shade = 1 + 4*(m.Count-1)/max(1, peak)
			m.Shade = min(m.Shade, 5)
		}
		h.Map = append(h.Map, m)
	}
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
	p.Feed, p.Calendar = s.links("feed.atom", "agreements.ics", s.order)
	p.JSONLD = s.datasetJSONLD()
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
		rows = append(rows, []any{a.ID, a.Title.ES, a.Title.PT, a.Title.EN, a.StatusAsOf, a.Kind, a.Year,
			strings.Join(a.Countries, " "), strings.Join(parties, " "), strings.Join(areas, " ")})
	}
	names := map[string]string{}
	for _, o := range s.ix.Organizations {
		names[o.ID] = o.Display
	}
	return json.NewEncoder(w).Encode(map[string]any{"columns": []string{"id", "title_es", "title_pt", "title_en",
		"status", "kind", "year", "countries", "parties", "areas"}, "rows": rows, "organizations": names})
}

// relationLink is a relation as a page shows it: its label and the other
// agreement.
type relationLink struct {
	Label []langText
	ID    string
	Title []langText
}

// agreementView is an agreement's page.
type agreementView struct {
	A         *index.Agreement
	Relations []relationLink
	// FileURL and SuggestURL lead to the record's file and to the issue
	// form that suggests a correction ("" without --repo-url).
	FileURL, SuggestURL string
	Changes             []index.Revision
}

func (s *site) agreementPage(a *index.Agreement) pageData {
	v := agreementView{A: a, Changes: a.Changes}
	for _, r := range a.Relations {
		v.Relations = append(v.Relations, relationLink{Label: labelTexts("relation." + r.Type), ID: r.Agreement, Title: s.titleOf(r.Agreement)})
	}
	for _, r := range s.inverse[a.ID] {
		v.Relations = append(v.Relations, relationLink{Label: labelTexts("relation-inverse." + r.Type), ID: r.Agreement, Title: s.titleOf(r.Agreement)})
	}
	if repo := s.opts.RepoURL; repo != "" {
		v.FileURL = repo + "/blob/HEAD/" + a.File
		v.SuggestURL = repo + "/issues/new?template=correction.yml&record=" + a.ID
	}
	p := s.page("../../", "agreements/"+a.ID+"/", texts(a.Title), v)
	p.JSONLD = s.agreementJSONLD(p.Root, a)
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
	O     *index.Organization
	Items []item
	// All is how many agreements there are; AllURL, the home page's list
	// filtered to them, when Items holds only the most recent.
	All    int
	AllURL string
}

func (s *site) organizationPage(o *index.Organization) pageData {
	var list []*index.Agreement
	for _, a := range s.order {
		if slices.ContainsFunc(a.Parties, func(p index.Party) bool { return p.ID == o.ID }) {
			list = append(list, a)
		}
	}
	v := organizationView{O: o, All: len(list)}
	feed, calendar := s.links("organizations/"+o.ID+"/feed.atom", "organizations/"+o.ID+"/agreements.ics", list)
	if len(list) > sideListSize {
		list, v.AllURL = list[:sideListSize], "../../index.html#org="+o.ID
	}
	v.Items = listItems(list)
	p := s.page("../../", "organizations/"+o.ID+"/", sameIn(o.Display), v)
	p.Feed, p.Calendar = feed, calendar
	p.JSONLD = s.organizationJSONLD(p.Root, o)
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
