package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/migrate"
	"agreements/internal/record"
)

func (c *command) migrate(args []string) int {
	fs := c.newFlags("migrate", "cli.migrate.usage")
	root := fs.String("root", "", tr("flag.root"))
	check := fs.Bool("check", false, tr("flag.migrate.check"))
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
	res, err := migrate.Run(migrate.Options{Root: *root, Only: only, Write: !*check, AsOf: today()})
	var ve *migrate.VersionError
	switch {
	case errors.As(err, &ve):
		c.fail(diag.Clean(ve.Error()))
		return ExitUsage
	case err != nil:
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	for _, s := range res.Skipped {
		fmt.Fprintln(c.stderr, diag.Guard(message.New("cli.fmt.skipped", "file", diag.Clean(s.File), "reason", diag.Clean(s.Reason)).String()))
	}
	if len(res.Problems) > 0 {
		for _, d := range res.Problems {
			fmt.Fprintln(c.stderr, diag.Line(d))
		}
	}
	key := "cli.migrate.migrated"
	if *check || len(res.Problems) > 0 || len(res.Skipped) > 0 {
		key = "cli.migrate.would-migrate"
	}
	for _, m := range res.Migrations {
		fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(message.New(key, "file", m.File, "from", m.From, "to", record.FormatVersion).String())))
	}
	fmt.Fprintln(c.stdout, message.New("cli.migrate.summary", "migrated", strconv.Itoa(len(res.Migrations)),
		"current", strconv.Itoa(res.Current), "version", record.FormatVersion))
	switch {
	case len(res.Problems) > 0 || len(res.Skipped) > 0:
		fmt.Fprintln(c.stderr, message.New("cli.migrate.nothing-written"))
		return ExitProblems
	case *check && len(res.Migrations) > 0:
		return ExitProblems
	}
	return ExitOK
}
