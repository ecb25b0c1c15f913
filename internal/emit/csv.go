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
	"created", "updated", "file", "name_en", "name_pt",
}

// agreementCells is an agreement's row of agreements.csv.
func agreementCells(a *index.Agreement) []string {
	var parties, types, rels, urls []string
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
	for _, s := range a.Sources {
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
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
		joinList(partyNames(*a)), joinList(types), joinList(a.Areas), joinList(a.Countries),
		d.Signed, d.Start, d.End, a.Year, place.City, place.Country, term.Initial, term.Renewal,
		joinList(rels), joinList(urls), day(a.Created), day(a.Updated), a.File,
		a.Title.EN, a.Title.PT, a.Summary.EN, a.Summary.PT,
	}
}

func organizationsCSV(out io.Writer, orgs []index.Organization) error {
	w := newCSV(out)
	w.row(OrganizationColumns)
	for _, o := range orgs {
		var urls []string
		for _, s := range o.Sources {
			if s.URL != "" {
				urls = append(urls, s.URL)
			}
		}
		w.row([]string{
			o.ID, o.Name.ES, o.ShortName, o.Country, o.Kind, o.Website, joinList(o.Agreements),
			joinList(urls), day(o.Created), day(o.Updated), o.File, o.Name.EN, o.Name.PT,
		})
	}
	return w.end()
}

func day(s *index.Stamp) string {
	if s == nil {
		return ""
	}
	return s.Date.Format("2006-01-02")
}

// csvWriter writes RFC 4180 CSV (CRLF line ends, quotes where needed),
// every cell neutralised against formula injection.
type csvWriter struct{ w *csv.Writer }

func newCSV(out io.Writer) csvWriter {
	w := csv.NewWriter(out)
	w.UseCRLF = true
	return csvWriter{w}
}

func (c csvWriter) row(cells []string) {
	row := make([]string, len(cells))
	for i := range cells {
		row[i] = CSVCell(cells[i])
	}
	c.w.Write(row) // a failed write is kept: end reports it
}

func (c csvWriter) end() error {
	c.w.Flush()
	return c.w.Error()
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
