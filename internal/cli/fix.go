package cli

import (
	"errors"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"agreements/internal/diag"
	"agreements/internal/fix"
	"agreements/internal/message"
)

func (c *command) fix(args []string) int {
	fs := c.newFlags("fix", "cli.fix.usage")
	root := fs.String("root", "", tr("flag.root"))
	check := fs.Bool("check", false, tr("flag.fix.check"))
	showDiff := fs.Bool("diff", false, tr("flag.fix.diff"))
	asOf := fs.String("as-of", "", tr("flag.as-of"))
	paths, err := c.parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	day, ok := c.day(*asOf, today())
	if !ok {
		return ExitUsage
	}
	c.useRoot(root)
	only, err := resolvePaths(*root, paths)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	res, err := fix.Run(fix.Options{Root: *root, Only: only, Write: !*check, AsOf: day})
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	key, renamed := "cli.fix.fixed", "cli.fix.renamed"
	if *check {
		key, renamed = "cli.fix.would-fix", "cli.fix.would-rename"
	}
	for _, ch := range res.Changes {
		if ch.Pointer == "" {
			fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(message.New(renamed, "file", ch.Old, "name", ch.New, "rule", ch.Rule).String())))
			continue
		}
		old := strconv.Quote(ch.Old)
		if ch.Old == ch.New { // a number made text
			old = ch.Old
		}
		fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(message.New(key, "file", ch.File, "line", strconv.Itoa(ch.Line), "column", strconv.Itoa(ch.Column),
			"field", diag.FieldPath(ch.Pointer), "old", old, "new", strconv.Quote(ch.New), "rule", ch.Rule).String())))
	}
	if *showDiff {
		for _, e := range res.Edits {
			for _, line := range strings.SplitAfter(fix.Unified(e.File, e.Before, e.After), "\n") {
				if line != "" {
					fmt.Fprintln(c.stdout, diag.Clean(strings.TrimSuffix(line, "\n")))
				}
			}
		}
	}
	unsafe := make([]string, 0, len(res.Unsafe))
	for f := range res.Unsafe {
		unsafe = append(unsafe, f)
	}
	sort.Strings(unsafe)
	for _, f := range unsafe {
		fmt.Fprintln(c.stderr, diag.Guard(message.New("cli.fmt.skipped", "file", diag.Clean(f), "reason", res.Unsafe[f].Error()).String()))
	}
	if len(res.Left) > 0 {
		fmt.Fprintln(c.stderr, message.New(message.Plural(len(res.Left), "cli.fix.left-one", "cli.fix.left"), "n", strconv.Itoa(len(res.Left))))
		for _, d := range res.Left {
			fmt.Fprintln(c.stderr, diag.Line(d))
		}
	}
	if *check && len(res.Changes) > 0 {
		return ExitProblems
	}
	return ExitOK
}
