package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"agreements/internal/diag"
	"agreements/internal/message"
	"agreements/internal/proposal"
	"agreements/internal/record"
)

// maxBody bounds the issue body read: GitHub's own limit is 65,536
// characters.
const maxBody = 1 << 20

func (c *command) fromIssue(args []string) int {
	fs := c.newFlags("from-issue", "cli.from-issue.usage")
	root := fs.String("root", "", tr("flag.root"))
	bodyPath := fs.String("body", "-", tr("flag.from-issue.body"))
	id := fs.String("id", "", tr("flag.from-issue.id"))
	format := fs.String("format", "text", tr("flag.from-issue.format"))
	siteURL := fs.String("site-url", "", tr("flag.from-issue.site-url"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if *format != "text" && *format != "json" && *format != "markdown" {
		c.fail(message.New("cli.bad-rules-format", "value", fmt.Sprintf("%q", *format)).String())
		return ExitUsage
	}
	body, err := c.readBody(*bodyPath)
	if err != nil {
		c.fail(err.Error())
		return ExitUsage
	}
	c.useRoot(root)
	fsys := record.DirFS(*root)
	form, err := proposal.LoadForm(fsys)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	answers, problems, err := form.Parse(body)
	if err != nil {
		c.fail(err.Error())
		return ExitUsage
	}
	reg, err := proposal.LoadRegistry(fsys)
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	res, more := proposal.Build(form, answers, reg, *id)
	problems = append(problems, more...)
	if len(problems) == 0 {
		if problems, err = proposal.Prepare(fsys, form, res, time.Now().UTC()); err != nil {
			c.fail(explain(err, c.root))
			return ExitUsage
		}
	}
	var o proposal.Outcome
	for _, p := range problems {
		if p.Warning {
			o.Warnings = append(o.Warnings, p)
		} else {
			o.Errors = append(o.Errors, p)
		}
	}
	if len(o.Errors) == 0 {
		written, err := res.Write(*root)
		if err != nil {
			c.fail(err.Error())
			return ExitUsage
		}
		o.Written, o.ID, o.IDDerived = written, res.ID, res.IDDerived
	}
	c.printFromIssue(*format, o, *siteURL)
	if len(o.Errors) > 0 {
		return ExitProblems
	}
	return ExitOK
}

// readBody reads the issue body from a file or, for "-", standard input.
func (c *command) readBody(p string) (string, error) {
	var r io.Reader = c.stdin
	if p != "-" {
		f, err := os.Open(p)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		return "", errors.New("no standard input: give --body FILE")
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return "", err
	}
	if len(data) > maxBody {
		return "", fmt.Errorf("the body is larger than %d bytes", maxBody)
	}
	return string(data), nil
}

type fromIssueOutput struct {
	Written   []string        `json:"written"`
	ID        string          `json:"id,omitempty"`
	IDDerived bool            `json:"id_derived"`
	Problems  []problemOutput `json:"problems"`
	Warnings  []problemOutput `json:"warnings"`
}

type problemOutput struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Message string `json:"message"`
}

func problemOutputs(problems []proposal.Problem) []problemOutput {
	out := []problemOutput{}
	for _, p := range problems {
		out = append(out, problemOutput{Field: p.Field, Label: p.Label, Message: p.Message.String()})
	}
	return out
}

func (c *command) printFromIssue(format string, o proposal.Outcome, siteURL string) {
	switch format {
	case "markdown":
		proposal.WriteMarkdown(c.stdout, o, siteURL)
		return
	case "json":
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		written := o.Written
		if written == nil {
			written = []string{}
		}
		enc.Encode(fromIssueOutput{Written: written, ID: o.ID, IDDerived: o.IDDerived,
			Problems: problemOutputs(o.Errors), Warnings: problemOutputs(o.Warnings)})
		return
	}
	line := func(key string, p proposal.Problem) {
		label := p.Label
		if label == "" {
			label = p.Field
		}
		fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(message.New(key, "label", label, "message", p.Message.String()).String())))
	}
	for _, p := range o.Errors {
		line("cli.from-issue.problem", p)
	}
	for _, p := range o.Warnings {
		line("cli.from-issue.warning", p)
	}
	if len(o.Errors) > 0 {
		fmt.Fprintln(c.stdout, message.New("cli.from-issue.problems", "n", strconv.Itoa(len(o.Errors))))
		return
	}
	if o.IDDerived {
		fmt.Fprintln(c.stdout, message.New("cli.from-issue.derived", "id", o.ID))
	}
	for _, p := range o.Written {
		fmt.Fprintln(c.stdout, message.New("cli.from-issue.wrote", "file", p))
	}
}
