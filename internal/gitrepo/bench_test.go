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

	"github.com/go-git/go-git/v5/plumbing/object"
)

// generateHistory builds, with git fast-import, a repository of commits
// commits touching records files under records/agreements/ (each commit
// adds or changes 1 to 3 of them), deterministically. With merges, about
// a quarter of the changes arrive as a pull request would: one to three
// commits on a side branch, sometimes while main moves on, then a merge
// commit on main (git merge --no-ff).
func generateHistory(tb testing.TB, dir string, commits, records int, merges bool) {
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
	i, mark, mainMark := 0, 0, 0
	// change writes one commit's file changes, remembering them in side
	// when it is not nil (a side branch's, replayed by its merge).
	change := func(side map[string]string) {
		for k, n := 0, 1+rng.Intn(3); k < n; k++ {
			var id int
			// Spread the additions over the history so that every record
			// exists by the end.
			if added < records && (rng.Intn(max(commits-i, 1)) < records-added || i == 0) {
				id = added
				added++
			} else {
				id = rng.Intn(max(added, 1))
			}
			p := fmt.Sprintf("records/agreements/synthetic-%d.yaml", id)
			body := fmt.Sprintf("id: synthetic-%d\nstatus: unknown\nrevision: %d\n", id, i)
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", p, len(body), body)
			if side != nil {
				side[p] = body
			}
		}
	}
	header := func(branch string, from int) {
		mark++
		fmt.Fprintf(w, "commit refs/heads/%s\nmark :%d\ncommitter Ana <ana@example.org> %d +0000\ndata <<EOM\ncommit %d\nEOM\n",
			branch, mark, when+int64(i)*60, i)
		if from > 0 {
			fmt.Fprintf(w, "from :%d\n", from)
		}
		i++
	}
	for i < commits {
		if !merges || i == 0 || rng.Intn(4) > 0 || commits-i < 8 {
			header("main", mainMark)
			mainMark = mark
			change(nil)
			continue
		}
		side := map[string]string{}
		sideMark := mainMark
		for k, n := 0, 1+rng.Intn(3); k < n; k++ {
			header("topic", sideMark)
			sideMark = mark
			change(side)
			if rng.Intn(3) == 0 { // main moves on meanwhile
				header("main", mainMark)
				mainMark = mark
				change(nil)
			}
		}
		header("main", mainMark)
		mainMark = mark
		fmt.Fprintf(w, "merge :%d\n", sideMark)
		for _, p := range slices.Sorted(maps.Keys(side)) {
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", p, len(side[p]), side[p])
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

func TestMain(m *testing.M) {
	code := m.Run()
	if historyDir != "" {
		os.RemoveAll(filepath.Dir(historyDir))
	}
	os.Exit(code)
}

// historyRepo is the top of a registry's realistic range: 5,000 commits
// with merges touching 2,000 records, packed as a clone holds it.
func historyRepo(b *testing.B) string {
	historyOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agreements-history")
		if err != nil {
			b.Fatal(err)
		}
		historyDir = filepath.Join(dir, "repo")
		os.Mkdir(historyDir, 0o755)
		generateHistory(b, historyDir, 5000, 2000, true)
		// Pack it as a clone receives it (fast-import's pack deltas run
		// the other way: newer objects on older bases).
		runGit(b, historyDir, "repack", "-adfq")
	})
	return historyDir
}

// BenchmarkWalk is the history walk over 5,000 commits touching 2,000
// records.
func BenchmarkWalk(b *testing.B) {
	dir := historyRepo(b)
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	head, err := r.Resolve("HEAD")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hist, err := r.Walk(head, "", "records")
		if err != nil {
			b.Fatal(err)
		}
		if len(hist) != 2000 {
			b.Fatalf("%d files", len(hist))
		}
	}
}

// BenchmarkWalkDiffTree is the same walk with go-git's object.DiffTree of
// each commit's records/ tree and its parent's: what the raw-tree differ
// replaces.
func BenchmarkWalkDiffTree(b *testing.B) {
	dir := historyRepo(b)
	r, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	head, _ := r.Resolve("HEAD")
	records := func(c *object.Commit) *object.Tree {
		t, err := c.Tree()
		if err != nil {
			b.Fatal(err)
		}
		sub, err := t.Tree("records")
		if err != nil {
			b.Fatal(err)
		}
		return sub
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		files := map[string]int{}
		for c := head.c; ; {
			var before *object.Tree
			var parent *object.Commit
			if c.NumParents() > 0 {
				if parent, err = c.Parent(0); err != nil {
					b.Fatal(err)
				}
				before = records(parent)
			}
			changes, err := object.DiffTree(before, records(c))
			if err != nil {
				b.Fatal(err)
			}
			for _, ch := range changes {
				files[ch.From.Name+ch.To.Name]++
			}
			if parent == nil {
				break
			}
			c = parent
		}
		if len(files) < 2000 {
			b.Fatalf("%d files", len(files))
		}
	}
}

// BenchmarkGitLog is the native command on the same history, for the
// ratio: git log --first-parent --name-only.
func BenchmarkGitLog(b *testing.B) {
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

// TestGeneratedHistory compares the walk with git log on a history with
// merges: for every record, the number of commits that touched it, and
// the commits that created and last updated it.
func TestGeneratedHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	generateHistory(t, dir, 400, 100, true)
	if merges := runGit(t, dir, "rev-list", "--merges", "--count", "HEAD"); strings.TrimSpace(merges) == "0" {
		t.Fatal("the generated history has no merges")
	}
	r, _ := Open(dir)
	head, _ := r.Resolve("HEAD")
	hist, err := r.Walk(head, "", "records")
	if err != nil {
		t.Fatal(err)
	}
	// git's answer: commits newest first, each followed by its files.
	want := map[string][]string{}
	var commit string
	for _, line := range splitLines(runGit(t, dir, "log", "--first-parent", "--name-only", "--format=commit %H", "--", "records")) {
		switch {
		case strings.HasPrefix(line, "commit "):
			commit = strings.TrimPrefix(line, "commit ")
		case line != "":
			want[line] = append(want[line], commit)
		}
	}
	if len(hist) != len(want) || len(hist) != 100 {
		t.Fatalf("%d files, git log names %d", len(hist), len(want))
	}
	for p, commits := range want {
		h := hist[p]
		if h == nil {
			t.Errorf("%s: missing", p)
			continue
		}
		var got []string
		for _, touch := range h.Touches {
			got = append(got, touch.Commit.Hash)
		}
		if !slices.Equal(got, commits) {
			t.Errorf("%s: touched by %d commits, git log says %d", p, len(got), len(commits))
		}
		if h.Created().Hash != commits[len(commits)-1] || h.Updated().Hash != commits[0] {
			t.Errorf("%s: created %s, updated %s", p, h.Created().Short(), h.Updated().Short())
		}
	}
}

func splitLines(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }
