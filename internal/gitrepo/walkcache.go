package gitrepo

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"agreements/internal/filelock"
)

// The cache file is cacheMagic, the SHA-256 of the payload, and the
// payload: a gob-encoded walkCache. The magic changes whenever the format
// or its meaning does.
const cacheMagic = "agreements history cache 2\n"

// maxCacheSize bounds what is read: a cache larger than this is not one
// this tool wrote (10,000 commits touching 5,000 files take about 1 MB).
const maxCacheSize = 1 << 30

// walkCache is the stored result of a walk: which commits touched which
// files. What people read of a commit (its date, author, subject) is not
// stored: it is read from the commit itself when the cache is loaded.
type walkCache struct {
	// Key is the folder walked (prefix+dir).
	Key string
	// Tip is the commit the walk started from.
	Tip string
	// Commits are the commits that touched a file, in walk order:
	// newest first along the first-parent chain from Tip.
	Commits []string
	// Files are sorted by path.
	Files []cachedFile

	commits []*Commit // Commits resolved in the repository, by loadWalk
}

type cachedFile struct {
	Path    string
	Touches []cachedTouch
}

type cachedTouch struct {
	Commit int // index in Commits; increasing within a file
	Action Action
	Hash   string
}

func (r *Repo) cacheDir() string {
	if r.gitDir == "" {
		return ""
	}
	return filepath.Join(r.gitDir, "agreements")
}

func (r *Repo) walkCachePath(key string) string {
	dir := r.cacheDir()
	if dir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, fmt.Sprintf("history-%x.gob", sum[:8]))
}

// loadWalk returns the cached walk for key, or nil when there is none or
// there is any doubt about it: a file that is not a regular file, a hash
// that does not match, a walk that does not fit the repository. A nil
// cache means a walk from scratch, which then replaces the file.
func (r *Repo) loadWalk(key, dir string) *walkCache {
	p := r.walkCachePath(key)
	if p == "" {
		return nil
	}
	data, err := readRegular(p, maxCacheSize)
	if err != nil {
		return nil
	}
	c, err := decodeWalkCache(data, key, dir)
	if err != nil {
		return nil
	}
	if err := r.resolve(c); err != nil {
		return nil
	}
	return c
}

var errBadCache = errors.New("the history cache is damaged")

// decodeWalkCache checks the file's hash and decodes it, then checks what
// can be checked without the repository: the key, the hashes' form, the
// indices and their order, the actions, the paths.
func decodeWalkCache(data []byte, key, dir string) (*walkCache, error) {
	rest, ok := bytes.CutPrefix(data, []byte(cacheMagic))
	if !ok || len(rest) < sha256.Size {
		return nil, errBadCache
	}
	sum, payload := rest[:sha256.Size], rest[sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, errBadCache
	}
	var c walkCache
	rd := bytes.NewReader(payload)
	if err := gob.NewDecoder(rd).Decode(&c); err != nil || rd.Len() != 0 {
		return nil, errBadCache
	}
	if err := c.check(key, dir); err != nil {
		return nil, err
	}
	return &c, nil
}

func isHash(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := range len(s) {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

func (c *walkCache) check(key, dir string) error {
	if c.Key != key || !isHash(c.Tip) {
		return errBadCache
	}
	seen := make(map[string]bool, len(c.Commits))
	for _, h := range c.Commits {
		if !isHash(h) || seen[h] {
			return errBadCache
		}
		seen[h] = true
	}
	under := strings.Trim(dir, "/") + "/"
	for i, f := range c.Files {
		if !strings.HasPrefix(f.Path, under) || len(f.Touches) == 0 || i > 0 && c.Files[i-1].Path >= f.Path {
			return errBadCache
		}
		for j, t := range f.Touches {
			if t.Commit < 0 || t.Commit >= len(c.Commits) || j > 0 && f.Touches[j-1].Commit >= t.Commit {
				return errBadCache
			}
			switch {
			case t.Action == Deleted && t.Hash == "":
			case (t.Action == Added || t.Action == Modified) && isHash(t.Hash):
			default:
				return errBadCache
			}
		}
	}
	return nil
}

// resolve checks the cache against the repository: its tip and every
// commit it names are, in the stored order, on the first-parent chain from
// the tip. It binds the commits, with their dates, authors and subjects as
// the repository has them. (The blobs it names are not looked up: go-git
// reads a packed object to answer whether it exists, which would cost more
// than the rest of the load; the hash over the file covers them.)
func (r *Repo) resolve(c *walkCache) error {
	c.commits = make([]*Commit, len(c.Commits))
	cur, err := r.repo.CommitObject(plumbing.NewHash(c.Tip))
	if err != nil {
		return errBadCache
	}
	for next := 0; next < len(c.Commits); {
		if cur.Hash.String() == c.Commits[next] {
			c.commits[next] = newCommit(cur)
			next++
			continue
		}
		if cur.NumParents() == 0 {
			return errBadCache
		}
		if cur, err = cur.Parent(0); err != nil {
			return errBadCache
		}
	}
	return nil
}

// saveWalk stores a walk. It is best effort: a repository that cannot be
// written to, or a cache another run is writing, leaves the walk unsaved,
// which is slower next time but correct. order is the walk's commits,
// newest first.
func (r *Repo) saveWalk(key string, tip *Commit, order []*Commit, files map[string]*FileHistory) {
	p := r.walkCachePath(key)
	if p == "" {
		return
	}
	c := walkCache{Key: key, Tip: tip.Hash}
	index := map[*Commit]int{}
	for _, cm := range order {
		index[cm] = len(c.Commits)
		c.Commits = append(c.Commits, cm.Hash)
	}
	for _, path := range slices.Sorted(maps.Keys(files)) {
		cf := cachedFile{Path: path}
		for _, t := range files[path].Touches {
			i, ok := index[t.Commit]
			if !ok {
				return // not a walk's result: nothing to store
			}
			cf.Touches = append(cf.Touches, cachedTouch{Commit: i, Action: t.Action, Hash: t.Hash})
		}
		c.Files = append(c.Files, cf)
	}
	data, err := c.encode()
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	l, err := filelock.TryAcquire(r.cacheLock())
	if err != nil {
		return
	}
	defer l.Release()
	tmp, err := os.CreateTemp(filepath.Dir(p), "history-*.tmp")
	if err != nil {
		return
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), p) != nil {
		os.Remove(tmp.Name())
	}
}

// encode returns the cache file's bytes.
func (c *walkCache) encode() ([]byte, error) {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(c); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(payload.Bytes())
	return slices.Concat([]byte(cacheMagic), sum[:], payload.Bytes()), nil
}

func (r *Repo) cacheLock() string { return filepath.Join(r.cacheDir(), "history.lock") }

// tidyCache removes the temporary files of runs that were killed while
// they wrote the cache. The lock says no run is writing one now.
func (r *Repo) tidyCache() {
	dir := r.cacheDir()
	if dir == "" {
		return
	}
	tmps, _ := filepath.Glob(filepath.Join(dir, "history-*.tmp"))
	if len(tmps) == 0 {
		return
	}
	l, err := filelock.TryAcquire(r.cacheLock())
	if err != nil {
		return
	}
	defer l.Release()
	for _, p := range tmps {
		if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() {
			os.Remove(p)
		}
	}
}

// appendTo adds the cached (older) touches after those already in out,
// and the cached commits after those in order.
func (c *walkCache) appendTo(out map[string]*FileHistory, order []*Commit) []*Commit {
	for _, f := range c.Files {
		h := out[f.Path]
		if h == nil {
			h = &FileHistory{Path: f.Path}
			out[f.Path] = h
		}
		for _, t := range f.Touches {
			h.Touches = append(h.Touches, Touch{Commit: c.commits[t.Commit], Action: t.Action, Hash: t.Hash})
		}
	}
	return append(order, c.commits...)
}
