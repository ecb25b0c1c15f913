// Package change answers what a change (a pull request, or the work in
// progress) does to the registry: which records it adds, modifies, deletes
// or renames, whether it breaks the rules that protect history, and, for
// reviewers, what it changes field by field. It asks git through package
// gitrepo and checks records through package check.
package change

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"agreements/internal/gitrepo"
	"agreements/internal/message"
	"agreements/internal/record"
)

// Options name the change.
type Options struct {
	// Root is the registry's folder (holding records/ and schema/); the
	// repository is the one that holds it.
	Root string
	// Base is the ref the change is compared with: the branch a pull
	// request targets.
	Base string
	// Head is the ref of the change. Empty means HEAD plus the working
	// tree (staged, unstaged and untracked files alike); set, the working
	// tree is not read: the CI case.
	Head string
}

// RecordAction says what a change did to a record.
type RecordAction string

// The actions on records.
const (
	Added    RecordAction = "added"
	Modified RecordAction = "modified"
	Deleted  RecordAction = "deleted"
	Renamed  RecordAction = "renamed"
)

// Record is one record the change touches.
type Record struct {
	Action RecordAction
	// Path is the record's path in the head ("" when deleted); OldPath,
	// in the merge base ("" when added). Both relative to the registry.
	Path, OldPath string
}

// RuleFolders are the paths whose change changes the rules themselves, or
// what CI checks and runs: folders and single files ("schema" first).
var RuleFolders = []string{"schema", "cmd", "internal", ".github", ".ci", "scripts",
	"go.mod", "go.sum", ".gitattributes", ".gitmodules", ".pre-commit-hooks.yaml", ".pre-commit-config.yaml"}

// Set is a change, opened.
type Set struct {
	repo   *gitrepo.Repo
	prefix string
	// root is the registry's folder on disk (see compared).
	root string

	BaseRef   string
	Base      *gitrepo.Commit // the tip of BaseRef
	MergeBase *gitrepo.Commit
	Head      *gitrepo.Commit // nil for HEAD plus the working tree
	HeadRef   string

	// HeadFS is the registry as changed; OldFS, at the merge base; BaseFS,
	// at the tip of the base branch (whose schema has the last word).
	HeadFS, OldFS, BaseFS fs.FS

	Records []Record
	// RuleFiles are the changed files under RuleFolders.
	RuleFiles []string

	docs map[string]*record.Document // see doc
}

// Open finds the merge base of the head and the base ref and lists what
// changed since. Errors say what to fetch when history is missing.
func Open(o Options) (*Set, error) {
	repo, err := gitrepo.Open(o.Root)
	if err != nil {
		return nil, err
	}
	s, err := open(repo, o)
	if err != nil {
		repo.Close()
		return nil, err
	}
	return s, nil
}

func open(repo *gitrepo.Repo, o Options) (*Set, error) {
	if repo.Shallow() {
		return nil, gitrepo.ErrShallow
	}
	prefix, err := repo.Prefix(o.Root)
	if err != nil {
		return nil, err
	}
	s := &Set{repo: repo, prefix: prefix, root: o.Root, BaseRef: o.Base, HeadRef: o.Head}
	if s.Base, err = repo.Resolve(o.Base); err != nil {
		return nil, err
	}
	headRef := o.Head
	if headRef == "" {
		headRef = "HEAD"
		s.HeadRef = "HEAD"
	}
	head, err := repo.Resolve(headRef)
	if err != nil {
		return nil, err
	}
	if s.MergeBase, err = repo.MergeBase(head, s.Base); err != nil {
		return nil, err
	}
	if s.OldFS, err = repo.FS(s.MergeBase, prefix); err != nil {
		s.OldFS = emptyFS{}
	}
	if s.BaseFS, err = repo.FS(s.Base, prefix); err != nil {
		s.BaseFS = emptyFS{}
	}
	var files []gitrepo.Change
	if o.Head != "" {
		s.Head = head
		if s.HeadFS, err = repo.FS(head, prefix); err != nil {
			return nil, fmt.Errorf("%s has no folder %s", o.Head, prefix)
		}
		files, err = repo.Changes(s.MergeBase, head, prefix, append([]string{record.Dir}, RuleFolders...)...)
	} else {
		s.HeadFS = record.DirFS(o.Root)
		// Records and schemas as they are on disk; the tool's own files
		// as committed (hashing the whole working tree is what makes
		// `git status` slow, and only records and schemas are checked).
		files, err = repo.WorktreeChanges(s.MergeBase, prefix, record.Dir, "schema")
		if err == nil {
			var more []gitrepo.Change
			more, err = repo.Changes(s.MergeBase, head, prefix, RuleFolders[1:]...)
			files = append(files, more...)
		}
	}
	if err != nil {
		return nil, err
	}
	s.classify(files)
	return s, nil
}

// Close releases the repository.
func (s *Set) Close() error { return s.repo.Close() }

// Describe says in words, in the chosen language, which commits the
// change runs between.
func (s *Set) Describe() message.Text {
	key := "change.between"
	if s.Head == nil {
		key = "change.between-worktree"
	}
	return message.New(key, "base", s.BaseRef, "mergebase", s.MergeBase.Short(), "tip", s.Base.Short(),
		"head", s.HeadRef, "commit", s.headShort())
}

func (s *Set) headShort() string {
	if s.Head != nil {
		return s.Head.Short()
	}
	if c, err := s.repo.Resolve("HEAD"); err == nil {
		return c.Short()
	}
	return "?"
}

// classify sorts changed files into record changes and rule changes, and
// pairs a deleted record with an added one of the same kind when they are
// the same file under another name.
func (s *Set) classify(files []gitrepo.Change) {
	var added, deleted []gitrepo.Change
	for _, f := range files {
		switch {
		case strings.HasPrefix(f.Path, record.Dir+"/"):
			switch f.Action {
			case gitrepo.Added:
				added = append(added, f)
			case gitrepo.Deleted:
				deleted = append(deleted, f)
			default:
				s.Records = append(s.Records, Record{Action: Modified, Path: f.Path, OldPath: f.Path})
			}
		default:
			s.RuleFiles = append(s.RuleFiles, f.Path)
		}
	}
	used := map[int]bool{}
	for _, d := range deleted {
		best, bestScore := -1, 0.5
		for i, a := range added {
			if used[i] || path.Dir(a.Path) != path.Dir(d.Path) {
				continue
			}
			score := 1.0
			if a.NewHash != d.OldHash {
				score = s.similarity(d.Path, a.Path)
			}
			if score >= bestScore {
				best, bestScore = i, score
			}
		}
		if best >= 0 {
			used[best] = true
			s.Records = append(s.Records, Record{Action: Renamed, Path: added[best].Path, OldPath: d.Path})
		} else {
			s.Records = append(s.Records, Record{Action: Deleted, OldPath: d.Path})
		}
	}
	for i, a := range added {
		if !used[i] {
			s.Records = append(s.Records, Record{Action: Added, Path: a.Path})
		}
	}
	sort.Slice(s.Records, func(i, j int) bool { return s.Records[i].key() < s.Records[j].key() })
	sort.Strings(s.RuleFiles)
}

func (r Record) key() string {
	if r.Path != "" {
		return r.Path
	}
	return r.OldPath
}

// similarity is the share of lines two versions have in common (0 to 1),
// ignoring the id line, which a rename changes.
func (s *Set) similarity(oldPath, newPath string) float64 {
	oldData, ok1 := readRecord(s.OldFS, oldPath)
	newData, ok2 := readRecord(s.HeadFS, newPath)
	if !ok1 || !ok2 {
		return 0
	}
	lines := func(data []byte) map[string]int {
		m := map[string]int{}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "id:") {
				m[l]++
			}
		}
		return m
	}
	a, b := lines(oldData), lines(newData)
	common, total := 0, 0
	for l, n := range a {
		common += min(n, b[l])
		total += n
	}
	for _, n := range b {
		total += n
	}
	if total == 0 {
		return 1
	}
	return 2 * float64(common) / float64(total)
}

// emptyFS is a registry with nothing in it: the base of a repository's
// first records.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
