package emit

import (
	"embed"
	"encoding/json"
	"html/template"
	"io"
	"maps"
	"net/url"
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
)

// The site is one page per agreement, organisation and country, the home
// page with the map and the list, and plain list pages for readers
// without JavaScript. Every page is written once per language (Spanish at
// the root, the others in their own folders), links its alternates with
// hreflang, and marks any text shown in another language with its
// language. Links are relative, so that the site works under any address
// and from the file system.

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

// parseTemplates parses the pages' templates for pages in lang.
func parseTemplates(lang string) *template.Template {
	return template.Must(template.New("site").Funcs(template.FuncMap{
		// pagelang is the language the page is written in.
		"pagelang":  func() string { return lang },
		"languages": func() string { return strings.Join(message.Languages, " ") },
		"label":     labelTexts,
		"labelf":    labelTextsf,
		"texts":     texts,
		"date":      dateTexts,
		// exact is whether a date carries no qualifier: only such a date
		// is machine-readable as HTML's <time datetime> asks.
		"exact":   exactDate,
		"country": countryNames,
		"language": func(code string) []langText {
			t, err := language.Parse(code)
			if err != nil {
				return sameIn(code)
			}
			return namesIn(code, func(tag language.Tag) string { return display.Languages(tag).Name(t) })
		},
		"same": sameIn,
		// lacks is whether a text has no version in lang.
		"lacks": func(t index.Text, lang string) bool { _, ok := t.In(lang); return !ok },
		"safe":  safeURL,
		"add":   func(a, b int) int { return a + b },
		// in is a text in one language.
		"in":        textIn,
		"join":      strings.Join,
		"hasPrefix": strings.HasPrefix,
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
}

// langTemplates are the pages' templates, parsed on first use (other
// commands never need them) once per language, each with pagelang bound
// to its language.
var langTemplates = sync.OnceValue(func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, lang := range message.Languages {
		out[lang] = parseTemplates(lang)
	}
	return out
})

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

// theRegionMap is decoded on first use, like langTemplates.
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
	// Root leads from the page back to the root of its language's pages
	// ("" or "../../"); Base, back to the site's root, where the files
	// shared by every language are (assets, data, feeds).
	Root, Base string
	// Alternates are the page's addresses in every language.
	Alternates []alternate
	// Path is the page's address below the root ("agreements/x/").
	Path string
	// Lang is the language the page is written in (set by inLanguage).
	Lang string
	// Title is the page's title in each language; Description, what the
	// page is, for search engines and link previews (its summary for an
	// agreement, the registry's description elsewhere).
	Title, Description []langText
	// Canonical is the page's absolute address under --base-url ("" without
	// it), in its language (set by inLanguage).
	Canonical string
	// AsOf is the day statuses are judged against ("" when unknown).
	AsOf string
	// About is set when the site has an "About the data" page.
	About bool
	// Generated names the last commit that changed the records; Built,
	// the commit the site was built from.
	Generated, Built *index.Generated
	// NoIndex asks search engines to leave the page out: a removed
	// record's.
	NoIndex bool
	// List is set on the page whose list site.js drives over
	// data/list.json (the home page): only it needs the site's languages
	// and the way to the data files in its <html> element.
	List bool
	// Feed and Calendar are the page's Atom feed and iCalendar file, below
	// the root ("" for none).
	Feed, Calendar string
	// JSONLD is the page's schema.org description; jsonldFor, when set,
	// makes it in a language from the page's way back to the site's root.
	JSONLD    any
	jsonldFor func(lang, base string) map[string]any
	Body      any
}

func (s *site) page(root, path string, title []langText, body any) pageData {
	return pageData{Root: root, Path: path, Title: title, Description: labelTexts("site.description"),
		AsOf: s.ix.AsOf, Generated: s.ix.GeneratedFrom, Built: s.opts.Built, Body: body, About: s.opts.About != nil}
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

// pageRef is a page's address (path below the root of a language's
// pages) as a page in lang at root links it: absolute under --base-url,
// else relative.
func (s *site) pageRef(lang, root, path string) string {
	if s.opts.BaseURL == "" {
		return root + path
	}
	return s.url(langDir(lang) + path)
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
	files = append(files, file{"data/list.json", s.listJSON}, file{"data/summaries.json", s.summariesJSON}, file{"datapackage.json", s.writeDataPackage}, file{"robots.txt", s.writeRobots})
	if len(s.wikidataItems()) > 0 {
		files = append(files, file{"wikidata.qs", s.writeWikidata})
	}
	if s.opts.BaseURL != "" {
		files = append(files, file{"sitemap.xml", s.writeSitemap})
	}
	pages := (len(s.order) + pageSize - 1) / pageSize
	files = append(files, s.render("index.html", "home", func() pageData { return s.home(pages) })...)
	for n := 2; n <= pages; n++ {
		files = append(files, s.render("list/"+strconv.Itoa(n)+"/index.html", "list", func() pageData { return s.listPage(n, pages) })...)
	}
	for i := range s.ix.Agreements {
		a := &s.ix.Agreements[i]
		files = append(files, s.render("agreements/"+a.ID+"/index.html", "agreement", func() pageData { return s.agreementPage(a) })...)
		files = append(files, file{"agreements/" + a.ID + ".json", func(w io.Writer) error { return writeJSON(w, a) }},
			file{"agreements/" + a.ID + "/cite.bib", func(w io.Writer) error { return s.citation(a).writeBibTeX(w) }},
			file{"agreements/" + a.ID + "/cite.json", func(w io.Writer) error { return s.citation(a).writeCSL(w) }})
	}
	// The browse pages: every agreement (the list's first page), every
	// organisation, every country, and what ends soon.
	files = append(files, s.render("agreements/index.html", "list", func() pageData {
		return s.page("../", "agreements/", labelTexts("site.all-agreements"),
			listPage{Items: listItems(s.order[:min(pageSize, len(s.order))]), Page: 1, Pages: pages})
	})...)
	files = append(files, s.render("organizations/index.html", "organizations", s.organizationsPage)...)
	files = append(files, s.render("data/index.html", "data", s.dataPage)...)
	files = append(files, s.render("countries/index.html", "countries", s.countriesPage)...)
	if s.ix.AsOf != "" {
		files = append(files, s.render("ending-soon/index.html", "ending", s.endingPage)...)
	}
	for i := range s.ix.Organizations {
		o := &s.ix.Organizations[i]
		files = append(files, s.render("organizations/"+o.ID+"/index.html", "organization", func() pageData { return s.organizationPage(o) })...)
	}
	for _, c := range s.countries {
		files = append(files, s.render("countries/"+c+"/index.html", "country", func() pageData { return s.countryPage(c) })...)
	}
	if s.opts.About != nil {
		files = append(files, s.render("about/index.html", "about", s.aboutPage)...)
	}
	// A removed record's address keeps a page that says so.
	for i := range s.ix.Removed {
		r := &s.ix.Removed[i]
		folder := "agreements/"
		if r.Kind == "organization" {
			folder = "organizations/"
		}
		files = append(files, s.render(folder+r.ID+"/index.html", "removed", func() pageData { return s.removedPage(folder, r) })...)
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
func (s *site) render(name, tmpl string, data func() pageData) []file {
	page := &sharedPage{make: data, left: len(message.Languages)}
	out := make([]file, 0, len(message.Languages))
	for _, lang := range message.Languages {
		out = append(out, file{langDir(lang) + name, func(w io.Writer) error {
			return langTemplates()[lang].ExecuteTemplate(w, tmpl, s.inLanguage(page.get(), lang))
		}})
	}
	return out
}

// sharedPage is one page's model for its files in every language: made
// for the first file written, and let go after the last, so that a large
// site's models are not all held until the build ends.
type sharedPage struct {
	mu   sync.Mutex
	make func() pageData
	data *pageData
	left int // files still to write
}

func (p *sharedPage) get() pageData {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.data == nil {
		d := p.make()
		p.data = &d
	}
	d := *p.data
	if p.left--; p.left <= 0 {
		p.data = nil // made again if a file is written again
	}
	return d
}

// langDir is the folder of a language's pages below the site's root:
// Spanish, the registry's language, at the root itself.
func langDir(lang string) string {
	if lang == message.Languages[0] {
		return ""
	}
	return lang + "/"
}

// inLanguage is a page as it is written in lang: its way back to the
// site's root one folder longer outside the root, its address and its
// alternates in every language.
func (s *site) inLanguage(p pageData, lang string) pageData {
	p.Lang = lang
	p.Base = p.Root
	if dir := langDir(lang); dir != "" {
		p.Base = p.Root + "../"
	}
	if p.jsonldFor != nil {
		p.JSONLD = p.jsonldFor(lang, p.Base)
	}
	if b, ok := p.Body.(localized); ok {
		p.Body = b.inLanguage(lang)
	}
	p.Alternates = make([]alternate, len(message.Languages))
	for i, l := range message.Languages {
		href := p.Base + langDir(l) + p.Path
		if href == "" {
			href = "./"
		}
		abs := href
		if s.opts.BaseURL != "" {
			abs = s.url(langDir(l) + p.Path)
		}
		p.Alternates[i] = alternate{Lang: l, Href: href, Abs: abs}
	}
	if s.opts.BaseURL != "" {
		p.Canonical = s.url(langDir(lang) + p.Path)
	}
	return p
}

// localized is a page body with something that depends on the language:
// lists of countries, ordered by their names as the page's reader reads
// them.
type localized interface {
	inLanguage(lang string) any
}

// alternate is a page's address in one language: relative to the page,
// for its language switch, and absolute under --base-url, for search
// engines (relative without it).
type alternate struct{ Lang, Href, Abs string }

// safeURL keeps only absolute http and https URLs.
func safeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
