// Package cli is the agreements command: it parses flags, calls the
// packages that do the work, prints, and maps the outcome to an exit
// status. It holds no checks of its own.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"agreements/internal/build"
	"agreements/internal/change"
	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/emit"
	"agreements/internal/gitrepo"
	"agreements/internal/history"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/schema"
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
	case "new-organization":
		return c.newOrganization(args[2:])
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "agreements", version())
		return ExitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, message.New("cli.usage"))
		return ExitOK
	default:
		c.fail(message.New("cli.unknown-command", "name", fmt.Sprintf("%q", name)).String())
		fmt.Fprintln(stderr, message.New("cli.usage"))
		return ExitUsage
	}
}

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

func (c *command) fail(detail string) {
	fmt.Fprintln(c.stderr, message.New("cli.error", "detail", detail))
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
	day := time.Now().UTC().Truncate(24 * time.Hour)
	if *asOf != "" {
		if day, err = time.Parse("2006-01-02", *asOf); err != nil {
			c.fail(message.New("cli.bad-date", "value", fmt.Sprintf("%q", *asOf)).String())
			return ExitUsage
		}
	}
	if *root == "" {
		*root = findRoot()
	}
	c.root = *root
	if *head != "" && *base == "" {
		c.fail(message.New("cli.head-without-base").String())
		return ExitUsage
	}
	if *base != "" && len(paths) > 0 {
		c.fail(message.New("cli.base-and-paths").String())
		return ExitUsage
	}
	// Parsing allocates many small objects that die young; a higher GC
	// target trades memory for collector time. Measured on 10,000
	// generated records (2 cores): 400 took a median 1.71 s and 100 MB,
	// the default 100 took 2.02 s and 50 MB.
	debug.SetGCPercent(400)
	if *base != "" {
		set, err := change.Open(change.Options{Root: *root, Base: *base, Head: *head})
		if err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
		defer set.Close()
		report, err := set.Validate(day)
		if err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
		return c.printReport(f, report)
	}
	only, err := resolvePaths(*root, paths)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	report, err := check.Run(check.Options{FS: os.DirFS(*root), Only: only, AsOf: day})
	if err != nil {
		if errors.Is(err, record.ErrNoRecords) {
			err = fmt.Errorf("%w in %s (use --root to name the registry's folder)", err, *root)
		}
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	return c.printReport(f, report)
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

func (c *command) diff(args []string) int {
	fs := c.newFlags("diff", "cli.diff.usage")
	root := fs.String("root", "", tr("flag.root"))
	base := fs.String("base", "", tr("flag.base"))
	head := fs.String("head", "", tr("flag.head"))
	format := fs.String("format", "markdown", tr("flag.format.diff"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if *format != "markdown" && *format != "json" {
		c.fail(message.New("cli.bad-diff-format", "value", fmt.Sprintf("%q", *format)).String())
		return ExitUsage
	}
	if *base == "" {
		c.fail(message.New("cli.base-required").String())
		return ExitUsage
	}
	if *root == "" {
		*root = findRoot()
	}
	c.root = *root
	set, err := change.Open(change.Options{Root: *root, Base: *base, Head: *head})
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	defer set.Close()
	d := set.Diff()
	if *format == "json" {
		err = d.WriteJSON(c.stdout)
	} else {
		err = d.WriteMarkdown(c.stdout)
	}
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	return ExitOK
}

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
	if *root == "" {
		*root = findRoot()
	}
	c.root = *root
	repo, err := gitrepo.Open(*root)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	defer repo.Close()
	prefix, err := repo.Prefix(*root)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	tip, err := repo.Resolve("HEAD")
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	h, err := history.Load(repo, tip, prefix)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	if len(ids) == 0 {
		return c.done(history.WriteRecords(c.stdout, *format, h.Records()))
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
	return c.done(history.WriteTimeline(c.stdout, *format, ids[0], events))
}

// done maps an output error to the exit status.
func (c *command) done(err error) int {
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	return ExitOK
}

func (c *command) build(args []string) int {
	fs := c.newFlags("build", "cli.build.usage")
	root := fs.String("root", "", tr("flag.root"))
	out := fs.String("out", "", tr("flag.out"))
	check := fs.Bool("check", false, tr("flag.build.check"))
	baseURL := fs.String("base-url", "", tr("flag.base-url"))
	noHistory := fs.Bool("no-history", false, tr("flag.no-history"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if *root == "" {
		*root = findRoot()
	}
	c.root = *root
	if *out == "" {
		*out = filepath.Join(*root, "dist")
	}
	debug.SetGCPercent(400)
	// The files follow --lang only, never the locale: the same commit
	// gives the same bytes wherever it is built.
	outLang := c.lang
	if outLang == "" {
		outLang = "es"
	}
	result, err := build.Run(build.Options{Root: *root, NoHistory: *noHistory,
		Emit: emit.Options{Lang: outLang, BaseURL: *baseURL}})
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	if errs, _ := diag.Count(result.Report.Diagnostics); errs > 0 {
		diag.Print(c.stderr, diag.FormatText, result.Report)
		c.fail(message.New("cli.build.invalid").String())
		return ExitProblems
	}
	if *check {
		diff, err := emit.Compare(*out, result.Write)
		if err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
		if len(diff) > 0 {
			fmt.Fprintln(c.stderr, message.New("cli.build.differs", "out", *out, "files", strings.Join(diff, ", ")))
			return ExitProblems
		}
		fmt.Fprintln(c.stdout, message.New("cli.build.same", "out", *out))
		return ExitOK
	}
	if err := emit.Publish(*out, result.Write); err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	fmt.Fprintln(c.stdout, message.New("cli.build.done", "out", *out,
		"agreements", strconv.Itoa(len(result.Index.Agreements)), "organizations", strconv.Itoa(len(result.Index.Organizations))))
	return ExitOK
}

func (c *command) rules(args []string) int {
	fs := c.newFlags("rules", "cli.rules.usage")
	format := fs.String("format", "text", tr("flag.format.text-json"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	all := append(check.Rules(), change.Rules...)
	switch *format {
	case "json":
		type jsonRule struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Doc      string `json:"doc"`
		}
		out := make([]jsonRule, len(all))
		for i, r := range all {
			out[i] = jsonRule{r.ID, r.Severity.String(), r.Doc()}
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
	case "text":
		tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		for _, r := range all {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Doc())
		}
		if err := tw.Flush(); err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
	default:
		c.fail(message.New("cli.bad-rules-format", "value", fmt.Sprintf("%q", *format)).String())
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
