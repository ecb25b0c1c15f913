package emit

import (
	"bytes"
	_ "embed"
	"html"
	"html/template"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"agreements/internal/index"
)

//go:embed page.html
var pageTemplate string

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"t": func(lang, key string) string { return label(lang, key) },
	// ml renders a label in every language (see labelHTML).
	"ml": func(key string) template.HTML { return labelHTML(key) },
}).Parse(pageTemplate))

type option struct{ Value, ES, EN, PT string }

func labelled(value, key string) option {
	return option{Value: value, ES: label("es", key), EN: label("en", key), PT: label("pt", key)}
}

type langText struct {
	// Lang is the language the text is in; Show, the language whose
	// reader sees it (they differ for a Spanish fallback).
	Lang, Show, Text string
	Fallback         bool
}

type link struct{ Title, URL string }

type row struct {
	ID, Countries, Orgs, Status, Kind, Year, Parties string
	Title, Summary                                   []langText
	// StatusHTML and KindHTML are the label in every language, rendered
	// once per value (see labelHTML) rather than once per row.
	StatusHTML, KindHTML template.HTML
	Sources              []link
}

// rowsData is what the "rows" template sees: the rows, and the labels
// every row repeats, rendered once.
type rowsData struct {
	Rows                       []row
	SummaryLabel, SourcesLabel template.HTML
}

// labelHTML renders a label in every language, each in an element marked
// with its language, escaped; the page shows the chosen one.
var labelHTML = func() func(key string) template.HTML {
	var mu sync.Mutex
	cache := map[string]template.HTML{}
	return func(key string) template.HTML {
		mu.Lock()
		defer mu.Unlock()
		if h, ok := cache[key]; ok {
			return h
		}
		var b strings.Builder
		for _, lang := range Languages {
			hidden := ""
			if lang != "es" {
				hidden = " hidden"
			}
			b.WriteString(`<span lang="` + lang + `" data-l="` + lang + `"` + hidden + `>` + html.EscapeString(label(lang, key)) + `</span>`)
		}
		cache[key] = template.HTML(b.String())
		return cache[key]
	}
}()

type countryCount struct {
	Code  string
	Count int
}

type bar struct {
	Year                              string
	Count                             int
	X, Y, W, H, TextX, CountY, LabelY int
}

type chart struct {
	Width, Height int
	Bars          []bar
}

type pageData struct {
	Langs       []string
	Generated   map[string]string
	All         option
	Countries   []countryCount
	Orgs        []index.Organization
	Statuses    []option
	Kinds       []option
	YearOptions []string
	RowCount    int
	Chart       chart
	Undated     int
	UndatedText map[string]string
}

// pageSummary is what the page's top and bottom show: the filters'
// choices, the counts and the chart. The page is its "top" template, one
// row per agreement (rowHTML), then its "bottom" template; its text is
// escaped by html/template, its links are http or https only, and it
// needs no external asset.
func pageSummary(f index.Facets, orgs []index.Organization, gen *index.Generated) pageData {
	d := pageData{Langs: Languages, All: labelled("", "html.all"), Orgs: orgs, RowCount: f.Total,
		Generated: map[string]string{}, UndatedText: map[string]string{}}
	if gen != nil {
		for _, lang := range Languages {
			d.Generated[lang] = label(lang, "html.generated", "commit", gen.Commit[:7], "date", gen.Date.Format("2006-01-02"))
		}
	}
	for _, c := range slices.Sorted(maps.Keys(f.Country)) {
		d.Countries = append(d.Countries, countryCount{c, f.Country[c]})
	}
	for _, st := range slices.Sorted(maps.Keys(f.Status)) {
		d.Statuses = append(d.Statuses, labelled(st, "status."+st))
	}
	for _, k := range slices.Sorted(maps.Keys(f.Kind)) {
		d.Kinds = append(d.Kinds, labelled(k, "kind."+k))
	}
	yearList, counts, undated := f.Years()
	d.YearOptions = yearList
	d.Chart = barChart(yearList, counts)
	d.Undated = undated
	for _, lang := range Languages {
		d.UndatedText[lang] = label(lang, "html.chart-undated", "n", strconv.Itoa(undated))
	}
	return d
}

// tableRow gives the table's row for an agreement.
func tableRow(a *index.Agreement) row {
	orgs := make([]string, 0, len(a.Parties))
	for _, p := range a.Parties {
		orgs = append(orgs, p.ID)
	}
	r := row{ID: a.ID, Countries: strings.Join(a.Countries, " "), Orgs: strings.Join(orgs, " "),
		Status: a.StatusAsOf, Kind: a.Kind, Year: a.Year, Parties: strings.Join(partyNames(*a), ", "),
		Title: texts(a.Title), Summary: texts(a.Summary),
		StatusHTML: labelHTML("status." + a.StatusAsOf), KindHTML: labelHTML("kind." + a.Kind)}
	for _, s := range a.Sources {
		r.Sources = append(r.Sources, link{Title: s.Title, URL: safeURL(s.URL)})
	}
	return r
}

// rowHTML is an agreement's row of the page (see writeRows).
func rowHTML(a *index.Agreement) []byte {
	b := rowBuffers.Get().(*bytes.Buffer)
	defer rowBuffers.Put(b)
	b.Reset()
	writeRows(b, rowsData{Rows: []row{tableRow(a)}, SummaryLabel: labelHTML("html.summary"), SourcesLabel: labelHTML("html.sources")})
	return bytes.Clone(b.Bytes())
}

// rowBuffers are reused, so that each row costs one allocation of its size.
var rowBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// texts gives a text in each language, the Spanish original standing in
// (and marked as such) where a translation is missing.
func texts(t index.Text) []langText {
	var out []langText
	for _, lang := range Languages {
		s, ok := t.In(lang)
		actual := lang
		if !ok {
			actual = "es"
		}
		out = append(out, langText{Lang: actual, Show: lang, Text: s, Fallback: !ok})
	}
	return out
}

// safeURL keeps only absolute http and https URLs.
func safeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// barChart lays out one bar per year, scaled to the largest count.
func barChart(years []string, counts []int) chart {
	const barW, gap, top, plotH, bottom = 28, 10, 18, 120, 20
	c := chart{Width: gap + len(years)*(barW+gap), Height: top + plotH + bottom}
	if c.Width < 120 {
		c.Width = 120
	}
	peak := 1
	for _, n := range counts {
		peak = max(peak, n)
	}
	for i, y := range years {
		h := counts[i] * plotH / peak
		x := gap + i*(barW+gap)
		c.Bars = append(c.Bars, bar{Year: y, Count: counts[i], X: x, Y: top + plotH - h, W: barW, H: h,
			TextX: x + barW/2, CountY: top + plotH - h - 4, LabelY: top + plotH + 14})
	}
	sort.SliceStable(c.Bars, func(i, j int) bool { return c.Bars[i].Year < c.Bars[j].Year })
	return c
}
