package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"agreements/internal/diag"
	"agreements/internal/links"
	"agreements/internal/message"
	"agreements/internal/record"
)

func (c *command) links(args []string) int {
	fs := c.newFlags("links", "cli.links.usage")
	root := fs.String("root", "", tr("flag.root"))
	sample := fs.Int("sample", 0, tr("flag.links.sample"))
	timeout := fs.Duration("timeout", 20*time.Second, tr("flag.links.timeout"))
	format := fs.String("format", "text", tr("flag.format.text-json"))
	allowPrivate := fs.Bool("allow-private", false, tr("flag.links.allow-private"))
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
	if *timeout <= 0 || *sample < 0 {
		c.fail(message.New("cli.links.bad-flags").String())
		return ExitUsage
	}
	c.useRoot(root)
	all, err := links.Collect(record.DirFS(*root))
	if err != nil {
		c.fail(explain(err, c.root))
		return ExitUsage
	}
	urls := links.URLs(all)
	chosen := links.Sample(urls, *sample, time.Now())
	checker := &links.Checker{Timeout: *timeout, PerHost: 2, Workers: 8}
	if *allowPrivate {
		checker.Allow = func(netip.Addr) bool { return true }
	}
	results := map[string]links.Result{}
	for _, r := range checker.Check(context.Background(), chosen) {
		results[r.URL] = r
	}
	type broken struct {
		links.Link
		Status  int    `json:"status,omitempty"`
		Error   string `json:"error"`
		Archive string `json:"archive"`
	}
	out := struct {
		Checked int      `json:"checked"`
		Total   int      `json:"total"`
		Broken  []broken `json:"broken"`
	}{Checked: len(chosen), Total: len(urls), Broken: []broken{}}
	for _, l := range all {
		if r, ok := results[l.URL]; ok && !r.OK {
			out.Broken = append(out.Broken, broken{Link: l, Status: r.Status, Error: r.Error, Archive: links.ArchiveFor(l)})
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		for _, b := range out.Broken {
			fmt.Fprintln(c.stdout, diag.Guard(diag.Clean(fmt.Sprintf("%s:%d:%d: %s", b.File, b.Line, b.Column,
				message.New("links.broken", "url", b.URL, "error", b.Error, "archive", b.Archive)))))
		}
		fmt.Fprintln(c.stdout, message.New("links.summary", "checked", strconv.Itoa(out.Checked),
			"total", strconv.Itoa(out.Total), "broken", strconv.Itoa(len(out.Broken))))
	}
	if len(out.Broken) > 0 {
		return ExitProblems
	}
	return ExitOK
}
