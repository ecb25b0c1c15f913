package synth

import (
	"bufio"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// History turns the registry written in dir into a git repository of
// commits commits, each adding or changing 1 to 3 records, whose last tree
// is the registry as written. About a quarter of the changes come through
// merged side branches, as pull requests do. Earlier versions of a record
// are the final text with a revision comment, so every commit is a real
// change. It uses git fast-import, which is fast enough for 10,000
// commits, and packs the result as a clone holds it.
func History(dir string, commits int, seed int64) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "injected-errors.txt" {
			return nil
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	run := func(args ...string) error {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	if err := run("init", "-q", "-b", "main"); err != nil {
		return err
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	w := bufio.NewWriter(in)
	rng := rand.New(rand.NewSource(seed))
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	added := 0
	final := map[string]bool{}
	i, mark, mainMark := 0, 0, 0
	header := func(branch string, from int) {
		mark++
		fmt.Fprintf(w, "commit refs/heads/%s\nmark :%d\ncommitter Synth <synth@example.invalid> %d +0000\ndata <<EOM\nsynthetic commit %d\nEOM\n",
			branch, mark, start+int64(i)*3600, i)
		if from > 0 {
			fmt.Fprintf(w, "from :%d\n", from)
		}
		i++
	}
	// change writes one commit's changes to 1 to 3 files (to every file
	// not yet at its final text, in the last commit), remembering them in
	// side when it is not nil.
	change := func(side map[string][]byte) error {
		last := i == commits
		k := 1 + rng.Intn(3)
		for j := 0; j < k || (last && added < len(files)); j++ {
			var f string
			// Spread the additions so that every file exists by the end.
			if added < len(files) && (last || rng.Intn(max(commits-i, 1)) < len(files)-added || added == 0) {
				f = files[added]
				added++
			} else {
				f = files[rng.Intn(added)]
			}
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil {
				return err
			}
			if !last {
				data = append(data, []byte(fmt.Sprintf("# revision %d\n", i))...)
			}
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", f, len(data), data)
			if last {
				final[f] = true
			}
			if side != nil {
				side[f] = data
			}
		}
		return nil
	}
	for i < commits {
		// A quarter of the changes arrive as pull requests do: one to
		// three commits on a branch, main sometimes moving on meanwhile,
		// then a merge commit (git merge --no-ff).
		if i == 0 || commits-i < 8 || rng.Intn(4) > 0 {
			header("main", mainMark)
			mainMark = mark
			if err := change(nil); err != nil {
				return err
			}
			continue
		}
		side := map[string][]byte{}
		sideMark := mainMark
		for k, n := 0, 1+rng.Intn(3); k < n; k++ {
			header("topic", sideMark)
			sideMark = mark
			if err := change(side); err != nil {
				return err
			}
			if rng.Intn(3) == 0 {
				header("main", mainMark)
				mainMark = mark
				if err := change(nil); err != nil {
					return err
				}
			}
		}
		header("main", mainMark)
		mainMark = mark
		fmt.Fprintf(w, "merge :%d\n", sideMark)
		paths := make([]string, 0, len(side))
		for f := range side {
			paths = append(paths, f)
		}
		sort.Strings(paths)
		for _, f := range paths {
			fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", f, len(side[f]), side[f])
		}
	}
	// The last commit, on main, sets every file to its final text.
	for _, f := range files {
		if final[f] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "M 100644 inline %s\ndata %d\n%s\n", f, len(data), data)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	in.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %v: %s", err, stderr.String())
	}
	if err := run("reset", "-q", "--hard", "main"); err != nil {
		return err
	}
	// Packed as a clone receives it: fast-import's pack runs its deltas the
	// other way, newer objects on older bases.
	return run("repack", "-adfq")
}
