// Package cli is the agreements command: it parses flags, calls the
// packages that do the work, prints, and maps the outcome to an exit
// status. It holds no checks of its own.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"agreements/internal/diag"
	"agreements/internal/gitrepo"
	"agreements/internal/message"
	"agreements/internal/record"
)

// Exit statuses, the same for every command.
const (
	// ExitOK: the command did what was asked and the records have no errors.
	ExitOK = 0
	// ExitProblems: the records have errors.
	ExitProblems = 1
	// ExitUsage: a usage error, or a failure of input or output.
	ExitUsage = 2
)

// Main runs the command line args (args[0] is the program name) and returns
// the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &command{stdin: stdin, stdout: stdout, stderr: stderr}
	// The language is chosen before anything is said, so that usage and
	// flag errors speak it too: --lang, else the locale, else English.
	c.lang = langArg(args)
	lang, ok := message.Detect(c.lang, os.Getenv)
	if !ok {
		message.SetLanguage(mustDetect(os.Getenv))
		c.fail(message.New("cli.bad-lang", "value", fmt.Sprintf("%q", c.lang)).String())
		return ExitUsage
	}
	message.SetLanguage(lang)
	if len(args) < 2 {
		fmt.Fprintln(stderr, message.New("cli.usage"))
		return ExitUsage
	}
	switch name := args[1]; name {
	case "validate":
		return c.validate(args[2:])
	case "rules":
		return c.rules(args[2:])
	case "diff":
		return c.diff(args[2:])
	case "history":
		return c.history(args[2:])
	case "build":
		return c.build(args[2:])
	case "new":
		return c.newAgreement(args[2:])
	case "fmt":
		return c.fmt(args[2:])
	case "fix":
		return c.fix(args[2:])
	case "migrate":
		return c.migrate(args[2:])
	case "new-organization":
		return c.newOrganization(args[2:])
	case "from-issue":
		return c.fromIssue(args[2:])
	case "links":
		return c.links(args[2:])
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "agreements", version())
		return ExitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 2 && commands[args[2]] {
			// A command's usage and flags, on standard output: asked for,
			// not an error.
			return Main(append([]string{args[0], args[2], "-h"}, args[3:]...), stdin, stdout, stdout)
		}
		fmt.Fprintln(stdout, message.New("cli.usage"))
		return ExitOK
	default:
		c.fail(message.New("cli.unknown-command", "name", fmt.Sprintf("%q", name)).String())
		fmt.Fprintln(stderr, message.New("cli.usage"))
		return ExitUsage
	}
}

// commands are the commands that take flags, for `agreements help COMMAND`.
var commands = map[string]bool{"validate": true, "rules": true, "diff": true, "history": true,
	"build": true, "new": true, "fmt": true, "fix": true, "migrate": true, "new-organization": true, "from-issue": true, "links": true}

type command struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// lang is the --lang value as given ("" when absent).
	lang string
	// root is the registry folder the command works on, for messages.
	root string
}

// langArg finds --lang (or -lang) among the arguments, in either form
// --lang=pt or --lang pt.
func langArg(args []string) string {
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		for _, prefix := range []string{"--lang", "-lang"} {
			if a == prefix && i+1 < len(args) {
				return args[i+1]
			}
			if strings.HasPrefix(a, prefix+"=") {
				return strings.TrimPrefix(a, prefix+"=")
			}
		}
	}
	return ""
}

func mustDetect(getenv func(string) string) string {
	lang, _ := message.Detect("", getenv)
	return lang
}

// tr renders a catalog text in the chosen language.
func tr(key string) string { return message.New(key).String() }

// fail prints an error. Its detail can hold a path or a ref from a pull
// request: cleaned, so that it cannot start a line or a workflow command.
func (c *command) fail(detail string) {
	fmt.Fprintln(c.stderr, diag.Guard(message.New("cli.error", "detail", diag.Clean(detail)).String()))
}

// newFlags returns a flag set that reports errors instead of exiting, in
// the chosen language, and takes --lang (already read by Main).
func (c *command) newFlags(name, usageKey string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	langKey := "flag.lang"
	if name == "build" {
		langKey = "flag.build.lang"
	}
	fs.String("lang", "", tr(langKey))
	fs.Usage = func() {
		fmt.Fprintln(c.stderr, message.New(usageKey))
		fmt.Fprintln(c.stderr, "\n"+tr("cli.flags"))
		printFlags(c.stderr, fs)
	}
	return fs
}

// printFlags is flag.PrintDefaults with its one English phrase, the
// default value, in the chosen language.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if name != "" {
			line += " " + name
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" {
			line += " " + message.New("cli.flag-default", "value", strconv.Quote(f.DefValue)).String()
		}
		fmt.Fprintln(w, line)
	})
}

// flagError turns the flag package's English errors into the chosen
// language.
var flagErrorPatterns = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^flag provided but not defined: (.*)$`), "cli.flag-undefined"},
	{regexp.MustCompile(`^flag needs an argument: (.*)$`), "cli.flag-needs-arg"},
	{regexp.MustCompile(`^invalid (?:boolean )?value .* for flag (\S+?):?( .*)?$`), "cli.flag-invalid"},
}

func flagError(err error) string {
	for _, p := range flagErrorPatterns {
		if m := p.re.FindStringSubmatch(err.Error()); m != nil {
			return message.New(p.key, "flag", m[1]).String()
		}
	}
	return err.Error()
}

// explain renders a failure of the tool for people: the errors the tool
// knows (missing history, an unknown ref) in the chosen language.
func explain(err error, root string) string {
	var refErr *gitrepo.RefError
	switch {
	case errors.Is(err, gitrepo.ErrShallow):
		return tr("git.shallow")
	case errors.As(err, &refErr):
		remote, name := refErr.Remote()
		return message.New("git.ref-missing", "ref", refErr.Ref, "remote", remote, "name", name).String()
	case errors.Is(err, gitrepo.ErrNotRepo):
		return message.New("git.not-repo", "dir", root).String()
	case errors.Is(err, record.ErrNoRecords):
		return message.New("cli.no-records", "root", root).String()
	}
	return err.Error()
}

// parse parses flags that may come before or after the positional
// arguments, as people type them. It prints usage for -h, and a flag error
// in the chosen language followed by the usage.
func (c *command) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	usage := fs.Usage
	fs.Usage = func() {}
	out := fs.Output()
	fs.SetOutput(io.Discard)
	pos, err := parseInterleaved(fs, args)
	fs.SetOutput(out)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage()
	case err != nil:
		c.fail(flagError(err))
		usage()
	}
	return pos, err
}

func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// done maps an output error to the exit status.
func (c *command) done(err error) int {
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	return ExitOK
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
