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
	format := fs.String("format", "text", tr("flag.format.text-json"))
	if _, err := c.parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if *format != "text" && *format != "json" {
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
	out := fromIssueOutput{Problems: []problemOutput{}, Written: []string{}}
	if len(problems) == 0 {
		written, err := res.Write(*root)
		if err != nil {
			c.fail(err.Error())
			return ExitUsage
		}
		out.Written, out.ID, out.IDDerived = written, res.ID, res.IDDerived
	}
	for _, p := range problems {
		out.Problems = append(out.Problems, problemOutput{Field: p.Field, Label: p.Label, Message: p.Message.String()})
	}
	c.printFromIssue(*format, out)
	if len(problems) > 0 {
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
}

type problemOutput struct {
	Field   string `json:"field"`
	Label   string `json:"label"`
	Message string `json:"message"`
}

func (c *command) printFromIssue(format string, out fromIssueOutput) {
	if format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return
	}
	for _, p := range out.Problems {
		label := p.Label
		if label == "" {
			label = p.Field
		}
		fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(label+": "+p.Message)))
	}
	if len(out.Problems) > 0 {
		fmt.Fprintln(c.stdout, message.New("cli.from-issue.problems", "n", strconv.Itoa(len(out.Problems))))
		return
	}
	if out.IDDerived {
		fmt.Fprintln(c.stdout, message.New("cli.from-issue.derived", "id", out.ID))
	}
	for _, p := range out.Written {
		fmt.Fprintln(c.stdout, message.New("cli.from-issue.wrote", "file", p))
	}
}
