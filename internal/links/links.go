// Package links checks that the web addresses the records cite still
// answer: the one part of the tool that uses the network, and only when
// asked (agreements links); validate and build never call it.
//
// It refuses to connect to loopback, private, link-local, shared and
// unspecified addresses, whatever a URL, a redirect or a DNS answer leads
// to: the check runs on every connection the client dials, after the name
// is resolved, so a record cannot turn the checker on the network it runs
// in.
package links

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"agreements/internal/record"
)

// Link is one address a record cites.
type Link struct {
	URL string `json:"url"`
	// File, Pointer, Line and Column say where the record cites it.
	File    string `json:"file"`
	Pointer string `json:"pointer"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	// Archive is the source's archived copy, when the record gives one.
	Archive string `json:"archived_url,omitempty"`
}

// Collect lists the sources' addresses and the organisations' websites of
// every record in fsys that can be read; a record that cannot is left to
// validate.
func Collect(fsys fs.FS) ([]Link, error) {
	files, _, err := record.List(fsys)
	if err != nil {
		return nil, err
	}
	var out []Link
	for _, f := range files {
		data, d := record.Read(fsys, f)
		if d != nil {
			continue
		}
		doc, _ := record.Parse(f.Path, f.Kind, data)
		if doc == nil {
			continue
		}
		add := func(u any, pointer string, archive any) {
			s, ok := u.(string)
			if !ok || !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
				return
			}
			line, col := doc.Position(pointer, false)
			a, _ := archive.(string)
			out = append(out, Link{URL: s, File: f.Path, Pointer: pointer, Line: line, Column: col, Archive: a})
		}
		if sources, ok := doc.Value()["sources"].([]any); ok {
			for i, x := range sources {
				m, _ := x.(map[string]any)
				add(m["url"], "/sources/"+strconv.Itoa(i)+"/url", m["archived_url"])
			}
		}
		add(doc.Value()["website"], "/website", nil)
	}
	return out, nil
}

// URLs returns the distinct addresses of links, sorted.
func URLs(links []Link) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range links {
		if !seen[l.URL] {
			seen[l.URL] = true
			out = append(out, l.URL)
		}
	}
	sort.Strings(out)
	return out
}

// Sample returns n of urls (sorted), a window that moves by n each week
// of day: a weekly run checks the next n, and covers them all in
// len(urls)/n weeks. n <= 0, or n >= len(urls), means all.
func Sample(urls []string, n int, day time.Time) []string {
	if n <= 0 || n >= len(urls) {
		return urls
	}
	week := int(day.UTC().Unix() / (7 * 24 * 3600))
	start := week * n % len(urls)
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, urls[(start+i)%len(urls)])
	}
	return out
}

// Result is what one address answered.
type Result struct {
	URL string `json:"url"`
	// OK is set for an answer of 2xx, after at most MaxRedirects.
	OK bool `json:"ok"`
	// Status is the last HTTP status (0 when none came); Error says what
	// went wrong otherwise.
	Status int    `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

// MaxRedirects is how many redirects a check follows.
const MaxRedirects = 5

// Checker checks addresses.
type Checker struct {
	// Timeout bounds each address's check, redirects included.
	Timeout time.Duration
	// PerHost is how many requests one host gets at once; Workers, how
	// many addresses are checked at once in all.
	PerHost, Workers int
	// Allow decides which addresses may be connected to; nil means
	// Public. Tests allow a loopback server this way.
	Allow func(netip.Addr) bool
}

// ErrRefused says that an address leads to a host the checker may not
// connect to.
var ErrRefused = errors.New("refused: the address leads to a loopback, private, link-local or unspecified host")

func (c *Checker) client() *http.Client {
	allow := c.Allow
	if allow == nil {
		allow = Public
	}
	dialer := &net.Dialer{
		Timeout: c.Timeout,
		// Control runs after the name is resolved, on the address about
		// to be connected to: for the first request, every redirect and
		// every DNS answer alike.
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !allow(ap.Addr()) {
				return ErrRefused
			}
			return nil
		},
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would connect for us, past Control
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   c.Timeout,
		ResponseHeaderTimeout: c.Timeout,
		MaxIdleConnsPerHost:   max(c.PerHost, 1),
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("more than %d redirects", MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("a redirect to %s", req.URL.Scheme)
			}
			return nil
		},
	}
}

// Check checks every address in urls, HEAD first and GET when HEAD is
// refused, and returns what each answered, in the order of urls.
func (c *Checker) Check(ctx context.Context, urls []string) []Result {
	client := c.client()
	workers, perHost := max(c.Workers, 1), max(c.PerHost, 1)
	var mu sync.Mutex
	hosts := map[string]chan struct{}{}
	slot := func(u string) chan struct{} {
		host := u
		if i := strings.Index(u, "://"); i >= 0 {
			host = u[i+3:]
		}
		host, _, _ = strings.Cut(host, "/")
		mu.Lock()
		defer mu.Unlock()
		if hosts[host] == nil {
			hosts[host] = make(chan struct{}, perHost)
		}
		return hosts[host]
	}
	out := make([]Result, len(urls))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s := slot(urls[i])
				s <- struct{}{}
				out[i] = c.one(ctx, client, urls[i])
				<-s
			}
		}()
	}
	for i := range urls {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func (c *Checker) one(ctx context.Context, client *http.Client, u string) Result {
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	res := Result{URL: u}
	status, err := request(ctx, client, http.MethodHead, u)
	if err == nil && (status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented ||
		status == http.StatusForbidden || status == http.StatusBadRequest) {
		status, err = request(ctx, client, http.MethodGet, u)
	}
	res.Status = status
	switch {
	case err != nil:
		res.Error = describe(err)
	case status >= 200 && status < 300:
		res.OK = true
	default:
		res.Error = strconv.Itoa(status) + " " + http.StatusText(status)
	}
	return res
}

func request(ctx context.Context, client *http.Client, method, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "agreements-links (+https://github.com/lacnic; checks cited sources)")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read a little of a GET's body, so that the connection can be kept.
	io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// describe says briefly what went wrong.
func describe(err error) string {
	switch {
	case errors.Is(err, ErrRefused):
		return ErrRefused.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within the timeout"
	}
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return strings.TrimSpace(inner.Error())
		}
	}
	return err.Error()
}

// ArchiveFor returns the archive to send readers to for a broken link:
// the record's archived copy, or the Internet Archive's page of the
// address's captures (which may or may not hold one).
func ArchiveFor(l Link) string {
	if l.Archive != "" {
		return l.Archive
	}
	return "https://web.archive.org/web/*/" + l.URL
}
