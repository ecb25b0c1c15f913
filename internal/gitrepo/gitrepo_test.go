package gitrepo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// runGit runs the git command in dir with fixed identities and dates, so
// that tests build the same history every time.
func runGit(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=Ana", "GIT_AUTHOR_EMAIL=ana@example.org",
		"GIT_COMMITTER_NAME=Ana", "GIT_COMMITTER_EMAIL=ana@example.org",
		"GIT_AUTHOR_DATE=2024-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2024-01-02T03:04:05Z",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t testing.TB, path, text string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	runGit(t, dir, "init", "-q", "-b", "main")
	write(t, filepath.Join(dir, "records/agreements/a.yaml"), "id: a\n")
	write(t, filepath.Join(dir, "records/agreements/b.yaml"), "id: b\n")
	write(t, filepath.Join(dir, "records/organizations/o.yaml"), "id: o\n")
	write(t, filepath.Join(dir, "schema/s.json"), "{}\n")
	write(t, filepath.Join(dir, "go.mod"), "module x\n")
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "base")
	return dir
}

func changes(list []Change) string {
	var out []string
	for _, c := range list {
		out = append(out, c.Action.String()+" "+c.Path)
	}
	return strings.Join(out, ", ")
}

func TestChanges(t *testing.T) {
	dir := newRepo(t)
	runGit(t, dir, "checkout", "-q", "-b", "change")
	write(t, filepath.Join(dir, "records/agreements/a.yaml"), "id: a\nx: 1\n")
	os.Remove(filepath.Join(dir, "records/agreements/b.yaml"))
	write(t, filepath.Join(dir, "records/agreements/c/d.yaml"), "id: d\n")
	write(t, filepath.Join(dir, "go.mod"), "module y\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "change")

	r, err := Open(filepath.Join(dir, "records"))
	if err != nil {
		t.Fatal(err)
	}
	base, err := r.Resolve("main")
	if err != nil {
		t.Fatal(err)
	}
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := r.MergeBase(base, head)
	if err != nil || mb.Hash != base.Hash {
		t.Fatalf("merge base %v, %v", mb, err)
	}
	got, err := r.Changes(mb, head, "", "records", "go.mod", "schema", ".github")
	if err != nil {
		t.Fatal(err)
	}
	want := "modified go.mod, modified records/agreements/a.yaml, deleted records/agreements/b.yaml, added records/agreements/c/d.yaml"
	if changes(got) != want {
		t.Errorf("Changes:\n got %s\nwant %s", changes(got), want)
	}

	// A rule file that becomes a folder, and a folder holding one file of
	// its own name: what is at the path compares, file or folder.
	runGit(t, dir, "rm", "-q", "go.mod")
	write(t, filepath.Join(dir, "go.mod/inner"), "x\n")
	write(t, filepath.Join(dir, "schema/schema"), "{}\n")
	runGit(t, dir, "rm", "-q", "schema/s.json")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "shapes")
	after, _ := r.Resolve("HEAD")
	got, err = r.Changes(head, after, "", "go.mod", "schema")
	if err != nil {
		t.Fatal(err)
	}
	want = "deleted go.mod, added go.mod/inner, deleted schema/s.json, added schema/schema"
	if changes(got) != want {
		t.Errorf("Changes of shapes:\n got %s\nwant %s", changes(got), want)
	}
	runGit(t, dir, "reset", "-q", "--hard", "HEAD~1")

	// The working tree: an edit, a new untracked file and a deletion.
	write(t, filepath.Join(dir, "records/organizations/o.yaml"), "id: o\nname: x\n")
	write(t, filepath.Join(dir, "records/organizations/p.yaml"), "id: p\n")
	os.Remove(filepath.Join(dir, "records/agreements/a.yaml"))
	got, err = r.WorktreeChanges(mb, "", "records", "go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want = "modified go.mod, deleted records/agreements/a.yaml, deleted records/agreements/b.yaml, added records/agreements/c/d.yaml, modified records/organizations/o.yaml, added records/organizations/p.yaml"
	if changes(got) != want {
		t.Errorf("WorktreeChanges:\n got %s\nwant %s", changes(got), want)
	}
}

func TestTreeFS(t *testing.T) {
	dir := newRepo(t)
	os.Symlink("a.yaml", filepath.Join(dir, "records/agreements/link.yaml"))
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "link")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := r.Resolve("HEAD")
	fsys, err := r.FS(head, "")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, fmt.Sprintf("%s:%v", p, d.Type()))
		return nil
	})
	want := "., go.mod, records, records/agreements, records/agreements/a.yaml, records/agreements/b.yaml, records/agreements/link.yaml, records/organizations, records/organizations/o.yaml, schema, schema/s.json"
	var names []string
	for _, s := range seen {
		names = append(names, strings.SplitN(s, ":", 2)[0])
	}
	if strings.Join(names, ", ") != want {
		t.Errorf("walk: %s", strings.Join(names, ", "))
	}
	if !strings.Contains(strings.Join(seen, " "), "link.yaml:L") {
		t.Errorf("symlink not shown as one: %v", seen)
	}
	data, err := fs.ReadFile(fsys, "records/agreements/a.yaml")
	if err != nil || string(data) != "id: a\n" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if _, err := fs.ReadFile(fsys, "records/nope.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if err := fstest.TestFS(fsys, "go.mod", "records/agreements/a.yaml", "records/agreements/b.yaml",
		"records/organizations/o.yaml", "schema/s.json"); err != nil {
		t.Error(err)
	}
	sub, err := r.FS(head, "records/")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(sub, "agreements/b.yaml"); err != nil {
		t.Errorf("prefix: %v", err)
	}
}

func TestShallowAndMissingRefs(t *testing.T) {
	dir := newRepo(t)
	for i := 0; i < 3; i++ {
		write(t, filepath.Join(dir, "records/agreements/a.yaml"), fmt.Sprintf("id: a\nv: %d\n", i))
		runGit(t, dir, "commit", "-q", "-am", fmt.Sprint("edit ", i))
	}
	clone := filepath.Join(t.TempDir(), "clone")
	runGit(t, dir, "clone", "-q", "--depth", "1", "file://"+dir, clone)
	r, err := Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Shallow() {
		t.Fatal("clone not seen as shallow")
	}
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Walk(head, "", "records"); !errors.Is(err, ErrShallow) {
		t.Errorf("Walk in a shallow clone: %v", err)
	}
	var refErr *RefError
	if _, err := r.Resolve("main~3"); !errors.Is(err, ErrShallow) && !errors.As(err, &refErr) {
		t.Errorf("Resolve past the shallow end: %v", err)
	}
	if _, err := r.Resolve("no-such-branch"); !errors.As(err, &refErr) || !strings.Contains(err.Error(), "git fetch origin no-such-branch") {
		t.Errorf("Resolve of a missing ref: %v", err)
	}
	if _, err := Open(t.TempDir()); !errors.Is(err, ErrNotRepo) {
		t.Errorf("Open outside a repository: %v", err)
	}
}

func TestWalk(t *testing.T) {
	dir := newRepo(t)
	runGit(t, dir, "checkout", "-q", "-b", "topic")
	write(t, filepath.Join(dir, "records/agreements/a.yaml"), "id: a\nv: 2\n")
	runGit(t, dir, "commit", "-q", "-am", "topic edit")
	runGit(t, dir, "checkout", "-q", "main")
	write(t, filepath.Join(dir, "records/agreements/b.yaml"), "id: b\nv: 2\n")
	runGit(t, dir, "commit", "-q", "-am", "main edit")
	runGit(t, dir, "merge", "-q", "--no-ff", "-m", "merge topic", "topic")
	os.Remove(filepath.Join(dir, "records/organizations/o.yaml"))
	runGit(t, dir, "commit", "-q", "-am", "remove o")

	r, _ := Open(dir)
	head, _ := r.Resolve("HEAD")
	hist, err := r.Walk(head, "", "records")
	if err != nil {
		t.Fatal(err)
	}
	summary := func(p string) string {
		h := hist[p]
		if h == nil {
			return "none"
		}
		var parts []string
		for _, tc := range h.Touches {
			parts = append(parts, tc.Action.String()+" in "+tc.Commit.Subject)
		}
		return strings.Join(parts, "; ")
	}
	tests := map[string]string{
		// First parent: the topic's edit reaches main as the merge.
		"records/agreements/a.yaml":    "modified in merge topic; added in base",
		"records/agreements/b.yaml":    "modified in main edit; added in base",
		"records/organizations/o.yaml": "deleted in remove o; added in base",
	}
	for p, want := range tests {
		if got := summary(p); got != want {
			t.Errorf("%s: %s, want %s", p, got, want)
		}
	}
	if len(hist) != 3 {
		t.Errorf("%d files in history", len(hist))
	}
}

func TestLastChange(t *testing.T) {
	dir := newRepo(t)
	write(t, filepath.Join(dir, "records/agreements/a.yaml"), "id: a\nv: 1\n")
	runGit(t, dir, "commit", "-q", "-am", "records")
	write(t, filepath.Join(dir, "go.mod"), "module z\n")
	runGit(t, dir, "commit", "-q", "-am", "tool")
	write(t, filepath.Join(dir, "dist.txt"), "x\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "output")
	r, _ := Open(dir)
	head, _ := r.Resolve("HEAD")
	c, err := r.LastChange(head, "", "records", "schema")
	if err != nil || c.Subject != "records" {
		t.Errorf("LastChange = %v, %v", c, err)
	}
	write(t, filepath.Join(dir, "schema/s.json"), "{\"x\": 1}\n")
	runGit(t, dir, "commit", "-q", "-am", "schema")
	head, _ = r.Resolve("HEAD")
	if c, err := r.LastChange(head, "", "records", "schema"); err != nil || c.Subject != "schema" {
		t.Errorf("LastChange = %v, %v", c, err)
	}
}

// TestLastChangeUntracked: a registry folder the repository does not
// track derives from no commit, rather than from the first one.
func TestLastChangeUntracked(t *testing.T) {
	dir := newRepo(t)
	write(t, filepath.Join(dir, "other/x.txt"), "x\n")
	runGit(t, dir, "add", "-A")
	runGit(t, dir, "commit", "-q", "-m", "other")
	write(t, filepath.Join(dir, "registry/records/agreements/a.yaml"), "id: a\n")
	r, _ := Open(dir)
	head, _ := r.Resolve("HEAD")
	if c, err := r.LastChange(head, "registry/", "records", "schema"); err != nil || c != nil {
		t.Errorf("LastChange = %v, %v; want none", c, err)
	}
}

func TestWebURL(t *testing.T) {
	tests := map[string]string{
		"https://github.com/lacnic/agreements.git":       "https://github.com/lacnic/agreements",
		"https://github.com/lacnic/agreements":           "https://github.com/lacnic/agreements",
		"https://token@github.com/lacnic/agreements.git": "https://github.com/lacnic/agreements",
		"git@github.com:lacnic/agreements.git":           "https://github.com/lacnic/agreements",
		"ssh://git@github.com/lacnic/agreements.git":     "https://github.com/lacnic/agreements",
		"file:///tmp/x":       "",
		"/srv/git/agreements": "",
	}
	for in, want := range tests {
		if got := webURL(in); got != want {
			t.Errorf("webURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStatSize: a commit's file system tells a file's size from the
// object's header, loose, packed whole, or packed as a delta, without
// opening it; the size is the content's length.
func TestStatSize(t *testing.T) {
	dir := newRepo(t)
	big := strings.Repeat("una línea de un registro largo\n", 4000)
	write(t, filepath.Join(dir, "records/agreements/big.yaml"), big)
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "big")
	want := map[string]int{"HEAD~1": -1, "HEAD": len(big)}
	edited := strings.Replace(big, "largo", "extenso", 1) + "otra línea\n"
	write(t, filepath.Join(dir, "records/agreements/big.yaml"), edited)
	runGit(t, dir, "commit", "-q", "-am", "edit")
	want["HEAD~1"], want["HEAD"] = len(big), len(edited)
	check := func(how string) {
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for ref, size := range want {
			c, err := r.Resolve(ref)
			if err != nil {
				t.Fatal(err)
			}
			fsys, err := r.FS(c, "")
			if err != nil {
				t.Fatal(err)
			}
			info, err := fs.Stat(fsys, "records/agreements/big.yaml")
			if err != nil || info.Size() != int64(size) {
				t.Errorf("%s, %s: size %v (%v), want %d", how, ref, info, err, size)
			}
			if info, err := fs.Stat(fsys, "records/agreements"); err != nil || !info.IsDir() {
				t.Errorf("%s, %s: a folder: %v, %v", how, ref, info, err)
			}
		}
	}
	check("loose")
	runGit(t, dir, "gc", "-q", "--aggressive")
	// One of the two versions is now a delta of the other.
	idx, _ := filepath.Glob(filepath.Join(dir, ".git/objects/pack/*.idx"))
	if len(idx) != 1 {
		t.Fatalf("packs: %q", idx)
	}
	if out := runGit(t, dir, "verify-pack", "-v", idx[0]); !strings.Contains(out, "chain length = 1") {
		t.Fatalf("no delta in the pack:\n%s", out)
	}
	check("packed")
}

// TestBlobsInParallel reads a packed commit's files from many goroutines
// at once, as the check's workers do (each blob through one of the
// repository's blob readers, which share the cache of decoded objects),
// and holds each to what was committed. Run with -race, it also holds the
// readers to being safe together.
func TestBlobsInParallel(t *testing.T) {
	dir := newRepo(t)
	want := map[string]string{}
	for i := range 60 {
		p := fmt.Sprintf("records/agreements/r%02d.yaml", i)
		// Alike texts, so that the pack holds deltas of one another.
		want[p] = fmt.Sprintf("id: r%02d\n%s", i, strings.Repeat(fmt.Sprintf("línea %d de un registro\n", i%7), 40+i))
		write(t, filepath.Join(dir, p), want[p])
	}
	runGit(t, dir, "add", ".")
	runGit(t, dir, "commit", "-q", "-m", "many")
	runGit(t, dir, "gc", "-q", "--aggressive")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	head, _ := r.Resolve("HEAD")
	fsys, err := r.FS(head, "")
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for p, text := range want {
				info, err := fs.Stat(fsys, p)
				if err == nil && info.Size() != int64(len(text)) {
					err = fmt.Errorf("reader %d: %s: size %d, want %d", g, p, info.Size(), len(text))
				}
				var data []byte
				if err == nil {
					data, err = fs.ReadFile(fsys, p)
				}
				if err == nil && string(data) != text {
					err = fmt.Errorf("reader %d: %s: read %q", g, p, data)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
