package cli

import (
	"errors"
	"flag"
	"fmt"

	"agreements/internal/gitrepo"
	"agreements/internal/history"
	"agreements/internal/message"
	"agreements/internal/report"
)

func (c *command) history(args []string) int {
	fs := c.newFlags("history", "cli.history.usage")
	root := fs.String("root", "", tr("flag.root"))
	format := fs.String("format", "text", tr("flag.format.text-json"))
	ids, err := c.parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if *format != "text" && *format != "json" {
		c.fail(message.New("cli.bad-rules-format", "value", fmt.Sprintf("%q", *format)).String())
		return ExitUsage
	}
	if len(ids) > 1 {
		c.fail(message.New("cli.history.one-id").String())
		return ExitUsage
	}
	c.useRoot(root)
	repo, prefix, tip, err := gitrepo.OpenHead(*root)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	defer repo.Close()
	h, err := history.Load(repo, tip, prefix)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	if len(ids) == 0 {
		return c.done(report.HistoryRecords(c.stdout, *format, h.Records()))
	}
	if !h.Known(ids[0]) {
		c.fail(message.New("cli.history.unknown", "id", fmt.Sprintf("%q", ids[0])).String())
		return ExitUsage
	}
	events, err := h.Timeline(ids[0])
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	return c.done(report.Timeline(c.stdout, *format, ids[0], events))
}
