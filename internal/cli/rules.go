package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"

	"agreements/internal/change"
	"agreements/internal/check"
	"agreements/internal/message"
)

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
