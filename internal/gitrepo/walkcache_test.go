package gitrepo

import (
	"crypto/sha256"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"agreements/internal/filelock"
)

// cacheRepo is a generated history of 40 commits with its cache written,
// a side branch, and the path of the cache file.
type cacheRepo struct {
	dir, cache, side string
	want             string // describe() of the uncached walk
	valid            []byte // the cache file as a walk writes it
}

func newCacheRepo(tb testing.TB) *cacheRepo {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("git is not installed")
	}
	dir := tb.TempDir()
	generateHistory(tb, dir, 40, 12, false)
	// A commit on another branch: it exists, but is not in main's history.
	runGit(tb, dir, "checkout", "-q", "-b", "side")
	write(tb, filepath.Join(dir, "records/agreements/side.yaml"), "id: side\n")
	runGit(tb, dir, "add", "-A")
	runGit(tb, dir, "commit", "-q", "-m", "side")
	side := trim(runGit(tb, dir, "rev-parse", "HEAD"))
	runGit(tb, dir, "checkout", "-q", "main")
	// And a deletion, so that every action is in the cache.
	runGit(tb, dir, "rm", "-q", "records/agreements/synthetic-2.yaml")
	runGit(tb, dir, "commit", "-q", "-m", "delete")
	c := &cacheRepo{dir: dir, side: side}
	c.want = c.walk(tb)
	matches, _ := filepath.Glob(filepath.Join(dir, ".git", "agreements", "history-*.gob"))
	if len(matches) != 1 {
		tb.Fatalf("cache files: %v", matches)
	}
	c.cache = matches[0]
	c.valid, _ = os.ReadFile(c.cache)
	return c
}

func trim(s string) string { return string([]byte(s)[:len(s)-1]) }

// walk runs Walk in a freshly opened repository and describes the answer,
// failing if it differs from the uncached walk's.
func (c *cacheRepo) walk(tb testing.TB) string {
	tb.Helper()
	r, err := Open(c.dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	head, err := r.Resolve("HEAD")
	if err != nil {
		tb.Fatal(err)
	}
	got, err := r.Walk(head, "", "records")
	if err != nil {
		tb.Fatal(err)
	}
	want, _ := r.WalkUncached(head, "", "records")
	if describe(got) != describe(want) {
		tb.Fatalf("the walk from the cache differs:\n%s\nwant\n%s", describe(got), describe(want))
	}
	return describe(got)
}

// cacheIsValid reports whether the cache file now holds a walk that fits
// the repository.
func (c *cacheRepo) cacheIsValid(tb testing.TB) bool {
	r, err := Open(c.dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	return r.loadWalk("records", "records") != nil
}

// TestDamagedCache flips single bits of a valid cache, as a failing disk
// or an interrupted copy would: every walk gives the uncached answer, none
// panics, and the damaged file is replaced by a valid one.
func TestDamagedCache(t *testing.T) {
	c := newCacheRepo(t)
	rng := rand.New(rand.NewSource(1))
	for range 300 {
		damaged := append([]byte(nil), c.valid...)
		bit := rng.Intn(len(damaged) * 8)
		damaged[bit/8] ^= 1 << (bit % 8)
		if err := os.WriteFile(c.cache, damaged, 0o644); err != nil {
			t.Fatal(err)
		}
		c.walk(t)
		if !c.cacheIsValid(t) {
			t.Fatalf("bit %d: the damaged cache was not replaced", bit)
		}
	}
	// Cut short, or empty, or something else entirely.
	for _, data := range [][]byte{c.valid[:len(c.valid)/2], nil, []byte("not a cache"), []byte(cacheMagic)} {
		os.WriteFile(c.cache, data, 0o644)
		c.walk(t)
		if !c.cacheIsValid(t) {
			t.Fatal("a truncated cache was not replaced")
		}
	}
}

// TestWrongCache: a cache whose hash matches but whose content does not
// fit the repository is not believed.
func TestWrongCache(t *testing.T) {
	c := newCacheRepo(t)
	good, err := decodeWalkCache(c.valid, "records", "records")
	if err != nil {
		t.Fatal(err)
	}
	if len(good.Commits) < 3 || len(good.Files) < 3 {
		t.Fatalf("too small a cache: %d commits, %d files", len(good.Commits), len(good.Files))
	}
	multi := 0
	for i, f := range good.Files {
		if len(f.Touches) > 1 {
			multi = i
		}
	}
	for _, tt := range []struct {
		name   string
		change func(w *walkCache)
	}{
		{"a commit that does not exist", func(w *walkCache) { w.Commits[1] = "0123456789abcdef0123456789abcdef01234567" }},
		{"a commit on another branch", func(w *walkCache) { w.Commits[1] = c.side }},
		{"commits out of order", func(w *walkCache) { w.Commits[0], w.Commits[1] = w.Commits[1], w.Commits[0] }},
		{"a touch out of range", func(w *walkCache) { w.Files[0].Touches[0].Commit = len(w.Commits) }},
		{"a negative index", func(w *walkCache) { w.Files[0].Touches[0].Commit = -1 }},
		{"touches out of order", func(w *walkCache) {
			ts := w.Files[multi].Touches
			ts[0], ts[len(ts)-1] = ts[len(ts)-1], ts[0]
		}},
		{"a file with no touches", func(w *walkCache) { w.Files[0].Touches = nil }},
		{"an unknown action", func(w *walkCache) { w.Files[0].Touches[0].Action = 9 }},
		{"a malformed blob hash", func(w *walkCache) { w.Files[0].Touches[0].Hash = "xyz" }},
		{"a file outside the folder", func(w *walkCache) { w.Files[0].Path = "../etc/passwd" }},
		{"files out of order", func(w *walkCache) { w.Files[0], w.Files[1] = w.Files[1], w.Files[0] }},
		{"another folder's cache", func(w *walkCache) { w.Key = "other" }},
		{"a tip that does not exist", func(w *walkCache) { w.Tip = "0123456789abcdef0123456789abcdef01234567" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := decodeWalkCache(c.valid, "records", "records")
			tt.change(w)
			data, err := w.encode()
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(c.cache, data, 0o644)
			c.walk(t)
			if !c.cacheIsValid(t) {
				t.Fatal("the wrong cache was not replaced")
			}
		})
	}
}

// TestCacheNotRegular: a FIFO (or a folder) in the cache's place neither
// blocks nor fails the walk.
func TestCacheNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	c := newCacheRepo(t)
	for _, kind := range []string{"fifo", "folder"} {
		os.Remove(c.cache)
		var err error
		if kind == "fifo" {
			err = exec.Command("mkfifo", c.cache).Run()
		} else {
			err = os.Mkdir(c.cache, 0o755)
		}
		if err != nil {
			t.Skip(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.walk(t)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("the walk hung on a %s", kind)
		}
		if kind == "folder" {
			os.Remove(c.cache)
		}
	}
}

// TestCacheTempFilesRemoved: a run killed while it wrote the cache leaves
// a temporary file, which the next run removes, unless a run is writing
// one now.
func TestCacheTempFilesRemoved(t *testing.T) {
	c := newCacheRepo(t)
	tmp := filepath.Join(filepath.Dir(c.cache), "history-123.tmp")
	os.WriteFile(tmp, c.valid[:100], 0o644)
	l, err := filelock.Acquire(filepath.Join(filepath.Dir(c.cache), "history.lock"))
	if err != nil {
		t.Fatal(err)
	}
	c.walk(t)
	if _, err := os.Stat(tmp); err != nil {
		t.Fatal("a temporary file was removed while another run held the lock")
	}
	l.Release()
	c.walk(t)
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatal("the temporary file of a killed run was not removed")
	}
}

// FuzzWalkCache: whatever bytes are in the cache file, the walk gives the
// uncached answer and does not panic.
func FuzzWalkCache(f *testing.F) {
	c := newCacheRepo(f)
	f.Add(c.valid)
	f.Add(c.valid[:len(c.valid)-1])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(c.cache, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c.walk(t)
	})
}

// FuzzWalkCachePayload: past the hash, any payload is decoded and checked
// without a panic (the hash keeps random damage from reaching here, so
// this target goes around it).
func FuzzWalkCachePayload(f *testing.F) {
	c := newCacheRepo(f)
	f.Add(c.valid[len(cacheMagic)+32:])
	f.Add([]byte{})
	r, err := Open(c.dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { r.Close() })
	f.Fuzz(func(t *testing.T, payload []byte) {
		data := withHash(payload)
		w, err := decodeWalkCache(data, "records", "records")
		if err != nil {
			return
		}
		if r.resolve(w) != nil {
			return
		}
		for _, f := range w.Files {
			for _, tc := range f.Touches {
				if w.commits[tc.Commit] == nil {
					t.Fatal("an accepted cache has an unresolved commit")
				}
			}
		}
	})
}

func withHash(payload []byte) []byte {
	sum := sha256.Sum256(payload)
	return slices.Concat([]byte(cacheMagic), sum[:], payload)
}
