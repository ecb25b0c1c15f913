package emit

import (
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/text/language"

	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/schema"
)

// catalog.jsonld is what data portals harvest: a DCAT 3 catalogue, as
// DCAT-AP 3 profiles it, with the registry as its one dataset and a
// distribution per downloadable file. It is written only with a base
// address, since a catalogue's links must be absolute, and after every
// other file, since it gives their sizes.

// Vocabularies of the catalogue: the EU's authority tables for languages,
// countries and file types, IANA's media types, and the data's licence.
const (
	euLanguage  = "http://publications.europa.eu/resource/authority/language/"
	euCountry   = "http://publications.europa.eu/resource/authority/country/"
	euFileType  = "http://publications.europa.eu/resource/authority/file-type/"
	ianaMedia   = "http://www.iana.org/assignments/media-types/"
	dataLicence = "https://creativecommons.org/licenses/by/4.0/"
)

// catalogContext is the catalogue's JSON-LD context, written in the file
// so that no reader needs the network to expand it.
var catalogContext = map[string]any{
	"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
	"vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#",
	"rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}

// distribution is a downloadable file as the catalogue describes it.
type distribution struct {
	name, media, fileType, about string
}

// catalogFiles are the files the catalogue lists, with IANA's media type,
// the EU's file type where it has one, and what each holds (the data
// page's text).
func (s *site) catalogFiles() []distribution {
	files := []distribution{
		{"index.json", "application/json", "JSON", "site.data.index"},
		{"agreements.csv", "text/csv", "CSV", "site.data.agreements-csv"},
		{"organizations.csv", "text/csv", "CSV", "site.data.organizations-csv"},
		{"agreement_parties.csv", "text/csv", "CSV", "site.data.parties-csv"},
		{"datapackage.json", "application/json", "JSON", "site.data.datapackage"},
	}
	if s.hasFeeds {
		files = append(files, distribution{"feed.atom", "application/atom+xml", "", "site.data.feed"})
	}
	if s.hasCalendars {
		files = append(files, distribution{"agreements.ics", "text/calendar", "", "site.data.calendar"})
	}
	return files
}

// writeCatalog writes catalog.jsonld, reading the sizes of the files it
// lists from dir, where they have been written.
func (s *site) writeCatalog(w io.Writer, dir string) error {
	texts := func(key string) []map[string]string {
		var out []map[string]string
		for _, lang := range message.Languages {
			out = append(out, map[string]string{"@value": label(lang, key), "@language": lang})
		}
		return out
	}
	licence := map[string]any{"@id": dataLicence, "@type": "dct:LicenseDocument"}
	publisher := map[string]any{"@id": "https://www.lacnic.net/", "@type": "foaf:Agent", "foaf:name": "LACNIC"}
	var languages []map[string]any
	for _, code := range []string{"SPA", "POR", "ENG"} {
		languages = append(languages, map[string]any{"@id": euLanguage + code, "@type": "dct:LinguisticSystem"})
	}
	var distributions []map[string]any
	for _, f := range s.catalogFiles() {
		info, err := os.Stat(filepath.Join(dir, f.name))
		if err != nil {
			return err
		}
		d := map[string]any{
			"@id": s.url("catalog.jsonld#" + f.name), "@type": "dcat:Distribution",
			"dct:title":       f.name,
			"dct:description": texts(f.about),
			// DCAT-AP's shapes ask that the file be typed a resource
			// (they do no RDFS inference).
			"dcat:accessURL":   map[string]any{"@id": s.url(f.name), "@type": "rdfs:Resource"},
			"dcat:downloadURL": map[string]any{"@id": s.url(f.name), "@type": "rdfs:Resource"},
			"dcat:mediaType":   map[string]any{"@id": ianaMedia + f.media, "@type": "dct:MediaType"},
			"dct:license":      licence,
			"dcat:byteSize":    map[string]any{"@value": strconv.FormatInt(info.Size(), 10), "@type": "xsd:nonNegativeInteger"},
		}
		if f.fileType != "" {
			d["dct:format"] = map[string]any{"@id": euFileType + f.fileType, "@type": "dct:MediaTypeOrExtent"}
		}
		distributions = append(distributions, d)
	}
	dataset := map[string]any{
		"@id": s.url("catalog.jsonld#dataset"), "@type": "dcat:Dataset",
		"dct:title":         texts("registry"),
		"dct:description":   texts("site.description"),
		"dct:publisher":     publisher,
		"dct:language":      languages,
		"dcat:landingPage":  map[string]any{"@id": s.url(""), "@type": "foaf:Document"},
		"dcat:keyword":      []map[string]string{{"@value": "LACNIC", "@language": "es"}, {"@value": "acuerdos de cooperación", "@language": "es"}, {"@value": "cooperation agreements", "@language": "en"}, {"@value": "acordos de cooperação", "@language": "pt"}},
		"dcat:distribution": distributions,
		"dct:conformsTo":    s.formatStandards(),
	}
	if s.opts.RepoURL != "" {
		dataset["dcat:contactPoint"] = map[string]any{"@type": "vcard:Kind", "vcard:fn": "LACNIC", "vcard:hasURL": map[string]any{"@id": s.opts.RepoURL}}
	}
	if from, to, ok := s.yearsCovered(); ok {
		dataset["dct:temporal"] = map[string]any{"@type": "dct:PeriodOfTime",
			"dcat:startDate": map[string]any{"@value": from, "@type": "xsd:gYear"},
			"dcat:endDate":   map[string]any{"@value": to, "@type": "xsd:gYear"}}
	}
	if spatial := s.countriesCovered(); len(spatial) > 0 {
		dataset["dct:spatial"] = spatial
	}
	catalog := map[string]any{
		"@context": catalogContext,
		"@id":      s.url("catalog.jsonld"), "@type": "dcat:Catalog",
		"dct:title":       texts("registry"),
		"dct:description": texts("site.description"),
		"dct:publisher":   publisher,
		"dct:language":    languages,
		"dct:license":     licence,
		"foaf:homepage":   map[string]any{"@id": s.url(""), "@type": "foaf:Document"},
		"dcat:dataset":    dataset,
	}
	if s.ix.GeneratedFrom != nil {
		modified := map[string]any{"@value": s.ix.GeneratedFrom.Date.UTC().Format("2006-01-02"), "@type": "xsd:date"}
		catalog["dct:modified"], dataset["dct:modified"] = modified, modified
	}
	return writeJSON(w, catalog)
}

// formatStandards are the record format's schemas, each at the address
// its $id names, with the format's version.
func (s *site) formatStandards() []map[string]any {
	var out []map[string]any
	for _, name := range []string{schema.AgreementFile, schema.OrganizationFile} {
		if _, ok := s.opts.Schemas[name]; !ok {
			continue
		}
		out = append(out, map[string]any{"@id": schema.IDBase + name, "@type": "dct:Standard",
			"dct:title": "LACNIC agreements record format " + record.FormatVersion + " (" + name + ")"})
	}
	return out
}

// yearsCovered is the first and last year the agreements count in.
func (s *site) yearsCovered() (from, to string, ok bool) {
	for _, a := range s.ix.Agreements {
		if a.Year == "" {
			continue
		}
		if !ok || a.Year < from {
			from = a.Year
		}
		if !ok || a.Year > to {
			to = a.Year
		}
		ok = true
	}
	return from, to, ok
}

// countriesCovered are the countries the agreements act in, as the EU's
// country table names them (ISO 3166-1 alpha-3).
func (s *site) countriesCovered() []map[string]any {
	seen := map[string]bool{}
	for _, a := range s.ix.Agreements {
		for _, c := range a.Countries {
			seen[c] = true
		}
	}
	var out []map[string]any
	for _, c := range slices.Sorted(maps.Keys(seen)) {
		r, err := language.ParseRegion(c)
		if err != nil || r.ISO3() == "" || r.ISO3() == "ZZZ" {
			continue
		}
		out = append(out, map[string]any{"@id": euCountry + r.ISO3(), "@type": "dct:Location"})
	}
	return out
}
