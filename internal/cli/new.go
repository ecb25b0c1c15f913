package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"agreements/internal/check"
	"agreements/internal/diag"
	"agreements/internal/format"
	"agreements/internal/message"
	"agreements/internal/record"
	"agreements/internal/suggest"
)

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*m = append(*m, p)
		}
	}
	return nil
}

// interactive reports whether stdin is a terminal a person types in (not
// /dev/null, a pipe or a file, which a character-device test would take
// for one).
func (c *command) interactive() bool {
	f, ok := c.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// field is one value a command needs, as a flag and as a prompt.
type field struct {
	flag  string
	value *string
}

// complete asks, in a terminal, for the required values that no flag gave;
// elsewhere it names them and fails.
func (c *command) complete(required []field) bool {
	var missing []string
	for _, f := range required {
		if strings.TrimSpace(*f.value) == "" {
			missing = append(missing, "--"+f.flag)
		}
	}
	if len(missing) == 0 {
		return true
	}
	if !c.interactive() {
		c.fail(message.New("cli.new.missing", "flags", strings.Join(missing, ", ")).String())
		return false
	}
	in := bufio.NewReader(c.stdin)
	for _, f := range required {
		for strings.TrimSpace(*f.value) == "" {
			fmt.Fprintf(c.stderr, "%s: ", f.flag)
			line, err := in.ReadString('\n')
			*f.value = strings.TrimSpace(line)
			if err != nil && *f.value == "" {
				if errors.Is(err, io.EOF) {
					c.fail(message.New("cli.new.missing", "flags", "--"+f.flag).String())
				}
				return false
			}
		}
	}
	return true
}

func (c *command) newAgreement(args []string) int {
	fs := c.newFlags("new", "cli.new.usage")
	root := fs.String("root", "", tr("flag.root"))
	a := format.NewAgreement{}
	var parties multiFlag
	fs.StringVar(&a.ID, "id", "", tr("flag.new.id"))
	fs.StringVar(&a.Kind, "kind", "", tr("flag.new.kind"))
	fs.Var(&parties, "party", tr("flag.new.party"))
	fs.StringVar(&a.TitleES, "title-es", "", tr("flag.new.title-es"))
	fs.StringVar(&a.SummaryES, "summary-es", "", tr("flag.new.summary-es"))
	fs.StringVar(&a.SourceTitle, "source-title", "", tr("flag.source-title"))
	fs.StringVar(&a.SourceURL, "source-url", "", tr("flag.source-url"))
	fs.StringVar(&a.Status, "status", "unknown", tr("flag.new.status"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	partyText := strings.Join(parties, ", ")
	if !c.complete([]field{{"id", &a.ID}, {"kind", &a.Kind}, {"party", &partyText}, {"title-es", &a.TitleES},
		{"summary-es", &a.SummaryES}, {"source-title", &a.SourceTitle}}) {
		return ExitUsage
	}
	parties = nil
	parties.Set(partyText)
	c.useRoot(root)
	if !record.ValidID(a.ID) {
		c.fail(message.New("cli.new.bad-id", "id", fmt.Sprintf("%q", a.ID)).String())
		return ExitUsage
	}
	// lacnic is a party to every agreement in the registry.
	a.Parties = []string{"lacnic"}
	for _, p := range parties {
		if p != "lacnic" {
			a.Parties = append(a.Parties, p)
		}
	}
	var unknown []string
	for _, p := range a.Parties {
		if _, err := os.Stat(filepath.Join(*root, record.Dir, record.Organization.Folder(), p+".yaml")); err != nil {
			unknown = append(unknown, p)
		}
	}
	if len(unknown) > 0 {
		for _, p := range unknown {
			c.fail(message.New("cli.new.unknown-party", "id", strconv.Quote(p)).String())
			// The command on a line of its own: fail keeps a message on one.
			id, name := p, "TEXT"
			if !record.ValidID(p) {
				// A name typed where an id goes: its id, and the name.
				id, name = suggest.Slug(p, record.MaxIDLength), "'"+strings.ReplaceAll(p, "'", `'\''`)+"'"
			}
			fmt.Fprintln(c.stderr, diag.Guard(diag.Clean("  agreements new-organization --id "+id+" --name "+name+
				" --source-title TEXT [--country CC] [--source-url URL] [--kind KIND] [--website URL]")))
		}
		return ExitUsage
	}
	return c.writeRecord(*root, record.Agreement, a.ID, a.Value(), "cli.new.next")
}

func (c *command) newOrganization(args []string) int {
	fs := c.newFlags("new-organization", "cli.new-organization.usage")
	root := fs.String("root", "", tr("flag.root"))
	o := format.NewOrganization{}
	fs.StringVar(&o.ID, "id", "", tr("flag.org.id"))
	fs.StringVar(&o.Name, "name", "", tr("flag.org.name"))
	fs.StringVar(&o.NameLang, "name-lang", "es", tr("flag.org.name-lang"))
	fs.StringVar(&o.Country, "country", "", tr("flag.org.country"))
	fs.StringVar(&o.SourceTitle, "source-title", "", tr("flag.source-title"))
	fs.StringVar(&o.SourceURL, "source-url", "", tr("flag.source-url"))
	fs.StringVar(&o.Kind, "kind", "", tr("flag.org.kind"))
	fs.StringVar(&o.Website, "website", "", tr("flag.org.website"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if !c.complete([]field{{"id", &o.ID}, {"name", &o.Name}, {"source-title", &o.SourceTitle}}) {
		return ExitUsage
	}
	c.useRoot(root)
	if !record.ValidID(o.ID) {
		c.fail(message.New("cli.new.bad-id", "id", fmt.Sprintf("%q", o.ID)).String())
		return ExitUsage
	}
	return c.writeRecord(*root, record.Organization, o.ID, o.Value(), "cli.new-organization.next")
}

// writeRecord writes a new record, refusing to overwrite one, and keeps it
// only if it passes validation as written (a bad --kind or --status is
// reported at its line, and nothing is left behind).
func (c *command) writeRecord(root string, kind record.Kind, id string, value map[string]any, nextKey string) int {
	rel := record.Dir + "/" + kind.Folder() + "/" + id + ".yaml"
	p := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Lstat(p); err == nil {
		c.fail(message.New("cli.new.exists", "file", rel).String())
		return ExitUsage
	}
	formatter, err := format.New(record.DirFS(root))
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	text, err := formatter.Write(kind, value)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	_, err = f.Write(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	checked, err := check.Run(check.Options{FS: record.DirFS(root), Only: []string{rel}, AsOf: time.Now().UTC()})
	report := checked.Report
	if err != nil {
		os.Remove(p)
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	if errs, _ := diag.Count(report.Diagnostics); errs > 0 {
		os.Remove(p)
		var only []diag.Diagnostic
		for _, d := range report.Diagnostics {
			if d.Severity == diag.Error {
				only = append(only, d)
			}
		}
		diag.Print(c.stderr, diag.FormatText, diag.Report{Diagnostics: only, Files: 1})
		c.fail(message.New("cli.new.invalid", "file", rel).String())
		return ExitUsage
	}
	fmt.Fprintln(c.stdout, message.New(nextKey, "file", rel, "id", id))
	return ExitOK
}
