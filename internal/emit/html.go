package emit

import (
	_ "embed"
	"html/template"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"agreements/internal/index"
	"agreements/internal/message"
)

//go:embed page.html
var pageTemplate string

// page is index.html: html/template escapes every text from records, and
// links are http or https only (safeURL).
var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"t": func(lang, key string) string { return label(lang, key) },
	// ml is a label in every language, each in an element marked with its
	// language; the page shows the chosen one.
	"ml": func(key string) []langText {
		out := make([]langText, len(message.Languages))
		for i, lang := range message.Languages {
			out[i] = langText{Lang: lang, Show: lang, Text: label(lang, key)}
		}
		return out
	},
}).Parse(pageTemplate))

type option struct{ Value, ES, EN, PT string }

func labelled(value, key string) option {
	return option{Value: value, ES: label("es", key), EN: label("en", key), PT: label("pt", key)}
}

// langText is a text in one language.
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
	Sources                                          []link
}

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
	Rows        []row
	Chart       chart
	Undated     int
	UndatedText map[string]string
}

// writePage writes index.html: the filters' choices and counts, one row
// per agreement, and the chart by year; it needs no external asset.
func writePage(w io.Writer, ix *index.Index, f index.Facets) error {
	d := pageData{Langs: message.Languages, All: labelled("", "html.all"), Orgs: ix.Organizations,
		Generated: map[string]string{}, UndatedText: map[string]string{}}
	if gen := ix.GeneratedFrom; gen != nil {
		for _, lang := range d.Langs {
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
	years, counts, undated := f.Years()
	d.YearOptions = years
	d.Chart = barChart(years, counts)
	d.Undated = undated
	for _, lang := range d.Langs {
		d.UndatedText[lang] = label(lang, "html.chart-undated", "n", strconv.Itoa(undated))
	}
	for i := range ix.Agreements {
		d.Rows = append(d.Rows, tableRow(&ix.Agreements[i]))
	}
	return page.Execute(w, d)
}

// tableRow gives the table's row for an agreement.
func tableRow(a *index.Agreement) row {
	orgs := make([]string, 0, len(a.Parties))
	for _, p := range a.Parties {
		orgs = append(orgs, p.ID)
	}
	r := row{ID: a.ID, Countries: strings.Join(a.Countries, " "), Orgs: strings.Join(orgs, " "),
		Status: a.StatusAsOf, Kind: a.Kind, Year: a.Year, Parties: strings.Join(partyNames(a), ", "),
		Title: texts(a.Title), Summary: texts(a.Summary)}
	for _, s := range a.Sources {
		r.Sources = append(r.Sources, link{Title: s.Title, URL: safeURL(s.URL)})
	}
	return r
}

// texts gives a text in each language, the Spanish original standing in
// (and marked as such) where a translation is missing.
func texts(t index.Text) []langText {
	var out []langText
	for _, lang := range message.Languages {
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
	c := chart{Width: max(120, gap+len(years)*(barW+gap)), Height: top + plotH + bottom}
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
	return c
}
