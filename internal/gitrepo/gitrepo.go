// Package gitrepo answers the plain questions the registry asks of its git
// repository: what a ref names, where two lines of history meet, which
// files changed between two trees, what a file held at a commit, and when
// each file was created and last changed. It is the only package that
// imports go-git, and it never uses the network: only the local
// repository is opened.
package gitrepo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Repo is an opened repository. go-git's storage is not safe for
// concurrent use: every read of an object goes through object, under mu,
// save blobs, which each of several storages of the same repository reads
// in turn (blobs), so that a commit's records are read in parallel.
type Repo struct {
	repo    *git.Repository
	closers []interface{ Close() error }
	// Top is the absolute path of the working tree's top folder.
	Top string

	mu      sync.Mutex
	objects storer.EncodedObjectStorer
	// blobs holds the storages free to read a blob, when the repository
	// is on disk; they share objects' cache of decoded objects.
	blobs chan *filesystem.Storage
}

// Sentinel errors; their messages say what to do.
var (
	// ErrNotRepo: no .git was found from the folder up.
	ErrNotRepo = errors.New("not inside a git repository")
	// ErrShallow: the clone lacks history that the question needs.
	ErrShallow = errors.New("this clone is shallow and lacks the history needed: fetch it whole " +
		"(with actions/checkout, set fetch-depth: 0; by hand, run git fetch --unshallow)")
)

// RefError says that a ref could not be resolved, and what to fetch.
type RefError struct{ Ref string }

// Remote returns the remote and branch to fetch for the ref: origin/main
// is main from origin; a bare name is fetched from origin.
func (e *RefError) Remote() (remote, name string) {
	remote, name = "origin", e.Ref
	if r, n, ok := strings.Cut(e.Ref, "/"); ok && r != "refs" && r != "heads" {
		remote, name = r, n
	}
	return remote, name
}

func (e *RefError) Error() string {
	remote, name := e.Remote()
	return fmt.Sprintf("%s does not name a commit in this repository: fetch it first "+
		"(git fetch %s %s; with actions/checkout, set fetch-depth: 0)", e.Ref, remote, name)
}

// Open opens the repository that holds dir, looking in dir and its
// parents for .git.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil, fmt.Errorf("%s: %w", dir, ErrNotRepo)
		}
		return nil, err
	}
	top := abs
	wt, err := r.Worktree()
	if err == nil {
		top = wt.Filesystem.Root()
	}
	// Reopen the same storage keeping pack files open: by default go-git
	// opens and closes a pack file for every object it reads.
	if st, ok := r.Storer.(*filesystem.Storage); ok && wt != nil {
		decoded := cache.NewObjectLRU(storageCache) // safe for concurrent use
		open := func() *filesystem.Storage {
			return filesystem.NewStorageWithOptions(st.Filesystem(), decoded, filesystem.Options{KeepDescriptors: true})
		}
		kept := open()
		if r2, err := git.Open(kept, wt.Filesystem); err == nil {
			repo := &Repo{repo: r2, Top: top, closers: []interface{ Close() error }{kept}, objects: kept,
				blobs: make(chan *filesystem.Storage, blobReaders())}
			for range cap(repo.blobs) {
				s := open()
				repo.closers = append(repo.closers, s)
				repo.blobs <- s
			}
			return repo, nil
		}
	}
	return &Repo{repo: r, Top: top, objects: r.Storer}, nil
}

// blobReaders is how many storages read blobs at once: one a core, since
// inflating a blob keeps a core busy.
func blobReaders() int { return runtime.GOMAXPROCS(0) }

// storageCache is what go-git's storage keeps of the objects it decoded.
const storageCache = 8 * cache.MiByte

// CacheBytes is the most that the repository's cache of decoded objects
// holds.
func (r *Repo) CacheBytes() int64 { return int64(storageCache) }

// Close releases the files the repository keeps open.
func (r *Repo) Close() error {
	var errs []error
	for _, c := range r.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// storage returns the storage to read an object of type t from, and what
// to call when done with it: for a blob, a free one of blobs when there
// are some; else objects, under mu.
func (r *Repo) storage(t plumbing.ObjectType) (storer.EncodedObjectStorer, func()) {
	if t == plumbing.BlobObject && r.blobs != nil {
		s := <-r.blobs
		return s, func() { r.blobs <- s }
	}
	r.mu.Lock()
	return r.objects, r.mu.Unlock
}

// object returns the content of object h, which must be of type t.
func (r *Repo) object(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	objects, done := r.storage(t)
	defer done()
	obj, err := objects.EncodedObject(t, h)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", t, h, err)
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	data := make([]byte, obj.Size())
	if _, err := io.ReadFull(rd, data); err != nil {
		return nil, fmt.Errorf("%s %s: %w", t, h, err)
	}
	return data, nil
}

// Prefix returns the path of dir inside the repository, with forward
// slashes and a trailing slash ("" when dir is the top).
func (r *Repo) Prefix(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	// Resolve symlinks on both sides (a temp folder may be one).
	if p, err := filepath.EvalSymlinks(abs); err == nil {
		abs = p
	}
	top := r.Top
	if p, err := filepath.EvalSymlinks(top); err == nil {
		top = p
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(os.PathSeparator)) {
		return "", fmt.Errorf("%s is outside the repository at %s", dir, r.Top)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel) + "/", nil
}

// Shallow reports whether the clone is shallow (some commits' parents are
// missing).
func (r *Repo) Shallow() bool {
	hashes, err := r.repo.Storer.Shallow()
	return err == nil && len(hashes) > 0
}

// Commit is a commit, with what people read of it.
type Commit struct {
	Hash    string
	When    time.Time
	Author  string
	Subject string

	c *object.Commit
}

func newCommit(c *object.Commit) *Commit {
	subject, _, _ := strings.Cut(c.Message, "\n")
	return &Commit{Hash: c.Hash.String(), When: c.Committer.When.UTC(), Author: c.Author.Name, Subject: subject, c: c}
}

// Short returns the commit's abbreviated hash.
func (c *Commit) Short() string { return c.Hash[:7] }

// Resolve returns the commit that ref (a branch, tag, hash, HEAD, or an
// expression such as HEAD~2) names.
func (r *Repo) Resolve(ref string) (*Commit, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, err := r.repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		// A remote branch is often asked for by its short name.
		if h2, err2 := r.repo.ResolveRevision(plumbing.Revision("refs/remotes/origin/" + ref)); err2 == nil {
			h = h2
		} else {
			return nil, &RefError{Ref: ref}
		}
	}
	c, err := r.repo.CommitObject(*h)
	if err != nil {
		if r.Shallow() {
			return nil, ErrShallow
		}
		return nil, &RefError{Ref: ref}
	}
	return newCommit(c), nil
}

// MergeBase returns the best common ancestor of a and b.
func (r *Repo) MergeBase(a, b *Commit) (*Commit, error) {
	r.mu.Lock()
	bases, err := a.c.MergeBase(b.c)
	r.mu.Unlock()
	if err != nil {
		if r.Shallow() || errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, ErrShallow
		}
		return nil, err
	}
	if len(bases) == 0 {
		if r.Shallow() {
			return nil, ErrShallow
		}
		return nil, fmt.Errorf("%s and %s share no history", a.Short(), b.Short())
	}
	return newCommit(bases[0]), nil
}

// OpenHead opens the repository that holds dir and returns it with dir's
// path inside it (see Prefix) and the HEAD commit: where every question
// about a registry's own history starts. The caller closes the Repo.
func OpenHead(dir string) (r *Repo, prefix string, head *Commit, err error) {
	if r, err = Open(dir); err != nil {
		return nil, "", nil, err
	}
	if prefix, err = r.Prefix(dir); err == nil {
		head, err = r.Resolve("HEAD")
	}
	if err != nil {
		r.Close()
		return nil, "", nil, err
	}
	return r, prefix, head, nil
}

// WebURL returns the web address of the repository that the remote named
// origin points at, for links to its files and issue forms: an https or
// an scp-style SSH URL (git@host:owner/name.git) becomes
// https://host/owner/name. It returns "" when there is no such remote or
// its URL has another form.
func (r *Repo) WebURL() string {
	remote, err := r.repo.Remote("origin")
	if err != nil || len(remote.Config().URLs) == 0 {
		return ""
	}
	return webURL(remote.Config().URLs[0])
}

func webURL(u string) string {
	u = strings.TrimSuffix(strings.TrimSuffix(u, "/"), ".git")
	switch {
	case strings.HasPrefix(u, "https://"):
		if i := strings.Index(u[len("https://"):], "@"); i >= 0 && !strings.Contains(u[len("https://"):len("https://")+i], "/") {
			u = "https://" + u[len("https://")+i+1:] // drop credentials
		}
		return u
	case strings.HasPrefix(u, "git@") && strings.Contains(u, ":"):
		host, path, _ := strings.Cut(strings.TrimPrefix(u, "git@"), ":")
		return "https://" + host + "/" + path
	case strings.HasPrefix(u, "ssh://git@"):
		rest := strings.TrimPrefix(u, "ssh://git@")
		host, path, ok := strings.Cut(rest, "/")
		if !ok {
			return ""
		}
		return "https://" + host + "/" + path
	}
	return ""
}
