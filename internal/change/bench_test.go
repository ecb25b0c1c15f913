package change

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// prChanges are the changes the pull-request benchmarks measure, each a
// branch off main in prRepo, with a checkout of its own for the full
// validation of the same tree.
var prChanges = []string{"status", "added", "renamed", "relation"}

// prSize is the number of agreements of prRepo: 10,000, or
// AGREEMENTS_BENCH_N (2000 for the top of the realistic range).
func prSize() int {
	if n, err := strconv.Atoi(os.Getenv("AGREEMENTS_BENCH_N")); err == nil && n > 200 {
		return n
	}
	return 10000
}

// prRepo is a registry of prSize agreements shaped like a real one (see
// package synth) in a packed repository: main, and one branch per change
// in prChanges:
//   - status: one agreement's status changed;
//   - added: 100 agreements added (about a third with relations);
//   - renamed: the file of the partner most agreements name renamed;
//   - relation: one relation added to one agreement.
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
		repo := filepath.Join(tmp, "repo")
		n := prSize()
		if err := synth.Write(repo, "../../schema", n, 1); err != nil {
			b.Fatal(err)
		}
		gitIn(b, repo, "init", "-q", "-b", "main")
		gitIn(b, repo, "add", "-A")
		gitIn(b, repo, "commit", "-q", "-m", "base")
		edit := func(rel, old, new string) {
			p := filepath.Join(repo, rel)
			data, _ := os.ReadFile(p)
			if !strings.Contains(string(data), old) {
				b.Fatalf("%s lacks %q", rel, old)
			}
			os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644)
		}
		for _, change := range prChanges {
			gitIn(b, repo, "checkout", "-q", "-b", change, "main")
			switch change {
			case "status":
				edit("records/agreements/synthetic-agreement-77.yaml", "status: expired", "status: terminated")
			case "added":
				rng := rand.New(rand.NewSource(2))
				for i := n; i < n+100; i++ {
					os.WriteFile(filepath.Join(repo, "records/agreements", synth.AgreementID(i)+".yaml"), []byte(synth.Agreement(rng, i)), 0o644)
				}
			case "renamed":
				gitIn(b, repo, "mv", "records/organizations/org-1.yaml", "records/organizations/org-1-renamed.yaml")
				edit("records/organizations/org-1-renamed.yaml", "id: org-1\n", "id: org-1-renamed\n")
			case "relation":
				edit(fmt.Sprintf("records/agreements/synthetic-agreement-%d.yaml", n/2), "status: expired\n", fmt.Sprintf("status: expired\nrelations:\n  - type: amends\n    agreement: synthetic-agreement-%d\n", n*2/5))
			}
			gitIn(b, repo, "add", "-A")
			gitIn(b, repo, "commit", "-q", "-m", change)
		}
		gitIn(b, repo, "checkout", "-q", "main")
		for _, change := range prChanges {
			gitIn(b, repo, "worktree", "add", "-q", filepath.Join(tmp, change), change)
		}
		// Pack the objects, as a clone has them.
		gitIn(b, repo, "gc", "-q")
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

// BenchmarkPullRequest10k is pull-request mode between main and each
// change's branch, as the judge runs it (--head: records from git objects).
func BenchmarkPullRequest10k(b *testing.B) {
	dir := prRepo(b)
	for _, change := range prChanges {
		b.Run(change, func(b *testing.B) {
			for b.Loop() {
				s, err := Open(Options{Root: filepath.Join(dir, "repo"), Base: "main", Head: change})
				if err != nil {
					b.Fatal(err)
				}
				r, err := s.Validate(asOf)
				if err != nil || r.Files == 0 {
					b.Fatal(r.Files, err)
				}
				s.Close()
			}
		})
	}
}

// BenchmarkFull10k is the full validation of each change's tree, checked
// out, for the ratio.
func BenchmarkFull10k(b *testing.B) {
	dir := prRepo(b)
	for _, change := range prChanges {
		b.Run(change, func(b *testing.B) {
			for b.Loop() {
				if _, err := check.Run(check.Options{FS: record.DirFS(filepath.Join(dir, change)), AsOf: asOf}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
