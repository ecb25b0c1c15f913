// Package synth writes synthetic registries for benchmarks and scale
// tests, shaped like a real registry rather than like the benchmarks: records
// from 0.5 to 8 KB (a fifth hold only the required fields, the longest have
// long summaries and notes), comments, partners chosen with a skewed
// (Zipf) law so that a few are named by thousands of agreements, and
// relations between agreements, a third of them to a few framework
// agreements. Deterministic by seed. What it writes is made up; it never
// belongs in records/.
package synth

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Organizations is how many organisations a registry has.
const Organizations = 300

// Write writes a registry of n agreements under dir (records/ and a copy
// of the schemas found in schemaDir).
func Write(dir, schemaDir string, n int, seed int64) error {
	for _, sub := range []string{"records/agreements", "records/organizations", "schema"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	for _, name := range []string{"agreement.schema.json", "organization.schema.json"} {
		data, err := os.ReadFile(filepath.Join(schemaDir, name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "schema", name), data, 0o644); err != nil {
			return err
		}
	}
	for i := 0; i < Organizations; i++ {
		id := OrganizationID(i)
		if err := os.WriteFile(filepath.Join(dir, "records/organizations", id+".yaml"), []byte(Organization(i)), 0o644); err != nil {
			return err
		}
	}
	g := newGenerator(rand.New(rand.NewSource(seed)))
	for i := 0; i < n; i++ {
		if err := os.WriteFile(filepath.Join(dir, "records/agreements", AgreementID(i)+".yaml"), []byte(g.agreement(i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// generator writes a registry's agreements. It keeps what makes two
// agreements look like one (the same parties signing on the same day),
// so that no two it writes do: a registry of distinct agreements, as a
// real one is, on which record.possible-duplicate finds only what
// WriteDuplicates puts there.
type generator struct {
	rng *rand.Rand
	// used holds the days taken by each pair of partners, and taken how
	// many days each pair has: a pair with every day taken gets no more
	// agreements.
	used  map[pairDay]bool
	taken map[[2]int]int
}

type pairDay struct{ a, b, day int }

func newGenerator(rng *rand.Rand) *generator {
	return &generator{rng: rng, used: map[pairDay]bool{}, taken: map[[2]int]int{}}
}

// firstDay and days are the span of signing dates: 2002 to 2021.
var firstDay = time.Date(2002, 1, 1, 0, 0, 0, 0, time.UTC)

const days = 7305

// full reports whether every day already has an agreement between
// lacnic, p1 and p2. The commonest pair fills its days at about 200,000
// agreements.
func (g *generator) full(p1, p2 int) bool {
	return g.taken[[2]int{min(p1, p2), max(p1, p2)}] >= days
}

// signed returns a signing day for an agreement between lacnic, p1 and p2
// that no other agreement between them has; the pair must not be full.
func (g *generator) signed(i, p1, p2 int) time.Time {
	a, b := min(p1, p2), max(p1, p2)
	d := (i * 7919) % days
	for g.used[pairDay{a, b, d}] {
		d = (d + 1) % days
	}
	g.used[pairDay{a, b, d}] = true
	g.taken[[2]int{a, b}]++
	return firstDay.AddDate(0, 0, d)
}

var countries = []string{"AR", "BR", "CL", "CO", "CR", "CW", "EC", "HT", "MX", "PA", "PE", "UY", "VE"}

// OrganizationID is the id of the i-th organisation; the first is lacnic.
func OrganizationID(i int) string {
	if i == 0 {
		return "lacnic"
	}
	return fmt.Sprintf("org-%d", i)
}

// AgreementID is the id of the i-th agreement.
func AgreementID(i int) string { return fmt.Sprintf("synthetic-agreement-%d", i) }

// Organization returns the i-th organisation's record.
func Organization(i int) string {
	// One in three has a (made-up) Wikidata item: the schema checks it
	// through its scheme's pattern, off the quick form's fast path.
	identifiers := ""
	if i%3 == 1 {
		identifiers = fmt.Sprintf("identifiers:\n  - scheme: XI-WIKIDATA\n    id: Q%d\n", 900000+i)
	}
	return fmt.Sprintf("schema_version: \"2.0.0\"\nid: %s\nname:\n  es: Organización sintética %d\n  en: Synthetic organisation %d\nshort_name: O%d\ncountry: %s\nkind: nonprofit\nwebsite: https://org-%d.example.org/\n%ssources:\n  - title: Generated\n",
		OrganizationID(i), i, i, i, countries[i%len(countries)], i, identifiers)
}

// partner draws an organisation other than lacnic, the first ones far
// more often than the rest (org-1 is in about a fifth of the agreements).
func partner(rng *rand.Rand) int {
	return 1 + int(rand.NewZipf(rng, 1.15, 1, Organizations-2).Uint64())
}

// sentences returns n sentences of generated text.
func sentences(rng *rand.Rand, n int, lang string) string {
	words := map[string][]string{
		"es": {"convenio", "cooperación", "capacitación", "infraestructura", "región", "Internet", "red", "apoyo", "fondos", "investigación", "foro", "comunidad"},
		"en": {"agreement", "cooperation", "training", "infrastructure", "region", "Internet", "network", "support", "funds", "research", "forum", "community"},
	}[lang]
	var b strings.Builder
	for k := 0; k < n; k++ {
		if k > 0 {
			b.WriteByte(' ')
		}
		m := 6 + rng.Intn(10)
		for w := 0; w < m; w++ {
			word := words[rng.Intn(len(words))]
			if w == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(word)
		}
		b.WriteByte('.')
	}
	return b.String()
}

// Agreement returns the i-th agreement's record, on its own (Write keeps
// the agreements of a registry distinct). A fifth hold the required
// fields and a few more; the rest use every optional field, with summaries
// and notes whose length follows a long-tailed law.
func Agreement(rng *rand.Rand, i int) string { return newGenerator(rng).agreement(i) }

func (g *generator) agreement(i int) string {
	rng := g.rng
	kinds := []string{"cooperation-agreement", "framework-agreement", "memorandum-of-understanding", "grant"}
	types := []string{"own-funds", "external-funds", "infrastructure", "staff", "training", "research-support"}
	relationTypes := []string{"amends", "supersedes", "renews", "extends", "under"}
	p1 := partner(rng)
	p2 := partner(rng)
	for p2 == p1 || g.full(p1, p2) {
		p2 = partner(rng)
	}
	minimal := rng.Intn(5) == 0
	// A quarter belong to a programme's family, under its one title (as
	// +Raíces' installations share theirs); a seventh of the others are
	// undated (their sources give no date). A family's agreements are
	// always dated, each pair of parties on its own day, so that no two
	// agreements look like copies.
	family, undated := -1, false
	if rng.Intn(4) == 0 {
		family = rng.Intn(len(families))
	} else {
		undated = rng.Intn(7) == 0
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../../schema/agreement.schema.json\nschema_version: \"2.0.0\"\nid: %s\n", AgreementID(i))
	if family >= 0 {
		fmt.Fprintf(&b, "title:\n  es: %s\n  en: %s\n", families[family][0], families[family][1])
	} else {
		fmt.Fprintf(&b, "title:\n  es: Convenio sintético número %d para pruebas de rendimiento\n  en: Synthetic agreement number %d for performance tests\n", i, i)
		if !minimal {
			fmt.Fprintf(&b, "  pt: Convênio sintético número %d para testes de desempenho\n", i)
		}
	}
	long := 1 + min(int(rng.ExpFloat64()*5), 30)
	fmt.Fprintf(&b, "summary:\n  es: >-\n    %s\n", sentences(rng, long, "es"))
	if !minimal {
		fmt.Fprintf(&b, "  en: >-\n    %s\n", sentences(rng, long, "en"))
	}
	fmt.Fprintf(&b, "kind: %s\nparties: [lacnic, %s, %s]\n", kinds[i%len(kinds)], OrganizationID(p1), OrganizationID(p2))
	if !minimal {
		fmt.Fprintf(&b, "# Según el acta %d.\ncontributions:\n  - by: lacnic\n    type: %s\n    description:\n      es: Aporte de LACNIC.\n      en: LACNIC's part.\n  - by: %s\n    type: %s\n", i, types[i%len(types)], OrganizationID(p1), types[(i+1)%len(types)])
	}
	fmt.Fprintf(&b, "areas: [training, dns]\ncountries: [%s, %s]\n", countries[i%len(countries)], countries[(i+3)%len(countries)])
	day := g.signed(i, p1, p2)
	y, m := day.Year(), int(day.Month())
	switch {
	case undated:
	case minimal:
		fmt.Fprintf(&b, "dates:\n  signed: \"%s\"\n", day.Format("2006-01-02"))
	default:
		// One in twenty-five is known only approximately, as a source
		// hedges it (EDTF "~").
		signed := day.Format("2006-01-02")
		if i%25 == 3 {
			signed = day.Format("2006-01") + "~"
		}
		fmt.Fprintf(&b, "dates:\n  signed: \"%s\"\n  start: \"%d-%02d\"\n  end: \"%d\"\n", signed, y, m, y+2)
		fmt.Fprintf(&b, "place:\n  city: Montevideo\n  country: UY\nterm:\n  initial: P1Y\n  renewal: automatic\n")
		fmt.Fprintf(&b, "actions:\n  - party: lacnic\n    act: signed\n    signatories:\n      - name: Persona %d\n        role: {es: Director, en: Director}\n", i)
		// One in ten has a party that joined a year later.
		if i%10 == 5 {
			fmt.Fprintf(&b, "  - party: %s\n    act: joined\n    date: \"%d\"\n", OrganizationID(p2), y+1)
		}
	}
	fmt.Fprintf(&b, "status: expired\n")
	// Relations to earlier agreements: none for two in five, up to three;
	// a third of them "under" one of the first framework agreements.
	if n := []int{0, 0, 1, 1, 2, 3}[rng.Intn(6)]; i > 0 && n > 0 {
		b.WriteString("relations:\n")
		seen := map[int]bool{}
		for k := 0; k < n; k++ {
			target, typ := rng.Intn(i), relationTypes[rng.Intn(len(relationTypes))]
			if rng.Intn(3) == 0 {
				target, typ = rng.Intn(min(i, 20)), "under"
			}
			if seen[target] {
				continue
			}
			seen[target] = true
			fmt.Fprintf(&b, "  - type: %s\n    agreement: %s\n", typ, AgreementID(target))
		}
	}
	if !minimal {
		fmt.Fprintf(&b, "documents:\n  - title: Texto firmado\n    url: https://example.org/docs/%d.pdf\n    language: es\n    sha256: \"%064x\"\n", i, i)
	}
	fmt.Fprintf(&b, "sources:\n  - title: Generated source %d\n    url: https://example.org/sources/%d\n    note: {es: Sintético., en: Synthetic.}\n", i, i)
	if !minimal {
		fmt.Fprintf(&b, "notes:\n  # Notas de la secretaría.\n  es: >-\n    %s\noriginal_language: es\n", sentences(rng, 1+min(int(rng.ExpFloat64()*8), 40), "es"))
	}
	return b.String()
}

// families are the titles (es, en) that a programme's agreements share.
var families = [][2]string{
	{"Instalación de una copia del servidor raíz F", "Installation of a copy of the F root server"},
	{"Instalación de una copia del servidor raíz L", "Installation of a copy of the L root server"},
	{"Instalación de una copia del servidor raíz K", "Installation of a copy of the K root server"},
	{"Instalación de una copia del servidor raíz I", "Installation of a copy of the I root server"},
	{"Convenio de cooperación para la capacitación en IPv6", "Cooperation agreement for IPv6 training"},
	{"Convenio de cooperación para el fortalecimiento de los IXP", "Cooperation agreement for strengthening IXPs"},
	{"Memorando de entendimiento sobre seguridad de redes", "Memorandum of understanding on network security"},
	{"Acuerdo de financiamiento del programa FRIDA", "Funding agreement for the FRIDA programme"},
	{"Acuerdo de coorganización del foro regional", "Agreement to co-organise the regional forum"},
	{"Convenio de apoyo a la investigación", "Research support agreement"},
	{"Acuerdo de servicios de alojamiento", "Hosting services agreement"},
	{"Convenio marco de cooperación", "Framework cooperation agreement"},
}

// Injection is one known error put into a generated record.
type Injection struct {
	// Rule is the rule id validate must report for it.
	Rule string
	// Apply returns the record's text with the error in it.
	Apply func(text string) string
}

// Injections are the errors -invalid puts into records, one per record,
// in turn.
var Injections = []Injection{
	{"schema.enum", func(s string) string { return strings.Replace(s, "status: expired", "status: in force", 1) }},
	{"schema.format", func(s string) string {
		i := strings.Index(s, "  signed: \"")
		if i < 0 { // an undated agreement
			return strings.Replace(s, "status: expired", "dates:\n  signed: \"2003-02-30\"\nstatus: expired", 1)
		}
		return s[:i] + "  signed: \"2003-02-30\"" + s[i+len("  signed: \"2003-02-30\""):]
	}},
	{"ref.unknown-organization", func(s string) string {
		return strings.Replace(s, "parties: [lacnic, ", "parties: [lacnic, no-such-organisation, ", 1)
	}},
	{"yaml.duplicate-key", func(s string) string { return s + "status: expired\n" }},
	{"schema.additional-properties", func(s string) string { return s + "colour: blue\n" }},
	{"yaml.syntax", func(s string) string { return strings.Replace(s, "areas: [training, dns]", "areas: [training, dns", 1) }},
}

// WriteInvalid writes a registry like Write, then puts one known error
// into percent of the agreements, and lists them in
// dir/injected-errors.txt ("path<TAB>rule" lines, outside records/).
func WriteInvalid(dir, schemaDir string, n int, seed int64, percent float64) error {
	if err := Write(dir, schemaDir, n, seed); err != nil {
		return err
	}
	rng := rand.New(rand.NewSource(seed + 1))
	var list strings.Builder
	k := 0
	for i := 0; i < n; i++ {
		if rng.Float64()*100 >= percent {
			continue
		}
		inj := Injections[k%len(Injections)]
		k++
		rel := "records/agreements/" + AgreementID(i) + ".yaml"
		p := filepath.Join(dir, filepath.FromSlash(rel))
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(inj.Apply(string(data))), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&list, "%s\t%s\n", rel, inj.Rule)
	}
	return os.WriteFile(filepath.Join(dir, "injected-errors.txt"), []byte(list.String()), 0o644)
}

// WriteDuplicates puts into the registry at dir (written by Write) a copy
// of percent of its agreements, each under a new id
// (synthetic-agreement-copy-N) with its Spanish title in capitals: what a
// contributor does who copies a record and changes its id. It appends the
// copy and its original to dir/injected-errors.txt, as
// record.possible-duplicate (a warning on both).
func WriteDuplicates(dir string, n int, seed int64, percent float64) error {
	rng := rand.New(rand.NewSource(seed + 2))
	var list strings.Builder
	for i := 0; i < n; i++ {
		if rng.Float64()*100 >= percent {
			continue
		}
		rel := "records/agreements/" + AgreementID(i) + ".yaml"
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		text := string(data)
		copyID := fmt.Sprintf("synthetic-agreement-copy-%d", i)
		text = strings.Replace(text, "\nid: "+AgreementID(i)+"\n", "\nid: "+copyID+"\n", 1)
		if at := strings.Index(text, "\n  es: "); at >= 0 {
			end := at + strings.Index(text[at+1:], "\n") + 1
			text = text[:at] + strings.ToUpper(text[at:end]) + text[end:]
			text = strings.Replace(text, "\n  ES: ", "\n  es: ", 1)
		}
		copyRel := "records/agreements/" + copyID + ".yaml"
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(copyRel)), []byte(text), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&list, "%s\t%s\n%s\t%s\n", copyRel, DuplicateRule, rel, DuplicateRule)
	}
	f, err := os.OpenFile(filepath.Join(dir, "injected-errors.txt"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(list.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// DuplicateRule is the rule WriteDuplicates' copies must be reported
// under.
const DuplicateRule = "record.possible-duplicate"
