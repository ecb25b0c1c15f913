package cli

import (
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"

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
	write := *root
	if *check {
		write = ""
	}
	outcomes, err := f.Files(records, record.NewSelection(only), write)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	status := ExitOK
	changed := 0
	for _, o := range outcomes {
		switch {
		case errors.Is(o.Err, format.ErrUnsafe):
			fmt.Fprintln(c.stderr, diag.Guard(message.New("cli.fmt.skipped", "file", diag.Clean(o.Path), "reason", o.Err.Error()).String()))
			status = max(status, ExitProblems)
		case o.Err != nil:
			c.fail(explain(o.Err, c.root))
			status = ExitUsage
		case o.Changed:
			changed++
			fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(o.Path)))
			if *check {
				status = max(status, ExitProblems)
			}
		}
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
