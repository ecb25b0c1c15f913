package emit

import (
	"net/url"

	"agreements/internal/index"
	"agreements/internal/message"
)

// langText is a text in one language, as a page holds it.
type langText struct {
	// Lang is the language the text is in; Show, the language whose
	// reader sees it (they differ for a Spanish fallback).
	Lang, Show, Text string
	Fallback         bool
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

type bar struct {
	Year                              string
	Count                             int
	X, Y, W, H, TextX, CountY, LabelY int
}

type chart struct {
	Width, Height int
	Bars          []bar
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
