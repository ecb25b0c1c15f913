package emit

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"agreements/internal/index"
)

// AgreementColumns are the columns of agreements.csv, Spanish text first,
// then the translations; list fields are joined with "; ".
var AgreementColumns = []string{
	"id", "title_es", "summary_es", "kind", "status", "status_as_of", "parties", "party_names",
	"contribution_types", "areas", "countries", "signed", "start", "end", "year",
	"place_city", "place_country", "term_initial", "term_renewal", "relations", "source_urls",
	"created", "updated", "file", "title_en", "title_pt", "summary_en", "summary_pt",
}

// OrganizationColumns are the columns of organizations.csv.
var OrganizationColumns = []string{
	"id", "name_es", "short_name", "country", "kind", "website", "agreements", "source_urls",
	"created", "updated", "file", "name_en", "name_pt", "identifiers",
}

// agreementsCSV writes agreements.csv: RFC 4180 (CRLF line ends, quotes
// where needed), a header, one row per agreement.
func agreementsCSV(out io.Writer, agreements []index.Agreement) error {
	w := newCSV(out)
	writeRow(w, AgreementColumns)
	for i := range agreements {
		writeRow(w, agreementCells(&agreements[i]))
	}
	w.Flush()
	return w.Error()
}

// agreementCells is an agreement's row of agreements.csv.
func agreementCells(a *index.Agreement) []string {
	var parties, types, rels []string
	for _, p := range a.Parties {
		parties = append(parties, p.ID)
	}
	for i, c := range a.Contributions {
		if !slices.ContainsFunc(a.Contributions[:i], func(d index.Contribution) bool { return d.Type == c.Type }) {
			types = append(types, c.Type)
		}
	}
	for _, r := range a.Relations {
		rels = append(rels, r.Type+" "+r.Agreement)
	}
	d := a.Dates
	if d == nil {
		d = &index.Dates{}
	}
	place := a.Place
	if place == nil {
		place = &index.Place{}
	}
	term := a.Term
	if term == nil {
		term = &index.Term{}
	}
	return []string{
		a.ID, a.Title.ES, a.Summary.ES, a.Kind, a.Status, a.StatusAsOf, joinList(parties),
		joinList(partyNames(a)), joinList(types), joinList(a.Areas), joinList(a.Countries),
		d.Signed, d.Start, d.End, a.Year, place.City, place.Country, term.Initial, term.Renewal,
		joinList(rels), joinList(sourceURLs(a.Sources)), day(a.Created), day(a.Updated), a.File,
		a.Title.EN, a.Title.PT, a.Summary.EN, a.Summary.PT,
	}
}

// PartyColumns are the columns of agreement_parties.csv.
var PartyColumns = []string{"agreement", "party"}

// partiesCSV writes agreement_parties.csv: one row per party of each
// agreement, the link between the two other tables that a data package's
// foreign keys can state (a cell that joins several ids cannot be one).
func partiesCSV(out io.Writer, agreements []index.Agreement) error {
	w := newCSV(out)
	writeRow(w, PartyColumns)
	for _, a := range agreements {
		for _, p := range a.Parties {
			writeRow(w, []string{a.ID, p.ID})
		}
	}
	w.Flush()
	return w.Error()
}

// organizationsCSV writes organizations.csv, as agreementsCSV does.
func organizationsCSV(out io.Writer, orgs []index.Organization) error {
	w := newCSV(out)
	writeRow(w, OrganizationColumns)
	for _, o := range orgs {
		writeRow(w, []string{
			o.ID, o.Name.ES, o.ShortName, o.Country, o.Kind, o.Website, joinList(o.Agreements),
			joinList(sourceURLs(o.Sources)), day(o.Created), day(o.Updated), o.File, o.Name.EN, o.Name.PT,
			joinList(identifierTexts(o.Identifiers)),
		})
	}
	w.Flush()
	return w.Error()
}

// identifierTexts writes each identifier as org-id.guide does: the
// scheme, a hyphen, the id (XI-WIKIDATA-Q42).
func identifierTexts(ids []index.Identifier) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.Scheme + "-" + id.ID
	}
	return out
}

func sourceURLs(sources []index.Source) []string {
	var urls []string
	for _, s := range sources {
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
	}
	return urls
}

func day(s *index.CommitDate) string {
	if s == nil {
		return ""
	}
	return s.Date.Format("2006-01-02")
}

func newCSV(out io.Writer) *csv.Writer {
	w := csv.NewWriter(out)
	w.UseCRLF = true
	return w
}

// writeRow writes one row, every cell neutralised (CSVCell). A failed
// write is kept by the writer: its Error reports it after Flush.
func writeRow(w *csv.Writer, cells []string) {
	row := make([]string, len(cells))
	for i := range cells {
		row[i] = CSVCell(cells[i])
	}
	w.Write(row)
}

// CSVCell neutralises a cell that a spreadsheet would run as a formula (it
// starts with =, +, -, @, a tab or a carriage return) by putting a single
// quote before it, as OWASP advises.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
