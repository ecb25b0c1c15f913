package emit

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// What data portals and search engines expect beside the pages: a
// Frictionless Data Package describing the downloads, a sitemap and
// robots.txt.

// tableField is a column of a CSV file in datapackage.json.
type tableField struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// csvFieldTypes gives the Table Schema type of the columns that are not
// strings.
var csvFieldTypes = map[string]string{"year": "year", "created": "date", "updated": "date"}

// csvFieldDocs describes the columns of both CSV files.
var csvFieldDocs = map[string]string{
	"id": "The record's id (its file name without .yaml).", "title_es": "Title in Spanish (prevails).",
	"summary_es": "Summary in Spanish (prevails).", "kind": "LACNIC's term for the instrument.",
	"status": "The status the record states.", "status_as_of": "The status as of the build's date.",
	"parties": "The parties' ids, joined with '; '.", "party_names": "The parties' names, joined with '; '.",
	"contribution_types": "The kinds of contribution, joined with '; '.", "areas": "The fields it works in, joined with '; '.",
	"countries": "ISO 3166-1 alpha-2 codes where it acts, joined with '; '.", "signed": "When it was signed (YYYY, YYYY-MM or YYYY-MM-DD).",
	"start": "When it took effect (YYYY, YYYY-MM or YYYY-MM-DD).", "end": "When it ended or ends (YYYY, YYYY-MM or YYYY-MM-DD).",
	"year": "The year it counts in: of signed, else start.", "place_city": "City where it was signed.",
	"place_country": "Country where it was signed (ISO 3166-1 alpha-2).", "term_initial": "Initial period (ISO 8601 duration).",
	"term_renewal": "How it renews: automatic, by-agreement or none.", "relations": "Links to other agreements: 'type id', joined with '; '.",
	"source_urls": "Addresses of its sources, joined with '; '.", "created": "Date of the commit that added the record.",
	"updated": "Date of the last commit that changed the record.", "file": "The record's file in the repository.",
	"title_en": "Title in English.", "title_pt": "Title in Portuguese.", "summary_en": "Summary in English.",
	"summary_pt": "Summary in Portuguese.", "name_es": "Name in Spanish.", "name_en": "Name in English.", "name_pt": "Name in Portuguese.",
	"short_name": "Short name or acronym.", "country": "Country of its seat (ISO 3166-1 alpha-2), where a source states it.",
	"website": "Its website.", "agreements": "The ids of the agreements it is a party to, joined with '; '.",
}

func tableSchema(columns []string) map[string]any {
	fields := make([]tableField, len(columns))
	for i, c := range columns {
		t := csvFieldTypes[c]
		if t == "" {
			t = "string"
		}
		fields[i] = tableField{Name: c, Type: t, Description: csvFieldDocs[c]}
	}
	return map[string]any{"fields": fields, "primaryKey": []string{"id"}, "missingValues": []string{""}}
}

// writeDataPackage writes datapackage.json: the two CSV files with their
// Table Schemas, index.json, the licence and the sources.
func (s *site) writeDataPackage(w io.Writer) error {
	csvDialect := map[string]any{"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "header": true}
	license := map[string]any{"name": "CC-BY-4.0", "path": DataLicense, "title": "Creative Commons Attribution 4.0"}
	pkg := map[string]any{
		"profile":     "data-package",
		"name":        "lacnic-agreements",
		"title":       label("en", "registry"),
		"description": label("en", "summary.counts", "agreements", strconv.Itoa(len(s.ix.Agreements)), "organizations", strconv.Itoa(len(s.ix.Organizations))) + " " + label("en", "html.prevails"),
		"licenses":    []any{license},
		"sources": []any{
			map[string]any{"title": "LACNIC Cooperation Agreement", "path": "https://www.lacnic.net/1861/2/lacnic/lacnic-cooperation-agreement"},
			map[string]any{"title": "The sources each record cites (the sources field of index.json)"},
		},
		"resources": []any{
			map[string]any{"name": "agreements", "path": "agreements.csv", "profile": "tabular-data-resource", "format": "csv",
				"mediatype": "text/csv", "encoding": "utf-8", "dialect": csvDialect, "schema": tableSchema(AgreementColumns), "licenses": []any{license}},
			map[string]any{"name": "organizations", "path": "organizations.csv", "profile": "tabular-data-resource", "format": "csv",
				"mediatype": "text/csv", "encoding": "utf-8", "dialect": csvDialect, "schema": tableSchema(OrganizationColumns), "licenses": []any{license}},
			map[string]any{"name": "index", "path": "index.json", "profile": "data-resource", "format": "json",
				"mediatype": "application/json", "encoding": "utf-8", "description": "Every agreement and organisation with derived fields; its JSON Schema is schema/index.schema.json in the repository.",
				"licenses": []any{license}},
		},
	}
	if s.opts.BaseURL != "" {
		pkg["homepage"] = s.url("")
	}
	if s.ix.GeneratedFrom != nil {
		pkg["created"] = s.ix.GeneratedFrom.Date.UTC().Format("2006-01-02T15:04:05Z")
	}
	return writeJSON(w, pkg)
}

// pages returns the address of every page below the site's root, with
// the date it last changed where history says.
func (s *site) pages() []sitemapURL {
	var out []sitemapURL
	add := func(path, lastmod string) { out = append(out, sitemapURL{Loc: s.url(path), LastMod: lastmod}) }
	add("", "")
	for n := 2; n <= (len(s.order)+pageSize-1)/pageSize; n++ {
		add("list/"+strconv.Itoa(n)+"/", "")
	}
	for _, a := range s.ix.Agreements {
		lastmod := ""
		if a.Updated != nil {
			lastmod = a.Updated.Date.UTC().Format("2006-01-02")
		}
		add("agreements/"+a.ID+"/", lastmod)
	}
	for _, o := range s.ix.Organizations {
		lastmod := ""
		if o.Updated != nil {
			lastmod = o.Updated.Date.UTC().Format("2006-01-02")
		}
		add("organizations/"+o.ID+"/", lastmod)
	}
	for _, c := range s.countries {
		add("countries/"+c+"/", "")
	}
	return out
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// writeSitemap writes sitemap.xml (only with --base-url: its addresses
// are absolute).
func (s *site) writeSitemap(w io.Writer) error {
	v := struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapURL `xml:"url"`
	}{URLs: s.pages()}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// writeRobots writes robots.txt: everything may be crawled; the sitemap
// is named when there is one.
func (s *site) writeRobots(w io.Writer) error {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if s.opts.BaseURL != "" {
		b.WriteString("Sitemap: " + s.url("sitemap.xml") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
