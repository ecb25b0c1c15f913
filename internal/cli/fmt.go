package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"

	"agreements/internal/diag"
	"agreements/internal/format"
	"agreements/internal/gitrepo"
	"agreements/internal/message"
	"agreements/internal/record"
)

func (c *command) fmt(args []string) int {
	fs := c.newFlags("fmt", "cli.fmt.usage")
	root := fs.String("root", "", tr("flag.root"))
	check := fs.Bool("check", false, tr("flag.fmt.check"))
	head := fs.String("head", "", tr("flag.fmt.head"))
	paths, err := c.parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	switch {
	case *head != "" && !*check:
		c.fail(message.New("cli.fmt.head-needs-check").String())
		return ExitUsage
	case *head != "" && len(paths) > 0:
		c.fail(message.New("cli.fmt.head-and-paths").String())
		return ExitUsage
	}
	c.useRoot(root)
	only, err := resolvePaths(*root, paths)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	// The schema (the canonical order) comes from the working tree; with
	// --head the records come from that commit, so that CI can check a
	// pull request without checking it out.
	f, err := format.New(record.DirFS(*root))
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	records := record.DirFS(*root)
	if *head != "" {
		repo, tree, err := treeAt(*root, *head)
		if err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
		defer repo.Close()
		records = tree
	}
	files, _, err := record.List(records)
	selected := record.NewSelection(only)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	status := ExitOK
	changed := 0
	for _, file := range files {
		if !selected.Has(file.Path) {
			continue
		}
		p := filepath.Join(*root, filepath.FromSlash(file.Path))
		data, err := iofs.ReadFile(records, file.Path)
		if err != nil {
			c.fail(explain(err, c.root))
			status = ExitUsage
			continue
		}
		out, err := f.Format(file.Kind, data)
		if err != nil {
			fmt.Fprintln(c.stderr, diag.Guard(message.New("cli.fmt.skipped", "file", diag.Clean(file.Path), "reason", err.Error()).String()))
			if status == ExitOK {
				status = ExitProblems
			}
			continue
		}
		if bytes.Equal(out, data) {
			continue
		}
		changed++
		if *check {
			fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(file.Path)))
			status = max(status, ExitProblems)
			continue
		}
		if err := writeAtomically(p, out); err != nil {
			c.fail(explain(err, c.root))
			status = ExitUsage
			continue
		}
		fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(file.Path)))
	}
	if *check && changed > 0 {
		fmt.Fprintln(c.stderr, message.New(message.Plural(changed, "cli.fmt.would-change-one", "cli.fmt.would-change"), "n", fmt.Sprint(changed)))
	}
	return status
}

// treeAt opens the repository holding root and returns the registry's
// folder as it is in ref's tree. The caller closes the repository.
func treeAt(root, ref string) (*gitrepo.Repo, iofs.FS, error) {
	repo, prefix, _, err := gitrepo.OpenHead(root)
	if err != nil {
		return nil, nil, err
	}
	commit, err := repo.Resolve(ref)
	if err == nil {
		var tree iofs.FS
		if tree, err = repo.FS(commit, prefix); err == nil {
			return repo, tree, nil
		}
	}
	repo.Close()
	return nil, nil, err
}

// writeAtomically replaces a file through a temporary file beside it, so
// that an interrupted fmt never leaves half a record.
func writeAtomically(p string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), ".fmt-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}
