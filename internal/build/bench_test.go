package build

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"agreements/internal/check"
	"agreements/internal/emit"
	"agreements/internal/record"
	"agreements/internal/synth"
)

var (
	once sync.Once
	root string
)

func registry(b *testing.B) string {
	once.Do(func() {
		dir, err := os.MkdirTemp("", "agreements-build")
		if err != nil {
			b.Fatal(err)
		}
		root = dir
		if err := synth.Write(root, "../../schema", 10000, 1); err != nil {
			b.Fatal(err)
		}
	})
	return root
}

// BenchmarkValidate10k is validation alone, for the ratio.
func BenchmarkValidate10k(b *testing.B) {
	dir := registry(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := check.Run(check.Options{FS: record.DirFS(dir), AsOf: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild10k is the whole build, writing every output.
func BenchmarkBuild10k(b *testing.B) {
	dir0 := registry(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), "dist")
		r, err := Run(Options{Root: dir0, Out: out, NoHistory: true, Emit: emit.Options{Lang: "es"}})
		if err != nil || r.Agreements != 10000 {
			b.Fatal(err, r.Agreements)
		}
	}
}
