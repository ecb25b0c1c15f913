package check

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"agreements/internal/collector"
	"agreements/internal/record"
	"agreements/internal/synth"
)

// generate writes a synthetic registry of n agreements under a temp folder.
func generate(tb testing.TB, n int) string {
	tb.Helper()
	root := tb.TempDir()
	if err := synth.Write(root, "../../schema", n, 1); err != nil {
		tb.Fatal(err)
	}
	return root
}

var (
	benchOnce sync.Once
	benchRoot string
)

// benchSize is the benchmarks' registry size: 10,000 agreements, or
// AGREEMENTS_BENCH_N (100000 for the stress size).
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("AGREEMENTS_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 10000
}

// benchRegistry is one registry of benchSize() agreements shared by the
// benchmarks. It sets the collector as `agreements validate` does
// (collector.Tune), for validation and for the parsing it is compared with
// alike, and for the rest of the benchmarks: the tests have run by then.
func benchRegistry(b *testing.B) string {
	collector.Tune(0)
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agreements-bench")
		if err != nil {
			b.Fatal(err)
		}
		tmp := generate(b, benchSize())
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
	if report.Files != 300+synth.Organizations {
		t.Errorf("files %d", report.Files)
	}
}

// BenchmarkValidate10k is the whole of `agreements validate` on 10,000
// agreements of about 2 KB.
func BenchmarkValidate10k(b *testing.B) {
	root := benchRegistry(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Run(Options{FS: record.DirFS(root), AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAndParse10k is the floor validate is compared with: reading
// the same files and parsing them into yaml.v3 nodes, with the same number
// of workers and nothing else.
func BenchmarkReadAndParse10k(b *testing.B) {
	eachFile(b, func(_ record.File, data []byte) {
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			b.Error(err)
		}
	})
}

// BenchmarkReadAndLoad10k is the loader alone on the same files, with the
// same workers: the text checks, yaml.v3's parse and the checks of its
// nodes (record.Parse), with no schema and no rules. Between the floor and
// validate, it says how much of validate's cost is loading.
func BenchmarkReadAndLoad10k(b *testing.B) {
	eachFile(b, func(f record.File, data []byte) {
		if doc, _ := record.Parse(f.Path, f.Kind, data); doc == nil {
			b.Errorf("%s: not loaded", f.Path)
		}
	})
}

// eachFile reads every file of the benchmarks' registry, in the order
// validate lists them, and hands each to do, with DefaultWorkers workers.
func eachFile(b *testing.B, do func(f record.File, data []byte)) {
	root := benchRegistry(b)
	files, _, err := record.List(os.DirFS(root))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		next := make(chan record.File)
		for w := 0; w < DefaultWorkers(); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range next {
					data, err := os.ReadFile(filepath.Join(root, f.Path))
					if err != nil {
						b.Error(err)
						continue
					}
					do(f, data)
				}
			}()
		}
		for _, f := range files {
			next <- f
		}
		close(next)
		wg.Wait()
	}
}

var (
	manyOnce sync.Once
	manyRoot string
)

// BenchmarkValidateManyDiagnostics10k is validate on benchSize()
// agreements of which most break the schema (every record's first
// address is made http://, which documents[].url refuses): a run that
// holds a diagnostic for nearly every record, under validate's memory
// limit, which follows what the run holds.
func BenchmarkValidateManyDiagnostics10k(b *testing.B) {
	root := benchRegistry(b)
	manyOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agreements-bench-many")
		if err != nil {
			b.Fatal(err)
		}
		manyRoot = filepath.Join(dir, "r")
		if err := os.CopyFS(manyRoot, os.DirFS(root)); err != nil {
			b.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(manyRoot, "records", "agreements", "*.yaml"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			os.WriteFile(f, bytes.Replace(data, []byte("url: https:"), []byte("url: http:"), 1), 0o644)
		}
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Run(Options{FS: record.DirFS(manyRoot), AsOf: asOf})
		if err != nil || len(r.Diagnostics) < benchSize()/2 {
			b.Fatal(len(r.Diagnostics), err)
		}
	}
}
