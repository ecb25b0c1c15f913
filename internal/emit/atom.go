package emit

import (
	"encoding/xml"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"agreements/internal/index"
)

// TagAuthority and TagDate form the tag: URIs (RFC 4151) that identify
// feed entries when no --base-url is given: tag:lacnic.net,2002:agreements/ID.
const (
	TagAuthority = "lacnic.net"
	TagDate      = "2002"
)

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published,omitempty"`
	Link      atomLink `xml:"link"`
	Summary   string   `xml:"summary"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  string      `xml:"author>name"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// writeFeed writes feed.atom: an entry per agreement, newest change first,
// with dates from history. Entry ids never change: the agreement's anchor
// under --base-url, or a tag: URI.
func writeFeed(w io.Writer, ix *index.Index, opts Options) error {
	lang := opts.Lang
	base := strings.TrimSuffix(opts.BaseURL, "/")
	feed := atomFeed{
		Lang:    lang,
		ID:      "tag:" + TagAuthority + "," + TagDate + ":agreements",
		Title:   XMLText(label(lang, "feed.title")),
		Updated: rfc3339(ix.GeneratedFrom.Date),
		Author:  "LACNIC",
		Links:   []atomLink{{Href: pageURL(base), Rel: "alternate"}},
	}
	if base != "" {
		feed.ID = base + "/"
		feed.Links = append(feed.Links, atomLink{Href: base + "/feed.atom", Rel: "self"})
	}
	order := make([]*index.Agreement, len(ix.Agreements))
	for i := range ix.Agreements {
		order[i] = &ix.Agreements[i]
	}
	sort.SliceStable(order, func(i, j int) bool { return updated(order[i]).After(updated(order[j])) })
	for _, a := range order {
		title, _ := a.Title.In(lang)
		e := atomEntry{
			ID:      "tag:" + TagAuthority + "," + TagDate + ":agreements/" + url.PathEscape(a.ID),
			Title:   XMLText(title),
			Updated: rfc3339(updated(a)),
			Link:    atomLink{Href: pageURL(base) + "#" + url.PathEscape(a.ID), Rel: "alternate"},
			Summary: XMLText(label(lang, "feed.entry", "title", title, "status", label(lang, "status."+a.StatusAsOf),
				"parties", strings.Join(partyNames(a), ", "))),
		}
		if base != "" {
			e.ID = base + "/index.html#" + url.PathEscape(a.ID)
		}
		if a.Created != nil {
			e.Published = rfc3339(a.Created.Date)
		}
		feed.Entries = append(feed.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func pageURL(base string) string {
	if base == "" {
		return "index.html"
	}
	return base + "/index.html"
}

func updated(a *index.Agreement) time.Time {
	if a.Updated != nil {
		return a.Updated.Date
	}
	return time.Time{}
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// XMLText drops the characters XML 1.0 cannot hold (most control
// characters, surrogates, U+FFFE and U+FFFF); encoding/xml escapes the
// rest.
func XMLText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}
