package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"agreements/internal/format"
	"agreements/internal/message"
	"agreements/internal/record"
)

func (c *command) fmt(args []string) int {
	fs := c.newFlags("fmt", "cli.fmt.usage")
	root := fs.String("root", "", tr("flag.root"))
	check := fs.Bool("check", false, tr("flag.fmt.check"))
	paths, err := c.parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	c.useRoot(root)
	only, err := resolvePaths(*root, paths)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	fsys := record.DirFS(*root)
	f, err := format.New(fsys)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	files, _, err := record.List(fsys)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	status := ExitOK
	changed := 0
	for _, file := range files {
		if !record.Within(file.Path, only) {
			continue
		}
		p := filepath.Join(*root, filepath.FromSlash(file.Path))
		data, err := os.ReadFile(p)
		if err != nil {
			c.fail(explain(err, c.root))
			status = ExitUsage
			continue
		}
		out, err := f.Format(file.Kind, data)
		if err != nil {
			fmt.Fprintln(c.stderr, message.New("cli.fmt.skipped", "file", file.Path, "reason", err.Error()))
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
			fmt.Fprintln(c.stdout, file.Path)
			status = max(status, ExitProblems)
			continue
		}
		if err := writeAtomically(p, out); err != nil {
			c.fail(explain(err, c.root))
			status = ExitUsage
			continue
		}
		fmt.Fprintln(c.stdout, file.Path)
	}
	if *check && changed > 0 {
		fmt.Fprintln(c.stderr, message.New("cli.fmt.would-change", "n", fmt.Sprint(changed)))
	}
	return status
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
