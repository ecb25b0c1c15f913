package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"agreements/internal/change"
	"agreements/internal/check"
	"agreements/internal/collector"
	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/schema"
)

func (c *command) validate(args []string) int {
	fs := c.newFlags("validate", "cli.validate.usage")
	root := fs.String("root", "", tr("flag.root"))
	format := fs.String("format", "text", tr("flag.format.validate"))
	asOf := fs.String("as-of", "", tr("flag.as-of"))
	base := fs.String("base", "", tr("flag.base"))
	head := fs.String("head", "", tr("flag.head"))
	paths, err := c.parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	f, ok := diag.ParseFormat(*format)
	if !ok {
		c.fail(message.New("cli.bad-format", "value", fmt.Sprintf("%q", *format)).String())
		return ExitUsage
	}
	day, ok := c.day(*asOf, today())
	if !ok {
		return ExitUsage
	}
	c.useRoot(root)
	if *head != "" && *base == "" {
		c.fail(message.New("cli.head-without-base").String())
		return ExitUsage
	}
	if *base != "" && len(paths) > 0 {
		c.fail(message.New("cli.base-and-paths").String())
		return ExitUsage
	}
	if *base != "" {
		set, err := change.Open(change.Options{Root: *root, Base: *base, Head: *head})
		if err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
		defer set.Close()
		collector.Tune(set.Keeps())
		report, err := set.Validate(day)
		if err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
		return c.printReport(f, report)
	}
	collector.Tune(0)
	only, err := resolvePaths(*root, paths)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	checked, err := check.Run(check.Options{FS: record.DirFS(*root), Only: only, AsOf: day})
	if err != nil {
		if errors.Is(err, record.ErrNoRecords) {
			err = fmt.Errorf("%w in %s (use --root to name the registry's folder)", err, *root)
		}
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	return c.printReport(f, checked.Report)
}

// day reads an --as-of flag's value: a YYYY-MM-DD day, or orElse when it
// is empty. It says why it refuses one (ok is false).
func (c *command) day(asOf string, orElse time.Time) (day time.Time, ok bool) {
	if asOf == "" {
		return orElse, true
	}
	day, err := time.Parse("2006-01-02", asOf)
	if err != nil {
		c.fail(message.New("cli.bad-date", "value", fmt.Sprintf("%q", asOf)).String())
		return time.Time{}, false
	}
	return day, true
}

// today is the day date-dependent checks are judged on by default.
func today() time.Time { return time.Now().UTC().Truncate(24 * time.Hour) }

// useRoot settles the registry folder of a command: --root, else the
// nearest one found from here up; messages name it.
func (c *command) useRoot(root *string) {
	if *root == "" {
		*root = findRoot()
	}
	c.root = *root
}

// findRoot returns the nearest folder, from the current one up, that holds
// both records/ and schema/; "." when there is none.
func findRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for {
		if isDir(filepath.Join(dir, record.Dir)) && isDir(filepath.Join(dir, schema.Dir)) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// resolvePaths turns PATH arguments into paths relative to root with
// forward slashes. Each must exist and lie under root/records.
func resolvePaths(root string, paths []string) ([]string, error) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range paths {
		if _, err := os.Lstat(p); err != nil {
			return nil, errors.New(message.New("cli.no-path", "path", p).String())
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(absRoot, abs)
		rel = filepath.ToSlash(rel)
		if err != nil || (rel != record.Dir && !strings.HasPrefix(rel, record.Dir+"/")) {
			return nil, errors.New(message.New("cli.outside-records", "path", p,
				"dir", filepath.Join(root, record.Dir)).String())
		}
		out = append(out, rel)
	}
	return out, nil
}

// printReport prints a validation report and returns the exit status.
func (c *command) printReport(f diag.Format, report diag.Report) int {
	if report.Scope != "" && f != diag.FormatText {
		// Machine formats keep their shape; the scope goes to people.
		fmt.Fprintln(c.stderr, report.Scope)
	}
	if err := diag.Print(c.stdout, f, report); err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	if errs, _ := diag.Count(report.Diagnostics); errs > 0 {
		return ExitProblems
	}
	return ExitOK
}
