package gitrepo

import (
	"bufio"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// generateHistory builds, with git fast-import, a repository of commits
// commits touching records files under records/agreements/ (each commit
// adds or changes 1 to 3 of them), deterministically.
func generateHistory(tb testing.TB, dir string, commits, records int) {
	tb.Helper()
	runGit(tb, dir, "init", "-q", "-b", "main")
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(in)
	rng := rand.New(rand.NewSource(1))
	added := 0
	when := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for i := 0; i < commits; i++ {
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter Ana <ana@example.org> %d +0000\ndata <<EOM\ncommit %d\nEOM\n", when+int64(i)*60, i)
		n := 1 + rng.Intn(3)
		for k := 0; k < n; k++ {
			var id int
			// Spread the additions over the history so that every record
			// exists by the end.
			if added < records && (rng.Intn(commits-i) < records-added || i == 0) {
				id = added
				added++
			} else {
				id = rng.Intn(max(added, 1))
			}
			body := fmt.Sprintf("id: synthetic-%d\nstatus: unknown\nrevision: %d\n", id, i)
			fmt.Fprintf(w, "M 100644 inline records/agreements/synthetic-%d.yaml\ndata %d\n%s\n", id, len(body), body)
		}
	}
	w.Flush()
	in.Close()
	if err := cmd.Wait(); err != nil {
		tb.Fatal(err)
	}
	runGit(tb, dir, "reset", "-q", "--hard", "main")
}

var (
	historyOnce sync.Once
	historyDir  string
)

func historyRepo(b *testing.B) string {
	historyOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agreements-history")
		if err != nil {
			b.Fatal(err)
		}
		historyDir = filepath.Join(dir, "repo")
		os.Mkdir(historyDir, 0o755)
		generateHistory(b, historyDir, 10000, 5000)
	})
	return historyDir
}

// BenchmarkWalk10k is the history walk over 10,000 commits touching 5,000
// records.
func BenchmarkWalk10k(b *testing.B) {
	dir := historyRepo(b)
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	head, err := r.Resolve("HEAD")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hist, err := r.WalkUncached(head, "", "records")
		if err != nil {
			b.Fatal(err)
		}
		if len(hist) != 5000 {
			b.Fatalf("%d files", len(hist))
		}
	}
}

// BenchmarkWalk10kCached is a later run on the same tip: it reads the
// cache the first run left.
func BenchmarkWalk10kCached(b *testing.B) {
	dir := historyRepo(b)
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	head, _ := r.Resolve("HEAD")
	if _, err := r.Walk(head, "", "records"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hist, err := r.Walk(head, "", "records")
		if err != nil || len(hist) != 5000 {
			b.Fatal(len(hist), err)
		}
	}
}

// BenchmarkGitLog10k is the native command on the same history, for the
// ratio: git log --first-parent --name-only.
func BenchmarkGitLog10k(b *testing.B) {
	dir := historyRepo(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command("git", "log", "--first-parent", "--name-only", "--format=%H %ct", "--", "records")
		cmd.Dir = dir
		if out, err := cmd.Output(); err != nil || len(out) == 0 {
			b.Fatal(err)
		}
	}
}

func TestGeneratedHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	generateHistory(t, dir, 300, 100)
	r, _ := Open(dir)
	head, _ := r.Resolve("HEAD")
	hist, err := r.Walk(head, "", "records")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 100 {
		t.Fatalf("%d files", len(hist))
	}
	// Cross-check with git: the number of commits touching one file.
	for _, p := range []string{"records/agreements/synthetic-0.yaml", "records/agreements/synthetic-57.yaml"} {
		out := runGit(t, dir, "log", "--first-parent", "--format=%H", "--", p)
		want := len(splitLines(out))
		if got := len(hist[p].Touches); got != want {
			t.Errorf("%s: %d touches, git log says %d", p, got, want)
		}
		if hist[p].Created().Hash != splitLines(out)[want-1] {
			t.Errorf("%s: created in %s", p, hist[p].Created().Short())
		}
	}
}

func splitLines(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }

// TestWalkCache: a walk that starts from a cache gives the same answer as
// a walk from scratch, after new commits and after history is rewritten;
// a walk at the cached tip leaves the cache as it is.
func TestWalkCache(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	generateHistory(t, dir, 60, 20)
	check := func(step string) {
		t.Helper()
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		head, _ := r.Resolve("HEAD")
		got, err := r.Walk(head, "", "records")
		if err != nil {
			t.Fatal(err)
		}
		want, _ := r.WalkUncached(head, "", "records")
		if describe(got) != describe(want) {
			t.Errorf("%s: cached walk differs:\n%s\nwant\n%s", step, describe(got), describe(want))
		}
	}
	cacheFile := func() os.FileInfo {
		t.Helper()
		matches, _ := filepath.Glob(filepath.Join(dir, ".git", "agreements", "history-*.gob"))
		if len(matches) != 1 {
			t.Fatalf("cache files: %v", matches)
		}
		fi, err := os.Stat(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	check("first run")
	first := cacheFile()
	check("same tip")
	if again := cacheFile(); !again.ModTime().Equal(first.ModTime()) || again.Size() != first.Size() {
		t.Error("a walk at the cached tip rewrote the cache")
	}
	write(t, filepath.Join(dir, "records/agreements/synthetic-3.yaml"), "id: synthetic-3\nnew: 1\n")
	write(t, filepath.Join(dir, "records/agreements/new.yaml"), "id: new\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "two more")
	check("new commit")
	runGit(t, dir, "reset", "-q", "--hard", "HEAD~3")
	write(t, filepath.Join(dir, "records/agreements/other.yaml"), "id: other\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "rewritten")
	check("rewritten history")
}

func describe(files map[string]*FileHistory) string {
	var b strings.Builder
	for _, p := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(&b, "%s:", p)
		for _, t := range files[p].Touches {
			fmt.Fprintf(&b, " %s/%s/%s/%s", t.Commit.Short(), t.Action, t.Hash, t.Commit.When.Format(time.RFC3339))
		}
		b.WriteString("\n")
	}
	return b.String()
}
