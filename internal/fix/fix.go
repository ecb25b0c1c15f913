// Package fix applies the suggestions the checks are sure of, as golang/
// vulndb's `vulnreport fix` does for its reports: a value of a list of
// allowed values written nearly right; a country written as its name (in
// es, pt or en) or in lowercase, for its code; a date written day first
// (15/08/2023), in words (15 de agosto de 2023) or without leading zeros,
// in ISO form; a year written as a number, as text; an http:// address
// whose https:// form the registry already cites; and a file whose name is
// not its id, when the file is not committed yet. Everything else is left
// for a person, and said. Records keep their comments and come out in
// canonical form (package format).
package fix

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/format"
	"agreements/internal/gitrepo"
	"agreements/internal/record"
	"agreements/internal/rules"
	"agreements/internal/schema"
)

// Options say what to fix.
type Options struct {
	// Root is the registry's folder.
	Root string
	// Only limits the fixes to these paths (relative to Root, forward
	// slashes; a folder stands for the files under it); nil means all.
	Only []string
	// Write applies the fixes; without it, they are only found (--check).
	Write bool
	// AsOf is the day date-dependent checks are judged on.
	AsOf time.Time
}

// Change is one fix: a value replaced, or a file renamed.
type Change struct {
	// File is the record's path from the root, as it was.
	File         string
	Line, Column int
	// Pointer is the value's JSON pointer ("" for a rename).
	Pointer string
	// Rule is the rule whose suggestion the fix applies.
	Rule string
	// Old and New are the value before and after, or the file names.
	Old, New string
}

// Edit is a file's text before and after its fixes.
type Edit struct {
	File          string
	Before, After []byte
}

// Result is what Run found and did.
type Result struct {
	Changes []Change
	Edits   []Edit
	// Left are the problems of the selected files that no fix applies to.
	Left []diag.Diagnostic
	// Unsafe are the files whose fixes were found but could not be
	// written keeping their comments: each with format's reason.
	Unsafe map[string]error
}

// Run checks the registry at o.Root and applies (with o.Write) the fixes
// the checks are sure of. The error is for failures of the tool.
func Run(o Options) (*Result, error) {
	fsys := record.DirFS(o.Root)
	checked, err := check.Run(check.Options{FS: fsys, Only: o.Only, AsOf: o.AsOf, Documents: true})
	if err != nil {
		return nil, err
	}
	formatter, err := format.New(fsys)
	if err != nil {
		return nil, err
	}
	cited := citedAddresses(checked.Documents)
	committed, closeRepo := committedFiles(o.Root)
	defer closeRepo()
	res := &Result{Unsafe: map[string]error{}}
	byFile := map[string][]Change{}
	var renames []Change
	for _, d := range checked.Diagnostics {
		c, ok := fixFor(d, cited)
		switch {
		case ok && c.Pointer == "":
			if committed(d.File) || exists(filepath.Join(o.Root, filepath.FromSlash(c.New))) {
				res.Left = append(res.Left, d)
				continue
			}
			renames = append(renames, c)
		case ok:
			byFile[d.File] = append(byFile[d.File], c)
		default:
			res.Left = append(res.Left, d)
		}
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, file := range files {
		changes := byFile[file]
		p := filepath.Join(o.Root, filepath.FromSlash(file))
		before, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		kind, _ := record.Classify(file)
		after, err := apply(before, changes)
		if err == nil {
			after, err = formatter.Format(kind.Kind, after)
		}
		if err != nil {
			res.Unsafe[file] = err
			continue
		}
		if o.Write {
			if err := format.WriteFile(p, after); err != nil {
				return nil, err
			}
		}
		res.Changes = append(res.Changes, changes...)
		res.Edits = append(res.Edits, Edit{File: file, Before: before, After: after})
	}
	for _, c := range renames {
		if o.Write {
			if err := os.Rename(filepath.Join(o.Root, filepath.FromSlash(c.File)), filepath.Join(o.Root, filepath.FromSlash(c.New))); err != nil {
				return nil, err
			}
		}
		res.Changes = append(res.Changes, c)
	}
	sort.SliceStable(res.Changes, func(i, j int) bool {
		a, b := res.Changes[i], res.Changes[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return res, nil
}

// countryField and dateField are the values whose pattern suggestions are
// sure: a country's code, a partial date.
var (
	countryField = regexp.MustCompile(`^(/countries/[0-9]+|/place/country|/country)$`)
	dateField    = regexp.MustCompile(`^(/dates/[a-z_]+|/contributions/[0-9]+/(start|end))$`)
)

// fixFor returns the fix a diagnostic's suggestion makes, if the fix is
// sure.
func fixFor(d diag.Diagnostic, cited map[string]bool) (Change, bool) {
	c := Change{File: d.File, Line: d.Line, Column: d.Column, Pointer: d.Pointer, Rule: d.Rule}
	suggested := func(key, arg string) (string, bool) {
		if d.Hint.Key != key {
			return "", false
		}
		v, err := strconv.Unquote(d.Hint.Arg(arg))
		return v, err == nil
	}
	quoted := func(arg string) string {
		v, err := strconv.Unquote(d.Message.Arg(arg))
		if err != nil {
			return d.Message.Arg(arg)
		}
		return v
	}
	switch d.Rule {
	case schema.RuleEnum:
		if v, ok := suggested("hint.did-you-mean", "value"); ok {
			c.Old, c.New = quoted("value"), v
			return c, true
		}
	case schema.RulePattern:
		if v, ok := suggested("hint.did-you-mean", "value"); ok && (countryField.MatchString(d.Pointer) || dateField.MatchString(d.Pointer)) {
			c.Old, c.New = quoted("value"), v
			return c, true
		}
	case schema.RuleType:
		if v, ok := suggested("hint.quote", "value"); ok && dateField.MatchString(d.Pointer) {
			c.Old, c.New = v, v
			return c, true
		}
	case rules.RuleInsecureURL:
		old := quoted("url")
		if secure := "https://" + strings.TrimPrefix(old, "http://"); cited[secure] {
			c.Old, c.New = old, secure
			return c, true
		}
	case rules.RuleIDMismatch:
		if v, ok := suggested("hint.id-mismatch", "file"); ok && record.ValidID(strings.TrimSuffix(v, ".yaml")) {
			c.Pointer, c.Old, c.New = "", d.File, path.Join(path.Dir(d.File), v)
			return c, true
		}
	}
	return Change{}, false
}

// apply sets each change's value in the record's text, as text.
func apply(data []byte, changes []Change) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, errors.New("empty document")
	}
	for _, c := range changes {
		n := at(doc.Content[0], c.Pointer)
		if n == nil || n.Kind != yaml.ScalarNode {
			return nil, errors.New("no value at " + c.Pointer)
		}
		n.Value, n.Tag, n.Style = c.New, "!!str", n.Style&^yaml.TaggedStyle
		if c.Old == c.New { // a number made text
			n.Style = yaml.DoubleQuotedStyle
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// at returns the node at a JSON pointer.
func at(n *yaml.Node, ptr string) *yaml.Node {
	if ptr == "" {
		return n
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = diag.UnescapePointer(tok)
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					next = n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// citedAddresses returns every https:// address the records hold.
func citedAddresses(docs []record.Encoded) map[string]bool {
	out := map[string]bool{}
	for _, d := range docs {
		for _, m := range httpsAddress.FindAll(d.JSON, -1) {
			if s, err := strconv.Unquote(string(m)); err == nil {
				out[s] = true
			}
		}
	}
	return out
}

// httpsAddress is a JSON string holding an https:// address, whole.
var httpsAddress = regexp.MustCompile(`"https://[^"\\]*"`)

// committedFiles returns whether a path (from the root) is in the
// commit checked out, and what releases the repository. Outside git, or
// in a repository without commits, nothing is.
func committedFiles(root string) (func(string) bool, func()) {
	none := func(string) bool { return false }
	repo, prefix, head, err := gitrepo.OpenHead(root)
	if err != nil {
		return none, func() {}
	}
	tree, err := repo.FS(head, prefix)
	if err != nil {
		repo.Close()
		return none, func() {}
	}
	return func(p string) bool {
		_, err := fs.Stat(tree, p)
		return err == nil
	}, func() { repo.Close() }
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
