package proposal

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"agreements/internal/format"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/suggest"
)

// Organization is what the registry knows of an organisation, to find a
// party named by its name.
type Organization struct {
	ID        string
	Names     []string // its name in each language, and its short name
	ShortName string
}

// Registry is what Build needs to know of the records already there.
type Registry struct {
	Organizations []Organization
	// Files are the record files there are, by id and kind.
	Agreements, OrgIDs map[string]string
	// Formatter writes records as the registry's schemas order them.
	Formatter *format.Formatter
}

// LoadRegistry reads the organisations' names and the records' ids from
// fsys, the registry's root. A record it cannot read is known by its file
// name alone: validation reports it elsewhere.
func LoadRegistry(fsys fs.FS) (*Registry, error) {
	files, _, err := record.List(fsys)
	if err != nil {
		return nil, err
	}
	formatter, err := format.New(fsys)
	if err != nil {
		return nil, err
	}
	reg := &Registry{Agreements: map[string]string{}, OrgIDs: map[string]string{}, Formatter: formatter}
	for _, f := range files {
		id := strings.TrimSuffix(path.Base(f.Path), ".yaml")
		if f.Kind == record.Agreement {
			reg.Agreements[id] = f.Path
			continue
		}
		reg.OrgIDs[id] = f.Path
		org := Organization{ID: id}
		if data, d := record.Read(fsys, f); d == nil {
			var doc struct {
				Name      map[string]string `yaml:"name"`
				ShortName string            `yaml:"short_name"`
			}
			if yaml.Unmarshal(data, &doc) == nil {
				for _, lang := range message.Languages {
					if n := doc.Name[lang]; n != "" {
						org.Names = append(org.Names, n)
					}
				}
				if doc.ShortName != "" {
					org.ShortName = doc.ShortName
					org.Names = append(org.Names, doc.ShortName)
				}
			}
		}
		reg.Organizations = append(reg.Organizations, org)
	}
	return reg, nil
}

// File is a record to write.
type File struct {
	Kind record.Kind
	// Path is relative to the registry's root.
	Path string
	Data []byte
}

// Result is the records the answers make.
type Result struct {
	// ID is the agreement's id; IDDerived says it was made from the
	// answers (no id given).
	ID        string
	IDDerived bool
	// Files are the agreement's record, then any new organisations'.
	Files []File
}

// newOrg is an organisation described under "new organisations".
type newOrg struct {
	n                                     int // its place in the answer, from 1
	id, shortName, country, website, kind string
	names                                 map[string]string
	sources                               []source
}

type source struct{ title, url string }

// Build turns answers into records. id, when not empty, is the agreement's
// id (the --id flag: it wins over the form's id field). Problems name the
// form's fields; Result is nil when there are any.
func Build(form *Form, answers Answers, reg *Registry, id string) (*Result, []Problem) {
	b := &builder{form: form, reg: reg}
	orgs := b.newOrganizations(answers[FieldNewOrganizations])
	parties := b.parties(answers[FieldParties], orgs)
	a := agreement{
		titles:  map[string]string{},
		kind:    answers[FieldKind],
		status:  answers[FieldStatus],
		parties: parties,
		summary: collapse(answers[FieldSummaryES]),
	}
	for field, lang := range map[string]string{FieldTitleES: "es", FieldTitleEN: "en", FieldTitlePT: "pt"} {
		if t := collapse(answers[field]); t != "" {
			a.titles[lang] = t
		}
	}
	a.signed = b.date(answers[FieldSigned])
	a.city, a.country = b.place(answers[FieldPlace])
	a.sources = b.sources(FieldSources, answers[FieldSources])
	if answers[FieldSources] != "" && len(a.sources) == 0 && len(b.problems) == 0 {
		b.add(FieldSources, message.New("proposal.source.none"))
	}
	res := &Result{}
	switch {
	case id != "":
		res.ID = b.checkID("--id", id)
	case answers[FieldID] != "":
		res.ID = b.checkID(FieldID, strings.TrimSpace(answers[FieldID]))
	case len(b.problems) == 0:
		res.ID, res.IDDerived = b.deriveID(a), true
	}
	if len(b.problems) > 0 {
		return nil, b.problems
	}
	a.id = res.ID
	if err := res.add(reg.Formatter, record.Agreement, a.id, a.value()); err != nil {
		b.add(FieldID, message.New("proposal.check", "detail", err.Error()))
		return nil, b.problems
	}
	for _, o := range orgs {
		if err := res.add(reg.Formatter, record.Organization, o.id, o.value()); err != nil {
			b.add(FieldNewOrganizations, message.New("proposal.check", "detail", err.Error()))
			return nil, b.problems
		}
	}
	return res, nil
}

// add writes a record of the result.
func (res *Result) add(f *format.Formatter, kind record.Kind, id string, value map[string]any) error {
	data, err := f.Write(kind, value)
	if err == nil {
		res.Files = append(res.Files, File{Kind: kind, Path: recordPath(kind, id), Data: data})
	}
	return err
}

func recordPath(kind record.Kind, id string) string {
	return record.Dir + "/" + kind.Folder() + "/" + id + ".yaml"
}

type builder struct {
	form     *Form
	reg      *Registry
	problems []Problem
}

func (b *builder) add(field string, text message.Text) {
	b.problems = append(b.problems, Problem{Field: field, Label: b.form.Label(field), Message: text})
}

// splitList splits a list typed by hand: items separated by commas,
// semicolons or lines, with any list markers.
func splitList(s string) []string {
	var out []string
	for _, item := range listSeparator.Split(s, -1) {
		if item = collapse(stripBullet(item)); item != "" {
			out = append(out, item)
		}
	}
	return out
}

var (
	bulletRE      = regexp.MustCompile(`^\s*(?:[-*+•]|\d+[.)])\s+`)
	listSeparator = regexp.MustCompile(`[,;\n]`)
)

func stripBullet(s string) string { return bulletRE.ReplaceAllString(s, "") }

// parties resolves each party typed to an organisation id: an id, or the
// name or short name of exactly one organisation (case and accents aside),
// in the registry or among the new ones. lacnic comes first.
func (b *builder) parties(text string, orgs []*newOrg) []string {
	out := []string{"lacnic"}
	seen := map[string]bool{"lacnic": true}
	var ids []string
	for id := range b.reg.OrgIDs {
		ids = append(ids, id)
	}
	for _, o := range orgs {
		ids = append(ids, o.id)
	}
	sort.Strings(ids)
	for _, typed := range splitList(text) {
		matches := b.match(typed, orgs)
		switch len(matches) {
		case 0:
			newLabel := b.form.Label(FieldNewOrganizations)
			if joined.MatchString(typed) {
				// "LACNIC y Universidad Nacional de Asunción": two parties
				// written as one.
				b.add(FieldParties, message.New("proposal.party.joined", "value", quote(typed), "new", newLabel))
			} else if near, ok := suggest.Nearest(strings.ToLower(typed), ids); ok {
				b.add(FieldParties, message.New("proposal.party.unknown-near", "value", quote(typed), "suggestion", near, "new", newLabel))
			} else {
				b.add(FieldParties, message.New("proposal.party.unknown", "value", quote(typed), "new", newLabel))
			}
		case 1:
			if !seen[matches[0]] {
				seen[matches[0]] = true
				out = append(out, matches[0])
			}
		default:
			b.add(FieldParties, message.New("proposal.party.ambiguous", "value", quote(typed), "ids", strings.Join(matches, ", ")))
		}
	}
	if len(out) < 2 && text != "" && len(b.problems) == 0 {
		b.add(FieldParties, message.New("proposal.party.only-lacnic"))
	}
	return out
}

// joined matches a party answer that names two with "y", "e", "and" or
// "&" between them.
var joined = regexp.MustCompile(`(?i)\S\s+(y|e|and|&)\s+\S`)

// match returns the ids of the organisations typed names.
func (b *builder) match(typed string, orgs []*newOrg) []string {
	id := strings.ToLower(typed)
	if _, ok := b.reg.OrgIDs[id]; ok {
		return []string{id}
	}
	for _, o := range orgs {
		if o.id == id {
			return []string{id}
		}
	}
	want := suggest.Fold(typed)
	set := map[string]bool{}
	for _, o := range b.reg.Organizations {
		for _, n := range o.Names {
			if suggest.Fold(n) == want {
				set[o.ID] = true
			}
		}
	}
	for _, o := range orgs {
		for _, n := range append(mapValues(o.names), o.shortName) {
			if n != "" && suggest.Fold(n) == want {
				set[o.id] = true
			}
		}
	}
	var out []string
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, k := range message.Languages {
		if v := m[k]; v != "" {
			out = append(out, v)
		}
	}
	return out
}

// date reads the date signed: YYYY, YYYY-MM or YYYY-MM-DD.
func (b *builder) date(text string) string {
	text = collapse(text)
	if text == "" {
		return ""
	}
	if _, _, ok := record.DateRange(text); !ok {
		b.add(FieldSigned, message.New("proposal.date", "value", quote(text)))
		return ""
	}
	return text
}

var countryRE = regexp.MustCompile(`^[A-Za-z]{2}$`)

// place reads "City, CC" or "CC".
func (b *builder) place(text string) (city, country string) {
	text = collapse(text)
	if text == "" {
		return "", ""
	}
	city, country = "", text
	if i := strings.LastIndex(text, ","); i >= 0 {
		city, country = strings.TrimSpace(text[:i]), strings.TrimSpace(text[i+1:])
	}
	if code := suggest.CountryCode(country); code != "" {
		return city, code // "Montevideo, Uruguay"
	}
	if !countryRE.MatchString(country) {
		b.add(FieldPlace, message.New("proposal.place", "value", quote(text)))
		return "", ""
	}
	return city, strings.ToUpper(country)
}

var (
	markdownLinkRE = regexp.MustCompile(`^\[([^\]]+)\]\(\s*<?(\S+?)>?\s*\)$`)
	titledURLRE    = regexp.MustCompile(`^(.*?)[\s:—–-]*<?(https?://\S+?)>?$`)
)

// sources reads one source a line: "Title — https://…", "Title
// https://…" or "[Title](https://…)".
func (b *builder) sources(field, text string) []source {
	var out []source
	for n, line := range strings.Split(text, "\n") {
		line = collapse(stripBullet(line))
		if line == "" {
			continue
		}
		s, ok := parseSource(line)
		if !ok {
			b.add(field, message.New("proposal.source", "line", fmt.Sprint(n+1), "value", quote(line)))
			continue
		}
		out = append(out, s)
	}
	return out
}

// parseSource reads one source as people write it: "Title — URL",
// "Title URL" or [Title](URL).
func parseSource(line string) (source, bool) {
	var s source
	if m := markdownLinkRE.FindStringSubmatch(line); m != nil {
		s = source{title: collapse(m[1]), url: m[2]}
	} else if m := titledURLRE.FindStringSubmatch(line); m != nil {
		s = source{title: strings.TrimRight(collapse(m[1]), " :—–-"), url: m[2]}
	}
	return s, s.title != "" && s.url != ""
}

// orgKeys maps the keys people may write under "new organisations"
// (folded: lowercase, no accents) to the field they fill.
var orgKeys = map[string]string{
	"id": "id", "identificador": "id", "identifier": "id",
	"name (es)": "name-es", "name (en)": "name-en", "name (pt)": "name-pt",
	"nombre (es)": "name-es", "nombre (en)": "name-en", "nombre (pt)": "name-pt",
	"nome (es)": "name-es", "nome (en)": "name-en", "nome (pt)": "name-pt",
	"name": "name", "nombre": "name", "nome": "name",
	"short name": "short", "short_name": "short", "sigla": "short", "acronym": "short", "nombre corto": "short", "nome curto": "short",
	"country": "country", "pais": "country",
	"website": "website", "web": "website", "sitio web": "website", "sitio": "website", "site": "website", "sitio/site": "website",
	"source": "source", "fuente": "source", "fonte": "source",
	"kind": "kind", "tipo": "kind",
}

// newOrganizations reads the organisations described under "new
// organisations": one per paragraph, a "key: value" a line.
func (b *builder) newOrganizations(text string) []*newOrg {
	// The answer's lines, numbered as its writer sees them, in
	// paragraphs: one organisation each.
	type numbered struct {
		n    int
		text string
	}
	var paras [][]numbered
	var para []numbered
	for i, line := range strings.Split(text+"\n", "\n") {
		if strings.TrimSpace(line) == "" {
			if para != nil {
				paras = append(paras, para)
				para = nil
			}
			continue
		}
		para = append(para, numbered{i + 1, line})
	}
	var out []*newOrg
	for _, para := range paras {
		o := &newOrg{n: len(out) + 1, names: map[string]string{}}
		sources := 0
		unnamed := false // a name was given without its language
		for _, nl := range para {
			line := stripBullet(nl.text)
			if strings.TrimSpace(line) == "" {
				continue
			}
			key, value, ok := strings.Cut(line, ":")
			field := orgKeys[suggest.Fold(collapse(key))]
			// "https://…" has a colon too: a line of a source may follow.
			if !ok || field == "" {
				b.add(FieldNewOrganizations, message.New("proposal.org.line", "n", fmt.Sprint(o.n), "value", quote(line),
					"keys", "name (es|en|pt), short name, country, website, source, kind, id"))
				continue
			}
			value = collapse(value)
			switch field {
			case "id":
				o.id = strings.ToLower(value)
			case "name-es", "name-en", "name-pt":
				o.names[field[5:]] = value
			case "name":
				b.add(FieldNewOrganizations, message.New("proposal.org.name-lang", "n", fmt.Sprint(o.n), "value", quote(value)))
				unnamed = true
			case "short":
				o.shortName = value
			case "country":
				if code := suggest.CountryCode(value); code != "" {
					value = code // "Paraguay"
				}
				if !countryRE.MatchString(value) {
					b.add(FieldNewOrganizations, message.New("proposal.org.country", "n", fmt.Sprint(o.n), "value", quote(value)))
				}
				o.country = strings.ToUpper(value)
			case "website":
				o.website = value
			case "source":
				sources++
				if src, ok := parseSource(value); ok {
					o.sources = append(o.sources, src)
				} else {
					b.add(FieldNewOrganizations, message.New("proposal.org.source", "n", fmt.Sprint(o.n), "line", fmt.Sprint(nl.n), "value", quote(value)))
				}
			case "kind":
				o.kind = value
			}
		}
		var missing []string
		if len(o.names) == 0 && !unnamed {
			missing = append(missing, "name (es|en|pt)")
		}
		if o.country == "" {
			missing = append(missing, "country")
		}
		if sources == 0 {
			missing = append(missing, "source")
		}
		if len(missing) > 0 {
			b.add(FieldNewOrganizations, message.New("proposal.org.missing", "n", fmt.Sprint(o.n), "fields", strings.Join(missing, ", ")))
		}
		if o.id == "" {
			base := o.shortName
			if base == "" {
				base = first(mapValues(o.names))
			}
			o.id = suggest.Slug(base, record.MaxIDLength)
		}
		switch {
		case o.id == "" && unnamed:
			// No id to make without a name: the name's problem is said above.
		case !record.ValidID(o.id):
			b.add(FieldNewOrganizations, message.New("proposal.org.id", "n", fmt.Sprint(o.n), "id", quote(o.id)))
		case b.reg.OrgIDs[o.id] != "":
			b.add(FieldNewOrganizations, message.New("proposal.org.exists", "n", fmt.Sprint(o.n), "id", o.id, "file", b.reg.OrgIDs[o.id],
				"parties", b.form.Label(FieldParties)))
		}
		out = append(out, o)
	}
	return out
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// checkID checks an id given for the agreement.
func (b *builder) checkID(field, id string) string {
	switch {
	case !record.ValidID(id):
		b.add(field, message.New("proposal.id.bad", "id", quote(id)))
	case b.reg.Agreements[id] != "":
		b.add(field, message.New("proposal.id.exists", "id", id, "file", b.reg.Agreements[id]))
	}
	return id
}

// titleStopWords are the words an id made from a title leaves out: those
// every agreement's title has.
var titleStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a al ante con de del e el en entre la las los o para por sobre su sus un una y
		acuerdo acuerdos convenio convenios memorando memorandum entendimiento cooperacion colaboracion marco
		acordo acordos convenio memorando cooperacao colaboracao entre da das do dos na nas no nos pela pelo um uma
		the of and for with on in to an agreement memorandum understanding cooperation framework mou lacnic`) {
		titleStopWords[w] = true
	}
}

// deriveID makes a readable id from the parties other than lacnic, one
// word of the Spanish title and the year signed: ripe-ncc-k-root-2015.
func (b *builder) deriveID(a agreement) string {
	var parts []string
	for _, p := range a.parties[1:] {
		if len(parts) < 2 {
			parts = append(parts, p)
		}
	}
	taken := strings.Join(parts, "-")
	for _, w := range strings.FieldsFunc(suggest.Fold(a.titles["es"]), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(w) >= 3 && !titleStopWords[w] && !strings.Contains(taken, w) {
			parts = append(parts, w)
			break
		}
	}
	if a.signed != "" {
		parts = append(parts, a.signed[:4])
	}
	id := suggest.Slug(strings.Join(parts, "-"), record.MaxIDLength)
	if !record.ValidID(id) {
		b.add(FieldID, message.New("proposal.id.none"))
		return id
	}
	return b.checkID(FieldID, id)
}

type agreement struct {
	id, kind, status, summary, signed, city, country string
	titles                                           map[string]string
	parties                                          []string
	sources                                          []source
}

// value returns the agreement's record as JSON would hold it.
func (a agreement) value() map[string]any {
	titles := map[string]any{}
	for lang, t := range a.titles {
		titles[lang] = t
	}
	v := map[string]any{
		"id": a.id, "title": titles, "summary": map[string]any{"es": a.summary},
		"kind": a.kind, "parties": a.parties, "status": a.status, "sources": sourceValues(a.sources),
	}
	if a.signed != "" {
		v["dates"] = map[string]any{"signed": a.signed}
	}
	if a.country != "" {
		place := map[string]any{"country": a.country}
		if a.city != "" {
			place["city"] = a.city
		}
		v["place"] = place
	}
	return v
}

// value returns the organisation's record as JSON would hold it.
func (o *newOrg) value() map[string]any {
	names := map[string]any{}
	for lang, n := range o.names {
		names[lang] = n
	}
	v := map[string]any{"id": o.id, "name": names, "country": o.country, "sources": sourceValues(o.sources)}
	for key, value := range map[string]string{"short_name": o.shortName, "kind": o.kind, "website": o.website} {
		if value != "" {
			v[key] = value
		}
	}
	return v
}

func sourceValues(sources []source) []any {
	out := make([]any, len(sources))
	for i, s := range sources {
		out[i] = map[string]any{"title": s.title, "url": s.url}
	}
	return out
}
