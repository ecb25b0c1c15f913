package check

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"agreements/internal/record"
)

// generate writes a synthetic registry of n agreements (about 2 KB each,
// every optional field used somewhere) and the organisations they name,
// deterministically, under a temp folder. Nothing it writes is a real
// agreement; it never goes near records/ of the repository.
func generate(tb testing.TB, n int) string {
	tb.Helper()
	root := tb.TempDir()
	for _, dir := range []string{"records/agreements", "records/organizations", "schema"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	for _, name := range []string{"agreement.schema.json", "organization.schema.json"} {
		data, err := os.ReadFile(filepath.Join("../../schema", name))
		if err != nil {
			tb.Fatal(err)
		}
		os.WriteFile(filepath.Join(root, "schema", name), data, 0o644)
	}
	rng := rand.New(rand.NewSource(1))
	const orgs = 200
	countries := []string{"AR", "BR", "CL", "CO", "CR", "CW", "EC", "HT", "MX", "PA", "PE", "UY", "VE"}
	kinds := []string{"cooperation-agreement", "framework-agreement", "memorandum-of-understanding", "grant"}
	types := []string{"own-funds", "external-funds", "infrastructure", "staff", "training", "research-support"}
	for i := 0; i < orgs; i++ {
		id := "org"
		if i > 0 {
			id = fmt.Sprintf("org-%d", i)
		}
		if i == 0 {
			id = "lacnic"
		}
		body := fmt.Sprintf("id: %s\nname:\n  es: Organización sintética %d\n  en: Synthetic organisation %d\nshort_name: O%d\ncountry: %s\nkind: nonprofit\nwebsite: https://example.org/%d\nsources:\n  - title: Generated\n", id, i, i, i, countries[i%len(countries)], i)
		os.WriteFile(filepath.Join(root, "records/organizations", id+".yaml"), []byte(body), 0o644)
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("synthetic-agreement-%d", i)
		p1 := fmt.Sprintf("org-%d", 1+rng.Intn(orgs-1))
		p2 := fmt.Sprintf("org-%d", 1+rng.Intn(orgs-1))
		for p2 == p1 {
			p2 = fmt.Sprintf("org-%d", 1+rng.Intn(orgs-1))
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# yaml-language-server: $schema=../../schema/agreement.schema.json\nid: %s\n", id)
		fmt.Fprintf(&b, "title:\n  es: Convenio sintético número %d para pruebas de rendimiento\n  en: Synthetic agreement number %d for performance tests\n  pt: Convênio sintético número %d para testes de desempenho\n", i, i, i)
		fmt.Fprintf(&b, "summary:\n  es: >-\n    %s\n  en: >-\n    %s\n", strings.Repeat("Texto de resumen generado para medir la validación. ", 4), strings.Repeat("Generated summary text to measure validation. ", 4))
		fmt.Fprintf(&b, "kind: %s\nparties: [lacnic, %s, %s]\n", kinds[i%len(kinds)], p1, p2)
		fmt.Fprintf(&b, "contributions:\n  - by: lacnic\n    type: %s\n    description:\n      es: Aporte de LACNIC.\n      en: LACNIC's part.\n  - by: %s\n    type: %s\n", types[i%len(types)], p1, types[(i+1)%len(types)])
		fmt.Fprintf(&b, "areas: [training, dns]\ncountries: [%s, %s]\n", countries[i%len(countries)], countries[(i+3)%len(countries)])
		y := 2002 + i%20
		fmt.Fprintf(&b, "dates:\n  signed: \"%d-%02d-%02d\"\n  start: \"%d-%02d\"\n  end: \"%d\"\n", y, 1+i%12, 1+i%28, y, 1+i%12, y+2)
		fmt.Fprintf(&b, "place:\n  city: Montevideo\n  country: UY\nterm:\n  initial: P1Y\n  renewal: automatic\n")
		fmt.Fprintf(&b, "signatories:\n  - name: Persona %d\n    role: {es: Director, en: Director}\n    party: lacnic\n", i)
		fmt.Fprintf(&b, "status: expired\n")
		if i > 0 {
			fmt.Fprintf(&b, "relations:\n  - type: extends\n    agreement: synthetic-agreement-%d\n", rng.Intn(i))
		}
		fmt.Fprintf(&b, "documents:\n  - title: Texto firmado\n    url: https://example.org/docs/%d.pdf\n    language: es\n    sha256: \"%064x\"\n", i, i)
		fmt.Fprintf(&b, "sources:\n  - title: Generated source %d\n    url: https://example.org/sources/%d\n    note: Synthetic.\nnotes:\n  es: Registro sintético.\noriginal_language: es\n", i, i)
		os.WriteFile(filepath.Join(root, "records/agreements", id+".yaml"), []byte(b.String()), 0o644)
	}
	return root
}

var (
	benchOnce sync.Once
	benchRoot string
)

// benchRegistry is one 10,000-record registry shared by the benchmarks.
func benchRegistry(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agreements-bench")
		if err != nil {
			b.Fatal(err)
		}
		tmp := generate(b, 10000)
		// Move out of the benchmark's own TempDir, which is removed when it ends.
		os.Rename(tmp, filepath.Join(dir, "r"))
		benchRoot = filepath.Join(dir, "r")
	})
	return benchRoot
}

func TestGeneratedRegistryIsValid(t *testing.T) {
	root := generate(t, 300)
	report, err := Run(Options{FS: os.DirFS(root), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range report.Diagnostics {
		if d.Severity == 0 {
			t.Fatalf("generated record has an error: %s: %s", d.File, d.Text())
		}
	}
	if report.Files != 300+200 {
		t.Errorf("files %d", report.Files)
	}
}

// BenchmarkValidate10k is the whole of `agreements validate` on 10,000
// agreements of about 2 KB.
func BenchmarkValidate10k(b *testing.B) {
	root := benchRegistry(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Run(Options{FS: os.DirFS(root), AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAndParse10k is the floor validate is compared with: reading
// the same files and parsing them into yaml.v3 nodes, with the same number
// of workers and nothing else.
func BenchmarkReadAndParse10k(b *testing.B) {
	root := benchRegistry(b)
	files, _, err := record.List(os.DirFS(root))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		next := make(chan string)
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range next {
					data, err := os.ReadFile(filepath.Join(root, p))
					if err != nil {
						b.Error(err)
						continue
					}
					var n yaml.Node
					if err := yaml.Unmarshal(data, &n); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, f := range files {
			next <- f.Path
		}
		close(next)
		wg.Wait()
	}
}
