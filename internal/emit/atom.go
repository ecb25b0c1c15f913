package emit

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"slices"
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

type atomFeedXML struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  string      `xml:"author>name"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// feedXML is feed.atom: an entry per agreement, newest change first, with
// dates from history. Entry ids never change: the agreement's anchor under
// --base-url, or a tag: URI. The entries were encoded as the agreements
// came (feedEntry); they are sorted here and set into the feed.
func (s *Stream) feedXML(out io.Writer) error {
	lang := s.opts.Lang
	base := strings.TrimSuffix(s.opts.BaseURL, "/")
	feed := atomFeedXML{
		Lang:    lang,
		ID:      "tag:" + TagAuthority + "," + TagDate + ":agreements",
		Title:   XMLText(label(lang, "feed.title")),
		Updated: rfc3339(s.meta.Generated.Date),
		Author:  "LACNIC",
		Links:   []atomLink{{Href: pageURL(base), Rel: "alternate"}},
	}
	if base != "" {
		feed.ID = base + "/"
		feed.Links = append(feed.Links, atomLink{Href: base + "/feed.atom", Rel: "self"})
	}
	entries := slices.Clone(s.feed)
	sort.SliceStable(entries, func(i, j int) bool {
		if !entries[i].updated.Equal(entries[j].updated) {
			return entries[i].updated.After(entries[j].updated)
		}
		return entries[i].id < entries[j].id
	})
	var head bytes.Buffer
	enc := xml.NewEncoder(&head)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return err
	}
	// The feed without entries ends with its closing tag on a line of its
	// own; the entries go before it, as the encoder would have put them.
	const end = "\n</feed>"
	b := bufio.NewWriter(out)
	b.WriteString(xml.Header)
	b.Write(bytes.TrimSuffix(head.Bytes(), []byte(end)))
	for _, e := range entries {
		b.WriteByte('\n')
		b.Write(e.xml)
	}
	b.WriteString(end + "\n")
	return b.Flush()
}

// feedEntry encodes an agreement's entry, indented as it stands in the feed.
func (s *Stream) feedEntry(a *index.Agreement) []byte {
	lang := s.opts.Lang
	base := strings.TrimSuffix(s.opts.BaseURL, "/")
	title, _ := a.Title.In(lang)
	e := atomEntry{
		ID:      "tag:" + TagAuthority + "," + TagDate + ":agreements/" + url.PathEscape(a.ID),
		Title:   XMLText(title),
		Updated: rfc3339(updated(a)),
		Link:    atomLink{Href: pageURL(base) + "#" + url.PathEscape(a.ID), Rel: "alternate"},
		Summary: XMLText(label(lang, "feed.entry", "title", title, "status", label(lang, "status."+a.StatusAsOf),
			"parties", strings.Join(partyNames(*a), ", "))),
	}
	if base != "" {
		e.ID = base + "/index.html#" + url.PathEscape(a.ID)
	}
	if a.Created != nil {
		e.Published = rfc3339(a.Created.Date)
	}
	return entryXML(e)
}

// entryXML writes an entry as encoding/xml does, indented as it stands in
// the feed, without its reflection (a tenth of the time, for an entry per
// agreement). TestEntryXML and FuzzWriters compare the two.
func entryXML(e atomEntry) []byte {
	var b bytes.Buffer
	b.Grow(512)
	elem := func(name, text string) {
		b.WriteString("\n    <" + name + ">")
		xml.EscapeText(&b, []byte(text))
		b.WriteString("</" + name + ">")
	}
	b.WriteString("  <entry>")
	elem("id", e.ID)
	elem("title", e.Title)
	elem("updated", e.Updated)
	if e.Published != "" {
		elem("published", e.Published)
	}
	b.WriteString("\n    <link href=\"")
	xml.EscapeText(&b, []byte(e.Link.Href))
	b.WriteString("\"")
	if e.Link.Rel != "" {
		b.WriteString(" rel=\"")
		xml.EscapeText(&b, []byte(e.Link.Rel))
		b.WriteString("\"")
	}
	b.WriteString("></link>")
	elem("summary", e.Summary)
	b.WriteString("\n  </entry>")
	return b.Bytes()
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
