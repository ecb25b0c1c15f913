// Package synth writes synthetic registries for benchmarks and scale
// tests: agreements of realistic size (about 2 KB, every optional field used
// somewhere) and the organisations they name, deterministic by seed. What
// it writes is made up; it never belongs in records/.
package synth

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Organizations is how many organisations a registry has.
const Organizations = 200

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

// Agreement returns the i-th agreement's record: three parties, relations
// to an earlier agreement, every optional field.
func Agreement(rng *rand.Rand, i int) string {
	kinds := []string{"cooperation-agreement", "framework-agreement", "memorandum-of-understanding", "grant"}
	types := []string{"own-funds", "external-funds", "infrastructure", "staff", "training", "research-support"}
	p1 := 1 + rng.Intn(Organizations-1)
	p2 := 1 + rng.Intn(Organizations-1)
	for p2 == p1 {
		p2 = 1 + rng.Intn(Organizations-1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../../schema/agreement.schema.json\nid: %s\n", AgreementID(i))
	fmt.Fprintf(&b, "title:\n  es: Convenio sintético número %d para pruebas de rendimiento\n  en: Synthetic agreement number %d for performance tests\n  pt: Convênio sintético número %d para testes de desempenho\n", i, i, i)
	fmt.Fprintf(&b, "summary:\n  es: >-\n    %s\n  en: >-\n    %s\n", strings.Repeat("Texto de resumen generado para medir la validación. ", 4), strings.Repeat("Generated summary text to measure validation. ", 4))
	fmt.Fprintf(&b, "kind: %s\nparties: [lacnic, %s, %s]\n", kinds[i%len(kinds)], OrganizationID(p1), OrganizationID(p2))
	fmt.Fprintf(&b, "contributions:\n  - by: lacnic\n    type: %s\n    description:\n      es: Aporte de LACNIC.\n      en: LACNIC's part.\n  - by: %s\n    type: %s\n", types[i%len(types)], OrganizationID(p1), types[(i+1)%len(types)])
	fmt.Fprintf(&b, "areas: [training, dns]\ncountries: [%s, %s]\n", countries[i%len(countries)], countries[(i+3)%len(countries)])
	y := 2002 + i%20
	fmt.Fprintf(&b, "dates:\n  signed: \"%d-%02d-%02d\"\n  start: \"%d-%02d\"\n  end: \"%d\"\n", y, 1+i%12, 1+i%28, y, 1+i%12, y+2)
	fmt.Fprintf(&b, "place:\n  city: Montevideo\n  country: UY\nterm:\n  initial: P1Y\n  renewal: automatic\n")
	fmt.Fprintf(&b, "signatories:\n  - name: Persona %d\n    role: {es: Director, en: Director}\n    party: lacnic\n", i)
	fmt.Fprintf(&b, "status: expired\n")
	if i > 0 {
		fmt.Fprintf(&b, "relations:\n  - type: extends\n    agreement: %s\n", AgreementID(rng.Intn(i)))
	}
	fmt.Fprintf(&b, "documents:\n  - title: Texto firmado\n    url: https://example.org/docs/%d.pdf\n    language: es\n    sha256: \"%064x\"\n", i, i)
	fmt.Fprintf(&b, "sources:\n  - title: Generated source %d\n    url: https://example.org/sources/%d\n    note: Synthetic.\nnotes:\n  es: Registro sintético.\noriginal_language: es\n", i, i)
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
