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
	rng := rand.New(rand.NewSource(seed))
	for i := 0; i < n; i++ {
		if err := os.WriteFile(filepath.Join(dir, "records/agreements", AgreementID(i)+".yaml"), []byte(Agreement(rng, i)), 0o644); err != nil {
			return err
		}
	}
	return nil
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
	return fmt.Sprintf("id: %s\nname:\n  es: Organización sintética %d\n  en: Synthetic organisation %d\nshort_name: O%d\ncountry: %s\nkind: nonprofit\nwebsite: https://example.org/%d\nsources:\n  - title: Generated\n",
		OrganizationID(i), i, i, i, countries[i%len(countries)], i)
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

// Agreement returns the i-th agreement's record. A fifth hold the required
// fields and a few more; the rest use every optional field, with summaries
// and notes whose length follows a long-tailed law.
func Agreement(rng *rand.Rand, i int) string {
	kinds := []string{"cooperation-agreement", "framework-agreement", "memorandum-of-understanding", "grant"}
	types := []string{"own-funds", "external-funds", "infrastructure", "staff", "training", "research-support"}
	relationTypes := []string{"amends", "supersedes", "renews", "extends", "under"}
	p1 := partner(rng)
	p2 := partner(rng)
	for p2 == p1 {
		p2 = partner(rng)
	}
	minimal := rng.Intn(5) == 0
	var b strings.Builder
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../../schema/agreement.schema.json\nid: %s\n", AgreementID(i))
	fmt.Fprintf(&b, "title:\n  es: Convenio sintético número %d para pruebas de rendimiento\n  en: Synthetic agreement number %d for performance tests\n", i, i)
	if !minimal {
		fmt.Fprintf(&b, "  pt: Convênio sintético número %d para testes de desempenho\n", i)
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
	y := 2002 + i%20
	if minimal {
		fmt.Fprintf(&b, "dates:\n  signed: \"%d-%02d-%02d\"\n", y, 1+i%12, 1+i%28)
	} else {
		fmt.Fprintf(&b, "dates:\n  signed: \"%d-%02d-%02d\"\n  start: \"%d-%02d\"\n  end: \"%d\"\n", y, 1+i%12, 1+i%28, y, 1+i%12, y+2)
		fmt.Fprintf(&b, "place:\n  city: Montevideo\n  country: UY\nterm:\n  initial: P1Y\n  renewal: automatic\n")
		fmt.Fprintf(&b, "signatories:\n  - name: Persona %d\n    role: {es: Director, en: Director}\n    party: lacnic\n", i)
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
	fmt.Fprintf(&b, "sources:\n  - title: Generated source %d\n    url: https://example.org/sources/%d\n    note: Synthetic.\n", i, i)
	if !minimal {
		fmt.Fprintf(&b, "notes:\n  # Notas de la secretaría.\n  es: >-\n    %s\noriginal_language: es\n", sentences(rng, 1+min(int(rng.ExpFloat64()*8), 40), "es"))
	}
	return b.String()
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
