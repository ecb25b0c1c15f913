package cli

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"agreements/internal/build"
	"agreements/internal/diag"
	"agreements/internal/emit"
	"agreements/internal/message"
	"agreements/internal/outdir"
)

func (c *command) build(args []string) int {
	fs := c.newFlags("build", "cli.build.usage")
	root := fs.String("root", "", tr("flag.root"))
	out := fs.String("out", "", tr("flag.out"))
	check := fs.Bool("check", false, tr("flag.build.check"))
	baseURL := fs.String("base-url", "", tr("flag.base-url"))
	noHistory := fs.Bool("no-history", false, tr("flag.no-history"))
	asOf := fs.String("as-of", "", tr("flag.build.as-of"))
	repoURL := fs.String("repo-url", "", tr("flag.repo-url"))
	head := fs.String("head", "", tr("flag.build.head"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	// No --as-of: the date of the commit the records come from (build).
	day, ok := c.day(*asOf, time.Time{})
	if !ok {
		return ExitUsage
	}
	c.useRoot(root)
	if *out == "" {
		*out = filepath.Join(*root, "dist")
	}
	// The files follow --lang only, never the locale: the same commit
	// gives the same bytes wherever it is built.
	outLang := c.lang
	if outLang == "" {
		outLang = "es"
	}
	if outdir.Busy(*out) {
		fmt.Fprintln(c.stderr, message.New("cli.build.waiting", "out", *out))
	}
	result, err := build.Run(build.Options{Root: *root, Out: *out, NoHistory: *noHistory, Check: *check, AsOf: day, Head: *head,
		Emit: emit.Options{Lang: outLang, BaseURL: *baseURL, RepoURL: strings.TrimSuffix(*repoURL, "/")}})
	switch {
	case errors.Is(err, build.ErrInvalid):
		diag.Print(c.stderr, diag.FormatText, result.Report)
		c.fail(message.New("cli.build.invalid").String())
		return ExitProblems
	case errors.Is(err, emit.ErrNotOutput):
		c.fail(message.New("cli.build.not-output", "out", *out).String())
		return ExitUsage
	case err != nil:
		c.fail(explain(err, c.root))
		return ExitUsage
	case *check && len(result.Differs) > 0:
		fmt.Fprintln(c.stderr, message.New("cli.build.differs", "out", *out, "files", strings.Join(result.Differs, ", ")))
		return ExitProblems
	case *check:
		fmt.Fprintln(c.stdout, message.New("cli.build.same", "out", *out))
		return ExitOK
	}
	fmt.Fprintln(c.stdout, message.New("cli.build.done", "out", *out,
		"agreements", strconv.Itoa(result.Agreements), "organizations", strconv.Itoa(result.Organizations)))
	return ExitOK
}
