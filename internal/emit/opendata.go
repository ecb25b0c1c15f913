package emit

import (
	"encoding/xml"
	"io"
	"slices"
	"strconv"
	"strings"

	"agreements/internal/message"
)

// What data portals and search engines expect beside the pages: a
// Frictionless Data Package describing the downloads, a sitemap and
// robots.txt.

// The Data Package is version 2 (datapackage.org/standard): each
// descriptor names its profile in $schema, the CSV files are tables whose
// columns are typed, and agreement_parties.csv links agreements to
// organisations with foreign keys.
const (
	dataPackageProfile = "https://datapackage.org/profiles/2.0/datapackage.json"
	tableSchemaProfile = "https://datapackage.org/profiles/2.0/tableschema.json"
	partialDatePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?]?$`
	idPattern          = `^[a-z0-9]+(-[a-z0-9]+)*$`
)

// tableField is a column of a CSV file in datapackage.json.
type tableField struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Description string         `json:"description"`
	Constraints map[string]any `json:"constraints,omitempty"`
}

// csvFieldTypes gives the Table Schema type of the columns that are not
// strings.
var csvFieldTypes = map[string]string{"year": "year", "created": "date", "updated": "date"}

// csvFieldPatterns are the patterns of the columns that hold one id or
// one partial date.
var csvFieldPatterns = map[string]string{"id": idPattern, "agreement": idPattern, "party": idPattern,
	"signed": partialDatePattern, "start": partialDatePattern, "end": partialDatePattern}

// csvFieldDocs describes the columns of the CSV files.
var csvFieldDocs = map[string]string{
	"id": "The record's id (its file name without .yaml).", "title_es": "Title in Spanish (prevails).",
	"summary_es": "Summary in Spanish (prevails).", "kind": "LACNIC's term for the instrument.",
	"status": "The status the record states.", "status_as_of": "The status as of the build's date.",
	"parties": "The parties' ids, joined with '; ' (agreement_parties.csv has them a row each).", "party_names": "The parties' names, joined with '; '.",
	"contribution_types": "The kinds of contribution, joined with '; '.", "areas": "The fields it works in, joined with '; '.",
	"countries": "ISO 3166-1 alpha-2 codes where it acts, joined with '; '.", "signed": "When it was signed: an EDTF date (YYYY, YYYY-MM or YYYY-MM-DD; ~ after it: approximate, ? after it: uncertain).",
	"start": "When it took effect: an EDTF date (YYYY, YYYY-MM or YYYY-MM-DD; ~ after it: approximate, ? after it: uncertain).", "end": "When it ended or ends: an EDTF date (YYYY, YYYY-MM or YYYY-MM-DD; ~ after it: approximate, ? after it: uncertain).",
	"year": "The year it counts in: of signed, else start.", "place_city": "City where it was signed.",
	"place_country": "Country where it was signed (ISO 3166-1 alpha-2).", "term_initial": "Initial period (ISO 8601 duration).",
	"term_renewal": "How it renews: automatic, by-agreement or none.", "relations": "Links to other agreements: 'type id', joined with '; '.",
	"source_urls": "Addresses of its sources, joined with '; '.", "created": "Date of the commit that added the record.",
	"updated": "Date of the last commit that changed the record.", "file": "The record's file in the repository.",
	"title_en": "Title in English.", "title_pt": "Title in Portuguese.", "summary_en": "Summary in English.",
	"summary_pt": "Summary in Portuguese.", "name_es": "Name in Spanish.", "name_en": "Name in English.", "name_pt": "Name in Portuguese.",
	"short_name": "Short name or acronym.", "country": "Country of its seat (ISO 3166-1 alpha-2), where a source states it.",
	"website": "Its website.", "identifiers": "Its ids in other registers, as org-id.guide writes them (scheme-id: XI-WIKIDATA-Q42), joined with '; '.", "agreements": "The ids of the agreements it is a party to, joined with '; '.",
	"agreement": "An agreement's id (agreements.csv).", "party": "The id of one of its parties (organizations.csv).",
}

// tableSchema is the Table Schema of a CSV file with these columns, and
// primaryKey and foreign keys.
func tableSchema(columns, primaryKey []string, foreignKeys ...any) map[string]any {
	fields := make([]tableField, len(columns))
	for i, c := range columns {
		t := csvFieldTypes[c]
		if t == "" {
			t = "string"
		}
		fields[i] = tableField{Name: c, Type: t, Description: csvFieldDocs[c]}
		if p := csvFieldPatterns[c]; p != "" {
			fields[i].Constraints = map[string]any{"pattern": p}
		}
		if slices.Equal(primaryKey, []string{c}) {
			if fields[i].Constraints == nil {
				fields[i].Constraints = map[string]any{}
			}
			fields[i].Constraints["required"], fields[i].Constraints["unique"] = true, true
		}
	}
	schema := map[string]any{"$schema": tableSchemaProfile, "fields": fields, "primaryKey": primaryKey, "missingValues": []string{""}}
	if len(foreignKeys) > 0 {
		schema["foreignKeys"] = foreignKeys
	}
	return schema
}

// foreignKey is a Table Schema foreign key: field refers to the id of
// resource.
func foreignKey(field, resource string) map[string]any {
	return map[string]any{"fields": []string{field}, "reference": map[string]any{"resource": resource, "fields": []string{"id"}}}
}

// writeDataPackage writes datapackage.json: the CSV files with their
// Table Schemas, index.json, the licence and the sources.
func (s *site) writeDataPackage(w io.Writer) error {
	csvDialect := map[string]any{"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "header": true}
	license := map[string]any{"name": "CC-BY-4.0", "path": DataLicense, "title": "Creative Commons Attribution 4.0"}
	table := func(name, path string, schema map[string]any) map[string]any {
		return map[string]any{"name": name, "path": path, "type": "table", "format": "csv", "mediatype": "text/csv",
			"encoding": "utf-8", "dialect": csvDialect, "schema": schema, "licenses": []any{license}}
	}
	pkg := map[string]any{
		"$schema":     dataPackageProfile,
		"name":        "lacnic-agreements",
		"title":       label("en", "registry"),
		"description": label("en", "summary.counts", "agreements", strconv.Itoa(len(s.ix.Agreements)), "organizations", strconv.Itoa(len(s.ix.Organizations))) + " " + label("en", "html.prevails"),
		"licenses":    []any{license},
		"sources": []any{
			map[string]any{"title": "LACNIC Cooperation Agreement", "path": "https://www.lacnic.net/1861/2/lacnic/lacnic-cooperation-agreement"},
			map[string]any{"title": "The sources each record cites (the sources field of index.json)"},
		},
		"resources": []any{
			table("agreements", "agreements.csv", tableSchema(AgreementColumns, []string{"id"})),
			table("organizations", "organizations.csv", tableSchema(OrganizationColumns, []string{"id"})),
			table("agreement_parties", "agreement_parties.csv", tableSchema(PartyColumns, []string{"agreement", "party"},
				foreignKey("agreement", "agreements"), foreignKey("party", "organizations"))),
			map[string]any{"name": "index", "path": "index.json", "format": "json",
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
	// Every page in every language: search engines find each language's
	// page, and the pages' hreflang links tie them together.
	add := func(path, lastmod string) {
		for _, lang := range message.Languages {
			out = append(out, sitemapURL{Loc: s.url(langDir(lang) + path), LastMod: lastmod})
		}
	}
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
