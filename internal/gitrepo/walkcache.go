package gitrepo

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// walkCacheVersion changes whenever the cache's format or meaning does.
const walkCacheVersion = 1

// walkCache is the stored result of a walk.
type walkCache struct {
	Version int
	Tip     string
	Commits []cachedCommit
	Files   []cachedFile
}

type cachedCommit struct {
	Hash, Author, Subject string
	When                  time.Time
}

type cachedFile struct {
	Path    string
	Touches []cachedTouch
}

type cachedTouch struct {
	Commit int // index in Commits
	Action Action
	Hash   string
}

func (r *Repo) walkCachePath(key string) string {
	if r.gitDir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(r.gitDir, "agreements", fmt.Sprintf("history-%x.gob", sum[:8]))
}

// loadWalk returns the cached walk for key, or nil.
func (r *Repo) loadWalk(key string) *walkCache {
	p := r.walkCachePath(key)
	if p == "" {
		return nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	var c walkCache
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&c); err != nil || c.Version != walkCacheVersion {
		return nil
	}
	return &c
}

// saveWalk stores a walk. It is best effort: a repository that cannot be
// written to is walked in full each time, which is slower but correct.
func (r *Repo) saveWalk(key string, tip *Commit, files map[string]*FileHistory) {
	p := r.walkCachePath(key)
	if p == "" {
		return
	}
	c := walkCache{Version: walkCacheVersion, Tip: tip.Hash}
	index := map[*Commit]int{}
	for _, path := range slices.Sorted(maps.Keys(files)) {
		cf := cachedFile{Path: path}
		for _, t := range files[path].Touches {
			i, ok := index[t.Commit]
			if !ok {
				i = len(c.Commits)
				index[t.Commit] = i
				c.Commits = append(c.Commits, cachedCommit{t.Commit.Hash, t.Commit.Author, t.Commit.Subject, t.Commit.When})
			}
			cf.Touches = append(cf.Touches, cachedTouch{Commit: i, Action: t.Action, Hash: t.Hash})
		}
		c.Files = append(c.Files, cf)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "history-*.tmp")
	if err != nil {
		return
	}
	w := bufio.NewWriter(tmp)
	err = gob.NewEncoder(w).Encode(&c)
	if err == nil {
		err = w.Flush()
	}
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

// appendTo adds the cached (older) touches after those already in out.
func (c *walkCache) appendTo(out map[string]*FileHistory) {
	commits := make([]*Commit, len(c.Commits))
	for i, cc := range c.Commits {
		commits[i] = &Commit{Hash: cc.Hash, Author: cc.Author, Subject: cc.Subject, When: cc.When}
	}
	for _, f := range c.Files {
		h := out[f.Path]
		if h == nil {
			h = &FileHistory{Path: f.Path}
			out[f.Path] = h
		}
		for _, t := range f.Touches {
			h.Touches = append(h.Touches, Touch{Commit: commits[t.Commit], Action: t.Action, Hash: t.Hash})
		}
	}
}
