package emit

import (
	"agreements/internal/index"
	"agreements/internal/message"
	"agreements/internal/record"
)

// The pages describe themselves in schema.org terms, as JSON-LD: the home
// page as a Dataset with its downloads and licence, an agreement as a
// CreativeWork about its parties and countries, an organisation as an
// Organization.

const (
	schemaContext = "https://schema.org"
	// DataLicense is the licence of the records and the published data.
	DataLicense = "https://creativecommons.org/licenses/by/4.0/"
)

// datasetJSONLD describes the registry's data for the home page in lang,
// whose way back to the site's root, where the data files are, is base.
func (s *site) datasetJSONLD(lang, base string) map[string]any {
	d := map[string]any{
		"@context":            schemaContext,
		"@type":               "Dataset",
		"name":                label(lang, "registry"),
		"description":         label(lang, "summary.counts", "agreements", itoa(len(s.ix.Agreements)), "organizations", itoa(len(s.ix.Organizations))),
		"license":             DataLicense,
		"inLanguage":          message.Languages,
		"creator":             map[string]any{"@type": "Organization", "name": "LACNIC", "url": "https://www.lacnic.net/"},
		"isAccessibleForFree": true,
		"distribution": []map[string]any{
			{"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": s.ref(base, "index.json")},
			{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": s.ref(base, "agreements.csv")},
			{"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": s.ref(base, "organizations.csv")},
		},
	}
	if s.opts.BaseURL != "" {
		d["url"] = s.url(langDir(lang))
	}
	if s.ix.GeneratedFrom != nil {
		d["dateModified"] = s.ix.GeneratedFrom.Date.UTC().Format("2006-01-02")
	}
	return d
}

// agreementJSONLD describes an agreement for its page in lang, whose way
// back to the root of its language's pages is root.
func (s *site) agreementJSONLD(lang, root string, a *index.Agreement) map[string]any {
	title, _ := a.Title.In(lang)
	summary, _ := a.Summary.In(lang)
	d := map[string]any{
		"@context":    schemaContext,
		"@type":       "CreativeWork",
		"identifier":  a.ID,
		"name":        title,
		"description": summary,
		"license":     DataLicense,
		"url":         s.pageRef(lang, root, "agreements/"+a.ID+"/"),
	}
	var parties []map[string]any
	for _, p := range a.Parties {
		parties = append(parties, map[string]any{"@type": "Organization", "name": p.Name, "url": s.pageRef(lang, root, "organizations/"+p.ID+"/")})
	}
	d["contributor"] = parties
	// A qualified date ("2007~") is no ISO 8601 date: schema.org gets
	// only the exact ones.
	if a.Dates != nil && a.Dates.Signed != "" && exactDate(a.Dates.Signed) {
		d["dateCreated"] = a.Dates.Signed
	}
	if a.Dates != nil && a.Dates.Start != "" && exactDate(a.Dates.Start) && exactDate(a.Dates.End) {
		d["temporalCoverage"] = a.Dates.Start + "/" + map[bool]string{true: a.Dates.End, false: ".."}[a.Dates.End != ""]
	}
	var places []map[string]any
	for _, c := range a.Countries {
		places = append(places, map[string]any{"@type": "Country", "identifier": c})
	}
	if places != nil {
		d["spatialCoverage"] = places
	}
	var basis []string
	for _, src := range a.Sources {
		if u := safeURL(src.URL); u != "" {
			basis = append(basis, u)
		}
	}
	if basis != nil {
		d["isBasedOn"] = basis
	}
	return d
}

// organizationJSONLD describes an organisation for its page in lang.
func (s *site) organizationJSONLD(lang, root string, o *index.Organization) map[string]any {
	d := map[string]any{
		"@context":   schemaContext,
		"@type":      "Organization",
		"identifier": o.ID,
		"name":       o.Display,
		"url":        s.pageRef(lang, root, "organizations/"+o.ID+"/"),
	}
	if o.ShortName != "" {
		d["alternateName"] = o.ShortName
	}
	if o.Country != "" {
		d["location"] = map[string]any{"@type": "Country", "identifier": o.Country}
	}
	var same []string
	if w := safeURL(o.Website); w != "" {
		same = append(same, w)
	}
	for _, id := range o.Identifiers {
		if u := safeURL(id.URL); u != "" {
			same = append(same, u)
		}
		if id.Scheme == "XI-LEI" {
			d["leiCode"] = id.ID
		}
	}
	switch len(same) {
	case 0:
	case 1:
		d["sameAs"] = same[0]
	default:
		d["sameAs"] = same
	}
	return d
}

// exactDate is whether a date carries no EDTF qualifier.
func exactDate(date string) bool {
	_, q := record.SplitQualifier(date)
	return q == ""
}
