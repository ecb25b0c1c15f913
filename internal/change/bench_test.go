package change

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"agreements/internal/check"
	"agreements/internal/record"
	"agreements/internal/synth"
)

var (
	prOnce sync.Once
	prDir  string
)

// prRepo is a 10,000-agreement registry in git: main, and a branch
// "change" that modifies one agreement.
func prRepo(b *testing.B) string {
	prOnce.Do(func() {
		if _, err := exec.LookPath("git"); err != nil {
			b.Skip("git is not installed")
		}
		tmp, err := os.MkdirTemp("", "agreements-pr")
		if err != nil {
			b.Fatal(err)
		}
		prDir = tmp
		if err := synth.Write(tmp, "../../schema", 10000, 1); err != nil {
			b.Fatal(err)
		}
		gitIn(b, tmp, "init", "-q", "-b", "main")
		gitIn(b, tmp, "add", "-A")
		gitIn(b, tmp, "commit", "-q", "-m", "base")
		gitIn(b, tmp, "checkout", "-q", "-b", "change")
		p := filepath.Join(tmp, "records/agreements/synthetic-agreement-77.yaml")
		data, _ := os.ReadFile(p)
		os.WriteFile(p, []byte(strings.Replace(string(data), "status: expired", "status: terminated", 1)), 0o644)
		gitIn(b, tmp, "commit", "-q", "-am", "change")
		// Pack the objects, as a clone has them.
		gitIn(b, tmp, "gc", "-q")
	})
	return prDir
}

func gitIn(tb testing.TB, dir string, args ...string) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@b", "GIT_COMMITTER_NAME=a",
		"GIT_COMMITTER_EMAIL=a@b", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=gc.auto", "GIT_CONFIG_VALUE_0=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

var asOf = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// BenchmarkPullRequest10k is pull-request mode between two commits with
// one changed agreement, in a 10,000-agreement registry.
func BenchmarkPullRequest10k(b *testing.B) {
	dir := prRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(Options{Root: dir, Base: "main", Head: "change"})
		if err != nil {
			b.Fatal(err)
		}
		r, err := s.Validate(asOf)
		if err != nil || r.Files == 0 {
			b.Fatal(r.Files, err)
		}
		s.Close()
	}
}

// BenchmarkFull10k is the full validation of the same registry, for the
// ratio.
func BenchmarkFull10k(b *testing.B) {
	dir := prRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := check.Run(check.Options{FS: record.DirFS(dir), AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
}
