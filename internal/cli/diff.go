package cli

import (
	"errors"
	"flag"
	"fmt"

	"agreements/internal/change"
	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/report"
)

func (c *command) diff(args []string) int {
	fs := c.newFlags("diff", "cli.diff.usage")
	root := fs.String("root", "", tr("flag.root"))
	base := fs.String("base", "", tr("flag.base"))
	head := fs.String("head", "", tr("flag.head"))
	format := fs.String("format", "markdown", tr("flag.format.diff"))
	asOf := fs.String("as-of", "", tr("flag.as-of"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if *format != "markdown" && *format != "json" && *format != "labels" {
		c.fail(message.New("cli.bad-diff-format", "value", fmt.Sprintf("%q", *format)).String())
		return ExitUsage
	}
	if *base == "" {
		c.fail(message.New("cli.base-required").String())
		return ExitUsage
	}
	day, ok := c.day(*asOf, today())
	if !ok {
		return ExitUsage
	}
	c.useRoot(root)
	set, err := change.Open(change.Options{Root: *root, Base: *base, Head: *head})
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	defer set.Close()
	d := set.Diff()
	switch *format {
	case "json":
		err = report.DiffJSON(c.stdout, d)
	case "labels":
		err = report.DiffLabels(c.stdout, d)
	default:
		// The summary starts with the check's verdict: pull-request
		// mode's own report on the same change.
		var checked diag.Report
		if checked, err = set.Validate(day); err == nil {
			err = report.DiffMarkdown(c.stdout, d, &checked)
		}
	}
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	return ExitOK
}
